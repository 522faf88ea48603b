import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RequestLogEntry } from "../controls/request-log.js";
import type { Principal } from "../identity/principals.js";
import { crossSiteReason, isLoopbackHost, SECURITY_HEADERS } from "./guard.js";
import { packageFile } from "../util/package-files.js";

/**
 * The local dashboard (docs/dashboard.md): plain HTTP on a loopback port of its own, so that a browser
 * that does not trust the emulator's CA opens it without a warning (browsers treat loopback as a secure
 * context). Loaded only when `--dashboard-port` is given or `aks-emulator dashboard` asks for a login.
 *
 * It opens no way in that an ARM token would not: a one-time code from the printed URL becomes a session
 * (an HttpOnly, SameSite=Strict cookie) whose principal is one of its own with an Owner assignment in the
 * access model; every API call of the page is handed to the emulator's own request handler with a token
 * of that principal, so ARM's and the controls' authorization decide, and the request log shows it.
 */

export interface DashboardDeps {
  /** Where to listen: a loopback address. */
  host: string;
  /** 0: a free port. */
  port: number;
  /** The emulator's request handler (app.ts' onRequest): routing, authentication, authorization, request log. */
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** A bearer token for a principal (the emulator's token service). */
  issueToken: (principal: Principal) => { accessToken: string; expiresOn: number };
  /** Gives a session's principal an Owner assignment at every subscription (rbac.ts). */
  assignOwner: (objectId: string) => void;
  /** Whether the principal may read the request log (the authorization of `GET /_emulator/requests`). */
  mayReadRequestLog: (principal: Principal) => boolean | Promise<boolean>;
  /** The request log's filters (`GET /_emulator/requests`' query); throws an ArmError on a bad one. */
  requestFilter: (query: URLSearchParams) => (e: RequestLogEntry) => boolean;
  /** The newest entries of the request log (oldest first) and a way to hear of new ones. */
  latestRequests: (limit: number, keep: (e: RequestLogEntry) => boolean) => RequestLogEntry[];
  onRequestLogged: (listener: (e: RequestLogEntry) => void) => () => void;
  /** The ARM endpoint the page names (for copying into an SDK's settings). */
  endpoint: string;
}

export interface Dashboard {
  port: number;
  /** A new one-time login URL and when its code expires (ms since the epoch). */
  loginUrl(): { url: string; expiresAt: number };
  close(): Promise<void>;
}

interface Session {
  id: string;
  principal: Principal;
  csrfToken: string;
  token?: { accessToken: string; expiresOn: number };
}

/** How long a printed login URL stays usable (real time, not the emulator's clock). */
const CODE_LIFETIME_MS = 10 * 60 * 1000;
const MAX_CODES = 100;
const MAX_SESSIONS = 100;
/** Tokens for a session are re-issued this long before they expire. */
const TOKEN_MARGIN_SEC = 300;
/** The request-log entries an event stream starts with. */
const BACKLOG = 200;
const CSRF_HEADER = "x-aks-emulator-csrf";
const ASSETS: Readonly<Record<string, string>> = {
  "/assets/app.js": "text/javascript; charset=utf-8",
  "/assets/app.css": "text/css; charset=utf-8",
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const buf = Buffer.from(JSON.stringify(body), "utf8");
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": "application/json; charset=utf-8", "content-length": String(buf.length), ...headers });
  res.end(buf);
}

function sendArmError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, message } }, headers);
}

