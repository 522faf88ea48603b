import { ArmError } from "../../arm/errors.js";
import type { ProviderContext } from "../context.js";

type Obj = Record<string, unknown>;

/**
 * What AKS checks of its control-plane identity before it acts, when that identity is user-assigned
 * (a system-assigned one does not exist before the cluster, so it is not pre-checked: az grants its
 * role after the PUT). The identity's access is read from the one RBAC model (src/identity/rbac.ts),
 * through its principal id. On by default, as in Azure; `--no-identity-permission-checks` turns it off.
 *
 * - A custom private DNS zone: read and write on the zone, else CustomPrivateDNSZoneMissingPermissionError
 *   (https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-customprivatednszonemissingpermissionerror).
 * - A subnet of its own: join and read on the subnet (https://learn.microsoft.com/azure/aks/configure-azure-cni#prerequisites:
 *   Microsoft.Network/virtualNetworks/subnets/join/action and .../subnets/read, e.g. Network Contributor),
 *   else ARM's LinkedAuthorizationFailed as the identity meets it creating the nodes (docs/fidelity.md
 *   "Control-plane identity permissions").
 */
export async function assertControlPlanePermissions(ctx: ProviderContext, cluster: Obj): Promise<void> {
  if (!ctx.config.identityPermissionChecks) return;
  const principalId = await userAssignedPrincipal(ctx, cluster);
  if (principalId === undefined) return;
  const props = (cluster["properties"] ?? {}) as Obj;
  const access = props["apiServerAccessProfile"] as Obj | undefined;
  const zone = access?.["enablePrivateCluster"] === true ? String(access["privateDNSZone"] ?? "") : "";
  if (/\/providers\/Microsoft\.Network\/privateDnsZones\//i.test(zone)) {
    for (const action of ["Microsoft.Network/privateDnsZones/read", "Microsoft.Network/privateDnsZones/write"]) {
      if (!(await ctx.access.principalPermits(principalId, action, zone))) {
        throw new ArmError(
          400,
          "CustomPrivateDNSZoneMissingPermissionError",
          `Service principal or user-assigned identity must be given permission to read and write to custom private dns zone ${zone}. Check access result not allowed for action ${action}.`,
          { target: "apiServerAccessProfile.privateDNSZone" },
        );
      }
    }
  }
  const pools = (props["agentPoolProfiles"] as Obj[] | undefined) ?? [];
  await assertSubnetAccess(ctx, cluster, principalId, pools);
}

/**
 * The same subnet check for agent pools written on their own (`agentPools` PUT): a pool added or moved
 * to a subnet of its own needs the cluster's user-assigned identity to hold join and read there too.
 */
export async function assertPoolSubnetPermissions(ctx: ProviderContext, cluster: Obj, pool: Obj): Promise<void> {
  if (!ctx.config.identityPermissionChecks) return;
  const principalId = await userAssignedPrincipal(ctx, cluster);
  if (principalId === undefined) return;
  await assertSubnetAccess(ctx, cluster, principalId, [pool]);
}

async function assertSubnetAccess(ctx: ProviderContext, cluster: Obj, principalId: string, pools: readonly Obj[]): Promise<void> {
  const props = (cluster["properties"] ?? {}) as Obj;
  const subnets = [...new Set(pools.map((p) => p["vnetSubnetID"]).filter((s): s is string => typeof s === "string" && s !== ""))];
  for (const subnet of subnets) {
    for (const action of ["Microsoft.Network/virtualNetworks/subnets/join/action", "Microsoft.Network/virtualNetworks/subnets/read"]) {
      if (!(await ctx.access.principalPermits(principalId, action, subnet))) {
        const nodeGroup = `/subscriptions/${subscriptionOf(String(cluster["id"]))}/resourceGroups/${String(props["nodeResourceGroup"])}`;
        throw new ArmError(
          400,
          "LinkedAuthorizationFailed",
          `The client '${principalId}' with object id '${principalId}' has permission to perform action 'Microsoft.Compute/virtualMachineScaleSets/write' on scope '${nodeGroup}'; however, it does not have permission to perform action '${action}' on the linked scope(s) '${subnet}' or the linked scope(s) are invalid.`,
          { target: "agentPoolProfile.vnetSubnetID" },
        );
      }
    }
  }
}

/** The principal id of the cluster's user-assigned control-plane identity, if it has one and it exists. */
async function userAssignedPrincipal(ctx: ProviderContext, cluster: Obj): Promise<string | undefined> {
  const identity = cluster["identity"] as Obj | undefined;
  if (String(identity?.["type"] ?? "").toLowerCase() !== "userassigned") return undefined;
  const id = Object.keys((identity?.["userAssignedIdentities"] as Obj | undefined) ?? {})[0];
  if (id === undefined) return undefined;
  const row = await ctx.store.get(id.toLowerCase());
  const resource = (row?.body["resource"] ?? row?.body) as Obj | undefined;
  const principalId = (resource?.["properties"] as Obj | undefined)?.["principalId"];
  return typeof principalId === "string" ? principalId : undefined;
}

function subscriptionOf(id: string): string {
  return /^\/subscriptions\/([^/]+)/i.exec(id)?.[1] ?? "";
}
