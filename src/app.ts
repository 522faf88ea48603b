import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { ArmError } from "./arm/errors.js";
import { baseHeaders, CONTROL_ACTION, handleArm, readBody, send, sendError } from "./arm/envelope.js";
import { LroEngine, Scheduler } from "./arm/lro.js";
import { Router, type Route } from "./arm/router.js";
import { resolveLimits, resourceCountGuard, type RequestLimits } from "./arm/limits.js";
import { ensureSigningKey } from "./identity/signing-key.js";
import { armAudienceAccepted, TokenService, type TokenSlot } from "./identity/tokens.js";
import { EMULATOR_TENANT_ID, OWNER_PRINCIPAL, READER_PRINCIPAL } from "./identity/principals.js";
import { RoleAssignments, type RoleAssignment } from "./identity/role-assignments.js";
import { AccessModel } from "./identity/rbac.js";
import { handleManagedIdentityRequest, IDENTITY_LEGACY_PATH, IDENTITY_TOKEN_PATH } from "./identity/managed-identity.js";
import { instanceLoginOptions, isLoginPath, loginRequestHandler } from "./identity/login.js";
import { cloudMetadata, isMetadataPath } from "./server/cloud-metadata.js";
import type { ProviderContext } from "./providers/context.js";
import { AnswerMemo } from "./providers/answer-cache.js";
import { Registry } from "./kit/registry.js";
import { schedulingStore } from "./kit/scheduling-store.js";
import { RESOURCE_TYPES, storedServicePrincipals } from "./providers/registrations.js";
import { ensureTlsMaterial, writeCaBundle } from "./server/tls.js";
import { answerClientErrors, answerLoginClientErrors, headerLimitRefusal, parserHeaderCap } from "./server/client-errors.js";
import { removeRuntimeInfo, writeRuntimeInfo, type RuntimeInfo } from "./runtime-file.js";
import { openStore } from "./store/open.js";
import type { Store } from "./store/store.js";
import { AdjustableClock } from "./util/clock.js";
import { LazyPinoLogger, type EmulatorLogger } from "./util/logger.js";
import { IdGenerator } from "./util/ids.js";
import { resourceGroupKey } from "./arm/resource-id.js";
import type { ResponseFacts } from "./arm/response-facts.js";
import { ControlState } from "./controls/control-state.js";
import { faultAwareStore } from "./controls/fault-aware-store.js";
import { failedResourceWriter } from "./controls/failed-resource.js";
import { faultInjector } from "./controls/fault-injection.js";
import { operationFaultContext } from "./controls/operation-fault-context.js";
import { RequestLog } from "./controls/request-log.js";
import { controlRoutes, requestFilter } from "./controls/routes.js";
import type { Dashboard } from "./dashboard/server.js";
import { armTimestamp } from "./util/clock.js";

export interface EmulatorOptions {
  host?: string;
  port?: number;
  dataDir?: string;
  inMemory?: boolean;
  /** `sqlite` (default: `<dataDir>/state.db`, or memory) or `postgres` (see src/store/postgres.ts). */
  store?: "sqlite" | "postgres";
  /** PostgreSQL connection URL; without one, the standard PG* variables apply. */
  postgresUrl?: string;
  /** PostgreSQL schema holding the tables (default `aks_emulator`). */
  postgresSchema?: string;
  tlsDir?: string;
  lroDurationMs?: number;
  seed?: string;
  pageSize?: number;
  logLevel?: string;
  /** Process log lines: `json` (pino's, the default) or `pretty` (one readable line each). */
  logFormat?: "json" | "pretty";
  maxBodyBytes?: number;
  /** Role assignments beyond the built-in principals (see role-assignments.ts). */
  roleAssignments?: RoleAssignment[];
  /**
   * AKS's checks of its control-plane identity's roles before it acts (a user-assigned identity with a
   * custom private DNS zone or a subnet of its own); default true, as in Azure.
   */
  identityPermissionChecks?: boolean;
  /** Locations that refuse private clusters (PrivateClusterNotAllowedInLocation). */
  refusedPrivateClusterLocations?: string[];
  /** A JSON file replacing the built-in version catalogue (docs/version-catalogue.md); checked at start. */
  versionCatalogue?: string;
  /** Write runtime.json (default true). */
  writeRuntime?: boolean;
  /** Also run the interception proxy (src/server/proxy.ts) on this port (0: a free one). */
  proxyPort?: number;
  /** Also serve the dashboard (plain HTTP, loopback) on this port (0: a free one); without it, it starts when `aks-emulator dashboard` asks. */
  dashboardPort?: number;
  /** Request limits (src/arm/limits.ts); each missing one at its default. `maxBodyBytes` above wins over limits.maxBodyBytes. */
  limits?: Partial<RequestLimits>;
  /** Tests only: the route table to serve, given the real one (the fuzz suite plants faulty routes with it). */
  adjustRoutes?: (routes: Route[]) => Route[];
}

