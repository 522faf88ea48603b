import { ArmError } from "../../arm/errors.js";
import { isGuid } from "../../arm/resource-id.js";
import type { Route } from "../../arm/router.js";
import type { ProviderContext } from "../context.js";
import { LOCATIONS } from "../../arm/locations.js";

/**
 * Subscriptions. Any well-formed subscription id exists implicitly (the default principal
 * is its Owner); GET /subscriptions lists the default one plus every one that holds a group.
 */

export function assertSubscriptionId(subscriptionId: string): void {
  if (!isGuid(subscriptionId)) {
    throw new ArmError(400, "InvalidSubscriptionId", `The provided subscription identifier '${subscriptionId}' is malformed or invalid. It must be a GUID.`);
  }
}

function subscriptionBody(subscriptionId: string, tenantId: string): Record<string, unknown> {
  return {
    id: `/subscriptions/${subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId,
    tenantId,
    displayName: "aks-emulator",
    state: "Enabled",
    subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
  };
}

export const SUBSCRIPTION_MARKER_TYPE = "microsoft.resources/subscriptions";

export function subscriptionRoutes(ctx: ProviderContext): Route[] {
  const arm = { namespace: "Microsoft.Resources", resourceType: "subscriptions", kind: "arm" as const };
  return [
    {
      method: "GET",
      path: "/subscriptions",
      apiVersions: arm,
      write: false,
      body: "none",
      handler: async () => {
        const seen = new Set<string>([ctx.config.defaultSubscriptionId.toLowerCase()]);
        const value = [subscriptionBody(ctx.config.defaultSubscriptionId, ctx.config.tenantId)];
        let after: string | undefined;
        do {
          const page = await ctx.store.list({ type: SUBSCRIPTION_MARKER_TYPE, parentKey: "", limit: 500, after });
          for (const s of page.items) {
            const id = String(s.body["subscriptionId"]);
            if (!seen.has(id.toLowerCase())) {
              seen.add(id.toLowerCase());
              value.push(subscriptionBody(id, ctx.config.tenantId));
            }
          }
          after = page.next;
        } while (after);
        return { status: 200, body: { value } };
      },
    },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId",
      apiVersions: arm,
      write: false,
      body: "none",
      handler: async (req) => {
        const sub = req.params["subscriptionId"]!;
        if (!isGuid(sub)) {
          throw new ArmError(404, "SubscriptionNotFound", `The subscription '${sub}' could not be found.`);
        }
        return { status: 200, body: subscriptionBody(sub, ctx.config.tenantId) };
      },
    },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/locations",
      apiVersions: arm,
      write: false,
      body: "none",
      handler: async (req) => {
        const sub = req.params["subscriptionId"]!;
        assertSubscriptionId(sub);
        return {
          status: 200,
          body: {
            value: LOCATIONS.map((l) => ({
              id: `/subscriptions/${sub}/locations/${l.name}`,
              name: l.name,
              displayName: l.displayName,
              regionalDisplayName: l.regionalDisplayName ?? l.displayName,
              metadata: { regionType: "Physical" },
            })),
          },
        };
      },
    },
  ];
}
