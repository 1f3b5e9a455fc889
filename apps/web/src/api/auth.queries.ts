import type { ApiToken, ApiTokenCreateBody, AuthMeResponse } from "@locrit/protocol";
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client";
import { getSocket } from "../lib/socket-client";

export const authKeys = {
  me: ["auth", "me"] as const,
  tokens: ["auth", "tokens"] as const,
};

/** Whether login is on (`mode`) and who the server takes this browser for (SPEC §8.1). */
export function useAuthMe() {
  return useQuery({
    queryKey: authKeys.me,
    queryFn: ({ signal }) => apiRequest<AuthMeResponse>("/api/auth/me", { signal }),
    // Changes with a login or logout, which refresh it; an ended login shows as a 401 on the next call.
    staleTime: 60_000,
    retry: false,
  });
}

/**
 * After a login or setup the browser holds a new cookie: the socket.io connection opened before it was
 * refused (or belongs to the old login) and the cookie is only read at the connection's handshake, so
 * it is opened again; every cached answer is fetched again under the new login.
 */
async function startLoggedIn(client: QueryClient): Promise<void> {
  getSocket().disconnect().connect();
  await client.invalidateQueries();
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => apiRequest("/api/auth/login", { method: "POST", body: { password } }),
    onSuccess: () => startLoggedIn(client),
  });
}

export function useSetup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { setup_token: string; password: string }) =>
      apiRequest("/api/auth/setup", { method: "POST", body }),
    onSuccess: () => startLoggedIn(client),
  });
}

/**
 * Logs out, closes the socket and forgets every cached answer: the next person at this browser sees none.
 * `leave` (to the login page) runs first: a page still open when `me` turns logged out, or when its
 * queries answer 401, would send the browser to `/login?next=<that page>` instead.
 */
export function useLogout(leave: () => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest("/api/auth/logout", { method: "POST" }),
    onSuccess: async () => {
      leave();
      getSocket().disconnect();
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== "auth" });
      await client.invalidateQueries({ queryKey: authKeys.me });
    },
  });
}

export function useApiTokens() {
  return useQuery({
    queryKey: authKeys.tokens,
    queryFn: async ({ signal }) => (await apiRequest<{ tokens: ApiToken[] }>("/api/tokens", { signal })).tokens,
  });
}

export function useCreateApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiTokenCreateBody) =>
      apiRequest<{ token: string; api_token: ApiToken }>("/api/tokens", { method: "POST", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}

export function useRevokeApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<{ api_token: ApiToken }>(`/api/tokens/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}
