import assert from "node:assert/strict";
import type { RawResponse, TestEmulator } from "../support/emulator.js";
import { clusterUrl, completeOperation, createResourceGroup, loadExample, realParams, substitute, type Example } from "./harness.js";
import { replayExamples } from "./replay-examples.js";
import { TRUSTED_ACCESS_EXAMPLES } from "./ignored-trusted-access.js";

/**
 * Replays the official examples of trusted access (the role list, a cluster's role bindings) and of
 * the 2022-11-01 OS options (test/fixtures/azure-spec/), each against a fresh emulator, compared field
 * by field as replay.test.ts does (harness.ts); what is not compared, and why, is in ignored-trusted-access.ts.
 */

/** Simulated provisioning time; operations are completed by advancing the clock past it. */
const LRO_MS = 60_000;

type Kind = (typeof TRUSTED_ACCESS_EXAMPLES)[number]["kind"];

/** The binding the Get, List, Delete and update examples act on: the CreateOrUpdate example's request. */
const BINDING = substitute(loadExample("2026-03-01/examples/TrustedAccessRoleBindings_CreateOrUpdate.json").requestBody);

async function run(te: TestEmulator, ex: Example, kind: Kind, status: string, lroDurationMs: number): Promise<RawResponse> {
  const p = realParams(ex);
  const v = ex.apiVersion;
  const location = `/subscriptions/${p["subscriptionId"]}/providers/Microsoft.ContainerService/locations/${p["location"]}`;
  if (kind === "roles") return te.request("GET", `${location}/trustedAccessRoles?api-version=${v}`);
  if (kind === "osOptions") return te.request("GET", `${location}/osOptions/default?api-version=${v}`);
  await createResourceGroup(te, p["subscriptionId"]!, p["resourceGroupName"]!);
  const cluster = clusterUrl(
    { subscriptionId: p["subscriptionId"]!, resourceGroupName: p["resourceGroupName"]!, resourceName: p["resourceName"]! },
    "2026-04-01",
  );
  const made = await te.request("PUT", cluster, {
    body: {
      location: substitute("location1"),
      identity: { type: "SystemAssigned" },
      properties: { dnsPrefix: "dnsprefix1", agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }] },
    },
  });
  assert.equal(made.status, 201, `prerequisite cluster PUT: ${made.text}`);
  if (lroDurationMs > 0) await completeOperation(te, made, lroDurationMs);
  const binding = `${cluster.split("?")[0]}/trustedAccessRoleBindings/${p["trustedAccessRoleBindingName"] ?? "binding1"}?api-version=${v}`;
  // Every example but a create acts on a binding that exists.
  if (!(kind === "put" && status === "201")) {
    const put = await te.request("PUT", binding, { body: BINDING });
    assert.equal(put.status, 201, `prerequisite binding PUT: ${put.text}`);
    if (lroDurationMs > 0) await completeOperation(te, put, lroDurationMs);
  }
  switch (kind) {
    case "put":
      return te.request("PUT", binding, { body: substitute(ex.requestBody, te.endpoint) });
    case "get":
      return te.request("GET", binding);
    case "list":
      return te.request("GET", binding.replace(/\/binding1\?/, "?"));
    case "delete":
      return te.request("DELETE", binding);
    default:
      throw new Error(`kind ${kind}`);
  }
}

// A 204 is what AKS answers when the delete finished at once.
replayExamples(TRUSTED_ACCESS_EXAMPLES, { lroDurationMs: (_kind, status) => (status === "204" ? 0 : LRO_MS), run });
