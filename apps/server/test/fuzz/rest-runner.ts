import { diffSnapshots, settledSnapshot, type DbWatcher } from "./db-snapshot.js";
import { errorCodeIn } from "./error-shapes.js";
import type { FixtureKeeper, Fixtures } from "./fuzz-fixtures.js";
import type { FuzzReport } from "./fuzz-report.js";
import { isUrlField, safeUrls } from "./json-schema-arbitrary.js";
import { sendRaw, type RawResponse } from "./raw-http.js";
import type { PathValue, RestCase } from "./rest-cases.js";

/** Placeholders the generators put in bodies for the fixtures' values, filled in when the case runs. */
export const fixtureToken = (ref: keyof Fixtures) => `__fx_${ref}__`;

/** The only 5xx allowed: a model server's failure, on an operation whose document declares that status. */
const MODEL_SERVER_STATUSES = new Set([502, 503, 504]);
// `model_not_found` is a 502 on the models API, where the model a client names is a Locrit (its own model is missing).
const MODEL_SERVER_CODES = new Set(["llm_unavailable", "llm_timeout", "llm_error", "model_not_found"]);

export interface RestContext {
  baseUrl: string;
  modelServerUrl: string;
  watcher: DbWatcher;
  fixtures: FixtureKeeper;
  report: FuzzReport;
}

const percentEncodeAll = (text: string) =>
  [...Buffer.from(text)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join("");

function segment(value: PathValue, fixtures: Fixtures): string {
  if ("raw" in value) return value.raw;
  const real = fixtures[value.fixture];
  if (value.variant === "upper") return encodeURIComponent(real.toUpperCase());
  if (value.variant === "encoded") return percentEncodeAll(real);
  return encodeURIComponent(real);
}

/** Puts the fixtures' current values where the generators left a token (URL-encoded in a query string). */
export const fillTokens = (text: string, fixtures: Fixtures, encode = false) =>
  text.replace(/__fx_(locrit|downLocrit|session|longSession|message|memory)__/g, (_match, ref: keyof Fixtures) =>
    encode ? encodeURIComponent(fixtures[ref]) : fixtures[ref],
  );

/** Whatever a generator came up with, a URL-like field never names anything but this machine's loopback. */
function keepUrlsLocal(text: string, modelServerUrl: string): { text: string; replaced: boolean } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { text, replaced: false };
  }
  const allowed = new Set(safeUrls(modelServerUrl));
  let replaced = false;
  // Iterative: bodies may be nested thousands of levels deep.
  const stack: unknown[] = [parsed];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (isUrlField(key) && typeof value === "string" && !allowed.has(value)) {
        (node as Record<string, unknown>)[key] = "http://127.0.0.1:9";
        replaced = true;
      } else stack.push(value);
    }
  }
  return replaced ? { text: JSON.stringify(parsed), replaced } : { text, replaced };
}

/** The request as the report shows it: enough to send it again with curl. */
export function describeCase(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
  note?: string,
): string {
  const shownBody =
    body === undefined
      ? ""
      : Buffer.isBuffer(body)
        ? ` body=<${body.length} bytes: ${body.subarray(0, 40).toString("hex")}…>`
        : ` body=${body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body}`;
  return `${method} ${path.length > 400 ? `${path.slice(0, 400)}… (${path.length} chars)` : path} headers=${JSON.stringify(headers)}${note ? ` [${note}]` : ""}${shownBody}`;
}

const isWrite = (method: string) => method !== "GET";

/** Sends one case and checks the invariants: no 5xx but a declared model-server one, the error shape, nothing stored by a rejection. */
export async function runRestCase(context: RestContext, testCase: RestCase): Promise<void> {
  const { report, watcher } = context;
  const fixtures = await context.fixtures.ensure();
  const { operation } = testCase;
  const target = `${operation.method} ${operation.path}`;
  const path =
    operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => segment(testCase.pathValues[name]!, fixtures)) +
    (testCase.query ? `?${fillTokens(testCase.query, fixtures, true)}` : "");
  const headers: Record<string, string> = { ...testCase.headers };
  let body = testCase.body?.text;
  let note = testCase.body?.note;
  if (typeof body === "string") {
    const local = keepUrlsLocal(fillTokens(body, fixtures), context.modelServerUrl);
    body = local.text;
    if (local.replaced) note = `${note}; URL fields then pointed at the loopback`;
  }
  if (testCase.body?.contentType) headers["content-type"] = testCase.body.contentType;
  const input = describeCase(operation.method, path, headers, body, note);

  report.current = { target, input };
  const before = watcher.snapshot();
  let response: RawResponse;
  try {
    response = await sendRaw(context.baseUrl, { method: operation.method, path, headers, body });
  } catch (error) {
    report.requests += 1;
    report.record({ invariant: "an HTTP answer", target, input, observed: String(error) });
    return;
  }
  report.requests += 1;
  const statusClass = `${Math.floor(response.status / 100)}xx`;
  report.statuses[statusClass] = (report.statuses[statusClass] ?? 0) + 1;
  const observed = `${response.status} ${response.contentType} ${response.body}`;

  if (response.status >= 500) {
    report.serverErrors += 1;
    const code = errorCodeIn(operation.tags, safeJson(response.body)) ?? "";
    const declared = operation.responses.has(String(response.status));
    if (!(MODEL_SERVER_STATUSES.has(response.status) && MODEL_SERVER_CODES.has(code) && declared)) {
      report.forbiddenServerErrors += 1;
      const why =
        !MODEL_SERVER_STATUSES.has(response.status) || !MODEL_SERVER_CODES.has(code)
          ? "not a model server's failure"
          : "status not declared in /api/openapi.json";
      report.record({ invariant: `no 5xx (${why})`, target, input, observed });
    }
  }
  if (response.status >= 400) {
    const code = errorCodeIn(operation.tags, safeJson(response.body));
    if (code === undefined || !response.contentType.includes("application/json"))
      report.record({ invariant: "error body {success:false, error:{code, message}}", target, input, observed });
  }
  if (response.status >= 400 && response.status < 500) {
    const changed = diffSnapshots(before, watcher.snapshot());
    const rows = Object.values(changed).reduce((sum, count) => sum + count, 0);
    if (rows > 0) {
      report.rowsChangedByRejectedWrites += rows;
      report.record({
        invariant: "nothing stored by a rejected request",
        target,
        input,
        observed: `${observed.slice(0, 300)} — rows changed: ${JSON.stringify(changed)}`,
      });
    }
  } else if (isWrite(operation.method)) {
    // A write that went through may finish its work after answering: let it, so that it is not counted against the next case.
    await settledSnapshot(watcher);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
