import { startFakeModelServer } from "../../apps/server/test/fake-model-server/fake-model-server.js";

/**
 * The fake model server as its own process for the benches, emitting tokens as fast as it can:
 *   node --import tsx bench/lib/fake-model.process.ts        (env TOKEN_COUNT, default 500; TOKEN_DELAY_MS, default 0)
 * Prints `listening <url>` once ready. Every reply is TOKEN_COUNT tokens `w1 `, `w2 `, … A token delay
 * makes replies last, as a real model's do.
 */
const server = await startFakeModelServer({
  tokenDelayMs: Number(process.env.TOKEN_DELAY_MS ?? 0),
  tokenCount: Number(process.env.TOKEN_COUNT ?? 500),
});
console.log(`listening ${server.url}`);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
