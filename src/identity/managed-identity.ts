/**
 * Managed-identity token endpoints, as a pure function over a small request object (the HTTP wiring lives
 * in the server). Formats: docs/sources.md "Managed identity token endpoints".
 *
 *   GET  /_emulator/identity/token?api-version=2019-08-01&resource=...   App Service protocol
 *        (azure-identity JS + Python via IDENTITY_ENDPOINT/IDENTITY_HEADER). Header `X-IDENTITY-HEADER`
 *        must equal the instance secret (the 2017-09-01 variant's `secret` header is accepted too).
 *        JS url-encodes `resource`, Python sends it raw: URLSearchParams decodes both the same way.
 *        200 {"access_token","expires_on":"<unix s as string>","resource","token_type":"Bearer","client_id"}
 *   POST /_emulator/identity/legacy   (form body resource=..., header Metadata: true)   legacy MSI_ENDPOINT
 *        protocol of msrestazure (az 2.45 `az login --identity`). No secret, so loopback callers only.
 *        200 {"token_type":"Bearer","access_token","expires_on":<unix s>,"expires_in":<s>,"resource","client_id"}
 *
 * Principal selection (both endpoints): `client_id` (`clientid` in 2017-09-01), `object_id`,
 * `principal_id` (= object id), `mi_res_id` (user-assigned identity resource id, last segment = principal
 * name). None -> the default (Owner) principal.
 *
 * Error bodies (our choice, OAuth-style `{"error","error_description"}`: that is what the real MSI/IMDS
 * endpoints answer and what azure-identity / msal put into their exception messages):
 *   401 invalid_request  X-IDENTITY-HEADER missing           401 invalid_client  X-IDENTITY-HEADER wrong
 *   400 invalid_request  resource missing / Metadata header missing on the legacy endpoint
 *   400 invalid_request  unknown or conflicting identity selector ("Identity not found" wording, as IMDS)
 *   403 forbidden        legacy endpoint called from a non-loopback address
 *   404 not_found / 405 method_not_allowed (+ Allow) for anything else under this handler
 */
import { timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import { DEFAULT_PRINCIPAL, findPrincipal, type Principal } from "./principals.js";
import { DEFAULT_TOKEN_LIFETIME_SEC, type TokenService } from "./tokens.js";

export const IDENTITY_TOKEN_PATH = "/_emulator/identity/token";
export const IDENTITY_LEGACY_PATH = "/_emulator/identity/legacy";

export interface ManagedIdentityRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  remoteAddress: string;
}

export interface ManagedIdentityContext {
  tokens: TokenService;
  identityHeaderSecret: string;
  /** Principals beyond the built-in ones (from role assignments). */
  lookupPrincipal?: (sel: { clientId?: string; objectId?: string }) => Principal | undefined;
}

export interface ManagedIdentityResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export async function handleManagedIdentityRequest(req: ManagedIdentityRequest, ctx: ManagedIdentityContext): Promise<ManagedIdentityResponse> {
  const path = req.path.replace(/\/+$/, "").toLowerCase();
  const method = req.method.toUpperCase();
  if (path === IDENTITY_TOKEN_PATH) {
    if (method !== "GET") return methodNotAllowed("GET");
    return appServiceToken(req, ctx);
  }
  if (path === IDENTITY_LEGACY_PATH) {
    if (method !== "POST") return methodNotAllowed("POST");
    return legacyMsiToken(req, ctx);
  }
  return oauthError(404, "not_found", `No managed-identity endpoint at '${req.path}'.`);
}

function appServiceToken(req: ManagedIdentityRequest, ctx: ManagedIdentityContext): ManagedIdentityResponse {
  const secret = header(req.headers, "x-identity-header") ?? header(req.headers, "secret");
  if (secret === undefined || secret === "") {
    return oauthError(401, "invalid_request", "Required header 'X-IDENTITY-HEADER' is missing.");
  }
  if (!secretMatches(secret, ctx.identityHeaderSecret)) {
    return oauthError(401, "invalid_client", "The 'X-IDENTITY-HEADER' value is not valid for this emulator instance.");
  }
  const resource = req.query.get("resource");
  if (resource === null || resource.trim() === "") {
    return oauthError(400, "invalid_request", "Required query parameter 'resource' is missing.");
  }
  const selected = selectPrincipal(req.query, ctx.lookupPrincipal);
  if ("error" in selected) return selected.error;
  const { accessToken, expiresOn } = ctx.tokens.issue(resource, selected.principal);
  return {
    status: 200,
    body: {
      access_token: accessToken,
      expires_on: String(expiresOn),
      resource,
      token_type: "Bearer",
      client_id: selected.principal.clientId,
    },
    headers: { "Cache-Control": "no-store" },
  };
}

