/**
 * Access tokens: issued by the emulator's managed-identity endpoints (and later the login interception),
 * verified on every ARM request.
 *
 * Tokens are Azure AD v1-shaped JWTs (ES256, header `kid`): iss `https://sts.windows.net/{tid}/`, aud the
 * requested resource, tid/oid/appid/sub, iat/nbf/exp, ver "1.0". az reads `tid` out of them.
 *
 * 401 codes and messages follow ARM (docs/sources.md "Authentication errors"):
 *   no header                  AuthenticationFailed
 *   not "Bearer <token>"       AuthenticationFailedInvalidHeader
 *   bad token / signature      InvalidAuthenticationToken  "The access token is invalid."
 *   expired                    ExpiredAuthenticationToken  (message with .NET en-US general dates)
 *   wrong audience             InvalidAuthenticationTokenAudience
 *   wrong issuer / tenant      InvalidAuthenticationTokenTenant (message as seen from ARM in
 *                              Azure/azure-sdk-for-net#49391 and Azure/LogicAppsUX#9068)
 * Every 401 carries `WWW-Authenticate: Bearer authorization_uri=..., error="invalid_token",
 * error_description=...`; only the missing-header description is ARM's verbatim, the others are our
 * short wording (ARM's exact descriptions are unconfirmed).
 *
 * Verification results are cached by token string (bounded), so a repeated token costs a Map lookup and
 * an expiry check.
 */
import { KeyObject, randomBytes, sign as cryptoSign, verify as cryptoVerify } from "node:crypto";
import { ArmError } from "../arm/errors.js";
import type { Principal } from "./principals.js";
import { findPrincipal } from "./principals.js";
import type { SigningKey } from "./signing-key.js";
import { setBounded } from "../util/bounded-map.js";

/** One non-empty base64url part of a JWS compact serialization (no padding). */
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The audiences real ARM accepts, in the order its error message lists them. */
export const ARM_AUDIENCES: readonly string[] = Object.freeze([
  "https://management.azure.com",
  "https://management.azure.com/",
  "https://management.core.windows.net",
  "https://management.core.windows.net/",
]);

/**
 * Audience predicate for ARM requests: the four ARM audiences, plus the emulator's own origin with or
 * without a trailing slash (older SDKs ask for `<endpoint>/.default` when given a custom endpoint), and
 * the localhost / 127.0.0.1 / [::1] spellings of the same port.
 */
export function armAudienceAccepted(origin: string): (aud: string) => boolean {
  const arm = new Set<string>(ARM_AUDIENCES);
  const own = new Set<string>();
  const addBoth = (base: string): void => {
    const b = base.replace(/\/+$/, "").toLowerCase();
    own.add(b);
    own.add(`${b}/`);
  };
  try {
    const u = new URL(origin);
    const port = u.port ? `:${u.port}` : "";
    const hosts = new Set([u.hostname.toLowerCase(), "localhost", "127.0.0.1", "[::1]"]);
    for (const h of hosts) addBoth(`${u.protocol}//${h}${port}`);
  } catch {
    addBoth(origin);
  }
  return (aud: string) => arm.has(aud) || own.has(aud.toLowerCase());
}

export interface VerifiedPrincipal {
  objectId: string;
  clientId: string;
  tenantId: string;
  role: "Owner" | "Reader";
  name?: string;
}

export interface TokenServiceOptions {
  tenantId: string;
  /**
   * Issuer origins accepted besides `https://sts.windows.net` (v1 tokens). For each origin both
   * `<origin>/<tid>/` and `<origin>/<tid>/v2.0` are accepted, e.g. `https://login.microsoftonline.com` for
   * v2 tokens from an intercepted login endpoint. Issued tokens always use `https://sts.windows.net/<tid>/`.
   */
  issuerOrigins?: string[];
  /** Wall clock in ms (token lifetimes follow the wall clock, as SDK token caches do). Default Date.now. */
  now?: () => number;
  /** Maximum number of cached verifications (default 1000). */
  cacheSize?: number;
}

