import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/helpers/test-app.js";
import { drainConnectionsOnClose } from "./connection-drain.js";

/** Far below Fastify's 72 s keep-alive timeout, far above what a busy machine needs to close a server. */
const CLOSE_CEILING_MS = 20_000;

const sockets: Socket[] = [];
let harness: TestApp | undefined;
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await harness?.close();
  harness = undefined;
});

/** A raw TCP client: what it received, and a promise that settles when the server hangs up. */
async function openConnection(port: number): Promise<{ socket: Socket; received: () => string; ended: Promise<void> }> {
  const socket = connect(port, "127.0.0.1");
  sockets.push(socket);
  let text = "";
  socket.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  socket.on("error", () => {});
  const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  return { socket, received: () => text, ended };
}

/** "closed" if `close` settles before the ceiling, "still waiting" if not. */
async function settlesWithin(close: Promise<unknown>, ms = CLOSE_CEILING_MS): Promise<"closed" | "still waiting"> {
  let timer: NodeJS.Timeout | undefined;
  const ceiling = new Promise<"still waiting">((resolve) => (timer = setTimeout(() => resolve("still waiting"), ms)));
  const outcome = await Promise.race([close.then(() => "closed" as const), ceiling]);
  clearTimeout(timer);
  return outcome;
}

const keepAliveGet = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`;

/** A bare Fastify app with the drain, a route the test answers by hand, and one that never answers. */
async function startBareApp(graceMs: number) {
  const app: FastifyInstance = Fastify();
  let arrived!: () => void;
  const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  app.get("/held", async () => {
    arrived();
    await released;
    return "answered";
  });
  app.get("/never", () => {
    arrived();
    return new Promise(() => {});
  });
  app.get("/quick", async () => "quick");
  drainConnectionsOnClose(app, { graceMs });
  await app.listen({ host: "127.0.0.1", port: 0 });
  return { app, port: (app.server.address() as AddressInfo).port, requestArrived, release };
}

describe("closing the server with connections open", () => {
  it("does not wait for a connection that was opened but never sent a request (a browser's pre-connect)", async () => {
    harness = await startTestApp();
    const port = Number(new URL(await harness.listen()).port);
    const spare = await openConnection(port);
    const closing = harness.close();
    harness = undefined;
    expect(await settlesWithin(closing)).toBe("closed");
    await spare.ended;
  });

  it("closes an idle keep-alive connection", async () => {
    const { app, port } = await startBareApp(60_000);
    const client = await openConnection(port);
    client.socket.write(keepAliveGet("/quick"));
    await expect.poll(() => client.received(), { timeout: CLOSE_CEILING_MS }).toContain("quick");
    expect(await settlesWithin(app.close())).toBe("closed");
    await client.ended;
  });

  it("answers a request that was running when close began, then closes its connection without waiting for the keep-alive timeout", async () => {
    const { app, port, requestArrived, release } = await startBareApp(60_000);
    const client = await openConnection(port);
    client.socket.write(keepAliveGet("/held"));
    await requestArrived;
    const closing = app.close();
    // The server stops listening once the preClose hooks have run: the request is now one close found running.
    await expect.poll(() => app.server.listening, { timeout: CLOSE_CEILING_MS }).toBe(false);
    release();
    expect(await settlesWithin(closing)).toBe("closed");
    await client.ended;
    expect(client.received()).toMatch(/^HTTP\/1\.1 200/);
    expect(client.received()).toMatch(/\r\nconnection: close\r\n/i);
    expect(client.received()).toContain("answered");
  });

  it("cuts a request that never ends once the grace period is over", async () => {
    const { app, port, requestArrived } = await startBareApp(200);
    const client = await openConnection(port);
    client.socket.write(keepAliveGet("/never"));
    await requestArrived;
    expect(await settlesWithin(app.close())).toBe("closed");
    await client.ended;
  });
});
