import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends } from "../../../test/postgres/postgres-test-app.js";

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]);
const GIF = Buffer.concat([Buffer.from("GIF89a"), Buffer.alloc(32, 3)]);
const WEBP = Buffer.concat([
  Buffer.from("RIFF"),
  Buffer.from([0x20, 0, 0, 0]),
  Buffer.from("WEBPVP8 "),
  Buffer.alloc(32),
]);
const LIMIT = 4 * 1024;

let harness: TestApp;
afterEach(async () => harness?.close());

const inject = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: object) =>
  harness.app.inject({ method, url, ...(payload ? { payload } : {}) });
const upload = (name: string, image: Buffer, contentType = "image/png") =>
  harness.app.inject({
    method: "PUT",
    url: `/api/locrits/${encodeURIComponent(name)}/avatar`,
    headers: { "content-type": contentType },
    payload: image,
  });
const avatarFiles = () => {
  const folder = join(harness.dataDir, "avatars");
  return existsSync(folder) ? readdirSync(folder) : [];
};
const createLocrit = async (name: string, extra: Record<string, unknown> = {}) => {
  const answer = await inject("POST", "/api/locrits", { name, model: "fake-model", ...extra });
  expect(answer.statusCode, answer.body).toBe(201);
  expect(answer.json().locrit.avatar).toBeNull();
};

