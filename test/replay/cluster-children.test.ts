import assert from "node:assert/strict";
import type { RawResponse, TestEmulator } from "../support/emulator.js";
import {
  clusterUrl,
  completeOperation,
  createResourceGroup,
  createUserAssignedIdentities,
  realParams,
  substitute,
  type Example,
  type Json,
} from "./harness.js";
import { CHILD_EXAMPLES, type ChildKind } from "./ignored-cluster-children.js";
import { replayExamples } from "./replay-examples.js";

/**
 * Replays the official examples of a cluster's managed namespaces (create, get, list, update tags,
 * delete, listCredential) and identity bindings (create, delete), each against a fresh emulator,
 * compared field by field (harness.ts); what is not compared, and why, is in ignored-cluster-children.ts.
 * No official Get or List example of identity bindings exists (docs/fidelity.md "Identity binding answers").
 */

/** Simulated provisioning time; operations are completed by advancing the clock past it. */
const LRO_MS = 60_000;

/** The cluster the example acts on, created and completed: in eastus2 as the namespace examples show, with what identity bindings need. */
async function createCluster(te: TestEmulator, p: Record<string, string>, lroDurationMs: number, location: string): Promise<string> {
  await createResourceGroup(te, p["subscriptionId"]!, p["resourceGroupName"]!);
  const url = clusterUrl({ subscriptionId: p["subscriptionId"]!, resourceGroupName: p["resourceGroupName"]!, resourceName: p["resourceName"]! }, "2026-04-01");
  const put = await te.request("PUT", url, {
    body: {
      location,
      identity: { type: "SystemAssigned" },
      properties: {
        dnsPrefix: "dnsprefix1",
        agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }],
        oidcIssuerProfile: { enabled: true },
        securityProfile: { workloadIdentity: { enabled: true } },
      },
    },
  });
  assert.equal(put.status, 201, `prerequisite cluster PUT: ${put.text}`);
  if (lroDurationMs > 0) await completeOperation(te, put, lroDurationMs);
  return url.split("?")[0]!;
}

/** A PUT through the emulator, completed when it is long-running. */
async function put(te: TestEmulator, url: string, body: Json, lroDurationMs: number): Promise<void> {
  const res = await te.request("PUT", url, { body });
  assert.ok(res.status === 200 || res.status === 201, `prerequisite PUT ${url}: ${res.status} ${res.text}`);
  if (res.headers["azure-asyncoperation"]) await completeOperation(te, res, lroDurationMs);
}

/** The namespace an example shows, as a create request: its answer without what is read-only. */
function namespaceBody(shown: Json): Json {
  const { provisioningState: _state, ...properties } = shown.properties;
  return { location: shown.location, tags: shown.tags, properties };
}

async function run(te: TestEmulator, ex: Example, kind: ChildKind, status: string, lroDurationMs: number): Promise<RawResponse> {
  const p = realParams(ex);
  const v = ex.apiVersion;
  const binding = kind === "ibCreate" || kind === "ibDelete";
  const cluster = await createCluster(te, p, lroDurationMs, binding ? "eastus" : "eastus2");
  const body = ex.requestBody === undefined ? undefined : substitute(ex.requestBody, te.endpoint);
  const nsUrl = (name: string, version = v) => `${cluster}/managedNamespaces/${name}?api-version=${version}`;
  const shown = (code: string): Json => substitute(ex.responses[code]!.body, te.endpoint);
  switch (kind) {
    case "nsCreate":
      // 200: an update of the namespace the example shows.
      if (status === "200") await put(te, nsUrl(p["managedNamespaceName"]!), body, lroDurationMs);
      return te.request("PUT", nsUrl(p["managedNamespaceName"]!), { body });
    case "nsGet":
    case "nsUpdateTags": {
      const resource = shown("200");
      await put(
        te,
        nsUrl(p["managedNamespaceName"]!),
        namespaceBody(kind === "nsGet" ? resource : { ...resource, tags: { tagKey1: "tagValue1" } }),
        lroDurationMs,
      );
      if (kind === "nsGet") return te.request("GET", nsUrl(p["managedNamespaceName"]!));
      return te.request("PATCH", nsUrl(p["managedNamespaceName"]!), { body });
    }
    case "nsList": {
      for (const item of shown("200").value) await put(te, nsUrl(item.name), namespaceBody(item), lroDurationMs);
      return te.request("GET", `${cluster}/managedNamespaces?api-version=${v}`);
    }
    case "nsDelete":
      await put(te, nsUrl(p["managedNamespaceName"]!), { location: "eastus2", properties: {} }, lroDurationMs);
      return te.request("DELETE", nsUrl(p["managedNamespaceName"]!));
    case "nsListCredential":
      await put(te, nsUrl(p["managedNamespaceName"]!), { location: "eastus2", properties: {} }, lroDurationMs);
      return te.request("POST", `${cluster}/managedNamespaces/${p["managedNamespaceName"]}/listCredential?api-version=${v}`);
    case "ibCreate":
    case "ibDelete": {
      const url = `${cluster}/identityBindings/${p["identityBindingName"]}?api-version=${v}`;
      const identity = substitute(
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identity1",
      );
      await createUserAssignedIdentities(te, { identity: { userAssignedIdentities: { [identity]: {} } } });
      const request = body ?? { properties: { managedIdentity: { resourceId: identity } } };
      if (kind === "ibDelete" || status === "200") await put(te, url, request, lroDurationMs);
      return kind === "ibDelete" ? te.request("DELETE", url) : te.request("PUT", url, { body: request });
    }
    default:
      throw new Error(`kind ${kind as string}`);
  }
}

replayExamples(CHILD_EXAMPLES, {
  // Answers the examples show finished (Succeeded, a 200 update, a 204) are the emulator's at --lro-duration 0.
  lroDurationMs: (kind, status) => (status === "202" || (kind === "nsCreate" && status === "201") ? LRO_MS : 0),
  run,
});
