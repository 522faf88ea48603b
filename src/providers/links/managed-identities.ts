import type { ProviderContext } from "../context.js";

/** What another namespace's resource reads of a user-assigned identity: the ids Microsoft.ManagedIdentity gives it. */
export interface UserAssignedIdentityIds {
  clientId: string;
  principalId: string;
  tenantId: string;
}

/**
 * The ids of the user-assigned identity a resource id names, or undefined when it does not exist:
 * how a cluster's identity bindings (containerservice/identity-bindings.ts) read the identity
 * managedidentity/user-assigned-identities.ts stores (in the kit's `{resource, meta}` form).
 */
export async function userAssignedIdentityIds(ctx: ProviderContext, id: string): Promise<UserAssignedIdentityIds | undefined> {
  const row = await ctx.store.get(id.toLowerCase());
  if (!row || !/\/providers\/microsoft\.managedidentity\/userassignedidentities\/[^/]+$/i.test(row.id)) return undefined;
  const props = ((row.body["resource"] as Record<string, unknown> | undefined)?.["properties"] ?? {}) as Record<string, unknown>;
  return { clientId: String(props["clientId"]), principalId: String(props["principalId"]), tenantId: String(props["tenantId"]) };
}
