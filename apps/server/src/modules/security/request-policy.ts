import type { IncomingHttpHeaders } from "node:http";
import type { AppConfig } from "../../config/config.schema.js";
import type { AppError } from "../../errors/app-error.js";
import { forbiddenHost, forbiddenOrigin } from "../../errors/errors.js";
import { isLoopbackHostname, isLoopbackListenAddress, parseHostHeader, parseOrigin } from "./host-names.js";

/**
 * The browser rules of SPEC §8.1, decided in one place for HTTP and the socket.io handshake alike:
 * the Origin rule in every mode, and the Host rule in single-user mode. Who the caller is and what it
 * may do come after these (`caller.ts`, `access-policy.ts`).
 */
export type RequestPolicySettings = Pick<AppConfig, "host" | "corsOrigins" | "allowedHosts">;

/** What the policy looks at: the method, the matched route pattern (undefined when none matched) and the headers. */
export interface PolicyRequest {
  method: string;
  route?: string;
  headers: IncomingHttpHeaders;
  /** Single-user mode right now (no owner password yet); default: whether HOST is a loopback address. */
  singleUser?: boolean;
}

const STATE_CHANGING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Routes that make the server connect to a model server, most of them to an address the caller names.
 * Even as GETs they get the origin rule: answered to any page, they would let it probe this machine's
 * network (open, closed and filtered ports answer differently). Keyed by method and route pattern;
 * request-policy.test.ts checks that each one is still a route.
 */
export const OUTBOUND_ROUTES: readonly string[] = [
  "GET /api/models",
  "POST /api/models/test",
  "GET /api/ollama/models",
  "POST /api/ollama/models",
  "GET /api/ollama/status",
  "POST /config/test-ollama",
];
const outboundRoutes = new Set(OUTBOUND_ROUTES);

/**
 * Whether HOST is a loopback address: single-user mode unless an owner password is set (`caller.ts`
 * knows that). In single-user mode every local caller is the owner, so the Host header is what keeps
 * other sites out.
 */
export function isLoopbackHost(settings: RequestPolicySettings): boolean {
  return isLoopbackListenAddress(settings.host);
}

/** Whether the request comes from a web page other than ours (a foreign origin), and which one. */
function browserOrigin(headers: IncomingHttpHeaders): string | undefined {
  if (headers.origin !== undefined) return headers.origin;
  // No Origin: a program, or a browser's no-cors GET (`<img>`, `fetch(…, {mode: "no-cors"})`), which
  // browsers send without one. Fetch metadata tells the latter apart.
  const site = headers["sec-fetch-site"];
  return site === "cross-site" || site === "same-site" ? `(no Origin; Sec-Fetch-Site: ${site})` : undefined;
}

export interface RequestPolicy {
  /** The refusal of an HTTP request, or undefined when it may proceed. */
  check(request: PolicyRequest): AppError | undefined;
  /** The refusal of a socket.io handshake (every one is checked like a state-changing request). */
  checkHandshake(headers: IncomingHttpHeaders, singleUser?: boolean): AppError | undefined;
}

export function createRequestPolicy(settings: RequestPolicySettings): RequestPolicy {
  const loopbackHost = isLoopbackHost(settings);
  const allowedOrigins = new Set(settings.corsOrigins.map((origin) => parseOrigin(origin)?.origin ?? origin));
  const allowedHosts = settings.allowedHosts
    .map((entry) => parseHostHeader(entry.trim()))
    .filter((entry) => entry !== undefined);

  const hostRefusal = (headers: IncomingHttpHeaders, singleUser: boolean): AppError | undefined => {
    // No Host at all is an HTTP/1.0 program: a browser always sends one.
    if (!singleUser || headers.host === undefined) return undefined;
    const parsed = parseHostHeader(headers.host);
    const allowed =
      parsed !== undefined &&
      (isLoopbackHostname(parsed.hostname) ||
        allowedHosts.some((entry) =>
          entry.host === entry.hostname ? entry.hostname === parsed.hostname : entry.host === parsed.host,
        ));
    if (allowed) return undefined;
    return forbiddenHost(headers.host);
  };

  const originRefusal = (headers: IncomingHttpHeaders): AppError | undefined => {
    const origin = browserOrigin(headers);
    if (origin === undefined) return undefined;
    const parsed = parseOrigin(origin);
    if (parsed !== undefined) {
      // Our own origin: the page was served by this server under the name the browser used for it.
      const host = headers.host === undefined ? undefined : parseHostHeader(headers.host, parsed.protocol);
      if (host !== undefined && host.host === parsed.host) return undefined;
      if (allowedOrigins.has(parsed.origin)) return undefined;
    }
    return forbiddenOrigin(origin);
  };

  return {
    check: ({ method, route, headers, singleUser = loopbackHost }) => {
      const verb = method === "HEAD" ? "GET" : method;
      const originMatters =
        STATE_CHANGING_METHODS.has(verb) || (route !== undefined && outboundRoutes.has(`${verb} ${route}`));
      return hostRefusal(headers, singleUser) ?? (originMatters ? originRefusal(headers) : undefined);
    },
    checkHandshake: (headers, singleUser = loopbackHost) => hostRefusal(headers, singleUser) ?? originRefusal(headers),
  };
}
