import type { IncomingHttpHeaders } from "node:http";
import type { VerifiedPrincipal } from "../identity/tokens.js";

/** What a provider handler sees of a request: no HTTP objects. */
export interface ArmRequest {
  method: string;
  /** Path as received (decoded by the router for params only). */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  apiVersion: string;
  body: unknown;
  /** True when the request carried a non-empty body. */
  hasBody: boolean;
  headers: IncomingHttpHeaders;
  /** Scheme, host and port the client used, for absolute URLs in answers. */
  origin: string;
  principal: VerifiedPrincipal;
  requestId: string;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (req: ArmRequest) => Promise<ArmResponse>;

export type HttpMethod = "GET" | "PUT" | "PATCH" | "DELETE" | "POST" | "HEAD";
export const METHODS: readonly HttpMethod[] = ["GET", "PUT", "PATCH", "DELETE", "POST", "HEAD"];

/** One row of the route table. The table is data so tests (auth, fuzzing) can walk it. */
export interface Route {
  method: HttpMethod;
  path: string;
  /** Which api-version list applies (see api-versions.ts). */
  /** `emulator`: a testing-control route (docs/testing-controls.md); it needs no api-version. */
  apiVersions: {
    namespace: string;
    resourceType: string;
    kind: "provider" | "arm" | "emulator";
    /** The api-versions accepted, in the order ARM prints them; the registry sets them from the type's declaration (src/kit/registry.ts). */
    versions?: readonly string[];
  };
  /** Changes state: Reader principals are refused. */
  write: boolean;
  /** Needs an Owner principal even to read (the testing controls). */
  ownerOnly?: boolean;
  /** Whether a JSON body is expected (PUT/PATCH/POST with body). */
  body: "required" | "optional" | "none";
  /** A larger body limit than the envelope's (a state import carries every resource). */
  maxBodyBytes?: number;
  handler: Handler;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** A route path segment longer than this (decoded) matches no `:param`. */
export const MAX_PARAM_LENGTH = 2000;

/** One path segment of the route tree. */
interface Node {
  /** Children by lower-cased static segment (a few per node: a list is quicker than a Map here). */
  readonly statics: [segment: string, node: Node][];
  /** The child any segment matches (a `:param`, whatever its name in each route). */
  param: Node | undefined;
  /** Routes ending here, by method, with their `:param` names in path order. */
  readonly ends: Map<string, End>;
}

interface End {
  route: Route;
  names: string[];
}

const newNode = (): Node => ({ statics: [], param: undefined, ends: new Map() });

/**
 * The route table and its matcher, a tree of path segments. Matching: static segments compare
 * without case after percent-decoding; a `:param` takes one whole segment (possibly empty),
 * percent-decoded with its case kept (`%2F` gives a `/` inside the value, not a separator),
 * at most MAX_PARAM_LENGTH long; a static segment wins over a `:param` at the same place, and
 * the matcher backtracks to the `:param` when the rest does not match. One trailing slash is
 * ignored; a path that does not decode matches nothing; an absolute-form target
 * (`https://host/path`) is matched on its path. These are find-my-way's rules with
 * `caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 2000`, which served here
 * before: it cost about 20 ms of cold start to load and fill.
 */
export class Router {
  private readonly root: Node = newNode();
  readonly routes: Route[] = [];

