import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";

/**
 * The OpenAPI document is generated from the same zod schemas that validate requests.
 * Must be registered before the routes it describes.
 */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Locrit API",
        version: "0.1.0",
        description: "REST API of Locrit, a self-hosted home for AI companions.",
      },
      tags: [
        { name: "locrits", description: "Locrit management" },
        { name: "memory", description: "What a Locrit remembers (Memory Explorer)" },
        { name: "original-clients", description: "Routes kept for the original system's clients" },
        { name: "system", description: "Health and documentation" },
        {
          name: "openai-compatible",
          description: "Locrits as OpenAI models (SPEC §10): `model` is a Locrit's name; errors in OpenAI's shape",
        },
        {
          name: "ollama-compatible",
          description: "Locrits as Ollama models (SPEC §10): `model` is a Locrit's name; errors as Ollama's `{error}`",
        },
      ],
    },
    transform: jsonSchemaTransform,
    // Schemas registered with an id (the one error shape) go to components.schemas and are referenced.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
}
