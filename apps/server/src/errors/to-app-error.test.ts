import { describe, expect, it } from "vitest";
import { AppError } from "./app-error.js";
import { locritNotFound, storageError } from "./errors.js";
import { isUnexpected, toAppError, toErrorBody } from "./to-app-error.js";

describe("toAppError, the one mapper for HTTP, socket.io and chat turns (unit)", () => {
  it("passes coded errors through", () => {
    const coded = locritNotFound("Bob");
    expect(toAppError(coded)).toBe(coded);
  });

  it("labels a database driver's failure storage_error and keeps it as the cause", () => {
    const driver = Object.assign(new Error("database or disk is full"), { name: "SqliteError", code: "SQLITE_FULL" });
    const coded = toAppError(driver);
    expect(coded.code).toBe("storage_error");
    expect(coded.cause).toBe(driver);
  });

  it("labels anything nobody coded internal_error (not storage_error), with a safe message", () => {
    const bug = new TypeError("cannot read properties of undefined (reading 'secret')");
    const coded = toAppError(bug);
    expect(coded.code).toBe("internal_error");
    expect(isUnexpected(coded)).toBe(true);
    expect(coded.cause).toBe(bug);
    expect(JSON.stringify(toErrorBody(coded))).not.toContain("secret");
  });

  it("codes request parsing errors", () => {
    expect(toAppError(Object.assign(new Error("x"), { code: "FST_ERR_CTP_INVALID_JSON_BODY" })).code).toBe(
      "invalid_json",
    );
    expect(toAppError(Object.assign(new Error("x"), { code: "FST_ERR_CTP_BODY_TOO_LARGE" })).code).toBe(
      "payload_too_large",
    );
  });

  it("never puts the cause in the body", () => {
    const wrapped = storageError(undefined, { cause: new Error("/var/lib/locrit/locrit.db: I/O error") });
    expect(wrapped).toBeInstanceOf(AppError);
    expect(toErrorBody(wrapped)).toEqual({
      success: false,
      error: { code: "storage_error", message: "Storage is not available; nothing was changed." },
    });
  });
});
