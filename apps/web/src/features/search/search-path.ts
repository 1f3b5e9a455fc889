/** `/search?q=…`: the page of results across every Locrit; the query lives in the URL, so it can be shared. */
export const SEARCH_PATH = "/search";

export const searchPagePath = (query: string) => `${SEARCH_PATH}?${new URLSearchParams({ q: query }).toString()}`;

/** A key press that is typing, not a shortcut: into a field, or with a modifier. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}
