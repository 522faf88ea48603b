/**
 * Maintenance configurations (`managedClusters/{c}/maintenanceConfigurations/{name}`) through the official
 * SDKs: @azure/arm-containerservice 25.3.0 at 2026-04-01, and Debian's python3-azure
 * (azure-mgmt-containerservice 21.1.0) at 2022-11-01 (test/python/maintenance/maintenance_configurations.py).
 *
 * WHAT THIS NEEDS FROM THE SERVER (the type is not served yet; this file fails until it is):
 *  - the routes GET (list) `.../maintenanceConfigurations`, and GET / PUT / DELETE
 *    `.../maintenanceConfigurations/{configName}` for the api-versions of managedClusters (from 2020-12-01);
 *  - PUT runs validateMaintenanceConfiguration(name, body, { now: clock, apiVersion, previous }) from
 *    src/providers/containerservice/maintenance-rules.ts and stores the properties it returns; it answers
 *    200 (MAINTENANCE_CONFIGURATION_PUT_STATUS) on create and on update, synchronously, at EVERY
 *    api-version: real AKS answers 200 on create and Python 21.1.0 accepts nothing else (if the kit answers
 *    201 for creates, this type needs its own status, not a per-api-version override);
 *  - GET, PUT and list items answer renderMaintenanceConfiguration(scope, name, properties, apiVersion):
 *    `{id, name, properties}`, no `type`, no `systemData`, no `nextLink` in the list;
 *  - DELETE answers 200 with an empty body when the configuration existed, 204 when not;
 *  - a missing configuration: 404 ResourceNotFound (docs/fidelity.md "Missing maintenance configuration");
 *    a missing cluster: the usual 404 ResourceNotFound naming `Microsoft.ContainerService/managedClusters/<c>`,
 *    for list, get, put and delete; a missing group: ResourceGroupNotFound;
 *  - deleting the cluster deletes its configurations (docs/fidelity.md "Maintenance configurations of a
 *    deleted cluster");
 *  - request bodies and errors as the rules module gives them (codes, messages, targets).
 * Every test here passed against a throwaway in-memory
 * wiring of the rules module (routes only, not committed) before the kit existed.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { rm } from "node:fs/promises";
import { ContainerServiceClient, type MaintenanceConfiguration } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import { startAksEmulator, type StartedAksEmulator } from "../../src/testing/index.js";
import { CLI_MAIN, REPO_ROOT, makeTempDir, testTlsDir } from "../support/child.js";
import { debianClientGate, runShell, sh, startNetworkGuard, type NetworkGuard } from "../support/clients.js";
import { checkResponse, conformancePolicy } from "../support/conformance.js";
import { clusterPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { credentialFor } from "../support/sdk-clients.js";

const RG = "maint-rg";
const api = "api-version=2026-04-01";
const NAMES_MESSAGE =
  "Only 'default', 'aksManagedAutoUpgradeSchedule' and 'aksManagedNodeOSUpgradeSchedule' are allowed configNames for maintenance configuration.";

/** `yyyy-mm-dd` of today (UTC) plus `days`, and that date as the SDK wants it (a Date at UTC midnight). */
function day(days: number): { text: string; date: Date } {
  const text = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return { text, date: new Date(`${text}T00:00:00Z`) };
}

/** Every answer the SDK clients receive checked against the official definition (throws on a problem). */
function strictConformance() {
  return conformancePolicy();
}

/** A raw request, its answer checked against the official definition. */
async function raw(te: TestEmulator, method: string, path: string, body?: unknown) {
  const r = await te.request(method, path, { conformance: false, ...(body === undefined ? {} : { body }) });
  const problems = checkResponse({ method, url: path, status: r.status, body: r.text });
  assert.deepEqual(problems, [], `${method} ${path} -> ${r.status}: ${r.text}`);
  return r;
}

function clientsFor(te: TestEmulator) {
  const credential = credentialFor(te);
  const opts = { endpoint: te.endpoint, additionalPolicies: [{ policy: strictConformance(), position: "perCall" }] } as any;
  return { aks: new ContainerServiceClient(credential, te.subscriptionId, opts), rm: new ResourceManagementClient(credential, te.subscriptionId, opts) };
}

type Clients = ReturnType<typeof clientsFor>;

