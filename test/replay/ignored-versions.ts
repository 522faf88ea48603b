import type { ExampleIgnores } from "./harness.js";

/**
 * The ignore lists of the version examples in test/fixtures/azure-spec/ (see the header of ignored.ts
 * for the reason kinds): the Kubernetes version list, the cluster's upgrade profile and the 2019-04-01
 * orchestrator list. The replay gives the emulator a version catalogue with the versions each example
 * shows (replay.test.ts `catalogueFor`); the upgrades are the emulator's own rule.
 */

const PREVIEW_CONTRADICTION =
  "example contradicts another example: the example itself marks 1.7.11 in preview for the pool and 1.7.9 for the control plane; KubernetesVersions_List marks whole minor versions preview, and so does the catalogue";

const UPGRADE_PROFILE_PREVIEWS = [
  { pointer: "/properties/agentPoolProfiles/0/upgrades/1/isPreview", reason: PREVIEW_CONTRADICTION, absent: true as const },
  { pointer: "/properties/controlPlaneProfile/upgrades/0/isPreview", reason: PREVIEW_CONTRADICTION, absent: true as const },
];

/** What the 2019-04-01 orchestrator list answers for the Kubernetes versions the example shows (docs/fidelity.md "Orchestrator list"). */
const k8s = (v: string, upgrades: string[], extra: Record<string, unknown> = {}) => ({
  orchestratorType: "Kubernetes",
  orchestratorVersion: v,
  ...extra,
  ...(upgrades.length > 0
    ? { upgrades: upgrades.map((u) => ({ orchestratorType: "Kubernetes", orchestratorVersion: u, ...(u === "1.14.0" ? { isPreview: true } : {}) })) }
    : {}),
});

export const VERSIONS_IGNORED: Record<string, ExampleIgnores> = {
  "2026-03-01/examples/KubernetesVersions_List.json": { ignore: {} },
  "2026-02-01/examples/ManagedClustersGetUpgradeProfile.json": {
    ignore: {
      "200": [
        {
          pointer: "/id",
          reason:
            "real traffic wins: docs/sources.md \"Resource envelope\" (the response id spells the group segment 'resourcegroups', as the 2022-11-01 example does)",
          expect:
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/upgradeprofiles/default",
        },
        ...UPGRADE_PROFILE_PREVIEWS,
      ],
    },
  },
  "2022-11-01/examples/ManagedClustersGetUpgradeProfile.json": { ignore: { "200": UPGRADE_PROFILE_PREVIEWS } },
  "2019-04-01/examples/ContainerServiceListOrchestrators.json": {
    ignore: {
      "200": [
        {
          pointer: "/properties/orchestrators",
          reason:
            'fidelity row: Orchestrator list (no retired ACS orchestrators (DCOS, Swarm, DockerCE); orchestratorType "Kubernetes" in each upgrade and isPreview only when true; 1.8.1 upgrades to the next minor\'s patches, as every other version of the example does, not to 1.8.2 and 1.8.4, which the example does not list)',
          expect: [
            k8s("1.8.1", ["1.9.10", "1.9.11"]),
            k8s("1.9.10", ["1.9.11", "1.10.12", "1.10.13"]),
            k8s("1.9.11", ["1.10.12", "1.10.13"]),
            k8s("1.10.12", ["1.10.13", "1.11.8", "1.11.9"]),
            k8s("1.10.13", ["1.11.8", "1.11.9"]),
            k8s("1.11.8", ["1.11.9", "1.12.6", "1.12.7"]),
            k8s("1.11.9", ["1.12.6", "1.12.7"]),
            k8s("1.12.6", ["1.12.7", "1.13.5"]),
            k8s("1.12.7", ["1.13.5"], { default: true }),
            k8s("1.13.5", ["1.14.0"]),
            k8s("1.14.0", [], { isPreview: true }),
          ],
        },
      ],
    },
  },
};
