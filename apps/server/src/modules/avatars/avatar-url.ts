/**
 * Where a Locrit's avatar is served. The stored file name (`<locrit id>-<version>.<ext>`) changes with
 * every upload, so its version in the URL lets a browser keep an image for good and fetch a new one at once.
 */
const versionOf = (fileName: string): string =>
  fileName
    .replace(/\.[a-z]+$/, "")
    .split("-")
    .at(-1) ?? "";

/** The owner's URL (`GET /api/locrits/{name}/avatar`), or null without an avatar. */
export function avatarUrl(locrit: { name: string; avatar: string | null }): string | null {
  if (!locrit.avatar) return null;
  return `/api/locrits/${encodeURIComponent(locrit.name)}/avatar?v=${versionOf(locrit.avatar)}`;
}

/** The visitors' URL (`GET /public/api/{name}/avatar`, served only while the Locrit is open to the internet). */
export function publicAvatarUrl(locrit: { name: string; avatar: string | null }): string | null {
  if (!locrit.avatar) return null;
  return `/public/api/${encodeURIComponent(locrit.name)}/avatar?v=${versionOf(locrit.avatar)}`;
}
