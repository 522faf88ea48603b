import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ArmError } from "./errors.js";
import type { ArmRequest, ArmResponse, Route, Router } from "./router.js";
import { CONTAINER_SERVICE_LOCATIONS } from "./locations.js";
import type { VerifiedPrincipal } from "../identity/tokens.js";
import { checkJsonShape, checkNameLengths, type RequestLimits } from "./limits.js";
import type { ResponseFacts } from "./response-facts.js";

/**
 * The ARM envelope shared by every resource type: request ids, authentication,
 * authorization, api-version, body limits and JSON parsing, and the one place that turns
 * an ArmError (or an unexpected exception) into an ARM error body. Knows nothing about AKS.
 */

export interface EnvelopeOptions {
  router: Router;
  /** Verifies the bearer token (`connection`: the request's socket); throws ArmError 401 or rejects with it. */
  authenticate: (authorization: string | undefined, origin: string, connection: object) => VerifiedPrincipal | Promise<VerifiedPrincipal>;
  /** Location named in api-version errors for requests without a body location. */
  locationHint: (req: { path: string; params: Record<string, string> }) => Promise<string | undefined>;
  maxBodyBytes: number;
  logError: (err: unknown, ctx: Record<string, unknown>) => void;
  /**
   * Whether the principal may perform an action at a path (the RBAC model, src/identity/rbac.ts): a
   * boolean when known at once, else a promise. Default: an Owner token may do anything, a Reader's reads.
   */
  authorize?: (principal: VerifiedPrincipal, action: string, path: string) => boolean | Promise<boolean>;
  /** Runs before every authenticated ARM request is handled (e.g. settling due operations); undefined: nothing to wait for. */
  beforeHandle?: () => Promise<void> | undefined;
  /** Name length and JSON shape limits (limits.ts); none checked without. */
  limits?: Pick<RequestLimits, "maxNameLength" | "maxJsonDepth" | "maxArrayLength">;
  /** Last check before the handler runs (e.g. resources per parent); rejects with ArmError to refuse; undefined: admitted. */
  admit?: (route: Route, path: string) => Promise<void> | undefined;
  /** Runs the route's handler (e.g. under the testing faults); default: just runs it. */
  aroundHandle?: (route: Route, req: ArmRequest) => Promise<ArmResponse>;
}

/** ARM's own (gateway) answers, errors included, carry a charset; AKS's bodies say plain `application/json` (docs/sources.md "Wire format"). */
const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
const RP_JSON_CONTENT_TYPE = "application/json";

export function baseHeaders(req: IncomingMessage): Record<string, string> {
  const requestId = randomUUID();
  const h: Record<string, string> = {
    "x-ms-request-id": requestId,
    "x-ms-correlation-request-id": headerValue(req, "x-ms-correlation-request-id") ?? requestId,
    "cache-control": "no-cache",
    pragma: "no-cache",
    expires: "-1",
  };
  const clientRequestId = headerValue(req, "x-ms-client-request-id");
  // ARM echoes it when asked with x-ms-return-client-request-id; echoing it always is harmless.
  if (clientRequestId !== undefined) h["x-ms-client-request-id"] = clientRequestId;
  return h;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function requestOrigin(req: IncomingMessage): string {
  const host = headerValue(req, "host") ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  return `https://${host}`;
}

/** Answers with `body` as JSON: a string or Buffer is sent as it is (already JSON, or `content-type` says what). */
export function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: unknown, head = false): void {
  const buf = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8");
  // A flat list: Node walks it without the per-key lookups an object costs.
  const list: string[] = [];
  if (buf !== undefined) list.push("content-type", headers["content-type"] ?? (status < 400 ? RP_JSON_CONTENT_TYPE : JSON_CONTENT_TYPE));
  for (const name in headers) {
    if (name === "content-length" || (name === "content-type" && buf !== undefined)) continue;
    list.push(name, headers[name]!);
  }
  list.push("content-length", buf === undefined ? "0" : String(buf.length));
  res.writeHead(status, list);
  res.end(head ? undefined : buf);
}

export function sendError(res: ServerResponse, headers: Record<string, string>, err: ArmError, head = false): void {
  send(res, err.status, { ...headers, ...(err.headers ?? {}) }, err.toBody(), head);
}

