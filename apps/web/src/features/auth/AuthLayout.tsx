import type { ReactNode } from "react";
import { ThemeToggle } from "../../components/layout/ThemeToggle";
import { Card, CardContent, CardHeader } from "../../components/ui/card";

/**
 * The login and setup pages: no navigation (nothing behind it is reachable yet), the theme toggle (it
 * also applies the remembered theme, which the app shell does elsewhere), one centred card.
 */
export function AuthLayout({
  title,
  description,
  children,
}: {
  title: string;
  description: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex items-center justify-between px-3 py-2 sm:px-4">
        <span className="flex items-center gap-2 font-semibold">
          <span aria-hidden className="grid size-7 place-items-center rounded-md bg-primary text-primary-foreground">
            L
          </span>
          Locrit
        </span>
        <ThemeToggle />
      </header>
      <main id="main" className="grid flex-1 place-items-center px-3 pb-16">
        <Card className="w-full max-w-sm">
          <CardHeader>
            <h1 className="text-xl font-semibold">{title}</h1>
            <p className="text-sm text-muted-foreground">{description}</p>
          </CardHeader>
          <CardContent className="grid gap-4">{children}</CardContent>
        </Card>
      </main>
    </div>
  );
}
