/**
 * Response bodies against the official API definitions, read from the same generated shapes the
 * emulator prunes its answers with (src/arm/response-shapes/generated/, scripts/generate-response-shapes.mjs):
 * the answer model of a route at the request's api-version, with its properties (read-only ones
 * included), JSON types, formats and required properties.
 *
 *   definitionAnswer("GET", url, "2022-11-01")  -> the shape and the version it comes from, or undefined
 *   definitionError(url, "2022-11-01")          -> the error answers' shape of the namespace the path names
 *   checkDefinition(body, answer)               -> problems ([] = conformant)
 *
 * At an api-version we have no definition of, the nearest newer one that has the route; after the
 * newest, the newest, whose unknown properties are then not reported (the version may have added them).
 */
import { readdirSync, readFileSync } from "node:fs";
import { isLeaf, type Shape, type ShapeFile, type ShapeNode } from "../../src/arm/response-shapes/shape-answer.js";

const GENERATED = new URL("../../src/arm/response-shapes/generated/", import.meta.url);

interface Route {
  method: string;
  segments: string[];
  shape: Shape;
}

interface Loaded {
  file: ShapeFile;
  routes: Route[];
}

let byNamespace: Map<string, Loaded[]> | undefined;

/** Every generated file, per namespace (lower-cased), oldest version first; read once. */
function loaded(): Map<string, Loaded[]> {
  if (byNamespace === undefined) {
    byNamespace = new Map();
    for (const name of readdirSync(GENERATED).sort()) {
      if (!name.endsWith(".json")) continue;
      const file = JSON.parse(readFileSync(new URL(name, GENERATED), "utf8")) as ShapeFile;
      const routes = Object.entries(file.answers).map(([key, shape]) => {
        const [method, path] = key.split(" ") as [string, string];
        return { method, segments: path.split("/").slice(1), shape };
      });
      const list = byNamespace.get(file.namespace.toLowerCase()) ?? [];
      list.push({ file, routes });
      byNamespace.set(
        file.namespace.toLowerCase(),
        list.sort((a, b) => (a.file.apiVersion < b.file.apiVersion ? -1 : 1)),
      );
    }
  }
  return byNamespace;
}

export interface DefinitionAnswer {
  namespace: string;
  /** The version whose definition is used. */
  apiVersion: string;
  file: ShapeFile;
  shape: Shape;
  /** The request's version is newer than every definition we have: unknown properties are not reported. */
  newerThanDefinitions: boolean;
}