/** Reads the request body up to `limit` bytes; a larger body is an ArmError 413. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(headerValue(req, "content-length") ?? "0");
    if (declared > limit) {
      req.resume();
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(c);
    });
    let ended = false;
    req.on("end", () => {
      ended = true;
      if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    // The connection closed before the whole body came (client gone, request timeout): nothing to answer.
    req.on("close", () => {
      if (!ended && !failed) reject(new ArmError(408, "RequestTimeout", "The request body did not arrive in time."));
    });
    req.on("error", (e) => {
      if (!failed) reject(e);
    });
  });
}

function tooLarge(limit: number): ArmError {
  // docs/fidelity.md "Request body over the size limit".
  return new ArmError(
    413,
    "RequestContentTooLarge",
    `The request content size exceeds the maximum allowed size of ${limit} bytes. Reduce the size of the request body.`,
  );
}

/** Parses a JSON request body the way ARM reports problems with it. */
function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (contentType !== undefined) {
    const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
    if (mediaType !== "application/json" && !mediaType.endsWith("+json") && mediaType !== "text/json") {
      throw new ArmError(415, "UnsupportedMediaType", `The content media type '${mediaType}' is not supported. Only 'application/json' is supported.`);
    }
  }
  const text = raw.toString("utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new ArmError(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: '${detail}'.`);
  }
}

/** The request body check against the API definitions, loaded with the first request that has a body. */
let bodyValidator: typeof import("./request-schemas/validate-body.js") | undefined;

/** Each route's api-versions as a set (null: its type takes any), made at its first request. */
const acceptedVersions = new WeakMap<Route, ReadonlySet<string> | null>();

function apiVersionError(route: Route, apiVersion: string | undefined, location: string | undefined): ArmError | undefined {
  if (apiVersion === undefined || apiVersion === "") {
    return new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
  }
  const { namespace, resourceType, kind, versions } = route.apiVersions;
  let accepted = acceptedVersions.get(route);
  if (accepted === undefined) {
    accepted = versions ? new Set(versions) : null;
    acceptedVersions.set(route, accepted);
  }
  if (accepted === null || accepted.has(apiVersion)) return undefined;
  const supported = versions!;
  const list = supported.join(", ");
  if (kind === "arm") {
    return new ArmError(
      400,
      "InvalidApiVersionParameter",
      // ARM's own endpoints join the list with "," (azure-cli#31964), providers with ", ".
      `The api-version '${apiVersion}' is invalid. The supported versions are '${supported.join(",")}'.`,
    );
  }
  const shortType = resourceType.split("/").pop()!;
  const locations = PROVIDER_LOCATIONS[namespace.toLowerCase()];
  return new ArmError(
    400,
    "NoRegisteredProviderFound",
    `No registered resource provider found for location '${location ?? "global"}' and API version '${apiVersion}' for type '${shortType}'. The supported api-versions are '${list}'.` +
      (locations ? ` The supported locations are '${locations.join(", ")}'.` : ""),
  );
}

/**
 * Locations ARM names at the end of NoRegisteredProviderFound ("The supported locations are 'a, b'.",
 * docs/sources.md "ARM error answers"); a namespace without a known list leaves the sentence out.
 */
const PROVIDER_LOCATIONS: Readonly<Record<string, readonly string[]>> = {
  "microsoft.containerservice": CONTAINER_SERVICE_LOCATIONS,
};

/** What the testing controls (owner-only routes) are authorized as: an Owner's right to grant access. */
/** What the testing controls are authorized as: an Owner's action (Contributor lacks it). */
export const CONTROL_ACTION = "Microsoft.Authorization/roleAssignments/write";

function readActionFor(route: Route): string {
  return `${route.apiVersions.namespace}/${route.apiVersions.resourceType}/read`;
}

function defaultAuthorize(principal: VerifiedPrincipal, action: string): boolean {
  return principal.role === "Owner" || action.endsWith("/read");
}

/** Whether the principal may do `action` at `path`: a boolean at once when the model knows, a promise when it reads the store. */
function allowed(opts: EnvelopeOptions, principal: VerifiedPrincipal, action: string, path: string): boolean | Promise<boolean> {
  return (opts.authorize ?? defaultAuthorize)(principal, action, path);
}

function actionFor(route: Route): string {
  if (route.method === "POST") {
    const last = route.path.split("/").pop()!;
    return `${route.apiVersions.namespace}/${route.apiVersions.resourceType}/${last}/action`;
  }
  const verb = route.method === "DELETE" ? "delete" : route.method === "GET" || route.method === "HEAD" ? "read" : "write";
  return `${route.apiVersions.namespace}/${route.apiVersions.resourceType}/${verb}`;
}

