import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ManagedIdentityCredential } from "@azure/identity";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { parseRoleAssignment, parseRoleAssignments, objectIdFor } from "../../src/identity/role-assignments.js";
import { actionMatches, roleGrants, scopesAbove } from "../../src/identity/rbac.js";
import { builtInRole } from "../../src/identity/built-in-roles.js";
import { OWNER_PRINCIPAL, type Principal } from "../../src/identity/principals.js";
import { clusterBody, clusterPath, rgPath, startTestEmulator, useManagedIdentityEnv, type TestEmulator } from "../support/emulator.js";
import { conformancePolicy } from "../support/conformance.js";

const CLIENT = "3c1d2b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const READER_ROLE = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const CONTRIBUTOR_ROLE = "b24988ac-6180-42a0-ab88-20f7382dd24c";

describe("the RBAC model", () => {
  it("matches actions as Azure does: wildcards, notActions, case", () => {
    assert.ok(actionMatches("*/read", "Microsoft.ContainerService/managedClusters/read"));
    assert.ok(actionMatches("Microsoft.Network/*", "microsoft.network/virtualNetworks/subnets/join/action"));
    assert.ok(!actionMatches("*/read", "Microsoft.ContainerService/managedClusters/write"));
    assert.ok(roleGrants(builtInRole("Owner")!, "Microsoft.Authorization/roleAssignments/write"));
    assert.ok(roleGrants(builtInRole("Contributor")!, "Microsoft.ContainerService/managedClusters/write"));
    assert.ok(!roleGrants(builtInRole("Contributor")!, "Microsoft.Authorization/roleAssignments/write"), "Contributor's notActions");
    assert.ok(!roleGrants(builtInRole("reader")!, "Microsoft.ContainerService/managedClusters/delete"));
    assert.ok(roleGrants(builtInRole("Network Contributor")!, "Microsoft.Network/virtualNetworks/subnets/join/action"));
    assert.ok(roleGrants(builtInRole("b12aa53e-6015-4669-85d0-8515ebb3ae7f")!, "Microsoft.Network/privateDnsZones/write"));
    assert.ok(!roleGrants(builtInRole("Private DNS Zone Contributor")!, "Microsoft.Network/virtualNetworks/subnets/join/action"));
    assert.deepEqual(scopesAbove("/subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/v/subnets/s?api-version=1"), [
      "/subscriptions/s",
      "/subscriptions/s/resourcegroups/rg",
      "/subscriptions/s/resourcegroups/rg/providers/microsoft.network",
      "/subscriptions/s/resourcegroups/rg/providers/microsoft.network/virtualnetworks/v",
      "/subscriptions/s/resourcegroups/rg/providers/microsoft.network/virtualnetworks/v/subnets/s",
    ]);
  });

  it("parses --role-assignment with any built-in role", () => {
    const a = parseRoleAssignments([`${CLIENT}=Reader@/subscriptions/s1/resourceGroups/ro`, "", `${CLIENT}=network contributor`]);
    assert.equal(a.length, 2);
    assert.equal(a[0]!.objectId, objectIdFor(CLIENT));
    assert.equal(a[1]!.role, "Network Contributor");
    assert.equal(a[1]!.scope, undefined);
    assert.throws(() => parseRoleAssignment("not-a-guid=Reader"), /client-id GUID/);
    assert.throws(() => parseRoleAssignment(`${CLIENT}=Janitor`), /the roles are Owner, Contributor, Reader/);
  });
});

