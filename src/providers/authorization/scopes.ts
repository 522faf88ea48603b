import type { HttpMethod, Route } from "../../arm/router.js";
import type { ProviderContext } from "../context.js";
import { requireResourceGroup } from "../resources/resource-groups.js";
import { assertSubscriptionId } from "../resources/subscriptions.js";

/**
 * Microsoft.Authorization's types are extension resources: they hang below any scope
 * (`/{scope}/providers/Microsoft.Authorization/...`), a subscription, a group, or a resource of any
 * type and depth. The router matches whole segments, so each depth is a route pattern of its own.
 */
const SCOPE_PATTERNS = [
  "/subscriptions/:subscriptionId",
  "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName",
  "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/:resourceProviderNamespace/:resourceType/:resourceName",
  "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/:resourceProviderNamespace/:resourceType/:resourceName/:childType/:childName",
  "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/:resourceProviderNamespace/:resourceType/:resourceName/:childType/:childName/:grandchildType/:grandchildName",
];

export const AUTHORIZATION_NAMESPACE = "Microsoft.Authorization";

/** One route per scope depth for `/{scope}/providers/Microsoft.Authorization/<tail>`. */
export function atEveryScope(method: HttpMethod, resourceType: string, tail: string, rest: Pick<Route, "write" | "body" | "handler">): Route[] {
  return SCOPE_PATTERNS.map((scope) => ({
    method,
    path: `${scope}/providers/${AUTHORIZATION_NAMESPACE}/${tail}`,
    apiVersions: { namespace: AUTHORIZATION_NAMESPACE, resourceType, kind: "provider" as const },
    ...rest,
  }));
}

/** The scope a request's path names (the path before `/providers/Microsoft.Authorization/`), as sent but percent-decoded. */
export function scopeOf(path: string): string {
  const q = path.search(/[?#]/);
  const bare = q === -1 ? path : path.slice(0, q);
  const at = bare.toLowerCase().lastIndexOf(`/providers/${AUTHORIZATION_NAMESPACE.toLowerCase()}/`);
  return bare
    .slice(0, at)
    .split("/")
    .map((s) => decodeURIComponent(s))
    .join("/");
}

/** The scope's subscription is a GUID and its resource group, when it names one, exists (ARM's 400 and 404). */
export async function requireScope(ctx: ProviderContext, params: Record<string, string>): Promise<void> {
  const sub = params["subscriptionId"]!;
  assertSubscriptionId(sub);
  const rg = params["resourceGroupName"];
  if (rg !== undefined) await requireResourceGroup(ctx, sub, rg);
}

/** `/subscriptions/{id}` of a path. */
export function subscriptionScopeOf(params: Record<string, string>): string {
  return `/subscriptions/${params["subscriptionId"]!}`;
}
