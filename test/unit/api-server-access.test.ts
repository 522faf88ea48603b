import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ArmError } from "../../src/arm/errors.js";
import {
  ALLOWED_ZONE_PATTERNS,
  decideApiServerAccess,
  normalizeAuthorizedRanges,
  parsePrivateDnsZone,
  type AccessInput,
} from "../../src/providers/containerservice/api-server-access.js";
import { buildCluster, type ClusterPool, provisioned, type ClusterScope, type StoredCluster } from "../../src/providers/containerservice/cluster-model.js";
import { IdGenerator } from "../../src/util/ids.js";

/**
 * The pure private-cluster rules (docs/sources.md "Private DNS zone", "Authorized IP ranges", "FQDN forms",
 * "apiServerAccessProfile in answers", "Recorded cluster bodies", "Update flows"):
 * privateDNSZone parsing, authorizedIPRanges checks, the create/update transitions of
 * apiServerAccessProfile, and the FQDNs buildCluster forms from them.
 */

const SUB = "8f2c4c3e-1f7a-4d55-9a4b-2d5e3c1b0a01";
const zoneId = (name: string, type = "privateDnsZones", ns = "Microsoft.Network") =>
  `/subscriptions/${SUB}/resourceGroups/dns-rg/providers/${ns}/${type}/${name}`;