export interface Emulator {
  endpoint: string;
  port: number;
  info: RuntimeInfo;
  store: Store;
  clock: AdjustableClock;
  tokens: TokenService;
  router: Router;
  requestLog: RequestLog;
  close(): Promise<void>;
}

/** Default simulated provisioning time: the immediate first poll sees InProgress, the next (1 s later) Succeeded. */
export const DEFAULT_LRO_DURATION_MS = 500;
/**
 * Bytes of whole answers remembered while the store is unchanged (providers/answer-cache.ts): the
 * scale bench's reads at random (1000 connection lists of 10 KB, 10 pages of 340 KB, 3.4 KB clusters).
 */
const ANSWER_MEMO_BYTES = 32 * 1024 * 1024;
/** Names every server certificate carries; another bind address is added to it. */
const STANDARD_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"];

/** The audience of the dashboard sessions' tokens (one ARM accepts). */
const ARM_AUDIENCE = "https://management.azure.com/";

export const DEFAULT_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";

async function identitySecret(tlsDir: string): Promise<string> {
  const { writeAtomic } = await import("./server/tls.js");
  const path = join(tlsDir, "identity-header-secret");
  try {
    return (await readFile(path, "utf8")).trim();
  } catch {
    const secret = randomBytes(24).toString("base64url");
    await writeAtomic(path, secret + "\n", 0o600);
    return (await readFile(path, "utf8")).trim();
  }
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const host = opts.host ?? "127.0.0.1";
  // A replaced catalogue is checked before anything else starts: a bad file stops the start with what to fix.
  const versionCatalogue =
    opts.versionCatalogue === undefined
      ? undefined
      : (await import("./providers/containerservice/version-catalogue-file.js")).readVersionCatalogue(opts.versionCatalogue);
  const dataDir = resolve(opts.dataDir ?? ".aks-emulator");
  const tlsDir = resolve(opts.tlsDir ?? join(dataDir, "tls"));
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const logger: EmulatorLogger = new LazyPinoLogger(opts.logLevel ?? "info", opts.logFormat ?? "json");

  // The interception proxy's module loads only when it runs (start-up time).
  const proxyModule = opts.proxyPort === undefined ? undefined : await import("./server/proxy-emulator.js");
  const [tls, signingKey] = await Promise.all([
    ensureTlsMaterial(tlsDir, [...(proxyModule ? proxyModule.PROXY_HOSTS : []), ...(STANDARD_HOSTS.includes(host) ? [] : [host.replace(/^\[|\]$/g, "")])]),
    ensureSigningKey(tlsDir),
  ]);
  const [caBundlePath, secret] = await Promise.all([writeCaBundle(tlsDir), identitySecret(tlsDir)]);
  const seed = opts.seed ?? IdGenerator.randomSeed();
  const store: Store = await openStore({
    dataDir,
    store: opts.store,
    inMemory: opts.inMemory,
    postgresUrl: opts.postgresUrl,
    postgresSchema: opts.postgresSchema,
    onBackgroundError: (err) => logger.warn({ err }, "idle PostgreSQL connection failed"),
  });
  const clock = new AdjustableClock();
  const ids = new IdGenerator(seed);
  const lro = new LroEngine(store, clock);
  lro.setFailureWriter(failedResourceWriter(store));
  const controls = new ControlState(store, clock);
  await controls.load();
  const requestLog = new RequestLog();
  const tokens = new TokenService(signingKey, { tenantId: EMULATOR_TENANT_ID });
  const roles = new RoleAssignments(opts.roleAssignments ?? []);
  const access = new AccessModel(store, roles.assignments, `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}`);
  const lroDurationMs = opts.lroDurationMs ?? DEFAULT_LRO_DURATION_MS;
  const ctx: ProviderContext = {
    // Operations recorded under an operation fault fail or hang (src/controls/fault-aware-store.ts).
    store: schedulingStore(faultAwareStore(store), lro),
    clock,
    ids,
    lro,
    answers: new AnswerMemo(() => store.changeCount(), ANSWER_MEMO_BYTES),
    registry: new Registry(RESOURCE_TYPES),
    access,
    config: {
      identityPermissionChecks: opts.identityPermissionChecks ?? true,
      // A request under an operation fault starts an operation even with --lro-duration 0.
      get lroDurationMs() {
        const fault = operationFaultContext.getStore();
        return lroDurationMs === 0 && fault && (fault.fails || fault.hangs) ? 1 : lroDurationMs;
      },
      pageSize: opts.pageSize ?? 100,
      tenantId: EMULATOR_TENANT_ID,
      defaultSubscriptionId: DEFAULT_SUBSCRIPTION_ID,
      refusedPrivateClusterLocations: opts.refusedPrivateClusterLocations ?? [],
      ...(versionCatalogue === undefined ? {} : { versionCatalogue }),
    },
  };
  for (const [kind, completer] of ctx.registry.completers(ctx)) lro.register(kind, completer);

  let router = new Router();
  router.addAll(ctx.registry.routes(ctx));
  router.addAll(controlRoutes({ store, lro, clock, controls, requestLog }));
  // The dashboard (src/dashboard/server.ts) and its assets load only when it is asked for.
  let dashboard: Promise<Dashboard> | undefined;
  const startDashboard = (port: number): Promise<Dashboard> =>
    (dashboard ??= import("./dashboard/server.js").then((m) =>
      m.startDashboard({
        host: host === "::1" || host === "[::1]" ? "::1" : "127.0.0.1",
        port,
        handle: (req, res) => onRequest(req, res),
        issueToken: (principal) => tokens.issue(ARM_AUDIENCE, principal, 3600),
        assignOwner: (objectId) => access.addOwner(objectId),
        mayReadRequestLog: (principal) => access.permits(principal, CONTROL_ACTION, "/_emulator/requests"),
        requestFilter,
        latestRequests: (limit, keep) => requestLog.latest(limit, keep),
        onRequestLogged: (listener) => requestLog.subscribe(listener),
        get endpoint() {
          return endpointUrl();
        },
      }),
    ));
  router.addAll([
    {
      method: "POST",
      path: "/_emulator/dashboard/login",
      apiVersions: { namespace: "Emulator", resourceType: "controls", kind: "emulator" },
      write: true,
      ownerOnly: true,
      body: "none",
      handler: async () => {
        const running = dashboard !== undefined;
        const d = await startDashboard(0);
        if (!running && opts.writeRuntime !== false) {
          info.dashboardPort = d.port;
          await writeRuntimeInfo(dataDir, info);
        }
        const login = d.loginUrl();
        return { status: 201, body: { url: login.url, expiresAt: armTimestamp(login.expiresAt), port: d.port } };
      },
    },
  ]);

  if (opts.adjustRoutes) {
    const adjusted = opts.adjustRoutes([...router.routes]);
    router = new Router();
    router.addAll(adjusted);
  }
  const limits = resolveLimits({ ...opts.limits, ...(opts.maxBodyBytes !== undefined ? { maxBodyBytes: opts.maxBodyBytes } : {}) });

  const audienceCheckers = new Map<string, (aud: string) => boolean>();
  const tokenSlots = new WeakMap<object, TokenSlot>();
  const authenticate = (authorization: string | undefined, origin: string, connection: object) => {
    let check = audienceCheckers.get(origin);
    if (!check) {
      check = armAudienceAccepted(origin);
      if (audienceCheckers.size < 100) audienceCheckers.set(origin, check);
    }
    let slot = tokenSlots.get(connection);
    if (slot === undefined) {
      slot = {};
      tokenSlots.set(connection, slot);
    }
    return tokens.verifyNow(authorization, check, slot);
  };

  const envelope = {
    router,
    authenticate,
    authorize: (p: { objectId: string; role: "Owner" | "Reader" }, action: string, path: string) => access.permits(p, action, path),
    maxBodyBytes: limits.maxBodyBytes,
    limits,
    admit: resourceCountGuard(store, limits),
    logError: (err: unknown, c: Record<string, unknown>) => logger.error({ ...c, err }, "unexpected error"),
    beforeHandle: () =>
      store.shared || lro.mayBeDue()
        ? (async () => {
            await controls.refresh();
            await lro.settleDue();
          })()
        : undefined,
    aroundHandle: faultInjector(controls),
    locationHint: async ({ params }: { path: string; params: Record<string, string> }) => {
      if (params["location"]) return params["location"];
      const sub = params["subscriptionId"];
      const rg = params["resourceGroupName"];
      if (!sub || !rg) return undefined;
      const group = await store.get(resourceGroupKey(sub, rg));
      return group ? String(group.body["location"]) : undefined;
    },
  };

  const caPem = tls.caCertPem;
  const handleEmulatorRoute = async (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, facts: ResponseFacts): Promise<void> => {
    const headers = baseHeaders(req);
    facts.requestId = headers["x-ms-request-id"];
    const lower = path.toLowerCase().replace(/\/+$/, "");
    try {
      if (lower === "/_emulator/health") {
        req.resume();
        send(res, 200, headers, { status: "ready" });
        return;
      }
      if (lower === "/_emulator/ca.pem") {
        req.resume();
        send(res, 200, { ...headers, "content-type": "application/x-pem-file" }, caPem);
        return;
      }
      if (lower === IDENTITY_TOKEN_PATH || lower === IDENTITY_LEGACY_PATH) {
        const raw = await readBody(req, 64 * 1024);
        const answer = await handleManagedIdentityRequest(
          { method: req.method ?? "GET", path, query, headers: req.headers, body: raw.toString("utf8"), remoteAddress: req.socket.remoteAddress ?? "" },
          { tokens, identityHeaderSecret: secret, lookupPrincipal: (sel) => roles.principal(sel) },
        );
        send(res, answer.status, { ...headers, ...(answer.headers ?? {}) }, answer.body);
        return;
      }
      // The testing controls are rows of the router table: the ARM envelope authenticates them.
      await handleArm(req, res, path, query, envelope, facts);
    } catch (err) {
      facts.errorCode = err instanceof ArmError ? err.code : "InternalServerError";
      if (err instanceof ArmError) return sendError(res, headers, err);
      logger.error({ err }, "unexpected error in emulator route");
      sendError(res, headers, new ArmError(500, "InternalServerError", "The emulator hit an internal error."));
    }
  };

  // The cloud the metadata document describes: its login endpoint is this port (src/identity/login.ts).
  let mainPortLogin: Promise<(req: IncomingMessage, res: ServerResponse) => void> | undefined;
  const loginHere = () =>
    (mainPortLogin ??= instanceLoginOptions({ tlsDir, tokens, signingKey, roles }).then((o) =>
      loginRequestHandler(o, (err) => logger.error({ err }, "unexpected error in the login endpoint"), ownOrigin),
    ));
  /** The origin a request reached (for the documents that name this server), from a well-formed Host header. */
  const ownOrigin = (req: IncomingMessage): string => {
    const host = req.headers.host;
    return host && /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(host) ? `https://${host}` : endpointUrl();
  };
  /** Routes of the cloud around ARM, answered without a token: its metadata document and login endpoint; else ARM's. */
  const handleCloudRoute = async (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, facts: ResponseFacts): Promise<void> => {
    if (isMetadataPath(path) && (req.method === "GET" || req.method === "HEAD")) {
      req.resume();
      const headers = baseHeaders(req);
      facts.requestId = headers["x-ms-request-id"];
      try {
        send(
          res,
          200,
          { ...headers, "content-type": "application/json; charset=utf-8" },
          cloudMetadata(query.get("api-version"), ownOrigin(req)),
          req.method === "HEAD",
        );
      } catch (err) {
        if (!(err instanceof ArmError)) throw err;
        facts.errorCode = err.code;
        sendError(res, headers, err, req.method === "HEAD");
      }
      return;
    }
    if (isLoginPath(path)) {
      (await loginHere())(req, res);
      return;
    }
    await handleArm(req, res, path, query, envelope, facts);
  };

  // Microsoft Graph, as az uses it for role assignments (src/identity/graph.ts): the same tokens as ARM.
  const handleGraphRoute = async (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, facts: ResponseFacts): Promise<void> => {
    const headers = baseHeaders(req);
    facts.requestId = headers["x-ms-request-id"];
    try {
      const origin = `https://${req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`}`;
      const principal = await authenticate(req.headers.authorization, origin, req.socket);
      facts.principal = principal.objectId;
      const body = (await readBody(req, 64 * 1024)).toString("utf8");
      const { handleGraphRequest } = await import("./identity/graph.js");
      const answer = await handleGraphRequest({ method: req.method ?? "GET", path, query, body, origin }, async () => [
        ...[OWNER_PRINCIPAL, READER_PRINCIPAL, ...roles.assignments.map((a) => roles.principal({ clientId: a.clientId })!)]
          .filter((p, i, all) => all.findIndex((q) => q.objectId === p.objectId) === i)
          .map((p) => ({
            id: p.objectId,
            appId: p.clientId,
            displayName: p.name,
            servicePrincipalType: "Application" as const,
            servicePrincipalNames: [p.clientId],
          })),
        ...(await storedServicePrincipals(ctx)),
      ]);
      send(res, answer.status, headers, answer.body);
    } catch (err) {
      if (!req.complete) req.resume();
      facts.errorCode = err instanceof ArmError ? err.code : "InternalServerError";
      if (err instanceof ArmError) return sendError(res, headers, err);
      logger.error({ err }, "unexpected error in a Graph route");
      sendError(res, headers, new ArmError(500, "InternalServerError", "The emulator hit an internal error."));
    }
  };

  // Nothing is answered (health included) until runtime.json is written: whoever sees the
  // instance healthy can find it through `env`.
  let markReady!: () => void;
  let isReady = false;
  const ready = new Promise<void>((r) => {
    markReady = () => {
      isReady = true;
      r();
    };
  });

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (!isReady) {
      void ready.then(() => onRequest(req, res));
      return;
    }
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    // Clients that join an endpoint and `/{scope}` (a scope starting with `/`) send `//subscriptions/...`, which ARM takes as one slash.
    const path = (q === -1 ? url : url.slice(0, q)).replace(/^\/{2,}(?=[^/])/, "/");
    const query = new URLSearchParams(q === -1 ? "" : url.slice(q + 1));
    const started = performance.now();
    const startedAt = Date.now();
    const facts: ResponseFacts = {};
    res.on("finish", () => {
      // Reading the log is not logged: a test polling it would push out what it looks for.
      if (path === "/_emulator/requests" && req.method === "GET") return;
      const entry = {
        timeMs: startedAt,
        requestId: facts.requestId ?? null,
        principal: facts.principal ?? null,
        method: req.method ?? "GET",
        path,
        apiVersion: facts.apiVersion ?? null,
        status: res.statusCode,
        errorCode: facts.errorCode ?? null,
        durationMs: Math.round((performance.now() - started) * 1e3) / 1e3,
      };
      requestLog.add(entry);
      if (logger.isLevelEnabled("info")) {
        const { timeMs: _time, ...line } = entry;
        logger.info(line, "request");
      }
    });
    const oversized = headerLimitRefusal(req, limits);
    if (oversized) {
      req.resume();
      // As the parser's own refusal: nothing of the oversized headers is echoed (a long client request id would overflow the client's parser).
      const id = randomUUID();
      const headers = { "x-ms-request-id": id, "x-ms-correlation-request-id": id };
      facts.requestId = id;
      facts.errorCode = oversized.code;
      sendError(res, headers, oversized, req.method === "HEAD");
      return;
    }
    const work = path.startsWith("/_emulator/")
      ? handleEmulatorRoute(req, res, path, query, facts)
      : path.startsWith("/subscriptions/")
        ? handleArm(req, res, path, query, envelope, facts)
        : path.startsWith("/v1.0/") || path.startsWith("/beta/")
          ? handleGraphRoute(req, res, path, query, facts)
          : handleCloudRoute(req, res, path, query, facts);
    work.catch((err) => {
      logger.error({ err }, "request failed");
      facts.errorCode = "InternalServerError";
      if (!res.headersSent) sendError(res, {}, new ArmError(500, "InternalServerError", "The emulator hit an internal error."));
      else res.destroy();
    });
  };

  /** This server's URL (known once it listens). */
  function endpointUrl(): string {
    const hostForUrl = host.includes(":") ? `[${host}]` : host;
    return `https://${hostForUrl}:${(server.address() as AddressInfo).port}`;
  }

  // --max-header-bytes is checked in onRequest (headerLimitRefusal), where a HEAD is known; the parser takes more.
  const armServerOptions = { ...serverTimeouts(limits), maxHeaderSize: parserHeaderCap(limits) };
  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem, keepAliveTimeout: 65_000, ...armServerOptions }, onRequest);
  // Requests Node's HTTP parser rejects (or that time out) still get an ARM error body and request ids.
  answerClientErrors(server, limits);
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 8443, host, () => {
      server.off("error", reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const proxy =
    proxyModule === undefined || opts.proxyPort === undefined
      ? undefined
      : await proxyModule
          .startEmulatorProxy({
            host,
            port: opts.proxyPort,
            tls,
            tlsDir,
            tokens,
            signingKey,
            roles,
            armHandler: onRequest,
            logger,
            serverOptions: serverTimeouts(limits),
            armServerOptions,
            armServerSetup: (s) => answerClientErrors(s, limits),
            loginServerSetup: (s) => answerLoginClientErrors(s, limits),
          })
          .catch(async (err: unknown) => {
            await new Promise<void>((r) => server.close(() => r()));
            await store.close();
            throw err;
          });
  const endpoint = endpointUrl();
  const info: RuntimeInfo = {
    endpoint,
    identityEndpoint: `${endpoint}${IDENTITY_TOKEN_PATH}`,
    legacyIdentityEndpoint: `${endpoint}${IDENTITY_LEGACY_PATH}`,
    identityHeader: secret,
    caPath: tls.caPath,
    caBundlePath,
    tlsDir,
    dataDir,
    store: store.kind,
    seed,
    tenantId: EMULATOR_TENANT_ID,
    subscriptionId: DEFAULT_SUBSCRIPTION_ID,
    pid: process.pid,
    ...(proxy ? { proxyPort: proxy.port } : {}),
  };
  if (opts.dashboardPort !== undefined) {
    const d = await startDashboard(opts.dashboardPort).catch(async (err: unknown) => {
      await proxy?.close();
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
      throw err;
    });
    info.dashboardPort = d.port;
  }
  if (opts.writeRuntime !== false) await writeRuntimeInfo(dataDir, info);
  // Operations that were in flight when the process stopped finish now (or when due).
  await lro.settleDue();
  markReady();
  const scheduler = new Scheduler(lro, 250, () => controls.refresh());
  scheduler.start();

  return {
    endpoint,
    port,
    info,
    store,
    clock,
    tokens,
    router,
    requestLog,
    async close() {
      scheduler.stop();
      await proxy?.close();
      await (await dashboard?.catch(() => undefined))?.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      if (opts.writeRuntime !== false) await removeRuntimeInfo(dataDir, process.pid);
      await store.close();
      logger.flush();
    },
  };
}

/** Node server options that enforce the header size and request time limits. */
function serverTimeouts(limits: RequestLimits): { maxHeaderSize: number; requestTimeout: number; headersTimeout: number; connectionsCheckingInterval: number } {
  return {
    maxHeaderSize: limits.maxHeaderBytes,
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.requestTimeoutMs,
    // Node checks the two timeouts on this interval (default 30 s): a quarter of the limit keeps them close.
    connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(limits.requestTimeoutMs / 4))),
  };
}
