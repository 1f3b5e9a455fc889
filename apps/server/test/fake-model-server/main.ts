import { startFakeModelServer } from "./fake-model-server.js";

/**
 * A local stand-in model server for demos and manual testing:
 *   npx tsx apps/server/test/fake-model-server/main.ts [port]     (env TOKEN_DELAY_MS, default 40)
 * then start Locrit with OLLAMA_URL set to the printed URL. Replies echo the last user message.
 */
const port = Number(process.argv[2] ?? process.env.PORT ?? 11435);
const server = await startFakeModelServer({ tokenDelayMs: Number(process.env.TOKEN_DELAY_MS ?? 40) }, { port });
console.log(`fake model server listening at ${server.url}`);
process.on("SIGINT", () => void server.close().then(() => process.exit(0)));
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
