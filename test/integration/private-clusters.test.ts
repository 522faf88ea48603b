import { grantRole } from "../support/roles.js";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ContainerServiceClient, type ManagedCluster } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import { PrivateDnsManagementClient } from "@azure/arm-privatedns";
import { NetworkManagementClient } from "@azure/arm-network";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import type { TokenCredential } from "@azure/identity";
import { startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { checkAlwaysPresent, conformancePolicy } from "../support/conformance.js";

/**
 * The private-cluster user scenarios of issue 4 (cluster side), each driven by the official TS
 * SDKs with the conformance policy on every client: what a private cluster looks like in each
 * answer, what AKS creates beside it, the custom zone, the public FQDN toggle, the zone change to
 * none, authorized ranges, private link resources, kubeconfigs and the refusals users match on.
 * Sources: docs/sources.md "FQDN forms", "apiServerAccessProfile in answers",
 * "Private link resources in each answer", "Recorded cluster bodies", "Update flows", "Kubeconfig of a private cluster",
 * "Private DNS zone", "Authorized IP ranges", "Parameter and property-change errors".
 */

const LABEL = "[0-9a-z]{8}";
const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const PLR_TYPE = "Microsoft.ContainerService/managedClusters/privateLinkResources";
const PLS_ID = (location: string) =>
  new RegExp(
    `^/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hcp-underlay-${location}-cx-\\d{1,3}/providers/Microsoft\\.Network/privateLinkServices/[0-9a-f]{32}$`,
  );
const ZONE_PATTERNS =
  "private.<region>.azmk8s.io,privatelink.<region>.azmk8s.io,[a-zA-Z0-9-]{1,32}.private.<region>.azmk8s.io,[a-zA-Z0-9-]{1,32}.privatelink.<region>.azmk8s.io";
const POOLS = [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }];

interface Seen {
  method: string;
  path: string;
  status: number;
  text: string;
}

