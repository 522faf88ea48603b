import { requireCjs } from "../util/cjs.js";
import type { IncomingHttpHeaders } from "node:http";
import type { VerifiedPrincipal } from "../identity/tokens.js";

const FindMyWay = requireCjs("find-my-way") as typeof import("find-my-way");

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

export type Handler = (req: ArmRequest) => Promise<ArmResponse>;

export type HttpMethod = "GET" | "PUT" | "PATCH" | "DELETE" | "POST" | "HEAD";
export const METHODS: readonly HttpMethod[] = ["GET", "PUT", "PATCH", "DELETE", "POST", "HEAD"];

/** One row of the route table. The table is data so tests (auth, fuzzing) can walk it. */
export interface Route {
  method: HttpMethod;
  path: string;
  /** Which api-version list applies (see api-versions.ts). */
  /** `emulator`: a testing-control route (docs/testing-controls.md); it needs no api-version. */
  apiVersions: { namespace: string; resourceType: string; kind: "provider" | "arm" | "emulator" };
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

export class Router {
  private readonly fmw = FindMyWay({ caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 2000 });
  readonly routes: Route[] = [];

  add(route: Route): void {
    this.routes.push(route);
    this.fmw.on(route.method, route.path, () => undefined, { route });
  }

  addAll(routes: Route[]): void {
    for (const r of routes) this.add(r);
  }

  match(method: string, path: string): RouteMatch | undefined {
    const found = this.fmw.find(method as HttpMethod, path);
    if (!found) return undefined;
    const route = (found.store as { route: Route }).route;
    return { route, params: { ...(found.params as Record<string, string>) } };
  }

  /** Methods that would match this path: tells 405 from 404. */
  allowedMethods(path: string): HttpMethod[] {
    return METHODS.filter((m) => this.fmw.find(m, path) !== null);
  }
}
