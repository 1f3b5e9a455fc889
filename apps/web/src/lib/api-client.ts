/** A failed API call, with the server's machine-readable code and its safe message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** `/api/locrits/Bob%20Technique/...`: names are any printable text, so always encoded. */
export const locritPath = (name: string, rest = "") => `/api/locrits/${encodeURIComponent(name)}${rest}`;

type UnauthenticatedListener = () => void;
let unauthenticatedListener: UnauthenticatedListener | undefined;

/**
 * Set by the login guard: called when an API call answers 401 `unauthenticated` (the login ended or
 * never was), so the app can go to the login page. `/api/auth/*` answers are the login page's own
 * (a wrong password is a 401 too) and are left to it. Returns the function that removes the listener.
 */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListener = listener;
  return () => {
    if (unauthenticatedListener === listener) unauthenticatedListener = undefined;
  };
}

/**
 * Calls the JSON API on the same origin; throws ApiError for `{success: false}` or a network failure.
 * A `Blob` body (an uploaded image) is sent as it is, with its own type; anything else as JSON.
 */
export async function apiRequest<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? "GET",
      headers:
        init.body === undefined
          ? { accept: "application/json" }
          : {
              accept: "application/json",
              "content-type":
                init.body instanceof Blob ? init.body.type || "application/octet-stream" : "application/json",
            },
      body: init.body === undefined ? undefined : init.body instanceof Blob ? init.body : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError("network_error", "The Locrit server cannot be reached. Is it running?", 0);
  }
  const body = (await response.json().catch(() => null)) as {
    success?: boolean;
    error?: { code: string; message: string; details?: unknown };
  } | null;
  if (!response.ok || !body || body.success === false) {
    const error = body?.error;
    if (response.status === 401 && error?.code === "unauthenticated" && !path.startsWith("/api/auth/"))
      unauthenticatedListener?.();
    throw new ApiError(
      error?.code ?? "http_error",
      error?.message ?? `The server answered ${response.status}.`,
      response.status,
      error?.details,
    );
  }
  return body as T;
}

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : "Something went wrong.";
