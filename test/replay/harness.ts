import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { versionCatalogue } from "../../src/providers/containerservice/version-catalogue.js";
import { TEST_SUBSCRIPTION, type RawResponse, type TestEmulator } from "../support/emulator.js";

/**
 * Replay harness for the official AKS examples in test/fixtures/azure-spec/ (copies of
 * Azure/azure-rest-api-specs x-ms-examples; see the README there): managed clusters, private
 * endpoint connections, private link resources, resolvePrivateLinkServiceId, maintenance
 * configurations, agent pools, their machines and node pool snapshots.
 *
 * How an example is replayed:
 *  1. The placeholders of the example (`subid1`, `location1`, `1.9.6`, ...) are replaced by real values
 *     through PLACEHOLDERS, in the path parameters, the request body AND the expected response (forward
 *     direction: the example is turned into what a real call against our emulator must answer; the
 *     placeholders are distinctive tokens, our real values are not, so this direction is the safe one).
 *  2. Prerequisites are created first, through the emulator's own routes: the resource group (PUT);
 *     what a create request names (user-assigned identities, a custom private DNS zone); for examples
 *     that act on an existing cluster, that cluster (for the private link and connection examples, a
 *     private one, and for the connection examples the private endpoint the example names, connected
 *     to it). Their operations are completed through the clock.
 *  3. The example's request is sent with its own api-version, and our answer is compared with the
 *     example's answer for the status code under test EXACTLY: every field of the example must be in
 *     ours with the same value and type, and every field of ours must be in the example; arrays are
 *     compared element by element. Only the JSON pointers of the example's ignore list
 *     (test/replay/ignored.ts) are treated differently, each for a stated reason (REASON_KINDS; a
 *     "real traffic wins" reason must name sections of docs/sources.md, a "fidelity row" reason a row
 *     of docs/fidelity.md). An ignore entry that matches nothing
 *     fails the test, so the list cannot rot.
 *  4. Headers the example shows (only `location` on 202s) are compared the same way, the URL split into
 *     `{origin, path: [segments], query: {name: value}}` so that ignores can name one part.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/azure-spec/", import.meta.url));
const FIDELITY_DOC = fileURLToPath(new URL("../../../docs/fidelity.md", import.meta.url));
const SOURCES_DOC = fileURLToPath(new URL("../../../docs/sources.md", import.meta.url));

/** The subscription of the examples' `subid2` (the private endpoint's side in the connection examples). */
export const SECOND_SUBSCRIPTION = "5b0c6e1e-7f34-4c1a-9d2b-0a9e3c4d5f62";

/** The Kubernetes version the emulator resolves `""` to (its default minor's newest patch). */
export const DEFAULT_PATCH_VERSION = versionCatalogue().resolve("", "kubernetesVersion").current;

/**
 * The placeholder map: example token -> the value used against the emulator. One object for every
 * example. Replacement is by whole token (not preceded or followed by a letter or digit), longest first,
 * in string values and in object keys (user-assigned identity maps are keyed by resource id).
 * `{{endpoint}}` is replaced by the emulator's origin at run time.
 */
export const PLACEHOLDERS: Readonly<Record<string, string>> = {
  // The 2026-x examples use the all-zero GUID as the subscription; the 2022-11-01 ones `subid1`.
  "00000000-0000-0000-0000-000000000000": TEST_SUBSCRIPTION,
  subid1: TEST_SUBSCRIPTION,
  // A real region the emulator serves (the examples also write `eastus` literally in some FQDNs).
  location1: "eastus",
  // The resource group the harness creates first; a different name proves the substitution.
  rg1: "replay-rg1",
  // The private endpoint's subscription and group in the connection examples (`.../subid2/.../rg2/.../pe2`);
  // the harness creates the endpoint there. (In the private link service ids they are generated values.)
  subid2: SECOND_SUBSCRIPTION,
  rg2: "replay-rg2",
  // A placeholder Kubernetes version (README of azure-spec): the version the emulator offers by default.
  "1.9.6": DEFAULT_PATCH_VERSION,
  // The agent pool and snapshot examples' one version each. (The pool's upgrade profile and available
  // versions examples, which relate several versions, are replayed with a catalogue of their own
  // versions instead: agent-pool-runs.ts agentPoolCatalogue.)
  "1.17.8": DEFAULT_PATCH_VERSION,
  "1.17.13": DEFAULT_PATCH_VERSION,
  "1.19.6": DEFAULT_PATCH_VERSION,
  "1.20.5": DEFAULT_PATCH_VERSION,
  "1.23.3": DEFAULT_PATCH_VERSION,
  // The trusted access binding examples' roles are placeholders (no such roles are listed by real AKS,
  // docs/sources.md "Trusted access"): two roles the catalogue offers for the examples' workspace.
  "Microsoft.MachineLearningServices/workspaces/reader": "Microsoft.MachineLearningServices/workspaces/mlworkload",
  "Microsoft.MachineLearningServices/workspaces/writer": "Microsoft.MachineLearningServices/workspaces/inference-v1",
  // ARM's public endpoint in Location headers -> the emulator's own origin.
  "https://management.azure.com": "{{endpoint}}",
};

