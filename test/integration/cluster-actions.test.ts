import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { Agent } from "node:https";
import { connect, createServer, type TLSSocket } from "node:tls";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ContainerServiceClient, type ManagedCluster } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import type { TokenCredential } from "@azure/identity";
import { EmulatorControls } from "../../src/testing/index.js";
import { conformancePolicy } from "../support/conformance.js";
import { clusterPath, startTestEmulator, testTlsDir, type TestEmulator } from "../support/emulator.js";

/**
 * The managed cluster's actions through the official TS SDK (issue #18 items 2, 4, 5 and 6), every
 * answer conformance-checked against the SDK's models and the long-running ones polled with the
 * SDK's default settings: certificate rotation (and the kubeconfigs it replaces, loaded with
 * node:crypto and used in a TLS handshake), service account key rotation, the resets, run command
 * and its results (with scripted results), the access profile, the monitoring user's kubeconfig,
 * the outbound network dependencies and the service mesh profiles.
 */

interface Seen {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  text: string;
}

function kit(te: TestEmulator) {
  const seen: Seen[] = [];
  const credential: TokenCredential = { getToken: async () => ({ token: te.token(), expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const options = {
    endpoint: te.endpoint,
    additionalPolicies: [
      { policy: conformancePolicy(), position: "perCall" },
      {
        policy: {
          name: "record",
          async sendRequest(req: { method: string; url: string }, next: (r: any) => Promise<any>) {
            const res = await next(req);
            seen.push({ method: req.method, path: new URL(req.url).pathname, status: res.status, headers: res.headers.toJSON(), text: res.bodyAsText ?? "" });
            return res;
          },
        },
        position: "perCall",
      },
    ],
  } as any;
  return {
    seen,
    aks: new ContainerServiceClient(credential, te.subscriptionId, options),
    resources: new ResourceManagementClient(credential, te.subscriptionId, options),
    controls: new EmulatorControls({ endpoint: te.endpoint, agent: new Agent({ ca: te.caPem }), credential: credential as never }),
    /** The first raw answer to `method` on a path ending with `suffix`. */
    first(method: string, suffix: string): Seen {
      const hit = seen.find((s) => s.method === method && s.path.toLowerCase().endsWith(suffix.toLowerCase()));
      assert.ok(hit, `no ${method} …${suffix} was seen`);
      return hit;
    },
  };
}
type Kit = ReturnType<typeof kit>;

const POOLS = [
  { name: "nodepool1", count: 2, vmSize: "Standard_DS2_v2", mode: "System" },
  { name: "userpool", count: 1, vmSize: "Standard_DS2_v2", mode: "User" },
];

async function cluster(k: Kit, rg: string, name: string, extra: Partial<ManagedCluster> = {}): Promise<ManagedCluster> {
  await k.resources.resourceGroups.createOrUpdate(rg, { location: "westus2" });
  return k.aks.managedClusters.createOrUpdate(rg, name, { location: "westus2", dnsPrefix: name, agentPoolProfiles: POOLS, ...extra } as ManagedCluster);
}

async function refused(call: PromiseLike<unknown>, status: number, code: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(Promise.resolve(call), (e: any) => {
    assert.equal(e.statusCode, status, e.message);
    assert.equal(e.code, code, e.message);
    if (typeof message === "string") assert.ok(e.message.includes(message), e.message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

/** The fields of a kubeconfig, and its certificates and keys loaded with node:crypto. */
function parseKubeconfig(value: Uint8Array | undefined) {
  const yaml = Buffer.from(value!).toString("utf8");
  const field = (name: string): string | undefined => new RegExp(`^ +${name}: (.+)$`, "m").exec(yaml)?.[1];
  const pem = (name: string): string | undefined => {
    const v = field(name);
    return v === undefined ? undefined : Buffer.from(v, "base64").toString("utf8");
  };
  const caPem = pem("certificate-authority-data")!;
  const certPem = pem("client-certificate-data");
  const keyPem = pem("client-key-data");
  return {
    yaml,
    user: /^- name: (.+)$/m.exec(yaml)![1]!,
    caPem,
    ca: new X509Certificate(caPem),
    certPem,
    keyPem,
    cert: certPem ? new X509Certificate(certPem) : undefined,
    key: keyPem ? createPrivateKey(keyPem) : undefined,
    token: field("token"),
  };
}

/**
 * A TLS handshake with the kubeconfig's client certificate against a loopback listener that trusts
 * `trustedCaPem` and requires a client certificate: the subject the listener saw, or the error.
 */
async function handshake(
  kc: { certPem?: string; keyPem?: string },
  trustedCaPem: string,
): Promise<{ ok: true; subject: string } | { ok: false; error: string }> {
  const dir = testTlsDir();
  const [serverCert, serverKey, testCa] = await Promise.all([
    readFile(join(dir, "server.pem"), "utf8"),
    readFile(join(dir, "server-key.pem"), "utf8"),
    readFile(join(dir, "ca.pem"), "utf8"),
  ]);
  const server = createServer({ cert: serverCert, key: serverKey, ca: trustedCaPem, requestCert: true, rejectUnauthorized: true });
  const seen = new Promise<string>((resolve) => {
    server.on("secureConnection", (s: TLSSocket) => {
      resolve(String(s.getPeerCertificate().subject?.CN));
      s.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  try {
    return await new Promise((resolve) => {
      const socket = connect({ host: "127.0.0.1", port, servername: "localhost", ca: testCa, cert: kc.certPem, key: kc.keyPem });
      socket.on("data", async () => {
        resolve({ ok: true, subject: await seen });
        socket.end();
      });
      socket.on("error", (e) => resolve({ ok: false, error: e.message }));
      socket.on("end", () => resolve({ ok: false, error: "closed without an answer" }));
    });
  } finally {
    server.close();
  }
}

describe("cluster actions through the official TS SDK", { concurrency: true }, () => {
  let te: TestEmulator;
  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 50 });
  });
  after(async () => te.close());

  it("kubeconfigs carry a cluster CA and client certificates signed by it that complete a TLS handshake; rotateClusterCertificates replaces them", async () => {
    const k = kit(te);
    await cluster(k, "rg-certs", "certs");
    const user = parseKubeconfig((await k.aks.managedClusters.listClusterUserCredentials("rg-certs", "certs")).kubeconfigs?.[0]?.value);
    const admin = parseKubeconfig((await k.aks.managedClusters.listClusterAdminCredentials("rg-certs", "certs")).kubeconfigs?.[0]?.value);
    const monitoringResult = await k.aks.managedClusters.listClusterMonitoringUserCredentials("rg-certs", "certs");
    assert.equal(monitoringResult.kubeconfigs?.[0]?.name, "clusterMonitoringUser");
    const monitoring = parseKubeconfig(monitoringResult.kubeconfigs?.[0]?.value);
    assert.equal(monitoring.user, "clusterMonitoringUser_rg-certs_certs");

    // One CA per cluster (docs/sources.md "Kubeconfig certificates"), the same in each kubeconfig; each client certificate signed by it.
    assert.equal(user.ca.subject, "CN=ca");
    assert.ok(user.ca.ca, "the cluster CA is a CA");
    for (const kc of [admin, monitoring]) assert.equal(kc.caPem, user.caPem);
    for (const [kc, subject] of [
      [user, "CN=client"],
      [admin, "CN=masterclient"],
      [monitoring, "CN=clustermonitoringuser"],
    ] as const) {
      assert.ok(kc.cert!.subject.startsWith(subject), kc.cert!.subject);
      assert.equal(kc.cert!.issuer, "CN=ca");
      assert.ok(kc.cert!.verify(user.ca.publicKey), "signed by the cluster CA");
      assert.ok(kc.cert!.checkPrivateKey(kc.key!), "the key is the certificate's");
      assert.equal(kc.key!.asymmetricKeyType, "ec");
      assert.match(kc.token!, /^[0-9a-f]{128}$/);
      const shaken = await handshake(kc, user.caPem);
      assert.deepEqual(shaken, { ok: true, subject: subject.slice(3) });
    }
    // Made once and kept: the same material on the next request.
    const again = parseKubeconfig((await k.aks.managedClusters.listClusterUserCredentials("rg-certs", "certs")).kubeconfigs?.[0]?.value);
    assert.equal(again.certPem, user.certPem);
    assert.equal(again.caPem, user.caPem);

    const before = await k.aks.managedClusters.get("rg-certs", "certs");
    await k.aks.managedClusters.rotateClusterCertificates("rg-certs", "certs");
    // 202 with Azure-AsyncOperation and Location (the definition's final-state-via location), whose answer is 204 once done.
    const accepted = k.first("POST", "/managedClusters/certs/rotateClusterCertificates");
    assert.equal(accepted.status, 202);
    assert.match(
      accepted.headers["azure-asyncoperation"]!,
      /\/providers\/Microsoft\.ContainerService\/locations\/westus2\/operations\/[0-9a-f-]{36}\?api-version=2016-03-30$/,
    );
    assert.match(accepted.headers["location"]!, /\/locations\/westus2\/operationresults\/[0-9a-f-]{36}\?api-version=2016-03-30$/);
    const result = await te.request("GET", new URL(accepted.headers["location"]!).pathname + "?api-version=2016-03-30");
    assert.equal(result.status, 204, result.text);
    const afterRotation = await k.aks.managedClusters.get("rg-certs", "certs");
    assert.equal(afterRotation.provisioningState, "Succeeded");
    assert.notEqual(afterRotation.eTag, before.eTag);

    const rotated = parseKubeconfig((await k.aks.managedClusters.listClusterUserCredentials("rg-certs", "certs")).kubeconfigs?.[0]?.value);
    assert.notEqual(rotated.caPem, user.caPem, "a new cluster CA");
    assert.notEqual(rotated.certPem, user.certPem);
    assert.notEqual(rotated.token, user.token);
    assert.ok(rotated.cert!.verify(rotated.ca.publicKey));
    assert.equal((await handshake(rotated, rotated.caPem)).ok, true);
    // The old kubeconfig no longer matches: its certificate is refused by a listener that trusts the new CA.
    const old = await handshake(user, rotated.caPem);
    assert.equal(old.ok, false, "the old client certificate still passed");
  });

  it("the AAD exec-plugin user kubeconfig (and the legacy azure auth-provider form); the admin one keeps certificates", async () => {
    const k = kit(te);
    await cluster(k, "rg-aad", "aad", { aadProfile: { managed: true, tenantID: "72f988bf-86f1-41af-91ab-2d7cd011db47" } } as Partial<ManagedCluster>);
    const exec = parseKubeconfig((await k.aks.managedClusters.listClusterUserCredentials("rg-aad", "aad")).kubeconfigs?.[0]?.value);
    assert.equal(exec.certPem, undefined);
    assert.match(exec.yaml, /^ {4}exec:\n {6}apiVersion: client\.authentication\.k8s\.io\/v1beta1\n {6}args:\n {6}- get-token\n/m);
    assert.match(exec.yaml, /- --server-id\n {6}- 6dae42f8-4368-4678-94ff-3960e28e3630\n/);
    assert.match(exec.yaml, /- --tenant-id\n {6}- 72f988bf-86f1-41af-91ab-2d7cd011db47\n/);
    assert.match(exec.yaml, /^ {6}command: kubelogin$/m);
    const azure = parseKubeconfig((await k.aks.managedClusters.listClusterUserCredentials("rg-aad", "aad", { format: "azure" })).kubeconfigs?.[0]?.value);
    assert.match(azure.yaml, /^ {4}auth-provider:\n {6}config:\n {8}apiserver-id: 6dae42f8-4368-4678-94ff-3960e28e3630\n/m);
    const admin = parseKubeconfig((await k.aks.managedClusters.listClusterAdminCredentials("rg-aad", "aad")).kubeconfigs?.[0]?.value);
    assert.ok(admin.cert?.verify(admin.ca.publicKey));
  });

  it("getAccessProfile (deprecated) answers the role's kubeconfig; an unknown role is a 404", async () => {
    const k = kit(te);
    const c = await cluster(k, "rg-access", "access");
    const profile = await k.aks.managedClusters.getAccessProfile("rg-access", "access", "clusterAdmin");
    assert.equal(profile.name, "clusterAdmin");
    assert.equal(profile.id, `${c.id}/accessProfiles/clusterAdmin`);
    assert.equal(profile.location, "westus2");
    const kc = parseKubeconfig(profile.kubeConfig);
    assert.equal(kc.user, "clusterAdmin_rg-access_access");
    assert.ok(kc.cert!.verify(kc.ca.publicKey));
    // docs/fidelity.md "Access profile of an unknown role"
    await refused(k.aks.managedClusters.getAccessProfile("rg-access", "access", "clusterViewer"), 404, "NotFound", "Could not find role name: clusterViewer");
    await refused(k.aks.managedClusters.getAccessProfile("rg-access", "nosuch", "clusterUser"), 404, "ResourceNotFound");
  });

  it("resetServicePrincipalProfile and resetAADProfile: refused where there is nothing to reset, applied where there is", async () => {
    const k = kit(te);
    await cluster(k, "rg-reset", "msi");
    // docs/fidelity.md "Reset of a cluster's service principal or AAD profile"
    await refused(
      k.aks.managedClusters.resetServicePrincipalProfile("rg-reset", "msi", { clientId: "new-client", secret: "s" }),
      400,
      "BadRequest",
      "managed identity",
    );
    await refused(
      k.aks.managedClusters.resetAADProfile("rg-reset", "msi", { clientAppID: "c", serverAppID: "s", serverAppSecret: "x", tenantID: "t" }),
      400,
      "BadRequest",
      "no legacy Azure AD integration",
    );

    await cluster(k, "rg-reset", "sp", {
      identity: undefined,
      servicePrincipalProfile: { clientId: "0f2f2fd5-0000-4000-8000-000000000001", secret: "first" },
      aadProfile: { clientAppID: "c1", serverAppID: "s1", serverAppSecret: "x1", tenantID: "t1" },
    } as Partial<ManagedCluster>);
    await k.aks.managedClusters.resetServicePrincipalProfile("rg-reset", "sp", { clientId: "0f2f2fd5-0000-4000-8000-000000000002", secret: "second" });
    await k.aks.managedClusters.resetAADProfile("rg-reset", "sp", { clientAppID: "c2", serverAppID: "s2", serverAppSecret: "x2", tenantID: "t2" });
    const after = await te.request("GET", `${clusterPath(te.subscriptionId, "rg-reset", "sp")}?api-version=2026-04-01`);
    assert.equal(after.json.properties.servicePrincipalProfile.clientId, "0f2f2fd5-0000-4000-8000-000000000002");
    assert.equal(after.json.properties.servicePrincipalProfile.secret, undefined, "secrets are never answered");
    assert.equal(after.json.properties.aadProfile.clientAppID, "c2");
    assert.equal(after.json.properties.provisioningState, "Succeeded");
  });

  it("runCommand: 202 with a Location to commandResults/<32 hex>; kubectl get nodes lists one node per pool count; other commands exit 0; scripted results; disableRunCommand refuses it", async () => {
    const k = kit(te);
    const c = await cluster(k, "rg-run", "run");
    const result = await k.aks.managedClusters.runCommand("rg-run", "run", { command: "kubectl get nodes" });
    const accepted = k.first("POST", "/managedClusters/run/runCommand");
    assert.equal(accepted.status, 202);
    assert.equal(accepted.headers["azure-asyncoperation"], undefined);
    // az 2.45 reads the id with `commandResults\/(\w*)\?`.
    const id = /commandResults\/(\w*)\?/.exec(accepted.headers["location"]!)?.[1];
    assert.match(id ?? "", /^[0-9a-f]{32}$/);
    assert.equal(result.id, id);
    assert.equal(result.provisioningState, "Succeeded");
    assert.equal(result.exitCode, 0);
    assert.ok(result.startedAt instanceof Date && result.finishedAt instanceof Date && result.finishedAt >= result.startedAt);
    const lines = result.logs!.trimEnd().split("\n");
    assert.match(lines[0]!, /^NAME +STATUS +ROLES +AGE +VERSION$/);
    assert.equal(lines.length, 4, result.logs);
    const version = `v${c.agentPoolProfiles![0]!.currentOrchestratorVersion}`;
    assert.match(lines[1]!, new RegExp(`^aks-nodepool1-\\d{8}-vmss000000 +Ready +agent +\\d+[smhd] +${version.replace(/\./g, "\\.")}$`));
    assert.match(lines[2]!, /^aks-nodepool1-\d{8}-vmss000001 +Ready/);
    assert.match(lines[3]!, /^aks-userpool-\d{8}-vmss000000 +Ready/);

    // The result stays readable.
    const again = await k.aks.managedClusters.getCommandResult("rg-run", "run", id!);
    assert.equal(again?.logs, result.logs);
    await refused(k.aks.managedClusters.getCommandResult("rg-run", "run", "0".repeat(32)), 404, "ResourceNotFound");

    const other = await k.aks.managedClusters.runCommand("rg-run", "run", { command: "kubectl apply -f ns.yaml" });
    assert.deepEqual([other.provisioningState, other.exitCode, other.logs], ["Succeeded", 0, ""]);

    // Scripted through the typed helper (docs/testing-controls.md "Run command results").
    const rule = await k.controls.runCommand.add({ command: "^kubectl get pods", exitCode: 1, logs: "No resources found in default namespace.\n" });
    await k.controls.runCommand.add({ command: "helm", failureReason: "ImagePullBackoff" });
    assert.deepEqual(
      (await k.controls.runCommand.list()).map((r) => r.command),
      ["^kubectl get pods", "helm"],
    );
    const pods = await k.aks.managedClusters.runCommand("rg-run", "run", { command: "kubectl get pods" });
    assert.deepEqual([pods.provisioningState, pods.exitCode, pods.logs], ["Succeeded", 1, "No resources found in default namespace.\n"]);
    const helm = await k.aks.managedClusters.runCommand("rg-run", "run", { command: "helm list" });
    assert.deepEqual([helm.provisioningState, helm.reason, helm.exitCode], ["Failed", "ImagePullBackoff", undefined]);
    assert.deepEqual(await k.controls.runCommand.remove(rule.id), rule);
    assert.equal(await k.controls.runCommand.clear(), 1);
    assert.equal((await k.aks.managedClusters.runCommand("rg-run", "run", { command: "kubectl get pods" })).exitCode, 0);

    // An operationFails testing fault on the command: it ends Failed (docs/testing-controls.md "Faults").
    await k.controls.faults.add({
      match: { method: "POST", path: "/subscriptions/*/resourceGroups/rg-run/providers/Microsoft.ContainerService/managedClusters/run/runCommand" },
      effect: { operationFails: { code: "Boom" } },
      count: 1,
    });
    const failed = await k.aks.managedClusters.runCommand("rg-run", "run", { command: "kubectl get nodes" });
    assert.deepEqual([failed.provisioningState, failed.reason], ["Failed", "OperationFailed"]);

    // docs/fidelity.md "Run command disabled"
    await cluster(k, "rg-run", "norun", { apiServerAccessProfile: { disableRunCommand: true } });
    await refused(k.aks.managedClusters.runCommand("rg-run", "norun", { command: "kubectl get nodes" }), 400, "OperationNotAllowed", "disableRunCommand");
    await refused(k.aks.managedClusters.runCommand("rg-run", "nosuch", { command: "kubectl get nodes" }), 404, "ResourceNotFound");
  });

  it("outbound network dependencies: the documented categories, the API server's in the cluster's region", async () => {
    const k = kit(te);
    await cluster(k, "rg-egress", "egress");
    const all = [];
    for await (const e of k.aks.managedClusters.listOutboundNetworkDependenciesEndpoints("rg-egress", "egress")) all.push(e);
    assert.deepEqual(
      all.map((e) => e.category),
      ["azure-resource-management", "images", "artifacts", "time-sync", "ubuntu-optional", "gpu", "windows", "apiserver", "tunnel-classic"],
    );
    const apiserver = all.find((e) => e.category === "apiserver")!;
    assert.deepEqual(JSON.parse(JSON.stringify(apiserver.endpoints)), [
      { domainName: "*.hcp.westus2.azmk8s.io", endpointDetails: [{ port: 443, protocol: "Https" }] },
    ]);
  });

  it("mesh revision profiles of a location and the mesh upgrade profiles of a cluster (Istio or none)", async () => {
    const k = kit(te);
    const profiles = [];
    for await (const p of k.aks.managedClusters.listMeshRevisionProfiles("westus2")) profiles.push(p);
    assert.deepEqual(
      profiles.map((p) => p.name),
      ["istio"],
    );
    const istio = await k.aks.managedClusters.getMeshRevisionProfile("westus2", "istio");
    assert.deepEqual(
      istio.properties?.meshRevisions?.map((r) => r.revision),
      ["asm-1-26", "asm-1-27", "asm-1-28"],
    );
    await refused(k.aks.managedClusters.getMeshRevisionProfile("westus2", "linkerd"), 404, "NotFound", "istio");
    await refused(k.aks.managedClusters.getMeshRevisionProfile("atlantis", "istio"), 400, "LocationNotAvailableForResourceType");

    await cluster(k, "rg-mesh", "mesh", { serviceMeshProfile: { mode: "Istio", istio: { revisions: ["asm-1-26"] } } });
    const upgrades = [];
    for await (const u of k.aks.managedClusters.listMeshUpgradeProfiles("rg-mesh", "mesh")) upgrades.push(u);
    assert.equal(upgrades.length, 1);
    assert.deepEqual(upgrades[0]!.properties?.upgrades, ["asm-1-27", "asm-1-28"]);
    const one = await k.aks.managedClusters.getMeshUpgradeProfile("rg-mesh", "mesh", "istio");
    assert.equal(one.properties?.revision, "asm-1-26");
    assert.match(one.id!, /\/managedClusters\/mesh\/meshUpgradeProfiles\/istio$/);

    // docs/fidelity.md "Service mesh profiles"
    await cluster(k, "rg-mesh", "nomesh");
    const none = [];
    for await (const u of k.aks.managedClusters.listMeshUpgradeProfiles("rg-mesh", "nomesh")) none.push(u);
    assert.deepEqual(none, []);
    await refused(k.aks.managedClusters.getMeshUpgradeProfile("rg-mesh", "nomesh", "istio"), 404, "NotFound", "Istio");
  });
});

describe("a cluster action in flight", () => {
  let slow: TestEmulator;
  // 2 s of provisioning: time to look at the cluster while the rotation runs.
  before(async () => {
    slow = await startTestEmulator({ lroDurationMs: 2_000 });
  });
  after(async () => slow.close());

  it("rotateServiceAccountSigningKeys: Updating while it runs, other writes refused with OperationNotAllowed, Succeeded after", async () => {
    const k = kit(slow);
    await cluster(k, "rg-sa", "sa");
    const poller = k.aks.managedClusters.rotateServiceAccountSigningKeys("rg-sa", "sa");
    await poller.submitted();
    const during = await slow.request("GET", `${clusterPath(slow.subscriptionId, "rg-sa", "sa")}?api-version=2026-04-01`);
    assert.equal(during.json.properties.provisioningState, "Updating");
    // docs/fidelity.md "Operation in flight"
    await refused(k.aks.managedClusters.rotateClusterCertificates("rg-sa", "sa"), 409, "OperationNotAllowed", "Another operation (Updating) is in progress");
    await poller;
    assert.equal((await k.aks.managedClusters.get("rg-sa", "sa")).provisioningState, "Succeeded");

    // Rotations sent at the same time: one starts, the others are refused with a 409, none is a 500.
    const path = `${clusterPath(slow.subscriptionId, "rg-sa", "sa")}/rotateClusterCertificates?api-version=2026-04-01`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => slow.request("POST", path)));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [202, 409, 409, 409, 409, 409], answers.map((a) => `${a.status} ${a.text}`).join("\n"));
    for (const a of answers.filter((x) => x.status === 409)) assert.ok(["OperationNotAllowed", "EtagMismatch"].includes(a.json.error.code), a.text);
    await refused(k.aks.managedClusters.rotateServiceAccountSigningKeys("rg-sa", "nosuch"), 404, "ResourceNotFound");
  });
});

describe("kubeconfig keys follow --seed", () => {
  it("the same seed gives the same CA and client keys for the same cluster; another seed other keys", async () => {
    const keysOf = async (seed: string) => {
      const te = await startTestEmulator({ lroDurationMs: 0, seed });
      try {
        const k = kit(te);
        await cluster(k, "rg-seed", "seeded");
        const kc = parseKubeconfig((await k.aks.managedClusters.listClusterAdminCredentials("rg-seed", "seeded")).kubeconfigs?.[0]?.value);
        return {
          ca: kc.ca.publicKey.export({ type: "spki", format: "der" }).toString("base64"),
          client: kc.cert!.publicKey.export({ type: "spki", format: "der" }).toString("base64"),
          key: kc.keyPem,
        };
      } finally {
        await te.close();
      }
    };
    const [a, b, c] = [await keysOf("seed-one"), await keysOf("seed-one"), await keysOf("seed-two")];
    assert.deepEqual(a, b);
    assert.notEqual(c.ca, a.ca);
    assert.notEqual(c.client, a.client);
  });
});

describe("cluster actions at --lro-duration 0", () => {
  let te: TestEmulator;
  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 0 });
  });
  after(async () => te.close());

  it("rotations answer 204 and resets 200 at once; runCommand still answers 202 (AKS never answers 200) and its result is ready", async () => {
    const k = kit(te);
    await cluster(k, "rg-instant", "instant", {
      identity: undefined,
      servicePrincipalProfile: { clientId: "0f2f2fd5-0000-4000-8000-000000000003", secret: "s" },
    } as Partial<ManagedCluster>);
    const kc = parseKubeconfig((await k.aks.managedClusters.listClusterUserCredentials("rg-instant", "instant")).kubeconfigs?.[0]?.value);
    await k.aks.managedClusters.rotateClusterCertificates("rg-instant", "instant");
    assert.equal(k.first("POST", "/rotateClusterCertificates").status, 204);
    const rotated = parseKubeconfig((await k.aks.managedClusters.listClusterUserCredentials("rg-instant", "instant")).kubeconfigs?.[0]?.value);
    assert.notEqual(rotated.caPem, kc.caPem);
    await k.aks.managedClusters.resetServicePrincipalProfile("rg-instant", "instant", { clientId: "0f2f2fd5-0000-4000-8000-000000000004", secret: "t" });
    assert.equal(k.first("POST", "/resetServicePrincipalProfile").status, 200);
    assert.equal((await k.aks.managedClusters.get("rg-instant", "instant")).servicePrincipalProfile?.clientId, "0f2f2fd5-0000-4000-8000-000000000004");

    const run = await k.aks.managedClusters.runCommand("rg-instant", "instant", { command: "kubectl get nodes" });
    assert.equal(k.first("POST", "/runCommand").status, 202);
    assert.equal(run.provisioningState, "Succeeded");
    const polled = k.seen.filter((s) => s.path.toLowerCase().includes("/commandresults/"));
    assert.deepEqual(
      polled.map((s) => s.status),
      [200],
    );
  });
});
