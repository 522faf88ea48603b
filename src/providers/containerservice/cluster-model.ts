import { ArmError } from "../../arm/errors.js";
import type { IdGenerator } from "../../util/ids.js";
import type { StoredResource } from "../../store/store.js";
import { optionalArray, optionalBoolean, optionalObject, optionalString, optionalStringMap, requireObject } from "../validation.js";
import { assertDnsPrefix } from "./cluster-names.js";
import { buildPoolProfile, nextPoolMeta, type PoolSnapshot, poolETag, poolKey } from "./agent-pool-model.js";
import { decideApiServerAccess } from "./api-server-access.js";
import { privateLinkServiceIdFor } from "./private-link.js";
import { type VersionCatalogue, versionCatalogue } from "./version-catalogue.js";
import { formatIpv4, parseCidr } from "../../util/cidr.js";

/**
 * The managed cluster resource: how a request body becomes the stored ARM body, with the
 * read-only values AKS fills in (docs/sources.md "Defaults AKS fills in", "Create answer", "Recorded cluster bodies"). Every property the
 * client sent is kept; write-only secrets are dropped, as AKS never returns them.
 */

export const MANAGED_CLUSTER_TYPE_KEY = "microsoft.containerservice/managedclusters";
/** As real AKS answers (recordings): capital M, although the examples use `managedClusters`. */
const MANAGED_CLUSTER_TYPE = "Microsoft.ContainerService/ManagedClusters";

interface ClusterMeta {
  /** Bumped on every accepted PUT/PATCH/DELETE: derives ETags and operation ids. */
  generation: number;
  createdAt: number;
  /** The 8-character label of the public FQDN; kept across updates, new when the public FQDN is re-enabled. */
  fqdnLabel: string;
  /** Private cluster: the label of privateFQDN (differs from fqdnLabel, docs/sources.md "FQDN forms"). */
  privateLabel?: string;
  /** Private cluster with the system zone: the GUID of `<guid>.privatelink.<location>.azmk8s.io`. */
  zoneGuid?: string;
}

export interface StoredCluster {
  resource: Record<string, unknown>;
  meta: ClusterMeta;
}

export interface ClusterScope {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tenantId: string;
}

type Obj = Record<string, unknown>;

const MAX_AGENT_POOLS = 100;

/** Key order of a cluster's properties as AKS writes them (docs/sources.md "Recorded cluster bodies"). */
const CLUSTER_PROPERTY_ORDER = [
  "provisioningState",
  "powerState",
  "kubernetesVersion",
  "currentKubernetesVersion",
  "dnsPrefix",
  "fqdnSubdomain",
  "fqdn",
  "azurePortalFQDN",
  "privateFQDN",
  "agentPoolProfiles",
  "linuxProfile",
  "windowsProfile",
  "servicePrincipalProfile",
  "addonProfiles",
  "nodeResourceGroup",
  "enableRBAC",
  "supportPlan",
  "networkProfile",
  "maxAgentPools",
  "privateLinkResources",
  "apiServerAccessProfile",
  "identityProfile",
  "autoUpgradeProfile",
  "disableLocalAccounts",
  "securityProfile",
  "storageProfile",
  "oidcIssuerProfile",
  "workloadAutoScalerProfile",
  "resourceUID",
];

function orderKeys(o: Obj, order: string[]): Obj {
  const out: Obj = {};
  for (const k of order) if (k in o && o[k] !== undefined) out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out) && o[k] !== undefined) out[k] = o[k];
  return out;
}

function clusterId(scope: Pick<ClusterScope, "subscriptionId" | "resourceGroup" | "name">): string {
  // Real AKS spells the group segment in lower case in the ids it returns (docs/sources.md "Resource envelope").
  return `/subscriptions/${scope.subscriptionId}/resourcegroups/${scope.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${scope.name}`;
}

function nodeResourceGroupName(scope: ClusterScope): string {
  return `MC_${scope.resourceGroup}_${scope.name}_${scope.location}`.slice(0, 80);
}

/** A pool of the cluster as stored in its own row: the profile form and its bookkeeping. */
export interface ClusterPool {
  profile: Obj;
  meta: ReturnType<typeof nextPoolMeta>;
}