export async function handleArm(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  opts: EnvelopeOptions,
  facts: ResponseFacts = {},
): Promise<void> {
  const headers = baseHeaders(req);
  facts.requestId = headers["x-ms-request-id"];
  // Known before any refusal (an unknown route, a missing token), so that the request log shows it.
  const firstApiVersion = query.get("api-version");
  if (firstApiVersion !== null) facts.apiVersion = firstApiVersion;
  const method = (req.method ?? "GET").toUpperCase();
  const head = method === "HEAD";
  try {
    const origin = requestOrigin(req);
    const verified = opts.authenticate(headerValue(req, "authorization"), origin, req.socket);
    const principal = verified instanceof Promise ? await verified : verified;
    if (opts.limits) checkNameLengths(path, opts.limits);
    facts.principal = principal.objectId;

    // ARM answers HEAD on any resource it can GET: 204 when it exists, the GET's error otherwise.
    const headViaGet = head && !opts.router.match(method, path) ? opts.router.match("GET", path) : undefined;
    const match = headViaGet ?? opts.router.match(method, path);
    if (!match) {
      req.resume();
      throw await notRouted(opts.router, method, path, query.get("api-version") ?? undefined);
    }
    const { route, params } = match;
    // Owner-only routes (the testing controls) refuse before reading a body that may be large.
    if (route.ownerOnly && !(await allowed(opts, principal, CONTROL_ACTION, path))) {
      req.resume();
      throw forbidden(principal, route, path);
    }

    let body: unknown;
    let hasBody = false;
    if (route.body !== "none") {
      const raw = await readBody(req, Math.max(opts.maxBodyBytes, route.maxBodyBytes ?? 0));
      if (raw.length > 0) {
        body = parseJsonBody(raw, headerValue(req, "content-type"));
        // A route with a size of its own (state import) takes arrays of any length.
        if (opts.limits) checkJsonShape(body, route.maxBodyBytes ? { ...opts.limits, maxArrayLength: Number.MAX_SAFE_INTEGER } : opts.limits);
        hasBody = true;
      }
    } else {
      req.resume();
    }

    const apiVersions = query.getAll("api-version");
    const apiVersion = apiVersions[0];
    const bodyLocation = typeof (body as { location?: unknown })?.location === "string" ? (body as { location: string }).location : undefined;
    const versionProblem =
      route.apiVersions.kind === "emulator"
        ? undefined
        : apiVersions.length > 1
          ? new ArmError(400, "InvalidApiVersionParameter", `The api-version query parameter was given ${apiVersions.length} times. Give it exactly once.`)
          : apiVersionError(route, apiVersion, undefined);
    if (versionProblem) {
      if (versionProblem.code === "NoRegisteredProviderFound") {
        const location = bodyLocation ?? (await opts.locationHint({ path, params }));
        throw apiVersionError(route, apiVersion, location)!;
      }
      throw versionProblem;
    }

    // A read outside any subscription (the subscriptions list, operation lists) is open to every principal, as in ARM.
    // GETs are authorized as the type's `read`, a POST as its own action even when it changes nothing
    // (docs/fidelity.md "Authorization of reads").
    const ownAction = route.write || route.method === "POST";
    const action = ownAction ? actionFor(route) : readActionFor(route);
    const permitted = ownAction || isInSubscription(path) ? allowed(opts, principal, action, path) : true;
    // Most requests are decided at once: no promise, no turn of the microtask queue.
    if (permitted !== true && !(permitted !== false && (await permitted))) throw forbidden(principal, route, path, action);
    if (route.body === "required" && !hasBody) {
      throw new ArmError(
        400,
        "InvalidRequestContent",
        "The request content was invalid and could not be deserialized: the request body is empty. Send a JSON object.",
      );
    }

    if (hasBody && route.apiVersions.kind !== "emulator") {
      bodyValidator ??= await import("./request-schemas/validate-body.js");
      bodyValidator.validateRequestBody(route.apiVersions.namespace, apiVersion!, route.method, route.path, body);
    }

    // Most requests have nothing to wait for here: no promise, no turn of the microtask queue.
    const admission = opts.admit?.(route, path);
    if (admission) await admission;
    const preparation = opts.beforeHandle?.();
    if (preparation) await preparation;
    const armReq: ArmRequest = {
      method,
      path,
      params,
      query,
      apiVersion: apiVersion!,
      body,
      hasBody,
      headers: req.headers,
      origin,
      principal,
      requestId: headers["x-ms-request-id"]!,
    };
    let answer: ArmResponse = opts.aroundHandle ? await opts.aroundHandle(route, armReq) : await route.handler(armReq);
    if (headViaGet && answer.status === 200) answer = { status: 204, headers: answer.headers };
    send(res, answer.status, answer.headers ? { ...headers, ...answer.headers } : headers, answer.body, head);
  } catch (err) {
    if (!req.complete) req.resume();
    if (err instanceof ArmError) {
      facts.errorCode = err.code;
      sendError(res, headers, err, head);
      return;
    }
    facts.errorCode = "InternalServerError";
    opts.logError(err, { requestId: headers["x-ms-request-id"], method, path });
    sendError(
      res,
      headers,
      new ArmError(
        500,
        "InternalServerError",
        `The server encountered an internal error. Please retry the request. Request id: '${headers["x-ms-request-id"]}'.`,
      ),
      head,
    );
  }
}

