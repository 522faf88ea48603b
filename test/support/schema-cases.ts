import { flatten, type Schema } from "../../src/arm/request-schemas/schema.js";

/**
 * Bad request bodies made from a valid one and the operation's request schema
 * (src/arm/request-schemas/generated/): one property of the wrong JSON type, one value outside the
 * definition's pattern (or, where the definition has none, its values or range), one required
 * property left out. A type whose definition is committed gets them without a test change.
 */

export type JsonPath = (string | number)[];

export interface BadBody {
  kind: "wrong type" | "pattern" | "values" | "range" | "length" | "missing required";
  /** Where the problem is, in the body. */
  path: JsonPath;
  body: unknown;
}

type Definitions = Record<string, Schema>;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** A value that fits `schema` with as little as it takes: required properties only, the first allowed value. */
export function minimalValue(schema: Schema, definitions: Definitions, depth = 0): unknown {
  const s = flatten(schema, definitions);
  if (s.enumAnyCase !== undefined) return s.enumAnyCase[0];
  switch (s.type) {
    case "string":
      return fittingString(s);
    case "integer":
    case "number":
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case "boolean":
      return false;
    case "array":
      return s.minItems && s.items ? Array.from({ length: s.minItems }, () => minimalValue(s.items!, definitions, depth + 1)) : [];
    default: {
      const out: Record<string, unknown> = {};
      if (depth < 8) for (const name of s.required ?? []) out[name] = minimalValue(s.properties?.[name] ?? {}, definitions, depth + 1);
      return out;
    }
  }
}

function fittingString(s: Schema): string {
  const candidates = ["a", "abc", "a1", "default", "1", "a-b", "00:00", "+00:00", "2026-01-01", "1.0.0", "/subscriptions/x", "10.0.0.0/16"];
  const pattern = s.pattern === undefined ? undefined : new RegExp(s.pattern, "u");
  const fit = (c: string) => (pattern === undefined || pattern.test(c)) && c.length >= (s.minLength ?? 0) && c.length <= (s.maxLength ?? Infinity);
  return candidates.find(fit) ?? "a".repeat(Math.max(1, s.minLength ?? 1));
}

/** A value of another JSON type than `type`. */
function otherType(type: string): unknown {
  return type === "string" ? 12345 : type === "boolean" ? "yes" : type === "array" || type === "object" ? "text" : "not-a-number";
}

/** Each (path, schema) of the values present in `body`, depth first. */
function* present(body: unknown, schema: Schema, definitions: Definitions, path: JsonPath = []): Generator<{ path: JsonPath; schema: Schema; value: unknown }> {
  const s = flatten(schema, definitions);
  if (path.length > 0) yield { path, schema: s, value: body };
  if (Array.isArray(body) && s.items !== undefined) {
    for (let i = 0; i < body.length; i++) yield* present(body[i], s.items, definitions, [...path, i]);
  } else if (isObject(body)) {
    for (const [k, v] of Object.entries(body)) {
      const own = s.properties?.[k] ?? (typeof s.additionalProperties === "object" ? s.additionalProperties : undefined);
      if (own !== undefined) yield* present(v, own, definitions, [...path, k]);
    }
  }
}

function withValue(body: unknown, path: JsonPath, value: unknown, schemaAt: (path: JsonPath) => Schema, definitions: Definitions): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let o: Record<string | number, unknown> = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    if (o[k] === undefined || o[k] === null) o[k] = typeof path[i + 1] === "number" ? [] : minimalValue(schemaAt(path.slice(0, i + 1)), definitions);
    if (typeof path[i + 1] === "number" && (o[k] as unknown[]).length === 0)
      (o[k] as unknown[]).push(minimalValue(schemaAt(path.slice(0, i + 2)), definitions));
    o = o[k] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete o[last];
  else o[last] = value;
  return copy;
}

/** The schema at a path of the body (array indexes step into `items`). */
function schemaAtPath(root: Schema, definitions: Definitions, path: JsonPath): Schema {
  let s = flatten(root, definitions);
  for (const k of path) {
    const next = typeof k === "number" ? s.items : (s.properties?.[k] ?? (typeof s.additionalProperties === "object" ? s.additionalProperties : undefined));
    s = flatten(next ?? {}, definitions);
  }
  return s;
}