/**
 * The cluster's pools after a PUT: on create, the body's; on update, each pool the body names is
 * updated (scaled, upgraded...), a pool it leaves out is kept as it is, and a new name is refused as
 * AKS refuses it (new pools come through `agentPools`). `touched`: the pools to write.
 */
function buildAgentPools(
  raw: unknown[],
  k8s: { requested: string; current: string },
  ids: IdGenerator,
  clusterKey: string,
  previous: ClusterPool[] | undefined,
  state: string,
  snapshots: ReadonlyMap<string, PoolSnapshot>,
  versions: VersionCatalogue,
): { all: Obj[]; touched: ClusterPool[] } {
  if (raw.length === 0) {
    throw new ArmError(
      400,
      "InvalidParameter",
      "The value of parameter agentPoolProfiles is invalid: a managed cluster needs at least one agent pool. Add a pool with mode 'System'.",
      {
        target: "agentPoolProfiles",
      },
    );
  }
  if (raw.length > MAX_AGENT_POOLS) {
    throw new ArmError(400, "InvalidParameter", `The managed cluster has ${raw.length} agent pools; at most ${MAX_AGENT_POOLS} are allowed.`, {
      target: "agentPoolProfiles",
    });
  }
  const inputs = raw.map((p, i) => requireObject(p, `properties.agentPoolProfiles[${i}]`));
  // A pool without a mode is a User pool, except that the first pool of a cluster whose
  // request names no System pool becomes the System pool (as az and the examples rely on).
  const anyMode = inputs.some((p) => p["mode"] !== undefined);
  const seen = new Set<string>();
  const touched: ClusterPool[] = [];
  inputs.forEach((p, i) => {
    const prev = previous?.find((q) => q.profile["name"] === p["name"]);
    if (previous && !prev) {
      // Wording as AKS answers (issue text; https://aka.ms/agent-pool-rest-api).
      throw new ArmError(
        400,
        "BadRequest",
        "A new agent pool was introduced. Adding agent pools to an existing cluster is not allowed through managed cluster operations. For agent pool specific change, please use per agent pool operations: https://aka.ms/agent-pool-rest-api",
        { target: "agentPoolProfiles" },
      );
    }
    const input = !previous && !anyMode && i === 0 ? { ...p, mode: "System" } : p;
    const name = String(input["name"]);
    if (seen.has(name)) {
      throw new ArmError(400, "InvalidParameter", `The agent pool name '${name}' is used more than once. Each agent pool needs its own name.`, {
        target: "agentPoolProfile.name",
      });
    }
    const profile = buildPoolProfile({
      input,
      path: `properties.agentPoolProfiles[${i}]`,
      index: i,
      controlPlane: k8s,
      previous: prev?.profile,
      eTag: poolETag(ids, poolKey(clusterKey, name), (prev?.meta.generation ?? 0) + 1),
      state,
      snapshot: snapshots.get(name),
      versions,
    });
    // A pool whose version moves is being upgraded (docs/fidelity.md "Cluster upgrade in flight").
    if (prev && state === "Updating" && profile["currentOrchestratorVersion"] !== prev.profile["currentOrchestratorVersion"]) {
      profile["provisioningState"] = "Upgrading";
    }
    seen.add(name);
    touched.push({ profile, meta: nextPoolMeta(prev?.meta, i, profile["count"] as number) });
  });
  const kept = (previous ?? []).filter((q) => !seen.has(String(q.profile["name"])));
  const all = [...touched, ...kept].sort((x, y) => x.meta.ordinal - y.meta.ordinal).map((q) => q.profile);
  if (!all.some((p) => p["mode"] === "System")) {
    throw new ArmError(400, "MustDefineAtLeastOneSystemPool", "Must define at least one system pool.", { target: "agentPoolProfiles" });
  }
  return { all, touched };
}

/** The outbound settings of a load balancer profile that decide which IPs are in use. */
function outboundConfig(lb: Obj): string {
  return JSON.stringify([lb["managedOutboundIPs"], lb["outboundIPs"], lb["outboundIPPrefixes"]]);
}

