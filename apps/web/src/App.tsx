import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router-dom";
import { AppShell } from "./components/layout/AppShell";
import { LoginPage } from "./features/auth/LoginPage";
import { RequireLogin } from "./features/auth/RequireLogin";
import { SetupPage } from "./features/auth/SetupPage";
import { DashboardPage } from "./features/dashboard/DashboardPage";
import { DialoguePage } from "./features/dialogues/DialoguePage";
import { DialoguesPage } from "./features/dialogues/DialoguesPage";
import { CreateLocritPage } from "./features/locrits/CreateLocritPage";
import { LocritSettingsPage } from "./features/locrits/LocritSettingsPage";
import { MyLocritsPage } from "./features/locrits/MyLocritsPage";
import { MemoryExplorerPage } from "./features/memory/MemoryExplorerPage";
import { NotFoundPage } from "./features/NotFoundPage";
import { PublicDirectoryPage } from "./features/public/PublicDirectoryPage";
import { PublicLocritPage } from "./features/public/PublicLocritPage";
import { SearchPage } from "./features/search/SearchPage";
import { SettingsPage } from "./features/settings/SettingsPage";
import { TokensPage } from "./features/settings/TokensPage";

// The chat page carries the Markdown renderer and the code highlighter: loaded when first opened.
const ChatPage = lazy(() => import("./features/chat/ChatPage").then((module) => ({ default: module.ChatPage })));

/** The pages, at the paths the original UI used (SPEC §4 "Web UI"), behind the login when it is on (SPEC §8.1). */
export function App() {
  return (
    <Routes>
      <Route path="login" element={<LoginPage />} />
      <Route path="setup" element={<SetupPage />} />
      {/* Visitors' pages (SPEC §8.4): open to anyone, outside the login and the owner's navigation. */}
      <Route path="public" element={<PublicDirectoryPage />} />
      <Route path="public/:name" element={<PublicLocritPage />} />
      <Route
        element={
          <RequireLogin>
            <AppShell />
          </RequireLogin>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="my-locrits" element={<MyLocritsPage />} />
        <Route path="create-locrit" element={<CreateLocritPage />} />
        <Route path="my-locrits/:name/settings" element={<LocritSettingsPage />} />
        <Route
          path="my-locrits/:name/chat"
          element={
            <Suspense fallback={<p className="text-sm text-muted-foreground">Loading the chat…</p>}>
              <ChatPage />
            </Suspense>
          }
        />
        <Route path="my-locrits/:name/memory-explorer" element={<MemoryExplorerPage />} />
        <Route path="dialogues" element={<DialoguesPage />} />
        <Route path="dialogues/:id" element={<DialoguePage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="settings/tokens" element={<TokensPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
