import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { startChildEmulator, type ChildEmulator } from "../support/child.js";
import { debianClientGate, startNetworkGuard, type NetworkGuard, type ShellResult } from "../support/clients.js";
import { azSession, output, type AzSession } from "../support/az-session.js";
import { OWNER_PRINCIPAL } from "../../src/identity/principals.js";

/**
 * Debian's azure-cli 2.45, unchanged, on Microsoft.Authorization (issue #20 items 5 and 7): the Graph
 * calls az's role commands make (`az ad sp list/show`, served on the emulator's port with the cloud's
 * microsoftGraphResourceId, src/identity/graph.ts); `az aks create --vnet-subnet-id` without
 * `--skip-subnet-role-assignment` (az reads the subnet's assignments); `az role assignment delete --ids`.
 * `az role assignment create/list` and az's own grant fail in Debian's az before any request (its
 * packaged azure-mgmt-authorization 3.0.0 has no `config`, Azure/azure-cli#24959); a test records it.
 * Nothing tries to leave loopback.
 */

const gate = debianClientGate("azure-cli");
const RG = "az-roles";
const AZ_TIMEOUT_MS = 60_000;
const NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7";

function json(r: ShellResult): any {
  assert.equal(r.code, 0, output(r));
  assert.equal(r.stderr.trim(), "", `az printed to stderr:\n${output(r)}`);
  return JSON.parse(r.stdout);
}

describe("Azure CLI 2.45: role assignments and az aks create --vnet-subnet-id", { skip: gate.skip, timeout: 420_000 }, () => {
  let child: ChildEmulator;
  let guard: NetworkGuard;
  let session: AzSession;
  let identity: { id: string; principalId: string; clientId: string };
  let subnetId = "";
  const sub = () => child.info.subscriptionId;
  const group = () => `/subscriptions/${sub()}/resourceGroups/${RG}`;

  before(async () => {
    [child, guard] = await Promise.all([startChildEmulator(["--lro-duration", "300"]), startNetworkGuard()]);
    session = await azSession(child, guard, AZ_TIMEOUT_MS);
    const put = async (path: string, body: unknown, version: string) => {
      const r = await child.request("PUT", `${path}?api-version=${version}`, { body });
      assert.ok(r.status === 200 || r.status === 201, r.text);
      return r.json;
    };
    await put(group(), { location: "eastus" }, "2022-09-01");
    const made = await put(`${group()}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/deployer`, { location: "eastus" }, "2023-01-31");
    identity = { id: made.id, principalId: made.properties.principalId, clientId: made.properties.clientId };
    const vnetId = `${group()}/providers/Microsoft.Network/virtualNetworks/vnet1`;
    await put(
      vnetId,
      {
        location: "eastus",
        properties: { addressSpace: { addressPrefixes: ["10.20.0.0/16"] }, subnets: [{ name: "nodes", properties: { addressPrefix: "10.20.0.0/22" } }] },
      },
      "2024-05-01",
    );
    subnetId = `${vnetId}/subnets/nodes`;
  });
  after(async () => {
    await Promise.all([child?.stop(), guard?.close()]);
    if (child) await rm(child.dataDir, { recursive: true, force: true });
    if (session) await rm(session.home, { recursive: true, force: true });
  });

  it("az ad sp list and show: Microsoft Graph on the emulator's port, as az's role commands ask it", async () => {
    const byName = json(await session.az("ad", "sp", "list", "--filter", `servicePrincipalNames/any(c:c eq '${identity.clientId}')`, "-o", "json"));
    assert.deepEqual(
      byName.map((s: any) => [s.id, s.appId, s.displayName, s.servicePrincipalType]),
      [[identity.principalId, identity.clientId, "deployer", "ManagedIdentity"]],
    );
    const shown = json(await session.az("ad", "sp", "show", "--id", identity.principalId, "-o", "json"));
    assert.equal(shown.appId, identity.clientId);
    const owner = json(await session.az("ad", "sp", "list", "--display-name", "aks-emulator-owner", "-o", "json"));
    assert.deepEqual(
      owner.map((s: any) => s.appId),
      [OWNER_PRINCIPAL.clientId],
    );
  });

  it("az role assignment create and list: Debian's az 2.45 fails before sending anything (its azure-mgmt-authorization 3.0.0 has no `config`)", async () => {
    // Azure/azure-cli#24959: the packaged SDK does not match az's role module; nothing reaches the emulator.
    for (const args of [
      ["role", "assignment", "create", "--assignee", identity.clientId, "--role", "Reader", "--scope", group()],
      ["role", "assignment", "list", "--scope", group()],
    ]) {
      const r = await session.az(...args);
      assert.equal(r.code, 1, output(r));
      assert.match(r.stderr, /'Role(Assignments|Definitions)Operations' object has no attribute 'config'/);
    }
    // Nothing before this test asked for Microsoft.Authorization either.
    const seen = (await child.request("GET", "/_emulator/requests?limit=1000")).json.value;
    assert.deepEqual(
      seen.filter((e: any) => /Microsoft\.Authorization/i.test(e.path)),
      [],
      "az sent no Microsoft.Authorization request",
    );
  });

  it("az aks create --vnet-subnet-id without --skip-subnet-role-assignment: az reads the subnet's assignments, finds Network Contributor, and creates the cluster without retries or warnings", async () => {
    // The grant made with az rest (az's own grant cannot run here, above): Network Contributor on the subnet.
    const assignment = `${subnetId}/providers/Microsoft.Authorization/roleAssignments/5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c`;
    const granted = json(
      await session.az(
        "rest",
        "--method",
        "put",
        "--url",
        `${assignment}?api-version=2022-04-01`,
        "--body",
        JSON.stringify({
          properties: {
            roleDefinitionId: `/subscriptions/${sub()}/providers/Microsoft.Authorization/roleDefinitions/${NETWORK_CONTRIBUTOR}`,
            principalId: identity.principalId,
            principalType: "ServicePrincipal",
          },
        }),
        "-o",
        "json",
      ),
    );
    assert.equal(granted.properties.scope, subnetId);
    const r = await session.az(
      "aks",
      "create",
      "-g",
      RG,
      "-n",
      "byo",
      "--enable-managed-identity",
      "--no-ssh-key",
      "--node-count",
      "1",
      "--network-plugin",
      "azure",
      "--vnet-subnet-id",
      subnetId,
      "--service-cidr",
      "10.0.0.0/16",
      "--dns-service-ip",
      "10.0.0.10",
      "-o",
      "json",
    );
    const cluster = json(r);
    assert.equal(cluster.provisioningState, "Succeeded");
    assert.equal(cluster.agentPoolProfiles[0].vnetSubnetId, subnetId);
    const log = (await child.request("GET", "/_emulator/requests?limit=1000")).json.value;
    assert.ok(
      log.some(
        (e: any) =>
          e.method === "GET" &&
          e.path.toLowerCase() === `${subnetId}/providers/Microsoft.Authorization/roleAssignments`.toLowerCase() &&
          e.apiVersion === "2020-04-01-preview",
      ),
      "az read the subnet's role assignments",
    );

    // az role assignment delete --ids needs no `config`: it works.
    const deleted = await session.az("role", "assignment", "delete", "--ids", assignment);
    assert.equal(deleted.code, 0, output(deleted));
    assert.equal((await child.request("GET", `${assignment}?api-version=2022-04-01`)).status, 404);
  });

  it("nothing tried to leave loopback", () => {
    assert.deepEqual(guard.attempts, []);
  });
});