function buildNetworkProfile(input: Obj | undefined, previous: Obj | undefined): Obj {
  const n: Obj = { ...(input ?? {}) };
  for (const key of ["networkPlugin", "networkPluginMode", "networkPolicy", "podCidr", "serviceCidr", "dnsServiceIP", "outboundType", "loadBalancerSku"]) {
    optionalString(n[key], `properties.networkProfile.${key}`);
  }
  const plugin = (n["networkPlugin"] as string | undefined) ?? "kubenet";
  n["networkPlugin"] = plugin;
  if (n["loadBalancerSku"] === undefined) n["loadBalancerSku"] = "standard";
  const outboundType = (n["outboundType"] as string | undefined) ?? "loadBalancer";
  if (outboundType === "loadBalancer") {
    const lb = { ...(optionalObject(n["loadBalancerProfile"], "properties.networkProfile.loadBalancerProfile") ?? {}) };
    if (lb["managedOutboundIPs"] === undefined && lb["outboundIPs"] === undefined && lb["outboundIPPrefixes"] === undefined) {
      lb["managedOutboundIPs"] = { count: 1 };
    }
    if (lb["backendPoolType"] === undefined) lb["backendPoolType"] = "nodeIPConfiguration";
    // effectiveOutboundIPs is read-only (API definition): what a client sends back is ignored. An
    // update answers the IPs in use while the outbound settings stay the same (the 200 Updating body
    // equals the GET, docs/sources.md "Update flows"; the Create_Update examples' 200 shows them);
    // otherwise they are worked out again when the operation completes (provisioned()).
    delete lb["effectiveOutboundIPs"];
    const prevLb = previous?.["loadBalancerProfile"] as Obj | undefined;
    if (prevLb?.["effectiveOutboundIPs"] !== undefined && outboundConfig(prevLb) === outboundConfig(lb)) {
      lb["effectiveOutboundIPs"] = structuredClone(prevLb["effectiveOutboundIPs"]);
    }
    n["loadBalancerProfile"] = orderLoadBalancerProfile(lb);
  }
  const podCidrNeeded = plugin === "kubenet" || n["networkPluginMode"] === "overlay";
  if (podCidrNeeded && n["podCidr"] === undefined) n["podCidr"] = "10.244.0.0/16";
  if (n["serviceCidr"] === undefined) n["serviceCidr"] = "10.0.0.0/16";
  if (n["dnsServiceIP"] === undefined) {
    // docs/fidelity.md "Network profile ranges": a service range without a DNS service IP gets its tenth address.
    const service = typeof n["serviceCidr"] === "string" ? parseCidr(n["serviceCidr"]) : undefined;
    n["dnsServiceIP"] = service?.kind === "ipv4" && service.cidr.size > 11 ? formatIpv4(service.cidr.base + 10) : "10.0.0.10";
  }
  n["outboundType"] = outboundType;
  if (n["podCidrs"] === undefined && typeof n["podCidr"] === "string") n["podCidrs"] = [n["podCidr"]];
  if (n["serviceCidrs"] === undefined) n["serviceCidrs"] = [n["serviceCidr"]];
  if (n["ipFamilies"] === undefined) n["ipFamilies"] = ["IPv4"];
  return orderKeys(n, [
    "networkPlugin",
    "networkPluginMode",
    "networkPolicy",
    "loadBalancerSku",
    "loadBalancerProfile",
    "podCidr",
    "serviceCidr",
    "dnsServiceIP",
    "outboundType",
    "podCidrs",
    "serviceCidrs",
    "ipFamilies",
  ]);
}

/** Key order of a load balancer profile as AKS writes it (docs/sources.md "Recorded cluster bodies"). */
function orderLoadBalancerProfile(lb: Obj): Obj {
  return orderKeys(lb, [
    "managedOutboundIPs",
    "outboundIPs",
    "outboundIPPrefixes",
    "effectiveOutboundIPs",
    "allocatedOutboundPorts",
    "idleTimeoutInMinutes",
    "backendPoolType",
  ]);
}

/**
 * The public IPs a load balancer profile has in use: the client's own when it names outboundIPs,
 * otherwise one managed IP in the node resource group per managedOutboundIPs.count (the examples
 * ManagedClustersCreate_Update and ManagedClustersGet show two effective IPs for two IPs asked for).
 */