/** A value the schema's constraint refuses, and what kind of constraint it is. */
function violation(s: Schema): { kind: BadBody["kind"]; value: unknown } | undefined {
  if (s.type === "string" && s.pattern !== undefined) {
    const pattern = new RegExp(s.pattern, "u");
    const bad = ["!!not valid!!", " ", "-", "a b", "x".repeat(300), "\u00e9\u00e9"].find(
      (c) => !pattern.test(c) && c.length <= (s.maxLength ?? Infinity) && c.length >= (s.minLength ?? 0),
    );
    if (bad !== undefined) return { kind: "pattern", value: bad };
  }
  if (s.enumAnyCase !== undefined) return { kind: "values", value: "not-one-of-the-values" };
  if (s.type === "integer" || s.type === "number") {
    if (s.maximum !== undefined) return { kind: "range", value: s.maximum + 1 };
    if (s.minimum !== undefined) return { kind: "range", value: s.minimum - 1 };
  }
  if (s.type === "string" && s.maxLength !== undefined) return { kind: "length", value: "x".repeat(s.maxLength + 1) };
  if (s.type === "string" && s.minLength !== undefined && s.minLength > 0) return { kind: "length", value: "" };
  return undefined;
}

/** Paths of the schema's properties (not into maps), breadth first, at most `depth` deep, each definition entered once. */
function* schemaPaths(root: Schema, definitions: Definitions, depth = 6): Generator<{ path: JsonPath; schema: Schema }> {
  const queue: { path: JsonPath; schema: Schema }[] = [{ path: [], schema: root }];
  const entered = new Set<string>();
  while (queue.length > 0) {
    const { path, schema } = queue.shift()!;
    if (schema.$ref !== undefined) {
      if (entered.has(schema.$ref)) continue;
      entered.add(schema.$ref);
    }
    const s = flatten(schema, definitions);
    if (path.length > 0) yield { path, schema: s };
    if (path.length >= depth) continue;
    if (s.items !== undefined) queue.push({ path: [...path, 0], schema: s.items });
    for (const [k, p] of Object.entries(s.properties ?? {})) queue.push({ path: [...path, k], schema: p });
  }
}

/** The three bad bodies (fewer where the definition has no such rule), from a valid body. */
export function badBodies(valid: unknown, schema: Schema, definitions: Definitions): BadBody[] {
  const at = (path: JsonPath) => schemaAtPath(schema, definitions, path);
  const out: BadBody[] = [];
  for (const { path, schema: s, value } of present(valid, schema, definitions)) {
    if (s.type !== undefined && s.type !== "object" && s.type !== "array" && value !== null) {
      out.push({ kind: "wrong type", path, body: withValue(valid, path, otherType(s.type), at, definitions) });
      break;
    }
  }
  if (out.length === 0) {
    // The body has no value of a simple type: one the definition names, given in another type.
    const typed = [...schemaPaths(schema, definitions)].find(({ schema: s }) => s.type !== undefined && s.type !== "object" && s.type !== "array");
    if (typed !== undefined)
      out.push({ kind: "wrong type", path: typed.path, body: withValue(valid, typed.path, otherType(typed.schema.type!), at, definitions) });
  }
  const constrained = [...schemaPaths(schema, definitions)].map(({ path, schema: s }) => ({ path, v: violation(s) })).filter((c) => c.v !== undefined);
  const chosen = constrained.find((c) => c.v!.kind === "pattern") ?? constrained[0];
  if (chosen !== undefined) out.push({ kind: chosen.v!.kind, path: chosen.path, body: withValue(valid, chosen.path, chosen.v!.value, at, definitions) });
  const required = [...present(valid, schema, definitions)].find(({ path }) => (at(path.slice(0, -1)).required ?? []).includes(String(path[path.length - 1])));
  const topRequired = (flatten(schema, definitions).required ?? []).find((r) => isObject(valid) && r in valid);
  // Else a required property of an object the body does not have yet: the object is made with its other required properties.
  const anywhere = [...schemaPaths(schema, definitions)].find(
    ({ path }) => path.length > 0 && (at(path.slice(0, -1)).required ?? []).includes(String(path[path.length - 1])),
  );
  const missingPath = topRequired !== undefined ? [topRequired] : (required?.path ?? anywhere?.path);
  if (missingPath !== undefined) out.push({ kind: "missing required", path: missingPath, body: withValue(valid, missingPath, undefined, at, definitions) });
  return out;
}

/** A body path as the errors name it: `properties.agentPoolProfiles[0].count`. */
export function pathText(path: JsonPath): string {
  return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}
