import type { ServicePrincipalObject } from "../../identity/graph.js";
import type { ProviderContext } from "../context.js";
import { listAll } from "../network/common.js";
import { SUBSCRIPTION_MARKER_TYPE } from "../resources/subscriptions.js";

type Obj = Record<string, unknown>;

const IDENTITY_TYPE_KEY = "microsoft.managedidentity/userassignedidentities";
const CLUSTER_TYPE_KEY = "microsoft.containerservice/managedclusters";

/** A stored resource's ARM body (the kit keeps `{resource, meta}`). */
function resourceOf(body: Obj): Obj {
  return (body["resource"] ?? body) as Obj;
}

/**
 * The service principals the resources in the store stand for in the directory (src/identity/graph.ts):
 * each user-assigned identity, and each cluster's system-assigned and kubelet identities, in every
 * subscription that holds a group.
 */
export async function storedServicePrincipals(ctx: ProviderContext): Promise<ServicePrincipalObject[]> {
  const subscriptions = new Set([ctx.config.defaultSubscriptionId.toLowerCase()]);
  for (const s of await listAll(ctx, { type: SUBSCRIPTION_MARKER_TYPE, parentKey: "" })) subscriptions.add(String(s.body["subscriptionId"]).toLowerCase());
  const out: ServicePrincipalObject[] = [];
  for (const subscriptionId of subscriptions) {
    for (const row of await listAll(ctx, { type: IDENTITY_TYPE_KEY, subscriptionId })) {
      const r = resourceOf(row.body);
      const p = (r["properties"] ?? {}) as Obj;
      if (typeof p["principalId"] !== "string" || typeof p["clientId"] !== "string") continue;
      out.push({
        id: p["principalId"],
        appId: p["clientId"],
        displayName: String(r["name"]),
        servicePrincipalType: "ManagedIdentity",
        servicePrincipalNames: [p["clientId"], String(r["id"])],
      });
    }
    for (const row of await listAll(ctx, { type: CLUSTER_TYPE_KEY, subscriptionId })) {
      const r = resourceOf(row.body);
      const identity = r["identity"] as Obj | undefined;
      if (typeof identity?.["principalId"] === "string") {
        const appId = ctx.ids.guid("system-identity-app", String(r["id"]));
        out.push({
          id: identity["principalId"],
          appId,
          displayName: String(r["name"]),
          servicePrincipalType: "ManagedIdentity",
          servicePrincipalNames: [appId, String(r["id"])],
        });
      }
      const kubelet = ((r["properties"] as Obj | undefined)?.["identityProfile"] as Obj | undefined)?.["kubeletidentity"] as Obj | undefined;
      if (typeof kubelet?.["objectId"] === "string" && typeof kubelet["clientId"] === "string") {
        out.push({
          id: kubelet["objectId"],
          appId: kubelet["clientId"],
          displayName: `${String(r["name"])}-agentpool`,
          servicePrincipalType: "ManagedIdentity",
          servicePrincipalNames: [kubelet["clientId"], String(kubelet["resourceId"] ?? "")].filter((n) => n !== ""),
        });
      }
    }
  }
  return out;
}
