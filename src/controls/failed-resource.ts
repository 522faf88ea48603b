import { poolRows } from "../providers/containerservice/agent-pool-model.js";
import { isJsonObject } from "../providers/validation.js";
import type { OperationRecord, Store, Write } from "../store/store.js";

/**
 * What an operation made to fail by a testing fault leaves behind: the resource it worked on
 * (if it still exists) shows `provisioningState: Failed`, and so do the agent pools of a cluster it was changing, as
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
    const writes: Write[] = [{ op: "put", resource: { ...stored, body }, expect: { etag: stored.etag } }];
    // A cluster's agent pools (rows of their own, below it) that the operation was changing show Failed too.
    for (const row of await poolRows(store, stored.key)) {
      const pool = structuredClone(row.body);
      const poolProps = isJsonObject(pool["resource"]) && isJsonObject(pool["resource"]["properties"]) ? pool["resource"]["properties"] : undefined;
      if (!poolProps || poolProps["provisioningState"] === "Succeeded") continue;
      poolProps["provisioningState"] = "Failed";
      writes.push({ op: "put", resource: { ...row, body: pool }, expect: { etag: row.etag } });
    }
    return writes;
  };
}
