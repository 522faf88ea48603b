import assert from "node:assert/strict";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import { NetworkManagementClient } from "@azure/arm-network";
import { PrivateDnsManagementClient } from "@azure/arm-privatedns";
import { ResourceManagementClient } from "@azure/arm-resources";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { OWNER_PRINCIPAL, type Principal } from "../../src/identity/principals.js";
import { conformancePolicy } from "./conformance.js";
import type { TestEmulator } from "./emulator.js";

/**
 * A credential that asks the emulator for a token with the audience the SDK asks for: the classic
 * SDKs ask for `<endpoint>/.default`, the AKS SDK for `https://management.azure.com/.default`.
 */
export function credentialFor(te: TestEmulator, principal: Principal = OWNER_PRINCIPAL): TokenCredential {
  return {
    async getToken(scopes: string | string[]): Promise<AccessToken> {
      const scope = Array.isArray(scopes) ? scopes[0]! : scopes;
      return { token: te.token(principal, scope.replace(/\/\.default$/, "")), expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

/**
 * The official management clients of a private-link set-up (AKS, Network, private DNS, MSI, Resources), each with the conformance
 * policy; with `log`, every request they send is pushed to it as `METHOD /path` (polls included).
 */
export function sdkClients(te: TestEmulator, principal: Principal = OWNER_PRINCIPAL, log?: string[]) {
  const policies: { policy: unknown; position: string }[] = [{ policy: conformancePolicy(), position: "perCall" }];
  if (log) policies.push({ policy: requestLog(log), position: "perCall" });
  const opts = { endpoint: te.endpoint, additionalPolicies: policies } as any;
  const cred = credentialFor(te, principal);
  return {
    aks: new ContainerServiceClient(cred, te.subscriptionId, opts),
    net: new NetworkManagementClient(cred, te.subscriptionId, opts),
    dns: new PrivateDnsManagementClient(cred, te.subscriptionId, opts),
    msi: new ManagedServiceIdentityClient(cred, te.subscriptionId, opts),
    rm: new ResourceManagementClient(cred, te.subscriptionId, opts),
  };
}

export type SdkClients = ReturnType<typeof sdkClients>;

/** An SDK pipeline policy that pushes each request's method and path to `log`. */
function requestLog(log: string[]) {
  return {
    name: "request-log",
    sendRequest: async (req: { method: string; url: string }, next: (r: never) => Promise<unknown>) => {
      log.push(`${req.method} ${new URL(req.url).pathname}`);
      return next(req as never);
    },
  };
}

/** Asserts that an SDK call fails with this status and ARM code; gives the SDK's error. */
export async function rejected(call: Promise<unknown>, status: number, code: string): Promise<any> {
  try {
    await call;
  } catch (e: any) {
    assert.equal(e.statusCode, status, e.message);
    assert.equal(e.code, code, e.message);
    return e;
  }
  assert.fail(`expected ${status} ${code}`);
}

/** Awaits a call the service refuses (its status and code): the message, for further checks. */
export async function refusedWith(call: Promise<unknown>, status: number, code: string): Promise<string> {
  const e = await rejected(call, status, code);
  return e.details?.error?.message ?? e.message;
}
