import { useParams } from "react-router-dom";

/** The Locrit named in the path (`/my-locrits/Bob%20Technique/...`), already decoded by the router. */
export function useLocritName(): string {
  return useParams<{ name: string }>().name ?? "";
}

export const locritPagePath = (name: string, page: "chat" | "settings" | "memory-explorer") =>
  `/my-locrits/${encodeURIComponent(name)}/${page}`;
