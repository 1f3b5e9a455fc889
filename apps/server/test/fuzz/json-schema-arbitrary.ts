import fc from "fast-check";

/** The part of JSON Schema that the OpenAPI document's request schemas use. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
}

/**
 * Addresses the server may be made to connect to. Every URL-like field gets only these, whatever the
 * schema allows: the fuzz run sends traffic to this machine's loopback and nowhere else.
 */
export function safeUrls(modelServerUrl: string): string[] {
  return [
    modelServerUrl,
    "http://127.0.0.1:9",
    "http://[::1]:9",
    "not a url",
    "ftp://127.0.0.1:9/",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "http://",
    "",
  ];
}

/** Field names whose values the server may connect to. */
export const isUrlField = (name: string) => /url|address|host/i.test(name);

export interface SchemaHints {
  modelServerUrl: string;
  /** Real values for a field (e.g. the fixture Locrit's name for `locrit_name`), mixed in with generated ones. */
  realValues(field: string): string[];
}

const typesOf = (schema: JsonSchema): string[] =>
  Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];

/** A value the schema accepts (as far as a generator can tell): the starting point of every mutation. */
export function validValue(schema: JsonSchema, hints: SchemaHints, field = ""): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => validValue(alternative, hints, field)));
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...schema, type }, hints, field)));
  switch (types[0]) {
    case "string":
      return validString(schema, hints, field);
    case "integer":
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000 });
    case "number":
      return fc.double({
        min: schema.minimum ?? -1_000,
        max: schema.maximum ?? 1_000,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(validValue(schema.items ?? {}, hints, field), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case "object":
      return validObject(schema, hints);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(schema: JsonSchema, hints: SchemaHints, field: string): fc.Arbitrary<string> {
  if (schema.format === "uri" || isUrlField(field)) return fc.constantFrom(...safeUrls(hints.modelServerUrl));
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 60;
  const generated = schema.pattern
    ? fc.stringMatching(new RegExp(schema.pattern))
    : fc.oneof(
        {
          weight: 4,
          arbitrary: fc.string({ unit: "grapheme", minLength: min, maxLength: Math.min(max, Math.max(min, 40)) }),
        },
        // Right at the limit, where off-by-one bugs live.
        { weight: 1, arbitrary: fc.constant("é".repeat(Math.max(min, Math.min(max, 100_000)))) },
      );
  const real = hints.realValues(field);
  return real.length > 0 ? fc.oneof(generated, fc.constantFrom(...real)) : generated;
}

function validObject(schema: JsonSchema, hints: SchemaHints): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const shape = Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [key, validValue(value, hints, key)]),
  );
  return fc.record(shape, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) }) as fc.Arbitrary<
    Record<string, unknown>
  >;
}

/** A value of another JSON type than the schema wants (or of the right type but garbage). */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.constantFrom(
    -1,
    0,
    1e308,
    -1e308,
    0.5,
    2 ** 53 + 1,
    true,
    false,
    null,
    "",
    " ",
    "\u0000",
    "\ud800",
    "‮evil",
    "[object Object]",
    "NaN",
    "1e309",
  ),
  fc.string({ maxLength: 30 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** JSON nested `depth` levels deep, as text: parsers and validators that recurse meet their limits. */
export const deepJson = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;
