import { resolve } from "node:path";
import type { AppConfig } from "./config/config.schema.js";

const folderCodes = new Set([
  "EACCES",
  "EPERM",
  "EROFS",
  "ENOTDIR",
  "ENOENT",
  "ENOSPC",
  "SQLITE_READONLY",
  "SQLITE_CANTOPEN",
  "SQLITE_FULL",
  "SQLITE_IOERR",
]);

const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
};

const maskedUrl = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");

/**
 * Turns what stopped the server at start into one sentence that names the place and says what to do,
 * instead of a stack trace. Unknown errors return undefined (the caller prints them whole).
 */
export function describeStartupError(error: unknown, config: AppConfig): string | undefined {
  const code = codeOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code === "EADDRINUSE")
    return `Port ${config.port} on ${config.host} is already in use (${code}). Stop what uses it, or set PORT to another port.`;
  if (code === "EADDRNOTAVAIL")
    return `This machine has no address ${config.host} (${code}). Set HOST to one of its addresses, e.g. 127.0.0.1.`;
  if (config.databaseUrl) {
    if (["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "28P01", "3D000"].includes(code)) {
      return `Cannot use the PostgreSQL database at ${maskedUrl(config.databaseUrl)} (${code}: ${detail}). Check that the server runs and DATABASE_URL is right.`;
    }
    return undefined;
  }
  if (folderCodes.has(code) || code.startsWith("SQLITE_IOERR")) {
    const folder = resolve(config.dataDir);
    return `Cannot write the data folder ${folder} (${code}: ${detail}). Make it writable by this user (${process.getuid?.() ?? "?"}), free some space, or set DATA_DIR to a writable folder.`;
  }
  return undefined;
}
