import type { OperationRecord, StoredResource, Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { asNet, weakEtag, type NetBody, type Obj } from "./common.js";

/** Shared write helpers: generation-derived ETags and the completion of PUT operations. */

export function generationOf(stored: StoredResource | undefined): number {
  return stored ? Number(asNet(stored).meta["generation"] ?? 1) : 0;
}

/** A fresh ETag guid for a resource's next generation. */
export function nextEtag(ctx: ProviderContext, key: string, generation: number): string {
  return ctx.ids.guid("network-etag", key, generation, ctx.clock.now());
}

/**
 * The same record with its provisioningState set and a new ETag (Network changes the ETag when
 * provisioning completes: live VNet create answered one ETag, the GET after it another).
 */
function withProvisioningState(ctx: ProviderContext, stored: StoredResource, state: string): StoredResource {
  const body = asNet(stored);
  const resource = structuredClone(body.resource);
  const props = (resource["properties"] ?? {}) as Obj;
  props["provisioningState"] = state;
  resource["properties"] = props;
  const generation = generationOf(stored) + 1;
  const etag = nextEtag(ctx, stored.key, generation);
  if (typeof resource["etag"] === "string") resource["etag"] = String(resource["etag"]).startsWith("W/") ? weakEtag(etag) : etag;
  const next: NetBody = { resource, meta: { ...body.meta, generation } };
  return { ...stored, etag, body: next as unknown as Obj };
}

/** Completing a PUT: the resource becomes Succeeded (if it is still there). */
export function finishPut(ctx: ProviderContext) {
  return async (op: OperationRecord): Promise<Write[]> => {
    const stored = await ctx.store.get(op.resourceKey);
    if (!stored) return [];
    const state = (asNet(stored).resource["properties"] as Obj | undefined)?.["provisioningState"];
    if (state === "Deleting") return [];
    return [{ op: "put", resource: withProvisioningState(ctx, stored, "Succeeded"), expect: { etag: stored.etag } }];
  };
}
