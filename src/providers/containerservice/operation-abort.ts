import { ArmError } from "../../arm/errors.js";
import type { ActionSpec } from "../../kit/actions.js";
import type { OperationRecord, Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { asPool, poolRows } from "./agent-pool-model.js";

type Obj = Record<string, unknown>;

/**
 * `abortLatestOperation` of a cluster (`managedClusters/{c}/abort`) and of a pool
 * (`.../agentPools/{p}/abort`), actions of each type (src/kit/actions.ts), as AKS documents it
 * (learn.microsoft.com/azure/aks/manage-abort-operations; the API's description: "moved to a
 * Canceling state and eventually to a Canceled state when cancellation finishes. If the operation
 * completes before cancellation can take place, a 409 error code is returned"): the operation in
 * flight ends `Canceled` at once (its poller learns so), the resource shows `Canceling` while the
 * abort runs and `Canceled` when it ends (a cluster's pools its operation was changing too); the
 * Location answers 204 when done (final-state-via location), and so does the POST at `--lro-duration 0`. Nothing in flight: 409
 * (docs/fidelity.md "Abort with nothing in flight").
 */

function nothingToAbort(what: string): ArmError {
  return new ArmError(
    409,
    "OperationNotAllowed",
    `There is no operation in progress on ${what} to abort. An operation that has already finished cannot be aborted.`,
  );
}

const isAbort = (op: OperationRecord): boolean => op.kind.endsWith(".abort");

/** The resource showing `state` (its eTag kept). */
const showing =
  (state: string) =>
  (resource: Obj): Obj => {
    (resource["properties"] as Obj)["provisioningState"] = state;
    return resource;
  };

/** The writes ending a cluster's pools that its aborted operation was changing: they show Canceled too. */
async function poolsCanceled(ctx: ProviderContext, clusterKey: string): Promise<Write[]> {
  const writes: Write[] = [];
  for (const row of await poolRows(ctx.store, clusterKey)) {
    const pool = structuredClone(asPool(row));
    const properties = pool.resource["properties"] as Obj;
    if (!["Creating", "Updating", "Upgrading"].includes(String(properties["provisioningState"]))) continue;
    properties["provisioningState"] = "Canceled";
    writes.push({ op: "put", resource: { ...row, body: pool as unknown as Obj }, expect: { etag: row.etag } });
  }
  return writes;
}

/** The abort of the newest operation in flight on a `what` ("managed cluster", "agent pool"). */
export function abortAction(what: "managed cluster" | "agent pool"): ActionSpec {
  return {
    path: "abort",
    write: true,
    body: "none",
    operation: {
      kind: "abort",
      start: async ({ owner, name }, ctx) => {
        const active = await ctx.store.activeOperations(owner.key);
        const latest = active.filter((o) => !isAbort(o)).at(-1);
        if (!latest) throw nothingToAbort(`${what} '${name}'`);
        if (active.some(isAbort)) throw new ArmError(409, "OperationNotAllowed", `An abort of the operation on ${what} '${name}' is already in progress.`);
        const canceled: OperationRecord = { ...latest, status: "Canceled", endTime: ctx.clock.now() };
        return { owner: showing("Canceling"), writes: [{ op: "putOperation", operation: canceled, expectStatus: "InProgress" }] };
      },
      complete: async (_op, owner, ctx) => {
        if (!owner) return [];
        const writes = [owner.write(showing("Canceled"))];
        if (what === "managed cluster") writes.push(...(await poolsCanceled(ctx, owner.stored.key)));
        return writes;
      },
      // Finished at once (--lro-duration 0): the definition's synchronous 204.
      finished: async () => ({ status: 204 }),
    },
  };
}
