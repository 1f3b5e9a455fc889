/**
 * Where the login page sends the browser back to. `next` comes from the address bar, so anyone can
 * craft it: only a path of this site is followed (`//evil.example` and `https://…` are other sites),
 * never the login or setup page itself.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  const path = next.split(/[?#]/, 1)[0];
  if (path === "/login" || path === "/setup") return "/";
  return next;
}

/** `/login?next=<where the browser is>`: the login page returns there. */
export function loginPathFor(location: { pathname: string; search: string; hash: string }): string {
  const here = `${location.pathname}${location.search}${location.hash}`;
  const next = safeNextPath(here);
  return next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`;
}
