import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router-dom";
import { AppShell } from "./components/layout/AppShell";
import { DashboardPage } from "./features/dashboard/DashboardPage";
import { CreateLocritPage } from "./features/locrits/CreateLocritPage";
import { LocritSettingsPage } from "./features/locrits/LocritSettingsPage";
import { MyLocritsPage } from "./features/locrits/MyLocritsPage";
import { MemoryExplorerPage } from "./features/memory/MemoryExplorerPage";
import { NotFoundPage } from "./features/NotFoundPage";
import { SettingsPage } from "./features/settings/SettingsPage";

// The chat page carries the Markdown renderer and the code highlighter: loaded when first opened.
const ChatPage = lazy(() => import("./features/chat/ChatPage").then((module) => ({ default: module.ChatPage })));

/** The pages, at the paths the original UI used (SPEC §4 "Web UI"). */
export function App() {
  return (
    <Routes>
      <Route element={<AppShell />}>
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
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
