import type { Locrit } from "@locrit/protocol";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest, locritPath } from "../lib/api-client";
import { locritKeys } from "./locrits.queries";

/** Upload (`PUT`, the image as the body) or remove (`DELETE`) a Locrit's avatar; the Locrit's new JSON is cached. */
export function useAvatar(name: string) {
  const client = useQueryClient();
  const settle = (locrit: Locrit) => {
    client.setQueryData(locritKeys.one(locrit.name), locrit);
    return client.invalidateQueries({ queryKey: locritKeys.all, exact: true });
  };
  const upload = useMutation({
    mutationFn: async (image: Blob) =>
      (await apiRequest<{ locrit: Locrit }>(locritPath(name, "/avatar"), { method: "PUT", body: image })).locrit,
    onSuccess: settle,
  });
  const remove = useMutation({
    mutationFn: async () =>
      (await apiRequest<{ locrit: Locrit }>(locritPath(name, "/avatar"), { method: "DELETE" })).locrit,
    onSuccess: settle,
  });
  return { upload, remove };
}
