import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

/**
 * The secrets of owner login. A password is chosen by a person, so it is hashed slowly (argon2id,
 * salted). Setup tokens, login sessions and API tokens are 32 random bytes: SHA-256 is enough to store
 * them (nothing to guess), and it lets a request find its row by hash in one indexed lookup.
 */

/** A new random secret, URL-safe, with a prefix that says what it is (`lct_` tokens are easy to grep for in leaks). */
export const newSecret = (prefix = ""): string => `${prefix}${randomBytes(32).toString("base64url")}`;

export const hashSecret = (secret: string): string => createHash("sha256").update(secret, "utf8").digest("hex");

// argon2id with @node-rs/argon2's defaults (m = 19 MiB, t = 2, p = 1: OWASP's minimum).
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A hash that does not parse verifies nothing.
    return false;
  }
}
