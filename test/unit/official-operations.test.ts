import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { OFFICIAL_OPERATIONS, type OfficialOperation } from "../../src/arm/official-operations.js";
import { officialOperationFor } from "../../src/arm/unserved.js";

/**
 * The committed table src/arm/official-operations.ts is what scripts/generate-official-operations.mjs
 * makes of spec/definitions/ (spec/PROVENANCE.md), and the matcher the envelope uses on it
 * (docs/fidelity.md "Official operation not emulated yet").
 */

const root = resolve(import.meta.dirname, "../../..");

interface Generator {
  DEFINITIONS: string[];
  buildOperations(root?: string): OfficialOperation[];
  render(rows: OfficialOperation[]): string;
  typeAndAction(method: string, template: string): { type: string; action?: string };
}

const generator = (): Promise<Generator> => import(new URL("../../../scripts/generate-official-operations.mjs", import.meta.url).href);

/** Plain data, so a deepEqual compares rows and not object identity or readonly-ness. */
const plain = (rows: readonly OfficialOperation[]): unknown => JSON.parse(JSON.stringify(rows));

test("the committed table is what the generator makes of the committed definitions (else: npm run generate)", async () => {
  const { buildOperations } = await generator();
  assert.deepEqual(plain(OFFICIAL_OPERATIONS), plain(buildOperations()));
});

