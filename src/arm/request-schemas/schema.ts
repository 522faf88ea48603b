/**
 * The JSON Schemas scripts/generate-request-schemas.mjs writes (src/arm/request-schemas/generated/):
 * the keywords it emits (`$ref` to `#/definitions/...`, `type`, `properties`, `required`,
 * `additionalProperties`, `items`, `allOf`, `pattern`, the length, size and numeric bounds, and
 * `enumAnyCase`, an enum compared without letter case). The emulator validates bodies with them
 * compiled by Ajv at build time (scripts/compile-request-validators.mjs); this module reads them as data.
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
