import type { FastifyInstance, FastifyRequest } from "fastify";
import { modelApiCaller, type ModelApiCaller } from "../security/model-api-access.js";
import type { ChatSender } from "../chat/chat-turn.js";

const senders = new WeakMap<FastifyRequest, ChatSender>();

/** How a caller talks to a Locrit: the owner as a human on its own channel; a token's holder by its name. */
function senderFor(caller: ModelApiCaller): ChatSender {
  if (caller.kind === "owner") return { type: "human", userId: "api_user" };
  return { type: caller.kind, name: caller.name, userId: caller.name };
}

/** Every route registered in `app` asks the security module who calls, once, before its body is read. */
export function gateModelApi(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    senders.set(request, senderFor(await modelApiCaller(request)));
  });
}

/** The sender the gate settled on for this request. */
export function senderOf(request: FastifyRequest): ChatSender {
  const sender = senders.get(request);
  if (!sender) throw new Error("gateModelApi(app) must be registered before the models API's routes.");
  return sender;
}