test("the comparison above notices a changed definition", async () => {
  const { buildOperations, DEFINITIONS } = await generator();
  const dir = mkdtempSync(join(tmpdir(), "aks-emu-spec-"));
  try {
    for (const f of DEFINITIONS) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      copyFileSync(join(root, f), join(dir, f));
    }
    const file = join(dir, DEFINITIONS[0]!);
    const spec = JSON.parse(readFileSync(file, "utf8")) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const stop = Object.keys(spec.paths).find((p) => p.endsWith("/managedClusters/{resourceName}/stop"))!;
    spec.paths[stop]!["post"]!.operationId = "ManagedClusters_Halt";
    writeFileSync(file, JSON.stringify(spec));
    assert.notDeepEqual(plain(OFFICIAL_OPERATIONS), plain(buildOperations(dir)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the table: every operation of the four definitions, once per method and path, with its type and action", () => {
  // 69 operationIds at 2026-04-01 and at 2026-06-01 (the same ones), plus ManagedClusters_GetOSOptions (2022-11-01) and
  // ContainerServices_ListOrchestrators (2019-04-01 location.json); the rest of 2022-11-01 is in 2026-04-01 too.
  assert.equal(OFFICIAL_OPERATIONS.length, 71);
  const keys = OFFICIAL_OPERATIONS.map((o) => `${o.method} ${o.path.toLowerCase().replace(/\{[^}]+\}/g, "{}")}`);
  assert.equal(new Set(keys).size, keys.length, "a (method, path) twice");
  const byId = (id: string): OfficialOperation => {
    const found = OFFICIAL_OPERATIONS.filter((o) => o.operationId === id);
    assert.equal(found.length, 1, id);
    return found[0]!;
  };
  assert.deepEqual(
    { ...byId("AgentPools_Get") },
    {
      method: "GET",
      path: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}/agentPools/{agentPoolName}",
      operationId: "AgentPools_Get",
      type: "managedClusters/agentPools",
      apiVersions: ["2022-11-01", "2026-04-01", "2026-06-01"],
    },
  );
  assert.equal(byId("AgentPools_List").type, "managedClusters/agentPools");
  assert.deepEqual([byId("ManagedClusters_Stop").type, byId("ManagedClusters_Stop").action], ["managedClusters", "managedClusters/stop"]);
  assert.deepEqual(
    [byId("AgentPools_UpgradeNodeImageVersion").type, byId("AgentPools_UpgradeNodeImageVersion").action],
    ["managedClusters/agentPools", "managedClusters/agentPools/upgradeNodeImageVersion"],
  );
  assert.equal(byId("ManagedClusters_GetUpgradeProfile").type, "managedClusters/upgradeProfiles");
  assert.equal(byId("ManagedClusters_ListKubernetesVersions").type, "locations/kubernetesVersions");
  assert.deepEqual(byId("ManagedClusters_GetOSOptions").apiVersions, ["2022-11-01"]);
  assert.equal(byId("ContainerServices_ListOrchestrators").type, "locations/orchestrators");
  assert.equal(byId("Operations_List").type, "operations");
  for (const o of OFFICIAL_OPERATIONS) assert.equal(o.action !== undefined, o.method === "POST", `${o.operationId}: an action exactly when POST`);
});

test("typeAndAction: type and name segments alternate after /providers/{namespace}/", async () => {
  const { typeAndAction } = await generator();
  const p = "/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.ContainerService";
  assert.deepEqual(typeAndAction("GET", `${p}/managedClusters/{r}`), { type: "managedClusters" });
  assert.deepEqual(typeAndAction("GET", `${p}/managedClusters/{r}/agentPools`), { type: "managedClusters/agentPools" });
  assert.deepEqual(typeAndAction("POST", `${p}/managedClusters/{r}/accessProfiles/{role}/listCredential`), {
    type: "managedClusters/accessProfiles",
    action: "managedClusters/accessProfiles/listCredential",
  });
  assert.throws(() => typeAndAction("GET", "/subscriptions/{s}/providers/Microsoft.Network/virtualNetworks"), /no \/providers\/Microsoft.ContainerService/);
});

test("officialOperationFor: the router's matching rules, HEAD as GET, the wrong method or shape matches nothing", () => {
  const cluster = "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1";
  const id = (m: string, p: string): string | undefined => officialOperationFor(m, p)?.operationId;
  assert.equal(id("GET", `${cluster}/agentPools/np1`), "AgentPools_Get");
  assert.equal(id("put", `${cluster}/agentPools/np1`), "AgentPools_CreateOrUpdate");
  assert.equal(id("HEAD", `${cluster}/agentPools/np1`), "AgentPools_Get");
  assert.equal(id("GET", `${cluster.toUpperCase()}/AGENTPOOLS/`), "AgentPools_List");
  assert.equal(id("GET", `${cluster}/%61gentPools?api-version=2026-04-01`), "AgentPools_List");
  assert.equal(id("POST", `https://127.0.0.1:8443${cluster}/stop`), "ManagedClusters_Stop");
  assert.equal(id("GET", "/subscriptions/s1/providers/Microsoft.ContainerService/locations/eastus/osOptions/default"), "ManagedClusters_GetOSOptions");
  assert.equal(id("GET", "/subscriptions/s1/providers/Microsoft.ContainerService/locations/eastus/osOptions/other"), undefined);
  assert.equal(id("PATCH", `${cluster}/agentPools/np1`), undefined);
  assert.equal(id("GET", `${cluster}/stop`), undefined);
  assert.equal(id("GET", `${cluster}/agentPools/np1/extra`), undefined);
  assert.equal(id("GET", "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters//agentPools"), undefined);
  assert.equal(id("GET", `${cluster}/agentPools/%zz`), undefined);
});

test("cold start: the table and its matcher load only through notRouted's dynamic import", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : /\.c?ts$/.test(f) ? [p] : [];
    });
  const staticImport = /^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+["'][^"']*\/(official-operations|unserved)\.js["']/gm;
  const found: string[] = [];
  for (const f of files(join(root, "src"))) {
    for (const m of readFileSync(f, "utf8").matchAll(staticImport)) {
      const allowed = f.endsWith(join("arm", "unserved.ts")) && m[1] === "official-operations";
      if (!allowed) found.push(`${f}: ${m[0].trim()}`);
    }
  }
  assert.deepEqual(found, []);
  assert.match(readFileSync(join(root, "src/arm/envelope.ts"), "utf8"), /await import\("\.\/unserved\.js"\)/);
});
