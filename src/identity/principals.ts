/**
 * Built-in principals of the emulator's single tenant.
 *
 * Fixed, documented GUIDs (all of the form `aa5ee1a0-0000-4000-8000-0000000000NN`: valid version-4 shape,
 * obviously not Azure's; stable across runs and machines so tests and scripts can hard-code them):
 *
 *   tenant                      aa5ee1a0-0000-4000-8000-000000000001   EMULATOR_TENANT_ID
 *   owner  (default) objectId   aa5ee1a0-0000-4000-8000-000000000010
 *                    clientId   aa5ee1a0-0000-4000-8000-000000000011   name "aks-emulator-owner"
 *   reader           objectId   aa5ee1a0-0000-4000-8000-000000000020
 *                    clientId   aa5ee1a0-0000-4000-8000-000000000021   name "aks-emulator-reader"
 *
 * A managed-identity request without any selector gets the Owner (the "system-assigned" identity); a
 * user-assigned selection (client_id / object_id / principal_id / mi_res_id) can pick the Reader.
 */

export interface Principal {
  objectId: string;
  clientId: string;
  name: string;
  role: "Owner" | "Reader";
}

export const EMULATOR_TENANT_ID = "aa5ee1a0-0000-4000-8000-000000000001";

export const OWNER_PRINCIPAL: Principal = Object.freeze({
  objectId: "aa5ee1a0-0000-4000-8000-000000000010",
  clientId: "aa5ee1a0-0000-4000-8000-000000000011",
  name: "aks-emulator-owner",
  role: "Owner",
});

export const READER_PRINCIPAL: Principal = Object.freeze({
  objectId: "aa5ee1a0-0000-4000-8000-000000000020",
  clientId: "aa5ee1a0-0000-4000-8000-000000000021",
  name: "aks-emulator-reader",
  role: "Reader",
});

export const DEFAULT_PRINCIPAL: Principal = OWNER_PRINCIPAL;

const PRINCIPALS: readonly Principal[] = Object.freeze([OWNER_PRINCIPAL, READER_PRINCIPAL]);

/**
 * Finds a built-in principal (case-insensitive). Every selector given must match the same principal;
 * with no selector at all the result is undefined (callers fall back to DEFAULT_PRINCIPAL).
 * `resourceId` is a user-assigned identity resource id
 * (`.../providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`): its last segment is the name.
 */
export function findPrincipal(sel: { clientId?: string; objectId?: string; resourceId?: string }): Principal | undefined {
  const clientId = sel.clientId?.toLowerCase();
  const objectId = sel.objectId?.toLowerCase();
  const name = sel.resourceId === undefined ? undefined : lastSegment(sel.resourceId);
  if (clientId === undefined && objectId === undefined && name === undefined) return undefined;
  return PRINCIPALS.find(
    (p) =>
      (clientId === undefined || p.clientId === clientId) && (objectId === undefined || p.objectId === objectId) && (name === undefined || p.name === name),
  );
}

function lastSegment(resourceId: string): string {
  const parts = resourceId.split("/").filter((s) => s.length > 0);
  return (parts[parts.length - 1] ?? "").toLowerCase();
}
