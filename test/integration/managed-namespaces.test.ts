/**
 * A cluster's managed namespaces (managedClusters/{c}/managedNamespaces/{name}) through the official TS
 * SDK (@azure/arm-containerservice 25.3.0, 2026-04-01), answers checked against the official definition;
 * the cluster's Kubernetes namespaces seeded and read through the testing control
 * (`/_emulator/kubernetes-namespaces`, docs/testing-controls.md "Kubernetes namespaces").
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate, createPrivateKey, createPublicKey } from "node:crypto";
import type { ManagedNamespace } from "@azure/arm-containerservice";
import { clusterPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { refusedWith, sdkClients } from "../support/sdk-clients.js";

const RG = "mns-rg";
const fast = { updateIntervalInMs: 10 };
const API = "api-version=2026-04-01";

const namespace = (properties: ManagedNamespace["properties"] = {}, extra: Partial<ManagedNamespace> = {}): ManagedNamespace => ({
  location: "eastus",
  properties,
  ...extra,
});

describe("managed namespaces (@azure/arm-containerservice 25.3.0)", () => {
  let te: TestEmulator;
  let c: ReturnType<typeof sdkClients>;
  let clusterId: string;

  /** Seeds a Kubernetes namespace in the cluster through the testing control. */
  async function seed(name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}) {
    const res = await te.request("POST", "/_emulator/kubernetes-namespaces", { body: { cluster: clusterId, name, labels, annotations }, conformance: false });
    assert.equal(res.status, 201, res.text);
  }
  async function kubernetesNamespaces(): Promise<{ name: string; labels: Record<string, string> }[]> {
    const res = await te.request("GET", `/_emulator/kubernetes-namespaces?cluster=${encodeURIComponent(clusterId)}`, { conformance: false });
    assert.equal(res.status, 200, res.text);
    return res.json.value;
  }

  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 1 });
    c = sdkClients(te);
    await c.rm.resourceGroups.createOrUpdate(RG, { location: "eastus" });
    const cluster = await c.aks.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      "c1",
      { location: "eastus", dnsPrefix: "mns", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] } as any,
      fast,
    );
    clusterId = cluster.id!;
  });
  after(async () => te?.close());

  it("creates one (long-running) with its quota, policies and labels; get, list and the Kubernetes namespace show it", async () => {
    const poller = await c.aks.managedNamespaces.beginCreateOrUpdate(
      RG,
      "c1",
      "team1",
      namespace(
        {
          defaultResourceQuota: { cpuRequest: "1000m", cpuLimit: "2", memoryRequest: "500Mi", memoryLimit: "1Gi" },
          defaultNetworkPolicy: { ingress: "DenyAll", egress: "AllowSameNamespace" },
          labels: { team: "one" },
          annotations: { owner: "retail" },
          adoptionPolicy: "Never",
          deletePolicy: "Delete",
        },
        { tags: { env: "dev" } },
      ),
      fast,
    );
    assert.notEqual(poller.getOperationState().status, "succeeded", "the PUT is long-running");
    const made = await poller.pollUntilDone();
    assert.equal(made.properties?.provisioningState, "Succeeded");
    assert.equal(made.type, "Microsoft.ContainerService/managedClusters/managedNamespaces");
    assert.equal(made.location, "eastus");
    assert.deepEqual(made.tags, { env: "dev" });
    assert.deepEqual(made.properties?.defaultResourceQuota, { cpuRequest: "1000m", cpuLimit: "2", memoryRequest: "500Mi", memoryLimit: "1Gi" });
    assert.deepEqual(made.properties?.defaultNetworkPolicy, { ingress: "DenyAll", egress: "AllowSameNamespace" });
    assert.deepEqual([made.properties?.adoptionPolicy, made.properties?.deletePolicy], ["Never", "Delete"]);
    assert.deepEqual(await c.aks.managedNamespaces.get(RG, "c1", "team1"), made);
    const listed = [];
    for await (const n of c.aks.managedNamespaces.listByManagedCluster(RG, "c1")) listed.push(n.name);
    assert.deepEqual(listed, ["team1"]);
    const k8s = (await kubernetesNamespaces()).find((n) => n.name === "team1");
    assert.deepEqual(k8s?.labels, { team: "one", "kubernetes.azure.com/managedByArm": "true" });
  });

  it("fills the defaults: network policy AllowSameNamespace in, AllowAll out; adoption Never; delete Keep; location the cluster's", async () => {
    const res = await te.request("PUT", `${clusterPath(te.subscriptionId, RG, "c1")}/managedNamespaces/plain?${API}`, { body: { properties: {} } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.location, "eastus");
    assert.deepEqual(res.json.properties.defaultNetworkPolicy, { ingress: "AllowSameNamespace", egress: "AllowAll" });
    assert.deepEqual([res.json.properties.adoptionPolicy, res.json.properties.deletePolicy], ["Never", "Keep"]);
    await c.aks.managedNamespaces.beginDeleteAndWait(RG, "c1", "plain", fast);
  });

  it("PATCH changes only the tags", async () => {
    const patched = await c.aks.managedNamespaces.update(RG, "c1", "team1", { tags: { env: "prod", owner: "x" } });
    assert.deepEqual(patched.tags, { env: "prod", owner: "x" });
    assert.deepEqual(patched.properties?.labels, { team: "one" });
  });

  it("refuses quotas not in Kubernetes' CPU or power-of-two memory form, naming the property", async () => {
    for (const [quota, target] of [
      [{ cpuRequest: "lots" }, "properties.defaultResourceQuota.cpuRequest"],
      [{ cpuLimit: "1.5Gi" }, "properties.defaultResourceQuota.cpuLimit"],
      [{ memoryRequest: "500MB" }, "properties.defaultResourceQuota.memoryRequest"],
      [{ memoryLimit: "1.5Gi" }, "properties.defaultResourceQuota.memoryLimit"],
    ] as const) {
      const message = await refusedWith(
        c.aks.managedNamespaces.beginCreateOrUpdateAndWait(RG, "c1", "quota", namespace({ defaultResourceQuota: quota }), fast),
        400,
        "InvalidParameter",
      );
      assert.ok(message.includes(target.replace("properties.", "")), message);
    }
    await refusedWith(c.aks.managedNamespaces.get(RG, "c1", "quota"), 404, "ResourceNotFound");
  });

  it("refuses network policy rules and policies outside the definition's enums, naming the property", async () => {
    for (const [props, name] of [
      [{ defaultNetworkPolicy: { ingress: "Allow" } }, "defaultNetworkPolicy.ingress"],
      [{ defaultNetworkPolicy: { egress: "Deny" } }, "defaultNetworkPolicy.egress"],
      [{ adoptionPolicy: "Sometimes" }, "adoptionPolicy"],
      [{ deletePolicy: "Archive" }, "deletePolicy"],
    ] as const) {
      const message = await refusedWith(
        c.aks.managedNamespaces.beginCreateOrUpdateAndWait(RG, "c1", "enums", namespace(props as any), fast),
        400,
        "InvalidParameter",
      );
      assert.ok(message.includes(name), message);
    }
  });

  it("refuses system namespaces (kube-system, default, ...) and names that are no namespace name", async () => {
    for (const name of ["kube-system", "kube-public", "default", "istio-system", "gatekeeper-system", "app-routing-system"]) {
      const message = await refusedWith(c.aks.managedNamespaces.beginCreateOrUpdateAndWait(RG, "c1", name, namespace(), fast), 400, "InvalidParameter");
      assert.match(message, /system namespace/);
    }
    await refusedWith(c.aks.managedNamespaces.beginCreateOrUpdateAndWait(RG, "c1", "Team_1", namespace(), fast), 400, "InvalidParameter");
  });

  it("refuses a location other than the cluster's", async () => {
    await refusedWith(
      c.aks.managedNamespaces.beginCreateOrUpdateAndWait(RG, "c1", "far", namespace({}, { location: "westus2" }), fast),
      400,
      "InvalidParameter",
    );
  });

  it("adoption policy Never: an existing Kubernetes namespace of that name is refused", async () => {
    await seed("legacy-never", { app: "a" });
    const message = await refusedWith(
      c.aks.managedNamespaces.beginCreateOrUpdateAndWait(RG, "c1", "legacy-never", namespace({ adoptionPolicy: "Never", labels: { app: "a" } }), fast),
      409,
      "Conflict",
    );
    assert.match(message, /already exists .* adoptionPolicy is 'Never'/);
  });

  it("adoption policy IfIdentical: takes a namespace with the requested labels and annotations, refuses one that differs", async () => {
    await seed("legacy-same", { app: "a", "kubernetes.io/metadata.name": "legacy-same" }, { owner: "o" });
    const adopted = await c.aks.managedNamespaces.beginCreateOrUpdateAndWait(
      RG,
      "c1",
      "legacy-same",
      namespace({ adoptionPolicy: "IfIdentical", labels: { app: "a" }, annotations: { owner: "o" } }),
      fast,
    );
    assert.equal(adopted.properties?.provisioningState, "Succeeded");
    await seed("legacy-other", { app: "b" });
    const message = await refusedWith(
      c.aks.managedNamespaces.beginCreateOrUpdateAndWait(RG, "c1", "legacy-other", namespace({ adoptionPolicy: "IfIdentical", labels: { app: "a" } }), fast),
      409,
      "Conflict",
    );
    assert.match(message, /other labels than requested/);
  });

  it("adoption policy Always: takes the namespace and overwrites its labels", async () => {
    await seed("legacy-any", { app: "old" });
    await c.aks.managedNamespaces.beginCreateOrUpdateAndWait(RG, "c1", "legacy-any", namespace({ adoptionPolicy: "Always", labels: { app: "new" } }), fast);
    const k8s = (await kubernetesNamespaces()).find((n) => n.name === "legacy-any");
    assert.deepEqual(k8s?.labels, { app: "new", "kubernetes.azure.com/managedByArm": "true" });
  });

  it("delete policy Keep leaves the Kubernetes namespace without the managed-by label (a new one with Never is then refused); Delete removes it", async () => {
    await c.aks.managedNamespaces.beginCreateOrUpdateAndWait(RG, "c1", "kept", namespace({ deletePolicy: "Keep", labels: { a: "1" } }), fast);
    await c.aks.managedNamespaces.beginDeleteAndWait(RG, "c1", "kept", fast);
    await refusedWith(c.aks.managedNamespaces.get(RG, "c1", "kept"), 404, "ResourceNotFound");
    assert.deepEqual((await kubernetesNamespaces()).find((n) => n.name === "kept")?.labels, { a: "1" });
    await refusedWith(c.aks.managedNamespaces.beginCreateOrUpdateAndWait(RG, "c1", "kept", namespace({ adoptionPolicy: "Never" }), fast), 409, "Conflict");

    await c.aks.managedNamespaces.beginCreateOrUpdateAndWait(RG, "c1", "gone", namespace({ deletePolicy: "Delete" }), fast);
    await c.aks.managedNamespaces.beginDeleteAndWait(RG, "c1", "gone", fast);
    assert.equal(
      (await kubernetesNamespaces()).find((n) => n.name === "gone"),
      undefined,
    );
    const again = await c.aks.managedNamespaces.beginCreateOrUpdateAndWait(RG, "c1", "gone", namespace({ adoptionPolicy: "Never" }), fast);
    assert.equal(again.properties?.provisioningState, "Succeeded");
  });

  it("listCredential gives a kubeconfig for the namespace whose client certificate the cluster CA signed", async () => {
    const result = await c.aks.managedNamespaces.listCredential(RG, "c1", "team1");
    assert.equal(result.kubeconfigs?.length, 1);
    const yaml = Buffer.from(result.kubeconfigs![0]!.value!).toString("utf8");
    assert.match(yaml, /^ {4}namespace: team1$/m);
    const field = (name: string) => Buffer.from(new RegExp(`^\\s*${name}: (\\S+)$`, "m").exec(yaml)![1]!, "base64").toString("utf8");
    const ca = new X509Certificate(field("certificate-authority-data"));
    const client = new X509Certificate(field("client-certificate-data"));
    assert.ok(client.verify(ca.publicKey), "the client certificate is not signed by the cluster CA");
    assert.ok(client.checkIssued(ca));
    // The key in the kubeconfig is the certificate's.
    const key = createPrivateKey(field("client-key-data"));
    assert.equal(createPublicKey(key).export({ type: "spki", format: "pem" }), client.publicKey.export({ type: "spki", format: "pem" }));
    // The same CA as the cluster's own credentials.
    const user = await c.aks.managedClusters.listClusterUserCredentials(RG, "c1");
    const userCa = /certificate-authority-data: (\S+)/.exec(Buffer.from(user.kubeconfigs![0]!.value!).toString("utf8"))![1]!;
    assert.equal(Buffer.from(userCa, "base64").toString("utf8"), field("certificate-authority-data"));
    await refusedWith(c.aks.managedNamespaces.listCredential(RG, "c1", "nope"), 404, "ResourceNotFound");
  });

  it("the testing control refuses a namespace the cluster has, an unknown cluster and a bad body", async () => {
    const dup = await te.request("POST", "/_emulator/kubernetes-namespaces", { body: { cluster: clusterId, name: "team1" }, conformance: false });
    assert.equal(dup.status, 409, dup.text);
    const unknown = await te.request("POST", "/_emulator/kubernetes-namespaces", {
      body: { cluster: clusterId.replace(/c1$/, "zz"), name: "x" },
      conformance: false,
    });
    assert.equal(unknown.status, 404, unknown.text);
    const bad = await te.request("POST", "/_emulator/kubernetes-namespaces", { body: { cluster: clusterId, name: "Bad_Name" }, conformance: false });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.json.error.target, "name");
  });

  it("deleting the cluster takes its namespaces with it", async () => {
    await c.aks.managedClusters.beginDeleteAndWait(RG, "c1", fast);
    await c.aks.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      "c1",
      { location: "eastus", dnsPrefix: "mns", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] } as any,
      fast,
    );
    const listed = [];
    for await (const n of c.aks.managedNamespaces.listByManagedCluster(RG, "c1")) listed.push(n.name);
    assert.deepEqual(listed, []);
    assert.deepEqual(await kubernetesNamespaces(), []);
  });
});
