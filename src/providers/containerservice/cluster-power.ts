import { ArmError } from "../../arm/errors.js";
import type { ActionSpec } from "../../kit/actions.js";
import type { OperationRecord, StoredResource, Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { privateLinkServiceRecreated, privateLinkServiceRemoved } from "../links/private-cluster-power.js";
import { asPool, poolRows } from "./agent-pool-model.js";
import { storedPrivateLinkServiceId } from "./cluster-model.js";
import { powerStateOf } from "./power-state.js";
import { privateLinkServiceIdFor } from "./private-link.js";

type Obj = Record<string, unknown>;

/**
 * The cluster's stop and start (issue #18 item 1; learn.microsoft.com/azure/aks/start-stop-cluster):
 * long-running, 202 with Azure-AsyncOperation and Location (204 at `--lro-duration 0`). While it runs
 * the cluster shows `Stopping`/`Starting`; when done its `powerState` and every pool's are
 * `Stopped`/`Running` (a stopped pool lists no machines). A stopped cluster takes no change but a
 * start or a DELETE (clusterStoppedError); stopping a stopped cluster or starting a running one is
 * refused in AKS's wording (TS-ONA: "managed cluster is in Provisioning State(Updating) and Power
 * State(Running), starting cannot be performed"); docs/fidelity.md "Stopped cluster". A private
 * cluster's private link service goes with a stop and a new one comes with a start
 * (links/private-cluster-power.ts; docs/fidelity.md "Private link across a stop and start").
 */

const props = (resource: Obj): Obj => resource["properties"] as Obj;

/** The rows of the cluster's pools, each with `change` applied to its properties. */
async function poolsWith(ctx: ProviderContext, clusterKey: string, change: (properties: Obj) => void): Promise<Write[]> {
  return (await poolRows(ctx.store, clusterKey)).map((row): Write => {
    const pool = structuredClone(asPool(row));
    change(pool.resource["properties"] as Obj);
    return { op: "put", resource: { ...row, body: pool as unknown as Obj } satisfies StoredResource, expect: { etag: row.etag } };
  });
}

/**
 * What a stop or start does to a private cluster's private link service: the cluster's
 * `privateLinkResources` shows no service while stopped and the new one once started, and the writes
 * on the service's connections and AKS's own endpoint. Nothing for a public cluster.
 */
async function privateLinkChange(
  verb: "stop" | "start",
  op: OperationRecord,
  stored: StoredResource,
  resource: Obj,
  ctx: ProviderContext,
): Promise<{ show(resource: Obj): void; writes: Write[] } | undefined> {
  const management = (props(resource)["privateLinkResources"] as Obj[] | undefined)?.[0];
  if (!management) return undefined;
  const show = (id: string | undefined) => (r: Obj) => {
    const entry = (props(r)["privateLinkResources"] as Obj[])[0]!;
    if (id === undefined) delete entry["privateLinkServiceID"];
    else entry["privateLinkServiceID"] = id;
  };
  const current = storedPrivateLinkServiceId(props(resource));
  if (verb === "stop") return { show: show(undefined), writes: current ? await privateLinkServiceRemoved(ctx, stored.key, current) : [] };
  // Each start makes a service of its own: the operation's id tells them apart.
  const id = privateLinkServiceIdFor(ctx.ids, stored.key, String(resource["location"]), op.id);
  const writes = await privateLinkServiceRecreated(ctx, {
    clusterKey: stored.key,
    clusterId: String(resource["id"]),
    subscriptionId: stored.subscriptionId,
    nodeResourceGroup: String(props(resource)["nodeResourceGroup"]),
    privateLinkServiceId: id,
  });
  return { show: show(id), writes };
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
      complete: async (op, owner, ctx) => {
        if (!owner) return [];
        const privateLink = await privateLinkChange(verb, op, owner.stored, owner.resource, ctx);
        return [
          owner.write((r, generation) => {
            props(r)["provisioningState"] = "Succeeded";
            props(r)["powerState"] = { code: to };
            privateLink?.show(r);
            r["eTag"] = ctx.ids.guid("cluster-etag", owner.stored.key, generation);
            return r;
          }),
          ...(privateLink?.writes ?? []),
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
