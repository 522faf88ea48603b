/**
 * Checks a JSON value against the JSON Schemas scripts/generate-request-schemas.mjs writes: the
 * keywords that generator emits (`$ref` to `#/definitions/...`, `type`, `properties`, `required`,
 * `additionalProperties`, `items`, `allOf`, `pattern`, the length, size and numeric bounds, and
 * `enumAnyCase`, an enum compared without letter case), with JSON Schema's meaning, first problem only.
 *
 * Why not Ajv at run time: compiling the managed cluster's schema with Ajv takes 0.5-1.2 s (measured
 * on the project's machine, every Ajv option tried), which the first PUT of every emulator would
 * wait; walking the schema costs nothing to prepare and well under a millisecond per body.
 * test/unit/request-schemas.test.ts checks that this walk and Ajv agree on generated bodies.
 */

export type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  allOf?: Schema[];
  pattern?: string;
  enumAnyCase?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
};

/** The first problem found: what failed, where (keys and indexes), the value there and the limit. */
export interface SchemaProblem {
  keyword: string;
  path: (string | number)[];
  value: unknown;
  /** The failed keyword's value in the schema: the expected type, the pattern, the bound, the allowed values, the missing property. */
  expected: unknown;
  /** The schema whose keyword failed (e.g. for both bounds of a range). */
  schema: Schema;
}

const patterns = new Map<string, RegExp>();

function regExp(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, "u");
    } catch {
      // A few Swagger patterns are valid only without the u flag (e.g. escapes the flag forbids).
      re = new RegExp(pattern);
    }
    patterns.set(pattern, re);
  }
  return re;
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "object":
      return value !== null && typeof value === "object" && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "null":
      return value === null;
    default:
      return true;
  }
}

function problem(keyword: string, path: (string | number)[], value: unknown, expected: unknown, schema: Schema): SchemaProblem {
  return { keyword, path: [...path], value, expected, schema };
}

/** Deep equality of JSON values, for `uniqueItems`. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The first problem of `value` against `schema`, or undefined when it fits. */
export function checkSchema(schema: Schema, value: unknown, definitions: Record<string, Schema>, path: (string | number)[] = []): SchemaProblem | undefined {
  if (schema.$ref !== undefined) {
    const name = schema.$ref.startsWith("#/definitions/") ? schema.$ref.slice("#/definitions/".length) : undefined;
    const target = name === undefined ? undefined : definitions[name];
    if (target === undefined) throw new Error(`schema reference '${schema.$ref}' does not resolve`);
    const found = checkSchema(target, value, definitions, path);
    if (found) return found;
  }
  if (schema.type !== undefined && !typeMatches(schema.type, value)) return problem("type", path, value, schema.type, schema);
  if (schema.allOf !== undefined) {
    for (const part of schema.allOf) {
      const found = checkSchema(part, value, definitions, path);
      if (found) return found;
    }
  }
  if (typeof value === "string") return checkString(schema, value, path);
  if (typeof value === "number") return checkNumber(schema, value, path);
  if (Array.isArray(value)) return checkArray(schema, value, definitions, path);
  if (value !== null && typeof value === "object") return checkObject(schema, value as Record<string, unknown>, definitions, path);
  return undefined;
}

function checkString(schema: Schema, value: string, path: (string | number)[]): SchemaProblem | undefined {
  if (schema.enumAnyCase !== undefined) {
    const lower = value.toLowerCase();
    if (!schema.enumAnyCase.some((v) => v.toLowerCase() === lower)) return problem("enumAnyCase", path, value, schema.enumAnyCase, schema);
  }
  // Lengths in code points, as JSON Schema counts them.
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) return problem("minLength", path, value, schema.minLength, schema);
    if (schema.maxLength !== undefined && length > schema.maxLength) return problem("maxLength", path, value, schema.maxLength, schema);
  }
  if (schema.pattern !== undefined && !regExp(schema.pattern).test(value)) return problem("pattern", path, value, schema.pattern, schema);
  return undefined;
}

function checkNumber(schema: Schema, value: number, path: (string | number)[]): SchemaProblem | undefined {
  if (schema.minimum !== undefined && value < schema.minimum) return problem("minimum", path, value, schema.minimum, schema);
  if (schema.maximum !== undefined && value > schema.maximum) return problem("maximum", path, value, schema.maximum, schema);
  if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
    return problem("exclusiveMinimum", path, value, schema.exclusiveMinimum, schema);
  if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
    return problem("exclusiveMaximum", path, value, schema.exclusiveMaximum, schema);
  if (schema.multipleOf !== undefined && !Number.isInteger(value / schema.multipleOf)) return problem("multipleOf", path, value, schema.multipleOf, schema);
  return undefined;
}

function checkArray(schema: Schema, value: unknown[], definitions: Record<string, Schema>, path: (string | number)[]): SchemaProblem | undefined {
  if (schema.minItems !== undefined && value.length < schema.minItems) return problem("minItems", path, value, schema.minItems, schema);
  if (schema.maxItems !== undefined && value.length > schema.maxItems) return problem("maxItems", path, value, schema.maxItems, schema);
  if (schema.items !== undefined) {
    for (let i = 0; i < value.length; i++) {
      const found = checkSchema(schema.items, value[i], definitions, [...path, i]);
      if (found) return found;
    }
  }
  if (schema.uniqueItems === true) {
    for (let i = 1; i < value.length; i++) {
      for (let j = 0; j < i; j++) if (sameJson(value[i], value[j])) return problem("uniqueItems", path, value, true, schema);
    }
  }
  return undefined;
}

function checkObject(
  schema: Schema,
  value: Record<string, unknown>,
  definitions: Record<string, Schema>,
  path: (string | number)[],
): SchemaProblem | undefined {
  const keys = Object.keys(value);
  if (schema.minProperties !== undefined && keys.length < schema.minProperties) return problem("minProperties", path, value, schema.minProperties, schema);
  if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) return problem("maxProperties", path, value, schema.maxProperties, schema);
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) return problem("required", [...path, name], undefined, name, schema);
  }
  for (const key of keys) {
    const own = schema.properties?.[key];
    if (own !== undefined) {
      const found = checkSchema(own, value[key], definitions, [...path, key]);
      if (found) return found;
    } else if (schema.additionalProperties === false) {
      return problem("additionalProperties", [...path, key], value[key], false, schema);
    } else if (typeof schema.additionalProperties === "object") {
      const found = checkSchema(schema.additionalProperties, value[key], definitions, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** A schema with its `$ref`s followed and its `allOf` merged (properties, required, constraints). */
export function flatten(schema: Schema, definitions: Record<string, Schema>, seen = new Set<string>()): Schema {
  let out: Schema = {};
  if (schema.$ref !== undefined) {
    const name = schema.$ref.slice("#/definitions/".length);
    if (!seen.has(name)) out = flatten(definitions[name]!, definitions, new Set([...seen, name]));
  }
  for (const part of schema.allOf ?? []) out = merge(out, flatten(part, definitions, seen));
  const { $ref: _ref, allOf: _allOf, ...own } = schema;
  return merge(out, own);
}

function merge(a: Schema, b: Schema): Schema {
  return {
    ...a,
    ...b,
    properties: a.properties || b.properties ? { ...a.properties, ...b.properties } : undefined,
    required: a.required || b.required ? [...new Set([...(a.required ?? []), ...(b.required ?? [])])] : undefined,
  };
}
