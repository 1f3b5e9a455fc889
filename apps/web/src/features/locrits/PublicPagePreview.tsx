import type { PublicPage } from "@locrit/protocol";
import { PublicAvatar } from "../public/PublicAvatar";
import { themeStyle } from "../public/public-theme";

/**
 * How the public page's header will look with the fields as typed (before saving), and the link to the
 * page itself — which visitors can open only while the Locrit is open to the internet.
 */
export function PublicPagePreview({
  name,
  page,
  avatarUrl,
  openToInternet,
}: {
  name: string;
  page: PublicPage;
  avatarUrl: string | null;
  openToInternet: boolean;
}) {
  const title = page.title.trim() || name;
  const href = `/public/${encodeURIComponent(name)}`;
  return (
    <div className="grid gap-2 sm:col-span-2">
      <p className="text-sm font-medium">Preview</p>
      <div
        className="grid gap-3 rounded-md border bg-background p-4"
        style={themeStyle(page.theme)}
        data-testid="public-page-preview"
      >
        <div className="flex items-center gap-3">
          <PublicAvatar url={shownAvatar(avatarUrl, page.avatar)} title={title} className="size-12 shrink-0 text-xl" />
          <div className="min-w-0">
            <p className="truncate text-lg font-semibold">{title}</p>
            {page.description.trim() && <p className="text-sm text-muted-foreground">{page.description}</p>}
          </div>
        </div>
        {page.welcome_message.trim() && (
          <p className="w-fit max-w-prose rounded-lg bg-primary px-3 py-2 text-sm text-primary-foreground">
            {page.welcome_message}
          </p>
        )}
      </div>
      <p className="text-xs text-muted-foreground">
        <a href={href} target="_blank" rel="noreferrer" className="underline underline-offset-2">
          Open the public page ↗
        </a>{" "}
        {openToInternet
          ? "— visitors can chat there now (saved changes only)."
          : "— visitors see “not open to visitors” until “Open to the internet” is on and saved."}
      </p>
    </div>
  );
}

/** As the public page picks it: the uploaded image first, else a web address typed in the Avatar field. */
function shownAvatar(uploaded: string | null, typed: string): string | null {
  if (uploaded) return uploaded;
  return /^https?:\/\//i.test(typed.trim()) ? typed.trim() : null;
}
