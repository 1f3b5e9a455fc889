import { z } from "zod";

const modelServerUrl = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2_000);

/** The original took the URL as `ollama_url` or `base_url`, from the body or (GET) the query string. */
export const legacyModelServerQuerySchema = z.object({
  ollama_url: modelServerUrl.optional(),
  base_url: modelServerUrl.optional(),
});
export const legacyModelServerBodySchema = z
  .looseObject({ ollama_url: modelServerUrl.optional(), base_url: modelServerUrl.optional() })
  .optional();

/** `POST /config/test-ollama`: the URL to test is required (the original answered 400 without it). */
export const legacyTestOllamaBodySchema = z
  .looseObject({ ollama_url: modelServerUrl.optional(), base_url: modelServerUrl.optional() })
  .refine((body) => body.ollama_url !== undefined || body.base_url !== undefined, {
    message: "ollama_url (or base_url) is required",
    path: ["ollama_url"],
  });
