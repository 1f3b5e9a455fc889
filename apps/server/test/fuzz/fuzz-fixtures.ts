import type { DbWatcher } from "./db-snapshot.js";
import type { FixtureRef } from "./rest-cases.js";

export type Fixtures = Record<FixtureRef, string>;

/** Where nothing listens: the model server of the second Locrit. */
const UNREACHABLE = "http://127.0.0.1:9";

/** A session id of 125 characters, as v1 makes from long sender names: valid per the SPEC. */
const LONG_SESSION = `v1_${"long-sender-name-".repeat(7)}`.padEnd(125, "x");

async function call(baseUrl: string, method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
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

  /**
   * The fixtures, mended where a fuzzed request changed them: a missing session, message or memory is
   * made again, a changed Locrit put back; only a Locrit that is gone (deleted, renamed) is replaced.
   * Mending is cheaper than starting over, and most cases that succeed delete or change just one thing.
   */
  async ensure(): Promise<Fixtures> {
    if (!this.current) return (this.current = await this.create());
    try {
      this.current = await this.mend(this.current);
    } catch {
      // Mending went through the API like any client; if a fuzzed change got in its way, start over.
      this.current = await this.create();
    }
    return this.current;
  }

  private async mend(fixtures: Fixtures): Promise<Fixtures> {
    const mended = { ...fixtures };
    if (
      !this.watcher.get(
        "SELECT 1 FROM locrits WHERE name = ? AND active = 1 AND base_url = ?",
        fixtures.downLocrit,
        UNREACHABLE,
      )
    )
      mended.downLocrit = await this.createDownLocrit();
    const locrit = this.watcher.get<{ id: string; usable: number }>(
      "SELECT id, (active = 1 AND base_url = ? AND provider = 'ollama' AND model = 'fake-model' AND memory_service = 'database') AS usable FROM locrits WHERE name = ?",
      this.modelServerUrl,
      fixtures.locrit,
    );
    if (!locrit) return this.create();
    const encoded = encodeURIComponent(fixtures.locrit);
    if (!locrit.usable)
      await call(this.baseUrl, "PATCH", `/api/locrits/${encoded}`, { ...this.locritSettings(), active: true });
    const has = (query: string, ...params: unknown[]) => this.watcher.get(query, ...params) !== undefined;
    const hasSession = (id: string) => has("SELECT 1 FROM sessions WHERE locrit_id = ? AND id = ?", locrit.id, id);
    if (
      !hasSession(fixtures.session) ||
      !has("SELECT 1 FROM messages WHERE locrit_id = ? AND id = ?", locrit.id, fixtures.message)
    ) {
      mended.message = await this.chat(encoded, fixtures.session);
    }
    if (!hasSession(fixtures.longSession)) await this.chat(encoded, fixtures.longSession);
    if (!has("SELECT 1 FROM memories WHERE locrit_id = ? AND id = ?", locrit.id, fixtures.memory))
      mended.memory = await this.remember(encoded);
    return mended;
  }

  private locritSettings() {
    return {
      description: "Fuzzed",
      personality: "Answers briefly.",
      provider: "ollama",
      base_url: this.modelServerUrl,
      model: "fake-model",
      memory_service: "database",
      // No background extraction: a row it writes would read as stored by whichever request was measured.
      memory_extraction: "off",
    };
  }

  /** One turn in the session; returns the user message's id. */
  private async chat(encodedName: string, sessionId: string): Promise<string> {
    const turn = await call(this.baseUrl, "POST", `/api/locrits/${encodedName}/chat`, {
      message: "hello fuzz",
      session_id: sessionId,
      stream: false,
    });
    if (typeof turn.user_message_id !== "string")
      throw new Error(`fixture setup: no user_message_id in ${JSON.stringify(turn)}`);
    return turn.user_message_id;
  }

  private async remember(encodedName: string): Promise<string> {
    const memory = await call(this.baseUrl, "POST", `/api/locrits/${encodedName}/memory/memories`, {
      content: "The owner likes tea.",
    });
    const id = (memory.memory as { id?: string } | undefined)?.id ?? (memory.id as string | undefined);
    if (typeof id !== "string") throw new Error(`fixture setup: no memory id in ${JSON.stringify(memory)}`);
    return id;
  }

  private async createDownLocrit(): Promise<string> {
    this.count += 1;
    const name = `Fuzz Down ${this.count}`;
    await call(this.baseUrl, "POST", "/api/locrits", {
      name,
      description: "Its model server is down",
      provider: "ollama",
      base_url: UNREACHABLE,
      model: "fake-model",
    });
    return name;
  }

  private async create(): Promise<Fixtures> {
    this.count += 1;
    const name = `Fuzz Target ${this.count}`;
    const encoded = encodeURIComponent(name);
    await call(this.baseUrl, "POST", "/api/locrits", { name, ...this.locritSettings() });
    const message = await this.chat(encoded, "fuzz-session");
    await this.chat(encoded, LONG_SESSION);
    const memory = await this.remember(encoded);
    return {
      locrit: name,
      downLocrit: await this.createDownLocrit(),
      session: "fuzz-session",
      longSession: LONG_SESSION,
      message,
      memory,
    };
  }
}
