import type { ArmRequest } from "../../arm/router.js";
import { NAMESPACE } from "./managed-clusters.js";
import { servedPathLocation } from "./resource-location.js";
import type { VersionCatalogue } from "./version-catalogue.js";

/**
 * The answers of the version listings (version-listings.ts), loaded at the first one: the
 * location's Kubernetes versions, the 2019-04-01 orchestrator list and a cluster's upgrade profile,
 * each from the version catalogue (docs/version-catalogue.md).
 */

type Obj = Record<string, unknown>;

/** The location a listing names, as AKS serves it (docs/fidelity.md "Version listings of an unknown location"). */
export function servedLocation(req: ArmRequest): string {
  return servedPathLocation(req.params, "managedClusters");
}

/** KubernetesVersionListResult: each minor, oldest first, with its patches and their upgrades (the KubernetesVersions_List example's shape). */
export function kubernetesVersionsBody(versions: VersionCatalogue): Obj {
  return {
    values: versions.minors.map((m) => {
      const patchVersions: Obj = {};
      for (const p of m.patchVersions) patchVersions[p] = { upgrades: versions.upgradesFrom(p).map((u) => u.kubernetesVersion) };
      return {
        capabilities: { supportPlan: [...m.supportPlan] },
        ...(m.version === versions.defaultVersion ? { isDefault: true } : {}),
        ...(m.isPreview ? { isPreview: true } : {}),
        patchVersions,
        version: m.version,
      };
    }),
  };
}

/**
 * OrchestratorVersionProfileListResult (2019-04-01): every patch, oldest first; `default` on the newest
 * patch of the default minor; upgrades as the catalogue gives them (docs/fidelity.md "Orchestrator list").
 */
export function orchestratorsBody(versions: VersionCatalogue, subscriptionId: string, location: string): Obj {
  const defaultPatch = versions.resolve("", "kubernetesVersion").current;
  return {
    id: `/subscriptions/${subscriptionId}/providers/${NAMESPACE}/locations/${location}/orchestrators`,
    name: "default",
    type: `${NAMESPACE}/locations/orchestrators`,
    properties: {
      orchestrators: versions.patchVersions().map((v) => {
        const upgrades = versions.upgradesFrom(v);
        return {
          orchestratorType: "Kubernetes",
          orchestratorVersion: v,
          ...(v === defaultPatch ? { default: true } : {}),
          ...(versions.isPreview(v) ? { isPreview: true } : {}),
          ...(upgrades.length > 0
            ? {
                upgrades: upgrades.map((u) => ({
                  orchestratorType: "Kubernetes",
                  orchestratorVersion: u.kubernetesVersion,
                  ...(u.isPreview ? { isPreview: true } : {}),
                })),
              }
            : {}),
        };
      }),
    },
  };
}

/** ManagedClusterUpgradeProfile: the control plane's and each pool's running version and its upgrades (the GetUpgradeProfile examples' shape). */
export function upgradeProfileBody(versions: VersionCatalogue, cluster: Obj): Obj {
  const props = cluster["properties"] as Obj;
  const current = String(props["currentKubernetesVersion"] ?? props["kubernetesVersion"]);
  const upgrades = (from: string) => versions.upgradesFrom(from);
  const pools = (props["agentPoolProfiles"] as Obj[] | undefined) ?? [];
  return {
    id: `${String(cluster["id"])}/upgradeprofiles/default`,
    name: "default",
    type: `${NAMESPACE}/managedClusters/upgradeprofiles`,
    properties: {
      controlPlaneProfile: { kubernetesVersion: current, name: "master", osType: "Linux", upgrades: upgrades(current) },
      agentPoolProfiles: pools.map((p) => {
        const version = String(p["currentOrchestratorVersion"] ?? p["orchestratorVersion"] ?? current);
        return { kubernetesVersion: version, name: p["name"], osType: p["osType"] ?? "Linux", upgrades: upgrades(version) };
      }),
    },
  };
}
