import fc from "fast-check";
import { Agent, request as httpsRequest } from "node:https";
import type { Route } from "../../src/arm/router.js";
import type { Store } from "../../src/store/store.js";
import { checkResponse } from "./conformance.js";
import { readResponse, type RawResponse } from "./https.js";
import { apiVersionOf, paramNames, pathFor, routeName } from "./routes.js";

/**
 * Property-based fuzzing of the emulator's HTTP surface (issue #8 item 1), over the router's own
 * table. One run = one generated request (route, path, query, headers, body) sent over real HTTPS,
 * followed by the checks:
 *   - never a 5xx;
 *   - every 4xx is an ARM error body `{"error":{"code","message"}}` in JSON (no HTML, no stack);
 *   - a 400 validation error for a body with one property removed or of another JSON type names that
 *     property in `target` or the message;
 *   - a rejected (4xx) request changed no state;
 *   - every 2xx answer, and the resource read back after a 2xx write, conforms to the official
 *     definition (so a validator that lets a bad value in is caught when it comes back out);
 *   - a normal request succeeds afterwards.
 *
 * Runs and seed: AKS_FUZZ_RUNS multiplies every property's run count (default 1) and AKS_FUZZ_SEED
 * replaces the fixed seed; `npm test` uses the defaults below. A failure prints the seed, fast-check's
 * replay path and the shrunk request; AKS_FUZZ_DEBUG=1 prints every generated request to stderr.
 */

export const FUZZ_SEED = Number(process.env["AKS_FUZZ_SEED"] ?? 8_2026);
/** Scale factor for every property's run count (AKS_FUZZ_RUNS=10 runs each property ten times as long). */
export const FUZZ_SCALE = Math.max(0.01, Number(process.env["AKS_FUZZ_RUNS"] ?? 1));
export const runs = (n: number): number => Math.max(1, Math.round(n * FUZZ_SCALE));

// ---------------------------------------------------------------------------------------------------
// Raw requests

export interface FuzzRequest {
  method: string;
  /** Path and query exactly as sent. */
  url: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
}

export type Send = (req: FuzzRequest) => Promise<RawResponse>;

/** A sender over one keep-alive agent to `endpoint`, trusting `ca`. */
export function directSender(endpoint: string, ca: string): { send: Send; close(): void } {
  const agent = new Agent({ ca, keepAlive: true, maxSockets: 4 });
  return { send: (r) => sendVia(endpoint, r, { agent }), close: () => agent.destroy() };
}

export type CreateConnection = (opts: object, done: (err: Error | null, socket?: import("node:stream").Duplex) => void) => void;

