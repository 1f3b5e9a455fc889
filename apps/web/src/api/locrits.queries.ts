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

/** After any change to a Locrit, both the list and that Locrit are refetched. */
function useRefreshLocrits() {
  const client = useQueryClient();
  return (locrit?: Locrit) => {
    if (locrit) client.setQueryData(locritKeys.one(locrit.name), locrit);
    return client.invalidateQueries({ queryKey: locritKeys.all });
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
    onSuccess: (locrit) => refresh(locrit),
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