function effectiveOutboundIPs(lb: Obj, subscriptionId: string, nodeResourceGroup: string, ids: IdGenerator, key: string): Obj[] {
  const own = (lb["outboundIPs"] as Obj | undefined)?.["publicIPs"];
  if (Array.isArray(own) && own.length > 0) {
    return own.filter((ip): ip is Obj => !!ip && typeof ip === "object" && typeof (ip as Obj)["id"] === "string").map((ip) => ({ id: ip["id"] }));
  }
  const requested = (lb["managedOutboundIPs"] as Obj | undefined)?.["count"];
  const count = typeof requested === "number" && Number.isInteger(requested) && requested >= 1 && requested <= 100 ? requested : 1;
  return Array.from({ length: count }, (_, i) => ({
    id: `/subscriptions/${subscriptionId}/resourceGroups/${nodeResourceGroup}/providers/Microsoft.Network/publicIPAddresses/${i === 0 ? ids.guid("outbound-ip", key) : ids.guid("outbound-ip", key, i)}`,
  }));
}

function buildIdentity(input: Obj | undefined, scope: ClusterScope, ids: IdGenerator, key: string, hasServicePrincipal: boolean): Obj | undefined {
  if (!input) {
    // A cluster with neither an identity nor a service principal gets a system-assigned
    // identity (docs/fidelity.md "Cluster without identity").
    if (hasServicePrincipal) return undefined;
    input = { type: "SystemAssigned" };
  }
  const type = optionalString(input["type"], "identity.type");
  if (type === "SystemAssigned") {
    return { type, principalId: ids.guid("cluster-principal", key), tenantId: scope.tenantId };
  }
  if (type === "UserAssigned") {
    const uai = optionalObject(input["userAssignedIdentities"], "identity.userAssignedIdentities");
    if (!uai || Object.keys(uai).length === 0) {
      throw new ArmError(
        400,
        "InvalidParameter",
        "The identity type is UserAssigned but identity.userAssignedIdentities is empty. Name the control-plane identity by its resource id.",
        {
          target: "identity.userAssignedIdentities",
        },
      );
    }
    const filled: Obj = {};
    for (const id of Object.keys(uai)) {
      filled[id] = { principalId: ids.guid("uai-principal", id), clientId: ids.guid("uai-client", id) };
    }
    return { type, userAssignedIdentities: filled };
  }
  if (type === "None") return { type };
  throw new ArmError(
    400,
    "InvalidParameter",
    `The value of parameter identity.type is invalid: '${String(type)}'. Use 'SystemAssigned', 'UserAssigned' or 'None'.`,
    { target: "identity.type" },
  );
}

/** Dropped from answers: AKS never returns secrets. */
function withoutSecrets(props: Obj): void {
  const sp = props["servicePrincipalProfile"] as Obj | undefined;
  if (sp && typeof sp === "object") {
    const { secret: _s, ...rest } = sp;
    props["servicePrincipalProfile"] = rest;
  }
  const win = props["windowsProfile"] as Obj | undefined;
  if (win && typeof win === "object") {
    const { adminPassword: _p, ...rest } = win;
    props["windowsProfile"] = rest;
  }
  const aad = props["aadProfile"] as Obj | undefined;
  if (aad && typeof aad === "object") {
    const { serverAppSecret: _a, ...rest } = aad;
    props["aadProfile"] = rest;
  }
}

export interface BuildInput {
  scope: ClusterScope;
  key: string;
  body: Obj;
  previous?: StoredCluster;
  ids: IdGenerator;
  now: number;
  /** Locations that refuse private clusters (setting; empty by default). */
  refusedPrivateLocations?: readonly string[];
  /** On update: the cluster's pools as their rows hold them. */
  previousPools?: ClusterPool[];
  /** The provisioningState the pools this PUT writes show (default: the cluster's). */
  poolState?: string;
  /** The node pool snapshots the body's pools newly name, by pool name. */
  poolSnapshots?: ReadonlyMap<string, PoolSnapshot>;
  /** The Kubernetes versions and node images offered (version-catalogue.ts; default: the built-in catalogue). */
  versions?: VersionCatalogue;
}