export function sendVia(endpoint: string, r: FuzzRequest, o: { agent?: Agent; createConnection?: CreateConnection }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = { ...r.headers };
    if (r.body !== undefined) headers["content-length"] = String(r.body.length);
    const u = new URL(endpoint);
    const req = httpsRequest(
      {
        host: u.hostname.replace(/^\[|\]$/g, ""),
        port: u.port,
        method: r.method,
        path: r.url,
        headers,
        // With createConnection, no agent at all: `agent: false` would make a fresh Agent that resolves the host itself.
        ...(o.createConnection ? { createConnection: o.createConnection as never } : { agent: o.agent }),
      },
      (res) => {
        readResponse(res).then(resolve, reject);
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer within 20 s to ${r.method} ${r.url.slice(0, 200)}`)));
    req.on("error", reject);
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------------
// Checks

const ERROR_KEYS = new Set(["code", "message", "target", "details", "additionalInfo"]);

/** Problems with an error answer: ARM JSON body with code and message, no HTML, no stack trace. */
export function armErrorProblems(res: RawResponse, method: string): string[] {
  const out: string[] = [];
  if (method.toUpperCase() === "HEAD") {
    if (res.text !== "") out.push("HEAD answer with a body");
    return out;
  }
  if (!/^application\/json/i.test(String(res.headers["content-type"] ?? ""))) out.push(`content-type '${String(res.headers["content-type"])}' is not JSON`);
  // HTML as the answer (an error message quoting the caller's HTML inside JSON is not that).
  if (/<html|<!doctype/i.test(res.text) && res.json === undefined) out.push("HTML in the body");
  if (/\n\s+at .+:\d+:\d+|node:internal|\/dist\/src\//.test(res.text)) out.push("stack trace in the body");
  const body = res.json as { error?: Record<string, unknown> } | undefined;
  if (!body || typeof body !== "object" || Array.isArray(body)) return [...out, "body is not a JSON object"];
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== "error") out.push(`top-level keys ${JSON.stringify(keys)} instead of ["error"]`);
  const error = body.error;
  if (!error || typeof error !== "object") return [...out, "no error object"];
  if (typeof error["code"] !== "string" || error["code"] === "") out.push("error.code missing or empty");
  if (typeof error["message"] !== "string" || error["message"] === "") out.push("error.message missing or empty");
  for (const k of Object.keys(error)) if (!ERROR_KEYS.has(k)) out.push(`unexpected error key '${k}'`);
  if (typeof res.headers["x-ms-request-id"] !== "string") out.push("no x-ms-request-id");
  return out;
}

/** A state snapshot: the store's whole dump (resources, operations) and its meta entries (faults, clock). */
export type Snapshot = string;

export function snapshotter(store: Store): () => Promise<Snapshot> {
  return async () => {
    const dump = await store.dump();
    const meta = await store.allMeta();
    return [...lines(dump), ...Object.entries(meta).map(([k, v]) => `meta ${k} ${JSON.stringify(v)}`)].join("\n");
  };
}

/** One line per resource or operation, sorted, so a diff shows what changed. */
function lines(dump: unknown): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(dump as Record<string, unknown>)) {
    if (Array.isArray(v)) for (const x of v) out.push(`${k} ${JSON.stringify(x)}`);
    else out.push(`${k} ${JSON.stringify(v)}`);
  }
  return out.sort();
}

// ---------------------------------------------------------------------------------------------------
// Generators

/** Values that break types and limits: null, huge numbers, long strings, unicode, control characters, deep nesting. */
export const evilValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), 0.5, -1, 0, 4294967296),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\n\r\t",
    "\u001f\u007f",
    "\u2028\u2029",
    "\ud800",
    "\udfff\ud800",
    "\u202e",
    "😀".repeat(10),
    "Ω≈ç√",
    "%00",
    "../..",
    "<html>",
  ),
  fc.integer({ min: 100, max: 100_000 }).map((n) => "x".repeat(n)),
  fc.tuple(fc.integer({ min: 1, max: 1_000 }), fc.boolean()).map(([d, arr]) => nested(d, arr ? "array" : "object")),
  fc.integer({ min: 10, max: 50_000 }).map((n) => new Array<number>(n).fill(1)),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
);

export function nested(depth: number, kind: "array" | "object"): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = kind === "array" ? [v] : { a: v };
  return v;
}

/** Raw bodies that are not (valid) JSON, or JSON nested far beyond any limit. */
export const rawBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("{", "[", "]", '{"a":', "nul", "'x'", '{"a":1,}', "\u0000", "<html><body>hi</body></html>", "\ufeff{}", "{}{}", "1e999999", '"\\ud800"'),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => "[".repeat(n) + "]".repeat(n)),
  fc.integer({ min: 1000, max: 100_000 }).map((n) => '{"a":'.repeat(n) + "1" + "}".repeat(n)),
  fc.integer({ min: 1, max: 100_000 }).map((n) => "[".repeat(n)),
  fc.string({ unit: "binary", maxLength: 200 }),
);

/** Path parameter values that break names: separators, dots, encodings, lengths, illegal characters. */
export const evilSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "..",
    ".",
    "%2e%2e",
    "%2E",
    "%2F",
    "a%2Fb",
    "%2f..%2f",
    "%5C",
    "a%5Cb",
    "%00",
    "%0A",
    "%0d%0a",
    "%",
    "%zz",
    "%C0%AF",
    "%ff",
    "a;b",
    "a%3Fb",
    "%23",
    "%20",
    "~",
    "%E2%80%AE",
    "%F0%9F%98%80",
    "CON",
    "a*b",
    "%3Cb%3E",
    "-",
    "_",
    "a.",
    "1",
  ),
  fc.integer({ min: 64, max: 3_000 }).map((n) => "a".repeat(n)),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }).map(encodeURIComponent),
  fc.string({ unit: "binary", minLength: 1, maxLength: 30 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "x"))),
  fc.constant(""),
);

const freshName = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);

export type ParamValues = Record<string, string>;

export interface PathCase {
  kind: "valid" | "fresh" | "mutated";
  path: string;
}

/** A path for the route: the fixture's names, fresh valid names, or one mutated parameter / shape. */
export function pathArb(route: Route, fixture: ParamValues): fc.Arbitrary<PathCase> {
  const names = paramNames(route);
  const valid = pathFor(route, fixture, () => "x");
  const options: fc.Arbitrary<PathCase>[] = [fc.constant<PathCase>({ kind: "valid", path: valid })];
  const freshable = names.filter((n) => n !== "subscriptionId");
  if (freshable.length > 0) {
    options.push(
      fc.tuple(fc.constantFrom(...freshable), freshName).map(([n, v]) => ({ kind: "fresh" as const, path: pathFor(route, { ...fixture, [n]: v }) })),
    );
  }
  if (names.length > 0) {
    options.push(
      fc.tuple(fc.constantFrom(...names), evilSegment).map(([n, v]) => ({ kind: "mutated" as const, path: pathFor(route, { ...fixture, [n]: v }) })),
    );
  }
  options.push(
    fc
      .constantFrom<(p: string) => string>(
        (p) => `${p}/`,
        (p) => p.replace(/\//g, "//"),
        (p) => p.toUpperCase(),
        (p) => p.split("/").slice(0, -1).join("/") || "/",
        (p) => `${p}/extra`,
        (p) => `${p}/..`,
        (p) => `${p}/%2e%2e/%2e%2e`,
        (p) => p.replace(/\/([^/]+)$/, "/../$1"),
        (p) => p.replace(/providers/i, "PROVIDERS"),
        (p) => p.replace(/\//g, "%2F"),
      )
      .map((f) => ({ kind: "mutated" as const, path: f(valid) })),
  );
  return fc.oneof({ arbitrary: options[0]!, weight: 4 }, ...options.slice(1).map((a) => ({ arbitrary: a, weight: 2 })));
}

export interface QueryCase {
  valid: boolean;
  query: string;
}

/** The query string: the right api-version most of the time, otherwise missing, empty, duplicated or odd. */
export function queryArb(route: Route): fc.Arbitrary<QueryCase> {
  const v = apiVersionOf(route);
  const good = v === undefined ? "" : `api-version=${v}`;
  const odd = fc.constantFrom(
    "2099-01-01",
    "latest",
    "2026-04-01-preview",
    "%00",
    "2026-04-01%20",
    "1".repeat(600),
    "2026-04-01;x",
    "2026-4-1",
    "%zz",
    "%F0%9F%98%80",
    "",
  );
  const extra = fc.constantFrom("$top=-1", "$top=999999999999", "$skipToken=garbage", "%zz=1", "a=%", "&&", "=", "api-version", "$filter=%27x%27");
  return fc.oneof(
    { arbitrary: fc.constant<QueryCase>({ valid: true, query: good }), weight: 6 },
    { arbitrary: fc.constant<QueryCase>({ valid: v === undefined, query: "" }), weight: 1 },
    { arbitrary: odd.map((o) => ({ valid: v === undefined, query: `api-version=${o}` })), weight: 1 },
    { arbitrary: fc.constant<QueryCase>({ valid: v === undefined, query: good ? `${good}&${good}` : "" }), weight: 1 },
    { arbitrary: odd.map((o) => ({ valid: v === undefined, query: good ? `${good}&api-version=${o}` : `api-version=${o}` })), weight: 1 },
    { arbitrary: fc.constant<QueryCase>({ valid: v === undefined, query: good.toUpperCase() }), weight: 1 },
    { arbitrary: extra.map((e) => ({ valid: false, query: good ? `${good}&${e}` : e })), weight: 1 },
  );
}

export interface HeaderCase {
  valid: boolean;
  headers: Record<string, string | string[]>;
}

const headerText = fc.oneof(
  fc.constantFrom('"', "*", 'W/"abc"', '"etag"', "", "a,b", '"a", "b"', "\t", "é", "null", "0"),
  fc.integer({ min: 100, max: 20_000 }).map((n) => "e".repeat(n)),
  fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, "")),
);

/** Headers: usually just the token; sometimes wrong content types, odd preconditions, huge or duplicated headers, bad auth. */
export function headerArb(token: string): fc.Arbitrary<HeaderCase> {
  const auth = `Bearer ${token}`;
  const contentType = fc.constantFrom(
    "application/json",
    "text/plain",
    "application/xml",
    "application/json; charset=utf-16",
    "garbage",
    "",
    "multipart/form-data; boundary=x",
    "application/merge-patch+json",
    "application/json;;;",
    "text/json",
  );
  return fc.oneof(
    { arbitrary: fc.constant<HeaderCase>({ valid: true, headers: { authorization: auth, "content-type": "application/json" } }), weight: 6 },
    {
      arbitrary: fc
        .record(
          {
            "content-type": contentType,
            "if-match": headerText,
            "if-none-match": headerText,
            "x-ms-client-request-id": headerText,
            "x-ms-correlation-request-id": headerText,
            "x-fuzz-big": fc.integer({ min: 1_000, max: 70_000 }).map((n) => "x".repeat(n)),
            accept: fc.constantFrom("text/html", "*/*", "application/xml", ""),
            "accept-language": headerText,
          },
          { requiredKeys: [] },
        )
        .map((h) => ({ valid: false, headers: { authorization: auth, ...h } })),
      weight: 3,
    },
    {
      arbitrary: fc
        .constantFrom<Record<string, string | string[]>>(
          { "x-ms-client-request-id": ["a", "b"] },
          { "content-type": ["application/json", "text/plain"] },
          { "if-match": ["*", '"x"'] },
          { authorization: [auth, "Bearer garbage"] },
          { authorization: "Bearer" },
          { authorization: "Basic dXNlcjpwYXNz" },
          { authorization: `Bearer ${token}x` },
          { authorization: `bearer    ${token}` },
        )
        .map((h) => ({ valid: false, headers: { authorization: auth, "content-type": "application/json", ...h } })),
      weight: 1,
    },
  );
}

export type BodyCase =
  | { kind: "none" }
  | { kind: "seed" }
  /** One property of the seed changed: `at` is its path (keys and indexes). */
  | { kind: "mutated"; at: (string | number)[]; op: "replace" | "delete" | "add"; value?: unknown }
  | { kind: "json"; value: unknown }
  | { kind: "raw"; text: string };

/** Every path (keys and indexes) inside a JSON value, the root excluded. */
export function pathsOf(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) {
      out.push([...at, i]);
      pathsOf(x, [...at, i], out);
    }
  } else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      out.push([...at, k]);
      pathsOf(x, [...at, k], out);
    }
  }
  return out;
}

export function bodyArb(route: Route, seed: unknown): fc.Arbitrary<BodyCase> {
  const options: { arbitrary: fc.Arbitrary<BodyCase>; weight: number }[] = [
    { arbitrary: fc.constant<BodyCase>({ kind: "none" }), weight: route.body === "none" ? 4 : 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: "json" as const, value })), weight: 1 },
    { arbitrary: rawBody.map((text) => ({ kind: "raw" as const, text })), weight: 1 },
  ];
  if (seed !== undefined) {
    const paths = pathsOf(seed);
    options.push({ arbitrary: fc.constant<BodyCase>({ kind: "seed" }), weight: 2 });
    options.push({ arbitrary: evilValue.map((value) => ({ kind: "json" as const, value })), weight: 1 });
    if (paths.length > 0) {
      const at = fc.constantFrom(...paths);
      options.push({
        arbitrary: fc.oneof(
          fc.tuple(at, evilValue).map(([p, value]) => ({ kind: "mutated" as const, at: p, op: "replace" as const, value })),
          at.map((p) => ({ kind: "mutated" as const, at: p, op: "delete" as const })),
          fc
            .tuple(at, fc.string({ minLength: 1, maxLength: 12 }), evilValue)
            .map(([p, key, value]) => ({ kind: "mutated" as const, at: [...p.slice(0, -1), `x${key}`], op: "add" as const, value })),
        ),
        weight: 8,
      });
    }
  }
  return fc.oneof(...options);
}

export function applyBody(seed: unknown, c: BodyCase): Buffer | undefined {
  switch (c.kind) {
    case "none":
      return undefined;
    case "seed":
      return Buffer.from(JSON.stringify(seed));
    case "json":
      return Buffer.from(JSON.stringify(c.value) ?? "null");
    case "raw":
      return Buffer.from(c.text);
    case "mutated": {
      const copy = structuredClone(seed) as Record<string | number, unknown>;
      let parent: Record<string | number, unknown> = copy;
      for (const k of c.at.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
      const last = c.at[c.at.length - 1]!;
      if (c.op === "delete") {
        if (Array.isArray(parent)) parent.splice(last as number, 1);
        else delete parent[last];
      } else if (parent !== null && typeof parent === "object") {
        parent[last] = c.value;
      }
      return Buffer.from(JSON.stringify(copy));
    }
  }
}

/** Codes of errors about the shape of a body (rather than a rule about the state, e.g. overlapping ranges or a subnet in use). */
const VALIDATION_CODES = /^(InvalidRequestContent|InvalidRequestFormat|InvalidParameter|InvalidTagNameOrValue|InvalidTagCount|Missing\w*Propert\w*)$/;

function isValidationError(res: RawResponse): boolean {
  return typeof res.json?.error?.code === "string" && VALIDATION_CODES.test(res.json.error.code);
}

const jsonKind = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * True when the mutation breaks the body's shape (a property removed, or given another JSON type):
 * a 400 about such a body must name that property. (A same-typed value, or an added property, may be
 * refused for reasons the mutation did not cause, e.g. a new subnet overlapping the fixture's.)
 */
function breaksShape(seed: unknown, c: Extract<BodyCase, { kind: "mutated" }>): boolean {
  if (c.op === "delete") return true;
  if (c.op !== "replace") return false;
  let v: unknown = seed;
  for (const k of c.at) v = (v as Record<string | number, unknown>)?.[k];
  return jsonKind(v) !== jsonKind(c.value);
}

/**
 * Names a validation error may use for a mutated property: its key (or its array's key); for a key
 * added to an object, also that object's key (a map such as `tags` rejects the entry as a whole).
 */
export function mutatedNames(c: Extract<BodyCase, { kind: "mutated" }>): string[] {
  const keys = c.at.filter((k): k is string => typeof k === "string");
  const last = keys[keys.length - 1];
  if (last === undefined) return [];
  const parent = typeof c.at[c.at.length - 1] === "string" ? keys[keys.length - 2] : undefined;
  return c.op === "add" && parent !== undefined ? [last, parent] : [last];
}

// ---------------------------------------------------------------------------------------------------
// The property

export interface FuzzCase {
  route: Route;
  path: PathCase;
  query: QueryCase;
  headers: HeaderCase;
  body: BodyCase;
}

export interface FuzzTarget {
  send: Send;
  routes: readonly Route[];
  fixture: ParamValues;
  /** Valid body per route (undefined: the route takes none, or none is known). */
  seedBody(route: Route): unknown;
  token: string;
  snapshot(): Promise<Snapshot>;
  /** Re-creates the fixture resources when a fuzzed DELETE removed them. */
  ensureFixture(): Promise<void>;
  /** A request every healthy server answers 2xx. */
  normalRequest: FuzzRequest;
  /** Undoes what a case may leave behind that is not the emulator's fault (e.g. testing faults it created). */
  afterCase?(): Promise<void>;
}

export function caseArb(t: FuzzTarget, routes: readonly Route[] = t.routes): fc.Arbitrary<FuzzCase> {
  return fc
    .constantFrom(...routes)
    .chain((route) =>
      fc.record({
        route: fc.constant(route),
        path: pathArb(route, t.fixture),
        query: queryArb(route),
        headers: headerArb(t.token),
        body: bodyArb(route, t.seedBody(route)),
      }),
    )
    .map((c) => Object.assign(c, { [fc.toStringMethod]: () => describeCase(c) }));
}

export function describeCase(c: FuzzCase): string {
  const body =
    c.body.kind === "mutated"
      ? `${c.body.op} ${JSON.stringify(c.body.at)} = ${short(c.body.value)}`
      : c.body.kind === "json"
        ? `json ${short(c.body.value)}`
        : c.body.kind === "raw"
          ? `raw ${short(c.body.text)}`
          : c.body.kind;
  const headers = Object.fromEntries(Object.entries(c.headers.headers).map(([k, v]) => [k, k === "authorization" ? "(token)" : short(v)]));
  return `${routeName(c.route)}\n  ${c.route.method} ${short(c.path.path, 300)}?${short(c.query.query)}\n  headers ${JSON.stringify(headers)}\n  body ${body}`;
}

function short(v: unknown, max = 120): string {
  let s: string;
  try {
    s = typeof v === "string" ? v : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max)}... (${s.length} chars)` : s;
}

export function requestOf(c: FuzzCase, seed: unknown): FuzzRequest {
  const url = c.query.query ? `${c.path.path}?${c.query.query}` : c.path.path;
  const body = applyBody(seed, c.body);
  return { method: c.route.method, url, headers: c.headers.headers, ...(body !== undefined ? { body } : {}) };
}

/** Runs one case and throws (with a readable report) when a property does not hold. */
export async function checkCase(t: FuzzTarget, c: FuzzCase): Promise<void> {
  if (process.env["AKS_FUZZ_DEBUG"]) console.error(describeCase(c).slice(0, 600));
  await t.ensureFixture();
  // A read first: operations that are due settle now, not during the fuzzed request.
  const settled = await t.send(t.normalRequest);
  if (settled.status >= 300) throw new Error(`the normal request failed before the case: ${settled.status} ${settled.text.slice(0, 300)}`);
  const seed = t.seedBody(c.route);
  const req = requestOf(c, seed);
  const before = await t.snapshot();
  let res: RawResponse;
  try {
    res = await t.send(req);
  } catch (e) {
    throw new Error(`no HTTP answer (${(e as Error).message}) to\n${describeCase(c)}`);
  }
  const problems: string[] = [];
  if (res.status >= 500 || res.status < 100) problems.push(`status ${res.status}`);
  if (res.status >= 400) {
    problems.push(...armErrorProblems(res, req.method));
    const after = await t.snapshot();
    if (after !== before) problems.push(`a rejected request (${res.status}) changed the state:\n${diff(before, after)}`);
    // Only the body is wrong: the fixture's own names (a fresh name may be refused on its own, e.g. a
    // maintenance configuration's, which only three names are allowed).
    const onlyBody = c.path.kind === "valid" && c.query.valid && c.headers.valid && c.body.kind === "mutated";
    if (onlyBody && res.status === 400 && c.body.kind === "mutated" && isValidationError(res) && breaksShape(seed, c.body)) {
      const names = mutatedNames(c.body).map((n) => n.toLowerCase());
      const target = String(res.json.error.target ?? "").toLowerCase();
      const message = String(res.json.error.message ?? "").toLowerCase();
      if (names.length > 0 && !names.some((n) => target.includes(n) || message.includes(n))) {
        problems.push(
          `a 400 for the mutated property '${names.join("' or '")}' names it neither in target ('${res.json.error.target ?? ""}') nor in the message`,
        );
      }
    }
  } else if (res.status < 300 && req.method !== "HEAD") {
    problems.push(...conformance({ method: req.method, url: req.url, status: res.status, body: res.text }));
    if ((req.method === "PUT" || req.method === "PATCH") && c.query.valid) {
      // Read the written resource back: what was accepted must come out conformant.
      const read = await t.send({ method: "GET", url: req.url, headers: { authorization: `Bearer ${t.token}` } });
      if (read.status === 200) {
        problems.push(...conformance({ method: "GET", url: req.url, status: 200, body: read.text }).map((p) => `read back after ${req.method}: ${p}`));
      } else if (read.status >= 500) {
        problems.push(`read back after ${req.method}: status ${read.status}`);
      }
    }
  }
  if (t.afterCase) await t.afterCase();
  const normal = await t.send(t.normalRequest);
  if (normal.status >= 300) problems.push(`a normal request afterwards answered ${normal.status} ${normal.text.slice(0, 200)}`);
  if (problems.length > 0) {
    throw new Error(`${problems.join("\n")}\nanswer: ${res.status} ${res.text.slice(0, 500)}\nrequest: ${describeCase(c)}`);
  }
}

/**
 * Conformance problems of a 2xx answer, less "unknown property": a resource keeps every property the
 * client sent (docs/resource-types.md "Principles"), so extra keys a fuzzed body added come back.
 * A known property of the wrong type or shape still counts.
 */
function conformance(res: Parameters<typeof checkResponse>[0]): string[] {
  return checkResponse(res).filter((p) => !/unknown property/.test(p));
}

function diff(a: string, b: string): string {
  const la = a.split("\n");
  const lb = new Set(b.split("\n"));
  const sa = new Set(la);
  const gone = la.filter((l) => !lb.has(l)).map((l) => `  - ${l.slice(0, 300)}`);
  const added = [...lb].filter((l) => !sa.has(l)).map((l) => `  + ${l.slice(0, 300)}`);
  return [...gone, ...added].slice(0, 10).join("\n");
}

/** fast-check parameters: the fixed (or AKS_FUZZ_SEED) seed, `n` runs scaled by AKS_FUZZ_RUNS. */
export function fuzzParams(n: number): fc.Parameters<[FuzzCase]> {
  return { seed: FUZZ_SEED, numRuns: runs(n), includeErrorInReport: true };
}
