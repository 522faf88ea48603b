import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Script } from "node:vm";
import { ArmError } from "../errors.js";
import { packageFile } from "../../util/package-files.js";
import { generatedFiles } from "../generated-files.js";
import type { Schema } from "./schema.js";

/**
 * Request bodies checked against the official API definitions: the JSON Schemas that
 * scripts/generate-request-schemas.mjs derives from spec/definitions/ (one file per namespace and
 * api-version in ./generated/), compiled by Ajv at build time into one standalone script per
 * namespace and api-version, with V8's code cache of it (./validators/,
 * scripts/compile-request-validators.mjs). This module is loaded on the first request with a body, a
 * version's schema file and validators when a request first names that version: nothing is loaded at
 * start, no schema is compiled at run time.
 * docs/fidelity.md "Request body against the API definition".
 */

interface OperationSchema {
  operationId: string;
  /** The body parameter's name in the definition (e.g. `parameters`). */
  parameter: string;
  required: boolean;
  schema: Schema;
}

interface SchemaFile {
  namespace: string;
  apiVersion: string;
  operations: Record<string, OperationSchema>;
  definitions: Record<string, Schema>;
}

const VALIDATORS = pathToFileURL(`${packageFile("dist/src/arm/request-schemas/validators")}/`);

const generated = generatedFiles<SchemaFile>("dist/src/arm/request-schemas/generated");
const versions = generated.versions;
const file = generated.file;

/**
 * The operations each schema file describes (`microsoft.containerservice-2026-04-01` -> operation key
 * -> operationId), from the index the build writes beside the validators: choosing a version and
 * validating a body need no schema file parsed.
 */
let operationIndex: Record<string, Record<string, string>> | undefined;
function operationIds(namespace: string, apiVersion: string): Record<string, string> {
  operationIndex ??= JSON.parse(readFileSync(new URL("index.json", VALIDATORS), "utf8")) as Record<string, Record<string, string>>;
  return operationIndex[`${namespace.toLowerCase()}-${apiVersion}`] ?? {};
}

/**
 * The definition's version for a request: the request's own when we have it, else the newest
 * older one that has the operation, else the oldest newer one (docs/fidelity.md "Request body
 * against the API definition").
 */
function versionFor(namespace: string, apiVersion: string, key: string): string | undefined {
  const having = versions(namespace).filter((v) => operationIds(namespace, v)[key] !== undefined);
  const older = having.filter((v) => v <= apiVersion);
  return older.length > 0 ? older[older.length - 1] : having[0];
}

/** `value` without the object properties that are null: ARM reads a null as the property not given. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.some(hasNull) ? value.map(withoutNulls) : value;
  if (value === null || typeof value !== "object") return value;
  if (!hasNull(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

function hasNull(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  for (const v of Object.values(value)) if (v === null || hasNull(v)) return true;
  return false;
}

/** The operation key of a route, as the generator writes it: method and path with `{}` for each parameter. */
export function operationKey(method: string, routePath: string): string {
  const shape = routePath
    .split("/")
    .map((s) => (s.startsWith(":") ? "{}" : s.toLowerCase()))
    .join("/");
  return `${method} ${shape}`;
}

/**
 * The generator's key of the operation that describes a route, undefined when none does. The
 * route's own shape when a definition has it; else a definition's path whose parameter stands
 * where the route has a fixed segment (private DNS: `{recordType}` for the route's `A`, `CNAME`,
 * ...); else one whose leading parameter stands for a whole scope of one or more segments
 * (`/{scope}/providers/Microsoft.Authorization/roleAssignments/{name}` for each scope depth the
 * routes spell out), the longest such path, never one made of parameters alone (`/{roleAssignmentId}`).
 */
const routeKeys = new Map<string, string | null>();
function keyFor(namespace: string, method: string, routePath: string): string | undefined {
  const own = operationKey(method, routePath);
  const cacheKey = `${namespace.toLowerCase()} ${own}`;
  const cached = routeKeys.get(cacheKey);
  if (cached !== undefined) return cached ?? undefined;
  const keys = new Set(versions(namespace).flatMap((v) => Object.keys(operationIds(namespace, v))));
  let found: string | undefined;
  if (keys.has(own)) found = own;
  else {
    const route = own.slice(method.length + 1).split("/");
    const shapes = [...keys].filter((k) => k.startsWith(`${method} `)).map((k) => ({ key: k, parts: k.slice(method.length + 1).split("/") }));
    found = shapes.find(({ parts }) => parts.length === route.length && parts.every((p, i) => p === "{}" || p === route[i]))?.key;
    if (found === undefined) {
      // `['', '{}', rest...]`: the leading parameter takes route segments 1..n-rest.length.
      const scoped = shapes
        .filter(({ parts }) => parts.length > 2 && parts[1] === "{}" && parts.slice(2).some((p) => p !== "{}") && route.length > parts.length)
        .filter(({ parts }) => {
          const rest = parts.slice(2);
          const tail = route.slice(route.length - rest.length);
          return rest.every((p, i) => p === "{}" || p === tail[i]);
        })
        .sort((a, b) => b.parts.length - a.parts.length);
      found = scoped[0]?.key;
    }
  }
  routeKeys.set(cacheKey, found ?? null);
  return found;
}