async function createCluster(c: Clients, name: string) {
  return c.aks.managedClusters.createOrUpdate(
    RG,
    name,
    { location: "eastus", dnsPrefix: name, agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] } as any,
    { updateIntervalInMs: 10 },
  );
}

/** Collects an SDK call's HTTP statuses (`onResponse`). */
function statusRecorder(): { statuses: number[]; onResponse: (r: { status: number }) => void } {
  const statuses: number[] = [];
  return { statuses, onResponse: (r) => statuses.push(r.status) };
}

/** The AKS error an SDK call was refused with: status, code, target and message. */
function refusal(e: any): { status: number; code: string; target: string | undefined; message: string } {
  return { status: e.statusCode, code: e.code, target: e.details?.error?.target, message: e.details?.error?.message ?? e.message };
}

async function refused(call: Promise<unknown>, status: number, code: string, target?: string): Promise<string> {
  let message = "";
  await assert.rejects(call, (e: any) => {
    const r = refusal(e);
    assert.deepEqual([r.status, r.code, r.target], [status, code, target], r.message);
    message = r.message;
    return true;
  });
  return message;
}

describe("maintenance configurations (@azure/arm-containerservice 25.3.0, 2026-04-01)", () => {
  let te: TestEmulator;
  let c: Clients;
  const CLUSTER = "maint1";

  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 1 });
    c = clientsFor(te);
    await c.rm.resourceGroups.createOrUpdate(RG, { location: "eastus" });
    await createCluster(c, CLUSTER);
  });
  after(async () => te?.close());

  const configPath = (name: string, cluster = CLUSTER, query = api) =>
    `${clusterPath(te.subscriptionId, RG, cluster)}/maintenanceConfigurations/${name}?${query}`;

  it("default in the timeInWeek form: 200 on create and on update, answered as sent, without type or systemData", async () => {
    const rec = statusRecorder();
    const config: MaintenanceConfiguration = {
      timeInWeek: [{ day: "Monday", hourSlots: [1, 2] }, { day: "Wednesday" }],
      notAllowedTime: [{ start: new Date("2030-12-24T00:00:00Z"), end: new Date("2030-12-26T12:00:00Z") }],
    };
    const created = await c.aks.maintenanceConfigurations.createOrUpdate(RG, CLUSTER, "default", config, { onResponse: rec.onResponse });
    assert.deepEqual(rec.statuses, [200]);
    assert.equal(created.name, "default");
    assert.equal(
      created.id,
      `/subscriptions/${te.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${CLUSTER}/maintenanceConfigurations/default`,
    );
    assert.equal(created.type, undefined);
    assert.equal(created.systemData, undefined);
    assert.deepEqual(created.timeInWeek, [
      { day: "Monday", hourSlots: [1, 2] },
      { day: "Wednesday", hourSlots: undefined },
    ]);
    assert.deepEqual(created.notAllowedTime, config.notAllowedTime);
    assert.equal(created.maintenanceWindow, undefined);

    // The wire: {id, name, properties}; the SDK's `.000Z` answered as `Z` (the recorded az traffic).
    const wire = await raw(te, "GET", configPath("default"));
    assert.equal(wire.status, 200);
    assert.deepEqual(Object.keys(wire.json), ["id", "name", "properties"]);
    assert.deepEqual(wire.json.properties.notAllowedTime, [{ start: "2030-12-24T00:00:00Z", end: "2030-12-26T12:00:00Z" }]);

    const updated = await c.aks.maintenanceConfigurations.createOrUpdate(
      RG,
      CLUSTER,
      "default",
      { timeInWeek: [{ day: "Friday", hourSlots: [23] }], notAllowedTime: [] },
      { onResponse: rec.onResponse },
    );
    assert.deepEqual(rec.statuses, [200, 200]);
    assert.deepEqual(updated.timeInWeek, [{ day: "Friday", hourSlots: [23] }]);
    // An empty list is left out of the answer (the recording).
    assert.equal(updated.notAllowedTime, undefined);
    assert.deepEqual((await c.aks.maintenanceConfigurations.get(RG, CLUSTER, "default")).timeInWeek, [{ day: "Friday", hourSlots: [23] }]);
  });

  it("aksManagedAutoUpgradeSchedule with a window: defaults filled in, read back by get and list", async () => {
    const start = day(3);
    const created = await c.aks.maintenanceConfigurations.createOrUpdate(RG, CLUSTER, "aksManagedAutoUpgradeSchedule", {
      maintenanceWindow: {
        schedule: { relativeMonthly: { intervalMonths: 3, weekIndex: "First", dayOfWeek: "Monday" } },
        durationHours: 10,
        startDate: start.date,
        startTime: "08:30",
        notAllowedDates: [{ start: day(30).date, end: day(40).date }],
      },
    });
    assert.deepEqual(created.maintenanceWindow, {
      schedule: {
        daily: undefined,
        weekly: undefined,
        absoluteMonthly: undefined,
        relativeMonthly: { intervalMonths: 3, weekIndex: "First", dayOfWeek: "Monday" },
      },
      durationHours: 10,
      utcOffset: "+00:00",
      startDate: start.date,
      startTime: "08:30",
      notAllowedDates: [{ start: day(30).date, end: day(40).date }],
    });

    // startDate left out: today at the window's utcOffset (docs/fidelity.md "Maintenance configuration defaults").
    const node = await c.aks.maintenanceConfigurations.createOrUpdate(RG, CLUSTER, "aksManagedNodeOSUpgradeSchedule", {
      maintenanceWindow: { schedule: { daily: { intervalDays: 1 } }, durationHours: 4, startTime: "01:00", utcOffset: "+00:00" },
    });
    assert.ok([day(0).text, day(-1).text, day(1).text].includes(node.maintenanceWindow!.startDate!.toISOString().slice(0, 10)));
    const wire = await raw(te, "GET", configPath("aksManagedNodeOSUpgradeSchedule"));
    assert.deepEqual(Object.keys(wire.json.properties.maintenanceWindow), ["schedule", "durationHours", "utcOffset", "startDate", "startTime"]);

    const got = await c.aks.maintenanceConfigurations.get(RG, CLUSTER, "aksManagedAutoUpgradeSchedule");
    assert.deepEqual(got.maintenanceWindow, created.maintenanceWindow);
    const listed = [];
    for await (const item of c.aks.maintenanceConfigurations.listByManagedCluster(RG, CLUSTER)) listed.push(item);
    assert.deepEqual(listed.map((i) => i.name).sort(), ["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule", "default"]);
    const rawList = await raw(te, "GET", `${clusterPath(te.subscriptionId, RG, CLUSTER)}/maintenanceConfigurations?${api}`);
    assert.deepEqual(Object.keys(rawList.json), ["value"]);
  });

  it("at 2022-11-01 a window configuration is answered without its window; a PUT there keeps it", async () => {
    const old = "api-version=2022-11-01";
    const got = await raw(te, "GET", configPath("aksManagedAutoUpgradeSchedule", CLUSTER, old));
    assert.equal(got.status, 200);
    assert.deepEqual(got.json.properties, {});
    const list = await raw(te, "GET", `${clusterPath(te.subscriptionId, RG, CLUSTER)}/maintenanceConfigurations?${old}`);
    assert.ok(list.json.value.every((i: any) => !("maintenanceWindow" in i.properties)));
    const put = await raw(te, "PUT", configPath("aksManagedAutoUpgradeSchedule", CLUSTER, old), { properties: {} });
    assert.equal(put.status, 200);
    assert.equal((await c.aks.maintenanceConfigurations.get(RG, CLUSTER, "aksManagedAutoUpgradeSchedule")).maintenanceWindow?.durationHours, 10);
  });

  it("delete: 200, then 204 for one already gone; get then answers 404", async () => {
    await c.aks.maintenanceConfigurations.createOrUpdate(RG, CLUSTER, "aksManagedNodeOSUpgradeSchedule", {
      maintenanceWindow: { schedule: { weekly: { intervalWeeks: 1, dayOfWeek: "Sunday" } }, durationHours: 4, startTime: "02:00" },
    });
    const rec = statusRecorder();
    await c.aks.maintenanceConfigurations.delete(RG, CLUSTER, "aksManagedNodeOSUpgradeSchedule", { onResponse: rec.onResponse });
    await c.aks.maintenanceConfigurations.delete(RG, CLUSTER, "aksManagedNodeOSUpgradeSchedule", { onResponse: rec.onResponse });
    assert.deepEqual(rec.statuses, [200, 204]);
    const deleted = await raw(te, "DELETE", configPath("default"));
    assert.equal(deleted.status, 200);
    assert.equal(deleted.text, "");
    // docs/fidelity.md "Missing maintenance configuration"
    await assert.rejects(
      c.aks.maintenanceConfigurations.get(RG, CLUSTER, "aksManagedNodeOSUpgradeSchedule"),
      (e: any) => e.statusCode === 404 && e.code === "ResourceNotFound",
    );
    const missing = await raw(te, "GET", configPath("default"));
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error.code, "ResourceNotFound");
    assert.match(missing.json.error.message, /Microsoft\.ContainerService\/managedClusters\/maint1\/maintenanceConfigurations\/default/);
  });

  it("refuses other names with AKS's message (ARO-HCP#3260)", async () => {
    const message = await refused(
      c.aks.maintenanceConfigurations.createOrUpdate(RG, CLUSTER, "weekend", { timeInWeek: [{ day: "Sunday" }] }),
      400,
      "InvalidParameter",
    );
    assert.equal(message, NAMES_MESSAGE);
  });

  it("refuses bodies as AKS does: forms per name, ranges, past start dates, wrong JSON types", async () => {
    const window = { schedule: { weekly: { intervalWeeks: 1, dayOfWeek: "Monday" } }, durationHours: 4, startTime: "00:00" };
    const put = (name: string, config: MaintenanceConfiguration) => c.aks.maintenanceConfigurations.createOrUpdate(RG, CLUSTER, name, config);

    // default: weekly windows only (AgentBaker#6529), one form at a time.
    const daily = await refused(put("default", { maintenanceWindow: { ...window, schedule: { daily: { intervalDays: 1 } } } }), 400, "InvalidParameter");
    assert.equal(daily, "Only weekly schedule is supported for control plane upgrade maintenance configuration: default.");
    await refused(put("default", { timeInWeek: [{ day: "Monday" }], maintenanceWindow: window }), 400, "InvalidParameter", "timeInWeek");
    await refused(put("default", {}), 400, "InvalidParameter", "timeInWeek");
    await refused(put("default", { timeInWeek: [{ day: "Monday", hourSlots: [24] }] }), 400, "InvalidParameter", "timeInWeek[0].hourSlots[0]");

    // The managed names: a window, and nothing of the legacy form.
    await refused(put("aksManagedAutoUpgradeSchedule", {}), 400, "InvalidParameter", "maintenanceWindow");
    await refused(
      put("aksManagedAutoUpgradeSchedule", { timeInWeek: [{ day: "Monday", hourSlots: [1] }], maintenanceWindow: window }),
      400,
      "InvalidParameter",
      "timeInWeek",
    );
    await refused(
      put("aksManagedAutoUpgradeSchedule", { maintenanceWindow: { ...window, durationHours: 3 } }),
      400,
      "InvalidParameter",
      "maintenanceWindow.durationHours",
    );
    await refused(
      put("aksManagedAutoUpgradeSchedule", { maintenanceWindow: { ...window, schedule: { weekly: { intervalWeeks: 5, dayOfWeek: "Monday" } } } }),
      400,
      "InvalidParameter",
      "maintenanceWindow.schedule.weekly.intervalWeeks",
    );
    await refused(
      put("aksManagedAutoUpgradeSchedule", { maintenanceWindow: { ...window, schedule: {} } }),
      400,
      "InvalidParameter",
      "maintenanceWindow.schedule",
    );
    await refused(
      put("aksManagedAutoUpgradeSchedule", { maintenanceWindow: { ...window, utcOffset: "+5:30" } }),
      400,
      "InvalidParameter",
      "maintenanceWindow.utcOffset",
    );
    await refused(
      put("aksManagedAutoUpgradeSchedule", { maintenanceWindow: { ...window, startTime: "24:00" } }),
      400,
      "InvalidParameter",
      "maintenanceWindow.startTime",
    );
    // docs/fidelity.md "Maintenance window start date in the past"
    await refused(
      put("aksManagedAutoUpgradeSchedule", { maintenanceWindow: { ...window, startDate: day(-2).date } }),
      400,
      "InvalidParameter",
      "maintenanceWindow.startDate",
    );

    // A string where an integer belongs (docs/fidelity.md "Wrong JSON type of a property").
    const wrongType = await raw(te, "PUT", configPath("aksManagedAutoUpgradeSchedule"), {
      properties: { maintenanceWindow: { ...window, durationHours: "8" } },
    });
    assert.equal(wrongType.status, 400);
    assert.equal(wrongType.json.error.code, "InvalidRequestContent");
    assert.equal(wrongType.json.error.target, "properties.maintenanceWindow.durationHours");

    // Nothing refused was stored.
    const names = [];
    for await (const item of c.aks.maintenanceConfigurations.listByManagedCluster(RG, CLUSTER)) names.push(item.name);
    assert.ok(!names.includes("weekend"), names.join(","));
  });

  it("a missing cluster or group: 404 naming it, for list, get, put and delete", async () => {
    const named = (e: any) => e.statusCode === 404 && e.code === "ResourceNotFound" && /Microsoft\.ContainerService\/managedClusters\/ghost'/.test(e.message);
    // The pager keeps only the status and the code ("Pagination failed with unexpected statusCode 404"); the wire has the message.
    await assert.rejects(
      (async () => {
        for await (const _ of c.aks.maintenanceConfigurations.listByManagedCluster(RG, "ghost")) void _;
      })(),
      (e: any) => e.statusCode === 404 && e.code === "ResourceNotFound",
    );
    const list = await raw(te, "GET", `${clusterPath(te.subscriptionId, RG, "ghost")}/maintenanceConfigurations?${api}`);
    assert.equal(list.status, 404);
    assert.equal(list.json.error.code, "ResourceNotFound");
    assert.match(list.json.error.message, /Microsoft\.ContainerService\/managedClusters\/ghost'/);
    await assert.rejects(c.aks.maintenanceConfigurations.get(RG, "ghost", "default"), named);
    await assert.rejects(c.aks.maintenanceConfigurations.createOrUpdate(RG, "ghost", "default", { timeInWeek: [{ day: "Monday" }] }), named);
    await assert.rejects(c.aks.maintenanceConfigurations.delete(RG, "ghost", "default"), named);
    await assert.rejects(
      c.aks.maintenanceConfigurations.get("no-such-rg", CLUSTER, "default"),
      (e: any) => e.statusCode === 404 && e.code === "ResourceGroupNotFound",
    );
  });

  it('deleting the cluster deletes its configurations (docs/fidelity.md "Maintenance configurations of a deleted cluster")', async () => {
    await createCluster(c, "maint2");
    await c.aks.maintenanceConfigurations.createOrUpdate(RG, "maint2", "default", { timeInWeek: [{ day: "Monday" }] });
    await c.aks.managedClusters.delete(RG, "maint2", { updateIntervalInMs: 10 });
    await assert.rejects(c.aks.maintenanceConfigurations.get(RG, "maint2", "default"), (e: any) => e.statusCode === 404 && e.code === "ResourceNotFound");
    await createCluster(c, "maint2");
    const names = [];
    for await (const item of c.aks.maintenanceConfigurations.listByManagedCluster(RG, "maint2")) names.push(item.name);
    assert.deepEqual(names, []);
  });
});

