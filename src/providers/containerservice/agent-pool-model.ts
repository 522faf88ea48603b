import { ArmError } from "../../arm/errors.js";
import type { IdGenerator } from "../../util/ids.js";
import type { Store, StoredResource } from "../../store/store.js";
import { optionalArray, optionalBoolean, optionalInteger, optionalObject, optionalString, optionalStringMap } from "../validation.js";
import { assertAgentPoolName } from "./cluster-names.js";
import type { ResolvedVersion, VersionCatalogue } from "./version-catalogue.js";

/**
 * An agent pool (node pool) of a managed cluster: one state seen two ways, as
 * `managedClusters/{c}/agentPools/{p}` (its own row, a child of the cluster) and as an entry of the
 * cluster's `agentPoolProfiles` (read from those rows at each answer). This module turns a pool as
 * sent (either way) into the pool as stored, with AKS's defaults and rules (docs/sources.md
 * "Defaults AKS fills in", "Agent pool rules").
 */

export const AGENT_POOL_TYPE = "Microsoft.ContainerService/managedClusters/agentPools";
export const AGENT_POOL_TYPE_KEY = AGENT_POOL_TYPE.toLowerCase();

type Obj = Record<string, unknown>;

/** The stored body of a pool row: the pool as answered by `agentPools`, and the kit's bookkeeping. */
export interface StoredPool {
  resource: Obj;
  meta: PoolMeta;
}

interface PoolMeta extends Obj {
  /** The kit's write counter of the pool's row. */
  generation: number;
  /** Where the pool sits in the cluster's `agentPoolProfiles`: pools are answered in the order they were made. */
  ordinal: number;
  /** VMSS instance ids of the pool's machines, oldest first (machines.ts). */
  instances: number[];
  /** The next instance id a scale-up gives. */
  nextInstance: number;
}

/** Read-only properties: what a client sends back from a GET is ignored. */
const READ_ONLY = ["provisioningState", "currentOrchestratorVersion", "eTag", "nodeImageVersion", "status", "virtualMachineNodesStatus"];

/**
 * Properties fixed once the pool exists: a change is refused with PropertyChangeNotAllowed, as AKS
 * answers for `agentPoolProfile.vnetSubnetID` (Azure/AKS#695) and documents for the VM size
 * ("You can't change the VM size of a node pool after you create it", learn.microsoft.com/azure/aks/manage-node-pools).
 */
const CREATE_ONLY = [
  "vmSize",
  "osType",
  "osSKU",
  "osDiskSizeGB",
  "osDiskType",
  "kubeletDiskType",
  "vnetSubnetID",
  "podSubnetID",
  "availabilityZones",
  "maxPods",
  "type",
  "enableNodePublicIP",
  "nodePublicIPPrefixID",
  "scaleSetPriority",
  "scaleSetEvictionPolicy",
  "enableEncryptionAtHost",
  "enableUltraSSD",
  "gpuInstanceProfile",
  "proximityPlacementGroupID",
  "hostGroupID",
  "workloadRuntime",
];

const PROFILE_ORDER = [
  "name",
  "count",
  "vmSize",
  "osDiskSizeGB",
  "osDiskType",
  "kubeletDiskType",
  "vnetSubnetID",
  "podSubnetID",
  "maxPods",
  "type",
  "availabilityZones",
  "maxCount",
  "minCount",
  "enableAutoScaling",
  "provisioningState",
  "powerState",
  "orchestratorVersion",
  "currentOrchestratorVersion",
  "enableNodePublicIP",
  "nodeLabels",
  "nodeTaints",
  "mode",
  "enableEncryptionAtHost",
  "enableUltraSSD",
  "osType",
  "osSKU",
  "nodeImageVersion",
  "upgradeSettings",
  "enableFIPS",
  "creationData",
  "eTag",
];

function orderKeys(o: Obj, order: string[]): Obj {
  const out: Obj = {};
  for (const k of order) if (k in o && o[k] !== undefined) out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out) && o[k] !== undefined) out[k] = o[k];
  return out;
}

