import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

/** The parts of an OpenAPI 3.1 document the contract test reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> };
}
export interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

const HTTP_METHODS = ["get", "post", "put", "patch", "delete"];

/** `GET /api/locrits/{name}`: one key per operation of the document. */
export function operationKeys(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => HTTP_METHODS.includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/** A JSON pointer segment (`/` and `~` escaped). */
const pointer = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/**
 * Checks real answers against the document: the status must be one the operation declares, the
 * media type one that status declares, and the body must satisfy that schema. The whole document is
 * given to Ajv once, so `$ref`s to `#/components/schemas/…` resolve as they would for any client.
 */
export class OpenApiResponseChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv.addSchema(document as object, "openapi.json");
  }

  operation(key: string): OpenApiOperation {
    const [method, path] = key.split(" ") as [string, string];
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${key} is not in the document`);
    return operation;
  }

  /** The problems of one answer, empty when it matches the document. */
  check(key: string, answer: { status: number; contentType: string; body: string }): string[] {
    const [method, path] = key.split(" ") as [string, string];
    const response = this.operation(key).responses?.[String(answer.status)];
    if (!response) return [`status ${answer.status} is not documented`];
    const mediaType = answer.contentType.split(";")[0]!.trim().toLowerCase();
    if (!response.content?.[mediaType]?.schema)
      return [`${answer.status} documents no ${mediaType || "(no content-type)"} body`];
    const ref = `openapi.json#/paths/${pointer(path)}/${method.toLowerCase()}/responses/${answer.status}/content/${pointer(mediaType)}/schema`;
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    let body: unknown = answer.body;
    // JSON bodies (application/json, …+json), not NDJSON streams (application/x-ndjson), which are text.
    if (/(^|\/|\+)json$/.test(mediaType)) {
      try {
        body = JSON.parse(answer.body);
      } catch {
        return [`${answer.status} body is not JSON: ${answer.body.slice(0, 200)}`];
      }
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${answer.status} body ${error.instancePath || "/"} ${error.message ?? "invalid"} ${JSON.stringify(error.params)}`,
    );
  }
}
