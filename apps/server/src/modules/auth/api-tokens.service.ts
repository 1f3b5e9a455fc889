import type { ApiTokenCreateBody } from "@locrit/protocol";
import { tokenNotFound, validationError } from "../../errors/errors.js";
import { isoNow, type Clock } from "../../lib/clock.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { Database } from "../../storage/database.js";
import type { ApiTokenRow, AuthRepository } from "../../storage/repositories/auth.repository.js";
import { createRepositories } from "../../storage/repositories/index.js";
import { hashSecret, newSecret } from "./secrets.js";

export interface ApiTokensDependencies {
  db: Database;
  clock: Clock;
  ids: IdGenerator;
}

/** `last_used_at` is written at most this often per token: a disk sync per request would cost more than it tells. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** API tokens (SPEC §8.1): made by the owner, shown once, stored hashed, listed, revoked, checked per request. */
export class ApiTokensService {
  private readonly repository: AuthRepository;

  constructor(private readonly dependencies: ApiTokensDependencies) {
    this.repository = createRepositories(dependencies.db).auth;
  }

  async create(body: ApiTokenCreateBody): Promise<{ token: string; row: ApiTokenRow }> {
    const now = this.dependencies.clock.now();
    const expiresAt = body.expires_at === undefined ? null : new Date(body.expires_at);
    if (expiresAt !== null && expiresAt.getTime() <= now.getTime())
      throw validationError("expires_at: the expiry is in the past.", [
        { field: "expires_at", message: "must be in the future" },
      ]);
    const token = newSecret("lct_");
    const row = await this.repository.addApiToken({
      id: this.dependencies.ids.newId(),
      name: body.name,
      role: body.role,
      token_hash: hashSecret(token),
      created_at: now.toISOString(),
      expires_at: expiresAt?.toISOString() ?? null,
    });
    return { token, row };
  }

  list(): Promise<ApiTokenRow[]> {
    return this.repository.listApiTokens();
  }

  async revoke(id: string): Promise<ApiTokenRow> {
    const row = await this.repository.revokeApiToken(id, isoNow(this.dependencies.clock));
    if (row === undefined) throw tokenNotFound(id);
    return row;
  }

  /** The live token a request presents (not revoked, not expired), its use recorded; undefined otherwise. */
  async resolve(token: string): Promise<ApiTokenRow | undefined> {
    const row = await this.repository.findApiTokenByHash(hashSecret(token));
    const now = this.dependencies.clock.now();
    if (row === undefined || row.revoked_at !== null) return undefined;
    if (row.expires_at !== null && row.expires_at <= now.toISOString()) return undefined;
    await this.repository.touchApiToken(
      row.id,
      now.toISOString(),
      new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString(),
    );
    return row;
  }
}