/** Lifetime of issued tokens unless asked otherwise: just under a day, like Azure AD app tokens. */
export const DEFAULT_TOKEN_LIFETIME_SEC = 86399;

/** nbf tolerance: tokens "from the future" by up to this much are accepted. Our choice, a common default. */
const NBF_SKEW_MS = 5 * 60 * 1000;

interface CacheEntry {
  expMs: number;
  /** The audience predicate this token last passed (the app keeps one per origin). */
  acceptedBy?: (aud: string) => boolean;
  aud: string | string[] | undefined;
  principal: VerifiedPrincipal;
}

type Claims = Record<string, unknown>;

/** The last token verified on one connection (TokenService.verifyNow); start with `{}`. */
export interface TokenSlot {
  authorization?: string;
  entry?: CacheEntry;
}

export class TokenService {
  readonly tenantId: string;
  readonly issuer: string;
  private readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly acceptedIssuers: Set<string>;
  private readonly now: () => number;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly cacheSize: number;
  private readonly challengeBase: string;

  constructor(key: SigningKey, opts: TokenServiceOptions) {
    this.tenantId = opts.tenantId;
    this.issuer = `https://sts.windows.net/${opts.tenantId}/`;
    this.kid = key.kid;
    this.privateKey = key.privateKey instanceof KeyObject ? key.privateKey : KeyObject.from(key.privateKey);
    this.publicKey = key.publicKey instanceof KeyObject ? key.publicKey : KeyObject.from(key.publicKey);
    this.now = opts.now ?? Date.now;
    this.cacheSize = Math.max(1, opts.cacheSize ?? 1000);
    this.acceptedIssuers = new Set([this.issuer]);
    for (const origin of opts.issuerOrigins ?? []) {
      const o = origin.replace(/\/+$/, "");
      this.acceptedIssuers.add(`${o}/${opts.tenantId}/`);
      this.acceptedIssuers.add(`${o}/${opts.tenantId}/v2.0`);
    }
    this.challengeBase = `Bearer authorization_uri="https://login.windows.net/${opts.tenantId}", error="invalid_token"`;
  }

  /**
   * Issues an access token for `resource` (a trailing `/.default` is removed; the rest is kept verbatim
   * as `aud`). Synchronous: a JWS compact serialization signed with node:crypto.
   */
  issue(resource: string, principal: Principal, lifetimeSec = DEFAULT_TOKEN_LIFETIME_SEC): { accessToken: string; expiresOn: number } {
    const aud = resource.replace(/\/\.default$/i, "");
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + lifetimeSec;
    const header = { alg: "ES256", typ: "JWT", kid: this.kid };
    const payload = {
      aud,
      iss: this.issuer,
      iat,
      nbf: iat,
      exp,
      appid: principal.clientId,
      appidacr: "2",
      idp: this.issuer,
      idtyp: "app",
      name: principal.name,
      oid: principal.objectId,
      roles: [principal.role],
      sub: principal.objectId,
      tid: this.tenantId,
      uti: randomBytes(16).toString("base64url"),
      ver: "1.0",
    };
    const signingInput = `${b64json(header)}.${b64json(payload)}`;
    const signature = cryptoSign("sha256", Buffer.from(signingInput), {
      key: this.privateKey,
      dsaEncoding: "ieee-p1363",
    });
    return { accessToken: `${signingInput}.${signature.toString("base64url")}`, expiresOn: exp };
  }

  /** Verifies an `Authorization` header value; rejects with ArmError 401 with ARM's codes on failure. */
  async verify(authorization: string | undefined, allowedAudiences: (aud: string) => boolean): Promise<VerifiedPrincipal> {
    return this.verifyNow(authorization, allowedAudiences);
  }