// Issue 19 "Avatars": type by magic bytes, a size limit, served with its type, carried by rename, removed with the Locrit.
describe.each(testAppBackends)("Locrit avatars on $name (integration)", (backend) => {
  it("stores each image type by its bytes and serves it back with that type and caching headers", async () => {
    harness = await backend.start({ avatarMaxBytes: LIMIT });
    await createLocrit("Bob Technique");
    for (const [image, type] of [
      [PNG, "image/png"],
      [JPEG, "image/jpeg"],
      [GIF, "image/gif"],
      // The declared type is not trusted: the bytes say WebP.
      [WEBP, "application/octet-stream"],
    ] as const) {
      const uploaded = await upload("Bob Technique", image, type);
      expect(uploaded.statusCode, uploaded.body).toBe(200);
      const url: string = uploaded.json().locrit.avatar;
      expect(url).toMatch(/^\/api\/locrits\/Bob%20Technique\/avatar\?v=[a-z0-9]+$/);
      const served = await inject("GET", url);
      expect(served.statusCode).toBe(200);
      expect(served.headers["content-type"]).toBe(type === "application/octet-stream" ? "image/webp" : type);
      expect(served.headers["cache-control"]).toContain("immutable");
      expect(served.headers["x-content-type-options"]).toBe("nosniff");
      expect(served.rawPayload.equals(image)).toBe(true);
      // Without the current version the browser must ask again; with its ETag it gets 304.
      const unversioned = await inject("GET", "/api/locrits/Bob%20Technique/avatar");
      expect(unversioned.headers["cache-control"]).toContain("no-cache");
      const revalidated = await harness.app.inject({
        method: "GET",
        url: "/api/locrits/Bob%20Technique/avatar",
        headers: { "if-none-match": String(served.headers.etag) },
      });
      expect(revalidated.statusCode).toBe(304);
    }
    // Each upload replaced the file before it: one file is left.
    expect(avatarFiles()).toHaveLength(1);
    expect((await inject("GET", "/api/locrits/Bob%20Technique")).json().locrit.avatar).toMatch(/avatar\?v=/);
  });

  it("refuses what is not an image with 415 and an image over the limit with 413, storing nothing", async () => {
    harness = await backend.start({ avatarMaxBytes: LIMIT });
    await createLocrit("Picky");
    for (const [body, type] of [
      [Buffer.from("<html><script>alert(1)</script></html>"), "image/png"],
      [Buffer.from("%PDF-1.7 not an image"), "application/pdf"],
      [Buffer.from('{"image": "no"}'), "application/json"],
      [Buffer.alloc(0), "image/png"],
    ] as const) {
      const answer = await upload("Picky", body, type);
      expect(answer.statusCode, `${type} ${answer.body}`).toBe(415);
      expect(answer.json()).toMatchObject({ success: false, error: { code: "avatar_unsupported_type" } });
    }
    const tooLarge = await upload("Picky", Buffer.concat([PNG, Buffer.alloc(LIMIT)]));
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error).toMatchObject({ code: "avatar_too_large", details: { limit_bytes: LIMIT } });
    expect(avatarFiles()).toEqual([]);
    expect((await inject("GET", "/api/locrits/Picky")).json().locrit.avatar).toBeNull();
    const missing = await inject("GET", "/api/locrits/Picky/avatar");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("avatar_not_found");
    expect((await upload("Nobody", PNG)).json().error.code).toBe("locrit_not_found");
  });

  it("is carried by a rename, survives a restart, and goes with DELETE or with its Locrit", async () => {
    harness = await backend.start({ avatarMaxBytes: LIMIT });
    await createLocrit("Old Name");
    expect((await upload("Old Name", PNG)).statusCode).toBe(200);
    const renamed = await inject("POST", "/api/locrits/Old%20Name/rename", { new_name: "New Name" });
    expect(renamed.json().locrit.avatar).toMatch(/^\/api\/locrits\/New%20Name\/avatar\?v=/);
    harness = await harness.restart();
    const served = await inject("GET", "/api/locrits/New%20Name/avatar");
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(PNG)).toBe(true);
    expect((await inject("GET", "/api/locrits/Old%20Name/avatar")).statusCode).toBe(404);

    const removed = await inject("DELETE", "/api/locrits/New%20Name/avatar");
    expect(removed.statusCode).toBe(200);
    expect(removed.json().locrit.avatar).toBeNull();
    expect(avatarFiles()).toEqual([]);
    expect((await inject("DELETE", "/api/locrits/New%20Name/avatar")).json().error.code).toBe("avatar_not_found");

    await upload("New Name", JPEG);
    await createLocrit("Neighbour");
    await upload("Neighbour", GIF);
    expect(avatarFiles()).toHaveLength(2);
    expect((await inject("DELETE", "/api/locrits/New%20Name")).statusCode).toBe(200);
    await expect.poll(() => avatarFiles().length, { timeout: 10_000 }).toBe(1);
    expect((await inject("GET", "/api/locrits/Neighbour/avatar")).statusCode).toBe(200);
  });

  it("over a real connection, answers an oversized upload with 413 and keeps serving", async () => {
    harness = await backend.start({ avatarMaxBytes: LIMIT });
    await createLocrit("Wired");
    const base = await harness.listen();
    const url = `${base}/api/locrits/Wired/avatar`;
    const big = await fetch(url, {
      method: "PUT",
      headers: { "content-type": "image/png" },
      body: Buffer.concat([PNG, Buffer.alloc(3 * 1024 * 1024)]),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe("avatar_too_large");
    const small = await fetch(url, { method: "PUT", headers: { "content-type": "image/png" }, body: PNG });
    expect(small.status).toBe(200);
    const served = await fetch(url);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("serves the public twin only while the Locrit is open to the internet", async () => {
    harness = await backend.start({ avatarMaxBytes: LIMIT });
    await createLocrit("Shy");
    await upload("Shy", PNG);
    const closed = await inject("GET", "/public/api/Shy/avatar");
    expect(closed.statusCode).toBe(403);
    expect(closed.json().error.code).toBe("locrit_closed");
    const opened = await harness.app.inject({
      method: "PATCH",
      url: "/api/locrits/Shy",
      payload: { open_to: { internet: true } },
    });
    expect(opened.statusCode).toBe(200);
    const open = await inject("GET", "/public/api/Shy/avatar");
    expect(open.statusCode).toBe(200);
    expect(open.headers["content-type"]).toBe("image/png");
    expect(open.headers["cache-control"]).toMatch(/^public/);
  });
});
