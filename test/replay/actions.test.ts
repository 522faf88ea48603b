import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import type { RawResponse, TestEmulator } from "../support/emulator.js";
import { clusterUrl, completeOperation, createResourceGroup, realParams, substitute, type Example, type Json } from "./harness.js";
import { ACTION_EXAMPLES, type ActionKind as Kind } from "./ignored-actions.js";
import { replayExamples } from "./replay-examples.js";

/**
 * Replays the official examples of the cluster's actions (test/fixtures/azure-spec/): the rotations
 * and resets, run command and its results, the credentials and the access profile, the outbound
 * network dependencies and the mesh profiles, each against a fresh emulator, compared field by field
 * as replay.test.ts does (harness.ts); what is not compared, and why, is in ignored-actions.ts.
 */

/** Simulated provisioning time; operations are completed by advancing the clock past it. */
const LRO_MS = 60_000;

/**
 * The cluster the example acts on (named as its path names it), created and completed: public, with
 * what the action needs (a service principal, the legacy AAD integration, the Istio add-on).
 */
async function createCluster(te: TestEmulator, p: Record<string, string>, lroDurationMs: number, extra: Json = {}): Promise<void> {
  const url = clusterUrl({ subscriptionId: p["subscriptionId"]!, resourceGroupName: p["resourceGroupName"]!, resourceName: p["resourceName"]! }, "2026-04-01");
  const { identity, ...properties } = extra;
  const put = await te.request("PUT", url, {
    body: {
      location: substitute("location1"),
      properties: { dnsPrefix: "dnsprefix1", agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }], ...properties },
      ...(identity === null ? {} : { identity: identity ?? { type: "SystemAssigned" } }),
    },
  });
  assert.equal(put.status, 201, `prerequisite cluster PUT: ${put.text}`);
  if (lroDurationMs > 0) await completeOperation(te, put, lroDurationMs);
}

const SERVICE_PRINCIPAL = { identity: null, servicePrincipalProfile: { clientId: "0f2f2fd5-0000-4000-8000-000000000001", secret: "first" } };
const LEGACY_AAD = { aadProfile: { clientAppID: "c1", serverAppID: "s1", serverAppSecret: "x1", tenantID: "t1" } };

/** Runs the example's command, with a rule scripting the result its answer shows; answers the command's result URL (path and query). */
async function runExampleCommand(te: TestEmulator, base: string, shown: Json): Promise<string> {
  const props = shown?.properties ?? {};
  const rule = props.reason !== undefined ? { command: "^kubectl apply", failureReason: props.reason } : { command: "^kubectl apply", logs: props.logs ?? "" };
  const added = await te.request("POST", "/_emulator/run-command", { body: rule });
  assert.equal(added.status, 201, added.text);
  const run = await te.request("POST", `${base}/runCommand?api-version=2026-04-01`, { body: { command: "kubectl apply -f ns.yaml" } });
  assert.equal(run.status, 202, run.text);
  const u = new URL(String(run.headers["location"]));
  return u.pathname + u.search;
}

async function run(te: TestEmulator, ex: Example, kind: Kind, status: string, lroDurationMs: number): Promise<RawResponse> {
  const p = realParams(ex);
  const v = ex.apiVersion;
  if (kind === "meshRevisionList" || kind === "meshRevisionGet") {
    const base = `/subscriptions/${p["subscriptionId"]}/providers/Microsoft.ContainerService/locations/${p["location"]}/meshRevisionProfiles`;
    return te.request("GET", `${kind === "meshRevisionGet" ? `${base}/${p["mode"]}` : base}?api-version=${v}`);
  }
  await createResourceGroup(te, p["subscriptionId"]!, p["resourceGroupName"]!);
  const base = clusterUrl({ subscriptionId: p["subscriptionId"]!, resourceGroupName: p["resourceGroupName"]!, resourceName: p["resourceName"]! }, "").split(
    "?",
  )[0]!;
  const body = ex.requestBody === undefined ? undefined : substitute(ex.requestBody, te.endpoint);
  switch (kind) {
    case "rotateClusterCertificates":
    case "rotateServiceAccountSigningKeys":
      await createCluster(te, p, lroDurationMs);
      return te.request("POST", `${base}/${kind}?api-version=${v}`);
    case "resetServicePrincipalProfile":
    case "resetAADProfile":
      await createCluster(te, p, lroDurationMs, kind === "resetAADProfile" ? LEGACY_AAD : SERVICE_PRINCIPAL);
      return te.request("POST", `${base}/${kind}?api-version=${v}`, { body });
    case "runCommand": {
      await createCluster(te, p, lroDurationMs);
      return te.request("POST", `${base}/runCommand?api-version=${v}`, { body: substitute(loadRequestPayload(ex.file)) });
    }
    case "commandResult": {
      await createCluster(te, p, lroDurationMs);
      const url = await runExampleCommand(te, base, ex.responses["200"]?.body);
      // 200: the command done (its time is up); 202: still running.
      if (status === "200") te.emulator.clock.advance(lroDurationMs + 1);
      return te.request("GET", url.replace(/api-version=[^&]+/, `api-version=${v}`));
    }
    case "accessProfile":
      await createCluster(te, p, lroDurationMs);
      return te.request("POST", `${base}/accessProfiles/${p["roleName"]}/listCredential?api-version=${v}`);
    case "credentials": {
      await createCluster(te, p, lroDurationMs);
      const action = /ListCluster(\w+)Credentials/.exec(ex.file)![1]!;
      return te.request("POST", `${base}/listCluster${action}Credential?api-version=${v}`);
    }
    case "outbound":
      await createCluster(te, p, lroDurationMs);
      return te.request("GET", `${base}/outboundNetworkDependenciesEndpoints?api-version=${v}`);
    case "meshUpgradeList":
    case "meshUpgradeGet":
      await createCluster(te, p, lroDurationMs, { serviceMeshProfile: { mode: "Istio", istio: { revisions: ["asm-1-27"] } } });
      return te.request("GET", `${base}/meshUpgradeProfiles${kind === "meshUpgradeGet" ? `/${p["mode"]}` : ""}?api-version=${v}`);
    default:
      throw new Error(`kind ${kind as string}`);
  }
}

/** RunCommandRequest's body parameter is `requestPayload`, not `parameters`. */
function loadRequestPayload(file: string): Json {
  return JSON.parse(readFileSync(new URL(`../../../test/fixtures/azure-spec/${file}`, import.meta.url), "utf8")).parameters.requestPayload;
}

replayExamples(ACTION_EXAMPLES, {
  // A 204 or a 200 without a body is what AKS answers when the action finished at once.
  lroDurationFor: (status, kind, ex) =>
    (status === "204" || (status === "200" && ex.responses[status]!.body === undefined)) && kind !== "commandResult" ? 0 : LRO_MS,
  run,
});