describe("role assignments made at start (--role-assignment), added up", () => {
  let te: TestEmulator;
  before(async () => {
    te = await startTestEmulator({
      roleAssignments: parseRoleAssignments([`${CLIENT}=Reader`, `${CLIENT}=Owner@/subscriptions/8f2c4c3e-1f7a-4d55-9a4b-2d5e3c1b0a01/resourceGroups/rg-rw`]),
    });
    useManagedIdentityEnv(te);
    for (const rg of ["rg-ro", "rg-rw"]) await te.request("PUT", `${rgPath(te.subscriptionId, rg)}?api-version=2022-09-01`, { body: { location: "eastus" } });
    await te.request("PUT", `${clusterPath(te.subscriptionId, "rg-ro", "existing")}?api-version=2026-04-01`, { body: clusterBody() });
  });
  after(async () => te.close());

  it("reads everywhere, writes where it is Owner, and gets 403 AuthorizationFailed elsewhere", async () => {
    const credential = new ManagedIdentityCredential({ clientId: CLIENT });
    const aks = new ContainerServiceClient(credential, te.subscriptionId, {
      endpoint: te.endpoint,
      additionalPolicies: [{ policy: conformancePolicy(), position: "perCall" }],
    } as any);
    const existing = await aks.managedClusters.get("rg-ro", "existing");
    assert.equal(existing.name, "existing");

    const params = { location: "eastus", dnsPrefix: "p", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] } as any;
    const created = await aks.managedClusters.createOrUpdate("rg-rw", "allowed", params, { updateIntervalInMs: 50 });
    assert.equal(created.provisioningState, "Succeeded");

    const oid = objectIdFor(CLIENT);
    await assert.rejects(aks.managedClusters.createOrUpdate("rg-ro", "refused", params), (e: any) => {
      assert.equal(e.statusCode, 403);
      assert.equal(e.code, "AuthorizationFailed");
      assert.match(
        e.message,
        new RegExp(
          `^The client '${oid}' with object id '${oid}' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/write' over scope '/subscriptions/${te.subscriptionId}/resourceGroups/rg-ro/providers/Microsoft.ContainerService/managedClusters/refused' or the scope is invalid\\.`,
        ),
      );
      return true;
    });
    await assert.rejects(aks.managedClusters.delete("rg-ro", "existing"), (e: any) => e.statusCode === 403 && e.code === "AuthorizationFailed");
    await assert.rejects(aks.managedClusters.updateTags("rg-ro", "existing", { tags: { a: "b" } }), (e: any) => e.statusCode === 403);
  });

  it("an unknown client id gets no token", async () => {
    const url = `${te.emulator.info.identityEndpoint}?api-version=2019-08-01&resource=https://management.azure.com&client_id=99999999-9999-4999-8999-999999999999`;
    const res = await fetch(url, { headers: { "x-identity-header": te.emulator.info.identityHeader } });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error_description: string }).error_description, /Identity not found/);
  });
});

