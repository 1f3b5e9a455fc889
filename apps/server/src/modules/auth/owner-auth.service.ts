import { passwordAlreadySet, setupTokenInvalid, unauthenticated, wrongPassword } from "../../errors/errors.js";
import { isoNow, type Clock } from "../../lib/clock.js";
import type { Database } from "../../storage/database.js";
import type { AuthRepository } from "../../storage/repositories/auth.repository.js";
import { createRepositories, inTransaction } from "../../storage/repositories/index.js";
import { hashPassword, hashSecret, newSecret, verifyPassword } from "./secrets.js";

export interface OwnerAuthDependencies {
  db: Database;
  clock: Clock;
  /** How long a login lasts. */
  sessionTtlMs: number;
}

const UNSET_RECHECK_MS = 1_000;

/** A setup link's token is good for a day; a restart prints a new one while no password is set. */
const SETUP_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;

export interface LoginSession {
  /** The cookie's value: shown to the browser once, stored hashed. */
  token: string;
  expiresAt: string;
}

/**
 * The owner's password and login sessions (SPEC §8.1): first-run setup with a one-time token, login,
 * logout, and the check every request with a session cookie goes through. Stored in the database, so
 * every server process sharing it agrees.
 */
export class OwnerAuthService {
  private readonly repository: AuthRepository;
  private passwordKnownSet = false;
  /** Until when a "no password" answer stands without asking the database again. */
  private unsetCheckedUntil = 0;

  constructor(private readonly dependencies: OwnerAuthDependencies) {
    this.repository = createRepositories(dependencies.db).auth;
  }

  /**
   * Whether an owner password exists; every request asks. Once set it is never removed, so a yes is
   * remembered for good; a no for a second (another process or `set-password` may set it meanwhile:
   * login turns on there within a second, here at once).
   */
  async passwordIsSet(): Promise<boolean> {
    if (this.passwordKnownSet) return true;
    const now = Date.now();
    if (now < this.unsetCheckedUntil) return false;
    this.passwordKnownSet = (await this.repository.passwordHash()) !== undefined;
    if (!this.passwordKnownSet) this.unsetCheckedUntil = now + UNSET_RECHECK_MS;
    return this.passwordKnownSet;
  }

  /** A new one-time setup token (stored hashed); the caller prints the link. */
  async createSetupToken(): Promise<string> {
    const token = newSecret();
    const now = this.dependencies.clock.now();
    await this.repository.addSetupToken(
      hashSecret(token),
      now.toISOString(),
      new Date(now.getTime() - SETUP_TOKEN_LIFETIME_MS).toISOString(),
    );
    return token;
  }

  /** First run: the setup token sets the password (and dies with every other setup token), and logs in. */
  async setUp({ setupToken, password }: { setupToken: string; password: string }): Promise<LoginSession> {
    if (await this.passwordIsSet()) throw passwordAlreadySet();
    const passwordHash = await hashPassword(password);
    const now = this.dependencies.clock.now();
    const forgetBefore = new Date(now.getTime() - SETUP_TOKEN_LIFETIME_MS).toISOString();
    await inTransaction(this.dependencies.db, async ({ auth }) => {
      // Set meanwhile (through another process, or the shell): that, not the token, is the answer.
      if ((await auth.passwordHash()) !== undefined) throw passwordAlreadySet();
      if (!(await auth.hasSetupToken(hashSecret(setupToken), forgetBefore))) throw setupTokenInvalid();
      // Two setups racing (two processes): the first insert wins, the second sees a password.
      if (!(await auth.insertFirstPassword(passwordHash, now.toISOString()))) throw passwordAlreadySet();
    });
    this.passwordKnownSet = true;
    return this.startSession();
  }

  /** Sets or changes the password from the shell; every login session ends. */
  async setPassword(password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await inTransaction(this.dependencies.db, ({ auth }) =>
      auth.replacePassword(passwordHash, isoNow(this.dependencies.clock)),
    );
    this.passwordKnownSet = true;
  }

  async login(password: string): Promise<LoginSession> {
    const passwordHash = await this.repository.passwordHash();
    if (passwordHash === undefined)
      throw unauthenticated("No owner password is set yet: use the setup link the server printed at start.");
    if (!(await verifyPassword(passwordHash, password))) throw wrongPassword();
    return this.startSession();
  }

  async logout(sessionToken: string): Promise<void> {
    await this.repository.deleteLoginSession(hashSecret(sessionToken));
  }

  async isSessionLive(sessionToken: string): Promise<boolean> {
    return this.repository.isLoginSessionLive(hashSecret(sessionToken), isoNow(this.dependencies.clock));
  }

  private async startSession(): Promise<LoginSession> {
    const token = newSecret();
    const now = this.dependencies.clock.now();
    const expiresAt = new Date(now.getTime() + this.dependencies.sessionTtlMs).toISOString();
    await this.repository.deleteExpiredLoginSessions(now.toISOString());
    await this.repository.addLoginSession(hashSecret(token), now.toISOString(), expiresAt);
    return { token, expiresAt };
  }
}