export interface PoolInput {
  /** The pool as sent, in the profile form (`name` beside the properties). */
  input: Obj;
  /** Where the pool's properties are in the request body, for type errors (`properties.agentPoolProfiles[0]`, `properties`). */
  path: string;
  /** Its place in the request's `agentPoolProfiles` (0 for an `agentPools` PUT), for name errors. */
  index: number;
  /** The control plane's version: a new pool's default, and the bound of a pool's own. */
  controlPlane: ResolvedVersion;
  /** The pool as stored, on update (profile form). */
  previous?: Obj;
  eTag: string;
  /** The provisioningState it shows. */
  state: string;
  /** The node pool snapshot it newly names in `creationData` (snapshots.ts poolSnapshot). */
  snapshot?: PoolSnapshot;
  /** The Kubernetes versions and node images offered (version-catalogue.ts). */
  versions: VersionCatalogue;
}

/** What a pool takes from the snapshot it is made (or upgraded) from. */
export interface PoolSnapshot {
  kubernetesVersion: string;
  nodeImageVersion: string;
}

/** The pool to store (profile form) from a pool as sent, with AKS's defaults; throws AKS's 400s. */
export function buildPoolProfile({ input: sent, path, index, controlPlane, previous, eTag, state, snapshot, versions }: PoolInput): Obj {
  const input: Obj = {};
  for (const [k, v] of Object.entries(sent)) if (v !== undefined && v !== null && !READ_ONLY.includes(k)) input[k] = v;
  const osType = optionalString(input["osType"], `${path}.osType`) ?? (previous?.["osType"] as string | undefined) ?? "Linux";
  if (osType !== "Linux" && osType !== "Windows") {
    throw new ArmError(400, "InvalidParameter", `The value of parameter agentPoolProfile.osType is invalid: '${osType}'. Use 'Linux' or 'Windows'.`, {
      target: "agentPoolProfile.osType",
    });
  }
  if (!previous) assertAgentPoolName(input["name"], osType, index);
  for (const key of ["vmSize", "osSKU", "osDiskType", "type", "orchestratorVersion", "scaleSetPriority", "vnetSubnetID", "podSubnetID", "mode"]) {
    optionalString(input[key], `${path}.${key}`);
  }
  for (const key of ["enableAutoScaling", "enableNodePublicIP", "enableEncryptionAtHost", "enableUltraSSD", "enableFIPS"]) {
    optionalBoolean(input[key], `${path}.${key}`);
  }
  for (const key of ["count", "osDiskSizeGB", "maxPods", "minCount", "maxCount"]) optionalInteger(input[key], `${path}.${key}`);
  optionalArray(input["availabilityZones"], `${path}.availabilityZones`);
  optionalStringMap(input["nodeLabels"], `${path}.nodeLabels`);
  optionalArray(input["nodeTaints"], `${path}.nodeTaints`);
  optionalStringMap(input["tags"], `${path}.tags`);
  optionalObject(input["upgradeSettings"], `${path}.upgradeSettings`);
  optionalObject(input["powerState"], `${path}.powerState`);
  optionalObject(input["creationData"], `${path}.creationData`);

  if (previous) assertCreateOnlyUnchanged(previous, input);
  const merged: Obj = previous ? { ...stripReadOnly(previous), ...input } : input;
  const name = String(previous?.["name"] ?? merged["name"]);

  const count = (merged["count"] as number | undefined) ?? 1;
  const mode = (merged["mode"] as string | undefined) ?? "User";
  if (!["System", "User", "Gateway", "Machines", "ManagedSystem"].includes(mode)) {
    throw new ArmError(400, "InvalidParameter", `The value of parameter agentPoolProfile.mode is invalid: '${mode}'. Use 'System' or 'User'.`, {
      target: "agentPoolProfile.mode",
    });
  }
  assertCount(name, mode, count, merged);
  if (mode === "System" && osType === "Windows") {
    throw new ArmError(400, "InvalidParameter", `System pool '${name}' has osType Windows. System pools must run Linux.`, {
      target: "agentPoolProfile.osType",
    });
  }
  assertUpgradeSettings(merged["upgradeSettings"] as Obj | undefined);
  const power = powerStateOf(merged, previous, name, mode);

  const version = poolVersion(merged, previous, controlPlane, index, snapshot, versions);
  const osDiskSizeGB = merged["osDiskSizeGB"] as number | undefined;
  const versionChanged = previous !== undefined && previous["currentOrchestratorVersion"] !== version.current;
  const pool: Obj = {
    ...merged,
    name,
    count,
    vmSize: merged["vmSize"] ?? "Standard_DS2_v2",
    osDiskSizeGB: osDiskSizeGB === undefined || osDiskSizeGB === 0 ? 128 : osDiskSizeGB,
    osDiskType: merged["osDiskType"] ?? "Managed",
    kubeletDiskType: merged["kubeletDiskType"] ?? "OS",
    maxPods: merged["maxPods"] ?? 110,
    type: merged["type"] ?? "VirtualMachineScaleSets",
    enableAutoScaling: merged["enableAutoScaling"] ?? false,
    provisioningState: state,
    powerState: { code: power },
    orchestratorVersion: version.requested,
    currentOrchestratorVersion: version.current,
    enableNodePublicIP: merged["enableNodePublicIP"] ?? false,
    mode,
    enableEncryptionAtHost: merged["enableEncryptionAtHost"] ?? false,
    enableUltraSSD: merged["enableUltraSSD"] ?? false,
    osType,
    osSKU: merged["osSKU"] ?? (osType === "Windows" ? "Windows2022" : "Ubuntu"),
    nodeImageVersion:
      snapshot?.nodeImageVersion ??
      ((!versionChanged && (previous?.["nodeImageVersion"] as string | undefined)) ||
        versions.latestNodeImage(osType, merged["osSKU"] as string | undefined, version.current)),
    upgradeSettings: merged["upgradeSettings"] ?? { maxSurge: "10%" },
    enableFIPS: merged["enableFIPS"] ?? false,
    eTag,
  };
  if (pool["enableAutoScaling"] !== true) {
    delete pool["minCount"];
    delete pool["maxCount"];
  }
  return orderKeys(pool, PROFILE_ORDER);
}

