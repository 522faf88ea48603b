/**
 * Response-body conformance against the official API definition: the definitions we commit
 * (spec/definitions/, read through the generated shapes of definition-schema.ts) at the request's
 * api-version for the routes they describe, else as the pinned SDKs encode it (sdk-schema.ts: the
 * namespaces whose definitions are not committed yet, the operation status, errors); plus the list
 * of properties real AKS always returns (aks-always-readonly.json).
 *
 *   checkConformance(body, "ManagedCluster")        -> problems ([] = conformant)
 *   modelForResponse("GET", path, 200)              -> "ManagedCluster"
 *   checkResponse({ method, url, status, body })    -> both at once (what integration tests run)
 *   conformancePolicy()                             -> an SDK pipeline policy running checkResponse
 *                                                      on every response the SDK client receives
 *   checkAlwaysPresent(body, "create201" | "get")   -> real-AKS-always-returns problems
 */
import { AssertionError } from "node:assert";
import { apiVersionOf, checkDefinition, definitionAnswer, definitionError } from "./definition-schema.js";
import { getModelSchema, resolveType, sdkRoutes, splitPath, type SdkRoute, type WireType } from "./sdk-schema.js";
import alwaysList from "./aks-always-readonly.json" with { type: "json" };

export interface ConformanceOptions {
  /** Prefix for the paths in problem messages (e.g. `value[0]`). */
  path?: string;
  /** Accept `null` for optional properties (ARM sends e.g. `"config": null`). Default true. */
  allowNull?: boolean;
  /** Report required (non-optional in the SDK) properties that are missing. Default true. */
  checkRequired?: boolean;
  /** Also report strings outside the SDK's Known* values of an extensible enum. Default false. */
  strictEnums?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Body vs model

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function show(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function join(at: string, key: string): string {
  const k = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  if (!at) return /^[A-Za-z_$]/.test(k) ? k : `[${k}]`;
  return k.startsWith('"') ? `${at}[${k}]` : `${at}.${k}`;
}

function describe(t: WireType): string {
  switch (t.kind) {
    case "ref":
      return t.model;
    case "object":
      return t.model ?? "object";
    case "array":
      return `array of ${describe(t.items)}`;
    case "union":
      return t.anyOf.map(describe).join(" | ");
    case "string":
      return t.format === "date-time"
        ? "ISO 8601 date-time string"
        : t.format === "date"
          ? "ISO 8601 date string"
          : t.format === "byte"
            ? "base64 string"
            : "string";
    default:
      return t.kind;
  }
}

interface Ctx {
  allowNull: boolean;
  checkRequired: boolean;
  strictEnums: boolean;
}

function checkValue(value: unknown, type: WireType, at: string, out: string[], ctx: Ctx, required: boolean): void {
  const where = at || "(body)";
  if (value === null) {
    if (type.kind === "null" || type.kind === "any") return;
    if (ctx.allowNull && !required) return;
    out.push(`${where}: null where the definition has ${describe(type)}`);
    return;
  }
  switch (type.kind) {
    case "any":
      return;
    case "null":
      out.push(`${where}: expected null, got ${jsonType(value)} ${show(value)}`);
      return;
    case "ref":
      checkValue(value, resolveType(type), at, out, ctx, required);
      return;
    case "string": {
      if (typeof value !== "string") {
        out.push(`${where}: expected ${describe(type)}, got ${jsonType(value)} ${show(value)}`);
        return;
      }
      if (type.format === "date-time" && !(ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)))) {
        out.push(`${where}: expected an ISO 8601 date-time string (e.g. 2024-02-01T05:01:49.4195633Z), got ${show(value)}`);
      }
      if (type.format === "date" && !(/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)))) {
        out.push(`${where}: expected an ISO 8601 date string (e.g. 2024-02-01), got ${show(value)}`);
      }
      if (type.format === "byte" && !BASE64.test(value)) out.push(`${where}: expected a base64 string, got ${show(value)}`);
      if (type.enum && !type.enum.includes(value)) {
        out.push(`${where}: ${show(value)} is not one of the allowed values ${type.enum.map((e) => JSON.stringify(e)).join(", ")}`);
      }
      if (ctx.strictEnums && type.known && !type.known.includes(value)) {
        out.push(`${where}: ${show(value)} is not one of the known values ${type.known.map((e) => JSON.stringify(e)).join(", ")}`);
      }
      return;
    }
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) {
        out.push(`${where}: expected number, got ${jsonType(value)} ${show(value)}`);
      }
      return;
    case "boolean":
      if (typeof value !== "boolean") out.push(`${where}: expected boolean, got ${jsonType(value)} ${show(value)}`);
      return;
    case "array":
      if (!Array.isArray(value)) {
        out.push(`${where}: expected ${describe(type)}, got ${jsonType(value)} ${show(value)}`);
        return;
      }
      for (const [i, item] of value.entries()) checkValue(item, type.items, `${at}[${i}]`, out, ctx, true);
      return;
    case "union": {
      let best: string[] | undefined;
      for (const alt of type.anyOf) {
        const p: string[] = [];
        checkValue(value, alt, at, p, ctx, required);
        if (p.length === 0) return;
        if (!best || p.length < best.length) best = p;
      }
      out.push(`${where}: matches none of ${describe(type)}`, ...(best ?? []));
      return;
    }
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) {
        out.push(`${where}: expected object (${describe(type)}), got ${jsonType(value)} ${show(value)}`);
        return;
      }
      const obj = value as Record<string, unknown>;
      for (const [key, v] of Object.entries(obj)) {
        const prop = Object.hasOwn(type.properties, key) ? type.properties[key] : undefined;
        if (prop) {
          checkValue(v, prop, join(at, key), out, ctx, prop.required === true);
        } else if (type.additional) {
          checkValue(v, type.additional, join(at, key), out, ctx, false);
        } else {
          out.push(`${join(at, key)}: unknown property (not in the definition of ${type.model ?? "this object"})${hint(type, key)}`);
        }
      }
      if (ctx.checkRequired) {
        for (const [key, prop] of Object.entries(type.properties)) {
          if (prop.required && !Object.hasOwn(obj, key)) {
            out.push(`${join(at, key)}: missing required property of ${type.model ?? "this object"}`);
          }
        }
      }
      return;
    }
  }
}

