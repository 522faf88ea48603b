#!/usr/bin/env node
/**
 * Writes src/arm/response-shapes/generated/<namespace>-<api-version>.json: for every operation of the
 * official API definitions under spec/definitions/ (the files scripts/generate-request-schemas.mjs
 * reads, through its resolver) that answers with a body, the shape of that body, keyed by method and
 * path shape, with the models it uses. The emulator's answers at an api-version carry only what its
 * shapes name (src/arm/response-shapes/shape-answer.ts), and the tests' conformance check reads them
 * (test/support/conformance.ts).
 *
 * A shape says which properties a value may carry, read-only ones included, and their JSON types:
 * - `1`: a value of any type, kept as it is;
 * - a string: the model of that name in `models`;
 * - `{"p": {name: shape}, "m": shape, "r": [name]}`: an object with these properties (`p`), with `m`
 *   any other property of that shape (a map: `additionalProperties`), `r` the ones it requires;
 * - `{"i": shape}`: an array of items of that shape;
 * - `{"t": type, "f": format}` beside those or alone: the JSON type (`string`, `integer`, `number`,
 *   `boolean`, `object`, `array`) and format (`date-time`, `date`, `byte`) the definition gives. A shape
 *   without `p`, `m` and `i` is a leaf: the value is kept as it is (an object the definition leaves free too).
 * `allOf` is flattened into the model's own properties. A definition whose shape is a leaf is written
 * inline rather than as a model. `error` is the shape of the file's error answers (the operations'
 * `default` response, which is one model in each file). The definitions hold no `discriminator`: the generator stops at one
 * (its kinds' shapes would need the discriminator's value), so a definition that adds one is noticed.
 *
 *   node scripts/generate-response-shapes.mjs          write the files (npm run generate)
 *   node scripts/generate-response-shapes.mjs --check  exit 1 when a committed file differs
 *
 * Plain Node, no dependency. test/unit/response-shapes.test.ts runs the check.
 */
import { pathToFileURL } from "node:url";
import { DEFINITIONS, definitionName, isOmitted, load, parseRef, shapeOf, versionOf, writeOrCheck } from "./generate-request-schemas.mjs";

export const OUTPUT_DIR = "src/arm/response-shapes/generated";

const METHODS = ["get", "put", "patch", "post", "delete"];
/** The answer with a body a client reads: the first of these the operation defines with a schema. */
const STATUSES = ["200", "201", "202"];

/** The shape of one Swagger schema (in `file`), naming the models it uses in `ctx.models`. */
function shape(schema, ctx, file) {
  if (schema.$ref !== undefined) {
    const ref = parseRef(file, schema.$ref);
    if (ref.kind !== "definitions") throw new Error(`${file}: a schema $ref to ${ref.kind}`);
    // A file not committed (OMITTED_FILES): the value is kept whole.
    if (isOmitted(ref.file)) return 1;
    const name = definitionName(ctx.specFile, ref.file, ref.name);
    const known = ctx.models.get(name);
    if (known === null) return name; // being resolved: a recursive model
    if (known !== undefined) return isLeaf(known) || typeof known === "string" ? known : name;
    ctx.models.set(name, null);
    const target = definition(ref.file, ref.name);
    const resolved = shape(target, ctx, ref.file);
    // A model that only names another (or is a leaf) is written as that.
    ctx.models.set(name, resolved);
    return isLeaf(resolved) || typeof resolved === "string" ? resolved : name;
  }
  if (schema.discriminator !== undefined) throw new Error(`${file}: a discriminator ('${schema.discriminator}'): shapes of its kinds are not generated`);
  const properties = {};
  const required = [];
  let map;
  let items;
  let type = typeof schema.type === "string" ? schema.type : undefined;
  for (const part of schema.allOf ?? []) {
    const s = expand(shape(part, ctx, file), ctx);
    if (s === 1) continue;
    if (s.p) Object.assign(properties, s.p);
    if (s.r) required.push(...s.r);
    if (s.m !== undefined) map = s.m;
    if (s.i !== undefined) items = s.i;
    type ??= s.t;
  }
  for (const [name, prop] of Object.entries(schema.properties ?? {})) properties[name] = shape(prop, ctx, file);
  for (const r of schema.required ?? []) if (!required.includes(r)) required.push(r);
  if (schema.items !== undefined) items = shape(schema.items, ctx, file);
  if (typeof schema.additionalProperties === "object") map = shape(schema.additionalProperties, ctx, file);
  else if (schema.additionalProperties === true) map = 1;
  const out = {};
  if (type !== undefined && type !== "file") out.t = type;
  if (typeof schema.format === "string" && ["date-time", "date", "byte"].includes(schema.format)) out.f = schema.format;
  if (items !== undefined) out.i = items;
  else if (Object.keys(properties).length > 0 || (map !== undefined && map !== 1)) {
    out.p = properties;
    if (map !== undefined) out.m = map;
    const named = required.filter((r) => r in properties);
    if (named.length > 0) out.r = named;
  }
  return Object.keys(out).length === 0 ? 1 : out;
}

/** A shape without properties, map or items: the value is kept as it is. */
function isLeaf(s) {
  return s === 1 || (typeof s === "object" && s !== null && s.p === undefined && s.m === undefined && s.i === undefined);
}

/**
 * A definition of a file. 2022-11-01 names `common-types/.../v3/types.json#/definitions/systemData`,
 * which that file (at the commit we have) spells `SystemData`: a name found only in another letter
 * case is taken (the request schemas never meet it: `systemData` is read-only).
 */
