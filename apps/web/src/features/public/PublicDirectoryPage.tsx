import { Link } from "react-router-dom";
import { QueryState } from "../../components/layout/QueryState";
import { Card } from "../../components/ui/card";
import { PublicAvatar } from "./PublicAvatar";
import { PublicLayout } from "./PublicLayout";
import { themeStyle } from "./public-theme";
import { usePublicDirectory } from "./public.queries";

/** `/public`: the Locrits open to visitors (SPEC §8.4), each in its own colour. */
export function PublicDirectoryPage() {
  const directory = usePublicDirectory();
  const locrits = directory.data?.locrits ?? [];
  return (
    <PublicLayout>
      <h1 className="mt-6 text-2xl font-semibold">Locrits you can talk to</h1>
      <p className="mb-4 text-sm text-muted-foreground">
        Small AI companions whose owners opened them to visitors. Pick one to chat.
      </p>
      <QueryState isPending={directory.isPending} error={directory.error} what="the Locrits" />
      {directory.isSuccess && locrits.length === 0 && (
        <p className="text-sm text-muted-foreground">No Locrit is open to visitors right now.</p>
      )}
      <ul className="grid gap-3" aria-label="Locrits open to visitors">
        {locrits.map((locrit) => (
          <li key={locrit.name} style={themeStyle(locrit.theme)}>
            <Card className="transition-colors hover:bg-accent">
              <Link
                to={`/public/${encodeURIComponent(locrit.name)}`}
                className="flex items-center gap-3 rounded-lg p-4 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
              >
                <PublicAvatar url={locrit.avatar_url} title={locrit.title} className="size-12 shrink-0 text-lg" />
                <span className="min-w-0">
                  <span className="block font-medium">{locrit.title}</span>
                  {locrit.description && (
                    <span className="line-clamp-2 text-sm text-muted-foreground">{locrit.description}</span>
                  )}
                </span>
              </Link>
            </Card>
          </li>
        ))}
      </ul>
    </PublicLayout>
  );
}
