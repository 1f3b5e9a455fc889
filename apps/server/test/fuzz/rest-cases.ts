import fc from "fast-check";
import {
  deepJson,
  isUrlField,
  safeUrls,
  validValue,
  wrongValue,
  type JsonSchema,
  type SchemaHints,
} from "./json-schema-arbitrary.js";

interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  method: string;
  /** As the document spells it: `/api/locrits/{name}`. */
  path: string;
  parameters: OpenApiParameter[];
  bodySchema?: JsonSchema;
  /** Status codes the document declares, as strings (`"200"`, `"503"`). */
  responses: Set<string>;
  /** The document's tags: the models API's say which protocol's error shape it answers. */
  tags: string[];
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: OpenApiParameter[];
        tags?: string[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        responses?: Record<string, unknown>;
      }
    >
  >;
}

/** Every operation of the document, whatever it declares today. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const content = operation.requestBody?.content ?? {};
      const bodySchema = content["application/json"]?.schema ?? Object.values(content)[0]?.schema;
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        bodySchema,
        responses: new Set(Object.keys(operation.responses ?? {})),
        tags: operation.tags ?? [],
      });
    }
  }
  return operations;
}

/** A path parameter: one of the fixtures (resolved when the case runs, since fuzzing may delete them) or raw text. */
export type PathValue = { fixture: FixtureRef; variant: "as-is" | "upper" | "encoded" } | { raw: string };
export type FixtureRef = "locrit" | "downLocrit" | "session" | "longSession" | "message" | "memory";

export interface RestBody {
  contentType?: string;
  text: string | Buffer;
  /** What was done to it, for the report. */
  note: string;
}

export interface RestCase {
  operation: Operation;
  pathValues: Record<string, PathValue>;
  query: string;
  headers: Record<string, string>;
  body?: RestBody;
}

/** Which fixture fits a path parameter, from its name and where it sits in the path. */
function fixtureFor(path: string, name: string): FixtureRef[] {
  if (name === "name") return ["locrit", "locrit", "downLocrit"];
  if (name === "session_id") return ["session", "longSession"];
  if (path.includes("/messages/")) return ["message"];
  if (path.includes("/memories/")) return ["memory"];
  if (path.includes("/conversations/")) return ["session", "longSession"];
  return ["locrit", "downLocrit", "session", "message", "memory"];
}

/** Garbage for a path segment, already as it goes on the wire. */
const garbageSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "%zz",
    "%",
    "%2",
    "..%2f..%2f..%2fetc%2fpasswd",
    "..",
    ".",
    "",
    "%00",
    "%2F",
    "%2e%2e",
    "%C0%AF",
    "%ED%A0%80",
    "%FF%FE",
    "a;b",
    "Bob%20Technique",
    "%E2%80%AE",
    "__proto__",
    "constructor",
  ),
  fc.integer({ min: 101, max: 129 }).map((length) => "a".repeat(length)),
  fc.constantFrom(2_000, 10_000, 70_000).map((length) => "x".repeat(length)),
  // A name the SPEC allows that is long once encoded: 64 characters of 3 bytes are 576 on the wire.
  fc.integer({ min: 1, max: 70 }).map((length) => encodeURIComponent("名".repeat(length))),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }).map(encodeAny),
  fc
    .string({ unit: "grapheme-ascii", maxLength: 40 })
    .map((text) => text.replace(/[^\x21-\x7e]/g, "").replace(/[/?#]/g, "")),
);

function pathValue(operation: Operation, name: string): fc.Arbitrary<PathValue> {
  const fixtures = fixtureFor(operation.path, name);
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        fixture: fc.constantFrom(...fixtures),
        variant: fc.constantFrom("as-is" as const, "as-is" as const, "upper" as const, "encoded" as const),
      }),
    },
    { weight: 2, arbitrary: garbageSegment.map((raw) => ({ raw })) },
  );
}

/** encodeURIComponent, except that a lone surrogate goes as the bytes Node would send for it instead of throwing. */
function encodeAny(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join("");
  }
}

const encodePair = (name: string, value: string) => `${encodeAny(name)}=${encodeAny(value)}`;

function queryPart(parameter: OpenApiParameter, hints: SchemaHints): fc.Arbitrary<string> {
  const name = parameter.name;
  const valid = isUrlField(name)
    ? fc.constantFrom(...safeUrls(hints.modelServerUrl))
    : validValue(parameter.schema ?? {}, hints, name).map(String);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant("") },
    { weight: 2, arbitrary: valid.map((value) => encodePair(name, value)) },
    {
      weight: 2,
      arbitrary: wrongValue.map((value) => encodePair(name, typeof value === "string" ? value : JSON.stringify(value))),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        `${name}=%zz`,
        `${name}`,
        `${name}=`,
        `${name}=1&${name}=2`,
        `${name}[]=1`,
        `${name}[a]=1`,
        `${name}=${"9".repeat(400)}`,
        `${name}=${"q".repeat(5_000)}`,
      ),
    },
  );
}

function queryOf(operation: Operation, hints: SchemaHints): fc.Arbitrary<string> {
  const parts = operation.parameters
    .filter((parameter) => parameter.in === "query")
    .map((parameter) => queryPart(parameter, hints));
  const unknown = fc.oneof(
    { weight: 4, arbitrary: fc.constant("") },
    { weight: 1, arbitrary: fc.constantFrom("unknown=1", "__proto__[x]=1", "%zz=%zz", "&&&", "=") },
  );
  return fc.tuple(...parts, unknown).map((list) => list.filter((part) => part !== "").join("&"));
}