  add(route: Route): void {
    if (!route.path.startsWith("/")) throw new Error(`route path '${route.path}' must start with '/'`);
    let node = this.root;
    const names: string[] = [];
    for (const segment of route.path.slice(1).split("/")) {
      if (/[*(]/.test(segment) || segment.indexOf(":", 1) !== -1)
        throw new Error(`route path '${route.path}': only whole-segment ':param's are supported ('${segment}')`);
      if (segment.startsWith(":")) {
        names.push(segment.slice(1));
        node = node.param ??= newNode();
      } else {
        const key = segment.toLowerCase();
        let next = node.statics.find(([k]) => k === key)?.[1];
        if (next === undefined) {
          next = newNode();
          node.statics.push([key, next]);
        }
        node = next;
      }
    }
    if (node.ends.has(route.method)) throw new Error(`route ${route.method} ${route.path} is already in the table`);
    node.ends.set(route.method, { route, names });
    this.routes.push(route);
  }

  addAll(routes: Route[]): void {
    for (const r of routes) this.add(r);
  }

  /** The ARM namespaces the table serves (testing-control routes aside), in table order. */
  namespaces(): string[] {
    return [...new Set(this.routes.filter((r) => r.apiVersions.kind !== "emulator").map((r) => r.apiVersions.namespace))];
  }

  match(method: string, path: string): RouteMatch | undefined {
    const target = requestPath(path);
    if (target === undefined) return undefined;
    const values: string[] = [];
    let end: End | undefined;
    if (!/[%\u0080-\uffff]/.test(target)) {
      // The usual path, ASCII without escapes: walked in place, without splitting it.
      end = findInPath(this.root, target, target.toLowerCase(), 1, method, values);
    } else {
      const segments = decodedSegments(target);
      if (segments === undefined) return undefined;
      end = findInSegments(
        this.root,
        segments,
        segments.map((s) => s.toLowerCase()),
        0,
        method,
        values,
      );
    }
    if (end === undefined) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < end.names.length; i++) params[end.names[i]!] = values[i]!;
    return { route: end.route, params };
  }

  /** Methods that would match this path: tells 405 from 404. */
  allowedMethods(path: string): HttpMethod[] {
    return METHODS.filter((m) => this.match(m, path) !== undefined);
  }
}

/** The path part of a request target without its trailing slash, or undefined when it can match no route. */
function requestPath(path: string): string | undefined {
  if (path.charCodeAt(0) !== 47) {
    const m = /^https?:\/\/[^/?#]+/i.exec(path);
    if (m === null || path.includes("#")) return undefined;
    path = path.slice(m[0].length);
    if (path.charCodeAt(0) !== 47) path = "/";
  }
  const query = path.indexOf("?");
  if (query !== -1) path = path.slice(0, query);
  const fragment = path.indexOf("#");
  if (fragment !== -1) path = path.slice(0, fragment);
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** `path` from index `start` (a segment's first character), `lower` the same path lower-cased. */
function findInPath(node: Node, path: string, lower: string, start: number, method: string, values: string[]): End | undefined {
  let end = path.indexOf("/", start);
  if (end === -1) end = path.length;
  const last = end === path.length;
  for (const [key, child] of node.statics) {
    if (key.length === end - start && lower.startsWith(key, start)) {
      const found = last ? child.ends.get(method) : findInPath(child, path, lower, end + 1, method, values);
      if (found !== undefined) return found;
    }
  }
  if (node.param !== undefined && end - start <= MAX_PARAM_LENGTH) {
    values.push(path.slice(start, end));
    const found = last ? node.param.ends.get(method) : findInPath(node.param, path, lower, end + 1, method, values);
    if (found !== undefined) return found;
    values.pop();
  }
  return undefined;
}

/** The percent-decoded segments of a path (after its leading `/`), or undefined when one does not decode. */
function decodedSegments(path: string): string[] | undefined {
  const segments = path.slice(1).split("/");
  for (let i = 0; i < segments.length; i++) {
    try {
      segments[i] = decodeURIComponent(segments[i]!);
    } catch {
      return undefined;
    }
  }
  return segments;
}

function findInSegments(node: Node, segments: string[], lower: string[], i: number, method: string, values: string[]): End | undefined {
  if (i === segments.length) return node.ends.get(method);
  for (const [key, child] of node.statics) {
    if (key === lower[i]) {
      const found = findInSegments(child, segments, lower, i + 1, method, values);
      if (found !== undefined) return found;
    }
  }
  const segment = segments[i]!;
  if (node.param !== undefined && segment.length <= MAX_PARAM_LENGTH) {
    values.push(segment);
    const found = findInSegments(node.param, segments, lower, i + 1, method, values);
    if (found !== undefined) return found;
    values.pop();
  }
  return undefined;
}
