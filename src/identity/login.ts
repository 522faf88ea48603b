import { KeyObject, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { link, readFile, unlink, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { findPrincipal, type Principal } from "./principals.js";
import { objectIdFor, type RoleAssignments } from "./role-assignments.js";
import type { SigningKey } from "./signing-key.js";
import type { TokenService } from "./tokens.js";

/**
 * The part of login.microsoftonline.com (Microsoft Entra ID) that the Azure SDKs and az 2.45 use for a
 * service principal with a client secret, served behind the interception proxy and on the emulator's
 * main port (the cloud metadata's loginEndpoint; docs/sources.md "Service principal sign-in"):
 *
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration   (msal for Python, az)
 *   GET  /{tenant}/discovery/instance?api-version=1.1&authorization_endpoint=...   (msal instance discovery)
 *   GET  /{tenant}/discovery/v2.0/keys                      (jwks_uri: the emulator's token-signing key)
 *   POST /{tenant}/oauth2/v2.0/token  grant_type=client_credentials  (msal-node, msal for Python)
 *
 * The tenant is the emulator's (or `organizations` / `common` for the metadata documents). The client is
 * the instance's generated one (`login-client.json` in the TLS dir, 0600) or a built-in / role-assigned
 * principal, all with the generated secret. A success is `{token_type, expires_in, ext_expires_in,
 * access_token}` with no id_token (msal validates an id_token's aud against the client id); the access
 * token is the emulator's usual v1 token (what Entra issues for ARM, whose tokens are v1).
 * Failures use Entra ID's error body: error, error_description (ending in Trace ID / Correlation ID /
 * Timestamp lines), error_codes, timestamp, trace_id, correlation_id, error_uri.
 */

export const LOGIN_HOST = "login.microsoftonline.com";
export const LOGIN_CLIENT_FILE = "login-client.json";
/** What Entra issues for client credentials: about an hour (expires_in 3599 in captures). */
const LOGIN_TOKEN_LIFETIME_SEC = 3599;
const DEFAULT_ORIGIN = `https://${LOGIN_HOST}`;
const TENANT_DISPLAY_NAME = "aks-emulator";

/** The paths below `/{tenant}/` the login endpoint serves. */
const LOGIN_PATHS = new Set([
  "v2.0/.well-known/openid-configuration",
  ".well-known/openid-configuration",
  "discovery/instance",
  "discovery/v2.0/keys",
  "discovery/keys",
  "oauth2/v2.0/token",
]);

/** Whether the main port answers a path as the login endpoint: `/{tenant}/` and one of its paths. */
export function isLoginPath(path: string): boolean {
  const slash = path.indexOf("/", 1);
  return slash > 1 && LOGIN_PATHS.has(path.slice(slash + 1).toLowerCase());
}

export interface LoginClient {
  clientId: string;
  clientSecret: string;
}

/**
 * A client secret in Entra's look (40 characters, a `~` at position 4), never starting with `-` or
 * `_`: az 2.45 reads `az login --service-principal -p -xyz...` as an option and refuses it.
 */
export function newClientSecret(): string {
  const head = randomBytes(3).toString("base64url").replace(/^[-_]/, "a");
  return `${head}8Q~${randomBytes(27).toString("base64url")}`.slice(0, 40);
}

/** The instance's service principal: created once per TLS dir (like the identity header secret), 0600. */
export async function ensureLoginClient(tlsDir: string): Promise<LoginClient> {
  const path = join(tlsDir, LOGIN_CLIENT_FILE);
  const read = async (): Promise<LoginClient | undefined> => {
    try {
      const v = JSON.parse(await readFile(path, "utf8")) as Partial<LoginClient>;
      return typeof v.clientId === "string" && typeof v.clientSecret === "string" ? { clientId: v.clientId, clientSecret: v.clientSecret } : undefined;
    } catch {
      return undefined;
    }
  };
  const existing = await read();
  if (existing) return existing;
  const secret = newClientSecret();
  // Written whole under a temp name, then linked into place: link() fails when another process (an
  // instance sharing the TLS dir) got there first, and then both use the one on disk.
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(tmp, JSON.stringify({ clientId: randomUUID(), clientSecret: secret }, null, 2) + "\n", { mode: 0o600 });
  try {
    await link(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  const created = await read();
  if (!created) throw new Error(`${path} is not a valid login client file; remove it to have a new client generated`);
  return created;
}

export interface LoginOptions {
  tokens: TokenService;
  tenantId: string;
  client: LoginClient;
  /** Principals known through role assignments (by client id). */
  lookupPrincipal?: (clientId: string) => Principal | undefined;
  publicKey?: KeyObject;
  kid?: string;
  now?: () => number;
  /**
   * Where the login endpoint is served, as its documents name it (default `https://login.microsoftonline.com`,
   * behind the proxy); the emulator's main port serves it at its own origin (the cloud metadata's loginEndpoint).
   */
  origin?: string;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The login options of an emulator instance: its client (created once per TLS dir), tokens, principals and signing key. */
export async function instanceLoginOptions(o: { tlsDir: string; tokens: TokenService; signingKey: SigningKey; roles: RoleAssignments }): Promise<LoginOptions> {
  const client = await ensureLoginClient(o.tlsDir);
  return {
    tokens: o.tokens,
    tenantId: o.tokens.tenantId,
    client,
    lookupPrincipal: (clientId) => o.roles.principal({ clientId }),
    publicKey: o.signingKey.publicKey instanceof KeyObject ? o.signingKey.publicKey : KeyObject.from(o.signingKey.publicKey),
    kid: o.signingKey.kid,
  };
}

/** The principal a client id names, or undefined (AADSTS700016). */
function principalFor(clientId: string, o: LoginOptions): Principal | undefined {
  const id = clientId.toLowerCase();
  if (id === o.client.clientId.toLowerCase()) {
    return { clientId: id, objectId: objectIdFor(id), name: "aks-emulator-client", role: "Owner" };
  }
  return findPrincipal({ clientId: id }) ?? o.lookupPrincipal?.(id);
}

function entraTimestamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
}

function entraError(status: number, error: string, code: number, message: string, correlationId: string | undefined, nowMs: number): Answer {
  const traceId = randomUUID();
  const correlation = correlationId && /^[0-9a-f-]{36}$/i.test(correlationId) ? correlationId : randomUUID();
  const ts = entraTimestamp(nowMs);
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${ts}`,
      error_codes: [code],
      timestamp: ts,
      trace_id: traceId,
      correlation_id: correlation,
      error_uri: `${DEFAULT_ORIGIN}/error?code=${code}`,
    },
  };
}

function openidConfiguration(tenantSegment: string, tenantId: string, v2: boolean, origin: string): Record<string, unknown> {
  const t = tenantSegment;
  // For organizations/common the issuer keeps Entra's `{tenantid}` placeholder.
  const issuerTenant = t === "organizations" || t === "common" ? "{tenantid}" : tenantId;
  const v = v2 ? "/v2.0" : "";
  return {
    token_endpoint: `${origin}/${t}/oauth2${v}/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${origin}/${t}/discovery${v}/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: v2 ? `${origin}/${issuerTenant}/v2.0` : `https://sts.windows.net/${issuerTenant}/`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
    authorization_endpoint: `${origin}/${t}/oauth2${v}/authorize`,
    device_authorization_endpoint: `${origin}/${t}/oauth2${v}/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${origin}/${t}/oauth2${v}/logout`,
    claims_supported: [
      "sub",
      "iss",
      "cloud_instance_name",
      "cloud_instance_host_name",
      "cloud_graph_host_name",
      "msgraph_host",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "acr",
      "nonce",
      "preferred_username",
      "name",
      "tid",
      "ver",
      "at_hash",
      "c_hash",
      "email",
    ],
    kerberos_endpoint: `${origin}/${t}/kerberos`,
    tenant_region_scope: "NA",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  };
}

const ALIASES = ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"];

function instanceDiscovery(query: URLSearchParams, origin: string): Record<string, unknown> {
  // The tenant of the authorization endpoint asked about names the openid document.
  let tenant = "common";
  const auth = query.get("authorization_endpoint");
  if (auth) {
    try {
      tenant = new URL(auth).pathname.split("/").filter(Boolean)[0] ?? "common";
    } catch {
      /* keep common */
    }
  }
  return {
    tenant_discovery_endpoint: `${origin}/${tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [
      origin === DEFAULT_ORIGIN ? { preferred_network: LOGIN_HOST, preferred_cache: "login.windows.net", aliases: ALIASES } : ownHost(new URL(origin).host),
    ],
  };
}

/** The instance discovery entry of a login endpoint served at its own host (the emulator's main port). */
function ownHost(host: string): Record<string, unknown> {
  return { preferred_network: host, preferred_cache: host, aliases: [host] };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Answers one login request (pure apart from token issuing; exported for unit tests). */
export function loginAnswer(
  req: { method: string; path: string; query: URLSearchParams; headers: Record<string, string | string[] | undefined>; body: string },
  o: LoginOptions,
): Answer {
  const nowMs = (o.now ?? Date.now)();
  const correlation = typeof req.headers["client-request-id"] === "string" ? req.headers["client-request-id"] : undefined;
  const segments = req.path.split("/").filter(Boolean);
  const tenantSegment = (segments[0] ?? "").toLowerCase();
  const rest = segments.slice(1).join("/").toLowerCase();
  const ownTenant = tenantSegment === o.tenantId.toLowerCase();
  const anyTenant = ownTenant || tenantSegment === "organizations" || tenantSegment === "common";
  const tenantNotFound = (error: string) =>
    entraError(
      400,
      error,
      90002,
      `Tenant '${segments[0] ?? ""}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. ` +
        `Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      correlation,
      nowMs,
    );

  if (req.method === "GET" && (rest === "v2.0/.well-known/openid-configuration" || rest === ".well-known/openid-configuration")) {
    if (!anyTenant) return tenantNotFound("invalid_tenant");
    return { status: 200, body: openidConfiguration(ownTenant ? o.tenantId : tenantSegment, o.tenantId, rest.startsWith("v2.0"), o.origin ?? DEFAULT_ORIGIN) };
  }
  if (req.method === "GET" && rest === "discovery/instance") {
    return { status: 200, body: instanceDiscovery(req.query, o.origin ?? DEFAULT_ORIGIN) };
  }
  if (req.method === "GET" && (rest === "discovery/v2.0/keys" || rest === "discovery/keys")) {
    const keys = o.publicKey ? [{ ...o.publicKey.export({ format: "jwk" }), kid: o.kid, use: "sig", alg: "ES256" }] : [];
    return { status: 200, body: { keys } };
  }
  if (rest === "oauth2/v2.0/token") {
    if (req.method !== "POST") {
      return entraError(400, "invalid_request", 900561, "The endpoint only accepts POST requests. Received a GET request.", correlation, nowMs);
    }
    if (!ownTenant) return tenantNotFound("invalid_request");
    return tokenAnswer(req, o, correlation, nowMs);
  }
  return {
    status: 404,
    body: {
      error: "not_found",
      error_description:
        `aks-emulator serves only the client-credentials part of ${LOGIN_HOST}: ` +
        "/{tenant}/v2.0/.well-known/openid-configuration, /common/discovery/instance, /{tenant}/discovery/v2.0/keys and POST /{tenant}/oauth2/v2.0/token.",
    },
  };
}

function tokenAnswer(
  req: { headers: Record<string, string | string[] | undefined>; body: string },
  o: LoginOptions,
  correlation: string | undefined,
  nowMs: number,
): Answer {
  const form = new URLSearchParams(req.body);
  let clientId = form.get("client_id") ?? undefined;
  let secret = form.get("client_secret") ?? undefined;
  const basic = typeof req.headers["authorization"] === "string" ? /^\s*basic\s+(\S+)\s*$/i.exec(req.headers["authorization"]) : null;
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      clientId ??= decodeURIComponent(decoded.slice(0, colon));
      secret ??= decodeURIComponent(decoded.slice(colon + 1));
    }
  }
  const grant = form.get("grant_type");
  if (!grant) {
    return entraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.", correlation, nowMs);
  }
  if (grant !== "client_credentials") {
    return entraError(
      400,
      "unsupported_grant_type",
      70003,
      `The app requested an unsupported grant type '${grant}'. aks-emulator serves only client_credentials.`,
      correlation,
      nowMs,
    );
  }
  if (!clientId) {
    return entraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.", correlation, nowMs);
  }
  const scope = form.get("scope");
  if (!scope) {
    return entraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.", correlation, nowMs);
  }
  const resourceScope = scope.split(/\s+/).find((s) => s !== "" && !["openid", "profile", "offline_access"].includes(s));
  if (!resourceScope || !/\/\.default$/i.test(resourceScope)) {
    return entraError(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      correlation,
      nowMs,
    );
  }
  const principal = principalFor(clientId, o);
  if (!principal) {
    return entraError(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${TENANT_DISPLAY_NAME}'. This can happen if the application has not been ` +
        `installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      correlation,
      nowMs,
    );
  }
  if (!secret) {
    return entraError(
      401,
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      correlation,
      nowMs,
    );
  }
  if (!safeEqual(secret, o.client.clientSecret)) {
    return entraError(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      correlation,
      nowMs,
    );
  }
  const { accessToken } = o.tokens.issue(resourceScope, principal, LOGIN_TOKEN_LIFETIME_SEC);
  return {
    status: 200,
    body: { token_type: "Bearer", expires_in: LOGIN_TOKEN_LIFETIME_SEC, ext_expires_in: LOGIN_TOKEN_LIFETIME_SEC, access_token: accessToken },
  };
}

/**
 * An HTTP request handler for the login endpoint: the login host behind the proxy's TLS termination, or
 * the emulator's main port, where `originOf` gives the origin the request reached (its documents name it).
 */
export function loginRequestHandler(
  o: LoginOptions,
  onError: (err: unknown) => void,
  originOf?: (req: IncomingMessage) => string,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= 64 * 1024) chunks.push(c);
    });
    req.on("error", () => res.destroy());
    req.on("end", () => {
      try {
        const url = req.url ?? "/";
        const q = url.indexOf("?");
        const answer =
          size > 64 * 1024
            ? { status: 413, body: { error: "invalid_request", error_description: "The request body is too large." } }
            : loginAnswer(
                {
                  method: req.method ?? "GET",
                  path: q === -1 ? url : url.slice(0, q),
                  query: new URLSearchParams(q === -1 ? "" : url.slice(q + 1)),
                  headers: req.headers,
                  body: Buffer.concat(chunks).toString("utf8"),
                },
                originOf ? { ...o, origin: originOf(req) } : o,
              );
        const text = JSON.stringify(answer.body);
        res.writeHead(answer.status, {
          "content-type": "application/json; charset=utf-8",
          "cache-control": "no-store, no-cache",
          "x-ms-request-id": randomUUID(),
          "content-length": Buffer.byteLength(text),
          ...(answer.headers ?? {}),
        });
        res.end(text);
      } catch (err) {
        onError(err);
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
          res.end(JSON.stringify({ error: "server_error", error_description: "aks-emulator hit an internal error." }));
        } else res.destroy();
      }
    });
  };
}
