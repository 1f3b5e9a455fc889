import { Agent, request } from "node:http";

export interface RawRequest {
  method: string;
  /** Sent exactly as given (no normalisation, no encoding): `%zz` and `..%2f` reach the server as they are. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  contentType: string;
  body: string;
}

// A connection per request: after an answer like 431 the server closes its end, and a reused
// connection would turn that into a reset blamed on the next, innocent request.
const agent = new Agent({ keepAlive: false });

/** One HTTP request over a plain socket, bounded in time; the client itself never rewrites the URL. */
export function sendRaw(baseUrl: string, raw: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const body = raw.body === undefined ? undefined : Buffer.isBuffer(raw.body) ? raw.body : Buffer.from(raw.body);
    const headers = { ...raw.headers, ...(body ? { "content-length": String(body.length) } : {}) };
    const req = request(
      { agent, host: hostname, port, method: raw.method, path: raw.path, headers, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers["content-type"] ?? ""),
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

export function closeRawAgent(): void {
  agent.destroy();
}
