import { ArmError } from "../../arm/errors.js";
import { parseResourceId, resourceGroupKey } from "../../arm/resource-id.js";
import type { ScopeSpec } from "../../kit/lifecycle.js";
import type { StoredResource } from "../../store/store.js";
import type { ProviderContext } from "../context.js";

/**
 * Shared pieces of the small network-side providers (virtual networks, subnets, private
 * endpoints, private DNS zones, user-assigned identities). Their resources are stored like
 * clusters: a StoredResource whose body is `{resource: <ARM body>, meta}`, keyed by the
 * lower-cased resource id, so `store.get(id.toLowerCase())` finds any of them.
 */

export type Obj = Record<string, unknown>;

export interface NetBody {
  /** The ARM body as answered (read-only values filled in). */
  resource: Obj;
  /** What the emulator keeps beside it (never answered). */
  meta: Obj;
}

export const NETWORK_NAMESPACE = "Microsoft.Network";

export function asNet(stored: StoredResource): NetBody {
  return stored.body as unknown as NetBody;
}

export function netRecord(key: string, id: string, parentKey: string, subscriptionId: string, type: string, etag: string, body: NetBody): StoredResource {
  return { key, id, parentKey, subscriptionId: subscriptionId.toLowerCase(), type: type.toLowerCase(), etag, body: body as unknown as Obj };
}

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}]...` */
export function providerId(sub: string, rg: string, namespace: string, ...typeNames: string[]): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${namespace}/${typeNames.join("/")}`;
}

/** The store key of a resource id in any accepted spelling (e.g. `resourcegroups`), or undefined if it is not an ARM id. */
export function normalizedKey(id: string): string | undefined {
  const p = parseResourceId(id);
  if (!p) return undefined;
  const rest = p.types.map((t, i) => `${t}/${p.names[i]}`).join("/");
  return `${resourceGroupKey(p.subscriptionId, p.resourceGroup)}/providers/${p.namespace}/${rest}`.toLowerCase();
}

/** Network's ETag form (`W/"<guid>"`), in bodies and the ETag header. */
export function weakEtag(guid: string): string {
  return `W/"${guid}"`;
}

/** Network's 409 while an operation on the resource (or one it depends on) runs. */
export function anotherOperationInProgress(id: string): ArmError {
  return new ArmError(
    409,
    "AnotherOperationInProgress",
    `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: the Azure-AsyncOperation URL of the operation on '${id}'.`,
  );
}

/** A write lost a compare-and-set race against another request. */
export function concurrentChange(id: string): ArmError {
  return new ArmError(409, "Conflict", `The resource '${id}' was changed by another request at the same time. Read it again and retry.`);
}

/** ARM's answer for a child resource whose parent does not exist. */
export function parentNotFound(verb: "read" | "write" | "delete", childType: string, parentId: string): ArmError {
  return new ArmError(
    404,
    "ParentResourceNotFound",
    `Failed to perform '${verb}' on resource(s) of type '${childType}', because the parent resource '${parentId}' could not be found.`,
  );
}

/** Every item of a list query (no paging: the caller answers one page). */
export async function listAll(ctx: ProviderContext, where: { type: string; parentKey?: string; subscriptionId?: string }): Promise<StoredResource[]> {
  const out: StoredResource[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await ctx.store.list({ ...where, type: where.type.toLowerCase(), limit: 500, after });
    out.push(...page.items);
    if (!page.next) return out;
    after = page.next;
  }
}

/** Key order as the service writes it: listed keys first, then the rest. */
export function ordered(o: Obj, order: string[]): Obj {
  const out: Obj = {};
  for (const k of order) if (k in o && o[k] !== undefined) out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out) && o[k] !== undefined) out[k] = o[k];
  return out;
}

/**
 * A network-side resource as the scope of its children (a zone's links and record sets, an
 * endpoint's DNS zone groups): for a write, ParentResourceNotFound naming `childType` when it is
 * missing and 409 while it is being deleted; for a read, its own 404 (`readNotFound`); a DELETE
 * under a missing one answers 204.
 */
export function parentScope(o: {
  path: string;
  find(ctx: ProviderContext, params: Record<string, string>): Promise<StoredResource | undefined>;
  parentId(params: Record<string, string>): string;
  childType: string;
  readNotFound(params: Record<string, string>): ArmError;
}): ScopeSpec {
  return {
    path: o.path,
    isParent: true,
    async require(ctx, params, verb) {
      const parent = await o.find(ctx, params);
      if (!parent) throw verb === "write" ? parentNotFound("write", o.childType, o.parentId(params)) : o.readNotFound(params);
      const props = asNet(parent).resource["properties"] as Obj | undefined;
      if (verb === "write" && props?.["provisioningState"] === "Deleting") throw anotherOperationInProgress(parent.id);
      return { key: parent.key, keyPrefix: parent.key, idPrefix: parent.id, subscriptionId: parent.subscriptionId, stored: parent };
    },
    goneOnDelete: async (ctx, params) => !(await o.find(ctx, params)),
  };
}
