import { ArmError } from "../../arm/errors.js";
import type { ActionSpec } from "../../kit/actions.js";
import type { StoredResource, Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { asPool, poolRows } from "./agent-pool-model.js";

type Obj = Record<string, unknown>;

/**
 * The cluster's stop and start (issue #18 item 1; learn.microsoft.com/azure/aks/start-stop-cluster):
 * long-running, 202 with Azure-AsyncOperation and Location (204 at `--lro-duration 0`). While it runs
 * the cluster shows `Stopping`/`Starting`; when done its `powerState` and every pool's are
 * `Stopped`/`Running` (a stopped pool lists no machines). A stopped cluster takes no change but a
 * start or a DELETE (clusterStoppedError); stopping a stopped cluster or starting a running one is
 * refused in AKS's wording (TS-ONA: "managed cluster is in Provisioning State(Updating) and Power
 * State(Running), starting cannot be performed"); docs/fidelity.md "Stopped cluster".
 */

const props = (resource: Obj): Obj => resource["properties"] as Obj;

function powerStateOf(resource: Obj): string {
  return String((props(resource)["powerState"] as Obj | undefined)?.["code"] ?? "Running");
}

/** The error of a change to a stopped cluster (or its pools), or undefined when it runs. */
export function clusterStoppedError(cluster: Obj, what: string): ArmError | undefined {
  if (powerStateOf(cluster) !== "Stopped") return undefined;
  return new ArmError(
    409,
    "OperationNotAllowed",
    `Managed cluster is in Provisioning State(${String(props(cluster)["provisioningState"])}) and Power State(Stopped), ${what} cannot be performed. Start the cluster (az aks start) first.`,
  );
}

/** The rows of the cluster's pools, each with `change` applied to its properties. */
async function poolsWith(ctx: ProviderContext, clusterKey: string, change: (properties: Obj) => void): Promise<Write[]> {
  return (await poolRows(ctx.store, clusterKey)).map((row): Write => {
    const pool = structuredClone(asPool(row));
    change(pool.resource["properties"] as Obj);
    return { op: "put", resource: { ...row, body: pool as unknown as Obj } satisfies StoredResource, expect: { etag: row.etag } };
  });
}

function powerAction(verb: "stop" | "start"): ActionSpec {
  const to = verb === "stop" ? "Stopped" : "Running";
  const inFlight = verb === "stop" ? "Stopping" : "Starting";
  return {
    path: verb,
    write: true,
    body: "none",
    refuseWhileBusy: true,
    operation: {
      kind: verb,
      start: async ({ resource, owner }, ctx) => {
        if (powerStateOf(resource) === to) {
          throw new ArmError(
            409,
            "OperationNotAllowed",
            `Managed cluster is in Provisioning State(${String(props(resource)["provisioningState"])}) and Power State(${to}), ${verb === "stop" ? "stopping" : "starting"} cannot be performed. The cluster is already ${to.toLowerCase()}.`,
          );
        }
        return {
          owner: (r, generation) => {
            props(r)["provisioningState"] = inFlight;
            r["eTag"] = ctx.ids.guid("cluster-etag", owner.key, generation);
            return r;
          },
          writes: await poolsWith(ctx, owner.key, (p) => {
            p["provisioningState"] = inFlight;
          }),
        };
      },
      complete: async (_op, owner, ctx) => {
        if (!owner) return [];
        return [
          owner.write((r, generation) => {
            props(r)["provisioningState"] = "Succeeded";
            props(r)["powerState"] = { code: to };
            r["eTag"] = ctx.ids.guid("cluster-etag", owner.stored.key, generation);
            return r;
          }),
          ...(await poolsWith(ctx, owner.stored.key, (p) => {
            p["provisioningState"] = "Succeeded";
            p["powerState"] = { code: to };
          })),
        ];
      },
      finished: async () => ({ status: 204 }),
      resultStatus: 204,
    },
  };
}

export const clusterPowerActions: readonly ActionSpec[] = [powerAction("stop"), powerAction("start")];
