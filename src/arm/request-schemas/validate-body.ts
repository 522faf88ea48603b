import { readdirSync, readFileSync } from "node:fs";
import { ArmError } from "../errors.js";
import { checkSchema, type Schema, type SchemaProblem } from "./check-schema.js";

/**
 * Request bodies checked against the official API definitions: the JSON Schemas that
 * scripts/generate-request-schemas.mjs derives from spec/definitions/ (one file per namespace and
 * api-version in ./generated/). Loaded on the first request with a body, a version's file when a
 * request first names it, a validator when its operation is first called: nothing at start.
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

const GENERATED = new URL("./generated/", import.meta.url);

/** The api-versions we have per namespace (lower-cased), oldest first; read once. */
let versionsByNamespace: Map<string, string[]> | undefined;
const files = new Map<string, SchemaFile>();
function versions(namespace: string): readonly string[] {
  if (versionsByNamespace === undefined) {
    versionsByNamespace = new Map();
    for (const name of readdirSync(GENERATED)) {
      const m = /^(.+)-(\d{4}-\d{2}-\d{2}(?:-[a-z]+)?)\.json$/.exec(name);
      if (!m) continue;
      const list = versionsByNamespace.get(m[1]!) ?? [];
      list.push(m[2]!);
      versionsByNamespace.set(m[1]!, list.sort());
    }
  }
  return versionsByNamespace.get(namespace.toLowerCase()) ?? [];
}

function file(namespace: string, apiVersion: string): SchemaFile {
  const name = `${namespace.toLowerCase()}-${apiVersion}.json`;
  let f = files.get(name);
  if (f === undefined) {
    f = JSON.parse(readFileSync(new URL(name, GENERATED), "utf8")) as SchemaFile;
    files.set(name, f);
  }
  return f;
}

/**
 * The definition's version for a request: the request's own when we have it, else the newest
 * older one that has the operation, else the oldest newer one (docs/fidelity.md "Request body
 * against the API definition").
 */
function versionFor(namespace: string, apiVersion: string, key: string): string | undefined {
  const having = versions(namespace).filter((v) => file(namespace, v).operations[key] !== undefined);
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
  const keys = new Set(versions(namespace).flatMap((v) => Object.keys(file(namespace, v).operations)));
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

/**
 * Checks a request body against the definition of the operation at the request's api-version (the
 * nearest we have). Throws the ARM 400 for the first problem; returns when the body fits, or when no
 * definition we have describes the operation.
 */
export function validateRequestBody(namespace: string, apiVersion: string, method: string, routePath: string, body: unknown): void {
  const operation = operationSchema(namespace, apiVersion, method, routePath);
  if (operation === undefined) return;
  const found = checkSchema(operation.schema, withStandIns(operation.operationId, withoutNulls(body)), operation.definitions);
  if (found === undefined) return;
  // A request at a version newer than every definition we have may use enum values added since:
  // the values we know do not decide it (docs/fidelity.md "Request body against the API definition").
  if (found.keyword === "enumAnyCase" && apiVersion > (versions(namespace).at(-1) ?? "")) return;
  throw bodyError(namespace, found);
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