/** The body schema of a route's operation at an api-version (the nearest we have), with its definitions; undefined when we have none. */
export function operationSchema(
  namespace: string,
  apiVersion: string,
  method: string,
  routePath: string,
): { apiVersion: string; operationId: string; schema: Schema; definitions: Record<string, Schema> } | undefined {
  const key = keyFor(namespace, method, routePath);
  if (key === undefined) return undefined;
  const version = versionFor(namespace, apiVersion, key);
  if (version === undefined) return undefined;
  const { operations, definitions } = file(namespace, version);
  return { apiVersion: version, operationId: operations[key]!.operationId, schema: operations[key]!.schema, definitions };
}

/**
 * Top-level properties a definition requires that AKS goes without, each with a stand-in the check
 * sees instead: the official example of the operation leaves them out. ManagedNamespaces_CreateOrUpdate's
 * sends no `location` (the namespace takes the cluster's; docs/fidelity.md "Managed namespace defaults").
 */
const TAKEN_WITHOUT: Record<string, Record<string, unknown>> = {
  ManagedNamespaces_CreateOrUpdate: { location: "" },
};

/** The top-level properties of TAKEN_WITHOUT for an operation. */
export function takenWithout(operationId: string): string[] {
  return Object.keys(TAKEN_WITHOUT[operationId] ?? {});
}

function withStandIns(operationId: string, body: unknown): unknown {
  const standIns = TAKEN_WITHOUT[operationId];
  if (standIns === undefined || body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const filled: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const [name, value] of Object.entries(standIns)) filled[name] ??= value;
  return filled;
}

/** The generator's operation key that a request path (not a route template) matches: `{}` takes any one segment. */
function keyOfRequestPath(namespace: string, method: string, path: string): string | undefined {
  const segments = path.split("?")[0]!.toLowerCase().split("/");
  for (const version of versions(namespace)) {
    for (const key of Object.keys(file(namespace, version).operations)) {
      const [keyMethod, shape] = key.split(" ") as [string, string];
      if (keyMethod !== method) continue;
      const parts = shape.split("/");
      if (parts.length === segments.length && parts.every((p, i) => p === "{}" || p === segments[i])) return key;
    }
  }
  return undefined;
}

type OperationBody = { apiVersion: string; schema: Schema; definitions: Record<string, Schema> };

/**
 * The body schemas of the operation a request path names: at the request's api-version (the
 * nearest we have) and at the newest version we have. Undefined when no definition describes it.
 */
export function requestAndNewestSchemas(
  namespace: string,
  apiVersion: string,
  method: string,
  path: string,
): { request: OperationBody; newest: OperationBody } | undefined {
  const key = keyOfRequestPath(namespace, method, path);
  if (key === undefined) return undefined;
  const having = versions(namespace).filter((v) => file(namespace, v).operations[key] !== undefined);
  const at = (version: string): OperationBody => ({
    apiVersion: version,
    schema: file(namespace, version).operations[key]!.schema,
    definitions: file(namespace, version).definitions,
  });
  return { request: at(versionFor(namespace, apiVersion, key)!), newest: at(having[having.length - 1]!) };
}

/** An Ajv error as the compiled validators report it (`verbose`: with the value and the schema around the keyword). */
interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  data?: unknown;
  parentSchema?: Schema;
}

type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

const validatorScripts = new Map<string, Record<string, Validate>>();

/**
 * The build-time validators of a namespace and api-version (`microsoft.containerservice-2026-04-01`),
 * by operation key; the script runs once, with its code cache (rejected by another Node version, then
 * V8 compiles the script as usual).
 */
