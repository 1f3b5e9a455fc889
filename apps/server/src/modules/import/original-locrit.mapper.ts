import {
  DEFAULT_ACCESS_TO,
  DEFAULT_OPEN_TO,
  DEFAULT_PUBLIC_PAGE,
  LOCRIT_DESCRIPTION_MAX_LENGTH,
  SESSION_ID_PATTERN,
  locritNameSchema,
  type AccessTo,
  type OpenTo,
  type PublicPage,
} from "@locrit/protocol";
import { nameKeyOf, type NewLocritRow } from "../../storage/repositories/locrit.repository.js";
import { normaliseOriginalTime } from "./original-timestamps.js";

const DEFAULT_MODEL = "llama3.2";

const pickBooleans = <T extends object>(defaults: T, value: unknown): T => {
  const source = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  return Object.fromEntries(
    Object.entries(defaults).map(([key, fallback]) => [key, typeof source[key] === "boolean" ? source[key] : fallback]),
  ) as T;
};

const pickStrings = (defaults: PublicPage, value: unknown): PublicPage => {
  const source = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  return Object.fromEntries(
    Object.entries(defaults).map(([key, fallback]) => [
      key,
      typeof source[key] === "string" ? (source[key] as string).slice(0, LOCRIT_DESCRIPTION_MAX_LENGTH) : fallback,
    ]),
  ) as PublicPage;
};

const isHttpUrl = (value: unknown): value is string => {
  if (typeof value !== "string") return false;
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/**
 * An original `config.yaml` instance as a Locrit row: `ollama_model` → `model`, `ollama_url` →
 * `base_url`; the original's `plaintext_file`/`kuzu_graph` memories become the `database` default
 * (their messages are imported there), `disabled` stays disabled. Fields this system lacks
 * (`public_address`, `custom_css`, `show_model_info`) are dropped.
 */
export function mapOriginalLocrit(
  { name, settings }: { name: string; settings: Record<string, unknown> },
  { id, now, defaultBaseUrl }: { id: string; now: string; defaultBaseUrl: string },
): { row: NewLocritRow } | { error: string } {
  const parsedName = locritNameSchema.safeParse(name);
  if (!parsedName.success)
    return { error: `name '${name}' cannot be used here: ${parsedName.error.issues[0]?.message ?? "invalid"}` };
  const createdAt = normaliseOriginalTime(settings.created_at) ?? now;
  return {
    row: {
      id,
      name: parsedName.data,
      name_key: nameKeyOf(parsedName.data),
      description:
        typeof settings.description === "string" ? settings.description.slice(0, LOCRIT_DESCRIPTION_MAX_LENGTH) : "",
      // The original used the description as the whole system prompt; it still opens the prompt here.
      personality: "",
      provider: "ollama",
      base_url: isHttpUrl(settings.ollama_url) ? settings.ollama_url : defaultBaseUrl,
      model:
        typeof settings.ollama_model === "string" && settings.ollama_model.trim()
          ? settings.ollama_model.trim().slice(0, 200)
          : DEFAULT_MODEL,
      memory_service: settings.memory_service === "disabled" ? "disabled" : "database",
      active: settings.active === true,
      open_to: pickBooleans<OpenTo>(DEFAULT_OPEN_TO, settings.open_to),
      access_to: pickBooleans<AccessTo>(DEFAULT_ACCESS_TO, settings.access_to),
      public_page: pickStrings(DEFAULT_PUBLIC_PAGE, settings.public_page),
      created_at: createdAt,
      updated_at: normaliseOriginalTime(settings.updated_at) ?? createdAt,
    },
  };
}

/** A session id valid here: kept when it already is, else made so (the original is kept in metadata). */
export function mapOriginalSessionId(id: string): string {
  if (SESSION_ID_PATTERN.test(id)) return id;
  return id.replace(/[^A-Za-z0-9_.:-]/g, "_").slice(0, 128) || "imported";
}

export const mapOriginalRole = (role: string): "user" | "assistant" | "system" =>
  role === "user" || role === "assistant" || role === "system" ? role : "system";