/** The path of a URL or path, without scheme, host, query and trailing slash. */
export function pathOf(urlOrPath: string): string {
  let p = urlOrPath;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(.*)$/i.exec(p);
  if (m) p = m[1] ?? "";
  p = p.replace(/[?#].*$/, "");
  if (p.length > 1) p = p.replace(/\/+$/, "");
  return p || "/";
}

/** The api-version a URL names, if any. */
export function apiVersionOf(url: string): string | undefined {
  return /[?&]api-version=([^&#]+)/i.exec(url)?.[1];
}

/** Literal segments matched (more is a better match), -1 when the route does not take the path. */
function score(route: Route, method: string, segs: string[]): number {
  if (route.method !== method || route.segments.length !== segs.length) return -1;
  let n = 0;
  for (let i = 0; i < segs.length; i++) {
    const t = route.segments[i]!;
    if (t === "{}") {
      if (segs[i]!.length === 0) return -1;
    } else if (t === segs[i]!.toLowerCase()) n++;
    else return -1;
  }
  return n;
}

/** The answer model of a request at an api-version, from the definitions of the namespace its path names; undefined when none has the route. */
export function definitionAnswer(method: string, url: string, apiVersion: string): DefinitionAnswer | undefined {
  const path = pathOf(url);
  const namespace = /\/providers\/([^/]+)\/[^/]+(?:\/[^/]+)*$/i.exec(path)?.[1];
  // ARM's own paths (resource groups, `/providers`, `/providers/{namespace}/register`, resource lists) are Resources'.
  // Not Resources' generic operations on any resource by id (`.../providers/{ns}/{parent}/{type}/{name}`): a
  // provider's route its definitions lack stays unchecked rather than judged as a GenericResource.
  const own = namespace === undefined ? undefined : answerIn(namespace, method, path, apiVersion);
  return own ?? answerIn(RESOURCES, method, path, apiVersion, (r) => r.segments.filter((s) => s === "{}").length <= 3);
}

/** ARM's namespace: the paths that name no provider's type are its own. */
const RESOURCES = "Microsoft.Resources";

function answerIn(namespace: string, method: string, path: string, apiVersion: string, take: (r: Route) => boolean = () => true): DefinitionAnswer | undefined {
  const versions = loaded().get(namespace.toLowerCase()) ?? [];
  const segs = path.split("/").slice(1);
  const m = method.toUpperCase();
  const having = versions.flatMap((v) => {
    let best: Route | undefined;
    let bestScore = 0;
    for (const r of v.routes) {
      if (!take(r)) continue;
      const s = score(r, m, segs);
      if (s > bestScore) {
        bestScore = s;
        best = r;
      }
    }
    return best ? [{ loaded: v, route: best }] : [];
  });
  if (having.length === 0) return undefined;
  const chosen = having.find((h) => h.loaded.file.apiVersion >= apiVersion) ?? having[having.length - 1]!;
  return {
    namespace: chosen.loaded.file.namespace,
    apiVersion: chosen.loaded.file.apiVersion,
    file: chosen.loaded.file,
    shape: chosen.route.shape,
    newerThanDefinitions: having.every((h) => h.loaded.file.apiVersion < apiVersion),
  };
}

/**
 * Namespaces whose error answers are judged at the request's api-version: AKS answers its own errors,
 * in the model of the version asked (2022-11-01's CloudErrorBody has no `additionalInfo`). Elsewhere
 * which of ARM and the provider answers a body it cannot read is not in our sources (docs/fidelity.md
 * "Request body against the API definition: other namespaces"), and ARM's envelope is one at every
 * version: those errors are judged by the newest definition's model (Authorization 2020-04-01-preview's
 * `Error` names no `target`, 2022-04-01's `ErrorDetail` does).
 */
const ERRORS_PER_VERSION = new Set(["microsoft.containerservice"]);

/** The error answers' shape of the namespace a path names, at an api-version; undefined when we have no definition of it. */
export function definitionError(url: string, apiVersion: string): DefinitionAnswer | undefined {
  const namespace = /\/providers\/([^/]+)\/[^/]+(?:\/[^/]+)*$/i.exec(pathOf(url))?.[1];
  const errorsOf = (ns: string) => (loaded().get(ns.toLowerCase()) ?? []).filter((v) => v.file.error !== undefined);
  // A path of no namespace we have definitions of (a resource group, a type we do not serve): ARM answers, in its envelope.
  let having = namespace === undefined ? [] : errorsOf(namespace);
  if (having.length === 0) having = errorsOf(RESOURCES);
  if (having.length === 0) return undefined;
  const newest = having[having.length - 1]!;
  const chosen = ERRORS_PER_VERSION.has(newest.file.namespace.toLowerCase()) ? (having.find((h) => h.file.apiVersion >= apiVersion) ?? newest) : newest;
  return {
    namespace: chosen.file.namespace,
    apiVersion: chosen.file.apiVersion,
    file: chosen.file,
    shape: chosen.file.error!,
    newerThanDefinitions: having.every((h) => h.file.apiVersion < apiVersion),
  };
}

export interface DefinitionCheckOptions {
  /** Prefix for the paths in problem messages. */
  path?: string;
  /** Accept `null` for optional properties (ARM sends e.g. `"config": null`). Default true. */
  allowNull?: boolean;
  /** Report missing required properties. Default true. */
  checkRequired?: boolean;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function join(at: string, key: string): string {
  const k = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  if (!at) return /^[A-Za-z_$]/.test(k) ? k : `[${k}]`;
  return k.startsWith('"') ? `${at}[${k}]` : `${at}.${k}`;
}

interface Ctx {
  file: ShapeFile;
  allowNull: boolean;
  checkRequired: boolean;
  reportUnknown: boolean;
  out: string[];
}

/** A shape with the models it names followed, and the last model's name. */
function resolve(file: ShapeFile, shape: Shape): { node: ShapeNode | 1; model?: string } {
  let model: string | undefined;
  let s = shape;
  while (typeof s === "string") {
    model = s;
    s = file.models[s] ?? 1;
  }
  return model === undefined ? { node: s } : { node: s, model };
}

function expected(node: ShapeNode): string {
  if (node.i !== undefined) return "array";
  if (node.p !== undefined) return "object";
  if (node.f === "date-time") return "ISO 8601 date-time string";
  return node.t === "integer" ? "number" : (node.t ?? "any");
}

function check(value: unknown, shape: Shape, at: string, required: boolean, ctx: Ctx): void {
  const where = at || "(body)";
  const { node, model } = resolve(ctx.file, shape);
  if (node === 1) return;
  if (value === null) {
    if (ctx.allowNull && !required) return;
    ctx.out.push(`${where}: null where the definition has ${model ?? expected(node)}`);
    return;
  }
  const type = node.i !== undefined ? "array" : node.p !== undefined ? "object" : node.t;
  switch (type) {
    case "string":
      if (typeof value !== "string") ctx.out.push(`${where}: expected ${expected(node)}, got ${jsonType(value)} ${show(value)}`);
      else if (node.f === "date-time" && !(ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))))
        ctx.out.push(`${where}: expected an ISO 8601 date-time string (e.g. 2024-02-01T05:01:49.4195633Z), got ${show(value)}`);
      else if (node.f === "date" && !(/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))))
        ctx.out.push(`${where}: expected an ISO 8601 date string (e.g. 2024-02-01), got ${show(value)}`);
      else if (node.f === "byte" && !BASE64.test(value)) ctx.out.push(`${where}: expected a base64 string, got ${show(value)}`);
      return;
    case "integer":
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) ctx.out.push(`${where}: expected number, got ${jsonType(value)} ${show(value)}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") ctx.out.push(`${where}: expected boolean, got ${jsonType(value)} ${show(value)}`);
      return;
    case "array":
      if (!Array.isArray(value)) {
        ctx.out.push(`${where}: expected array, got ${jsonType(value)} ${show(value)}`);
        return;
      }
      if (node.i !== undefined) for (const [i, item] of value.entries()) check(item, node.i, `${at}[${i}]`, true, ctx);
      return;
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) {
        ctx.out.push(`${where}: expected object (${model ?? "object"}), got ${jsonType(value)} ${show(value)}`);
        return;
      }
      if (isLeaf(node)) return;
      const obj = value as Record<string, unknown>;
      const props = node.p ?? {};
      const requiredHere = node.r ?? [];
      for (const [key, v] of Object.entries(obj)) {
        if (Object.hasOwn(props, key)) check(v, props[key]!, join(at, key), requiredHere.includes(key), ctx);
        else if (node.m !== undefined) check(v, node.m, join(at, key), false, ctx);
        else if (ctx.reportUnknown) ctx.out.push(`${join(at, key)}: unknown property (not in the definition of ${model ?? "this object"})`);
      }
      if (ctx.checkRequired) {
        for (const key of requiredHere) {
          if (!Object.hasOwn(obj, key)) ctx.out.push(`${join(at, key)}: missing required property of ${model ?? "this object"}`);
        }
      }
      return;
    }
    default:
      return;
  }
}

/** Problems of `body` against a definition's answer model: unknown properties, JSON types, formats, required properties. */
export function checkDefinition(
  body: unknown,
  answer: Pick<DefinitionAnswer, "file" | "shape" | "newerThanDefinitions">,
  opts: DefinitionCheckOptions = {},
): string[] {
  const ctx: Ctx = {
    file: answer.file,
    allowNull: opts.allowNull ?? true,
    checkRequired: opts.checkRequired ?? true,
    reportUnknown: !answer.newerThanDefinitions,
    out: [],
  };
  check(body, answer.shape, opts.path ?? "", true, ctx);
  return ctx.out;
}
