/**
 * Response-body conformance against the official API definitions we commit (spec/definitions/,
 * read through the generated shapes of definition-schema.ts) at the request's api-version, plus the
 * list of properties real AKS always returns (aks-always-readonly.json).
 *
 *   checkResponse({ method, url, status, body })    -> problems ([] = conformant): what integration tests run
 *   conformancePolicy()                             -> an SDK pipeline policy running checkResponse
 *                                                      on every response the SDK client receives
 *   checkAlwaysPresent(body, "create201" | "get")   -> real-AKS-always-returns problems
 *
 * The check that read the wire schema from the pinned SDK's compiled JavaScript (sdk-schema.ts) is
 * gone: the definitions cover every answer it covered (the operation status URLs and ARM's own paths
 * included, scripts/generate-response-shapes.mjs STATUS_ANSWERS and definition-schema.ts).
 */
import { AssertionError } from "node:assert";
import { apiVersionOf, checkDefinition, definitionAnswer, definitionError, pathOf, type DefinitionCheckOptions } from "./definition-schema.js";
import alwaysList from "./aks-always-readonly.json" with { type: "json" };

export type ConformanceOptions = DefinitionCheckOptions;

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

export interface ObservedResponse {
  method: string;
  /** Full URL or path (query ignored). */
  url: string;
  status: number;
  /** Parsed JSON, raw text, or undefined/"" for no body. */
  body: unknown;
}

/**
 * Everything conformance-wise about one response: a success answer of a route the committed
 * definitions describe against its version's answer model, an error against the error model of the
 * namespace the path names (ARM's, Resources', where we have none). An empty body is fine for a 202
 * (LRO accepted) and for a POST (an action's 200 may have none where its 202 has one,
 * docs/fidelity.md "Node image upgrade answers").
 */
export function checkResponse(res: ObservedResponse, opts: ConformanceOptions = {}): string[] {
  const apiVersion = apiVersionOf(res.url);
  const definable = apiVersion !== undefined && res.status !== 204 && res.method.toUpperCase() !== "HEAD" && !pathOf(res.url).startsWith("/_emulator");
  const definition = !definable
    ? undefined
    : res.status >= 400
      ? definitionError(res.url, apiVersion)
      : res.status < 300
        ? definitionAnswer(res.method, res.url, apiVersion)
        : undefined;
  if (!definition) return [];
  const what = `${res.method.toUpperCase()} ${pathOf(res.url)} -> ${res.status}`;
  const named = `${typeof definition.shape === "string" ? `${definition.shape}, ` : ""}${definition.namespace} ${definition.apiVersion}`;
  let body = res.body;
  if (body instanceof Uint8Array) body = Buffer.from(body).toString("utf8");
  if (body === undefined || body === null || (typeof body === "string" && body.trim() === "")) {
    if (res.method.toUpperCase() === "POST" && res.status < 300) return [];
    return res.status === 202 ? [] : [`${what}: empty body where ${named} was expected`];
  }
  if (typeof body === "string") {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      return [`${what}: body is not JSON: ${show(body)}`];
    }
  }
  return checkDefinition(body, definition, opts).map((p) => `${what} (${named}) ${p}`);
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
