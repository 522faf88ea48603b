import { ArmError } from "../../arm/errors.js";

type Obj = Record<string, unknown>;

/**
 * A cluster's power state (`powerState.code`, Running unless stopped) and the refusal of a change to a
 * stopped cluster, read by the cluster's and its pools' writes and by the private link side
 * (docs/fidelity.md "Stopped cluster").
 */

const props = (resource: Obj): Obj => resource["properties"] as Obj;

export function powerStateOf(resource: Obj): string {
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
