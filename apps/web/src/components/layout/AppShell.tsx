import { Bot, LayoutDashboard, MessagesSquare, Plus, Settings } from "lucide-react";
import { NavLink, Outlet } from "react-router-dom";
import { AccountMenu } from "../../features/auth/AccountMenu";
import { TopBarSearch } from "../../features/search/TopBarSearch";
import { cn } from "../../lib/cn";
import { HealthBanner } from "./HealthBanner";
import { ThemeToggle } from "./ThemeToggle";

const links = [
  { to: "/", label: "Dashboard", icon: LayoutDashboard, end: true },
  { to: "/my-locrits", label: "My Locrits", icon: Bot, end: false },
  { to: "/create-locrit", label: "Create", icon: Plus, end: true },
  { to: "/dialogues", label: "Dialogues", icon: MessagesSquare, end: false },
  { to: "/settings", label: "Settings", icon: Settings, end: true },
];

/**
 * Header with navigation and theme toggle, the server-health banner, then the page. A page marked
 * `data-fill-viewport` (the chat) gets exactly the height left, whatever the banner takes, and
 * scrolls inside; every other page grows and the window scrolls.
 */
export function AppShell() {
  return (
    <div className="flex min-h-dvh flex-col has-[[data-fill-viewport]]:h-dvh">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:p-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b bg-background/95 backdrop-blur">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-2 px-3 py-2 sm:px-4">
          <NavLink
            to="/"
            className="mr-2 flex items-center gap-2 font-semibold rounded focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            <span aria-hidden className="grid size-7 place-items-center rounded-md bg-primary text-primary-foreground">
              L
            </span>
            Locrit
          </NavLink>
          <nav aria-label="Main" className="order-3 flex w-full gap-1 overflow-x-auto sm:order-none sm:w-auto">
            {links.map(({ to, label, icon: Icon, end }) => (
              <NavLink
                key={to}
                to={to}
                end={end}
                className={({ isActive }) =>
                  cn(
                    "flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium whitespace-nowrap sm:px-2.5 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                    isActive ? "bg-accent text-foreground" : "text-muted-foreground hover:bg-accent",
                  )
                }
              >
                <Icon className="hidden size-4 sm:block" aria-hidden />
                {label}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-1">
            <TopBarSearch />
            <AccountMenu />
            <ThemeToggle />
          </div>
        </div>
      </header>
      <HealthBanner />
      <main
        id="main"
        className="mx-auto w-full max-w-6xl flex-1 px-3 py-4 sm:px-4 sm:py-6 has-[[data-fill-viewport]]:flex has-[[data-fill-viewport]]:min-h-0 has-[[data-fill-viewport]]:flex-col"
      >
        <Outlet />
      </main>
    </div>
  );
}
