import type { CSSProperties, ReactNode } from "react";
import { Link } from "react-router-dom";
import { ThemeToggle } from "../../components/layout/ThemeToggle";

/**
 * The visitors' pages: no owner navigation (nothing of it is theirs), a link back to the directory and
 * the theme toggle (which also applies the remembered light or dark mode). `style` carries a page's colour.
 */
export function PublicLayout({ children, style }: { children: ReactNode; style?: CSSProperties }) {
  return (
    <div className="flex min-h-dvh flex-col" style={style} data-testid="public-layout">
      <header className="flex items-center justify-between px-3 py-2 sm:px-4">
        <Link to="/public" className="flex items-center gap-2 text-sm font-semibold">
          <span aria-hidden className="grid size-7 place-items-center rounded-md bg-primary text-primary-foreground">
            L
          </span>
          Locrits
        </Link>
        <ThemeToggle />
      </header>
      <main id="main" className="mx-auto flex w-full max-w-2xl flex-1 flex-col px-3 pb-8 sm:px-4">
        {children}
      </main>
    </div>
  );
}