function credentialFor(te: TestEmulator): TokenCredential {
  return { getToken: async () => ({ token: te.token(), expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

/** SDK clients sharing one recorder of the raw answers (conformance-checked on every response). */
function kit(te: TestEmulator) {
  const seen: Seen[] = [];
  const options = {
    endpoint: te.endpoint,
    additionalPolicies: [
      { policy: conformancePolicy(), position: "perCall" },
      {
        policy: {
          name: "record",
          async sendRequest(req: { method: string; url: string }, next: (r: any) => Promise<{ status: number; bodyAsText?: string | null }>) {
            const res = await next(req);
            seen.push({ method: req.method, path: new URL(req.url).pathname, status: res.status, text: res.bodyAsText ?? "" });
            return res;
          },
        },
        position: "perCall",
      },
    ],
  } as any;
  const cred = credentialFor(te);
  const sub = te.subscriptionId;
  return {
    seen,
    aks: new ContainerServiceClient(cred, sub, options),
    resources: new ResourceManagementClient(cred, sub, options),
    dns: new PrivateDnsManagementClient(cred, sub, options),
    network: new NetworkManagementClient(cred, sub, options),
    msi: new ManagedServiceIdentityClient(cred, sub, options),
    /** The last raw answer to `method` on a path ending with `suffix` (case-insensitive). */
    last(method: string, suffix: string): { status: number; json: any; text: string } {
      const hit = [...seen].reverse().find((s) => s.method === method && s.path.toLowerCase().endsWith(suffix.toLowerCase()));
      assert.ok(hit, `no ${method} …${suffix} was seen`);
      return { status: hit.status, text: hit.text, json: hit.text ? JSON.parse(hit.text) : undefined };
    },
  };
}
type Kit = ReturnType<typeof kit>;

/**
 * The call fails with the SDK's RestError carrying the real status and code (users match
 * `e.code`, and Python users `str(e)`, by substring), and the message users read.
 */
async function refused(call: PromiseLike<unknown>, status: number, code: string, message?: string | RegExp): Promise<any> {
  let err: any;
  try {
    await call;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${status} ${code}, but the call succeeded`);
  assert.equal(err.name, "RestError", `not a RestError: ${err?.stack ?? err}`);
  assert.equal(err.statusCode, status, err.message);
  assert.equal(err.code, code, err.message);
  if (typeof message === "string") assert.ok(err.message.includes(message), `message: ${err.message}`);
  else if (message) assert.match(err.message, message);
  return err;
}

function privateClusterParams(location: string, extra: Partial<ManagedCluster> = {}, access: Record<string, unknown> = {}): ManagedCluster {
  return {
    location,
    dnsPrefix: "priv",
    agentPoolProfiles: POOLS,
    identity: { type: "SystemAssigned" },
    apiServerAccessProfile: { enablePrivateCluster: true, ...access },
    ...extra,
  } as ManagedCluster;
}

async function group(k: Kit, name: string, location = "westus2"): Promise<void> {
  await k.resources.resourceGroups.createOrUpdate(name, { location });
}

/** What `az aks get-credentials` decodes (docs/sources.md "Kubeconfig of a private cluster"). */
function kubeconfigOf(results: { kubeconfigs?: { name?: string; value?: Uint8Array }[] }) {
  assert.equal(results.kubeconfigs?.length, 1);
  const kc = results.kubeconfigs[0]!;
  const yaml = Buffer.from(kc.value!).toString("utf8");
  const one = (re: RegExp) => {
    const m = re.exec(yaml);
    assert.ok(m, `${re} not in kubeconfig:\n${yaml}`);
    return m[1]!;
  };
  return {
    name: kc.name,
    yaml,
    server: one(/^ {4}server: (.+)$/m),
    clusterName: one(/^ {2}name: (.+)$/m),
    contextCluster: one(/^ {4}cluster: (.+)$/m),
    contextUser: one(/^ {4}user: (.+)$/m),
    currentContext: one(/^current-context: (.+)$/m),
    userName: one(/^- name: (.+)$/m),
  };
}

describe("private clusters through the official SDKs", { concurrency: true }, () => {
  let te: TestEmulator;
  before(async () => {
    te = await startTestEmulator();
  });
  after(async () => te.close());

  it("system zone: the 201, GET, list and update answers, and the MC_ group managed by the cluster and deleted with it", async () => {
    const k = kit(te);
    await group(k, "rg-sys");
    const done = await k.aks.managedClusters.createOrUpdate("rg-sys", "priv1", privateClusterParams("westus2", {}, { authorizedIPRanges: [] }));
    assert.equal(done.provisioningState, "Succeeded");

    // 201 Creating (docs/sources.md "Create answer", "Recorded cluster bodies"): FQDNs already final; privateLinkResources with neither id nor service id.
    const created = k.last("PUT", "/managedClusters/priv1");
    assert.equal(created.status, 201);
    const c = created.json.properties;
    assert.equal(c.provisioningState, "Creating");
    const pub = new RegExp(`^priv-(${LABEL})\\.hcp\\.westus2\\.azmk8s\\.io$`).exec(c.fqdn);
    const priv = new RegExp(`^priv-(${LABEL})\\.(${GUID})\\.privatelink\\.westus2\\.azmk8s\\.io$`).exec(c.privateFQDN);
    assert.ok(pub, c.fqdn);
    assert.ok(priv, c.privateFQDN);
    assert.notEqual(priv[1], pub[1], "private and public labels differ");
    assert.match(c.azurePortalFQDN, /^[0-9a-f]{32}-priv\.portal\.hcp\.westus2\.azmk8s\.io$/);
    assert.deepEqual(c.apiServerAccessProfile, { enablePrivateCluster: true, privateDNSZone: "system", enablePrivateClusterPublicFQDN: true });
    assert.deepEqual(c.privateLinkResources, [{ name: "management", type: PLR_TYPE, groupId: "management", requiredMembers: ["management"] }]);
    assert.equal(c.nodeResourceGroup, "MC_rg-sys_priv1_westus2");
    assert.deepEqual(checkAlwaysPresent(created.json, "create201"), []);

    // GET: privateLinkResources[].id and no service id.
    const got = await k.aks.managedClusters.get("rg-sys", "priv1");
    const clusterId = `/subscriptions/${te.subscriptionId}/resourcegroups/rg-sys/providers/Microsoft.ContainerService/managedClusters/priv1`;
    assert.equal(got.id, clusterId);
    const rawGet = k.last("GET", "/managedClusters/priv1");
    assert.deepEqual(rawGet.json.properties.privateLinkResources, [
      { id: `${clusterId}/privateLinkResources/management`, name: "management", type: PLR_TYPE, groupId: "management", requiredMembers: ["management"] },
    ]);
    assert.equal(rawGet.json.properties.fqdn, c.fqdn);
    assert.equal(rawGet.json.properties.privateFQDN, c.privateFQDN);
    assert.equal(got.privateFqdn, c.privateFQDN);
    assert.deepEqual(checkAlwaysPresent(rawGet.json, "get"), []);

    // Lists: the service id, no id (docs/sources.md "Private link resources in each answer"), by group and by subscription.
    const byGroup: ManagedCluster[] = [];
    for await (const x of k.aks.managedClusters.listByResourceGroup("rg-sys")) byGroup.push(x);
    assert.deepEqual(
      byGroup.map((x) => x.name),
      ["priv1"],
    );
    const listed = k.last("GET", "/resourceGroups/rg-sys/providers/Microsoft.ContainerService/managedClusters").json.value[0].properties.privateLinkResources;
    assert.equal(listed.length, 1);
    assert.equal("id" in listed[0], false);
    assert.match(listed[0].privateLinkServiceID, PLS_ID("westus2"));
    const plsId = listed[0].privateLinkServiceID as string;
    let inSub: ManagedCluster | undefined;
    for await (const x of k.aks.managedClusters.list()) if (x.id === clusterId) inSub = x;
    assert.equal(inSub?.privateLinkResources?.[0]?.privateLinkServiceID, plsId);

    // Update (the GET model sent back, as az does): 200 Updating, the service id and no id; same names.
    got.agentPoolProfiles![0]!.count = 2;
    const updated = await k.aks.managedClusters.createOrUpdate("rg-sys", "priv1", got);
    assert.equal(updated.agentPoolProfiles?.[0]?.count, 2);
    const upd = k.last("PUT", "/managedClusters/priv1");
    assert.equal(upd.status, 200);
    assert.equal(upd.json.properties.provisioningState, "Updating");
    assert.deepEqual(upd.json.properties.privateLinkResources, [
      { name: "management", type: PLR_TYPE, groupId: "management", requiredMembers: ["management"], privateLinkServiceID: plsId },
    ]);
    for (const f of ["fqdn", "privateFQDN", "azurePortalFQDN"]) assert.equal(upd.json.properties[f], c[f], f);

    // The node resource group: a real group, listed, managed by the cluster.
    const mc = await k.resources.resourceGroups.get("MC_rg-sys_priv1_westus2");
    assert.equal(mc.location, "westus2");
    assert.equal(mc.managedBy, clusterId);
    const names: string[] = [];
    for await (const g of k.resources.resourceGroups.list()) names.push(g.name!);
    assert.ok(names.includes("MC_rg-sys_priv1_westus2"), names.join(","));

    // Deleted with the cluster.
    await k.aks.managedClusters.delete("rg-sys", "priv1");
    await refused(k.aks.managedClusters.get("rg-sys", "priv1"), 404, "ResourceNotFound");
    assert.equal((await k.resources.resourceGroups.checkExistence("MC_rg-sys_priv1_westus2")).body, false);
    await refused(k.resources.resourceGroups.get("MC_rg-sys_priv1_westus2"), 404, "ResourceGroupNotFound");
  });

  it("system zone: the zone <guid>.privatelink.<location>.azmk8s.io and the kube-apiserver endpoint in the MC_ group, per location, gone with the cluster", async () => {
    const k = kit(te);
    await group(k, "rg-sysnet");
    // The first pool's own subnet (northeurope), or a managed vnet in the MC_ group (westus2).
    const vnet = await k.network.virtualNetworks.beginCreateOrUpdateAndWait("rg-sysnet", "vnet1", {
      location: "northeurope",
      addressSpace: { addressPrefixes: ["10.10.0.0/16"] },
      subnets: [{ name: "aks", addressPrefix: "10.10.0.0/24" }],
    });
    const byoSubnet = `${vnet.id}/subnets/aks`;
    for (const location of ["westus2", "northeurope"]) {
      const name = `pn-${location}`;
      const pools = location === "northeurope" ? POOLS.map((p) => ({ ...p, vnetSubnetID: byoSubnet })) : POOLS;
      const c = await k.aks.managedClusters.createOrUpdate("rg-sysnet", name, privateClusterParams(location, { agentPoolProfiles: pools }));
      const mcGroup = `MC_rg-sysnet_${name}_${location}`;
      const guid = new RegExp(`\\.(${GUID})\\.privatelink\\.${location}\\.azmk8s\\.io$`).exec(c.privateFqdn!)![1]!;
      const zoneName = `${guid}.privatelink.${location}.azmk8s.io`;
      const zone = await k.dns.privateZones.get(mcGroup, zoneName);
      assert.equal(zone.name, zoneName);
      assert.equal(zone.location, "global");
      const zones: string[] = [];
      for await (const z of k.dns.privateZones.listByResourceGroup(mcGroup)) zones.push(z.name!);
      assert.deepEqual(zones, [zoneName]);

      const pe = await k.network.privateEndpoints.get(mcGroup, "kube-apiserver");
      assert.equal(pe.name, "kube-apiserver");
      assert.equal(pe.location, location);
      const conns = [...(pe.privateLinkServiceConnections ?? []), ...(pe.manualPrivateLinkServiceConnections ?? [])];
      assert.equal(conns.length, 1);
      assert.deepEqual(conns[0]!.groupIds, ["management"]);
      assert.equal(conns[0]!.privateLinkServiceConnectionState?.status, "Approved");
      const plsId = (await k.aks.privateLinkResources.list("rg-sysnet", name)).value![0]!.privateLinkServiceID!;
      assert.ok([plsId.toLowerCase(), c.id!.toLowerCase()].includes(conns[0]!.privateLinkServiceId!.toLowerCase()), conns[0]!.privateLinkServiceId);
      if (location === "northeurope") assert.equal(pe.subnet?.id?.toLowerCase(), byoSubnet.toLowerCase());
      else
        assert.match(
          pe.subnet!.id!,
          new RegExp(`/resourceGroups/${mcGroup}/providers/Microsoft\\.Network/virtualNetworks/aks-vnet-\\d{8}/subnets/aks-subnet$`, "i"),
        );

      // AKS's own connection on the cluster side (docs/fidelity.md "AKS's own kube-apiserver connection").
      const pecs = (await k.aks.privateEndpointConnections.list("rg-sysnet", name)).value ?? [];
      const own = pecs.filter((x) => /\/privateEndpoints\/kube-apiserver$/i.test(x.privateEndpoint?.id ?? ""));
      assert.equal(own.length, 1, JSON.stringify(pecs));
      assert.match(own[0]!.name!, /^kube-apiserver\./);
      assert.equal(own[0]!.privateLinkServiceConnectionState?.status, "Approved");

      await k.aks.managedClusters.delete("rg-sysnet", name);
      await refused(k.dns.privateZones.get(mcGroup, zoneName), 404, "ResourceGroupNotFound");
      await refused(k.network.privateEndpoints.get(mcGroup, "kube-apiserver"), 404, "ResourceGroupNotFound");
    }
  });

  it("the node resource group must be new: the cluster's own group or an existing one is refused and left alone", async () => {
    const k = kit(te);
    await group(k, "rg-nrg");
    await k.resources.resourceGroups.createOrUpdate("rg-nrg-existing", { location: "westus2", tags: { owner: "me" } });
    await refused(
      k.aks.managedClusters.createOrUpdate("rg-nrg", "n1", privateClusterParams("westus2", { nodeResourceGroup: "rg-nrg" })),
      400,
      "NodeResourceGroupSameAsResourceGroup",
      "Node resource group 'rg-nrg' is the same as ResourceGroup 'rg-nrg', which is not allowed",
    );
    await refused(
      k.aks.managedClusters.createOrUpdate("rg-nrg", "n1", privateClusterParams("westus2", { nodeResourceGroup: "rg-nrg-existing" })),
      400,
      "NodeResourceGroupAlreadyExists",
      `Node resource group 'rg-nrg-existing' under subscription '${te.subscriptionId}' already exists, please provide a new one.`,
    );
    const untouched = await k.resources.resourceGroups.get("rg-nrg-existing");
    assert.equal(untouched.managedBy, undefined);
    assert.deepEqual(untouched.tags, { owner: "me" });
    // A name of one's own that does not exist yet is created, managed by the cluster.
    const c = await k.aks.managedClusters.createOrUpdate("rg-nrg", "n1", privateClusterParams("westus2", { nodeResourceGroup: "my-nodes" }));
    assert.equal(c.nodeResourceGroup, "my-nodes");
    assert.equal((await k.resources.resourceGroups.get("my-nodes")).managedBy, c.id);
  });

  it("deleting the cluster's resource group also deletes its node resource group", async () => {
    const k = kit(te);
    await group(k, "rg-cascade");
    const c = await k.aks.managedClusters.createOrUpdate("rg-cascade", "casc", privateClusterParams("westus2"));
    assert.equal((await k.resources.resourceGroups.checkExistence(c.nodeResourceGroup!)).body, true);
    await k.resources.resourceGroups.beginDeleteAndWait("rg-cascade", { updateIntervalInMs: 50 });
    assert.equal((await k.resources.resourceGroups.checkExistence("rg-cascade")).body, false);
    assert.equal((await k.resources.resourceGroups.checkExistence(c.nodeResourceGroup!)).body, false, "the MC_ group is left behind");
  });

  it("private clusters in several locations get per-location names, service ids and node groups", async () => {
    const k = kit(te);
    await group(k, "rg-locs", "eastus");
    const guids = new Set<string>();
    for (const location of ["westus2", "northeurope", "australiaeast"]) {
      const name = `p-${location}`;
      const c = await k.aks.managedClusters.createOrUpdate("rg-locs", name, privateClusterParams(location));
      assert.equal(c.location, location);
      const m = new RegExp(`^priv-${LABEL}\\.(${GUID})\\.privatelink\\.${location}\\.azmk8s\\.io$`).exec(c.privateFqdn!);
      assert.ok(m, c.privateFqdn);
      guids.add(m[1]!);
      assert.match(c.fqdn!, new RegExp(`^priv-${LABEL}\\.hcp\\.${location}\\.azmk8s\\.io$`));
      assert.match(c.azurePortalFqdn!, new RegExp(`^[0-9a-f]{32}-priv\\.portal\\.hcp\\.${location}\\.azmk8s\\.io$`));
      assert.equal(c.nodeResourceGroup, `MC_rg-locs_${name}_${location}`);
      assert.equal((await k.resources.resourceGroups.get(c.nodeResourceGroup!)).location, location);
      const plr = await k.aks.privateLinkResources.list("rg-locs", name);
      assert.match(plr.value![0]!.privateLinkServiceID!, PLS_ID(location));
    }
    assert.equal(guids.size, 3, "each cluster has its own zone GUID");
  });

  it("custom zone with a user-assigned identity and fqdnSubdomain: <sub>.<zone>, no dnsPrefix, no fqdn", async () => {
    const k = kit(te);
    await group(k, "rg-custom");
    const identity = await k.msi.userAssignedIdentities.createOrUpdate("rg-custom", "cp-identity", { location: "westus2" });
    const zone = await k.dns.privateZones.beginCreateOrUpdateAndWait("rg-custom", "privatelink.westus2.azmk8s.io", { location: "global" });
    assert.ok(identity.id && zone.id);
    const params = {
      location: "westus2",
      fqdnSubdomain: "team1",
      agentPoolProfiles: POOLS,
      identity: { type: "UserAssigned", userAssignedIdentities: { [identity.id]: {} } },
      apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: zone.id },
    } as ManagedCluster;
    // AKS checks its user-assigned identity's role on the zone before it acts (docs/fidelity.md "Control-plane identity permissions").
    await refused(
      k.aks.managedClusters.createOrUpdate("rg-custom", "custom1", params),
      400,
      "CustomPrivateDNSZoneMissingPermissionError",
      `Service principal or user-assigned identity must be given permission to read and write to custom private dns zone ${zone.id}. Check access result not allowed for action Microsoft.Network/privateDnsZones/read.`,
    );
    await assert.rejects(k.aks.managedClusters.get("rg-custom", "custom1"), (e: any) => e.statusCode === 404, "nothing was made");
    // Reader on the zone is not enough: it reads but does not write.
    await grantRole(te, zone.id, identity.principalId!, "Reader");
    await refused(
      k.aks.managedClusters.createOrUpdate("rg-custom", "custom1", params),
      400,
      "CustomPrivateDNSZoneMissingPermissionError",
      `Service principal or user-assigned identity must be given permission to read and write to custom private dns zone ${zone.id}. Check access result not allowed for action Microsoft.Network/privateDnsZones/write.`,
    );
    await grantRole(te, zone.id, identity.principalId!, "Private DNS Zone Contributor");
    const c = await k.aks.managedClusters.createOrUpdate("rg-custom", "custom1", params);
    assert.equal(c.privateFqdn, "team1.privatelink.westus2.azmk8s.io");
    assert.equal(c.fqdnSubdomain, "team1");
    assert.equal(c.dnsPrefix, undefined);
    assert.equal(c.fqdn, undefined);
    assert.match(c.azurePortalFqdn!, /^[0-9a-f]{32}-priv\.portal\.hcp\.westus2\.azmk8s\.io$/);
    assert.equal(c.apiServerAccessProfile?.privateDNSZone, zone.id);
    assert.ok(c.identity?.userAssignedIdentities?.[identity.id]?.principalId);
    const raw = k.last("GET", "/managedClusters/custom1").json;
    assert.equal("dnsPrefix" in raw.properties, false);
    assert.equal("fqdn" in raw.properties, false);
    const kc = kubeconfigOf(await k.aks.managedClusters.listClusterUserCredentials("rg-custom", "custom1"));
    assert.equal(kc.server, "https://team1.privatelink.westus2.azmk8s.io:443");

    // Sending a dnsPrefix to a fqdnSubdomain cluster (I-AVM166).
    const model = await k.aks.managedClusters.get("rg-custom", "custom1");
    model.dnsPrefix = "newprefix";
    await refused(
      k.aks.managedClusters.createOrUpdate("rg-custom", "custom1", model),
      400,
      "PropertyChangeNotAllowed",
      "Changing property 'dnsPrefix' is not allowed.",
    );
    assert.equal(k.last("PUT", "/managedClusters/custom1").json.error.target, "dnsPrefix");

    // With the identity in place, a zone that does not exist (docs/fidelity.md "Missing custom zone or identity").
    const missingZone = zone.id.replace("privatelink.westus2", "missing.privatelink.westus2");
    await refused(
      k.aks.managedClusters.createOrUpdate("rg-custom", "custom2", {
        ...params,
        apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: missingZone },
      } as ManagedCluster),
      400,
      "PrivateDNSZoneResourceNotFoundError",
      missingZone,
    );
  });

  it("a custom zone is refused with a system-assigned identity (or none given)", async () => {
    const k = kit(te);
    await group(k, "rg-sai");
    const zoneId = `/subscriptions/${te.subscriptionId}/resourceGroups/rg-sai/providers/Microsoft.Network/privateDnsZones/privatelink.westus2.azmk8s.io`;
    // docs/fidelity.md "Custom zone or identity messages"
    for (const identity of [{ type: "SystemAssigned" }, undefined]) {
      const params = privateClusterParams("westus2", { identity } as Partial<ManagedCluster>, { privateDNSZone: zoneId });
      if (!identity) delete params.identity;
      await refused(
        k.aks.managedClusters.createOrUpdate("rg-sai", "sai", params),
        400,
        "SystemAssignedIdentityNotSupportedForCustomPrivateDNSZone",
        /user-assigned/,
      );
    }
    await refused(k.aks.managedClusters.get("rg-sai", "sai"), 404, "ResourceNotFound");
  });

  it("invalid zone ids are refused with InvalidPrivateDNSZoneResourceID and the allowed patterns", async () => {
    const k = kit(te);
    await group(k, "rg-badzone");
    const zone = (name: string, type = "privateDnsZones") =>
      `/subscriptions/${te.subscriptionId}/resourceGroups/rg-badzone/providers/Microsoft.Network/${type}/${name}`;
    const cases: [string, string][] = [
      ["australiaeast", zone("privatelink.ae.azmk8s.io")], // short location code (I-106092)
      ["westus2", zone("team-privatelink.westus2.azmk8s.io")], // the dash form (I-104092)
      ["westus2", zone("private.westus2.azmk8s.io")], // private. without VNet integration
      ["westus2", zone(`${"a".repeat(33)}.privatelink.westus2.azmk8s.io`)], // subzone over 32 chars
      ["westus2", zone("privatelink.westus2.azmk8s.io", "dnsZones")], // not a private DNS zone
      ["westus2", zone("mycompany.local")],
      ["westus2", "privatelink.westus2.azmk8s.io"], // a name, not an id
    ];
    for (const [location, value] of cases) {
      // A service-principal cluster, so that only the zone id is wrong.
      const params = privateClusterParams(
        location,
        { servicePrincipalProfile: { clientId: "6f1c3a43-2b9e-4f57-9d43-2f0d4b1b9c11", secret: "x" } },
        { privateDNSZone: value },
      );
      delete params.identity;
      const e = await refused(k.aks.managedClusters.createOrUpdate("rg-badzone", "badzone", params), 400, "InvalidPrivateDNSZoneResourceID");
      // docs/fidelity.md "InvalidPrivateDNSZoneResourceID message"
      assert.ok(e.message.startsWith(`Invalid private dns zone resource id '${value}'`), e.message);
      assert.ok(e.message.includes(ZONE_PATTERNS), e.message);
      assert.ok(String(e.code).includes("InvalidPrivateDNSZone"));
    }
    await refused(k.aks.managedClusters.get("rg-badzone", "badzone"), 404, "ResourceNotFound");
  });

  it("a user-assigned identity or a custom zone that does not exist is refused", async () => {
    const k = kit(te);
    await group(k, "rg-missing");
    const zoneId = `/subscriptions/${te.subscriptionId}/resourceGroups/rg-missing/providers/Microsoft.Network/privateDnsZones/privatelink.westus2.azmk8s.io`;
    const identityId = `/subscriptions/${te.subscriptionId}/resourceGroups/rg-missing/providers/Microsoft.ManagedIdentity/userAssignedIdentities/no-such-identity`;
    // docs/fidelity.md "Missing custom zone or identity": identity -> ARM's 404 form.
    const uai = privateClusterParams(
      "westus2",
      { identity: { type: "UserAssigned", userAssignedIdentities: { [identityId]: {} } } } as Partial<ManagedCluster>,
      { privateDNSZone: zoneId },
    );
    await refused(
      k.aks.managedClusters.createOrUpdate("rg-missing", "m1", uai),
      404,
      "ResourceNotFound",
      "The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/no-such-identity' under resource group 'rg-missing' was not found.",
    );
    // Zone -> PrivateDNSZoneResourceNotFoundError (a service-principal cluster: no identity needed).
    const sp = privateClusterParams(
      "westus2",
      { servicePrincipalProfile: { clientId: "6f1c3a43-2b9e-4f57-9d43-2f0d4b1b9c11", secret: "x" } },
      { privateDNSZone: zoneId },
    );
    delete sp.identity;
    await refused(k.aks.managedClusters.createOrUpdate("rg-missing", "m1", sp), 400, "PrivateDNSZoneResourceNotFoundError", zoneId);
    await refused(k.aks.managedClusters.get("rg-missing", "m1"), 404, "ResourceNotFound");
  });

  it("hybrid public FQDN: created off (no fqdn key), toggled on (new label in the PUT answer) and off (gone in the PUT answer)", async () => {
    const k = kit(te);
    await group(k, "rg-hybrid");
    const c = await k.aks.managedClusters.createOrUpdate("rg-hybrid", "hyb", privateClusterParams("westus2", {}, { enablePrivateClusterPublicFqdn: false }));
    const created = k.last("PUT", "/managedClusters/hyb").json.properties;
    assert.equal("fqdn" in created, false, 'absent, not null (docs/sources.md "FQDN forms")');
    assert.equal(created.apiServerAccessProfile.enablePrivateClusterPublicFQDN, false);
    assert.equal(c.fqdn, undefined);
    assert.equal("fqdn" in k.last("GET", "/managedClusters/hyb").json.properties, false);
    const privateFqdn = c.privateFqdn!;
    const portal = c.azurePortalFqdn!;

    const on = async () => {
      const model = await k.aks.managedClusters.get("rg-hybrid", "hyb");
      model.apiServerAccessProfile = { ...model.apiServerAccessProfile, enablePrivateClusterPublicFqdn: true };
      const done = await k.aks.managedClusters.createOrUpdate("rg-hybrid", "hyb", model);
      const put = k.last("PUT", "/managedClusters/hyb");
      assert.equal(put.status, 200);
      assert.equal(put.json.properties.provisioningState, "Updating");
      const fqdn = put.json.properties.fqdn as string;
      assert.match(fqdn, new RegExp(`^priv-${LABEL}\\.hcp\\.westus2\\.azmk8s\\.io$`), 'the new fqdn is in the PUT answer (docs/sources.md "Update flows")');
      assert.equal(done.fqdn, fqdn);
      assert.equal(done.privateFqdn, privateFqdn);
      assert.equal(done.azurePortalFqdn, portal);
      return fqdn;
    };
    const first = await on();
    assert.notEqual(first.split(".")[0], privateFqdn.split(".")[0]);

    const model = await k.aks.managedClusters.get("rg-hybrid", "hyb");
    model.apiServerAccessProfile = { ...model.apiServerAccessProfile, enablePrivateClusterPublicFqdn: false };
    const off = await k.aks.managedClusters.createOrUpdate("rg-hybrid", "hyb", model);
    const put = k.last("PUT", "/managedClusters/hyb");
    assert.equal(put.status, 200);
    assert.equal("fqdn" in put.json.properties, false, 'gone already in the Updating answer (docs/sources.md "Update flows")');
    assert.equal(put.json.properties.privateFQDN, privateFqdn);
    assert.equal(off.fqdn, undefined);
    assert.equal("fqdn" in k.last("GET", "/managedClusters/hyb").json.properties, false);

    const second = await on();
    assert.notEqual(second, first, "re-enabling makes a new label");

    // The kubeconfig keeps pointing at the private name with the public FQDN on (docs/sources.md "Kubeconfig of a private cluster").
    const kc = kubeconfigOf(await k.aks.managedClusters.listClusterUserCredentials("rg-hybrid", "hyb"));
    assert.equal(kc.server, `https://${privateFqdn}:443`);
  });

  it("zone system -> none: privateFQDN equals fqdn in the Updating answer and after; a disabled public FQDN is then refused", async () => {
    const k = kit(te);
    await group(k, "rg-none");
    const c = await k.aks.managedClusters.createOrUpdate("rg-none", "sys2none", privateClusterParams("westus2"));
    const model = await k.aks.managedClusters.get("rg-none", "sys2none");
    model.apiServerAccessProfile = { ...model.apiServerAccessProfile, privateDNSZone: "none" };
    const done = await k.aks.managedClusters.createOrUpdate("rg-none", "sys2none", model);
    const put = k.last("PUT", "/managedClusters/sys2none");
    assert.equal(put.status, 200);
    assert.equal(put.json.properties.provisioningState, "Updating");
    assert.equal(put.json.properties.privateFQDN, c.fqdn, 'switches at once to the public hcp name (docs/sources.md "Update flows")');
    assert.equal(put.json.properties.fqdn, c.fqdn);
    assert.equal(put.json.properties.apiServerAccessProfile.privateDNSZone, "none");
    assert.equal(done.privateFqdn, c.fqdn);
    assert.equal(done.fqdn, c.fqdn);
    assert.equal(done.azurePortalFqdn, c.azurePortalFqdn);
    assert.equal(done.apiServerAccessProfile?.privateDNSZone, "none");
    const kc = kubeconfigOf(await k.aks.managedClusters.listClusterUserCredentials("rg-none", "sys2none"));
    assert.equal(kc.server, `https://${c.fqdn}:443`);

    done.apiServerAccessProfile = { ...done.apiServerAccessProfile, enablePrivateClusterPublicFqdn: false };
    const e = await refused(k.aks.managedClusters.createOrUpdate("rg-none", "sys2none", done), 400, "NonePrivateDNSZonePublicFQDNDisabledError");
    assert.ok(String(e.code).includes("PublicFQDNDisabled"));
  });

  it("zone none -> system is refused (and a custom zone cannot be set later either)", async () => {
    const k = kit(te);
    await group(k, "rg-none2");
    const c = await k.aks.managedClusters.createOrUpdate("rg-none2", "none1", privateClusterParams("westus2", {}, { privateDNSZone: "none" }));
    assert.equal(c.privateFqdn, c.fqdn, 'docs/sources.md "FQDN forms"');
    const model = await k.aks.managedClusters.get("rg-none2", "none1");
    model.apiServerAccessProfile = { ...model.apiServerAccessProfile, privateDNSZone: "system" };
    // docs/fidelity.md "Other private DNS zone changes"
    await refused(k.aks.managedClusters.createOrUpdate("rg-none2", "none1", model), 400, "PropertyChangeNotAllowed", "privateDNSZone");
    const after = await k.aks.managedClusters.get("rg-none2", "none1");
    assert.equal(after.apiServerAccessProfile?.privateDNSZone, "none");
    assert.equal(after.provisioningState, "Succeeded");
  });

  it("public -> private is refused", async () => {
    const k = kit(te);
    await group(k, "rg-pub2priv");
    await k.aks.managedClusters.createOrUpdate("rg-pub2priv", "pub", { location: "westus2", dnsPrefix: "pub", agentPoolProfiles: POOLS });
    const model = await k.aks.managedClusters.get("rg-pub2priv", "pub");
    model.apiServerAccessProfile = { enablePrivateCluster: true };
    // docs/fidelity.md "Changing enablePrivateCluster"
    await refused(
      k.aks.managedClusters.createOrUpdate("rg-pub2priv", "pub", model),
      400,
      "PropertyChangeNotAllowed",
      "Changing enablePrivateCluster is not allowed. It can only be set while creating the cluster.",
    );
    const after = await k.aks.managedClusters.get("rg-pub2priv", "pub");
    assert.equal(after.apiServerAccessProfile, undefined);
    assert.equal(after.privateFqdn, undefined);
    assert.equal(after.provisioningState, "Succeeded");
  });

  it("changing dnsPrefix is refused with PropertyChangeNotAllowed", async () => {
    const k = kit(te);
    await group(k, "rg-prefix");
    await k.aks.managedClusters.createOrUpdate("rg-prefix", "pfx", privateClusterParams("westus2"));
    const model = await k.aks.managedClusters.get("rg-prefix", "pfx");
    model.dnsPrefix = "other";
    await refused(
      k.aks.managedClusters.createOrUpdate("rg-prefix", "pfx", model),
      400,
      "PropertyChangeNotAllowed",
      "Changing property 'dnsPrefix' is not allowed.",
    );
    const body = k.last("PUT", "/managedClusters/pfx").json;
    assert.deepEqual(body.error, { code: "PropertyChangeNotAllowed", message: "Changing property 'dnsPrefix' is not allowed.", target: "dnsPrefix" });
  });

  it("a private cluster with the basic load balancer is refused", async () => {
    const k = kit(te);
    await group(k, "rg-basic");
    const params = privateClusterParams("westus2", { networkProfile: { loadBalancerSku: "basic" } });
    const e = await refused(k.aks.managedClusters.createOrUpdate("rg-basic", "basic", params), 400, "PrivateClusterNotSupportedWithBasicLoadBalancer");
    assert.ok(String(e.code).includes("PrivateClusterNotSupported"));
    await refused(k.aks.managedClusters.get("rg-basic", "basic"), 404, "ResourceNotFound");
  });

  it("authorized IP ranges on a public cluster: set, replaced, cleared ({} while updating, no profile after)", async () => {
    const k = kit(te);
    await group(k, "rg-ranges");
    const c = await k.aks.managedClusters.createOrUpdate("rg-ranges", "ranges", {
      location: "westus2",
      dnsPrefix: "ranges",
      agentPoolProfiles: POOLS,
      apiServerAccessProfile: { authorizedIPRanges: ["1.2.3.4"] },
    });
    // docs/fidelity.md "Authorized IP range without a prefix length"
    assert.deepEqual(k.last("PUT", "/managedClusters/ranges").json.properties.apiServerAccessProfile, { authorizedIPRanges: ["1.2.3.4/32"] });
    assert.deepEqual(c.apiServerAccessProfile?.authorizedIPRanges, ["1.2.3.4/32"]);
    assert.equal(c.privateFqdn, undefined);
    assert.equal(c.privateLinkResources, undefined);

    let model = await k.aks.managedClusters.get("rg-ranges", "ranges");
    model.apiServerAccessProfile = { authorizedIPRanges: ["5.6.7.0/24", "8.8.8.8/32"] };
    const replaced = await k.aks.managedClusters.createOrUpdate("rg-ranges", "ranges", model);
    assert.deepEqual(k.last("PUT", "/managedClusters/ranges").json.properties.apiServerAccessProfile, { authorizedIPRanges: ["5.6.7.0/24", "8.8.8.8/32"] });
    assert.deepEqual(replaced.apiServerAccessProfile?.authorizedIPRanges, ["5.6.7.0/24", "8.8.8.8/32"]);

    model = await k.aks.managedClusters.get("rg-ranges", "ranges");
    model.apiServerAccessProfile = { authorizedIPRanges: [] };
    const cleared = await k.aks.managedClusters.createOrUpdate("rg-ranges", "ranges", model);
    const put = k.last("PUT", "/managedClusters/ranges");
    assert.equal(put.status, 200);
    assert.deepEqual(put.json.properties.apiServerAccessProfile, {}, 'docs/sources.md "Update flows"');
    assert.equal(cleared.apiServerAccessProfile, undefined);
    assert.equal("apiServerAccessProfile" in k.last("GET", "/managedClusters/ranges").json.properties, false);
  });

  it("authorized IP range refusals: over the limit, 0.0.0.0/32 with others, IPv6, malformed, on a private cluster", async () => {
    const k = kit(te);
    await group(k, "rg-badranges");
    const pub = (ranges: string[]) => ({
      location: "westus2",
      dnsPrefix: "br",
      agentPoolProfiles: POOLS,
      apiServerAccessProfile: { authorizedIPRanges: ranges },
    });
    const many = Array.from({ length: 201 }, (_, i) => `20.1.${i}.0/24`);
    // docs/fidelity.md "More than 200 authorized ranges"
    await refused(
      k.aks.managedClusters.createOrUpdate("rg-badranges", "br", pub(many)),
      400,
      "InvalidParameter",
      "The number of APIServer Authorized IP Ranges is greater than the allowed value 200.",
    );
    assert.equal(
      (await k.aks.managedClusters.createOrUpdate("rg-badranges", "br200", pub(many.slice(0, 200)))).apiServerAccessProfile?.authorizedIPRanges?.length,
      200,
    );
    await refused(
      k.aks.managedClusters.createOrUpdate("rg-badranges", "br", pub(["0.0.0.0/32", "1.2.3.4/32"])),
      400,
      "InvalidParameter",
      "Setting apiServerAuthorizedIPRange to 0.0.0.0/32 is not allowed with other IP ranges.",
    );
    assert.deepEqual((await k.aks.managedClusters.createOrUpdate("rg-badranges", "brzero", pub(["0.0.0.0/32"]))).apiServerAccessProfile?.authorizedIPRanges, [
      "0.0.0.0/32",
    ]);
    // docs/fidelity.md "IPv6 authorized IP range", "Malformed authorized IP range"
    await refused(k.aks.managedClusters.createOrUpdate("rg-badranges", "br", pub(["2001:db8::/32"])), 400, "IPv6NotSupported");
    await refused(k.aks.managedClusters.createOrUpdate("rg-badranges", "br", pub(["300.1.2.3/32"])), 400, "CidrStringParseError", "'300.1.2.3/32'");

    // docs/fidelity.md "Private cluster with authorized IP ranges"
    const msg = "Private cluster cannot be enabled with AuthorizedIPRanges.";
    await refused(
      k.aks.managedClusters.createOrUpdate("rg-badranges", "brpriv", privateClusterParams("westus2", {}, { authorizedIPRanges: ["1.2.3.4/32"] })),
      400,
      "InvalidParameter",
      msg,
    );
    await k.aks.managedClusters.createOrUpdate("rg-badranges", "brpriv", privateClusterParams("westus2", {}, { authorizedIPRanges: [] }));
    assert.equal(
      "authorizedIPRanges" in k.last("PUT", "/managedClusters/brpriv").json.properties.apiServerAccessProfile,
      false,
      "[] is accepted and not echoed",
    );
    const model = await k.aks.managedClusters.get("rg-badranges", "brpriv");
    model.apiServerAccessProfile = { ...model.apiServerAccessProfile, authorizedIPRanges: ["1.2.3.4/32"] };
    await refused(k.aks.managedClusters.createOrUpdate("rg-badranges", "brpriv", model), 400, "InvalidParameter", msg);
    await refused(k.aks.managedClusters.get("rg-badranges", "br"), 404, "ResourceNotFound");
  });

  it("private link resources: list and resolve on a private cluster; a public cluster and an unknown group name", async () => {
    const k = kit(te);
    await group(k, "rg-plr");
    await k.aks.managedClusters.createOrUpdate("rg-plr", "plr", privateClusterParams("westus2"));
    const list = await k.aks.privateLinkResources.list("rg-plr", "plr");
    // docs/fidelity.md "privateLinkResources list shape"
    const raw = k.last("GET", "/managedClusters/plr/privateLinkResources").json;
    assert.equal(raw.value.length, 1);
    const { privateLinkServiceID, ...rest } = raw.value[0];
    assert.deepEqual(rest, { name: "management", type: PLR_TYPE, groupId: "management", requiredMembers: ["management"] });
    // docs/fidelity.md "Private link service id"
    assert.match(privateLinkServiceID, PLS_ID("westus2"));
    assert.equal(list.value?.[0]?.privateLinkServiceID, privateLinkServiceID);

    const resolved = await k.aks.resolvePrivateLinkServiceId.post("rg-plr", "plr", { name: "management" });
    assert.equal(resolved.privateLinkServiceID, privateLinkServiceID);
    assert.deepEqual(k.last("POST", "/managedClusters/plr/resolvePrivateLinkServiceId").json, { privateLinkServiceID });
    // docs/fidelity.md "resolvePrivateLinkServiceId for an unknown name or a public cluster"
    await refused(k.aks.resolvePrivateLinkServiceId.post("rg-plr", "plr", { name: "testManagement" }), 400, "InvalidParameter", "'testManagement'");

    // The same service id in the list and update views of the cluster.
    const listed: ManagedCluster[] = [];
    for await (const x of k.aks.managedClusters.listByResourceGroup("rg-plr")) listed.push(x);
    assert.equal(listed[0]?.privateLinkResources?.[0]?.privateLinkServiceID, privateLinkServiceID);

    await k.aks.managedClusters.createOrUpdate("rg-plr", "public", { location: "westus2", dnsPrefix: "public", agentPoolProfiles: POOLS });
    // docs/fidelity.md "Private link resources of a public cluster"
    assert.deepEqual((await k.aks.privateLinkResources.list("rg-plr", "public")).value, []);
    assert.deepEqual(k.last("GET", "/managedClusters/public/privateLinkResources").json, { value: [] });
    await refused(k.aks.resolvePrivateLinkServiceId.post("rg-plr", "public", { name: "management" }), 400, "InvalidParameter", "not a private cluster");

    await refused(k.aks.privateLinkResources.list("rg-plr", "nosuch"), 404, "ResourceNotFound");
    await refused(k.aks.resolvePrivateLinkServiceId.post("rg-plr", "nosuch", { name: "management" }), 404, "ResourceNotFound");
  });

  it("kubeconfigs: https://<privateFQDN>:443 for a private cluster (public FQDN on), https://<fqdn>:443 for a public one", async () => {
    const k = kit(te);
    await group(k, "rg-creds");
    const priv = await k.aks.managedClusters.createOrUpdate("rg-creds", "credpriv", privateClusterParams("westus2"));
    assert.ok(priv.fqdn, "the public FQDN is on");
    const user = kubeconfigOf(await k.aks.managedClusters.listClusterUserCredentials("rg-creds", "credpriv"));
    assert.equal(user.name, "clusterUser");
    assert.equal(user.server, `https://${priv.privateFqdn}:443`);
    assert.equal(user.clusterName, "credpriv");
    assert.equal(user.contextCluster, "credpriv");
    assert.equal(user.currentContext, "credpriv");
    assert.equal(user.contextUser, "clusterUser_rg-creds_credpriv");
    assert.equal(user.userName, "clusterUser_rg-creds_credpriv");
    assert.match(user.yaml, /^ {4}token: [0-9a-f]{128}$/m);
    assert.match(user.yaml, /^kind: Config$/m);

    const admin = kubeconfigOf(await k.aks.managedClusters.listClusterAdminCredentials("rg-creds", "credpriv"));
    assert.equal(admin.name, "clusterAdmin");
    assert.equal(admin.server, `https://${priv.privateFqdn}:443`);
    assert.equal(admin.contextUser, "clusterAdmin_rg-creds_credpriv");
    // docs/fidelity.md "Admin kubeconfig context": the RP names it after the cluster; az appends "-admin".
    assert.equal(admin.currentContext, "credpriv");

    const pub = await k.aks.managedClusters.createOrUpdate("rg-creds", "credpub", { location: "westus2", dnsPrefix: "credpub", agentPoolProfiles: POOLS });
    const pubUser = kubeconfigOf(await k.aks.managedClusters.listClusterUserCredentials("rg-creds", "credpub"));
    assert.equal(pubUser.server, `https://${pub.fqdn}:443`);
    assert.equal(pubUser.userName, "clusterUser_rg-creds_credpub");
    const pubAdmin = kubeconfigOf(await k.aks.managedClusters.listClusterAdminCredentials("rg-creds", "credpub"));
    assert.equal(pubAdmin.server, `https://${pub.fqdn}:443`);

    await refused(k.aks.managedClusters.listClusterUserCredentials("rg-creds", "nosuch"), 404, "ResourceNotFound");
  });
});

describe("a location that refuses private clusters", () => {
  let te: TestEmulator;
  before(async () => {
    te = await startTestEmulator({ refusedPrivateClusterLocations: ["westus2"] });
  });
  after(async () => te.close());

  it("refuses private clusters there with PrivateClusterNotAllowedInLocation, and nothing else", async () => {
    const k = kit(te);
    await group(k, "rg-refused");
    const e = await refused(
      k.aks.managedClusters.createOrUpdate("rg-refused", "p", privateClusterParams("westus2")),
      400,
      "PrivateClusterNotAllowedInLocation",
      "westus2",
    );
    assert.ok(String(e.code).includes("PrivateClusterNotAllowed"));
    await refused(k.aks.managedClusters.get("rg-refused", "p"), 404, "ResourceNotFound");
    const elsewhere = await k.aks.managedClusters.createOrUpdate("rg-refused", "p", privateClusterParams("eastus"));
    assert.equal(elsewhere.provisioningState, "Succeeded");
    const pub = await k.aks.managedClusters.createOrUpdate("rg-refused", "pub", { location: "westus2", dnsPrefix: "pub", agentPoolProfiles: POOLS });
    assert.equal(pub.provisioningState, "Succeeded");
  });
});