/** The private link service id a cluster's stored properties name, if any (none while it is stopped). */
export function storedPrivateLinkServiceId(properties: Obj): string | undefined {
  const plr = properties["privateLinkResources"] as Obj[] | undefined;
  const id = plr?.[0]?.["privateLinkServiceID"];
  return typeof id === "string" ? id : undefined;
}

/** The system private DNS zone of a private cluster. */
export function systemZoneName(zoneGuid: string, location: string): string {
  return `${zoneGuid}.privatelink.${location}.azmk8s.io`;
}

/**
 * The cluster's Kubernetes version for a PUT: resolved from the catalogue on create; on update the
 * running one while the request names the same version (or none: az sends "" when it does not
 * change it), otherwise an upgrade that must follow AKS's rules (docs/version-catalogue.md): no
 * downgrade, one minor at a time.
 */
function clusterVersion(versions: VersionCatalogue, requested: string, previous: Obj | undefined): { requested: string; current: string } {
  const prevRequested = previous?.["kubernetesVersion"];
  const prevCurrent = previous?.["currentKubernetesVersion"] ?? prevRequested;
  if (previous === undefined || typeof prevCurrent !== "string") return versions.resolve(requested, "kubernetesVersion");
  if (requested === "" || requested === prevRequested || requested === prevCurrent) {
    return { requested: typeof prevRequested === "string" && requested !== prevCurrent ? prevRequested : prevCurrent, current: prevCurrent };
  }
  const next = versions.resolve(requested, "kubernetesVersion");
  versions.assertUpgrade(prevCurrent, next.current, "kubernetesVersion");
  return next;
}

