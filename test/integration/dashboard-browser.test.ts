import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { NetworkManagementClient } from "@azure/arm-network";
import { ResourceManagementClient } from "@azure/arm-resources";
import { chromium, type Browser, type Page } from "playwright-core";
import { CLI_PATH, startAksEmulator, type StartedAksEmulator } from "../../src/testing/index.js";
import { CHROMIUM_PATH, chromiumArgs, chromiumGate } from "../support/browser.js";

/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core), against an emulator in a
 * child process that the official SDKs drive: the URL `aks-emulator dashboard` prints logs the browser in;
 * what the SDK made shows; a connection approved in the page reads Approved through the SDK; a fault added
 * in the page fails the SDK's next call; the SDK's requests arrive in the live log without a reload; the
 * clock moved in the page finishes a long operation; hostile tag values stay text; another origin and a
 * rebound host name change nothing. Waits are Playwright's own (its default timeout), never fixed sleeps.
 */

const run = promisify(execFile);
const gate = chromiumGate();
const HOUR = 3_600_000;
const NET_RG = "net-rg";
const AKS_RG = "aks-rg";
/** A name that resolves to 127.0.0.1 in the browser only (its resolver rules): another site's DNS pointing at the dashboard. */
const REBOUND_HOST = "rebind.test";

const cluster = (name: string, isPrivate = false) => ({
  location: "eastus",
  dnsPrefix: name,
  agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }],
  identity: { type: "SystemAssigned" as const },
  ...(isPrivate ? { apiServerAccessProfile: { enablePrivateCluster: true } } : {}),
});

