import type { CreateLocritBody, Locrit, UpdateLocritBody } from "@locrit/protocol";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest, locritPath } from "../lib/api-client";

export const locritKeys = {
  all: ["locrits"] as const,
  one: (name: string) => ["locrits", name] as const,
};

export function useLocrits() {
  return useQuery({
    queryKey: locritKeys.all,
    queryFn: async ({ signal }) => {
      const body = await apiRequest<{ locrits: { instances: Record<string, Locrit> } }>("/api/locrits", { signal });
      return Object.values(body.locrits.instances).sort((a, b) => a.name.localeCompare(b.name));
    },
  });
}

export function useLocrit(name: string) {
  return useQuery({
    queryKey: locritKeys.one(name),
    queryFn: async ({ signal }) => (await apiRequest<{ locrit: Locrit }>(locritPath(name), { signal })).locrit,
    retry: false,
  });
}

/**
 * After any change to a Locrit, both the list and that Locrit are refetched. After a rename, the old
 * name is not refetched: it would be a 404 (the page moves to the new name; its cache entry then ages out).
 */
function useRefreshLocrits() {
  const client = useQueryClient();
  return (locrit?: Locrit, previousName?: string) => {
    if (locrit) client.setQueryData(locritKeys.one(locrit.name), locrit);
    const renamedFrom = locrit && previousName !== undefined && previousName !== locrit.name ? previousName : undefined;
    return client.invalidateQueries({
      queryKey: locritKeys.all,
      predicate: (query) => renamedFrom === undefined || query.queryKey[1] !== renamedFrom,
    });
  };
}

export function useCreateLocrit() {
  const refresh = useRefreshLocrits();
  return useMutation({
    mutationFn: async (body: CreateLocritBody) =>
      (await apiRequest<{ locrit: Locrit }>("/api/locrits", { method: "POST", body })).locrit,
    onSuccess: (locrit) => refresh(locrit),
  });
}

export function useUpdateLocrit(name: string) {
  const refresh = useRefreshLocrits();
  return useMutation({
    mutationFn: async (body: UpdateLocritBody) =>
      (await apiRequest<{ locrit: Locrit }>(locritPath(name), { method: "PATCH", body })).locrit,
    onSuccess: (locrit) => refresh(locrit, name),
  });
}

export function useSetLocritActive() {
  const refresh = useRefreshLocrits();
  return useMutation({
    mutationFn: async ({ name, active }: { name: string; active: boolean }) =>
      (
        await apiRequest<{ locrit: Locrit }>(locritPath(name, active ? "/activate" : "/deactivate"), {
          method: "POST",
          body: {},
        })
      ).locrit,
    onSuccess: (locrit) => refresh(locrit),
  });
}

export function useDeleteLocrit() {
  const refresh = useRefreshLocrits();
  return useMutation({
    mutationFn: (name: string) => apiRequest(locritPath(name), { method: "DELETE" }),
    onSuccess: () => refresh(),
  });
}