// ---------------------------------------------------------------------------------------------------
// Loading and substitution

export interface Example {
  /** Path under test/fixtures/azure-spec/, e.g. `2026-04-01/examples/ManagedClustersGet.json`. */
  file: string;
  apiVersion: string;
  /** Path parameters as the example writes them (placeholders not yet replaced). */
  params: Record<string, string>;
  /** The request body (the body parameter is named `parameters`, `machines` in AgentPools_DeleteMachines, `trustedAccessRoleBinding` in TrustedAccessRoleBindings_CreateOrUpdate). */
  requestBody?: Json;
  responses: Record<string, { headers?: Record<string, string>; body?: Json }>;
}

export function loadExample(file: string): Example {
  const raw = readFileSync(FIXTURES + file, "utf8");
  const json = JSON.parse(raw) as Json;
  const parameters = json.parameters as Record<string, Json>;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(parameters)) if (typeof v === "string" && k !== "api-version") params[k] = v;
  return {
    file,
    apiVersion: String(parameters["api-version"]),
    params,
    requestBody: parameters["parameters"] ?? parameters["machines"] ?? parameters["trustedAccessRoleBinding"],
    responses: json.responses,
  };
}

function tokenRegex(token: string): RegExp {
  const escaped = token.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, "g");
}

const ORDERED_TOKENS = Object.keys(PLACEHOLDERS).sort((a, b) => b.length - a.length);

export function substituteString(s: string, endpoint: string): string {
  let out = s;
  for (const token of ORDERED_TOKENS) {
    out = out.replace(tokenRegex(token), PLACEHOLDERS[token]!.replace("{{endpoint}}", endpoint));
  }
  return out;
}

