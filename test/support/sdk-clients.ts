import assert from "node:assert/strict";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import { ResourceManagementClient } from "@azure/arm-resources";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { OWNER_PRINCIPAL } from "../../src/identity/principals.js";
import { conformancePolicy } from "./conformance.js";
import type { TestEmulator } from "./emulator.js";

/** The official TS clients against a test emulator, as its Owner, every answer checked against the official definition. */
export function sdkClientsFor(te: TestEmulator): { aks: ContainerServiceClient; rm: ResourceManagementClient; msi: ManagedServiceIdentityClient } {
  const credential: TokenCredential = {
    async getToken(scopes: string | string[]): Promise<AccessToken> {
      const scope = Array.isArray(scopes) ? scopes[0]! : scopes;
      return { token: te.token(OWNER_PRINCIPAL, scope.replace(/\/\.default$/, "")), expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  const opts = { endpoint: te.endpoint, additionalPolicies: [{ policy: conformancePolicy(), position: "perCall" as const }] };
  return {
    aks: new ContainerServiceClient(credential, te.subscriptionId, opts),
    rm: new ResourceManagementClient(credential, te.subscriptionId, opts),
    msi: new ManagedServiceIdentityClient(credential, te.subscriptionId, opts),
  };
}

/** Awaits a call the service refuses: its status and code, and the message (for further checks). */
export async function refusedWith(call: Promise<unknown>, status: number, code: string): Promise<string> {
  let message = "";
  await assert.rejects(call, (e: any) => {
    message = e.details?.error?.message ?? e.message;
    assert.deepEqual([e.statusCode, e.code], [status, code], message);
    return true;
  });
  return message;
}
