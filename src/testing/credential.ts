import type { Agent } from "node:https";
import { expectOk, requestJson } from "./http.js";

/**
 * A token credential for the official Azure SDKs that asks the emulator's managed-identity endpoint
 * (the same one `DefaultAzureCredential` finds through `IDENTITY_ENDPOINT`) for tokens. The shapes are
 * those of `@azure/core-auth`'s `TokenCredential`, written out here so that this package needs no Azure
 * package at run time: an object of this type can be passed wherever the SDKs want a `TokenCredential`.
 */

export interface AccessToken {
  token: string;
  /** Milliseconds since the epoch. */
  expiresOnTimestamp: number;
  tokenType?: "Bearer";
}

/** Options the SDKs pass (abort signal, tracing, claims); this credential needs none of them. */
export interface GetTokenOptions {
  abortSignal?: unknown;
}

export interface TokenCredential {
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null>;
}

export interface IdentityEndpoint {
  /** `<endpoint>/_emulator/identity/token` (runtime.json `identityEndpoint`). */
  identityEndpoint: string;
  /** The instance secret sent as `X-IDENTITY-HEADER` (runtime.json `identityHeader`). */
  identityHeader: string;
  agent: Agent;
}

export interface CredentialOptions {
  /**
   * The principal whose tokens to get, by client id (see `--role-assignment`); default: the built-in
   * Owner principal.
   */
  clientId?: string;
}

/** `https://management.azure.com/.default` -> `https://management.azure.com`. */
export function scopeToResource(scopes: string | string[]): string {
  const scope = Array.isArray(scopes) ? scopes[0] : scopes;
  if (!scope) throw new Error("getToken needs a scope, e.g. https://management.azure.com/.default");
  return scope.replace(/\/\.default$/, "");
}

/** One token from the managed-identity endpoint (App Service protocol, api-version 2019-08-01). */
export async function fetchIdentityToken(id: IdentityEndpoint, resource: string, opts: CredentialOptions = {}): Promise<AccessToken> {
  const query = new URLSearchParams({ "api-version": "2019-08-01", resource });
  if (opts.clientId !== undefined) query.set("client_id", opts.clientId);
  const url = `${id.identityEndpoint}?${query.toString()}`;
  const answer = await requestJson(url, { method: "GET", agent: id.agent, headers: { "x-identity-header": id.identityHeader } });
  if (answer.status !== 200) {
    const body = answer.body as { error?: unknown; error_description?: unknown } | undefined;
    throw new Error(`the emulator's identity endpoint answered ${answer.status}: ${String(body?.error_description ?? body?.error ?? answer.text)}`);
  }
  const body = expectOk<{ access_token?: unknown; expires_on?: unknown }>(answer, "GET", new URL(url).pathname);
  if (typeof body.access_token !== "string") throw new Error(`the emulator's identity endpoint answered without access_token: ${answer.text.slice(0, 200)}`);
  return { token: body.access_token, expiresOnTimestamp: Number(body.expires_on) * 1000, tokenType: "Bearer" };
}

/** Refreshes a token five minutes before it expires, as the Azure credentials do. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export class EmulatorCredential implements TokenCredential {
  readonly #cache = new Map<string, AccessToken>();
  constructor(
    private readonly id: IdentityEndpoint,
    private readonly opts: CredentialOptions = {},
  ) {}

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    const resource = scopeToResource(scopes);
    const cached = this.#cache.get(resource);
    if (cached && cached.expiresOnTimestamp - REFRESH_MARGIN_MS > Date.now()) return cached;
    const fresh = await fetchIdentityToken(this.id, resource, this.opts);
    this.#cache.set(resource, fresh);
    return fresh;
  }
}
