import type { StoredResource } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { asNet } from "./common.js";

/** Shared write helpers: generation-derived ETags. */

export function generationOf(stored: StoredResource | undefined): number {
  return stored ? Number(asNet(stored).meta["generation"] ?? 1) : 0;
}

/** A fresh ETag guid for a resource's next generation. */
export function nextEtag(ctx: ProviderContext, key: string, generation: number): string {
  return ctx.ids.guid("network-etag", key, generation, ctx.clock.now());
}
