import { ArmError } from "../../arm/errors.js";
import type { ActionSpec } from "../../kit/actions.js";
import { requireObject, optionalString } from "../validation.js";
import { clusterStoppedError } from "./power-state.js";
import { MANAGEMENT_GROUP_ID } from "./private-link.js";

/**
 * privateLinkResources (list) and resolvePrivateLinkServiceId (POST): actions of the managed cluster
 * (managed-clusters.ts `actions`, src/kit/actions.ts), which find the cluster with its 404s.
 * A private cluster has exactly one resource, `management` (docs/sources.md "Private link resources in each answer", EX-PLR).
 */

type Obj = Record<string, unknown>;

function privateLinkResources(cluster: Obj): Obj[] {
  const props = cluster["properties"] as Obj;
  return (props["privateLinkResources"] as Obj[] | undefined) ?? [];
}

export const privateLinkActions: readonly ActionSpec[] = [
  {
    path: "privateLinkResources",
    method: "GET",
    resourceType: "managedClusters/privateLinkResources",
    write: false,
    body: "none",
    // The list shows the service id and no resource id (EX-PLR; the 2021 Java capture showed neither).
    // A public cluster has none: an empty list (docs/fidelity.md "Private link resources of a public cluster").
    // A stopped one lists `management` without a service id (docs/fidelity.md "Private link across a stop and start").
    answer: async ({ resource }) => ({ status: 200, body: { value: privateLinkResources(resource).map(({ id: _id, ...rest }) => rest) } }),
  },
  {
    // A POST that changes nothing (no operation, no busy check); still authorized as its own action, which Reader lacks.
    path: "resolvePrivateLinkServiceId",
    write: false,
    body: "required",
    answer: async ({ req, resource }) => {
      const body = requireObject(req.body ?? {}, "");
      const name = optionalString(body["name"], "name");
      if (!name) {
        throw new ArmError(400, "InvalidParameter", 'The request body must name the private link resource, e.g. {"name": "management"}.', { target: "name" });
      }
      // A stopped cluster has no private link service (docs/fidelity.md "Private link across a stop and start").
      const stopped = clusterStoppedError(resource, "resolving its private link service id");
      if (stopped) throw stopped;
      const found = privateLinkResources(resource).find((r) => String(r["name"]).toLowerCase() === name.toLowerCase());
      if (!found) {
        // docs/fidelity.md "resolvePrivateLinkServiceId for an unknown name or a public cluster".
        const isPrivate = privateLinkResources(resource).length > 0;
        throw new ArmError(
          400,
          "InvalidParameter",
          isPrivate
            ? `The private link resource '${name}' does not exist on managed cluster '${resource["name"]}'. The only private link resource is '${MANAGEMENT_GROUP_ID}'.`
            : `Managed cluster '${resource["name"]}' is not a private cluster, so it has no private link service. Create it with apiServerAccessProfile.enablePrivateCluster true.`,
          { target: "name" },
        );
      }
      return { status: 200, body: { privateLinkServiceID: found["privateLinkServiceID"] } };
    },
  },
];