function stripReadOnly(pool: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(pool)) if (!READ_ONLY.includes(k)) out[k] = v;
  return out;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return JSON.stringify([...a].map(String).sort()) === JSON.stringify([...b].map(String).sort());
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

function assertCreateOnlyUnchanged(previous: Obj, input: Obj): void {
  for (const key of CREATE_ONLY) {
    const sent = input[key];
    if (sent === undefined) continue;
    // A disk size of 0 asks for the default, which the pool already has.
    if (key === "osDiskSizeGB" && sent === 0) continue;
    const had = previous[key];
    if (had === undefined ? !(Array.isArray(sent) && sent.length === 0) : !same(sent, had)) {
      throw new ArmError(400, "PropertyChangeNotAllowed", `Changing property 'agentPoolProfile.${key}' is not allowed.`, {
        target: `agentPoolProfile.${key}`,
      });
    }
  }
}

/** Count and autoscaler ranges (API definition: count 0-1000, at least 1 for a System pool; minCount <= count <= maxCount). */
function assertCount(name: string, mode: string, count: number, pool: Obj): void {
  const invalid = (param: string, message: string) =>
    new ArmError(400, "InvalidParameter", `The value of parameter agentPoolProfile.${param} is invalid: ${message}`, { target: `agentPoolProfile.${param}` });
  if (count < 0 || count > 1000) throw invalid("count", `${count}. It must be between 0 and 1000 (at least 1 for a System pool).`);
  if (mode === "System" && count === 0 && pool["enableAutoScaling"] !== true) {
    throw invalid("count", `0. A System pool needs at least 1 node.`);
  }
  if (pool["enableAutoScaling"] !== true) return;
  const min = pool["minCount"] as number | undefined;
  const max = pool["maxCount"] as number | undefined;
  if (min === undefined || max === undefined) {
    throw invalid(
      min === undefined ? "minCount" : "maxCount",
      `it is required when enableAutoScaling is true. Set both minCount and maxCount for agent pool '${name}'.`,
    );
  }
  if (min < (mode === "System" ? 1 : 0) || min > 1000) throw invalid("minCount", `${min}. It must be between ${mode === "System" ? 1 : 0} and 1000.`);
  if (max < 1 || max > 1000) throw invalid("maxCount", `${max}. It must be between 1 and 1000.`);
  if (min > max) throw invalid("minCount", `${min}. It must not be greater than maxCount (${max}).`);
  if (count < min || count > max) throw invalid("count", `${count}. With the autoscaler on it must be between minCount (${min}) and maxCount (${max}).`);
}