function definition(file, name) {
  const definitions = load(file).definitions ?? {};
  const found = definitions[name] ?? Object.entries(definitions).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  if (found === undefined) throw new Error(`${file}: no definition '${name}'`);
  return found;
}

/** A model named by `allOf`: its shape, which must be resolved by then (a model does not include itself). */
function expand(s, ctx) {
  while (typeof s === "string") {
    const model = ctx.models.get(s);
    if (model === null || model === undefined) throw new Error(`allOf of '${s}' within itself`);
    s = model;
  }
  return s;
}

/**
 * The shape of a version's error answers: the one model its operations name, or, where they name
 * several (Microsoft.Network's privateEndpoint.json names `Error`, a bare `{code, message}`, for the
 * private endpoint operations and `CloudError` for the others), the one that is ARM's envelope
 * `{"error": {...}}`, which is what ARM answers every failure with.
 */
function errorShape(key, errors, ctx) {
  if (errors.length <= 1) return errors[0];
  const enveloped = errors.filter((e) => {
    const s = expand(e, ctx);
    return s !== 1 && s.p?.error !== undefined;
  });
  if (enveloped.length !== 1)
    throw new Error(
      `${key}: error answers of ${errors.length} models (${errors.map((e) => JSON.stringify(e)).join(", ")}): one, or one ARM envelope, expected`,
    );
  return enveloped[0];
}

/**
 * Answers the emulator serves at paths no definition spells out, each with the definition model that
 * describes it, filed under the newest version of its namespace: the Azure-AsyncOperation status URLs.
 * AKS's `.../locations/{location}/operations/{operationId}` answers an ARM `OperationStatusResult`
 * (common-types v6, the model AKS's own status operations name); Network's, and private DNS's
 * `privateDnsOperationStatuses`, the `AzureAsyncOperationResult` of Network's `network.json`
 * (`{status, error}`), the model its definitions give the Azure-AsyncOperation body.
 */
export const STATUS_ANSWERS = [
  {
    namespace: "Microsoft.ContainerService",
    key: "GET /subscriptions/{}/providers/microsoft.containerservice/locations/{}/operations/{}",
    file: "spec/definitions/common-types/resource-management/v6/types.json",
    model: "OperationStatusResult",
  },
  {
    namespace: "Microsoft.Network",
    key: "GET /subscriptions/{}/providers/microsoft.network/locations/{}/operations/{}",
    file: "spec/definitions/network/2025-05-01/network.json",
    model: "AzureAsyncOperationResult",
  },
  {
    namespace: "Microsoft.Network",
    key: "GET /subscriptions/{}/resourcegroups/{}/providers/microsoft.network/privatednsoperationstatuses/{}",
    file: "spec/definitions/network/2025-05-01/network.json",
    model: "AzureAsyncOperationResult",
  },
];

/** The schema of an operation's answer with a body, if it has one. */
function responseSchema(operation) {
  for (const status of STATUSES) {
    const schema = operation.responses?.[status]?.schema;
    if (schema !== undefined) return schema;
  }
  return undefined;
}

const sortedObject = (entries) => Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The output files: name -> content. */
export function buildShapes() {
  const out = new Map();
  const byKey = new Map();
  for (const { namespace, file } of DEFINITIONS) {
    const spec = load(file);
    const version = versionOf(file);
    const key = `${namespace.toLowerCase()}-${version}`;
    const entry = byKey.get(key) ?? { namespace, version, sources: [], answers: new Map(), errors: new Set(), ctx: { specFile: file, models: new Map() } };
    entry.ctx.specFile = file;
    entry.sources.push(file);
    byKey.set(key, entry);
    for (const [template, item] of Object.entries(spec.paths ?? {})) {
      for (const method of METHODS) {
        const operation = item[method];
        if (operation === undefined) continue;
        const failure = operation.responses?.default?.schema;
        if (failure !== undefined) entry.errors.add(JSON.stringify(shape(failure, entry.ctx, file)));
        const schema = responseSchema(operation);
        if (schema === undefined) continue;
        entry.answers.set(`${method.toUpperCase()} ${shapeOf(template)}`, shape(schema, entry.ctx, file));
      }
    }
  }
  for (const status of STATUS_ANSWERS) {
    const newest = [...byKey.values()].filter((e) => e.namespace === status.namespace).sort((a, b) => (a.version < b.version ? 1 : -1))[0];
    if (newest === undefined) throw new Error(`${status.key}: no definitions of ${status.namespace}`);
    if (newest.answers.has(status.key)) throw new Error(`${status.key}: the definitions describe it now; drop it from STATUS_ANSWERS`);
    newest.answers.set(status.key, shape({ $ref: `#/definitions/${status.model}` }, newest.ctx, status.file));
  }
  for (const [key, { namespace, version, sources, answers, errors, ctx }] of byKey) {
    if (answers.size === 0) continue;
    const error = errorShape(
      key,
      [...errors].map((e) => JSON.parse(e)),
      ctx,
    );
    const models = sortedObject([...ctx.models].filter(([, s]) => !isLeaf(s)));
    out.set(`${key}.json`, `${JSON.stringify({ namespace, apiVersion: version, sources, answers: sortedObject(answers), error, models })}\n`);
  }
  return out;
}

function main(argv) {
  const files = buildShapes();
  writeOrCheck(OUTPUT_DIR, files, argv.includes("--check"));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
