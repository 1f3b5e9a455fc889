/**
 * Folder and file names for plaintext memory. Any Locrit name or session id becomes a name that
 * cannot escape the memory folder (no `/`, no `..`), and the Locrit's id suffix keeps two names
 * that slug alike ("Bob Technique", "bob-technique") apart and survives a rename.
 */
export function locritIdSuffix(locritId: string): string {
  return locritId
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, 8)
    .toLowerCase();
}

export function locritSlug(name: string, locritId: string): string {
  const base =
    name
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 48) || "locrit";
  return `${base}-${locritIdSuffix(locritId)}`;
}

/** `session_1.2:a` → `session_1~2E2~3Aa.log`: reversible, and never `.` or `..`. */
export function sessionFileName(sessionId: string): string {
  return `${sessionId.replace(/[^A-Za-z0-9_-]/g, (char) => `~${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)}.log`;
}

export function sessionIdOfFileName(fileName: string): string | undefined {
  if (!fileName.endsWith(".log")) return undefined;
  return fileName.slice(0, -4).replace(/~([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