/** maxSurge / maxUnavailable: a whole number or a percentage (API definition AgentPoolUpgradeSettings). */
function assertUpgradeSettings(settings: Obj | undefined): void {
  if (!settings) return;
  for (const key of ["maxSurge", "maxUnavailable"]) {
    const value = settings[key];
    if (value === undefined || value === null || value === "") continue;
    const m = typeof value === "string" ? /^(\d+)(%?)$/.exec(value) : null;
    const n = m ? Number(m[1]) : Number.NaN;
    const ok = m !== null && (m[2] === "%" ? n >= (key === "maxSurge" ? 1 : 0) && n <= 100 : n >= (key === "maxSurge" ? 1 : 0));
    if (!ok) {
      throw new ArmError(
        400,
        "InvalidParameter",
        `The value of parameter agentPoolProfile.upgrade.${key} is invalid: '${String(value)}'. Use a whole number of nodes (e.g. '1') or a percentage of the pool (e.g. '33%')${key === "maxSurge" ? ", at least 1" : ""}.`,
        { target: `agentPoolProfile.upgrade.${key}` },
      );
    }
  }
  for (const [key, low, high] of [
    ["drainTimeoutInMinutes", 1, 1440],
    ["nodeSoakDurationInMinutes", 0, 30],
  ] as const) {
    const value = settings[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value < low || value > high) {
      throw new ArmError(
        400,
        "InvalidParameter",
        `The value of parameter agentPoolProfile.upgrade.${key} is invalid: ${JSON.stringify(value)}. It must be a whole number from ${low} to ${high}.`,
        { target: `agentPoolProfile.upgrade.${key}` },
      );
    }
  }
}

/**
 * Running or Stopped. Only User pools stop, and not while the autoscaler manages them
 * (learn.microsoft.com/azure/aks/start-stop-nodepools: "You can't stop system node pools",
 * "cluster autoscaler ... must be disabled"); docs/fidelity.md "Stopping a node pool".
 */
function powerStateOf(pool: Obj, previous: Obj | undefined, name: string, mode: string): string {
  const sent = (pool["powerState"] as Obj | undefined)?.["code"];
  const was = ((previous?.["powerState"] as Obj | undefined)?.["code"] as string | undefined) ?? "Running";
  const code = sent === undefined ? was : sent;
  if (code !== "Running" && code !== "Stopped") {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter agentPoolProfile.powerState.code is invalid: '${String(code)}'. Use 'Running' or 'Stopped'.`,
      {
        target: "agentPoolProfile.powerState.code",
      },
    );
  }
  if (code === "Stopped" && was !== "Stopped") {
    if (!previous) {
      throw new ArmError(400, "InvalidParameter", `Agent pool '${name}' cannot be created stopped. Create it, then stop it.`, {
        target: "agentPoolProfile.powerState.code",
      });
    }
    if (mode === "System") {
      throw new ArmError(400, "OperationNotAllowed", `System agent pool '${name}' cannot be stopped. Only User agent pools can be stopped.`, {
        target: "agentPoolProfile.powerState.code",
      });
    }
    if (pool["enableAutoScaling"] === true) {
      throw new ArmError(
        400,
        "OperationNotAllowed",
        `Agent pool '${name}' has the cluster autoscaler enabled and cannot be stopped. Disable the autoscaler first.`,
        { target: "agentPoolProfile.powerState.code" },
      );
    }
  }
  return code;
}

function minorOf(version: string): [number, number] {
  const [major, minor] = version.split(".").map(Number);
  return [major ?? 0, minor ?? 0];
}

/**
 * The pool's version: the snapshot's or else the control plane's for a new pool that names none; its
 * own, kept, on an update that names none. AKS's skew rules: never newer than the control plane, at most two minor
 * versions behind it (NodePoolMcVersionIncompatible, wording as AKS answers: rancher/rancher#33426,
 * MicrosoftDocs/azure-dev-docs#1034), and an upgrade neither goes back nor skips a minor version.
 */
function poolVersion(
  pool: Obj,
  previous: Obj | undefined,
  controlPlane: ResolvedVersion,
  index: number,
  snapshot: PoolSnapshot | undefined,
  versions: VersionCatalogue,
): ResolvedVersion {
  const requested = pool["orchestratorVersion"] as string | undefined;
  const target = `agentPoolProfiles[${index}].orchestratorVersion`;
  let version: ResolvedVersion;
  if ((requested === undefined || requested === "") && snapshot) {
    version = { requested: snapshot.kubernetesVersion, current: snapshot.kubernetesVersion };
  } else if (requested === undefined || requested === "") {
    version = previous ? { requested: String(previous["orchestratorVersion"]), current: String(previous["currentOrchestratorVersion"]) } : controlPlane;
  } else if (previous && requested === previous["orchestratorVersion"]) {
    version = { requested, current: String(previous["currentOrchestratorVersion"]) };
  } else {
    version = versions.resolve(requested, target);
  }
  const [pMajor, pMinor] = minorOf(version.current);
  const [cMajor, cMinor] = minorOf(controlPlane.current);
  const incompatible = (why: string) =>
    new ArmError(
      400,
      "NodePoolMcVersionIncompatible",
      `Node pool version ${version.current} and control plane version ${controlPlane.current} are incompatible. ${why} For more information, please check https://aka.ms/version-skew-policy`,
      { target: "agentPoolProfile.orchestratorVersion" },
    );
  if (pMajor !== cMajor || pMinor > cMinor) {
    throw incompatible(`Minor version of node pool version ${pMinor} is bigger than control plane version ${cMinor}.`);
  }
  if (cMinor - pMinor > 2) {
    throw incompatible(
      `Minor version of node pool cannot be more than 2 versions less than control plane's version. Minor version of node pool is ${pMinor} and control plane is ${cMinor}.`,
    );
  }
  if (previous) versions.assertUpgrade(String(previous["currentOrchestratorVersion"]), version.current, "agentPoolProfile.orchestratorVersion");
  return version;
}

