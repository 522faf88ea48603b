/** Paths and request bodies the tests share (no imports: child-process tests use them too). */

/** Paths of the usual resources. */
export function rgPath(sub: string, rg: string): string {
  return `/subscriptions/${sub}/resourcegroups/${rg}`;
}

export function clusterPath(sub: string, rg: string, name: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

/** A minimal valid create body (top-level `overrides` replace whole properties). */
export function clusterBody(overrides: Record<string, unknown> = {}, dnsPrefix = "dns1"): Record<string, unknown> {
  return {
    location: "eastus",
    properties: {
      dnsPrefix,
      agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System", osType: "Linux" }],
    },
    identity: { type: "SystemAssigned" },
    ...overrides,
  };
}
