import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/helpers/test-app.js";
import { isLoopbackHostname, isLoopbackListenAddress, parseHostHeader } from "./host-names.js";
import { createRequestPolicy, OUTBOUND_ROUTES, type RequestPolicySettings } from "./request-policy.js";

const settings: RequestPolicySettings = {
  host: "127.0.0.1",
  corsOrigins: ["http://localhost:5173"],
  allowedHosts: ["locrit.example.org", "box.lan:8443"],
};
const policy = createRequestPolicy(settings);
const codeOf = (method: string, headers: Record<string, string>, route?: string) =>
  policy.check({ method, route, headers })?.code;

describe("host names (unit)", () => {
  it("knows loopback names in every spelling a browser normalises to", () => {
    for (const header of [
      "localhost",
      "localhost:5000",
      "LOCALHOST:1",
      "127.0.0.1",
      "127.9.8.7:80",
      "127.1:5000",
      "[::1]:5000",
      "[0:0:0:0:0:0:0:1]",
    ]) {
      expect(isLoopbackHostname(parseHostHeader(header)!.hostname), header).toBe(true);
    }
    for (const header of [
      "attacker.example",
      "127.0.0.1.nip.io",
      "localhost.attacker.example",
      "10.0.0.1",
      "[::2]",
      "0.0.0.0",
    ]) {
      expect(isLoopbackHostname(parseHostHeader(header)!.hostname), header).toBe(false);
    }
  });

  it("reads nothing into a Host header a browser would not send", () => {
    for (const header of [
      "",
      "a b",
      "evil.example@127.0.0.1",
      "127.0.0.1/x",
      "127.0.0.1#@evil.example",
      "127.0.0.1:99999999",
    ])
      expect(parseHostHeader(header), header).toBeUndefined();
  });

  it("tells loopback listen addresses (single-user mode) from the others", () => {
    for (const host of ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
      expect(isLoopbackListenAddress(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "locrit.example.org"])
      expect(isLoopbackListenAddress(host), host).toBe(false);
  });
});

describe("request policy (unit)", () => {
  const own = { host: "127.0.0.1:5000", origin: "http://127.0.0.1:5000" };

  it("refuses state-changing requests from foreign origins, null included, and only those", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(codeOf(method, { host: own.host, origin: "http://attacker.example" })).toBe("forbidden_origin");
      expect(codeOf(method, { host: own.host, origin: "null" })).toBe("forbidden_origin");
      expect(codeOf(method, { host: own.host, origin: "http://127.0.0.1:5001" })).toBe("forbidden_origin");
      expect(codeOf(method, own)).toBeUndefined();
      expect(codeOf(method, { host: own.host, origin: "http://localhost:5173" })).toBeUndefined();
      expect(codeOf(method, { host: own.host })).toBeUndefined();
    }
    expect(codeOf("GET", { host: own.host, origin: "http://attacker.example" }, "/api/locrits")).toBeUndefined();
  });

  it("matches the own origin on default ports and case as browsers write them", () => {
    expect(
      createRequestPolicy({ ...settings, host: "0.0.0.0" }).check({
        method: "POST",
        headers: { host: "Locrit.Example.org:443", origin: "https://locrit.example.org" },
      }),
    ).toBeUndefined();
    expect(
      createRequestPolicy({ ...settings, host: "0.0.0.0" }).check({
        method: "POST",
        headers: { host: "locrit.example.org", origin: "https://locrit.example.org:8443" },
      })?.code,
    ).toBe("forbidden_origin");
  });

  it("gives the routes that connect elsewhere the origin rule even as GETs, and no-cors browser GETs too", () => {
    for (const entry of OUTBOUND_ROUTES) {
      const [method, route] = entry.split(" ") as [string, string];
      expect(codeOf(method, { host: own.host, origin: "http://attacker.example" }, route), entry).toBe(
        "forbidden_origin",
      );
      expect(codeOf(method, { host: own.host, "sec-fetch-site": "cross-site" }, route), entry).toBe("forbidden_origin");
      expect(codeOf(method, { host: own.host, "sec-fetch-site": "same-origin" }, route), entry).toBeUndefined();
      expect(codeOf(method, { host: own.host }, route), entry).toBeUndefined();
    }
    expect(codeOf("HEAD", { host: own.host, origin: "http://attacker.example" }, "/api/models")).toBe(
      "forbidden_origin",
    );
  });

  it("in single-user mode answers only to loopback names and ALLOWED_HOSTS, on any method", () => {
    expect(codeOf("GET", { host: "attacker.example" })).toBe("forbidden_host");
    expect(codeOf("GET", { host: "attacker.example:5000", origin: "http://attacker.example:5000" })).toBe(
      "forbidden_host",
    );
    expect(codeOf("GET", { host: "locrit.example.org:5000" })).toBeUndefined();
    expect(codeOf("GET", { host: "box.lan:8443" })).toBeUndefined();
    expect(codeOf("GET", { host: "box.lan:8444" })).toBe("forbidden_host");
    expect(codeOf("GET", { host: "[::1]:5000" })).toBeUndefined();
    expect(codeOf("GET", {})).toBeUndefined();
    expect(
      createRequestPolicy({ ...settings, host: "0.0.0.0" }).check({
        method: "GET",
        headers: { host: "attacker.example" },
      }),
    ).toBeUndefined();
  });

  it("checks every socket.io handshake like a state-changing request", () => {
    expect(policy.checkHandshake({ host: own.host, origin: "http://attacker.example" })?.code).toBe("forbidden_origin");
    expect(policy.checkHandshake({ host: "attacker.example" })?.code).toBe("forbidden_host");
    expect(policy.checkHandshake(own)).toBeUndefined();
    expect(policy.checkHandshake({ host: own.host })).toBeUndefined();
  });
});

describe("the outbound route list (integration)", () => {
  let harness: TestApp;
  beforeAll(async () => {
    harness = await startTestApp();
  });
  afterAll(async () => {
    await harness.close();
  });

  it("names routes that exist, so a renamed route cannot slip out of the origin rule", () => {
    for (const entry of OUTBOUND_ROUTES) {
      const [method, url] = entry.split(" ") as ["GET" | "POST", string];
      expect(harness.app.hasRoute({ method, url }), entry).toBe(true);
    }
  });
});