/** A page of text only: what the browser shows when it has no session. */
function sendTextPage(res: ServerResponse, status: number, text: string): void {
  const buf = Buffer.from(text + "\n", "utf8");
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8", "content-length": String(buf.length) });
  res.end(buf);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startDashboard(deps: DashboardDeps): Promise<Dashboard> {
  const codes = new Map<string, number>();
  const sessions = new Map<string, Session>();
  const assetCache = new Map<string, Buffer>();
  const streams = new Set<ServerResponse>();
  /** The principals of every session so far: the live log hides their requests unless asked. */
  const dashboardPrincipals = new Set<string>();
  let sessionCount = 0;
  let cookieName = "aks_emulator_dashboard";

  const sessionOf = (req: IncomingMessage): Session | undefined => {
    const cookie = req.headers.cookie;
    if (!cookie) return undefined;
    for (const part of cookie.split(";")) {
      const eq = part.indexOf("=");
      if (eq !== -1 && part.slice(0, eq).trim() === cookieName) return sessions.get(part.slice(eq + 1).trim());
    }
    return undefined;
  };

  const bearer = (s: Session): string => {
    const nowSec = Date.now() / 1000;
    if (!s.token || s.token.expiresOn - TOKEN_MARGIN_SEC < nowSec) s.token = deps.issueToken(s.principal);
    return `Bearer ${s.token.accessToken}`;
  };

  const newSession = (): Session => {
    sessionCount++;
    const principal: Principal = { objectId: randomUUID(), clientId: randomUUID(), name: `aks-emulator-dashboard-${sessionCount}`, role: "Owner" };
    deps.assignOwner(principal.objectId);
    dashboardPrincipals.add(principal.objectId);
    const session = { id: randomBytes(32).toString("base64url"), principal, csrfToken: randomBytes(32).toString("base64url") };
    if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
    sessions.set(session.id, session);
    return session;
  };

  const asset = async (path: string): Promise<Buffer> => {
    let buf = assetCache.get(path);
    if (!buf) {
      // From the package root: this module runs from the command line's bundle too (util/package-files.ts).
      buf = await readFile(packageFile(`dist/src/dashboard${path}`));
      assetCache.set(path, buf);
    }
    return buf;
  };

  const serveIndex = async (res: ServerResponse): Promise<void> => {
    const buf = await asset("/assets/index.html");
    res.writeHead(200, { ...SECURITY_HEADERS, "content-type": "text/html; charset=utf-8", "content-length": String(buf.length) });
    res.end(buf);
  };

  const events = async (req: IncomingMessage, res: ServerResponse, session: Session, query: URLSearchParams): Promise<void> => {
    const allowed = await deps.mayReadRequestLog(session.principal);
    if (!allowed) {
      sendArmError(
        res,
        403,
        "AuthorizationFailed",
        `The client '${session.principal.objectId}' with object id '${session.principal.objectId}' does not have authorization to read the request log.`,
      );
      return;
    }
    let keep: (e: RequestLogEntry) => boolean;
    try {
      keep = deps.requestFilter(query);
    } catch (err) {
      const e = err as { status?: number; code?: string; message?: string };
      sendArmError(res, e.status ?? 400, e.code ?? "InvalidParameter", e.message ?? "A filter is invalid.");
      return;
    }
    const own = query.get("dashboard") === "true";
    const shown = (e: RequestLogEntry): boolean => keep(e) && (own || !dashboardPrincipals.has(e.principal ?? ""));
    res.writeHead(200, { ...SECURITY_HEADERS, "content-type": "text/event-stream; charset=utf-8", connection: "keep-alive" });
    const write = (e: RequestLogEntry) => {
      res.write(`event: request\ndata: ${JSON.stringify({ ...e, dashboard: dashboardPrincipals.has(e.principal ?? "") })}\n\n`);
    };
    for (const e of deps.latestRequests(BACKLOG, shown)) write(e);
    res.write("event: ready\ndata: {}\n\n");
    const stop = deps.onRequestLogged((e) => {
      if (shown(e)) write(e);
    });
    const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
    heartbeat.unref();
    streams.add(res);
    const end = () => {
      stop();
      clearInterval(heartbeat);
      streams.delete(res);
    };
    req.on("close", end);
    res.on("close", end);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    // DNS rebinding: another site's name resolving to 127.0.0.1 arrives with that name as Host.
    if (!isLoopbackHost(req.headers.host)) {
      req.resume();
      sendArmError(res, 403, "InvalidHostHeader", "The dashboard answers only requests addressed to a loopback name (localhost, 127.0.0.1, [::1]).");
      return;
    }
    const url = new URL(req.url ?? "/", "http://dashboard.invalid");
    const path = url.pathname;
    const method = req.method ?? "GET";

    if ((method === "GET" || method === "HEAD") && ASSETS[path] !== undefined) {
      req.resume();
      void asset(path).then(
        (buf) => {
          res.writeHead(200, { ...SECURITY_HEADERS, "content-type": ASSETS[path]!, "content-length": String(buf.length) });
          res.end(method === "HEAD" ? undefined : buf);
        },
        () => sendArmError(res, 404, "NotFound", `The dashboard has no asset '${path}' (was it built?).`),
      );
      return;
    }

    if (path === "/favicon.ico") {
      req.resume();
      res.writeHead(204, SECURITY_HEADERS);
      res.end();
      return;
    }
    if (path === "/" && method === "GET") {
      req.resume();
      const code = url.searchParams.get("code");
      if (code !== null) {
        const expires = codes.get(code);
        codes.delete(code);
        if (expires === undefined || expires < Date.now()) {
          sendTextPage(res, 401, "This dashboard login link was used already or has expired. Run `aks-emulator dashboard` for a new one.");
          return;
        }
        const session = newSession();
        // The code leaves the address bar (and the history) at once.
        res.writeHead(303, {
          ...SECURITY_HEADERS,
          location: "/",
          "set-cookie": `${cookieName}=${session.id}; Path=/; HttpOnly; SameSite=Strict`,
          "content-length": "0",
        });
        res.end();
        return;
      }
      if (!sessionOf(req)) {
        sendTextPage(res, 401, "Not logged in to the aks-emulator dashboard. Run `aks-emulator dashboard` and open the URL it prints.");
        return;
      }
      serveIndex(res).catch(() => sendArmError(res, 500, "InternalServerError", "The dashboard's page is missing (was it built?)."));
      return;
    }

    const session = sessionOf(req);
    if (!session) {
      req.resume();
      sendArmError(res, 401, "AuthenticationFailed", "No dashboard session: open the URL `aks-emulator dashboard` prints.");
      return;
    }
    const crossSite = crossSiteReason(req.headers);
    if (crossSite) {
      req.resume();
      sendArmError(res, 403, "Forbidden", `The dashboard refuses the request: ${crossSite}.`);
      return;
    }
    if (method !== "GET" && method !== "HEAD") {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== "string" || !sameSecret(sent, session.csrfToken)) {
        req.resume();
        sendArmError(res, 403, "Forbidden", `The dashboard refuses a change without its ${CSRF_HEADER} header.`);
        return;
      }
    }

    if (path === "/session" && method === "GET") {
      req.resume();
      sendJson(res, 200, {
        principal: { objectId: session.principal.objectId, name: session.principal.name, role: "Owner" },
        csrfToken: session.csrfToken,
        endpoint: deps.endpoint,
      });
      return;
    }
    if (path === "/events" && method === "GET") {
      req.resume();
      events(req, res, session, url.searchParams).catch(() => res.destroy());
      return;
    }
    // The page's API: the emulator's own routes, under the session principal's token.
    if (path.startsWith("/api/")) {
      const target = (req.url ?? "/").slice("/api".length);
      if (!/^\/(subscriptions([/?]|$)|_emulator\/(?!identity\/))/i.test(target)) {
        req.resume();
        sendArmError(res, 404, "NotFound", "The dashboard forwards ARM routes (/subscriptions...) and testing controls (/_emulator/...) only.");
        return;
      }
      req.url = target;
      req.headers.authorization = bearer(session);
      delete req.headers.cookie;
      delete req.headers[CSRF_HEADER];
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      deps.handle(req, res);
      return;
    }
    req.resume();
    sendArmError(res, 404, "NotFound", `The dashboard has no route '${method} ${path}'.`);
  };

  const server: Server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    try {
      onRequest(req, res);
    } catch {
      // Never the process: an unexpected throw is an ARM 500 for this request only.
      if (!res.headersSent) sendArmError(res, 500, "InternalServerError", "The dashboard hit an internal error.");
      else res.destroy();
    }
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(deps.port, deps.host, () => {
      server.off("error", reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // Cookies do not tell ports apart: two instances on one machine keep a cookie each.
  cookieName = `aks_emulator_dashboard_${port}`;
  const origin = `http://${deps.host.includes(":") ? `[${deps.host}]` : deps.host}:${port}`;

  return {
    port,
    loginUrl() {
      const now = Date.now();
      for (const [c, expires] of codes) if (expires < now) codes.delete(c);
      if (codes.size >= MAX_CODES) codes.delete(codes.keys().next().value!);
      const code = randomBytes(32).toString("base64url");
      const expiresAt = now + CODE_LIFETIME_MS;
      codes.set(code, expiresAt);
      return { url: `${origin}/?code=${code}`, expiresAt };
    },
    async close() {
      for (const s of streams) s.destroy();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
}
