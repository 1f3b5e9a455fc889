import type { Generated } from "kysely";

/**
 * Table rows as stored. JSON objects are stored as text and booleans as 0/1 integers in both
 * dialects, so repositories read and write the same shapes on SQLite and PostgreSQL. Only
 * repositories see these: each maps its rows to a domain type (decoded JSON, booleans) in one function.
 */
export interface LocritTable {
  id: string;
  name: string;
  /** Lower-cased name: uniqueness is case-insensitive. */
  name_key: string;
  description: string;
  personality: string;
  provider: string;
  base_url: string;
  model: string;
  memory_service: string;
  active: number;
  open_to: string;
  access_to: string;
  public_page: string;
  created_at: string;
  updated_at: string;
  /** An OpenAI-compatible server's key (migration 006); null when none. Never leaves the server but to that server. */
  api_key: string | null;
  /** The embedding model for semantic recall (migration 007); "" = the server's EMBEDDING_MODEL. */
  embedding_model: Generated<string>;
  /** `auto` | `off` (migration 010): whether the Locrit writes memories from its owner's conversations. */
  memory_extraction: Generated<string>;
  /** The avatar's file name under `DATA_DIR/avatars/` (migration 013); null when none. */
  avatar: string | null;
}

export interface SessionTable {
  locrit_id: string;
  id: string;
  title: string;
  user_id: string | null;
  metadata: string;
  message_count: number;
  created_at: string;
  updated_at: string;
}

export interface MessageTable {
  /** Insertion order; the stable sort key for history and cursors. */
  seq: Generated<number>;
  id: string;
  locrit_id: string;
  session_id: string;
  role: string;
  content: string;
  status: string;
  metadata: string;
  created_at: string;
  updated_at: string;
  edited_at: string | null;
  /** The message this one regenerates or edits (migration 012). */
  alternative_of: string | null;
  /** 0 once a later alternative replaced it (or it follows a replaced message): history, recall and counts skip it. */
  active: Generated<number>;
  /** Internal: the replaced message whose turns this inactive one followed (restored when it is activated). */
  branch_of: string | null;
}

/** Long-term notes a Locrit keeps across sessions. */
export interface MemoryTable {
  seq: Generated<number>;
  id: string;
  locrit_id: string;
  content: string;
  importance: number;
  /** JSON array of message ids (provenance). */
  source_message_ids: string;
  created_at: string;
  updated_at: string;
  last_recalled_at: string | null;
  /** `user` | `extracted` | `imported` (migration 010). */
  origin: Generated<string>;
}

/** Every version of a memory (migration 010): the memory as it was after each change, who made it, from which messages. */
export interface MemoryVersionTable {
  seq: Generated<number>;
  memory_id: string;
  locrit_id: string;
  /** 1, 2, … per memory. */
  version: number;
  /** `created` | `updated` | `deleted` | `restored`. */
  action: string;
  /** `user` | `extraction` | `import`. */
  changed_by: string;
  content: string;
  importance: number;
  /** JSON array of message ids. */
  source_message_ids: string;
  origin: string;
  changed_at: string;
}

/** One vector per message or memory (migration 007): float32 bytes on SQLite, `real[]` on PostgreSQL. */
export interface EmbeddingColumns {
  locrit_id: string;
  model: string;
  vector: Buffer | number[];
  /** The row's `updated_at` when it was embedded: a later edit makes the vector stale. */
  source_updated_at: string;
}
export interface MessageEmbeddingTable extends EmbeddingColumns {
  message_id: string;
}
export interface MemoryEmbeddingTable extends EmbeddingColumns {
  memory_id: string;
}

/** Owner login and API tokens (migration 008): hashes only, never a secret. */
export interface OwnerPasswordTable {
  id: number;
  password_hash: string;
  updated_at: string;
}
export interface SetupTokenTable {
  token_hash: string;
  created_at: string;
}
export interface LoginSessionTable {
  token_hash: string;
  created_at: string;
  expires_at: string;
}
export interface ApiTokenTable {
  id: string;
  name: string;
  role: string;
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A model server the owner added in the UI (migration 013); `api_key` never leaves the server but to that server. */
export interface ModelServerTable {
  id: string;
  name: string;
  provider: string;
  base_url: string;
  api_key: string | null;
  created_at: string;
  updated_at: string;
}

/** Settings edited in the UI, one value per key (migration 013). */
export interface AppSettingTable {
  key: string;
  value: string;
  updated_at: string;
}

/** A Locrit-to-Locrit dialogue (migration 011); `participants` is JSON (remote ones with their token). */
export interface DialogueTable {
  id: string;
  participants: string;
  topic: string;
  style: string;
  status: string;
  reason: string | null;
  max_turns: number;
  max_seconds: number;
  turns: number;
  /** Milliseconds it has run so far (pauses excluded). */
  running_ms: number;
  created_at: string;
  updated_at: string;
  /** The process running it (migration 014); null before its first turn or when none runs it. */
  runner_id?: string | null;
  /** When that process last said it is still running it. */
  heartbeat_at?: string | null;
}

/** One line of a dialogue's transcript (migration 011). */
export interface DialogueLineTable {
  dialogue_id: string;
  turn: number;
  speaker: string;
  message_id: string;
  content: string;
  status: string;
  created_at: string;
}

export interface DatabaseSchema {
  locrits: LocritTable;
  sessions: SessionTable;
  messages: MessageTable;
  memories: MemoryTable;
  memory_versions: MemoryVersionTable;
  message_embeddings: MessageEmbeddingTable;
  memory_embeddings: MemoryEmbeddingTable;
  owner_password: OwnerPasswordTable;
  setup_tokens: SetupTokenTable;
  login_sessions: LoginSessionTable;
  api_tokens: ApiTokenTable;
  dialogues: DialogueTable;
  dialogue_lines: DialogueLineTable;
  model_servers: ModelServerTable;
  app_settings: AppSettingTable;
}

export type SqlDialectName = "sqlite" | "postgres";