/** Deep copy with every placeholder replaced (string values and object keys). */
export function substitute(value: Json, endpoint = "https://management.azure.com"): Json {
  if (typeof value === "string") return substituteString(value, endpoint);
  if (Array.isArray(value)) return value.map((v) => substitute(v, endpoint));
  if (value && typeof value === "object") {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[substituteString(k, endpoint)] = substitute(v, endpoint);
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------
// JSON pointers (RFC 6901), with `*` matching any one key or array index

export function parsePointer(p: string): string[] {
  if (p === "") return [];
  if (!p.startsWith("/")) throw new Error(`JSON pointer must start with '/': ${p}`);
  return p
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function formatPointer(segs: readonly string[]): string {
  return segs.map((s) => "/" + s.replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

function childKeys(node: Json): string[] {
  if (Array.isArray(node)) return node.map((_, i) => String(i));
  if (node && typeof node === "object") return Object.keys(node);
  return [];
}

function hasChild(node: Json, key: string): boolean {
  if (Array.isArray(node)) return /^\d+$/.test(key) && Number(key) < node.length;
  return !!node && typeof node === "object" && Object.hasOwn(node, key);
}

/** Every concrete path in `doc` that the pattern matches. */
export function expand(doc: Json, pattern: readonly string[]): string[][] {
  let frontier: { node: Json; path: string[] }[] = [{ node: doc, path: [] }];
  for (const seg of pattern) {
    const next: { node: Json; path: string[] }[] = [];
    for (const { node, path } of frontier) {
      const keys = seg === "*" ? childKeys(node) : hasChild(node, seg) ? [seg] : [];
      for (const k of keys) next.push({ node: (node as Record<string, Json>)[k], path: [...path, k] });
    }
    frontier = next;
  }
  return frontier.map((f) => f.path);
}

export function getAt(doc: Json, path: readonly string[]): { found: boolean; value?: Json } {
  let node = doc;
  for (const seg of path) {
    if (!hasChild(node, seg)) return { found: false };
    node = (node as Record<string, Json>)[seg];
  }
  return { found: true, value: node };
}

function removeAt(doc: Json, path: readonly string[]): void {
  if (path.length === 0) return;
  const parent = getAt(doc, path.slice(0, -1));
  if (!parent.found) return;
  const last = path[path.length - 1]!;
  if (Array.isArray(parent.value)) {
    // Removing an element would renumber its siblings: leave a hole that compares as "ignored".
    if (hasChild(parent.value, last)) parent.value[Number(last)] = IGNORED;
  } else if (parent.value && typeof parent.value === "object") {
    delete (parent.value as Record<string, Json>)[last];
  }
}

function setAt(doc: Json, path: readonly string[], value: Json): void {
  let node = doc;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    if (!hasChild(node, seg) || typeof node[seg] !== "object" || node[seg] === null) node[seg] = /^\d+$/.test(path[i + 1]!) ? [] : {};
    node = node[seg];
  }
  node[path[path.length - 1]!] = value;
}

/** Marks an array element that an ignore entry removed from both sides. */
const IGNORED = Symbol("ignored");

// ---------------------------------------------------------------------------------------------------
// Ignore entries

/** The reasons a pointer may be left out of the comparison; nothing else may be ignored. */
export const REASON_KINDS = ["generated value", "real traffic wins: ", "example contradicts another example: ", "fidelity row: ", "later issue: "] as const;

let fidelityTitles: Set<string> | undefined;

/** The row titles of docs/fidelity.md (first cell of every table row). */
export function fidelityRowTitles(): Set<string> {
  if (!fidelityTitles) {
    const doc = readFileSync(FIDELITY_DOC, "utf8");
    fidelityTitles = new Set([...doc.matchAll(/^\|([^|]+)\|/gm)].map((m) => m[1]!.trim()).filter((t) => t !== "" && t !== "title" && !/^-+$/.test(t)));
  }
  return fidelityTitles;
}

let sourcesHeadings: Set<string> | undefined;

/** The section headings of docs/sources.md (`## <heading>`). */
export function sourcesSectionHeadings(): Set<string> {
  if (!sourcesHeadings) {
    const doc = readFileSync(SOURCES_DOC, "utf8");
    sourcesHeadings = new Set([...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim()));
  }
  return sourcesHeadings;
}

/** `real traffic wins: docs/sources.md "<heading>"[, "<heading>"]...`, then optionally ` <detail>`. */
const REAL_TRAFFIC = /^real traffic wins: docs\/sources\.md ("[^"]+"(?:, "[^"]+")*)(?: .*)?$/s;

export interface Ignore {
  /** JSON pointer into the response (`/headers/location/...` for headers); `*` = any key or index. Covers the subtree. */
  pointer: string;
  /**
   * Why. One of: "generated value" (ids, labels, GUIDs of our own making: the value is not compared, but
   * where the example has the field ours must have it too, with the same JSON type); "real traffic wins:
   * docs/sources.md "<heading>"[, "<heading>"] (<detail>)" (each heading a section of docs/sources.md);
   * "example contradicts another example: <which>";
   * "fidelity row: <title of a docs/fidelity.md row>" (a documented choice of ours where the sources are
   * silent or disagree; the title must be a row of that file, optionally followed by " (<detail>)");
   * "later issue: <what> (#n)".
   */
  reason: string;
  /** Instead of the example's value, ours must equal this (written with placeholders, substituted like the example). */
  expect?: Json;
  /** Ours must NOT have this field (the example's is dropped from the expectation). */
  absent?: true;
  /**
   * Ours must be a string matching this regular expression (placeholders in it are replaced like the
   * example's), and must be there wherever the example has the field.
   */
  match?: string;
  /**
   * The pointer names an array in which ours has elements the example does not show (e.g. AKS's own
   * connection in a connection list). The elements of ours whose fields (JSON pointers relative to the
   * element) all match these regular expressions are taken out before comparing; at least one must
   * be there. The example's elements are left alone.
   */
  extra?: Record<string, string>;
}

export interface ExampleIgnores {
  /** Response codes of the example that are not replayed, with the reason. */
  skipStatus?: Record<string, string>;
  /** Per response code ("201", "200", ...), or "*" for every code of the example. */
  ignore: Record<string, Ignore[]>;
}

export function validateIgnore(entry: Ignore): void {
  assert.ok(
    REASON_KINDS.some((k) => entry.reason.startsWith(k)),
    `ignore ${entry.pointer}: reason must start with one of ${REASON_KINDS.join(" | ")}, got '${entry.reason}'`,
  );
  assert.ok(entry.reason.trim().length > 0);
  assert.ok(!(entry.expect !== undefined && entry.absent), `ignore ${entry.pointer}: expect and absent together`);
  assert.ok(!(entry.match !== undefined && (entry.expect !== undefined || entry.absent)), `ignore ${entry.pointer}: match with expect/absent`);
  assert.ok(
    !(entry.extra !== undefined && (entry.expect !== undefined || entry.absent || entry.match !== undefined)),
    `ignore ${entry.pointer}: extra with expect/absent/match`,
  );
  if (entry.reason.startsWith("real traffic wins: ")) {
    const m = REAL_TRAFFIC.exec(entry.reason);
    assert.ok(m, `ignore ${entry.pointer}: '${entry.reason}' must read real traffic wins: docs/sources.md "<heading>"[, "<heading>"] (<detail>)`);
    const headings = sourcesSectionHeadings();
    for (const [, heading] of m[1]!.matchAll(/"([^"]+)"/g)) {
      assert.ok(headings.has(heading!), `ignore ${entry.pointer}: '${heading}' is not a section of docs/sources.md`);
    }
  }
  if (entry.reason.startsWith("fidelity row: ")) {
    const rest = entry.reason.slice("fidelity row: ".length);
    const titles = fidelityRowTitles();
    const title = [...titles].find((t) => rest === t || rest.startsWith(`${t} (`));
    assert.ok(title, `ignore ${entry.pointer}: '${rest}' does not start with the title of a docs/fidelity.md row`);
  }
  parsePointer(entry.pointer);
}

// ---------------------------------------------------------------------------------------------------
// Comparison

export interface Comparison {
  problems: string[];
}

function typeOf(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function show(v: Json): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 120 ? s.slice(0, 117) + "..." : s;
}

function diff(ours: Json, example: Json, path: string[], problems: string[]): void {
  if (ours === IGNORED || example === IGNORED) return;
  const at = formatPointer(path) || "(root)";
  const to = typeOf(ours);
  const te = typeOf(example);
  if (to !== te) {
    problems.push(`${at}: ours ${show(ours)} (${to}), example ${show(example)} (${te})`);
    return;
  }
  if (to === "array") {
    const n = Math.max(ours.length, example.length);
    for (let i = 0; i < n; i++) {
      if (i >= ours.length) problems.push(`${formatPointer([...path, String(i)])}: missing in ours, example ${show(example[i])}`);
      else if (i >= example.length) problems.push(`${formatPointer([...path, String(i)])}: not in the example, ours ${show(ours[i])}`);
      else diff(ours[i], example[i], [...path, String(i)], problems);
    }
    return;
  }
  if (to === "object") {
    for (const k of Object.keys(example)) {
      if (!(k in ours)) problems.push(`${formatPointer([...path, k])}: missing in ours, example ${show(example[k])}`);
      else diff(ours[k], example[k], [...path, k], problems);
    }
    for (const k of Object.keys(ours)) {
      if (!(k in example)) problems.push(`${formatPointer([...path, k])}: not in the example, ours ${show(ours[k])}`);
    }
    return;
  }
  if (ours !== example) problems.push(`${at}: ours ${show(ours)}, example ${show(example)}`);
}

/**
 * Compares our document with the example's (both already in real values). Returns every problem:
 * differences outside the ignore list, ignore entries whose own check fails, and entries matching nothing.
 */
export function compare(oursIn: Json, exampleIn: Json, ignores: readonly Ignore[], endpoint: string): Comparison {
  const ours = structuredClone(oursIn);
  const example = structuredClone(exampleIn);
  const problems: string[] = [];
  for (const entry of ignores) validateIgnore(entry);
  // Extra elements first: taking them out renumbers our array, which the other entries then see.
  for (const entry of ignores.filter((e) => e.extra !== undefined)) {
    const checks = Object.entries(entry.extra!).map(([p, re]) => ({ path: parsePointer(p), re: new RegExp(substituteString(re, endpoint)) }));
    let found = 0;
    for (const p of expand(ours, parsePointer(entry.pointer))) {
      const arr = getAt(ours, p).value;
      if (!Array.isArray(arr)) continue;
      for (let i = arr.length - 1; i >= 0; i--) {
        const ok = checks.every(({ path, re }) => {
          const v = getAt(arr[i], path);
          return v.found && typeof v.value === "string" && re.test(v.value);
        });
        if (ok) {
          arr.splice(i, 1);
          found++;
        }
      }
    }
    if (found === 0) problems.push(`ignore entry ${entry.pointer} (${entry.reason}): no element of ours has ${JSON.stringify(entry.extra)}`);
  }
  for (const entry of ignores) {
    if (entry.extra !== undefined) continue;
    const pattern = parsePointer(entry.pointer);
    const inOurs = expand(ours, pattern);
    const inExample = expand(example, pattern);
    if (inOurs.length === 0 && inExample.length === 0) {
      problems.push(`ignore entry ${entry.pointer} (${entry.reason}) matches nothing: remove it`);
      continue;
    }
    if (entry.expect !== undefined) {
      const expected = substitute(entry.expect, endpoint);
      const targets = new Map<string, string[]>();
      for (const p of [...inOurs, ...inExample]) targets.set(formatPointer(p), p);
      for (const p of targets.values()) setAt(example, p, structuredClone(expected));
      continue;
    }
    if (entry.absent) {
      for (const p of inExample) removeAt(example, p);
      continue;
    }
    if (entry.reason.startsWith("generated value")) {
      for (const p of inExample) {
        const mine = getAt(ours, p);
        const theirs = getAt(example, p);
        if (!mine.found) problems.push(`${formatPointer(p)}: generated value missing in ours (example ${show(theirs.value)})`);
        else if (typeOf(mine.value) !== typeOf(theirs.value)) {
          problems.push(`${formatPointer(p)}: generated value has type ${typeOf(mine.value)}, example ${typeOf(theirs.value)}`);
        }
      }
    }
    if (entry.match !== undefined) {
      const re = new RegExp(substituteString(entry.match, endpoint));
      // Where the example has the field, ours must have it too (and match).
      for (const p of inExample) if (!getAt(ours, p).found) problems.push(`${formatPointer(p)}: missing in ours, must match /${re.source}/ (${entry.reason})`);
      for (const p of inOurs) {
        const v = getAt(ours, p).value;
        if (typeof v !== "string" || !re.test(v)) problems.push(`${formatPointer(p)}: ours ${show(v)} does not match /${re.source}/ (${entry.reason})`);
      }
    }
    for (const p of inOurs) removeAt(ours, p);
    for (const p of inExample) removeAt(example, p);
  }
  diff(ours, example, [], problems);
  return { problems };
}

export function assertMatchesExample(label: string, ours: Json, example: Json, ignores: readonly Ignore[], endpoint: string): void {
  const { problems } = compare(ours, example, ignores, endpoint);
  if (problems.length > 0) {
    assert.fail(`${label}: our answer differs from the example in ${problems.length} place(s):\n  ${problems.join("\n  ")}`);
  }
}

/**
 * Our answer (status already checked) against the example's for that status: the body field by field
 * (ignores outside `/headers/`), no body where the example has none, and each header the example shows
 * as a split URL (ignores under `/headers/`).
 */
export function assertAnswerMatchesExample(
  label: string,
  res: RawResponse,
  expected: { headers?: Record<string, string>; body?: Json },
  ignores: readonly Ignore[],
  endpoint: string,
): void {
  if (expected.body !== undefined) {
    assertMatchesExample(
      label,
      res.json,
      substitute(expected.body, endpoint),
      ignores.filter((i) => !i.pointer.startsWith("/headers/")),
      endpoint,
    );
  } else {
    assert.equal(res.text, "", `${label}: the example has no body`);
  }
  if (!expected.headers) return;
  const ours: Json = { headers: {} };
  const theirs: Json = { headers: {} };
  for (const [name, value] of Object.entries(expected.headers)) {
    const mine = res.headers[name.toLowerCase()];
    assert.equal(typeof mine, "string", `${label}: header ${name} missing`);
    theirs.headers[name] = splitUrl(substitute(value, endpoint));
    ours.headers[name] = splitUrl(mine as string);
  }
  assertMatchesExample(
    `${label} headers`,
    ours,
    theirs,
    ignores.filter((i) => i.pointer.startsWith("/headers/")),
    endpoint,
  );
}

/**
 * `https://host/a/b?x=1` -> `{origin, path: ["a","b"], query: {x: "1"}}`, so ignores can name one part.
 * A header value that is not an absolute URL stays as it is.
 */
export function splitUrl(url: string): Json {
  if (!/^https?:\/\//.test(url)) return url;
  const u = new URL(url);
  const query: Record<string, string> = {};
  for (const [k, v] of u.searchParams) query[k] = v;
  return { origin: u.origin, path: u.pathname.split("/").filter((s) => s !== ""), query };
}

// ---------------------------------------------------------------------------------------------------
// Requests and prerequisites

export const RESOURCES_API_VERSION = "2025-04-01";

export function clusterUrl(p: { subscriptionId: string; resourceGroupName: string; resourceName: string }, apiVersion: string): string {
  return `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${p.resourceName}?api-version=${apiVersion}`;
}

/** Path parameters with placeholders replaced. */
export function realParams(ex: Example): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ex.params)) out[k] = substituteString(v, "");
  return out;
}