/** Builds the stored cluster for a PUT (create when `previous` is absent, update otherwise). */
export function buildCluster({
  scope,
  key,
  body,
  previous,
  ids,
  now,
  refusedPrivateLocations = [],
  previousPools = [],
  poolState,
  poolSnapshots = new Map(),
  versions = versionCatalogue(),
}: BuildInput): StoredCluster & { pools: ClusterPool[] } {
  const creating = previous === undefined;
  const prev = previous?.resource;
  const prevProps = (prev?.["properties"] as Obj | undefined) ?? {};
  const props: Obj = { ...(optionalObject(body["properties"], "properties") ?? {}) };
  const generation = (previous?.meta.generation ?? 0) + 1;

  const tags = optionalStringMap(body["tags"], "tags");
  // A property left out of an update keeps its value (AKS treats the PUT body as the whole
  // desired state, but az and the SDKs always send back what they read; the pools, network
  // and identity settings are never dropped by omission).
  for (const sticky of [
    "agentPoolProfiles",
    "networkProfile",
    "linuxProfile",
    "windowsProfile",
    "servicePrincipalProfile",
    "dnsPrefix",
    "fqdnSubdomain",
    "nodeResourceGroup",
    "kubernetesVersion",
    "apiServerAccessProfile",
    "addonProfiles",
    "enableRBAC",
    "aadProfile",
  ]) {
    if (!creating && props[sticky] === undefined && prevProps[sticky] !== undefined) props[sticky] = structuredClone(prevProps[sticky]);
  }

  const dnsPrefix = optionalString(props["dnsPrefix"], "properties.dnsPrefix");
  const fqdnSubdomain = optionalString(props["fqdnSubdomain"], "properties.fqdnSubdomain");
  if (dnsPrefix !== undefined) assertDnsPrefix(dnsPrefix);
  if (creating && dnsPrefix !== undefined && fqdnSubdomain !== undefined) {
    // docs/fidelity.md "dnsPrefix with fqdnSubdomain".
    throw new ArmError(
      400,
      "InvalidParameter",
      "dnsPrefix and fqdnSubdomain cannot be used together. Use fqdnSubdomain with a custom private DNS zone, dnsPrefix otherwise.",
      { target: "fqdnSubdomain" },
    );
  }
  if (dnsPrefix === undefined && fqdnSubdomain === undefined) {
    // docs/fidelity.md "Cluster without dnsPrefix": the az CLI default form.
    props["dnsPrefix"] = `${scope.name.slice(0, 10)}-${scope.resourceGroup.slice(0, 16)}-${scope.subscriptionId.slice(0, 6)}`
      .replace(/[^a-zA-Z0-9-]/g, "")
      .replace(/^-+|-+$/g, "");
  }

  const k8s = clusterVersion(versions, optionalString(props["kubernetesVersion"], "properties.kubernetesVersion") ?? "", creating ? undefined : prevProps);
  // An update that moves the control plane to another version shows Upgrading, as AKS does
  // (docs/fidelity.md "Cluster upgrade in flight"); its pools show Upgrading when their own version moves.
  const upgrading = !creating && k8s.current !== prevProps["currentKubernetesVersion"];
  const state = creating ? "Creating" : upgrading ? "Upgrading" : "Updating";
  const rawPools = optionalArray(props["agentPoolProfiles"], "properties.agentPoolProfiles");
  if (rawPools === undefined) {
    throw new ArmError(
      400,
      "InvalidParameter",
      "The value of parameter agentPoolProfiles is invalid: a managed cluster needs at least one agent pool. Add a pool with mode 'System'.",
      {
        target: "agentPoolProfiles",
      },
    );
  }
  const { all: pools, touched } = buildAgentPools(
    rawPools,
    k8s,
    ids,
    key,
    creating ? undefined : previousPools,
    poolState ?? (creating ? "Creating" : "Updating"),
    poolSnapshots,
    versions,
  );

  optionalObject(props["linuxProfile"], "properties.linuxProfile");
  optionalBoolean(props["enableRBAC"], "properties.enableRBAC");
  optionalBoolean(props["disableLocalAccounts"], "properties.disableLocalAccounts");
  optionalObject(props["addonProfiles"], "properties.addonProfiles");
  optionalObject(props["apiServerAccessProfile"], "properties.apiServerAccessProfile");
  const sp = optionalObject(props["servicePrincipalProfile"], "properties.servicePrincipalProfile");
  const hasServicePrincipal = sp !== undefined && typeof sp["clientId"] === "string" && sp["clientId"] !== "msi";
  const identityInput = optionalObject(body["identity"], "identity") ?? (prev?.["identity"] as Obj | undefined);
  const identity = buildIdentity(identityInput, scope, ids, key, hasServicePrincipal);

  const networkInput = optionalObject(props["networkProfile"], "properties.networkProfile");
  const access = decideApiServerAccess({
    requested: props["apiServerAccessProfile"] as Obj | undefined,
    previous: prevProps["apiServerAccessProfile"] as Obj | undefined,
    creating,
    location: scope.location,
    loadBalancerSku: networkInput?.["loadBalancerSku"] as string | undefined,
    identityType: identity?.["type"] as string | undefined,
    hasServicePrincipal,
    fqdnSubdomain,
    refusedLocations: refusedPrivateLocations,
  });
  const prevPublicFqdn = !creating && prevProps["fqdn"] !== undefined;
  // Re-enabling the public FQDN of a private cluster makes a new label (docs/sources.md "FQDN forms", "Update flows").
  const fqdnLabel = previous && (prevPublicFqdn || !access.publicFqdn) ? previous.meta.fqdnLabel : ids.label(8, "fqdn", key, previous ? generation : 0);
  const privateLabel = access.private ? (previous?.meta.privateLabel ?? ids.label(8, "private-fqdn", key)) : undefined;
  const zoneGuid = access.zone?.mode === "system" ? (previous?.meta.zoneGuid ?? ids.guid("private-zone", key)) : previous?.meta.zoneGuid;
  const prefix = typeof props["dnsPrefix"] === "string" ? (props["dnsPrefix"] as string).toLowerCase() : undefined;
  const out: Obj = {
    ...props,
    provisioningState: state,
    powerState: { code: "Running" },
    kubernetesVersion: k8s.requested,
    currentKubernetesVersion: k8s.current,
  };
  delete out["fqdn"];
  delete out["privateFQDN"];
  delete out["azurePortalFQDN"];
  const hcp = prefix !== undefined ? `${prefix}-${fqdnLabel}.hcp.${scope.location}.azmk8s.io` : undefined;
  if (hcp && access.publicFqdn) out["fqdn"] = hcp;
  if (!access.private) {
    if (prefix !== undefined) out["azurePortalFQDN"] = `${prefix}-${fqdnLabel}.portal.hcp.${scope.location}.azmk8s.io`;
  } else {
    // Private portal form `<32 hex>-priv.portal.hcp.<location>.azmk8s.io` (docs/sources.md "FQDN forms").
    out["azurePortalFQDN"] = `${ids.hex(32, "portal", key)}-priv.portal.hcp.${scope.location}.azmk8s.io`;
    const zone = access.zone!;
    if (zone.mode === "system") out["privateFQDN"] = `${prefix}-${privateLabel}.${systemZoneName(zoneGuid!, scope.location)}`;
    else if (zone.mode === "none") out["privateFQDN"] = hcp;
    else if (fqdnSubdomain !== undefined) out["privateFQDN"] = `${fqdnSubdomain.toLowerCase()}.${zone.zoneName.toLowerCase()}`;
    // docs/fidelity.md "Custom zone with dnsPrefix".
    else out["privateFQDN"] = `${prefix}-${privateLabel}.${zone.zoneName.toLowerCase()}`;
  }
  if (access.profile === undefined) delete out["apiServerAccessProfile"];
  else out["apiServerAccessProfile"] = access.profile;
  out["agentPoolProfiles"] = pools;
  out["servicePrincipalProfile"] = hasServicePrincipal ? sp : { clientId: "msi" };
  out["nodeResourceGroup"] = (props["nodeResourceGroup"] as string | undefined) ?? nodeResourceGroupName(scope);
  out["enableRBAC"] = props["enableRBAC"] ?? true;
  out["supportPlan"] = props["supportPlan"] ?? "KubernetesOfficial";
  out["networkProfile"] = buildNetworkProfile(networkInput, prevProps["networkProfile"] as Obj | undefined);
  out["maxAgentPools"] = MAX_AGENT_POOLS;
  out["autoUpgradeProfile"] = props["autoUpgradeProfile"] ?? { nodeOSUpgradeChannel: "NodeImage" };
  out["disableLocalAccounts"] = props["disableLocalAccounts"] ?? false;
  out["securityProfile"] = props["securityProfile"] ?? {};
  out["storageProfile"] =
    props["storageProfile"] && Object.keys(props["storageProfile"] as Obj).length > 0
      ? props["storageProfile"]
      : { diskCSIDriver: { enabled: true }, fileCSIDriver: { enabled: true }, snapshotController: { enabled: true } };
  out["oidcIssuerProfile"] = props["oidcIssuerProfile"] ?? { enabled: false };
  out["workloadAutoScalerProfile"] = props["workloadAutoScalerProfile"] ?? {};
  const createdAt = previous?.meta.createdAt ?? now;
  out["resourceUID"] =
    (prevProps["resourceUID"] as string | undefined) ??
    Math.floor(createdAt / 1000)
      .toString(16)
      .padStart(8, "0") + ids.hex(16, "resourceUID", key);
  // Appear only once the cluster is provisioned (docs/sources.md "Create answer"); an update keeps the kubelet
  // identity the cluster has (the 200 Updating body equals the GET, docs/sources.md "Update flows").
  delete out["identityProfile"];
  if (!creating && prevProps["identityProfile"] !== undefined) out["identityProfile"] = structuredClone(prevProps["identityProfile"]);
  delete out["privateLinkResources"];
  if (access.private) {
    // Stored whole; each answer shows the parts real AKS shows there (renderCluster).
    out["privateLinkResources"] = [
      {
        id: `${clusterId(scope)}/privateLinkResources/management`,
        name: "management",
        type: "Microsoft.ContainerService/managedClusters/privateLinkResources",
        groupId: "management",
        requiredMembers: ["management"],
        // A started cluster's service is a new one (cluster-power.ts): an update keeps the one it has.
        privateLinkServiceID: storedPrivateLinkServiceId(prevProps) ?? privateLinkServiceIdFor(ids, key, scope.location),
      },
    ];
  }
  // An empty addonProfiles map is not returned: every create example sends `"addonProfiles": {}`
  // and none of their 201/200 bodies has it (ManagedClustersCreate_Update, ..._PrivateClusterPublicFQDN,
  // 2022-11-01 and 2026-x alike).
  const addons = out["addonProfiles"];
  if (addons && typeof addons === "object" && !Array.isArray(addons) && Object.keys(addons).length === 0) delete out["addonProfiles"];
  withoutSecrets(out);

  const properties = orderKeys(out, CLUSTER_PROPERTY_ORDER);

  const sku = optionalObject(body["sku"], "sku") ?? (prev?.["sku"] as Obj | undefined) ?? { name: "Base", tier: "Free" };
  const resource: Obj = {
    id: clusterId(scope),
    location: scope.location,
    name: scope.name,
    tags,
    type: MANAGED_CLUSTER_TYPE,
    eTag: ids.guid("cluster-etag", key, generation),
    properties,
    identity,
    sku,
  };
  if (!tags) delete resource["tags"];
  if (!identity) delete resource["identity"];
  for (const [k, v] of Object.entries(body)) {
    if (!(k in resource) && !["id", "name", "type", "eTag", "systemData"].includes(k) && v !== undefined) resource[k] = v;
  }
  const meta: ClusterMeta = { generation, createdAt, fqdnLabel };
  if (privateLabel) meta.privateLabel = privateLabel;
  if (zoneGuid) meta.zoneGuid = zoneGuid;
  return { resource, meta, pools: touched };
}