export function compiledValidators(name: string): Record<string, Validate> {
  let operations = validatorScripts.get(name);
  if (operations === undefined) {
    const file = new URL(`${name}.js`, VALIDATORS);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(new URL(`${name}.cache`, VALIDATORS));
    } catch {
      cachedData = undefined;
    }
    const script = new Script(readFileSync(file, "utf8"), { filename: fileURLToPath(file), ...(cachedData ? { cachedData } : {}) });
    const exports: { operations?: Record<string, Validate> } = {};
    (script.runInThisContext() as (exports: object, require: NodeJS.Require) => void)(exports, createRequire(file));
    operations = exports.operations ?? {};
    validatorScripts.set(name, operations);
  }
  return operations;
}

/**
 * Checks a request body against the definition of the operation at the request's api-version (the
 * nearest we have). Throws the ARM 400 for the first problem; returns when the body fits, or when no
 * definition we have describes the operation.
 */
export function validateRequestBody(namespace: string, apiVersion: string, method: string, routePath: string, body: unknown): void {
  const key = keyFor(namespace, method, routePath);
  if (key === undefined) return;
  const version = versionFor(namespace, apiVersion, key);
  if (version === undefined) return;
  const name = `${namespace.toLowerCase()}-${version}`;
  const validate = compiledValidators(name)[key];
  if (validate === undefined) throw new Error(`${name}: no compiled validator for ${key} (npm run build)`);
  const data = withStandIns(operationIds(namespace, version)[key]!, withoutNulls(body));
  if (validate(data)) return;
  const found = firstProblem(validate.errors ?? [], data);
  if (found === undefined) return;
  // A request at a version newer than every definition we have may use enum values added since:
  // the values we know do not decide it (docs/fidelity.md "Request body against the API definition").
  if (found.keyword === "enumAnyCase" && apiVersion > (versions(namespace).at(-1) ?? "")) return;
  throw bodyError(namespace, found);
}

/** A schema failure: what failed, where (keys and indexes), the value there and the limit. */
interface SchemaProblem {
  keyword: string;
  path: (string | number)[];
  value: unknown;
  /** The failed keyword's value: the expected type, the pattern, the bound, the allowed values, the missing property. */
  expected: unknown;
  /** The schema whose keyword failed (e.g. for both bounds of a range). */
  schema: Schema;
  /** Where the problem comes in a depth-first walk of the body (see `firstProblem`). */
  order: number[];
}

/**
 * Where a keyword comes among the checks of one value: its JSON type first, then the size of an
 * array or object, the required properties, the properties (or items) one by one in the body's order
 * (rank 3), an array's distinct items; a string's values, lengths and pattern; a number's bounds.
 */
const RANK: Record<string, number> = {
  type: 0,
  minItems: 1,
  maxItems: 1,
  minProperties: 1,
  maxProperties: 1,
  required: 2,
  uniqueItems: 4,
  enumAnyCase: 5,
  minLength: 6,
  maxLength: 7,
  pattern: 8,
  patternNoUnicode: 8,
  minimum: 5,
  maximum: 6,
  exclusiveMinimum: 7,
  exclusiveMaximum: 8,
  multipleOf: 9,
};

/** Where a key or index comes in its object or array, as the body has them. */
function position(container: unknown, key: string | number): number {
  return Array.isArray(container) ? Number(key) : Object.keys(container as object).indexOf(String(key));
}

/**
 * The problem the emulator answers when a body has several: the first a depth-first walk of the body
 * meets (the value's type, then its own rules, then its properties in the body's order, each fully),
 * so that the answer names the first wrong property as the client wrote the body, whatever order
 * Ajv checked in. Ties (two problems of one value) keep Ajv's order.
 */
function firstProblem(errors: AjvError[], data: unknown): SchemaProblem | undefined {
  const problems = errors.map((e) => toProblem(e, data));
  problems.sort((a, b) => {
    for (let i = 0; i < Math.min(a.order.length, b.order.length); i++) if (a.order[i] !== b.order[i]) return a.order[i]! - b.order[i]!;
    return a.order.length - b.order.length;
  });
  return problems[0];
}

