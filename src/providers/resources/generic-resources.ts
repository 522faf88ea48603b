import { ArmError } from "../../arm/errors.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { ResourceTypeDeclaration } from "../../kit/declaration.js";
import { setBounded } from "../../util/bounded-map.js";
import type { ProviderContext } from "../context.js";
import { type FilterSubject, parseResourceFilter } from "./resource-filter.js";
import { requireResourceGroup } from "./resource-groups.js";
import { assertSubscriptionId } from "./subscriptions.js";

/**
 * ARM's generic resource list (https://learn.microsoft.com/rest/api/resources/resources/list and
 * .../list-by-resource-group): every tracked resource of every type the registry declares with a
 * `listing` (kit types placed in a resource group, or in a scope marked tracked), as ARM's
 * GenericResourceExpanded: the envelope (id, name, type, sku, kind, managedBy, location, identity,
 * plan, tags), never `properties`. `$filter` (resource-filter.ts), `$top` (the page size: ARM pages
 * with it and gives a nextLink, as the Resources API does) and `$expand=provisioningState`.
 * Pages follow the resources' ids, so a page is not shifted by resources made or deleted meanwhile.
 */

type Obj = Record<string, unknown>;

/** The generic body of a resource and what a filter reads of it, keyed by its lower-case id. */
interface Listed {
  key: string;
  body: Obj;
  subject: FilterSubject;
  provisioningState?: string;
}

/** Lists of a subscription's tracked resources kept while the store is unchanged (a walk through the pages reads it once). */
const KEPT_LISTS = 16;
const MAX_TOP = 1000;
const ENVELOPE = ["sku", "kind", "managedBy", "location", "extendedLocation", "identity", "plan", "tags"] as const;

function genericResourceRoutes(ctx: ProviderContext): Route[] {
  const kept = new Map<string, { version: number; items: Listed[] }>();

  /** Every tracked resource of the subscription, sorted by id. */
  const trackedResources = async (subscriptionId: string): Promise<Listed[]> => {
    const version = ctx.store.changeCount();
    const hit = version === undefined ? undefined : kept.get(subscriptionId);
    if (hit && hit.version === version) return hit.items;
    const items: Listed[] = [];
    for (const d of ctx.registry.declarations) {
      const listing = d.listing;
      if (!listing) continue;
      const type = `${d.namespace}/${d.type}`;
      for (let after: string | undefined; ; ) {
        const page = await ctx.store.list({ type: listing.storedType, subscriptionId, limit: 500, after });
        for (const row of page.items) {
          if (listing.exists && !(await listing.exists(row, ctx))) continue;
          items.push(listed(row.key, type, listing.resource(row)));
        }
        if (!page.next) break;
        after = page.next;
      }
    }
    items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (version !== undefined && ctx.store.changeCount() === version) setBounded(kept, subscriptionId, { version, items }, KEPT_LISTS);
    return items;
  };

  const list = async (req: ArmRequest, groupKey?: string): Promise<ArmResponse> => {
    const subscriptionId = req.params["subscriptionId"]!.toLowerCase();
    const filter = parseResourceFilter(req.query.get("$filter"));
    const top = pageSize(req.query.get("$top"), ctx.config.pageSize);
    const expand = new Set(
      (req.query.get("$expand") ?? "")
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    );
    const token = req.query.get("$skipToken") ?? req.query.get("$skiptoken") ?? undefined;
    const afterKey = token === undefined || token === "" ? undefined : decodeToken(token);
    const inScope = (await trackedResources(subscriptionId)).filter(
      (r) =>
        (groupKey === undefined || r.key.startsWith(`${groupKey}/`)) && (afterKey === undefined || r.key > afterKey) && (!filter || filter.matches(r.subject)),
    );
    const page = inScope.slice(0, top);
    const value = page.map((r) => {
      const body: Obj = { ...r.body };
      if (filter?.byTag) delete body["tags"];
      // createdTime and changedTime are not kept (docs/fidelity.md "Generic resource list").
      if (expand.has("provisioningstate") && r.provisioningState !== undefined) body["provisioningState"] = r.provisioningState;
      return body;
    });
    if (inScope.length <= top) return { status: 200, body: { value } };
    const url = new URL(req.origin + req.path);
    for (const [k, v] of req.query) if (k.toLowerCase() !== "$skiptoken") url.searchParams.set(k, v);
    url.searchParams.set("$skipToken", Buffer.from(page[page.length - 1]!.key).toString("base64url"));
    return { status: 200, body: { value, nextLink: url.toString() } };
  };

  const arm = { namespace: "Microsoft.Resources", resourceType: "resources", kind: "arm" as const };
  return [
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/resources",
      apiVersions: arm,
      write: false,
      body: "none",
      handler: (req) => {
        assertSubscriptionId(req.params["subscriptionId"]!);
        return list(req);
      },
    },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/resources",
      apiVersions: arm,
      write: false,
      body: "none",
      handler: async (req) => {
        const group = await requireResourceGroup(ctx, req.params["subscriptionId"]!, req.params["resourceGroupName"]!);
        return list(req, group.key);
      },
    },
  ];
}

