import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { OWNER_PRINCIPAL } from "../../src/identity/principals.js";
import { conformancePolicy } from "./conformance.js";
import type { TestEmulator } from "./emulator.js";

/** A credential that hands out the test emulator's Owner tokens, for the scope the SDK asks. */
export function ownerCredential(te: TestEmulator): TokenCredential {
  return {
    async getToken(scopes: string | string[]): Promise<AccessToken> {
      const scope = Array.isArray(scopes) ? scopes[0]! : scopes;
      return { token: te.token(OWNER_PRINCIPAL, scope.replace(/\/\.default$/, "")), expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

/** @azure/arm-containerservice 25.3.0 and @azure/arm-resources against the test emulator, every answer checked against the official definition. */
export function officialClients(te: TestEmulator): { aks: ContainerServiceClient; rm: ResourceManagementClient } {
  const opts = { endpoint: te.endpoint, additionalPolicies: [{ policy: conformancePolicy(), position: "perCall" }] } as any;
  return {
    aks: new ContainerServiceClient(ownerCredential(te), te.subscriptionId, opts),
    rm: new ResourceManagementClient(ownerCredential(te), te.subscriptionId, opts),
  };
}