function legacyMsiToken(req: ManagedIdentityRequest, ctx: ManagedIdentityContext): ManagedIdentityResponse {
  if (!isLoopback(req.remoteAddress)) {
    return oauthError(403, "forbidden", "The legacy managed-identity endpoint only accepts requests from loopback addresses.");
  }
  if (header(req.headers, "metadata")?.toLowerCase() !== "true") {
    return oauthError(400, "invalid_request", "Required metadata header not specified");
  }
  // Form body first; query parameters as a fallback (some callers put resource in the URL).
  const form = new URLSearchParams(req.body);
  const params = new URLSearchParams(req.query);
  for (const [k, v] of form) params.set(k, v);
  const resource = params.get("resource");
  if (resource === null || resource.trim() === "") {
    return oauthError(400, "invalid_request", "Required parameter 'resource' is missing.");
  }
  const selected = selectPrincipal(params, ctx.lookupPrincipal);
  if ("error" in selected) return selected.error;
  const lifetime = DEFAULT_TOKEN_LIFETIME_SEC;
  const { accessToken, expiresOn } = ctx.tokens.issue(resource, selected.principal, lifetime);
  return {
    status: 200,
    body: {
      token_type: "Bearer",
      access_token: accessToken,
      expires_on: expiresOn,
      expires_in: lifetime,
      resource,
      client_id: selected.principal.clientId,
    },
    headers: { "Cache-Control": "no-store" },
  };
}

function selectPrincipal(
  params: URLSearchParams,
  lookup?: ManagedIdentityContext["lookupPrincipal"],
): { principal: Principal } | { error: ManagedIdentityResponse } {
  const get = (name: string): string | undefined => {
    const v = params.get(name);
    return v === null || v === "" ? undefined : v;
  };
  const clientId = get("client_id") ?? get("clientid");
  const objectIds = [get("object_id"), get("principal_id")].filter((v): v is string => v !== undefined);
  const resourceId = get("mi_res_id") ?? get("msi_res_id");
  if (objectIds.length === 2 && objectIds[0]!.toLowerCase() !== objectIds[1]!.toLowerCase()) {
    return { error: oauthError(400, "invalid_request", "Identity not found: 'object_id' and 'principal_id' differ.") };
  }
  const objectId = objectIds[0];
  if (clientId === undefined && objectId === undefined && resourceId === undefined) {
    return { principal: DEFAULT_PRINCIPAL };
  }
  const sel: { clientId?: string; objectId?: string; resourceId?: string } = {};
  if (clientId !== undefined) sel.clientId = clientId;
  if (objectId !== undefined) sel.objectId = objectId;
  if (resourceId !== undefined) sel.resourceId = resourceId;
  const principal = findPrincipal(sel) ?? (sel.resourceId === undefined ? lookup?.(sel) : undefined);
  if (principal === undefined) {
    const given = Object.entries({ client_id: clientId, object_id: objectId, mi_res_id: resourceId })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k} '${v}'`)
      .join(", ");
    return { error: oauthError(400, "invalid_request", `Identity not found: no managed identity matches ${given}.`) };
  }
  return { principal };
}

function header(headers: ManagedIdentityRequest["headers"], name: string): string | undefined {
  let v = headers[name];
  if (v === undefined) {
    for (const k of Object.keys(headers)) {
      if (k.toLowerCase() === name) {
        v = headers[k];
        break;
      }
    }
  }
  if (Array.isArray(v)) v = v[0];
  return v;
}

function secretMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return expected.length > 0 && a.length === b.length && timingSafeEqual(a, b);
}

/** 127.0.0.0/8, ::1, and IPv4-mapped 127.x (::ffff:127.0.0.1). */
export function isLoopback(address: string): boolean {
  let a = address.trim().toLowerCase();
  if (a.startsWith("[") && a.endsWith("]")) a = a.slice(1, -1);
  const zone = a.indexOf("%");
  if (zone >= 0) a = a.slice(0, zone);
  if (a.startsWith("::ffff:") && isIP(a.slice(7)) === 4) a = a.slice(7);
  const kind = isIP(a);
  if (kind === 4) return a.startsWith("127.");
  if (kind === 6) {
    try {
      return new URL(`http://[${a}]/`).hostname === "[::1]";
    } catch {
      return false;
    }
  }
  return false;
}

function oauthError(status: number, error: string, description: string): ManagedIdentityResponse {
  return { status, body: { error, error_description: description } };
}

function methodNotAllowed(allow: string): ManagedIdentityResponse {
  return { status: 405, body: { error: "method_not_allowed", error_description: `Use ${allow}.` }, headers: { Allow: allow } };
}