/** A credential answering the test emulator's token for a principal (the SDKs' TokenCredential). */
function tokenFor(te: TestEmulator, principal?: Principal) {
  return { getToken: async () => ({ token: te.token(principal), expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

describe("Microsoft.Authorization through @azure/arm-authorization 9 (api-version 2022-04-01)", () => {
  let te: TestEmulator;
  let auth: AuthorizationManagementClient;
  const sub = () => `/subscriptions/${te.subscriptionId}`;
  const work = () => `${sub()}/resourceGroups/rg-work`;
  before(async () => {
    // The principal holds Reader on another group only: in rg-work it has nothing until an Owner grants it.
    te = await startTestEmulator({
      lroDurationMs: 0,
      roleAssignments: parseRoleAssignments([`${CLIENT}=Reader@/subscriptions/8f2c4c3e-1f7a-4d55-9a4b-2d5e3c1b0a01/resourceGroups/rg-other`]),
    });
    for (const rg of ["rg-work", "rg-other"])
      await te.request("PUT", `${rgPath(te.subscriptionId, rg)}?api-version=2022-09-01`, { body: { location: "eastus" } });
    await te.request("PUT", `${clusterPath(te.subscriptionId, "rg-work", "c1")}?api-version=2026-04-01`, { body: clusterBody() });
    auth = new AuthorizationManagementClient(tokenFor(te), te.subscriptionId, { endpoint: te.endpoint } as any);
  });
  after(async () => te.close());

  it("gets and lists the built-in role definitions at any scope, by name", async () => {
    const reader = await auth.roleDefinitions.get(work(), READER_ROLE);
    assert.equal(reader.roleName, "Reader");
    assert.equal(reader.id, `${sub()}/providers/Microsoft.Authorization/roleDefinitions/${READER_ROLE}`);
    assert.deepEqual(reader.permissions?.[0]?.actions, ["*/read"]);
    const found = [];
    for await (const d of auth.roleDefinitions.list(`${work()}/providers/Microsoft.ContainerService/managedClusters/c1`, {
      filter: "roleName eq 'Private DNS Zone Contributor'",
    }))
      found.push(d);
    assert.deepEqual(
      found.map((d) => d.name),
      ["b12aa53e-6015-4669-85d0-8515ebb3ae7f"],
    );
    const all = [];
    for await (const d of auth.roleDefinitions.list(sub())) all.push(d.roleName);
    for (const name of ["Owner", "Contributor", "Network Contributor", "Managed Identity Operator", "Azure Kubernetes Service RBAC Writer"])
      assert.ok(all.includes(name), name);
    await assert.rejects(
      auth.roleDefinitions.get(sub(), "00000000-0000-4000-8000-000000000000"),
      (e: any) => e.statusCode === 404 && e.code === "RoleDefinitionDoesNotExist",
    );
  });

  it("a role assignment made through ARM changes what its principal may do", async () => {
    const oid = objectIdFor(CLIENT);
    const principal = tokenFor(te, { objectId: oid, clientId: CLIENT, name: "principal", role: "Reader" });
    const asPrincipal = new ContainerServiceClient(principal, te.subscriptionId, { endpoint: te.endpoint } as any);
    const params = { location: "eastus", dnsPrefix: "p", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] } as any;
    // No assignment in rg-work: not even a read.
    await assert.rejects(
      asPrincipal.managedClusters.get("rg-work", "c1"),
      (e: any) => e.statusCode === 403 && e.code === "AuthorizationFailed" && e.message.includes("managedClusters/read"),
    );

    const readerName = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d";
    const made = await auth.roleAssignments.create(work(), readerName, {
      roleDefinitionId: `${sub()}/providers/Microsoft.Authorization/roleDefinitions/${READER_ROLE}`,
      principalId: oid,
      principalType: "ServicePrincipal",
    });
    assert.equal(made.scope, work());
    assert.equal(made.principalId, oid);
    assert.equal(made.roleDefinitionId, `${sub()}/providers/Microsoft.Authorization/roleDefinitions/${READER_ROLE}`);
    assert.equal((await asPrincipal.managedClusters.get("rg-work", "c1")).name, "c1");
    await assert.rejects(asPrincipal.managedClusters.createOrUpdate("rg-work", "c2", params), (e: any) => {
      assert.equal(e.statusCode, 403);
      assert.equal(e.code, "AuthorizationFailed");
      assert.ok(e.message.includes(`with object id '${oid}'`) && e.message.includes("'Microsoft.ContainerService/managedClusters/write'"), e.message);
      return true;
    });

    // The same grant again under another name is refused; the same name again answers it.
    await assert.rejects(
      auth.roleAssignments.create(work(), "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e", {
        roleDefinitionId: `${sub()}/providers/Microsoft.Authorization/roleDefinitions/${READER_ROLE}`,
        principalId: oid,
      }),
      (e: any) => e.statusCode === 409 && e.code === "RoleAssignmentExists" && e.message === "The role assignment already exists.",
    );

    // A Reader cannot grant: roleAssignments/write needs Owner (or User Access Administrator).
    const asReaderAuth = new AuthorizationManagementClient(principal, te.subscriptionId, { endpoint: te.endpoint } as any);
    await assert.rejects(
      asReaderAuth.roleAssignments.create(work(), "8c9d0e1f-2a3b-4c4d-8e5f-6a7b8c9d0e1f", {
        roleDefinitionId: `${sub()}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR_ROLE}`,
        principalId: oid,
      }),
      (e: any) => e.statusCode === 403 && e.message.includes("'Microsoft.Authorization/roleAssignments/write'"),
    );

    const contributorName = "9d0e1f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a";
    await auth.roleAssignments.create(work(), contributorName, {
      roleDefinitionId: `${sub()}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR_ROLE}`,
      principalId: oid,
    });
    const c2 = await asPrincipal.managedClusters.beginCreateOrUpdateAndWait("rg-work", "c2", params);
    assert.equal(c2.provisioningState, "Succeeded");

    // Lists: at the group (atScope: the group and above, the built-in Owner's at the subscription among them), by principal.
    const atScope = [];
    for await (const a of auth.roleAssignments.listForScope(work(), { filter: "atScope()" })) atScope.push(a);
    assert.ok(
      atScope.some((a) => a.principalId === OWNER_PRINCIPAL.objectId && a.scope === sub().toLowerCase()),
      "the built-in Owner's assignment at the subscription",
    );
    assert.deepEqual(
      atScope
        .filter((a) => a.principalId === oid)
        .map((a) => a.name)
        .sort(),
      [readerName, contributorName].sort(),
    );
    const mine = [];
    for await (const a of auth.roleAssignments.listForSubscription({ filter: `principalId eq '${oid}'` })) mine.push(a);
    assert.deepEqual(
      mine.map((a) => a.scope?.toLowerCase()).sort(),
      [`${sub()}/resourceGroups/rg-other`.toLowerCase(), work().toLowerCase(), work().toLowerCase()].sort(),
    );
    const byGroup = [];
    for await (const a of auth.roleAssignments.listForResourceGroup("rg-work", { filter: `assignedTo('${oid}')` })) byGroup.push(a.name);
    assert.equal(byGroup.length, 2);
    assert.equal((await auth.roleAssignments.get(work(), contributorName)).principalType, "ServicePrincipal");

    // Deleting the grant takes the write back.
    await auth.roleAssignments.delete(work(), contributorName);
    await assert.rejects(auth.roleAssignments.get(work(), contributorName), (e: any) => e.statusCode === 404 && e.code === "RoleAssignmentNotFound");
    await assert.rejects(asPrincipal.managedClusters.beginDeleteAndWait("rg-work", "c2"), (e: any) => e.statusCode === 403 && e.code === "AuthorizationFailed");
  });

  it("refuses bad assignments with ARM's codes", async () => {
    const role = `${sub()}/providers/Microsoft.Authorization/roleDefinitions/${READER_ROLE}`;
    await assert.rejects(
      auth.roleAssignments.create(work(), "not-a-guid", { roleDefinitionId: role, principalId: objectIdFor(CLIENT) }),
      (e: any) => e.statusCode === 400 && e.code === "InvalidRoleAssignmentId",
    );
    await assert.rejects(
      auth.roleAssignments.create(work(), "0e1f2a3b-4c5d-4e6f-8a7b-8c9d0e1f2a3b", {
        roleDefinitionId: `${sub()}/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-4000-8000-000000000000`,
        principalId: objectIdFor(CLIENT),
      }),
      (e: any) => e.statusCode === 400 && e.code === "RoleDefinitionDoesNotExist",
    );
    await assert.rejects(
      auth.roleAssignments.create(work(), "0e1f2a3b-4c5d-4e6f-8a7b-8c9d0e1f2a3b", { roleDefinitionId: role, principalId: "nobody" }),
      (e: any) => e.statusCode === 400 && e.code === "InvalidPrincipalId",
    );
    await assert.rejects(
      auth.roleAssignments.create(`${sub()}/resourceGroups/no-such-group`, "0e1f2a3b-4c5d-4e6f-8a7b-8c9d0e1f2a3b", {
        roleDefinitionId: role,
        principalId: objectIdFor(CLIENT),
      }),
      (e: any) => e.statusCode === 404 && e.code === "ResourceGroupNotFound",
    );
    const fixed = [];
    for await (const a of auth.roleAssignments.listForScope(sub(), { filter: "atScope()" })) if (a.principalId === OWNER_PRINCIPAL.objectId) fixed.push(a);
    assert.equal(fixed.length, 1);
    await assert.rejects(auth.roleAssignments.delete(sub(), fixed[0]!.name!), (e: any) => e.statusCode === 409 && e.code === "RoleAssignmentNotDeletable");
    await assert.rejects(
      auth.roleAssignments.listForScope(sub(), { filter: "roleName eq 'x'" }).next(),
      (e: any) => e.statusCode === 400 && e.code === "UnsupportedQuery",
    );
  });
});