function toProblem(e: AjvError, data: unknown): SchemaProblem {
  const path: (string | number)[] = [];
  const order: number[] = [];
  let node = data;
  const segments = e.instancePath === "" ? [] : e.instancePath.slice(1).split("/");
  for (const raw of segments) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const key = Array.isArray(node) ? Number(segment) : segment;
    order.push(3, position(node, key));
    path.push(key);
    node = (node as Record<string | number, unknown>)[key];
  }
  const schema = e.parentSchema ?? {};
  const p = e.params;
  switch (e.keyword) {
    case "required":
      order.push(RANK["required"]!);
      return { keyword: "required", path: [...path, String(p["missingProperty"])], value: undefined, expected: p["missingProperty"], schema, order };
    case "additionalProperties": {
      const name = String(p["additionalProperty"]);
      order.push(3, position(node, name), 0);
      return { keyword: "additionalProperties", path: [...path, name], value: (node as Record<string, unknown>)[name], expected: false, schema, order };
    }
    default: {
      order.push(RANK[e.keyword] ?? 9);
      const expected =
        e.keyword === "type"
          ? p["type"]
          : e.keyword === "enumAnyCase"
            ? p["allowedValues"]
            : e.keyword === "pattern" || e.keyword === "patternNoUnicode"
              ? p["pattern"]
              : e.keyword === "multipleOf"
                ? p["multipleOf"]
                : e.keyword === "uniqueItems"
                  ? true
                  : p["limit"];
      const keyword = e.keyword === "patternNoUnicode" ? "pattern" : e.keyword;
      return { keyword, path, value: node, expected, schema, order };
    }
  }
}

const typeNames: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
  object: "a JSON object",
  array: "a JSON array",
};

