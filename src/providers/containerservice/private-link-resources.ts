import { ArmError } from "../../arm/errors.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { ProviderContext } from "../context.js";
import { requireObject, optionalString } from "../validation.js";
import { asCluster } from "./cluster-model.js";
import { NAMESPACE, requireCluster } from "./managed-clusters.js";
import { MANAGEMENT_GROUP_ID } from "./private-link.js";

/**
 * privateLinkResources (list) and resolvePrivateLinkServiceId (POST) on a managed cluster.
 * A private cluster has exactly one resource, `management` (docs/sources.md "Private link resources in each answer", EX-PLR).
 */

const BASE = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ContainerService/managedClusters/:resourceName";

async function clusterOf(ctx: ProviderContext, req: ArmRequest) {
  return asCluster((await requireCluster(ctx, req.params)).stored);
}

function privateLinkResources(cluster: ReturnType<typeof asCluster>): Record<string, unknown>[] {
  const props = cluster.resource["properties"] as Record<string, unknown>;
  return (props["privateLinkResources"] as Record<string, unknown>[] | undefined) ?? [];
}

export function privateLinkRoutes(ctx: ProviderContext): Route[] {
  const list = async (req: ArmRequest): Promise<ArmResponse> => {
    const cluster = await clusterOf(ctx, req);
    // The list shows the service id and no resource id (EX-PLR; the 2021 Java capture showed neither).
    // A public cluster has none: an empty list (docs/fidelity.md "Private link resources of a public cluster").
    const value = privateLinkResources(cluster).map(({ id: _id, ...rest }) => rest);
    return { status: 200, body: { value } };
  };

  const resolve = async (req: ArmRequest): Promise<ArmResponse> => {
    const cluster = await clusterOf(ctx, req);
    const body = requireObject(req.body ?? {}, "");
    const name = optionalString(body["name"], "name");
    if (!name) {
      throw new ArmError(400, "InvalidParameter", 'The request body must name the private link resource, e.g. {"name": "management"}.', { target: "name" });
    }
    const found = privateLinkResources(cluster).find((r) => String(r["name"]).toLowerCase() === name.toLowerCase());
    if (!found) {
      // docs/fidelity.md "resolvePrivateLinkServiceId for an unknown name or a public cluster".
      const isPrivate = privateLinkResources(cluster).length > 0;
      throw new ArmError(
        400,
        "InvalidParameter",
        isPrivate
          ? `The private link resource '${name}' does not exist on managed cluster '${cluster.resource["name"]}'. The only private link resource is '${MANAGEMENT_GROUP_ID}'.`
          : `Managed cluster '${cluster.resource["name"]}' is not a private cluster, so it has no private link service. Create it with apiServerAccessProfile.enablePrivateCluster true.`,
        { target: "name" },
      );
    }
    return { status: 200, body: { privateLinkServiceID: found["privateLinkServiceID"] } };
  };

  const provider = { namespace: NAMESPACE, resourceType: "managedClusters", kind: "provider" as const };
  return [
    {
      method: "GET",
      path: `${BASE}/privateLinkResources`,
      apiVersions: { ...provider, resourceType: "managedClusters/privateLinkResources" },
      write: false,
      body: "none",
      handler: list,
    },
    // A POST that changes nothing: Readers may call it (action .../resolvePrivateLinkServiceId/action is read-like).
    { method: "POST", path: `${BASE}/resolvePrivateLinkServiceId`, apiVersions: provider, write: false, body: "required", handler: resolve },
  ];
}