describe("dashboard in a browser", { skip: gate.skip }, () => {
  let emulator: StartedAksEmulator;
  let aks: ContainerServiceClient;
  let net: NetworkManagementClient;
  let rm: ResourceManagementClient;
  let browser: Browser;
  let page: Page;
  let dashboardOrigin: string;
  let clusterId: string;

  /** Every operation the SDK's requests started finishes now (the emulator runs with hour-long operations). */
  const settle = () => emulator.operations.complete();

  before(async () => {
    emulator = await startAksEmulator({ lroDurationMs: HOUR });
    const options = emulator.clientOptions;
    aks = new ContainerServiceClient(emulator.credential, emulator.subscriptionId, options);
    net = new NetworkManagementClient(emulator.credential, emulator.subscriptionId, options);
    rm = new ResourceManagementClient(emulator.credential, emulator.subscriptionId, options);
    await rm.resourceGroups.createOrUpdate(NET_RG, { location: "eastus" });
    await rm.resourceGroups.createOrUpdate(AKS_RG, { location: "eastus" });
    await net.virtualNetworks.beginCreateOrUpdate(NET_RG, "vnet1", {
      location: "eastus",
      addressSpace: { addressPrefixes: ["10.1.0.0/16"] },
      subnets: [{ name: "pe-subnet", addressPrefix: "10.1.1.0/24" }],
    });
    await aks.managedClusters.beginCreateOrUpdate(AKS_RG, "c1", cluster("c1", true));
    await settle();
    // As AKS answers it (with `resourcegroups` in lower case): the page shows ids as the API returns them.
    clusterId = (await aks.managedClusters.get(AKS_RG, "c1")).id!;
    await net.privateEndpoints.beginCreateOrUpdate(NET_RG, "pe1", {
      location: "eastus",
      subnet: { id: `/subscriptions/${emulator.subscriptionId}/resourceGroups/${NET_RG}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/pe-subnet` },
      manualPrivateLinkServiceConnections: [{ name: "pe1-conn", privateLinkServiceId: clusterId, groupIds: ["management"], requestMessage: "please" }],
    });
    await settle();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs([`--host-resolver-rules=MAP ${REBOUND_HOST} 127.0.0.1`]) });
    page = await (await browser.newContext()).newPage();
  });
  after(async () => {
    await browser?.close();
    await emulator?.stop();
  });

  it("opens the URL `aks-emulator dashboard` prints and shows the cluster the SDK created, with its JSON as the API returns it", async () => {
    const { stdout } = await run(process.execPath, [CLI_PATH, "dashboard", "--data-dir", emulator.dataDir]);
    const url = stdout.trim();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]+$/);
    dashboardOrigin = new URL(url).origin;
    await page.goto(url);
    // The code leaves the address bar.
    assert.equal(page.url(), `${dashboardOrigin}/`);
    const item = page.locator(`.tree button[data-id="${clusterId}"]`);
    await item.locator(".badge", { hasText: "Succeeded" }).waitFor();
    await item.click();
    await page.locator("pre.json", { hasText: `"id": "${clusterId}"` }).waitFor();
    await page.locator("pre.json", { hasText: '"enablePrivateCluster": true' }).waitFor();
    // Pools and machines under the cluster.
    await page.locator(`.tree button[data-id="${clusterId}/agentPools/nodepool1"]`).waitFor();
  });

  it("approves a Pending connection in the page; the SDK reads Approved, and both sides show it", async () => {
    // The private cluster's own endpoint (in its node resource group) has one too, approved by AKS.
    const before = ((await aks.privateEndpointConnections.list(AKS_RG, "c1")).value ?? []).filter((c) =>
      c.privateEndpoint?.id?.endsWith("/privateEndpoints/pe1"),
    );
    assert.equal(before.length, 1);
    assert.equal(before[0]!.privateLinkServiceConnectionState?.status, "Pending");
    await page.goto(`${dashboardOrigin}/#topology`);
    await page.locator(".topology .edge.connection.pending text", { hasText: "Pending" }).waitFor();

    await page.goto(`${dashboardOrigin}/#connections`);
    const row = page.locator(`tr[data-id="${before[0]!.id}"]`);
    await row.locator("[data-testid=cluster-side]", { hasText: "Pending" }).waitFor();
    await row.locator("input[aria-label=description]").fill("approved from the dashboard");
    await row.getByRole("button", { name: "Approve" }).click();
    await row.locator("[data-testid=cluster-side]", { hasText: "Approved" }).waitFor();
    await row.locator("[data-testid=endpoint-side]", { hasText: "Approved" }).waitFor();

    const after = await aks.privateEndpointConnections.get(AKS_RG, "c1", before[0]!.name!);
    assert.equal(after.privateLinkServiceConnectionState?.status, "Approved");
    assert.equal(after.privateLinkServiceConnectionState?.description, "approved from the dashboard");
    const endpoint = await net.privateEndpoints.get(NET_RG, "pe1");
    assert.equal(endpoint.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status, "Approved");
    await settle();
  });

  it("adds a fault in the page (the body of POST /_emulator/faults); the SDK's next call fails with it", async () => {
    await page.goto(`${dashboardOrigin}/#faults`);
    const fault = {
      match: { method: "PUT", path: `/subscriptions/*/resourceGroups/${AKS_RG}/providers/Microsoft.ContainerService/managedClusters/c2` },
      effect: { status: 409, code: "OperationNotAllowed", message: "injected from the dashboard" },
      count: 1,
    };
    await page.locator("textarea[aria-label=fault]").fill(JSON.stringify(fault));
    await page.getByRole("button", { name: "Add fault" }).click();
    await page.locator("[data-testid=faults] tr", { hasText: "OperationNotAllowed" }).waitFor();
    assert.equal((await emulator.faults.list()).length, 1);

    await assert.rejects(aks.managedClusters.beginCreateOrUpdate(AKS_RG, "c2", cluster("c2")), (e: any) => {
      assert.equal(e.statusCode, 409);
      assert.equal(e.code, "OperationNotAllowed");
      assert.match(e.message, /injected from the dashboard/);
      return true;
    });
    assert.deepEqual(await emulator.faults.list(), []);
  });

  it("shows a request the SDK makes in the live log without a reload, and hides the dashboard's own until asked", async () => {
    await page.goto(`${dashboardOrigin}/#requests`);
    await page.locator("[data-testid=live]", { hasText: "live" }).waitFor();
    const probe = `live-probe-${Date.now()}`;
    await assert.rejects(rm.resourceGroups.get(probe), (e: any) => e.statusCode === 404);
    const row = page.locator("[data-testid=request-log] tbody tr", { hasText: probe });
    await row.waitFor();
    const cells = await row.locator("td").allTextContents();
    assert.equal(cells[1], "GET");
    assert.equal(cells[2], `/subscriptions/${emulator.subscriptionId}/resourcegroups/${probe}`);
    assert.match(cells[3]!, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(cells[4], "404");
    assert.equal(cells[5], "ResourceGroupNotFound");
    assert.equal(cells[6], "aks-emulator-owner");
    assert.equal(await page.locator("[data-testid=request-log] tbody tr", { hasText: "(this dashboard)" }).count(), 0);

    // Filters: only 4xx answers (the stream starts again with the filter: every row shown is a 4xx, the probe among them).
    await page.locator("input[aria-label=status]").fill("4xx");
    await page.locator("input[aria-label=status]").press("Enter");
    await page.waitForFunction((text) => {
      const rows = [...(globalThis as any).document.querySelectorAll("[data-testid=request-log] tbody tr")] as any[];
      const statuses = rows.map((r) => r.children[4].textContent as string);
      return rows.some((r) => (r.textContent as string).includes(text)) && statuses.every((s) => s.startsWith("4"));
    }, probe);
    await page.locator("input[aria-label=status]").fill("");
    await page.locator("input[aria-label=status]").press("Enter");

    await page.getByLabel("the dashboard's own requests").check();
    await page.locator("[data-testid=request-log] tbody tr", { hasText: "(this dashboard)" }).first().waitFor();
  });

  it("advances the clock in the page and sees a long operation complete", async () => {
    await aks.managedClusters.beginCreateOrUpdate(AKS_RG, "slow", cluster("slow"));
    assert.equal((await aks.managedClusters.get(AKS_RG, "slow")).provisioningState, "Creating");
    await page.goto(`${dashboardOrigin}/#operations`);
    const op = page.locator("table.grid tbody tr", { hasText: /managedclusters\/slow/i });
    await op.waitFor();
    await op.locator(".badge", { hasText: "InProgress" }).waitFor();
    await page.locator("input[aria-label='advance by (ms)']").fill(String(2 * HOUR));
    await page.getByRole("button", { name: "Advance clock" }).click();
    await op.waitFor({ state: "detached" });

    await page.goto(`${dashboardOrigin}/#resources`);
    const slowId = (await aks.managedClusters.get(AKS_RG, "slow")).id!;
    await page.locator(`.tree button[data-id="${slowId}"] .badge`, { hasText: "Succeeded" }).waitFor();
    assert.equal((await aks.managedClusters.get(AKS_RG, "slow")).provisioningState, "Succeeded");
  });

  it("releases an operation a hangs fault holds, from the page", async () => {
    await emulator.faults.add({ match: { method: "PUT", resourceType: "Microsoft.ContainerService/managedClusters" }, effect: { hangs: true }, count: 1 });
    await aks.managedClusters.beginCreateOrUpdate(AKS_RG, "held", cluster("held"));
    await page.goto(`${dashboardOrigin}/#operations`);
    const op = page.locator("table.grid tbody tr", { hasText: /managedclusters\/held/i });
    await op.locator(".badge.held").waitFor();
    await op.getByRole("button", { name: "Release" }).click();
    await op.locator(".badge.held").waitFor({ state: "detached" });
    const [released] = (await emulator.operations.list("InProgress")).filter((o) => /managedclusters\/held$/i.test(o.resourceId));
    assert.equal(released?.held, false);
    await settle();
    assert.equal((await aks.managedClusters.get(AKS_RG, "held")).provisioningState, "Succeeded");
  });

  it("shows tag values holding <script> and <img onerror> as text: nothing runs, no element is made", async () => {
    const tags = {
      script: "<script>window.__pwned = 'script'</script>",
      img: "<img src=x onerror=\"window.__pwned = 'img'\">",
      "<b>key</b>": "<svg onload=\"window.__pwned='svg'\">",
    };
    await rm.resourceGroups.createOrUpdate("hostile-rg", { location: "eastus", tags });
    await net.virtualNetworks.beginCreateOrUpdate("hostile-rg", "vnet-tags", { location: "eastus", tags, addressSpace: { addressPrefixes: ["10.9.0.0/16"] } });
    await settle();
    await page.goto(`${dashboardOrigin}/#resources`);
    const groupId = (await rm.resourceGroups.get("hostile-rg")).id!;
    await page.locator(`.tree button[data-id="${groupId}"]`).click();
    // As JSON text: the quotes inside a value are escaped.
    await page.locator("pre.json", { hasText: "<img src=x onerror=" }).waitFor();
    await page.locator(`.tree button[data-id="${(await net.virtualNetworks.get("hostile-rg", "vnet-tags")).id}"]`).click();
    await page.locator("pre.json", { hasText: tags.script }).waitFor();
    await page.goto(`${dashboardOrigin}/#topology`);
    await page.locator(".topology .node.vnet", { hasText: "vnet-tags" }).waitFor();
    assert.equal(await page.evaluate(() => (globalThis as any).__pwned), undefined);
    assert.equal(await page.locator("img, script:not([src]), b, svg svg").count(), 0);
  });

  it("another origin's page or a rebound host name changes nothing, with the session's cookie in the browser", async () => {
    const port = new URL(dashboardOrigin).port;
    const fault = JSON.stringify({ match: {}, effect: { status: 500, code: "InternalServerError" } });
    // Another origin on this machine: a page on another loopback port (the same site as the dashboard, so its cookie goes along).
    let reported!: (results: string) => void;
    const results = new Promise<string>((r) => {
      reported = r;
    });
    const attacker: Server = createServer((req, res) => {
      if (req.url?.startsWith("/results?")) {
        reported(new URL(req.url, "http://x").searchParams.get("r") ?? "");
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<!doctype html><title>attacker</title><form id="f" method="POST" enctype="text/plain" action="${dashboardOrigin}/api/_emulator/reset"><input name="x" value="y"></form>
<script>
(async () => {
  const results = [];
  for (const init of [
    { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: ${JSON.stringify(fault)} },
    { method: "POST", mode: "cors", credentials: "include", headers: { "content-type": "application/json", "x-aks-emulator-csrf": "guess" }, body: ${JSON.stringify(fault)} },
  ]) {
    try { const r = await fetch("${dashboardOrigin}/api/_emulator/faults", init); results.push(r.type + ":" + r.status); } catch (e) { results.push("error"); }
  }
  try { const r = await fetch("${dashboardOrigin}/session", { credentials: "include" }); results.push("read:" + (await r.text()).length); } catch (e) { results.push("read-error"); }
  await fetch("/results?r=" + encodeURIComponent(results.join(",")));
  document.getElementById("f").submit();
})();
</script>`);
    });
    await new Promise<void>((r) => attacker.listen(0, "127.0.0.1", () => r()));
    try {
      const attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
      const other = await page.context().newPage();
      const submitted = other.waitForResponse((r) => r.url() === `${dashboardOrigin}/api/_emulator/reset`);
      await other.goto(attackerOrigin);
      // The no-cors POST is refused (or its answer withheld from the page); the CORS one stops at its preflight; nothing can be read.
      assert.match(await results, /^(opaque:0|error),error,read-error$/);
      const reset = await submitted;
      assert.equal(reset.status(), 403);
      await other.close();

      // A rebound name: the browser resolves it to 127.0.0.1, and sends it as Host.
      const rebound = await page.context().newPage();
      const answer = await rebound.goto(`http://${REBOUND_HOST}:${port}/`);
      assert.equal(answer?.status(), 403);
      const status = await rebound.evaluate(async (body) => {
        const r = await fetch("/api/_emulator/faults", {
          method: "POST",
          headers: { "content-type": "application/json", "x-aks-emulator-csrf": "guess" },
          body,
        });
        return r.status;
      }, fault);
      assert.equal(status, 403);
      await rebound.close();
    } finally {
      await new Promise<void>((r) => attacker.close(() => r()));
    }
    assert.deepEqual(await emulator.faults.list(), []);
    // Nothing was reset: the resources are still there.
    assert.equal((await aks.managedClusters.get(AKS_RG, "c1")).provisioningState, "Succeeded");
  });
  it("exports the state to a file, resets everything and imports the file again, from the page", async () => {
    await page.goto(`${dashboardOrigin}/#state`);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export state" }).click();
    const file = await (await download).path();
    const doc = JSON.parse(await readFile(file, "utf8"));
    assert.equal(doc.format, "aks-emulator-state");
    assert.ok(JSON.stringify(doc.resources).toLowerCase().includes(`"${clusterId.toLowerCase()}"`));
    await page.locator(".note", { hasText: /^Exported \d+ resources/ }).waitFor();

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Reset everything" }).click();
    await page.locator(".note", { hasText: "Reset: everything removed." }).waitFor();
    await assert.rejects(aks.managedClusters.get(AKS_RG, "c1"), (e: any) => e.statusCode === 404);

    await page.locator("input[aria-label='state file']").setInputFiles(file);
    await page.getByRole("button", { name: "Import state" }).click();
    await page.locator(".note", { hasText: /^Imported \d+ resources/ }).waitFor();
    assert.equal((await aks.managedClusters.get(AKS_RG, "c1")).provisioningState, "Succeeded");
  });
});