/** Content types a client may send with a body, right or wrong. */
const contentTypes = fc.constantFrom(
  "application/json",
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=utf-16",
  "application/json; charset=bogus",
  "text/plain",
  "text/plain;charset=UTF-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  "application/octet-stream",
  "",
  "application/jsonx",
  "*/*",
);

/** The operation's body schema, turned into a valid body and then (usually) broken. */
function bodyOf(operation: Operation, hints: SchemaHints): fc.Arbitrary<RestBody | undefined> {
  const schema = operation.bodySchema ?? { type: "object", properties: {} };
  const properties = Object.keys(schema.properties ?? {});
  const required = schema.required ?? [];
  const valid = validValue(schema, hints) as fc.Arbitrary<unknown>;
  const asObject = (value: unknown): Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? { ...(value as Record<string, unknown>) }
      : {};
  const json =
    (note: string) =>
    (value: unknown): RestBody => ({ contentType: "application/json", text: JSON.stringify(value) ?? "null", note });

  const mutated: fc.Arbitrary<RestBody>[] = [
    valid.map(json("valid per the schema")),
    valid.chain((value) =>
      fc.constantFrom(...(required.length > 0 ? required : ["(none required)"])).map((key) => {
        const object = asObject(value);
        delete object[key];
        return json(`without required field ${key}`)(object);
      }),
    ),
    valid.chain((value) =>
      fc
        .tuple(fc.constantFrom(...(properties.length > 0 ? properties : ["field"])), wrongValue)
        .map(([key, wrong]) => json(`${key} of the wrong type`)({ ...asObject(value), [key]: wrong })),
    ),
    valid.chain((value) =>
      fc
        .dictionary(
          fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !isUrlField(key)),
          fc.jsonValue({ maxDepth: 2 }),
          { minKeys: 1, maxKeys: 4 },
        )
        .map((extra) => json("extra fields")({ ...asObject(value), ...extra })),
    ),
    valid.map((value) => {
      const text = JSON.stringify(asObject(value));
      return {
        contentType: "application/json",
        text: `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${text.slice(1)}`.replace(
          /,}$/,
          "}",
        ),
        note: "prototype keys",
      };
    }),
    fc
      .tuple(
        valid,
        fc.constantFrom(...(properties.length > 0 ? properties : ["field"])),
        fc.constantFrom(200_000, 900_000, 1_100_000, 3_000_000),
      )
      .map(([value, key, size]) =>
        json(`${key} is a ${size}-character string`)({ ...asObject(value), [key]: "é".repeat(size / 2) }),
      ),
    fc
      .tuple(
        valid,
        fc.constantFrom(...(properties.length > 0 ? properties : ["field"])),
        fc.constantFrom(50, 1_000, 5_000),
      )
      .map(([value, key, depth]) => {
        const text = JSON.stringify({ ...asObject(value), [key]: 0 });
        return {
          contentType: "application/json",
          text: text.replace(`"${key}":0`, `${JSON.stringify(key)}:${deepJson(depth)}`),
          note: `${key} nested ${depth} deep`,
        };
      }),
    fc.jsonValue({ maxDepth: 2 }).map(json("a JSON value of any shape")),
    fc
      .constantFrom(
        "null",
        "[]",
        '""',
        "0",
        "true",
        "{",
        '{"a":',
        "undefined",
        "NaN",
        "{'a':1}",
        "",
        " ",
        "\u0000",
        '{"a":1}{"b":2}',
        "\ufeff{}",
      )
      .map((text) => ({ contentType: "application/json", text, note: "not JSON or not an object" })),
    fc.tuple(valid, contentTypes).map(([value, contentType]) => ({
      contentType: contentType || undefined,
      text: JSON.stringify(value) ?? "",
      note: `valid JSON sent as '${contentType}'`,
    })),
    fc.string({ maxLength: 200 }).map((text) => ({ contentType: "text/plain", text, note: "text/plain body" })),
    fc
      .uint8Array({ minLength: 1, maxLength: 300 })
      .map((bytes) => ({ contentType: "application/json", text: Buffer.from(bytes), note: "random bytes" })),
  ];
  const weighted = mutated.map((arbitrary, index) => ({ weight: index === 5 || index === 6 ? 1 : 3, arbitrary }));
  // Operations without a body get none most of the time, and a stray one sometimes.
  if (!operation.bodySchema)
    return fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.oneof(...weighted) });
  return fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 20, arbitrary: fc.oneof(...weighted) });
}

/** Headers besides the body's: mostly none; sometimes a foreign page's Origin, or a foreign Host. */
const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("http://evil.example", "null", "http://127.0.0.1:1").map((origin) => ({ origin })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("attacker.example", "localhost", "127.0.0.1:1", "").map((host) => ({ host })),
  },
);

export function restCase(operation: Operation, hints: SchemaHints): fc.Arbitrary<RestCase> {
  const pathNames = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const pathValues = fc.record(
    Object.fromEntries(pathNames.map((name) => [name, pathValue(operation, name)])),
  ) as fc.Arbitrary<Record<string, PathValue>>;
  return fc.record({
    operation: fc.constant(operation),
    pathValues,
    query: queryOf(operation, hints),
    headers: extraHeaders,
    body: bodyOf(operation, hints),
  });
}
