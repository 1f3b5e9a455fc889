/**
 * The tables a SQLite → PostgreSQL migration copies, parents before children (foreign keys), each
 * with the unique key it is read and verified in. Derived indexes (SQLite FTS5 tables, PostgreSQL
 * `search_vector` columns) are not copied: the target rebuilds them from the rows.
 */
export interface CopiedTable {
  table:
    | "locrits"
    | "sessions"
    | "messages"
    | "memories"
    | "memory_versions"
    | "dialogues"
    | "dialogue_lines"
    | "model_servers"
    | "app_settings";
  key: readonly string[];
  /** A serial column whose values are kept; the target's sequence continues after the largest. */
  serial?: string;
}

export const COPY_PLAN: readonly CopiedTable[] = [
  { table: "locrits", key: ["id"] },
  { table: "sessions", key: ["locrit_id", "id"] },
  { table: "messages", key: ["seq"], serial: "seq" },
  { table: "memories", key: ["seq"], serial: "seq" },
  { table: "memory_versions", key: ["seq"], serial: "seq" },
  // Dialogues (migration 011); each participant's lines are also chat messages, copied above.
  { table: "dialogues", key: ["id"] },
  { table: "dialogue_lines", key: ["dialogue_id", "turn"] },
  // The settings of /settings (migration 013); avatar files stay in DATA_DIR/avatars/, named by Locrit id.
  { table: "model_servers", key: ["id"] },
  { table: "app_settings", key: ["key"] },
];
