import type { Selectable } from "kysely";
import type { Database } from "../database.js";
import type { ApiTokenTable } from "../database.schema.js";

export type ApiTokenRole = "owner" | "program" | "locrit";
export type ApiTokenRow = Omit<Selectable<ApiTokenTable>, "role"> & { role: ApiTokenRole };

const OWNER_ROW_ID = 1;

/**
 * The owner's password hash, setup tokens, login sessions and API tokens (migration 008). Takes and
 * returns hashes: hashing and checking secrets is the auth service's job.
 */
export class AuthRepository {
  constructor(private readonly db: Database) {}

  async passwordHash(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom("owner_password")
      .select("password_hash")
      .where("id", "=", OWNER_ROW_ID)
      .executeTakeFirst();
    return row?.password_hash;
  }

  /** Sets the first password; false when one exists already (it is left as it is). */
  async insertFirstPassword(passwordHash: string, now: string): Promise<boolean> {
    const result = await this.db
      .insertInto("owner_password")
      .values({ id: OWNER_ROW_ID, password_hash: passwordHash, updated_at: now })
      .onConflict((conflict) => conflict.column("id").doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await this.db.deleteFrom("setup_tokens").execute();
    return true;
  }

  /** Sets the password; every login session ends with the old one (run it in a transaction). */
  async replacePassword(passwordHash: string, now: string): Promise<void> {
    await this.db
      .insertInto("owner_password")
      .values({ id: OWNER_ROW_ID, password_hash: passwordHash, updated_at: now })
      .onConflict((conflict) => conflict.column("id").doUpdateSet({ password_hash: passwordHash, updated_at: now }))
      .execute();
    await this.db.deleteFrom("login_sessions").execute();
    await this.db.deleteFrom("setup_tokens").execute();
  }

  async addSetupToken(tokenHash: string, now: string, forgetBefore: string): Promise<void> {
    await this.db.deleteFrom("setup_tokens").where("created_at", "<", forgetBefore).execute();
    await this.db.insertInto("setup_tokens").values({ token_hash: tokenHash, created_at: now }).execute();
  }

  async hasSetupToken(tokenHash: string, notBefore: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("setup_tokens")
      .select("token_hash")
      .where("token_hash", "=", tokenHash)
      .where("created_at", ">=", notBefore)
      .executeTakeFirst();
    return row !== undefined;
  }

  async addLoginSession(tokenHash: string, now: string, expiresAt: string): Promise<void> {
    await this.db
      .insertInto("login_sessions")
      .values({ token_hash: tokenHash, created_at: now, expires_at: expiresAt })
      .execute();
  }

  /** Whether the session exists and has not expired at `now`. */
  async isLoginSessionLive(tokenHash: string, now: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("login_sessions")
      .select("token_hash")
      .where("token_hash", "=", tokenHash)
      .where("expires_at", ">", now)
      .executeTakeFirst();
    return row !== undefined;
  }

  async deleteLoginSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom("login_sessions").where("token_hash", "=", tokenHash).execute();
  }

  async deleteExpiredLoginSessions(now: string): Promise<void> {
    await this.db.deleteFrom("login_sessions").where("expires_at", "<=", now).execute();
  }

  async addApiToken(row: Omit<ApiTokenRow, "last_used_at" | "revoked_at">): Promise<ApiTokenRow> {
    await this.db
      .insertInto("api_tokens")
      .values({ ...row, last_used_at: null, revoked_at: null })
      .execute();
    return { ...row, last_used_at: null, revoked_at: null };
  }

  /** Every token, revoked ones included (so the owner sees what was revoked), newest first. */
  async listApiTokens(): Promise<ApiTokenRow[]> {
    const rows = await this.db.selectFrom("api_tokens").selectAll().orderBy("created_at", "desc").execute();
    return rows as ApiTokenRow[];
  }

  async findApiTokenByHash(tokenHash: string): Promise<ApiTokenRow | undefined> {
    const row = await this.db
      .selectFrom("api_tokens")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .executeTakeFirst();
    return row as ApiTokenRow | undefined;
  }

  /** Revokes the token (kept, marked); undefined when no token has that id. */
  async revokeApiToken(id: string, now: string): Promise<ApiTokenRow | undefined> {
    await this.db
      .updateTable("api_tokens")
      .set({ revoked_at: now })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .execute();
    const row = await this.db.selectFrom("api_tokens").selectAll().where("id", "=", id).executeTakeFirst();
    return row as ApiTokenRow | undefined;
  }

  /** Records a use, at most once per `minimumGap` (a write per request would cost a disk sync each). */
  async touchApiToken(id: string, now: string, notSince: string): Promise<void> {
    await this.db
      .updateTable("api_tokens")
      .set({ last_used_at: now })
      .where("id", "=", id)
      .where((where) => where.or([where("last_used_at", "is", null), where("last_used_at", "<", notSince)]))
      .execute();
  }
}
