import { describe, expect, it } from "vitest";
import { loginPathFor, safeNextPath } from "./login-redirect";

describe("safeNextPath (unit)", () => {
  it("follows a path of this site, with its query and hash", () => {
    expect(safeNextPath("/my-locrits/Bob%20Technique/chat?session=s1#end")).toBe(
      "/my-locrits/Bob%20Technique/chat?session=s1#end",
    );
  });

  it("refuses other sites, missing values and the login pages themselves", () => {
    for (const next of [null, undefined, "", "https://evil.example/", "//evil.example/x", "/\\evil.example", "x"])
      expect(safeNextPath(next)).toBe("/");
    expect(safeNextPath("/login?next=%2Fsettings")).toBe("/");
    expect(safeNextPath("/setup?token=abc")).toBe("/");
  });
});

describe("loginPathFor (unit)", () => {
  it("carries where the browser is as `next`, encoded", () => {
    expect(loginPathFor({ pathname: "/my-locrits", search: "?a=1&b=2", hash: "" })).toBe(
      "/login?next=%2Fmy-locrits%3Fa%3D1%26b%3D2",
    );
  });

  it("leaves `next` out for the dashboard and for the login page itself", () => {
    expect(loginPathFor({ pathname: "/", search: "", hash: "" })).toBe("/login");
    expect(loginPathFor({ pathname: "/login", search: "?next=%2Fx", hash: "" })).toBe("/login");
  });
});
