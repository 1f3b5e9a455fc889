import type { ApiToken } from "@locrit/protocol";
import type { ApiTokenRow } from "../../storage/repositories/auth.repository.js";

/** A token as the owner sees it: never its secret nor its hash. */
export const presentApiToken = (row: ApiTokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  role: row.role,
  created_at: row.created_at,
  expires_at: row.expires_at,
  last_used_at: row.last_used_at,
  revoked_at: row.revoked_at,
});
