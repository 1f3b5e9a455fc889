import { useQuery } from "@tanstack/react-query";
import type {
  PublicDirectoryResponse,
  PublicHistoryResponse,
  PublicMessage,
  PublicPageResponse,
} from "@locrit/protocol";
import { apiRequest } from "../../lib/api-client";

/** `/public/api/Bob%20Technique/...`: the visitors' API (SPEC §8.4), open without login. */
export const publicApiPath = (name: string, rest = "") => `/public/api/${encodeURIComponent(name)}${rest}`;

export const publicKeys = {
  directory: ["public", "directory"] as const,
  page: (name: string) => ["public", "page", name] as const,
  history: (name: string) => ["public", "history", name] as const,
};

/** The Locrits open to visitors. */
export const usePublicDirectory = () =>
  useQuery({
    queryKey: publicKeys.directory,
    queryFn: ({ signal }) => apiRequest<PublicDirectoryResponse>("/public/api", { signal }),
  });

/** One Locrit's public page; a closed or unknown Locrit is an ApiError (`locrit_closed`, `locrit_not_found`), not retried. */
export const usePublicPage = (name: string) =>
  useQuery({
    queryKey: publicKeys.page(name),
    queryFn: ({ signal }) => apiRequest<PublicPageResponse>(publicApiPath(name), { signal }),
    retry: false,
  });

/** A long visitor conversation is read page by page, up to this many. */
const HISTORY_PAGES_MAX = 10;

/** This visitor's own conversation (the visitor cookie says whose), oldest first. */
export const useVisitorHistory = (name: string, enabled: boolean) =>
  useQuery({
    queryKey: publicKeys.history(name),
    enabled,
    refetchOnWindowFocus: false,
    queryFn: async ({ signal }) => {
      const messages: PublicMessage[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < HISTORY_PAGES_MAX; page += 1) {
        const query: string = `?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
        const answer: PublicHistoryResponse = await apiRequest<PublicHistoryResponse>(
          publicApiPath(name, `/history${query}`),
          { signal },
        );
        messages.push(...answer.messages);
        cursor = answer.next_cursor;
        if (cursor === null) break;
      }
      return messages;
    },
  });
