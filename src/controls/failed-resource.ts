import { isJsonObject } from "../providers/validation.js";
import type { OperationRecord, Store, Write } from "../store/store.js";

/**
 * What an operation made to fail by a testing fault leaves behind: the resource it worked on
 * (if it still exists) shows `provisioningState: Failed`, and so do a cluster's agent pools, as
 * AKS shows a cluster whose create or update failed. Resources are stored either as the ARM
 * body itself or as `{resource, meta}` (clusters, network resources); both are handled.
 */
export function failedResourceWriter(store: Store) {
  return async (op: OperationRecord): Promise<Write[]> => {
    const stored = await store.get(op.resourceKey);
    if (!stored) return [];
    const body = structuredClone(stored.body);
    const resource = isJsonObject(body["resource"]) ? body["resource"] : body;
    const props = isJsonObject(resource["properties"]) ? resource["properties"] : undefined;
    if (!props) return [];
    props["provisioningState"] = "Failed";
    const pools = props["agentPoolProfiles"];
    if (Array.isArray(pools)) for (const pool of pools) if (isJsonObject(pool)) pool["provisioningState"] = "Failed";
    return [{ op: "put", resource: { ...stored, body }, expect: { etag: stored.etag } }];
  };
}
