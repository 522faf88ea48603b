import { CONTAINER_SERVICE_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import type { ActionSpec } from "../../kit/actions.js";
import type { ResourceTypeDeclaration } from "../../kit/declaration.js";
import { servedPathLocation } from "./resource-location.js";

/**
 * Service mesh revisions, from one catalogue (data/mesh-revisions.json, loaded with the first request
 * that needs it): `locations/{l}/meshRevisionProfiles` (list and get by mode) and a cluster's
 * `meshUpgradeProfiles` (list and get), the upgrades from the revision its `serviceMeshProfile` runs.
 * A cluster without the Istio add-on has none (docs/fidelity.md "Service mesh profiles").
 */

type Obj = Record<string, unknown>;

interface MeshRevision {
  revision: string;
  upgrades: string[];
  compatibleWith: { name: string; versions: string[] }[];
}

interface MeshCatalogue {
  modes: { mode: string; revisions: MeshRevision[] }[];
}

async function catalogue(): Promise<MeshCatalogue> {
  return (await import("./data/mesh-revisions.json", { with: { type: "json" } })).default as MeshCatalogue;
}

const NAMESPACE = "Microsoft.ContainerService";

function unknownMode(mode: string, where: string): ArmError {
  return new ArmError(404, "NotFound", `There is no mesh revision profile for mode '${mode}' ${where}. The modes are: istio.`);
}

/** locations/{location}/meshRevisionProfiles[/{mode}]. */
export const meshRevisionProfilesType: ResourceTypeDeclaration = {
  namespace: NAMESPACE,
  type: "locations/meshRevisionProfiles",
  apiVersions: CONTAINER_SERVICE_API_VERSIONS,
  registration: "no-locations",
  routes: () => {
    const base = "/subscriptions/:subscriptionId/providers/Microsoft.ContainerService/locations/:location/meshRevisionProfiles";
    const apiVersions = { namespace: NAMESPACE, resourceType: "locations/meshRevisionProfiles", kind: "provider" as const };
    const profile = (sub: string, location: string, entry: MeshCatalogue["modes"][number]): Obj => ({
      name: entry.mode,
      type: "Microsoft.ContainerService/locations/meshRevisionProfiles",
      id: `/subscriptions/${sub}/providers/Microsoft.ContainerService/locations/${location}/meshRevisionProfiles/${entry.mode}`,
      properties: { meshRevisions: entry.revisions },
    });
    const where = (params: Record<string, string>): { sub: string; location: string } => {
      // docs/fidelity.md "Service mesh profiles"
      servedPathLocation(params, "locations/meshRevisionProfiles");
      return { sub: params["subscriptionId"]!, location: params["location"]! };
    };

    return [
      {
        method: "GET",
        path: base,
        apiVersions,
        write: false,
        body: "none",
        handler: async (req) => {
          const { sub, location } = where(req.params);
          return { status: 200, body: { value: (await catalogue()).modes.map((m) => profile(sub, location, m)) } };
        },
      },
      {
        method: "GET",
        path: `${base}/:mode`,
        apiVersions,
        write: false,
        body: "none",
        handler: async (req) => {
          const { sub, location } = where(req.params);
          const mode = req.params["mode"]!;
          const entry = (await catalogue()).modes.find((m) => m.mode === mode.toLowerCase());
          if (!entry) throw unknownMode(mode, `in location '${location}'`);
          return { status: 200, body: profile(sub, location, entry) };
        },
      },
    ];
  },
};

/** The cluster's mesh upgrade profiles: its Istio revision (the newest it runs) with the catalogue's upgrades. */
async function upgradeProfiles(cluster: Obj): Promise<Obj[]> {
  const mesh = (cluster["properties"] as Obj)["serviceMeshProfile"] as Obj | undefined;
  if (String(mesh?.["mode"] ?? "").toLowerCase() !== "istio") return [];
  const revisions = ((mesh?.["istio"] as Obj | undefined)?.["revisions"] as string[] | undefined) ?? [];
  const entry = (await catalogue()).modes.find((m) => m.mode === "istio")!;
  const running = revisions.length > 0 ? revisions[revisions.length - 1]! : entry.revisions[entry.revisions.length - 1]!.revision;
  const known = entry.revisions.find((r) => r.revision === running);
  return [
    {
      id: `${String(cluster["id"])}/meshUpgradeProfiles/istio`,
      type: "Microsoft.ContainerService/managedClusters/meshUpgradeProfiles",
      name: "istio",
      properties: { revision: running, upgrades: known?.upgrades ?? [], compatibleWith: known?.compatibleWith ?? [] },
    },
  ];
}

export const meshUpgradeActions: readonly ActionSpec[] = [
  {
    path: "meshUpgradeProfiles",
    method: "GET",
    write: false,
    body: "none",
    answer: async ({ resource }) => ({ status: 200, body: { value: await upgradeProfiles(resource) } }),
  },
  {
    path: "meshUpgradeProfiles/:mode",
    method: "GET",
    write: false,
    body: "none",
    answer: async ({ req, resource }) => {
      const mode = req.params["mode"]!;
      const found = (await upgradeProfiles(resource)).find((p) => p["name"] === mode.toLowerCase());
      if (!found)
        throw unknownMode(mode, `on managed cluster '${String(resource["name"])}' (it does not run the Istio add-on: serviceMeshProfile.mode is not Istio)`);
      return { status: 200, body: found };
    },
  },
];
