import type { ActionSpec } from "../../kit/actions.js";

/**
 * ManagedClusters_ListOutboundNetworkDependenciesEndpoints: the egress endpoints AKS documents for a
 * cluster's nodes, by category, from a data file (data/outbound-endpoints.json, loaded with the first
 * request), the API server's domain in the cluster's region (docs/sources.md "Outbound network dependencies").
 */

interface OutboundData {
  categories: { category: string; endpoints: { domainName: string; endpointDetails: unknown[] }[] }[];
}

export const outboundEndpointsActions: readonly ActionSpec[] = [
  {
    path: "outboundNetworkDependenciesEndpoints",
    method: "GET",
    write: false,
    body: "none",
    answer: async ({ resource }) => {
      const data = (await import("./data/outbound-endpoints.json", { with: { type: "json" } })).default as OutboundData;
      const location = String(resource["location"]);
      const value = data.categories.map((c) => ({
        category: c.category,
        endpoints: c.endpoints.map((e) => ({ ...e, domainName: e.domainName.replace("{location}", location) })),
      }));
      return { status: 200, body: { value } };
    },
  },
];