/** Asserts `fn` throws an ArmError with this status and code; returns it for further checks. */
function throwsArm(fn: () => unknown, status: number, code: string): ArmError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ArmError, `expected ArmError ${code}, got ${caught === undefined ? "no error" : String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.status, status);
  return caught;
}

describe("privateDNSZone parsing", () => {
  it("accepts system and none in any case", () => {
    for (const v of ["system", "System", "SYSTEM"]) assert.deepEqual(parsePrivateDnsZone(v, "eastus", false), { mode: "system" });
    for (const v of ["none", "None", "NONE"]) assert.deepEqual(parsePrivateDnsZone(v, "eastus", false), { mode: "none" });
  });

  it("accepts the two privatelink forms without VNet integration and keeps the id as sent", () => {
    for (const name of ["privatelink.westus2.azmk8s.io", "team-a.privatelink.westus2.azmk8s.io", "Team-A1.PrivateLink.WestUS2.azmk8s.io"]) {
      const z = parsePrivateDnsZone(zoneId(name), "westus2", false);
      assert.equal(z.mode, "custom");
      if (z.mode !== "custom") return;
      assert.equal(z.id, zoneId(name));
      assert.equal(z.zoneName, name);
      assert.equal(z.subscriptionId, SUB);
      assert.equal(z.resourceGroup, "dns-rg");
    }
  });

  it("accepts the private. forms only with API server VNet integration", () => {
    for (const name of ["private.westus3.azmk8s.io", "sub1.private.westus3.azmk8s.io"]) {
      assert.equal(parsePrivateDnsZone(zoneId(name), "westus3", true).mode, "custom");
      const e = throwsArm(() => parsePrivateDnsZone(zoneId(name), "westus3", false), 400, "InvalidPrivateDNSZoneResourceID");
      assert.match(e.message, /VNet integration/);
    }
  });

  it("needs the full location name (a short code like `ae` is refused; digits in the name are fine)", () => {
    const e = throwsArm(() => parsePrivateDnsZone(zoneId("privatelink.ae.azmk8s.io"), "australiaeast", false), 400, "InvalidPrivateDNSZoneResourceID");
    assert.ok(e.message.startsWith(`Invalid private dns zone resource id '${zoneId("privatelink.ae.azmk8s.io")}'`), e.message);
    assert.equal(parsePrivateDnsZone(zoneId("privatelink.australiaeast.azmk8s.io"), "australiaeast", false).mode, "custom");
    // Another region's zone does not fit this cluster.
    throwsArm(() => parsePrivateDnsZone(zoneId("privatelink.westus2.azmk8s.io"), "eastus", false), 400, "InvalidPrivateDNSZoneResourceID");
  });

  it("refuses other resource types, non-ids and other names, listing the allowed patterns", () => {
    const bad = [
      zoneId("privatelink.eastus.azmk8s.io", "dnsZones"), // public DNS zone
      zoneId("privatelink.eastus.azmk8s.io", "privateDnsZones", "Microsoft.Compute"),
      `${zoneId("privatelink.eastus.azmk8s.io")}/virtualNetworkLinks/link1`,
      "privatelink.eastus.azmk8s.io", // a name, not an id
      "custom",
      zoneId("mycompany.local"),
      zoneId("privatelink.eastus.azmk8s.io.evil.com"),
    ];
    for (const v of bad) {
      const e = throwsArm(() => parsePrivateDnsZone(v, "eastus", true), 400, "InvalidPrivateDNSZoneResourceID");
      assert.ok(e.message.includes(ALLOWED_ZONE_PATTERNS), e.message);
      assert.equal(e.target, "apiServerAccessProfile.privateDNSZone");
    }
    assert.equal(
      ALLOWED_ZONE_PATTERNS,
      "private.<region>.azmk8s.io,privatelink.<region>.azmk8s.io,[a-zA-Z0-9-]{1,32}.private.<region>.azmk8s.io,[a-zA-Z0-9-]{1,32}.privatelink.<region>.azmk8s.io",
    );
  });

  it("limits the subzone to 32 characters", () => {
    assert.equal(parsePrivateDnsZone(zoneId(`${"a".repeat(32)}.privatelink.eastus.azmk8s.io`), "eastus", false).mode, "custom");
    throwsArm(() => parsePrivateDnsZone(zoneId(`${"a".repeat(33)}.privatelink.eastus.azmk8s.io`), "eastus", false), 400, "InvalidPrivateDNSZoneResourceID");
    throwsArm(() => parsePrivateDnsZone(zoneId(`${"a".repeat(33)}.private.eastus.azmk8s.io`), "eastus", true), 400, "InvalidPrivateDNSZoneResourceID");
  });

  it("refuses the `<subzone>-privatelink` dash form the docs once showed (I-104092)", () => {
    throwsArm(() => parsePrivateDnsZone(zoneId("team-privatelink.eastus.azmk8s.io"), "eastus", false), 400, "InvalidPrivateDNSZoneResourceID");
    throwsArm(() => parsePrivateDnsZone(zoneId("team-private.eastus.azmk8s.io"), "eastus", true), 400, "InvalidPrivateDNSZoneResourceID");
  });
});

describe("authorizedIPRanges checks", () => {
  it("keeps CIDRs and stores a bare IPv4 address as /32", () => {
    // docs/fidelity.md "Authorized IP range without a prefix length"
    assert.deepEqual(normalizeAuthorizedRanges(["1.2.3.4", "137.117.106.88/29", "0.0.0.0/0"], false), ["1.2.3.4/32", "137.117.106.88/29", "0.0.0.0/0"]);
    assert.deepEqual(normalizeAuthorizedRanges([], false), []);
  });

  it("refuses IPv6", () => {
    // docs/fidelity.md "IPv6 authorized IP range"
    for (const r of ["2001:db8::/32", "::1", "2001:db8::1"]) throwsArm(() => normalizeAuthorizedRanges([r], false), 400, "IPv6NotSupported");
  });

  it("refuses bad octets, bad prefixes and non-addresses", () => {
    // docs/fidelity.md "Malformed authorized IP range"
    for (const r of ["256.1.1.1", "1.2.3.4/33", "1.2.3/24", "1.2.3.4/", "a.b.c.d", "", "1.2.3.4/24/1", "10.0.0.0/-1"]) {
      const e = throwsArm(() => normalizeAuthorizedRanges([r], false), 400, "CidrStringParseError");
      assert.ok(e.message.includes(`'${r}'`), e.message);
    }
    throwsArm(() => normalizeAuthorizedRanges([42], false), 400, "InvalidRequestContent");
  });

  it("allows 200 ranges, 2,000 with VNet integration, and says the limit past it", () => {
    const ranges = (n: number) => Array.from({ length: n }, (_, i) => `20.${Math.floor(i / 250)}.${i % 250}.0/24`);
    assert.equal(normalizeAuthorizedRanges(ranges(200), false).length, 200);
    // docs/fidelity.md "More than 200 authorized ranges"
    const e = throwsArm(() => normalizeAuthorizedRanges(ranges(201), false), 400, "InvalidParameter");
    assert.equal(e.message, "The number of APIServer Authorized IP Ranges is greater than the allowed value 200.");
    assert.equal(normalizeAuthorizedRanges(ranges(2000), true).length, 2000);
    const e2 = throwsArm(() => normalizeAuthorizedRanges(ranges(2001), true), 400, "InvalidParameter");
    assert.match(e2.message, /allowed value 2000\.$/);
  });

  it("allows 0.0.0.0/32 only alone", () => {
    assert.deepEqual(normalizeAuthorizedRanges(["0.0.0.0/32"], false), ["0.0.0.0/32"]);
    for (const list of [
      ["0.0.0.0/32", "1.2.3.4/32"],
      ["1.2.3.4/32", "0.0.0.0"],
    ]) {
      const e = throwsArm(() => normalizeAuthorizedRanges(list, false), 400, "InvalidParameter");
      assert.equal(
        e.message,
        "Setting apiServerAuthorizedIPRange to 0.0.0.0/32 is not allowed with other IP ranges. Refer to https://aka.ms/aks/auth-ip-ranges for more details",
      );
    }
  });
});

function access(over: Partial<AccessInput>): AccessInput {
  return {
    requested: undefined,
    previous: undefined,
    creating: true,
    location: "westus2",
    loadBalancerSku: undefined,
    identityType: "SystemAssigned",
    hasServicePrincipal: false,
    fqdnSubdomain: undefined,
    refusedLocations: [],
    ...over,
  };
}

const PRIVATE_SYSTEM = { enablePrivateCluster: true, privateDNSZone: "system", enablePrivateClusterPublicFQDN: true };

describe("apiServerAccessProfile decisions", () => {
  it("a public cluster without a profile has none; a private one gets the recorded defaults", () => {
    assert.deepEqual(decideApiServerAccess(access({})), { profile: undefined, private: false, publicFqdn: true, vnetIntegration: false });
    const d = decideApiServerAccess(access({ requested: { enablePrivateCluster: true, authorizedIPRanges: [] } }));
    assert.equal(d.private, true);
    assert.deepEqual(d.zone, { mode: "system" });
    // Recorded key order; `authorizedIPRanges: []` from the request is not echoed (docs/sources.md "apiServerAccessProfile in answers").
    assert.deepEqual(Object.entries(d.profile!), Object.entries(PRIVATE_SYSTEM));
    assert.equal("privateClusterVersion" in d.profile!, false, 'docs/fidelity.md "privateClusterVersion"');
  });

  it("refuses public -> private, and private -> public (without VNet integration)", () => {
    // docs/fidelity.md "Changing enablePrivateCluster"
    const e = throwsArm(
      () => decideApiServerAccess(access({ creating: false, previous: undefined, requested: { enablePrivateCluster: true } })),
      400,
      "PropertyChangeNotAllowed",
    );
    assert.equal(e.message, "Changing enablePrivateCluster is not allowed. It can only be set while creating the cluster.");
    throwsArm(
      () => decideApiServerAccess(access({ creating: false, previous: { authorizedIPRanges: ["1.2.3.4/32"] }, requested: { enablePrivateCluster: true } })),
      400,
      "PropertyChangeNotAllowed",
    );
    throwsArm(
      () => decideApiServerAccess(access({ creating: false, previous: PRIVATE_SYSTEM, requested: { enablePrivateCluster: false } })),
      400,
      "PropertyChangeNotAllowed",
    );
    // With VNet integration the switch is allowed (DOC-VNETINT).
    const d = decideApiServerAccess(
      access({ creating: false, previous: { enableVnetIntegration: true }, requested: { enablePrivateCluster: true, enableVnetIntegration: true } }),
    );
    assert.equal(d.private, true);
  });

  it("an update that leaves the profile out keeps it", () => {
    const d = decideApiServerAccess(access({ creating: false, previous: { ...PRIVATE_SYSTEM, enablePrivateClusterPublicFQDN: false }, requested: undefined }));
    assert.equal(d.private, true);
    assert.equal(d.publicFqdn, false);
    assert.deepEqual(d.zone, { mode: "system" });
  });

  it("zone transitions: system -> none and custom -> none are allowed; none -> system, system -> custom are not", () => {
    const none = decideApiServerAccess(access({ creating: false, previous: PRIVATE_SYSTEM, requested: { ...PRIVATE_SYSTEM, privateDNSZone: "none" } }));
    assert.deepEqual(none.zone, { mode: "none" });
    assert.equal(none.profile!["privateDNSZone"], "none");

    const custom = zoneId("privatelink.westus2.azmk8s.io");
    const prevCustom = { enablePrivateCluster: true, privateDNSZone: custom, enablePrivateClusterPublicFQDN: true };
    const fromCustom = decideApiServerAccess(
      access({ creating: false, identityType: "UserAssigned", previous: prevCustom, requested: { ...prevCustom, privateDNSZone: "None" } }),
    );
    assert.deepEqual(fromCustom.zone, { mode: "none" });
    // The same custom zone in another casing is no change.
    const same = decideApiServerAccess(
      access({ creating: false, identityType: "UserAssigned", previous: prevCustom, requested: { ...prevCustom, privateDNSZone: custom.toLowerCase() } }),
    );
    assert.equal(same.zone?.mode, "custom");

    // docs/fidelity.md "Other private DNS zone changes"
    const prevNone = { ...PRIVATE_SYSTEM, privateDNSZone: "none" };
    const e = throwsArm(
      () => decideApiServerAccess(access({ creating: false, previous: prevNone, requested: { ...prevNone, privateDNSZone: "system" } })),
      400,
      "PropertyChangeNotAllowed",
    );
    assert.equal(e.target, "apiServerAccessProfile.privateDNSZone");
    throwsArm(
      () =>
        decideApiServerAccess(
          access({ creating: false, identityType: "UserAssigned", previous: PRIVATE_SYSTEM, requested: { ...PRIVATE_SYSTEM, privateDNSZone: custom } }),
        ),
      400,
      "PropertyChangeNotAllowed",
    );
  });

  it("a custom zone needs a user-assigned identity or a service principal", () => {
    const requested = { enablePrivateCluster: true, privateDNSZone: zoneId("privatelink.westus2.azmk8s.io") };
    const e = throwsArm(() => decideApiServerAccess(access({ requested })), 400, "SystemAssignedIdentityNotSupportedForCustomPrivateDNSZone");
    assert.equal(e.target, "apiServerAccessProfile.privateDNSZone");
    assert.equal(decideApiServerAccess(access({ requested, identityType: "UserAssigned" })).zone?.mode, "custom");
    assert.equal(decideApiServerAccess(access({ requested, identityType: undefined, hasServicePrincipal: true })).zone?.mode, "custom");
    // The full id is echoed as privateDNSZone (docs/sources.md "apiServerAccessProfile in answers").
    assert.equal(decideApiServerAccess(access({ requested, identityType: "UserAssigned" })).profile!["privateDNSZone"], requested.privateDNSZone);
  });

  it("zone none with the public FQDN off is refused", () => {
    throwsArm(
      () => decideApiServerAccess(access({ requested: { enablePrivateCluster: true, privateDNSZone: "none", enablePrivateClusterPublicFQDN: false } })),
      400,
      "NonePrivateDNSZonePublicFQDNDisabledError",
    );
    throwsArm(
      () =>
        decideApiServerAccess(
          access({ creating: false, previous: { ...PRIVATE_SYSTEM, privateDNSZone: "none" }, requested: { enablePrivateClusterPublicFQDN: false } }),
        ),
      400,
      "NonePrivateDNSZonePublicFQDNDisabledError",
    );
  });

  it("a private cluster needs the standard load balancer", () => {
    // docs/fidelity.md "Custom zone or identity messages"
    for (const sku of ["basic", "Basic"]) {
      const e = throwsArm(
        () => decideApiServerAccess(access({ requested: { enablePrivateCluster: true }, loadBalancerSku: sku })),
        400,
        "PrivateClusterNotSupportedWithBasicLoadBalancer",
      );
      assert.equal(e.target, "networkProfile.loadBalancerSku");
    }
    assert.equal(decideApiServerAccess(access({ requested: { enablePrivateCluster: true }, loadBalancerSku: "Standard" })).private, true);
    assert.equal(decideApiServerAccess(access({ loadBalancerSku: "basic" })).private, false, "a public cluster may use basic");
  });

  it("refuses private clusters in a refused location, and only there", () => {
    throwsArm(
      () => decideApiServerAccess(access({ requested: { enablePrivateCluster: true }, refusedLocations: ["westus2"] })),
      400,
      "PrivateClusterNotAllowedInLocation",
    );
    // The setting may spell the location as a display name or in another case.
    throwsArm(
      () => decideApiServerAccess(access({ requested: { enablePrivateCluster: true }, refusedLocations: ["West US 2"] })),
      400,
      "PrivateClusterNotAllowedInLocation",
    );
    assert.equal(decideApiServerAccess(access({ requested: { enablePrivateCluster: true }, refusedLocations: ["eastus"] })).private, true);
    assert.equal(decideApiServerAccess(access({ requested: { authorizedIPRanges: ["1.2.3.4/32"] }, refusedLocations: ["westus2"] })).private, false);
  });

  it("refuses authorized ranges on a private cluster (allowed with VNet integration); [] is accepted and not echoed", () => {
    // docs/fidelity.md "Private cluster with authorized IP ranges"
    const e = throwsArm(
      () => decideApiServerAccess(access({ requested: { enablePrivateCluster: true, authorizedIPRanges: ["1.2.3.4/32"] } })),
      400,
      "InvalidParameter",
    );
    assert.equal(e.message, "Private cluster cannot be enabled with AuthorizedIPRanges.");
    throwsArm(
      () => decideApiServerAccess(access({ creating: false, previous: PRIVATE_SYSTEM, requested: { ...PRIVATE_SYSTEM, authorizedIPRanges: ["1.2.3.4"] } })),
      400,
      "InvalidParameter",
    );
    const d = decideApiServerAccess(access({ requested: { enablePrivateCluster: true, enableVnetIntegration: true, authorizedIPRanges: ["1.2.3.4"] } }));
    assert.deepEqual(d.profile!["authorizedIPRanges"], ["1.2.3.4/32"]);
    const empty = decideApiServerAccess(access({ requested: { enablePrivateCluster: true, authorizedIPRanges: [] } }));
    assert.equal("authorizedIPRanges" in empty.profile!, false);
  });

  it("public cluster ranges: set, replaced, cleared to {}", () => {
    const set = decideApiServerAccess(access({ requested: { authorizedIPRanges: ["1.2.3.4"] } }));
    assert.deepEqual(set.profile, { authorizedIPRanges: ["1.2.3.4/32"] });
    assert.equal("enablePrivateCluster" in set.profile!, false);
    const replaced = decideApiServerAccess(access({ creating: false, previous: set.profile, requested: { authorizedIPRanges: ["5.6.7.0/24"] } }));
    assert.deepEqual(replaced.profile, { authorizedIPRanges: ["5.6.7.0/24"] });
    const cleared = decideApiServerAccess(access({ creating: false, previous: replaced.profile, requested: { authorizedIPRanges: [] } }));
    assert.deepEqual(cleared.profile, {});
    const kept = decideApiServerAccess(access({ creating: false, previous: replaced.profile, requested: undefined }));
    assert.deepEqual(kept.profile, { authorizedIPRanges: ["5.6.7.0/24"] });
  });

  it("privateDNSZone and a disabled public FQDN are refused on a public cluster", () => {
    // docs/fidelity.md "privateDNSZone on a public cluster"
    const e = throwsArm(() => decideApiServerAccess(access({ requested: { privateDNSZone: "system" } })), 400, "InvalidParameter");
    assert.equal(e.message, "Invalid private dns zone for public cluster. It should always be empty for public cluster");
    throwsArm(() => decideApiServerAccess(access({ requested: { enablePrivateClusterPublicFQDN: false } })), 400, "InvalidParameter");
  });

  it("fqdnSubdomain needs a custom zone", () => {
    // docs/fidelity.md "fqdnSubdomain without a custom zone"
    throwsArm(() => decideApiServerAccess(access({ requested: { enablePrivateCluster: true }, fqdnSubdomain: "sub1" })), 400, "InvalidParameter");
    throwsArm(() => decideApiServerAccess(access({ requested: undefined, fqdnSubdomain: "sub1" })), 400, "InvalidParameter");
  });

  it("reports wrong JSON types with the property path", () => {
    const e = throwsArm(() => decideApiServerAccess(access({ requested: { enablePrivateCluster: "yes" } })), 400, "InvalidRequestContent");
    assert.equal(e.target, "properties.apiServerAccessProfile.enablePrivateCluster");
  });
});

// ------------------------------------------------------------------------------------------------
// FQDN generation through buildCluster

const scope = (location = "westus2", name = "c1"): ClusterScope => ({
  subscriptionId: SUB,
  resourceGroup: "rg1",
  name,
  location,
  tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
});
const keyOf = (s: ClusterScope) =>
  `/subscriptions/${s.subscriptionId}/resourcegroups/${s.resourceGroup}/providers/microsoft.containerservice/managedclusters/${s.name}`.toLowerCase();
const pools = [{ name: "nodepool1", count: 1, mode: "System" }];
type Obj = Record<string, any>;

function create(props: Obj, opts: { identity?: Obj; s?: ClusterScope; ids?: IdGenerator } = {}): StoredCluster & { pools: ClusterPool[] } {
  const s = opts.s ?? scope();
  const body: Obj = { location: s.location, properties: { agentPoolProfiles: pools, ...props } };
  if (opts.identity) body["identity"] = opts.identity;
  return buildCluster({ scope: s, key: keyOf(s), body, ids: opts.ids ?? new IdGenerator("unit"), now: Date.UTC(2026, 0, 1) });
}

function update(
  previous: StoredCluster & { pools?: ClusterPool[] },
  props: Obj,
  s = scope(),
  ids = new IdGenerator("unit"),
): StoredCluster & { pools: ClusterPool[] } {
  const done: StoredCluster = { resource: provisioned(previous.resource, { subscriptionId: SUB, key: keyOf(s) }, ids), meta: previous.meta };
  return buildCluster({
    scope: s,
    key: keyOf(s),
    body: { location: s.location, properties: { agentPoolProfiles: pools, ...props } },
    previous: done,
    // The pools the previous PUT wrote (their rows, in the running emulator).
    previousPools: previous.pools ?? [],
    ids,
    now: Date.UTC(2026, 0, 2),
  });
}

const p = (c: StoredCluster): Obj => c.resource["properties"] as Obj;
const LABEL = "[0-9a-z]{8}";
const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

describe("FQDN generation", () => {
  it("public cluster: fqdn and portal FQDN share the label; no privateFQDN", () => {
    const c = p(create({ dnsPrefix: "MyAKS" }));
    const m = new RegExp(`^myaks-(${LABEL})\\.hcp\\.westus2\\.azmk8s\\.io$`).exec(c["fqdn"]);
    assert.ok(m, c["fqdn"]);
    assert.equal(c["azurePortalFQDN"], `myaks-${m[1]}.portal.hcp.westus2.azmk8s.io`);
    assert.equal("privateFQDN" in c, false);
    assert.equal("privateLinkResources" in c, false);
  });

  it("system zone: <dnsPrefix>-<8>.<guid>.privatelink.<location>.azmk8s.io with a label other than fqdn's; portal <32 hex>-priv", () => {
    const c = p(create({ dnsPrefix: "dns1", apiServerAccessProfile: { enablePrivateCluster: true } }));
    const pub = new RegExp(`^dns1-(${LABEL})\\.hcp\\.westus2\\.azmk8s\\.io$`).exec(c["fqdn"]);
    const priv = new RegExp(`^dns1-(${LABEL})\\.(${GUID})\\.privatelink\\.westus2\\.azmk8s\\.io$`).exec(c["privateFQDN"]);
    assert.ok(pub, c["fqdn"]);
    assert.ok(priv, c["privateFQDN"]);
    assert.notEqual(priv[1], pub[1], 'the private label differs from the public one (docs/sources.md "FQDN forms")');
    assert.match(c["azurePortalFQDN"], /^[0-9a-f]{32}-priv\.portal\.hcp\.westus2\.azmk8s\.io$/);
    assert.deepEqual(c["apiServerAccessProfile"], PRIVATE_SYSTEM);
    // Another cluster in the same subscription and region gets another zone GUID.
    const other = p(create({ dnsPrefix: "dns1", apiServerAccessProfile: { enablePrivateCluster: true } }, { s: scope("westus2", "c2") }));
    assert.notEqual(/\.([0-9a-f-]{36})\.privatelink/.exec(other["privateFQDN"])![1], priv[2]);
    // The location in the names is the cluster's.
    const ne = p(create({ dnsPrefix: "dns1", apiServerAccessProfile: { enablePrivateCluster: true } }, { s: scope("northeurope") }));
    assert.match(ne["privateFQDN"], new RegExp(`^dns1-${LABEL}\\.${GUID}\\.privatelink\\.northeurope\\.azmk8s\\.io$`));
    assert.match(ne["azurePortalFQDN"], /-priv\.portal\.hcp\.northeurope\.azmk8s\.io$/);
  });

  it("the private link resource is stored whole with the documented service id form", () => {
    const c = p(create({ dnsPrefix: "dns1", apiServerAccessProfile: { enablePrivateCluster: true } }));
    assert.deepEqual(Object.keys(c["privateLinkResources"][0]), ["id", "name", "type", "groupId", "requiredMembers", "privateLinkServiceID"]);
    assert.equal(
      c["privateLinkResources"][0].id,
      `/subscriptions/${SUB}/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1/privateLinkResources/management`,
    );
    assert.match(
      c["privateLinkResources"][0].privateLinkServiceID,
      /^\/subscriptions\/00000000-0000-0000-0000-000000000000\/resourceGroups\/hcp-underlay-westus2-cx-\d{1,3}\/providers\/Microsoft\.Network\/privateLinkServices\/[0-9a-f]{32}$/,
    );
  });

  it("zone none: privateFQDN equals fqdn, on create and after system -> none", () => {
    const c = p(create({ dnsPrefix: "dns1", apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: "none" } }));
    assert.match(c["fqdn"], new RegExp(`^dns1-${LABEL}\\.hcp\\.westus2\\.azmk8s\\.io$`));
    assert.equal(c["privateFQDN"], c["fqdn"]);

    const sys = create({ dnsPrefix: "dns1", apiServerAccessProfile: { enablePrivateCluster: true } });
    const moved = update(sys, { apiServerAccessProfile: { ...PRIVATE_SYSTEM, privateDNSZone: "none" } });
    assert.equal(p(moved)["privateFQDN"], p(sys)["fqdn"], 'switches at once to the public hcp name (docs/sources.md "Update flows")');
    assert.equal(p(moved)["fqdn"], p(sys)["fqdn"]);
    assert.equal(p(moved)["azurePortalFQDN"], p(sys)["azurePortalFQDN"]);
    assert.equal(p(moved)["provisioningState"], "Updating");
  });

  it("custom zone + fqdnSubdomain: <sub>.<zone>, no dnsPrefix and no fqdn", () => {
    const zone = zoneId("privatelink.westus2.azmk8s.io");
    const c = p(
      create(
        { fqdnSubdomain: "Team1", apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: zone } },
        {
          identity: {
            type: "UserAssigned",
            userAssignedIdentities: { [`/subscriptions/${SUB}/resourceGroups/id-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cp`]: {} },
          },
        },
      ),
    );
    assert.equal(c["privateFQDN"], "team1.privatelink.westus2.azmk8s.io");
    assert.equal(c["fqdnSubdomain"], "Team1");
    assert.equal("dnsPrefix" in c, false);
    assert.equal("fqdn" in c, false);
    assert.match(c["azurePortalFQDN"], /^[0-9a-f]{32}-priv\.portal\.hcp\.westus2\.azmk8s\.io$/);
    assert.equal(c["apiServerAccessProfile"].privateDNSZone, zone);
  });

  it("custom zone with dnsPrefix: <dnsPrefix>-<8>.<zone>", () => {
    // docs/fidelity.md "Custom zone with dnsPrefix"
    const c = p(
      create(
        { dnsPrefix: "dns1", apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: zoneId("sub.privatelink.westus2.azmk8s.io") } },
        {
          identity: {
            type: "UserAssigned",
            userAssignedIdentities: { "/subscriptions/s/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/i": {} },
          },
        },
      ),
    );
    assert.match(c["privateFQDN"], new RegExp(`^dns1-${LABEL}\\.sub\\.privatelink\\.westus2\\.azmk8s\\.io$`));
  });

  it("public FQDN off: no fqdn key; re-enabling makes a new label; privateFQDN and portal stay", () => {
    const off = create({ dnsPrefix: "dns1", apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false } });
    assert.equal("fqdn" in p(off), false);
    assert.equal(p(off)["apiServerAccessProfile"].enablePrivateClusterPublicFQDN, false);

    const on = create({ dnsPrefix: "dns1", apiServerAccessProfile: { enablePrivateCluster: true } });
    const first = p(on)["fqdn"];
    const disabled = update(on, { dnsPrefix: "dns1", apiServerAccessProfile: { ...PRIVATE_SYSTEM, enablePrivateClusterPublicFQDN: false } });
    assert.equal("fqdn" in p(disabled), false, 'gone in the Updating answer (docs/sources.md "Update flows")');
    assert.equal(p(disabled)["privateFQDN"], p(on)["privateFQDN"]);
    const again = update(disabled, { dnsPrefix: "dns1", apiServerAccessProfile: PRIVATE_SYSTEM });
    const second = p(again)["fqdn"];
    assert.match(second, new RegExp(`^dns1-${LABEL}\\.hcp\\.westus2\\.azmk8s\\.io$`));
    assert.notEqual(second, first, 'a newly generated label (docs/sources.md "Update flows")');
    assert.equal(p(again)["privateFQDN"], p(on)["privateFQDN"]);
    assert.equal(p(again)["azurePortalFQDN"], p(on)["azurePortalFQDN"]);
    // An unrelated update keeps the label.
    const scaled = update(again, { dnsPrefix: "dns1", agentPoolProfiles: [{ name: "nodepool1", count: 3, mode: "System" }] });
    assert.equal(p(scaled)["fqdn"], second);
  });

  it("the same seed and requests give the same names; another seed other names", () => {
    const body = { dnsPrefix: "dns1", apiServerAccessProfile: { enablePrivateCluster: true } };
    assert.equal(p(create(body, { ids: new IdGenerator("s1") }))["privateFQDN"], p(create(body, { ids: new IdGenerator("s1") }))["privateFQDN"]);
    assert.notEqual(p(create(body, { ids: new IdGenerator("s1") }))["privateFQDN"], p(create(body, { ids: new IdGenerator("s2") }))["privateFQDN"]);
  });
});

describe("secrets a cluster body carries", () => {
  it("are not kept: servicePrincipalProfile.secret, windowsProfile.adminPassword, aadProfile.serverAppSecret", () => {
    const c = p(
      create({
        servicePrincipalProfile: { clientId: "11111111-1111-1111-1111-111111111111", secret: "sp-secret" },
        windowsProfile: { adminUsername: "azureuser", adminPassword: "win-secret" },
        aadProfile: { clientAppID: "c", serverAppID: "s", serverAppSecret: "aad-secret", tenantID: "t" },
      }),
    );
    assert.doesNotMatch(JSON.stringify(c), /sp-secret|win-secret|aad-secret/);
    assert.deepEqual(c["aadProfile"], { clientAppID: "c", serverAppID: "s", tenantID: "t" });
  });
});
