import type { DbWatcher } from "./db-snapshot.js";
import type { FixtureRef } from "./rest-cases.js";

export type Fixtures = Record<FixtureRef, string>;

/** Where nothing listens: the model server of the second Locrit. */
const UNREACHABLE = "http://127.0.0.1:9";

/** A session id of 125 characters, as v1 makes from long sender names: valid per the SPEC. */
const LONG_SESSION = `v1_${"long-sender-name-".repeat(7)}`.padEnd(125, "x");

async function call(baseUrl: string, method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`fixture setup: ${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * A Locrit with two sessions (one with a 125-character id), messages and a long-term memory, on the
 * fake model server, and a second Locrit whose model server is down (its chats are 503 llm_unavailable). Fuzzed requests may rename, deactivate or delete any of it, so `ensure()` checks
 * the rows before each case and makes a fresh set when something is gone or changed.
 */
export class FixtureKeeper {
  private count = 0;
  private current?: Fixtures;

  constructor(
    private readonly baseUrl: string,
    private readonly watcher: DbWatcher,
    private readonly modelServerUrl: string,
  ) {}

  async ensure(): Promise<Fixtures> {
    if (this.current && this.intact(this.current)) return this.current;
    this.current = await this.create();
    return this.current;
  }

  private intact(fixtures: Fixtures): boolean {
    const down = this.watcher.get("SELECT 1 FROM locrits WHERE name = ? AND active = 1 AND base_url = ?", fixtures.downLocrit, UNREACHABLE);
    if (!down) return false;
    const locrit = this.watcher.get<{ id: string }>(
      "SELECT id FROM locrits WHERE name = ? AND active = 1 AND base_url = ? AND provider = 'ollama' AND model = 'fake-model' AND memory_service = 'database'",
      fixtures.locrit,
      this.modelServerUrl,
    );
    if (!locrit) return false;
    const has = (query: string, ...params: unknown[]) => this.watcher.get(query, ...params) !== undefined;
    return (
      has("SELECT 1 FROM sessions WHERE locrit_id = ? AND id = ?", locrit.id, fixtures.session) &&
      has("SELECT 1 FROM sessions WHERE locrit_id = ? AND id = ?", locrit.id, fixtures.longSession) &&
      has("SELECT 1 FROM messages WHERE locrit_id = ? AND id = ?", locrit.id, fixtures.message) &&
      has("SELECT 1 FROM memories WHERE locrit_id = ? AND id = ?", locrit.id, fixtures.memory)
    );
  }

  private async create(): Promise<Fixtures> {
    this.count += 1;
    const name = `Fuzz Target ${this.count}`;
    const encoded = encodeURIComponent(name);
    await call(this.baseUrl, "POST", "/api/locrits", { name, description: "Fuzzed", personality: "Answers briefly.", provider: "ollama", base_url: this.modelServerUrl, model: "fake-model" });
    const turn = await call(this.baseUrl, "POST", `/api/locrits/${encoded}/chat`, { message: "hello fuzz", session_id: "fuzz-session", stream: false });
    await call(this.baseUrl, "POST", `/api/locrits/${encoded}/chat`, { message: "a long session", session_id: LONG_SESSION, stream: false });
    const memory = await call(this.baseUrl, "POST", `/api/locrits/${encoded}/memory/memories`, { content: "The owner likes tea." });
    const downLocrit = `Fuzz Down ${this.count}`;
    await call(this.baseUrl, "POST", "/api/locrits", { name: downLocrit, description: "Its model server is down", provider: "ollama", base_url: UNREACHABLE, model: "fake-model" });
    const memoryId = (memory.memory as { id?: string } | undefined)?.id ?? (memory.id as string | undefined);
    if (typeof turn.user_message_id !== "string" || typeof memoryId !== "string") throw new Error(`fixture setup: unexpected answers ${JSON.stringify({ turn, memory })}`);
    return { locrit: name, downLocrit, session: "fuzz-session", longSession: LONG_SESSION, message: turn.user_message_id, memory: memoryId };
  }
}