function hint(type: Extract<WireType, { kind: "object" }>, key: string): string {
  const lower = key.toLowerCase();
  for (const [wire, p] of Object.entries(type.properties)) {
    if (p.sdkName === key) return `; "${key}" is the SDK's name, the wire name is "${wire}"`;
    if (wire.toLowerCase() === lower) return `; did you mean "${wire}"? (wire names are case-sensitive)`;
  }
  return "";
}

/**
 * Problems of `body` against the SDK model `modelName` (wire names and JSON types): unknown property
 * names, wrong JSON types, malformed date-times, closed-enum values, missing required properties.
 * Empty = conformant. Throws for an unknown model name (a mistake in the caller, not in the body).
 */
export function checkConformance(body: unknown, modelName: string, opts: ConformanceOptions = {}): string[] {
  const schema = getModelSchema(modelName);
  if (!schema) throw new Error(`checkConformance: no model named ${modelName} in the SDK definitions`);
  const out: string[] = [];
  checkValue(
    body,
    schema,
    opts.path ?? "",
    out,
    {
      allowNull: opts.allowNull ?? true,
      checkRequired: opts.checkRequired ?? true,
      strictEnums: opts.strictEnums ?? false,
    },
    true,
  );
  return out;
}

/** Throws an AssertionError listing every problem of `body` against `modelName`. */
export function assertConformant(body: unknown, modelName: string, opts: ConformanceOptions = {}): void {
  const problems = checkConformance(body, modelName, opts);
  if (problems.length > 0) {
    throw new AssertionError({
      message: `response body does not conform to ${modelName}:\n  - ${problems.join("\n  - ")}`,
      actual: body,
      expected: modelName,
      operator: "conformsTo",
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// Which model a response carries

/** The path of a URL or path, without scheme, host, query and trailing slash. */
function pathOf(urlOrPath: string): string {
  let p = urlOrPath;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(.*)$/i.exec(p);
  if (m) p = m[1] ?? "";
  p = p.replace(/[?#].*$/, "");
  if (p.length > 1) p = p.replace(/\/+$/, "");
  return p || "/";
}

function matchScore(route: SdkRoute, method: string, segs: string[]): number {
  if (route.method !== method || route.segments.length !== segs.length) return -1;
  let score = 0;
  for (let i = 0; i < segs.length; i++) {
    const t = route.segments[i] as string;
    const s = segs[i] as string;
    if (t.startsWith("{") && t.endsWith("}")) {
      if (s.length === 0) return -1;
    } else if (t.toLowerCase() === s.toLowerCase()) {
      score++;
    } else return -1;
  }
  return score;
}

/** The SDK route (AKS first, then arm-network, then arm-resources) that a request hits, if any. */
export function routeForRequest(method: string, urlOrPath: string): SdkRoute | undefined {
  const segs = splitPath(pathOf(urlOrPath));
  const m = method.toUpperCase();
  const best = (routes: SdkRoute[]): SdkRoute | undefined => {
    let found: SdkRoute | undefined;
    let score = -1;
    for (const r of routes) {
      // At least one literal segment: classic `{nextLink}` / `/{resourceId}` templates match anything.
      const s = matchScore(r, m, segs);
      if (s > score && s > 0) {
        score = s;
        found = r;
      }
    }
    return found;
  };
  const p = pathOf(urlOrPath).toLowerCase();
  const aks = best(sdkRoutes());
  if (aks) return aks;
  if (p.includes("/providers/microsoft.network/privatednszones")) {
    const dns = best(sdkRoutes({ classic: ["privatedns"] }));
    if (dns) return dns;
  }
  if (p.includes("/providers/microsoft.network/")) {
    const net = best(sdkRoutes({ classic: ["network"] }));
    if (net) return net;
  }
  if (p.includes("/providers/microsoft.managedidentity/")) {
    const msi = best(sdkRoutes({ classic: ["msi"] }));
    if (msi) return msi;
  }
  return best(sdkRoutes({ classic: ["resources"] }));
}

/**
 * The SDK model of a response body, from the SDK's own routes: managed cluster GET/PUT/PATCH ->
 * "ManagedCluster", list -> "_ManagedClusterListResult", private endpoint connections, private link
 * resources, resolvePrivateLinkServiceId, provider operations ("_OperationListResult"), the
 * Azure-AsyncOperation status ("OperationStatusResult", local), resource groups
 * ("resources:ResourceGroup"), network private endpoints ("network:PrivateEndpoint")... Every ARM
 * error (status >= 400) -> "ErrorResponse" (`{error:{code,message,target?,details?,additionalInfo?}}`,
 * the same wire shape as arm-resources' CloudError). Undefined when no body is expected (204, HEAD,
 * DELETE 202, emulator-only `/_emulator/` routes) or the route is unknown.
 */
export function modelForResponse(method: string, path: string, status: number): string | undefined {
  const p = pathOf(path);
  if (p.startsWith("/_emulator")) return undefined;
  if (method.toUpperCase() === "HEAD") return undefined;
  if (status >= 400) return "ErrorResponse";
  if (status === 204) return undefined;
  const route = routeForRequest(method, p);
  if (!route) return undefined;
  if (route.statuses.has(status)) return route.statuses.get(status) ?? undefined;
  // A 2xx the SDK does not list: the body, if any, would still be read as the 200 model.
  return route.statuses.get(200) ?? route.statuses.get(201) ?? undefined;
}

export interface ObservedResponse {
  method: string;
  /** Full URL or path (query ignored). */
  url: string;
  status: number;
  /** Parsed JSON, raw text, or undefined/"" for no body. */
  body: unknown;
}

/**
 * Everything conformance-wise about one response: picks the model with modelForResponse and checks
 * the body. An empty body is fine for 202 (LRO accepted) and for routes without a body model.
 */
export function checkResponse(res: ObservedResponse, opts: ConformanceOptions = {}): string[] {
  const model = modelForResponse(res.method, res.url, res.status);
  const apiVersion = apiVersionOf(res.url);
  // A success answer of a route the committed definitions describe, or an error under their namespace: against its version's definition.
  const definable = apiVersion !== undefined && res.status !== 204 && res.method.toUpperCase() !== "HEAD" && !pathOf(res.url).startsWith("/_emulator");
  const definition = !definable
    ? undefined
    : res.status >= 400
      ? definitionError(res.url, apiVersion)
      : res.status < 300
        ? definitionAnswer(res.method, res.url, apiVersion)
        : undefined;
  if (!model && !definition) return [];
  const what = `${res.method.toUpperCase()} ${pathOf(res.url)} -> ${res.status}`;
  const named = definition ? `${typeof definition.shape === "string" ? `${definition.shape}, ` : ""}${definition.namespace} ${definition.apiVersion}` : model;
  let body = res.body;
  if (body instanceof Uint8Array) body = Buffer.from(body).toString("utf8");
  if (body === undefined || body === null || (typeof body === "string" && body.trim() === "")) {
    // The shapes give an operation one answer model; an action's 200 may have none where its 202 has one
    // (upgradeNodeImageVersion, docs/fidelity.md "Node image upgrade answers").
    if (definition && !model && res.method.toUpperCase() === "POST") return [];
    return res.status === 202 ? [] : [`${what}: empty body where ${named} was expected`];
  }
  if (typeof body === "string") {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      return [`${what}: body is not JSON: ${show(body)}`];
    }
  }
  if (definition) {
    const checked = res.status >= 400 ? withoutContractExtras(body) : body;
    return checkDefinition(checked, definition, opts).map((p) => `${what} (${named}) ${p}`);
  }
  return checkConformance(body, model!, opts).map((p) => `${what} (${model}) ${p}`);
}

/**
 * An error body without the optional members ARM's error contract gives every error (`target`,
 * `details`, `additionalInfo`: https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/common-api-details.md#error-response-content),
 * which some definitions' own error models leave out (Authorization 2020-04-01-preview's `Error` has
 * only `code` and `message`): the definition is checked on the rest.
 */
function withoutContractExtras(body: unknown): unknown {
  const error = (body as { error?: unknown } | null)?.error;
  if (error === null || typeof error !== "object" || Array.isArray(error)) return body;
  const { target: _t, details: _d, additionalInfo: _a, ...rest } = error as Record<string, unknown>;
  return { ...(body as object), error: rest };
}

/** checkResponse, throwing an AssertionError with every problem. */
export function assertResponseConformant(res: ObservedResponse, opts: ConformanceOptions = {}): void {
  const problems = checkResponse(res, opts);
  if (problems.length > 0) {
    throw new AssertionError({
      message: `response does not conform to the official definition:\n  - ${problems.join("\n  - ")}`,
      actual: res.body,
      operator: "conformsTo",
    });
  }
}

interface PolicyRequest {
  method: string;
  url: string;
}
interface PolicyResponse {
  status: number;
  bodyAsText?: string | null;
}

/**
 * An Azure SDK pipeline policy that runs checkResponse on every response the client receives
 * (including LRO polls): `client.pipeline.addPolicy(conformancePolicy())`. By default it throws an
 * AssertionError (the SDK call then fails with it); pass `onProblems` to collect instead.
 */
export function conformancePolicy(opts: { onProblems?: (problems: string[], res: ObservedResponse) => void; check?: ConformanceOptions } = {}): {
  name: string;
  sendRequest<Req extends PolicyRequest, Res extends PolicyResponse>(request: Req, next: (request: Req) => Promise<Res>): Promise<Res>;
} {
  return {
    name: "aksEmulatorConformancePolicy",
    async sendRequest(request, next) {
      const response = await next(request);
      const observed: ObservedResponse = {
        method: request.method,
        url: request.url,
        status: response.status,
        body: response.bodyAsText ?? undefined,
      };
      const problems = checkResponse(observed, opts.check);
      if (problems.length > 0) {
        if (opts.onProblems) opts.onProblems(problems, observed);
        else {
          throw new AssertionError({
            message: `response does not conform to the official definition:\n  - ${problems.join("\n  - ")}`,
            actual: observed.body,
            operator: "conformsTo",
          });
        }
      }
      return response;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// What real AKS always returns

export type AlwaysState = "create201" | "get";

export interface AlwaysEntry {
  path: string;
  kind: "readOnly" | "default";
  when?: string[];
  states?: AlwaysState[];
  source: string;
}

/** The committed list (aks-always-readonly.json). */
export const ALWAYS_PRESENT: readonly AlwaysEntry[] = alwaysList.entries as AlwaysEntry[];

function get(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

const CONDITIONS: Record<string, (body: unknown) => boolean> = {
  succeeded: (b) => get(b, "properties", "provisioningState") === "Succeeded",
  privateCluster: (b) => get(b, "properties", "apiServerAccessProfile", "enablePrivateCluster") === true,
  dnsPrefixCluster: (b) => get(b, "properties", "fqdnSubdomain") == null,
  publicFqdn: (b) =>
    CONDITIONS.dnsPrefixCluster!(b) &&
    !(CONDITIONS.privateCluster!(b) && get(b, "properties", "apiServerAccessProfile", "enablePrivateClusterPublicFQDN") === false),
  systemAssignedIdentity: (b) => String(get(b, "identity", "type") ?? "").toLowerCase() === "systemassigned",
  userAssignedIdentity: (b) => String(get(b, "identity", "type") ?? "").toLowerCase() === "userassigned",
  managedIdentity: (b) => CONDITIONS.systemAssignedIdentity!(b) || CONDITIONS.userAssignedIdentity!(b),
  kubenet: (b) => String(get(b, "properties", "networkProfile", "networkPlugin") ?? "").toLowerCase() === "kubenet",
  loadBalancerOutbound: (b) => {
    const t = get(b, "properties", "networkProfile", "outboundType");
    return t === undefined || String(t).toLowerCase() === "loadbalancer";
  },
  managedOutboundIPs: (b) =>
    CONDITIONS.loadBalancerOutbound!(b) &&
    get(b, "properties", "networkProfile", "loadBalancerProfile", "outboundIPs") == null &&
    get(b, "properties", "networkProfile", "loadBalancerProfile", "outboundIPPrefixes") == null,
};

/** Names of the conditions checkAlwaysPresent understands (the JSON may use only these). */
export const ALWAYS_CONDITIONS: readonly string[] = Object.keys(CONDITIONS);

type PathToken = { key: string } | { each: "array" | "map" };

export function parseAlwaysPath(p: string): PathToken[] {
  const out: PathToken[] = [];
  for (const part of p.split(".")) {
    const m = /^([^[{]*)((?:\[\*\]|\{\*\})*)$/.exec(part);
    if (!m) throw new Error(`bad always-present path ${p}`);
    if (m[1]) out.push({ key: m[1] });
    for (const w of (m[2] ?? "").match(/\[\*\]|\{\*\}/g) ?? []) out.push({ each: w === "[*]" ? "array" : "map" });
  }
  return out;
}

interface Missing {
  /** The entry's path with the indexes reached so far. */
  path: string;
  /** The concrete path that is absent (a parent of `path`, or `path` itself). */
  absent: string;
  why: "absent" | "not an array" | "not an object";
}

function missingAt(value: unknown, tokens: PathToken[], at: string, out: Missing[]): void {
  const [tok, ...rest] = tokens;
  if (!tok) return;
  if ("key" in tok) {
    const v = get(value, tok.key);
    const here = join(at, tok.key);
    if (v === undefined || v === null) {
      out.push({ path: fullPathOf(at, tokens), absent: here, why: "absent" });
      return;
    }
    missingAt(v, rest, here, out);
    return;
  }
  if (tok.each === "array") {
    if (!Array.isArray(value)) {
      out.push({ path: fullPathOf(at, tokens), absent: at, why: "not an array" });
      return;
    }
    for (const [i, v] of value.entries()) missingAt(v, rest, `${at}[${i}]`, out);
  } else {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      out.push({ path: fullPathOf(at, tokens), absent: at, why: "not an object" });
      return;
    }
    for (const [k, v] of Object.entries(value)) missingAt(v, rest, join(at, k), out);
  }
}

function fullPathOf(at: string, tokens: PathToken[]): string {
  let p = at;
  for (const t of tokens) p = "key" in t ? join(p, t.key) : `${p}${t.each === "array" ? "[*]" : "{*}"}`;
  return p;
}

/**
 * Properties real AKS always returns on a managed cluster that are missing from `body`, for a 201
 * Created of a PUT (`create201`) or a GET (`get`; GETs during provisioning look like the 201). Each
 * problem names the path and the evidence (sections of docs/sources.md).
 */
export function checkAlwaysPresent(body: unknown, state: AlwaysState): string[] {
  const found: Array<{ m: Missing; e: AlwaysEntry }> = [];
  for (const e of ALWAYS_PRESENT) {
    if (e.states && !e.states.includes(state)) continue;
    const conds = e.when ?? [];
    if (
      !conds.every((c) => {
        const f = CONDITIONS[c];
        if (!f) throw new Error(`aks-always-readonly.json: unknown condition ${c} (entry ${e.path})`);
        return f(body);
      })
    ) {
      continue;
    }
    const missing: Missing[] = [];
    missingAt(body, parseAlwaysPath(e.path), "", missing);
    for (const m of missing) found.push({ m, e });
  }
  // One problem per absent thing: when an entry itself names the absent parent, its children are implied.
  const named = new Set(found.filter(({ m }) => m.absent === m.path).map(({ m }) => m.path));
  const problems: string[] = [];
  for (const { m, e } of found) {
    if (m.absent !== m.path && named.has(m.absent)) continue;
    const head = m.absent === m.path ? m.path : `${m.path} (${m.absent} is ${m.why})`;
    problems.push(`${head}: missing; real AKS always returns it (${e.kind}; ${e.source})`);
  }
  return problems;
}

/** checkAlwaysPresent, throwing an AssertionError with every problem. */
export function assertAlwaysPresent(body: unknown, state: AlwaysState): void {
  const problems = checkAlwaysPresent(body, state);
  if (problems.length > 0) {
    throw new AssertionError({
      message: `managed cluster (${state}) lacks properties real AKS always returns:\n  - ${problems.join("\n  - ")}`,
      actual: body,
      operator: "alwaysPresent",
    });
  }
}