function jsonType(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

/** The ARM 400 for a schema failure, in the way of the namespace's provider (docs/fidelity.md "Request body against the API definition: other namespaces"). */
function bodyError(namespace: string, p: SchemaProblem): ArmError {
  switch (namespace.toLowerCase()) {
    case "microsoft.containerservice":
      return aksBodyError(p);
    case "microsoft.network":
      return networkBodyError(p);
    case "microsoft.authorization":
      return authorizationBodyError(p);
    default:
      return armBodyError(p);
  }
}

/** The wire path of a problem (`properties.agentPoolProfiles[0].count`), empty for the body itself. */
function wirePath(p: SchemaProblem): string {
  return p.path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}

function shown(value: unknown): string {
  return typeof value === "string" ? `'${value.length > 100 ? `${value.slice(0, 100)}...` : value}'` : JSON.stringify(value);
}

/** What a failed rule (not a type, not a missing property) asks for, as a sentence. */
function ruleOf(p: SchemaProblem): string {
  const { minimum, maximum } = p.schema;
  const range = minimum !== undefined && maximum !== undefined ? `It must be between ${minimum} and ${maximum}.` : undefined;
  switch (p.keyword) {
    case "enumAnyCase":
      return `Allowed values: ${(p.expected as string[]).join(", ")}.`;
    case "pattern":
      return `It must match the pattern '${String(p.expected)}'.`;
    case "minimum":
      return range ?? `It must be at least ${String(p.expected)}.`;
    case "maximum":
      return range ?? `It must be at most ${String(p.expected)}.`;
    case "exclusiveMinimum":
      return `It must be greater than ${String(p.expected)}.`;
    case "exclusiveMaximum":
      return `It must be less than ${String(p.expected)}.`;
    case "minLength":
      return `It must have at least ${String(p.expected)} characters.`;
    case "maxLength":
      return `It must have at most ${String(p.expected)} characters.`;
    case "minItems":
      return `It must have at least ${String(p.expected)} items.`;
    case "maxItems":
      return `It must have at most ${String(p.expected)} items.`;
    case "uniqueItems":
      return "Its items must be distinct.";
    default:
      return `It does not fit the API definition (${p.keyword} ${JSON.stringify(p.expected)}).`;
  }
}

/** ARM's answer for a tracked resource without a location (the hand-written checks' answer too, src/providers/tracked.ts). */
function locationRequired(): ArmError {
  return new ArmError(400, "LocationRequired", "The location property is required for this definition.", { target: "location" });
}

/** The missing property's wire path (the problem's path ends with its name) and the path of the object it is missing from (`''` for the body). */
function missing(p: SchemaProblem): { path: string; parent: string } {
  return { path: wirePath(p), parent: wirePath({ ...p, path: p.path.slice(0, -1) }) };
}

/**
 * AKS: a value of the wrong JSON type is a body that cannot be deserialized (400
 * InvalidRequestContent, as the hand-written checks answer); a missing required property and a
 * value out of the definition's range, pattern or values are AKS's 400 InvalidParameter with
 * "Required parameter ... is missing" / "The value of parameter ... is invalid"
 * (docs/sources.md "Parameter and property-change errors").
 */
function aksBodyError(p: SchemaProblem): ArmError {
  const path = wirePath(p);
  const where = path || "(body)";
  // AKS names a parameter without the `properties.` of the wire form ("agentPoolProfile.count", "dnsPrefix").
  const parameter = path.startsWith("properties.") ? path.slice("properties.".length) : path;
  const target = parameter === "" ? undefined : parameter;
  switch (p.keyword) {
    case "type":
      return new ArmError(
        400,
        "InvalidRequestContent",
        `The request content was invalid and could not be deserialized: property '${where}' must be ${typeNames[String(p.expected)] ?? String(p.expected)}, not ${jsonType(p.value)}.`,
        path === "" ? {} : { target: path },
      );
    case "required":
      return new ArmError(400, "InvalidParameter", `Required parameter ${parameter} is missing (null).`, { target });
    default:
      return new ArmError(400, "InvalidParameter", `The value of parameter ${parameter} is invalid: ${shown(p.value)}. ${ruleOf(p)}`, { target });
  }
}

/**
 * ARM's own answer for a body the provider cannot deserialize (Resources, ManagedIdentity and the
 * default): 400 InvalidRequestContent "The request content was invalid and could not be
 * deserialized: ..." naming the property (a missing one in the JSON deserializer's words,
 * "Required property '<name>' not found in JSON. Path '<parent>'."); a tracked resource without its
 * location is ARM's 400 LocationRequired.
 */
function armBodyError(p: SchemaProblem): ArmError {
  const path = wirePath(p);
  const cannot = "The request content was invalid and could not be deserialized:";
  switch (p.keyword) {
    case "type":
      return new ArmError(
        400,
        "InvalidRequestContent",
        `${cannot} property '${path || "(body)"}' must be ${typeNames[String(p.expected)] ?? String(p.expected)}, not ${jsonType(p.value)}.`,
        path === "" ? {} : { target: path },
      );
    case "required": {
      const m = missing(p);
      if (m.path === "location") return locationRequired();
      return new ArmError(400, "InvalidRequestContent", `${cannot} 'Required property '${String(p.expected)}' not found in JSON. Path '${m.parent}'.'`, {
        target: m.path,
      });
    }
    default:
      return new ArmError(400, "InvalidRequestContent", `${cannot} the value of property '${path}' is invalid: ${shown(p.value)}. ${ruleOf(p)}`, {
        target: path,
      });
  }
}

/**
 * Microsoft.Network (its private DNS types included): a body its deserializer refuses is 400
 * InvalidRequestFormat "Cannot parse the request." with an InvalidJson detail naming the path, as the
 * provider's answers show (docs/fidelity.md "Request body against the API definition: other
 * namespaces"); a tracked resource without its location is 400 LocationRequired.
 */
function networkBodyError(p: SchemaProblem): ArmError {
  const path = wirePath(p);
  let detail: string;
  if (p.keyword === "type") {
    detail = `Error converting value ${shown(p.value)} to type '${typeNames[String(p.expected)] ?? String(p.expected)}'. Path '${path}'.`;
  } else if (p.keyword === "required") {
    const m = missing(p);
    if (m.path === "location") return locationRequired();
    detail = `Required property '${String(p.expected)}' not found in JSON. Path '${m.parent}'.`;
    return new ArmError(400, "InvalidRequestFormat", "Cannot parse the request.", { target: m.path, details: [{ code: "InvalidJson", message: detail }] });
  } else {
    detail = `The value ${shown(p.value)} of '${path}' is not valid. ${ruleOf(p)} Path '${path}'.`;
  }
  return new ArmError(400, "InvalidRequestFormat", "Cannot parse the request.", {
    ...(path === "" ? {} : { target: path }),
    details: [{ code: "InvalidJson", message: detail }],
  });
}

/**
 * Microsoft.Authorization: the answers its role assignment rules give (src/providers/authorization/role-assignments.ts)
 * for a missing principal or role definition and an unknown principal type, now with the property as `target`;
 * anything else as ARM answers a body it cannot deserialize.
 */
function authorizationBodyError(p: SchemaProblem): ArmError {
  if (p.keyword === "required") {
    const m = missing(p);
    if (m.path === "properties.principalId")
      return new ArmError(400, "InvalidPrincipalId", "A valid principal ID must be provided for role assignment.", { target: m.path });
    if (m.path === "properties.roleDefinitionId")
      return new ArmError(400, "RoleDefinitionDoesNotExist", "The specified role definition with ID '' does not exist.", { target: m.path });
  }
  const path = wirePath(p);
  if (p.keyword === "enumAnyCase" && path === "properties.principalType") {
    return new ArmError(400, "InvalidPrincipalType", `The principal type ${shown(p.value)} is not valid. Use one of ${(p.expected as string[]).join(", ")}.`, {
      target: path,
    });
  }
  return armBodyError(p);
}
