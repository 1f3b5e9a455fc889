import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Storage } from "../../storage/database.js";
import { probeWrite, storageHealthOf } from "../../storage/storage-health.js";
import { embeddedMemorySchema } from "@locrit/protocol";
import { errorResponses } from "../docs/openapi-responses.js";
import type { EmbeddedMemoryReport } from "../models/embedded/embedded-models.js";
import type { ProviderFactory } from "../models/provider-factory.js";
import { probeModelServer, type ProbedModelServer } from "./model-server-probe.js";

const healthResponseSchema = z.object({
  success: z.boolean(),
  status: z.enum(["healthy", "degraded", "unhealthy"]),
  service: z.literal("Locrit API"),
  timestamp: z.string(),
  storage: z.object({ ok: z.boolean(), dialect: z.string(), error: z.string().optional() }),
  /** The default model server (the configured OLLAMA_URL one until the owner picks another). */
  model_server: z.object({
    ok: z.boolean(),
    url: z.string(),
    name: z.string(),
    provider: z.string(),
    latency_ms: z.number().optional(),
    error: z.string().optional(),
  }),
  /** Limits the web UI shows before the server would refuse (the chat message size is configurable). */
  limits: z.object({ max_message_bytes: z.number().int() }),
  /** In-process models (SPEC §11): whether they can run here, the process RSS and the models in memory. */
  embedded: embeddedMemorySchema.optional(),
});

export interface HealthDependencies {
  storage: Storage;
  /** The default model server (never fails), and the providers that ask it for its models. */
  defaultModelServer: () => Promise<ProbedModelServer>;
  providers: ProviderFactory;
  /** How long the model-server probe may take before it counts as unreachable. */
  probeTimeoutMs: number;
  maxMessageBytes: number;
  /** The in-process models' memory report. */
  embedded?: () => EmbeddedMemoryReport;
}

/** `GET /health`: 200 healthy, 200 degraded (model server unreachable), 503 unhealthy (storage fails, writes included). */
export const healthRoutes =
  ({
    storage,
    defaultModelServer,
    providers,
    probeTimeoutMs,
    maxMessageBytes,
    embedded,
  }: HealthDependencies): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/health",
      {
        schema: {
          tags: ["system"],
          summary: "Service health",
          response: { 200: healthResponseSchema, 503: healthResponseSchema, ...errorResponses() },
        },
      },
      async (request, reply) => {
        // While writes fail (a full disk: reads still answer), a small committed write tells whether they
        // work again; the probe's success marks the store working, so it recovers with no other traffic.
        const writesFailing = storageHealthOf(storage.db).failing;
        const [storageStatus, modelServer] = await Promise.all([
          (writesFailing ? probeWrite(storage.db) : storage.ping()).then(
            () => ({ ok: true, dialect: storage.dialect }),
            (error: unknown) => {
              request.log.error({ err: error }, "storage health check failed");
              // The driver's text may name files or hosts: the answer only says what fails.
              return {
                ok: false,
                dialect: storage.dialect,
                error: writesFailing ? "storage is refusing writes" : "storage is not answering",
              };
            },
          ),
          defaultModelServer().then((server) => probeModelServer(server, { providers, timeoutMs: probeTimeoutMs })),
        ]);
        const status = !storageStatus.ok ? "unhealthy" : modelServer.ok ? "healthy" : "degraded";
        return reply.status(status === "unhealthy" ? 503 : 200).send({
          success: status !== "unhealthy",
          status,
          service: "Locrit API" as const,
          timestamp: new Date().toISOString(),
          storage: storageStatus,
          model_server: modelServer,
          limits: { max_message_bytes: maxMessageBytes },
          ...(embedded ? { embedded: embedded() } : {}),
        });
      },
    );
  };