export async function createResourceGroup(te: TestEmulator, subscriptionId: string, name: string, location = PLACEHOLDERS["location1"]!): Promise<void> {
  const r = await te.request("PUT", `/subscriptions/${subscriptionId}/resourcegroups/${name}?api-version=${RESOURCES_API_VERSION}`, { body: { location } });
  assert.ok(r.status === 200 || r.status === 201, `resource group PUT answered ${r.status}: ${r.text}`);
}

/** Prerequisite: every user-assigned identity the request names (and its group) exists, as AKS requires. */
export async function createUserAssignedIdentities(te: TestEmulator, body: Json): Promise<void> {
  const identity = (body as { identity?: { userAssignedIdentities?: Record<string, unknown> } }).identity;
  for (const id of Object.keys(identity?.userAssignedIdentities ?? {})) {
    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i.exec(id);
    if (!m) continue;
    await createResourceGroup(te, m[1]!, m[2]!);
    const res = await te.request("PUT", `${id}?api-version=${MSI_API_VERSION}`, { body: { location: PLACEHOLDERS["location1"] } });
    assert.ok(res.status === 201 || res.status === 200, `identity ${id}: ${res.status} ${res.text}`);
  }
}

export const MSI_API_VERSION = "2023-01-31";
export const PRIVATE_DNS_API_VERSION = "2024-06-01";
export const NETWORK_API_VERSION = "2025-05-01";