describe("maintenance configurations (Debian python3-azure, 2022-11-01)", { skip: debianClientGate("python3-azure").skip, timeout: 180_000 }, () => {
  let child: StartedAksEmulator;
  let guard: NetworkGuard;
  let home: string;

  before(async () => {
    [child, guard, home] = await Promise.all([startAksEmulator({ tlsDir: testTlsDir() }), startNetworkGuard(), makeTempDir("aks-emu-pyhome-")]);
  });
  after(async () => {
    await Promise.all([child?.stop(), guard?.close()]);
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('test/python/maintenance/maintenance_configurations.py in a new shell after eval "$(aks-emulator env)"', async (t) => {
    const file = join(REPO_ROOT, "test/python/maintenance/maintenance_configurations.py");
    const script = `eval "$(node ${sh(CLI_MAIN)} env --data-dir ${sh(child.dataDir)})" && exec /usr/bin/python3 ${sh(file)}`;
    const r = await runShell(script, { env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, ...guard.env }, cwd: REPO_ROOT, timeoutMs: 120_000 });
    assert.equal(r.code, 0, `python exited ${r.code} (${r.signal ?? "no signal"})\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
    assert.match(r.stderr, /^OK$/m, r.stderr);
    for (const line of r.stderr.split("\n").filter((l) => / \.\.\. /.test(l))) t.diagnostic(line.trim());
    assert.deepEqual(guard.attempts, [], "nothing tried to leave the machine");
  });
});
