import { describe, expect, it } from "vitest";
import { ApiError } from "../../lib/api-client";
import { formatWaitTime, retryAfterSeconds } from "./wait-time";

describe("formatWaitTime (unit)", () => {
  it("says seconds, minutes and hours as a person would", () => {
    expect(formatWaitTime(0)).toBe("1 s");
    expect(formatWaitTime(45)).toBe("45 s");
    expect(formatWaitTime(60)).toBe("1 min");
    expect(formatWaitTime(899)).toBe("14 min 59 s");
    expect(formatWaitTime(3720)).toBe("1 h 2 min");
    expect(formatWaitTime(7200)).toBe("2 h");
  });
});

describe("retryAfterSeconds (unit)", () => {
  it("reads the wait from a rate_limited answer, and a minute when it names none", () => {
    expect(retryAfterSeconds(new ApiError("rate_limited", "Too many", 429, { retry_after_seconds: 899 }))).toBe(899);
    expect(retryAfterSeconds(new ApiError("rate_limited", "Too many", 429))).toBe(60);
  });

  it("is undefined for every other failure", () => {
    expect(retryAfterSeconds(new ApiError("unauthenticated", "The password is not right.", 401))).toBeUndefined();
    expect(retryAfterSeconds(new Error("boom"))).toBeUndefined();
  });
});