  /**
   * verify, answered at once (throws). `connection` remembers the last header verified on one
   * connection: a client sends the same one with every request, and comparing it costs less than
   * hashing a 700-character header to look it up.
   */
  verifyNow(authorization: string | undefined, allowedAudiences: (aud: string) => boolean, connection?: TokenSlot): VerifiedPrincipal {
    if (authorization === undefined || authorization.trim() === "") {
      throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", {
        headers: {
          "WWW-Authenticate":
            'Bearer authorization_uri="https://login.windows.net/", error="invalid_token", ' +
            "error_description=\"The authentication failed because of missing 'Authorization' header.\"",
        },
      });
    }
    // Keyed by the whole header value: a client sends the same one with every request, so the
    // usual request skips even the parsing.
    const nowMs = this.now();
    const cached = connection !== undefined && connection.authorization === authorization ? connection.entry : this.cache.get(authorization);
    if (cached !== undefined) {
      if (nowMs < cached.expMs) {
        if (cached.acceptedBy !== allowedAudiences) {
          this.checkAudience(cached.aud, allowedAudiences);
          cached.acceptedBy = allowedAudiences;
        }
        if (connection !== undefined) {
          connection.authorization = authorization;
          connection.entry = cached;
        }
        return cached.principal;
      }
      this.cache.delete(authorization);
      if (connection !== undefined) connection.entry = undefined;
    }
    const token = bearerToken(authorization);
    if (token === undefined) {
      throw this.unauthorized(
        "AuthenticationFailedInvalidHeader",
        "Authentication failed. The 'Authorization' header is provided in an invalid format.",
        "The authentication failed because of invalid 'Authorization' header format.",
      );
    }

    const claims = this.verifySignature(token);
    const exp = claims.exp;
    if (typeof exp !== "number" || !Number.isFinite(exp)) throw this.invalidToken();
    const expMs = exp * 1000;
    if (nowMs >= expMs) {
      throw this.unauthorized(
        "ExpiredAuthenticationToken",
        `The access token expiry UTC time '${dotnetDate(expMs)}' is earlier than current UTC time '${dotnetDate(nowMs)}'.`,
        "The access token has expired.",
      );
    }
    const nbf = claims.nbf;
    if (nbf !== undefined) {
      if (typeof nbf !== "number" || !Number.isFinite(nbf)) throw this.invalidToken();
      if (nbf * 1000 > nowMs + NBF_SKEW_MS) {
        // Our choice: ARM's code/message for a not-yet-valid token is unconfirmed; the wording mirrors
        // the expiry message.
        throw this.unauthorized(
          "InvalidAuthenticationToken",
          `The access token is not yet valid. Its not-before UTC time '${dotnetDate(nbf * 1000)}' is later than current UTC time '${dotnetDate(nowMs)}'.`,
          "The access token is not yet valid.",
        );
      }
    }
    const aud = claims.aud as string | string[] | undefined;
    this.checkAudience(aud, allowedAudiences);
    const iss = claims.iss;
    if (typeof iss !== "string" || !this.acceptedIssuers.has(iss)) {
      throw this.unauthorized(
        "InvalidAuthenticationTokenTenant",
        `The access token is from the wrong issuer '${typeof iss === "string" ? iss : ""}'. It must match the tenant ` +
          `'${this.issuer}' associated with this subscription. Please use the authority (URL) ` +
          `'https://login.windows.net/${this.tenantId}' to get the token. Note, if the subscription is transferred ` +
          `to another tenant there is no impact to the services, but information about new tenant could take time ` +
          `to propagate (up to an hour). If you just transferred your subscription and see this error message, ` +
          `please try back later.`,
        "The access token is from the wrong issuer.",
      );
    }

    const principal = this.principalOf(claims);
    const entry: CacheEntry = { expMs, aud, principal, acceptedBy: allowedAudiences };
    setBounded(this.cache, authorization, entry, this.cacheSize);
    if (connection !== undefined) {
      connection.authorization = authorization;
      connection.entry = entry;
    }
    return principal;
  }

  /**
   * Checks a JWS compact serialization signed ES256 by our key and returns its payload bytes. Only
   * what we issue passes: header `alg` ES256 and no `crit` or `b64` (RFC 7515 4.1.11, RFC 7797),
   * three base64url parts, a 64-byte P-256 signature (r || s) over `header.payload`. Done with
   * node:crypto: loading a JOSE library cost the first request (and the cold start) ~50 ms.
   */
  private verifySignature(token: string): Claims {
    const parts = token.split(".");
    if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) throw this.invalidToken();
    const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
    let header: unknown;
    try {
      header = JSON.parse(Buffer.from(encodedHeader, "base64url").toString("utf8"));
    } catch {
      throw this.invalidToken();
    }
    if (typeof header !== "object" || header === null || Array.isArray(header)) throw this.invalidToken();
    const h = header as Record<string, unknown>;
    // malformed, alg none / other alg, extensions we never use
    if (h["alg"] !== "ES256" || "crit" in h || "b64" in h) throw this.invalidToken();
    const signature = Buffer.from(encodedSignature, "base64url");
    if (signature.length !== 64) throw this.invalidToken();
    // foreign key, bad signature
    const valid = cryptoVerify(
      "sha256",
      Buffer.from(`${encodedHeader}.${encodedPayload}`, "ascii"),
      { key: this.publicKey, dsaEncoding: "ieee-p1363" },
      signature,
    );
    if (!valid) throw this.invalidToken();
    const payload = Buffer.from(encodedPayload, "base64url");
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(payload).toString("utf8"));
    } catch {
      throw this.invalidToken();
    }
    if (typeof claims !== "object" || claims === null || Array.isArray(claims)) throw this.invalidToken();
    return claims as Claims;
  }

  private checkAudience(aud: string | string[] | undefined, allowed: (aud: string) => boolean): void {
    const list = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud.filter((a) => typeof a === "string") : [];
    if (list.some((a) => allowed(a))) return;
    throw this.unauthorized(
      "InvalidAuthenticationTokenAudience",
      `The access token has been obtained for wrong audience or resource '${list[0] ?? ""}'. It should exactly match ` +
        `with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net',` +
        `'https://management.azure.com/','https://management.azure.com'.`,
      "The access token has been obtained for wrong audience or resource.",
    );
  }

  private principalOf(claims: Claims): VerifiedPrincipal {
    const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
    const objectId = str(claims.oid) ?? str(claims.sub) ?? "";
    const clientId = str(claims.appid) ?? str(claims.azp) ?? "";
    const tenantId = str(claims.tid) ?? this.tenantId;
    const known = findPrincipal({ objectId: objectId || undefined }) ?? findPrincipal({ clientId: clientId || undefined });
    let role: "Owner" | "Reader";
    if (known !== undefined) {
      role = known.role;
    } else {
      // A principal we signed a token for but don't list (e.g. an ad-hoc login): trust its signed roles
      // claim, least privilege otherwise.
      const roles = Array.isArray(claims.roles) ? claims.roles : [];
      role = roles.includes("Owner") ? "Owner" : "Reader";
    }
    const name = known?.name ?? str(claims.name);
    return name === undefined ? { objectId, clientId, tenantId, role } : { objectId, clientId, tenantId, role, name };
  }

  private invalidToken(): ArmError {
    return this.unauthorized("InvalidAuthenticationToken", "The access token is invalid.", "The access token is invalid.");
  }

  private unauthorized(code: string, message: string, description: string): ArmError {
    return new ArmError(401, code, message, {
      headers: { "WWW-Authenticate": `${this.challengeBase}, error_description="${description}"` },
    });
  }
}

/** `Bearer <token>` (scheme case-insensitive, one token of non-space characters) or undefined. */
function bearerToken(header: string): string | undefined {
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

function b64json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** .NET DateTime.ToString() in en-US ("G"): `M/d/yyyy h:mm:ss tt`, UTC, e.g. `11/25/2026 9:03:07 AM`. */
export function dotnetDate(ms: number): string {
  const d = new Date(ms);
  const h24 = d.getUTCHours();
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  const two = (n: number): string => String(n).padStart(2, "0");
  return (
    `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ` + `${h12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h24 < 12 ? "AM" : "PM"}`
  );
}