/**
 * Prerequisite: the custom private DNS zone the request names in apiServerAccessProfile.privateDNSZone
 * (and its group) exists, as AKS requires; created through the emulator's Microsoft.Network route.
 */
export async function createPrivateDnsZone(te: TestEmulator, body: Json, lroDurationMs: number): Promise<void> {
  const zone = body?.properties?.apiServerAccessProfile?.privateDNSZone;
  if (typeof zone !== "string") return;
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/privateDnsZones\/[^/]+$/i.exec(zone);
  if (!m) return;
  await createResourceGroup(te, m[1]!, m[2]!);
  const res = await te.request("PUT", `${zone}?api-version=${PRIVATE_DNS_API_VERSION}`, { body: { location: "global" } });
  assert.ok([200, 201, 202].includes(res.status), `private DNS zone ${zone}: ${res.status} ${res.text}`);
  if (res.headers["azure-asyncoperation"]) await completeOperation(te, res, lroDurationMs);
}

/**
 * Waits for an operation the way a client does: reads its Azure-AsyncOperation URL, moves the
 * emulator's clock past the simulated provisioning time, and polls until the status is Succeeded.
 */
export async function completeOperation(te: TestEmulator, res: RawResponse, lroDurationMs: number): Promise<void> {
  const url = res.headers["azure-asyncoperation"];
  assert.equal(typeof url, "string", `no Azure-AsyncOperation header (status ${res.status})`);
  te.emulator.clock.advance(lroDurationMs + 1);
  const u = new URL(url as string);
  const poll = await te.request("GET", u.pathname + u.search);
  assert.equal(poll.status, 200, poll.text);
  assert.equal(poll.json?.status, "Succeeded", `operation not done after advancing the clock: ${poll.text}`);
}