/** The cluster's answer with its pools (their rows, in the order they were made) in `agentPoolProfiles`. */
export function withAgentPools(resource: Obj, pools: ClusterPool[]): Obj {
  const props = { ...(resource["properties"] as Obj) };
  props["agentPoolProfiles"] = [...pools].sort((a, b) => a.meta.ordinal - b.meta.ordinal).map((p) => p.profile);
  return { ...resource, properties: orderKeys(props, CLUSTER_PROPERTY_ORDER) };
}

/** What finishing a create/update makes of the cluster: Succeeded, plus what AKS adds once provisioned. */
export function provisioned(cluster: Obj, scope: { subscriptionId: string; key: string }, ids: IdGenerator): Obj {
  const resource = structuredClone(cluster);
  const props = resource["properties"] as Obj;
  props["provisioningState"] = "Succeeded";
  // A cleared profile shows as `{}` while updating and is gone once done (docs/sources.md "apiServerAccessProfile in answers").
  const access = props["apiServerAccessProfile"];
  if (access && typeof access === "object" && Object.keys(access).length === 0) delete props["apiServerAccessProfile"];
  for (const pool of (props["agentPoolProfiles"] as Obj[] | undefined) ?? []) pool["provisioningState"] = "Succeeded";
  const nodeRg = String(props["nodeResourceGroup"]);
  const name = String(resource["name"]);
  const network = props["networkProfile"] as Obj;
  const lb = network["loadBalancerProfile"] as Obj | undefined;
  if (lb && lb["effectiveOutboundIPs"] === undefined) {
    lb["effectiveOutboundIPs"] = effectiveOutboundIPs(lb, scope.subscriptionId, nodeRg, ids, scope.key);
    network["loadBalancerProfile"] = orderLoadBalancerProfile(lb);
  }
  const identity = resource["identity"] as Obj | undefined;
  if (identity && identity["type"] !== "None" && props["identityProfile"] === undefined) {
    props["identityProfile"] = {
      kubeletidentity: {
        resourceId: `/subscriptions/${scope.subscriptionId}/resourcegroups/${nodeRg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}-agentpool`,
        clientId: ids.guid("kubelet-client", scope.key),
        objectId: ids.guid("kubelet-object", scope.key),
      },
    };
  }
  resource["properties"] = orderKeys(
    props,
    Object.keys(props)
      .filter((k) => k !== "identityProfile")
      .flatMap((k) => (k === "apiServerAccessProfile" ? [k, "identityProfile"] : [k])),
  );
  if (!("identityProfile" in (resource["properties"] as Obj)) && props["identityProfile"])
    (resource["properties"] as Obj)["identityProfile"] = props["identityProfile"];
  return resource;
}

/** The stored body of a managed cluster row. */
export function asCluster(stored: StoredResource): StoredCluster {
  return stored.body as unknown as StoredCluster;
}