function isInSubscription(path: string): boolean {
  return /^\/subscriptions\/[^/?#]+/i.test(path);
}

function forbidden(principal: VerifiedPrincipal, route: Route, path: string, action = actionFor(route)): ArmError {
  return new ArmError(
    403,
    "AuthorizationFailed",
    `The client '${principal.objectId}' with object id '${principal.objectId}' does not have authorization to perform action '${action}' over scope '${path}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

async function notRouted(router: Router, method: string, path: string, apiVersion: string | undefined): Promise<ArmError> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // The router matches nothing it cannot decode; say so rather than blame the resource type.
    // docs/fidelity.md "Malformed percent-encoding in the path".
    return new ArmError(400, "InvalidRequestUri", `The request URL path '${path}' contains an invalid percent-encoding. Encode '%' as '%25'.`);
  }
  // An operation of the official AKS API that no route serves yet: our gap, said as such, before
  // the 405 (a method we do not serve yet on a served path) and the 404 (a type we do not serve yet).
  // The table loads on the first such request, never at start. docs/fidelity.md "Official operation not emulated yet".
  if (/\/providers\/microsoft\.containerservice(\/|$)/i.test(decoded)) {
    const { officialOperationFor, OFFICIAL_NAMESPACE } = await import("./unserved.js");
    const op = officialOperationFor(method, path);
    if (op !== undefined) {
      const what =
        op.action !== undefined ? `the action '${OFFICIAL_NAMESPACE}/${op.action}'` : `${op.method} on the resource type '${OFFICIAL_NAMESPACE}/${op.type}'`;
      return new ArmError(
        501,
        "NotImplementedInEmulator",
        `aks-emulator does not emulate the API operation '${op.operationId}' (${what}) yet. It is part of the official AKS API: this is a gap in the emulator, not a mistake in the request.`,
      );
    }
  }
  const allowed = router.allowedMethods(path);
  if (allowed.length > 0) {
    // docs/fidelity.md "Method not allowed".
    return new ArmError(405, "MethodNotAllowed", `The requested resource does not support http method '${method}'. Supported methods: ${allowed.join(", ")}.`, {
      // RFC 9110 section 15.5.6: a 405 carries Allow.
      headers: { allow: allowed.join(", ") },
    });
  }
  const provider = providerPath(path);
  if (provider) {
    const { namespace, type } = provider;
    const served = router.namespaces();
    if (!served.some((n) => n.toLowerCase() === namespace.toLowerCase())) {
      return new ArmError(
        404,
        "NoRegisteredProviderFound",
        `The resource namespace '${namespace}' is not served by this emulator. It serves ${served.join(", ")}.`,
      );
    }
    // ARM names the whole type path of a nested type ("The resource type 'locations/operations' could
    // not be found in the namespace 'Microsoft.ContainerService' for api version '2022-04-01'.",
    // https://github.com/Azure/autorest.csharp/issues/2571; docs/research-notes.md section 1).
    const version = apiVersion ? ` for api version '${apiVersion}'` : "";
    return new ArmError(404, "InvalidResourceType", `The resource type '${type}' could not be found in the namespace '${namespace}'${version}.`, {
      headers: { "x-ms-failure-cause": "gateway" },
    });
  }
  return new ArmError(404, "NotFound", `No route matches '${method} ${path}'. Check the path of the request.`);
}

/**
 * The namespace and type path a request path names after its last `/providers/{namespace}/`: the
 * segments alternate type and name, so `/providers/NS/a/x/b/y` (and the list `/providers/NS/a/x/b`)
 * is type `a/b`. Undefined when the path names no type after a namespace.
 */
function providerPath(path: string): { namespace: string; type: string } | undefined {
  const query = path.search(/[?#]/);
  const segments = (query === -1 ? path : path.slice(0, query)).split("/").filter((s) => s !== "");
  for (let i = segments.length - 3; i >= 0; i--) {
    if (segments[i]!.toLowerCase() !== "providers") continue;
    const rest = segments.slice(i + 2).map((s) => decodeURIComponent(s));
    return { namespace: decodeURIComponent(segments[i + 1]!), type: rest.filter((_, k) => k % 2 === 0).join("/") };
  }
  return undefined;
}
