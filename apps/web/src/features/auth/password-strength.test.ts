import { describe, expect, it } from "vitest";
import { passwordStrength } from "./password-strength";

describe("passwordStrength (unit)", () => {
  it("asks for the server's minimum length first", () => {
    expect(passwordStrength("")).toBe("too_short");
    expect(passwordStrength("Ab1!xyz")).toBe("too_short");
  });

  it("calls common and one-character passwords weak, whatever their length", () => {
    expect(passwordStrength("password123456789")).toBe("weak");
    expect(passwordStrength("aaaaaaaaaaaaaaaaaaaa")).toBe("weak");
    expect(passwordStrength("abcdefgh")).toBe("weak");
  });

  it("rates length first, then the kinds of character mixed", () => {
    expect(passwordStrength("Abcdef1!")).toBe("fair");
    expect(passwordStrength("abcdefghijkl")).toBe("fair");
    expect(passwordStrength("Abcdefghij1!")).toBe("strong");
    expect(passwordStrength("correct horse battery")).toBe("strong");
  });
});