/**
 * Prerequisite of the private link and connection examples, which show no cluster body: a minimal
 * private cluster (system zone) named as the example's path names it, its create completed.
 * Answers the cluster's id.
 */
export async function createPrivateCluster(te: TestEmulator, p: Record<string, string>, lroDurationMs: number): Promise<string> {
  const url = clusterUrl({ subscriptionId: p["subscriptionId"]!, resourceGroupName: p["resourceGroupName"]!, resourceName: p["resourceName"]! }, "2026-04-01");
  const put = await te.request("PUT", url, {
    body: {
      location: PLACEHOLDERS["location1"],
      properties: {
        dnsPrefix: "dnsprefix1",
        agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }],
        apiServerAccessProfile: { enablePrivateCluster: true },
      },
      identity: { type: "SystemAssigned" },
    },
  });
  assert.equal(put.status, 201, `prerequisite private cluster PUT: ${put.text}`);
  await completeOperation(te, put, lroDurationMs);
  return String(put.json.id);
}

/**
 * Prerequisite of the connection examples: the private endpoint `endpointId` (its group, and a virtual
 * network `vnet1` with subnet `default` there) connected to the cluster `targetId` with group
 * `management`, manually (Pending, no request message) or auto-approved; its operation completed.
 */
export async function createPrivateEndpoint(
  te: TestEmulator,
  endpointId: string,
  targetId: string,
  opts: { manual: boolean; lroDurationMs: number },
): Promise<void> {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/privateEndpoints\/([^/]+)$/i.exec(endpointId);
  assert.ok(m, `not a private endpoint id: ${endpointId}`);
  await createResourceGroup(te, m[1]!, m[2]!);
  const vnet = `/subscriptions/${m[1]}/resourceGroups/${m[2]}/providers/Microsoft.Network/virtualNetworks/vnet1`;
  const v = await te.request("PUT", `${vnet}?api-version=${NETWORK_API_VERSION}`, {
    body: {
      location: PLACEHOLDERS["location1"],
      properties: { addressSpace: { addressPrefixes: ["10.0.0.0/16"] }, subnets: [{ name: "default", properties: { addressPrefix: "10.0.0.0/24" } }] },
    },
  });
  assert.ok(v.status === 201 || v.status === 200, `virtual network PUT: ${v.text}`);
  if (v.headers["azure-asyncoperation"]) await completeOperation(te, v, opts.lroDurationMs);
  const connection = { name: "connection1", properties: { privateLinkServiceId: targetId, groupIds: ["management"] } };
  const pe = await te.request("PUT", `${endpointId}?api-version=${NETWORK_API_VERSION}`, {
    body: {
      location: PLACEHOLDERS["location1"],
      properties: {
        subnet: { id: `${vnet}/subnets/default` },
        [opts.manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections"]: [connection],
      },
    },
  });
  assert.ok(pe.status === 201 || pe.status === 200, `private endpoint PUT: ${pe.text}`);
  if (pe.headers["azure-asyncoperation"]) await completeOperation(te, pe, opts.lroDurationMs);
}

/**
 * Read-only properties of a ManagedCluster (the `readonly` ones of @azure/arm-containerservice 25.3.0's
 * models, i.e. readOnly in the API definition), as JSON pointers. A client cannot send them, so a
 * prerequisite cluster built from an example's response leaves them out.
 */
export const READ_ONLY_POINTERS = [
  "/id",
  "/name",
  "/type",
  "/systemData",
  "/eTag",
  "/identity/principalId",
  "/identity/tenantId",
  "/identity/userAssignedIdentities/*/principalId",
  "/identity/userAssignedIdentities/*/clientId",
  "/properties/provisioningState",
  "/properties/powerState",
  "/properties/maxAgentPools",
  "/properties/currentKubernetesVersion",
  "/properties/fqdn",
  "/properties/privateFQDN",
  "/properties/azurePortalFQDN",
  "/properties/resourceUID",
  "/properties/agentPoolProfiles/*/eTag",
  "/properties/agentPoolProfiles/*/currentOrchestratorVersion",
  "/properties/agentPoolProfiles/*/provisioningState",
  "/properties/networkProfile/loadBalancerProfile/effectiveOutboundIPs",
  "/properties/privateLinkResources/*/privateLinkServiceID",
];

/**
 * The create request for "the cluster this example shows": the example's response body (placeholders
 * replaced) without its read-only properties. Used as the prerequisite of Get/List/UpdateTags examples,
 * which have no request body of their own.
 */
export function createBodyFromResponse(resource: Json, endpoint: string, omit: readonly string[] = []): Json {
  const body = substitute(resource, endpoint);
  for (const p of [...READ_ONLY_POINTERS, ...omit]) {
    for (const path of expand(body, parsePointer(p))) removeAt(body, path);
  }
  return body;
}