/** A resource as the generic list shows it, from its stored ARM body. */
function listed(key: string, type: string, resource: Obj): Listed {
  // ARM spells the group segment `resourceGroups` (AKS's own answers write it in lower case).
  const id = String(resource["id"] ?? key).replace(/^(\/subscriptions\/[^/]+\/)resourcegroups\//i, "$1resourceGroups/");
  const segments = id.split("/");
  const providers = segments.findIndex((s) => s.toLowerCase() === "providers");
  // A nested type's generic name joins its names: `zone/link`.
  const name = segments
    .slice(providers + 2)
    .filter((_s, i) => i % 2 === 1)
    .join("/");
  const body: Obj = { id, name, type };
  for (const k of ENVELOPE) if (resource[k] !== undefined) body[k] = resource[k];
  const tags = resource["tags"] && typeof resource["tags"] === "object" ? (resource["tags"] as Record<string, string>) : {};
  const identity = resource["identity"] && typeof resource["identity"] === "object" ? (resource["identity"] as Obj) : undefined;
  const plan = resource["plan"] && typeof resource["plan"] === "object" ? (resource["plan"] as Obj) : undefined;
  const state = (resource["properties"] as Obj | undefined)?.["provisioningState"];
  return {
    key,
    body,
    subject: {
      name,
      type,
      location: typeof resource["location"] === "string" ? resource["location"] : "",
      resourceGroup: segments[4] ?? "",
      tags,
      ...(identity ? { identity } : {}),
      ...(plan ? { plan } : {}),
    },
    ...(typeof state === "string" ? { provisioningState: state } : {}),
  };
}

/** `$top`: the page size (a positive integer, at most 1000). */
function pageSize(text: string | null, fallback: number): number {
  if (text === null || text === "") return fallback;
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_TOP) {
    // docs/fidelity.md "Generic resource list".
    throw new ArmError(400, "InvalidTopInQueryString", `The value '${text}' of $top is not valid. It must be a whole number from 1 to ${MAX_TOP}.`);
  }
  return n;
}

function decodeToken(token: string): string {
  const key = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, "base64url").toString("utf8") : "";
  if (!key.startsWith("/subscriptions/")) {
    throw new ArmError(400, "InvalidSkipToken", `The $skipToken '${token}' is not valid. Use the nextLink of the previous page as it is.`);
  }
  return key;
}

/** Microsoft.Resources/resources: the generic list, on ARM's own endpoint. */
export function genericResourcesDeclaration(apiVersions: readonly string[]): ResourceTypeDeclaration {
  return { namespace: "Microsoft.Resources", type: "resources", apiVersions, registration: "none", routes: genericResourceRoutes };
}
