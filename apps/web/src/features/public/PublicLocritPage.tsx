import { Link, useParams } from "react-router-dom";
import { Button } from "../../components/ui/button";
import { ApiError, errorMessage } from "../../lib/api-client";
import { PublicAvatar } from "./PublicAvatar";
import { PublicLayout } from "./PublicLayout";
import { themeStyle } from "./public-theme";
import { usePublicPage } from "./public.queries";
import { VisitorChat } from "./VisitorChat";

/** `/public/{name}`: a Locrit's page for visitors (SPEC §8.4), reachable without login. */
export function PublicLocritPage() {
  const name = useParams<{ name: string }>().name ?? "";
  const page = usePublicPage(name);

  if (page.error) return <Unavailable name={name} error={page.error} />;
  if (!page.data)
    return (
      <PublicLayout>
        <p className="mt-6 text-sm text-muted-foreground" role="status">
          Loading…
        </p>
      </PublicLayout>
    );
  const shown = page.data.page;
  return (
    <PublicLayout style={themeStyle(shown.theme)}>
      <header className="mb-4 mt-4 flex items-center gap-4 border-b pb-4">
        <PublicAvatar url={shown.avatar_url} title={shown.title} className="size-16 shrink-0 text-2xl" />
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">{shown.title}</h1>
          {shown.description && <p className="text-sm text-muted-foreground">{shown.description}</p>}
        </div>
      </header>
      <VisitorChat name={shown.name} welcome={shown.welcome_message} active={shown.active} />
    </PublicLayout>
  );
}

/** A closed door or an unknown name, said plainly (no owner navigation to fall back on). */
function Unavailable({ name, error }: { name: string; error: unknown }) {
  const code = error instanceof ApiError ? error.code : undefined;
  const [title, text] =
    code === "locrit_closed"
      ? [`${name} is not open to visitors`, "Its owner has not opened it to the public. Maybe another Locrit is."]
      : code === "locrit_not_found"
        ? ["No Locrit by that name", `There is no Locrit called “${name}” here.`]
        : ["This page cannot be shown", errorMessage(error)];
  return (
    <PublicLayout>
      <div className="mt-16 grid justify-items-center gap-3 text-center" data-testid="public-unavailable">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="max-w-md text-sm text-muted-foreground">{text}</p>
        <Button asChild variant="outline">
          <Link to="/public">See the Locrits open to visitors</Link>
        </Button>
      </div>
    </PublicLayout>
  );
}