/** The pool as `agentPools` answers it, from the profile form. */
export function poolResource(profile: Obj, clusterId: string): Obj {
  const { name, ...properties } = profile;
  return { id: `${clusterId}/agentPools/${String(name)}`, name, type: AGENT_POOL_TYPE, properties };
}

/** The profile form (`name` beside the properties) of a pool as `agentPools` answers it. */
export function poolProfile(resource: Obj): Obj {
  return { name: resource["name"], ...(resource["properties"] as Obj) };
}

/** A pool row as the kit stores `agentPools` rows, for writes made by the cluster. */
export function poolRow(cluster: { key: string; id: string; subscriptionId: string }, profile: Obj, meta: PoolMeta): StoredResource {
  const resource = poolResource(profile, cluster.id);
  return {
    key: poolKey(cluster.key, String(profile["name"])),
    id: String(resource["id"]),
    parentKey: cluster.key,
    subscriptionId: cluster.subscriptionId.toLowerCase(),
    type: AGENT_POOL_TYPE_KEY,
    etag: String(profile["eTag"]),
    body: { resource, meta } as unknown as Obj,
  };
}

export function poolKey(clusterKey: string, name: string): string {
  return `${clusterKey}/agentpools/${name}`.toLowerCase();
}

/** The rows of a cluster's agent pools, every page. */
export async function poolRows(store: Pick<Store, "list">, clusterKey: string): Promise<StoredResource[]> {
  const rows: StoredResource[] = [];
  let after: string | undefined;
  do {
    const page = await store.list({ type: AGENT_POOL_TYPE_KEY, parentKey: clusterKey, limit: 500, after });
    rows.push(...page.items);
    after = page.next;
  } while (after);
  return rows;
}

export function asPool(stored: StoredResource): StoredPool {
  return stored.body as unknown as StoredPool;
}

/** The pool's eTag after a write. */
export function poolETag(ids: IdGenerator, key: string, generation: number): string {
  return ids.guid("pool-etag", key, generation);
}

/** Bookkeeping of a pool after a write: machines follow the count (scale-down removes the newest). */
export function nextPoolMeta(previous: PoolMeta | undefined, ordinal: number, count: number): PoolMeta {
  const instances = [...(previous?.instances ?? [])];
  let next = previous?.nextInstance ?? 0;
  while (instances.length < count) instances.push(next++);
  instances.length = Math.min(instances.length, count);
  return { generation: (previous?.generation ?? 0) + 1, ordinal: previous?.ordinal ?? ordinal, instances, nextInstance: next };
}

/** The 8 digits AKS puts in a pool's scale set name, derived from the pool's id. */
function scaleSetDigits(pool: StoredPool): string {
  let h = 0;
  for (const c of String(pool.resource["id"]).toLowerCase()) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return String(h % 100_000_000).padStart(8, "0");
}

export function machinePrefix(pool: StoredPool): string {
  return `aks-${String(pool.resource["name"])}-${scaleSetDigits(pool)}-vmss`;
}

export function machineName(pool: StoredPool, instance: number): string {
  return `${machinePrefix(pool)}${instance.toString(36).padStart(6, "0")}`;
}
