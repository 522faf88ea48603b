/**
 * A walk through EVERY operation group and method of an official `ContainerServiceClient`
 * (@azure/arm-containerservice 25.x: 25.3.0 under Node 20 in test/integration/client-walk.test.ts, the
 * newest under Node 24 in test/latest/client-walk.mjs, which imports the compiled
 * dist/test/support/client-walk.js: so this module has no runtime imports), each with plausible
 * arguments, in an order that makes them plausible (the cluster first, its children, reads, actions,
 * deletes, the cluster last). Every HTTP answer is recorded with the method that caused it; the check
 * is that none is an unserved-route error (501 NotImplementedInEmulator) or a 5xx. Refusals (4xx) are
 * allowed: the arguments are plausible, not all valid in every state (a second stop, an abort with
 * nothing running).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** One HTTP answer, with the SDK method whose call sent the request. */
export interface WalkRecord {
  call: string;
  method: string;
  path: string;
  status: number;
  code?: string;
}

/** What the walk shares between its calls. */
export interface WalkContext {
  resourceGroup: string;
  cluster: string;
  location: string;
  subscriptionId: string;
  /** A user-assigned identity that exists (for identity bindings). */
  identityId: string;
  /** Options for long-running calls (poll interval). */
  poll: Record<string, unknown>;
}

/** A pipeline policy that records every answer under the call in progress. */
export function walkRecorder(records: WalkRecord[], current: { call: string }): Any {
  return {
    name: "client-walk-recorder",
    async sendRequest(request: Any, next: (r: Any) => Promise<Any>): Promise<Any> {
      const response = await next(request);
      let code: string | undefined;
      if (response.status >= 400) {
        try {
          code = JSON.parse(response.bodyAsText ?? "").error?.code;
        } catch {
          code = undefined;
        }
      }
      records.push({ call: current.call, method: request.method, path: new URL(request.url).pathname, status: response.status, code });
      return response;
    },
  };
}

/** `managedClusters.beginCreateOrUpdateAndWait` -> `ManagedClusters_CreateOrUpdate`. */
export function operationIdOf(call: string): string {
  const [group, method] = call.split(".") as [string, string];
  const base = method.replace(/^begin/, "").replace(/AndWait$/, "");
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return `${cap(group)}_${cap(base)}`;
}

/** The operation groups of a client and their methods (own enumerable objects with function members, not the pipeline). */
export function clientMethods(client: Any): string[] {
  const out: string[] = [];
  for (const group of Object.keys(client)) {
    if (group.startsWith("_") || group === "pipeline") continue;
    const ops = client[group];
    if (ops === null || typeof ops !== "object") continue;
    for (const method of Object.keys(ops)) if (typeof ops[method] === "function") out.push(`${group}.${method}`);
  }
  return out.sort();
}

/**
 * The walk's steps, in order: `[group, base operation, arguments]`. Each step runs every variant of
 * its base operation the client has (`x`, `beginX`, `beginXAndWait`).
 */
function steps(c: WalkContext, seen: Map<string, Any>): [string, string, () => unknown[]][] {
  const { resourceGroup: rg, cluster, location } = c;
  const pool = "userpool";
  const poolId = `/subscriptions/${c.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${cluster}/agentPools/${pool}`;
  const workspace = `/subscriptions/${c.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/ws1`;
  const firstMachine = () => (seen.get("machines.list") as Any[] | undefined)?.[0]?.name ?? "aks-nodepool1-00000000-vmss000000";
  const commandId = () => (seen.get("managedClusters.runCommand") as Any)?.id ?? "0".repeat(32);
  return [
    ["operations", "list", () => []],
    ["managedClusters", "listKubernetesVersions", () => [location]],
    ["managedClusters", "listMeshRevisionProfiles", () => [location]],
    ["managedClusters", "getMeshRevisionProfile", () => [location, "istio"]],
    ["trustedAccessRoles", "list", () => [location]],
    [
      "managedClusters",
      "createOrUpdate",
      () => [
        rg,
        cluster,
        {
          location,
          dnsPrefix: cluster,
          identity: { type: "SystemAssigned" },
          oidcIssuerProfile: { enabled: true },
          agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }],
        },
        c.poll,
      ],
    ],
    ["managedClusters", "get", () => [rg, cluster]],
    ["managedClusters", "list", () => []],
    ["managedClusters", "listByResourceGroup", () => [rg]],
    ["managedClusters", "updateTags", () => [rg, cluster, { tags: { walk: "1" } }, c.poll]],
    ["managedClusters", "getUpgradeProfile", () => [rg, cluster]],
    ["managedClusters", "getAccessProfile", () => [rg, cluster, "clusterUser"]],
    ["managedClusters", "listClusterAdminCredentials", () => [rg, cluster]],
    ["managedClusters", "listClusterUserCredentials", () => [rg, cluster]],
    ["managedClusters", "listClusterMonitoringUserCredentials", () => [rg, cluster]],
    ["managedClusters", "listOutboundNetworkDependenciesEndpoints", () => [rg, cluster]],
    ["managedClusters", "listMeshUpgradeProfiles", () => [rg, cluster]],
    ["managedClusters", "getMeshUpgradeProfile", () => [rg, cluster, "istio"]],
    ["privateLinkResources", "list", () => [rg, cluster]],
    ["resolvePrivateLinkServiceId", "post", () => [rg, cluster, { name: "management" }]],
    ["privateEndpointConnections", "list", () => [rg, cluster]],
    ["privateEndpointConnections", "get", () => [rg, cluster, "pec1"]],
    ["privateEndpointConnections", "update", () => [rg, cluster, "pec1", { privateLinkServiceConnectionState: { status: "Approved" } }]],
    ["privateEndpointConnections", "delete", () => [rg, cluster, "pec1", c.poll]],
    ["agentPools", "createOrUpdate", () => [rg, cluster, pool, { count: 1, vmSize: "Standard_DS2_v2", mode: "User" }, c.poll]],
    ["agentPools", "get", () => [rg, cluster, pool]],
    ["agentPools", "list", () => [rg, cluster]],
    ["agentPools", "getUpgradeProfile", () => [rg, cluster, pool]],
    ["agentPools", "getAvailableAgentPoolVersions", () => [rg, cluster]],
    ["agentPools", "upgradeNodeImageVersion", () => [rg, cluster, pool, c.poll]],
    ["agentPools", "abortLatestOperation", () => [rg, cluster, pool, c.poll]],
    ["machines", "list", () => [rg, cluster, "nodepool1"]],
    ["machines", "get", () => [rg, cluster, "nodepool1", firstMachine()]],
    ["snapshots", "createOrUpdate", () => [rg, "snap1", { location, creationData: { sourceResourceId: poolId } }]],
    ["snapshots", "get", () => [rg, "snap1"]],
    ["snapshots", "list", () => []],
    ["snapshots", "listByResourceGroup", () => [rg]],
    ["snapshots", "updateTags", () => [rg, "snap1", { tags: { walk: "1" } }]],
    ["snapshots", "delete", () => [rg, "snap1"]],
    ["maintenanceConfigurations", "createOrUpdate", () => [rg, cluster, "default", { timeInWeek: [{ day: "Monday", hourSlots: [1, 2] }] }]],
    ["maintenanceConfigurations", "get", () => [rg, cluster, "default"]],
    ["maintenanceConfigurations", "listByManagedCluster", () => [rg, cluster]],
    ["maintenanceConfigurations", "delete", () => [rg, cluster, "default"]],
    [
      "trustedAccessRoleBindings",
      "createOrUpdate",
      () => [rg, cluster, "binding1", { sourceResourceId: workspace, roles: ["Microsoft.MachineLearningServices/workspaces/mlworkload"] }, c.poll],
    ],
    ["trustedAccessRoleBindings", "get", () => [rg, cluster, "binding1"]],
    ["trustedAccessRoleBindings", "list", () => [rg, cluster]],
    ["trustedAccessRoleBindings", "delete", () => [rg, cluster, "binding1", c.poll]],
    ["identityBindings", "createOrUpdate", () => [rg, cluster, "binding1", { properties: { managedIdentity: { resourceId: c.identityId } } }, c.poll]],
    ["identityBindings", "get", () => [rg, cluster, "binding1"]],
    ["identityBindings", "listByManagedCluster", () => [rg, cluster]],
    ["identityBindings", "delete", () => [rg, cluster, "binding1", c.poll]],
    ["managedNamespaces", "createOrUpdate", () => [rg, cluster, "team1", { location, properties: { labels: { team: "walk" } } }, c.poll]],
    ["managedNamespaces", "get", () => [rg, cluster, "team1"]],
    ["managedNamespaces", "listByManagedCluster", () => [rg, cluster]],
    ["managedNamespaces", "update", () => [rg, cluster, "team1", { tags: { walk: "1" } }]],
    ["managedNamespaces", "listCredential", () => [rg, cluster, "team1"]],
    ["managedNamespaces", "delete", () => [rg, cluster, "team1", c.poll]],
    ["managedClusters", "runCommand", () => [rg, cluster, { command: "kubectl get pods" }, c.poll]],
    ["managedClusters", "getCommandResult", () => [rg, cluster, commandId()]],
    ["managedClusters", "rotateClusterCertificates", () => [rg, cluster, c.poll]],
    ["managedClusters", "rotateServiceAccountSigningKeys", () => [rg, cluster, c.poll]],
    ["managedClusters", "resetServicePrincipalProfile", () => [rg, cluster, { clientId: "00000000-0000-4000-8000-000000000001", secret: "s" }, c.poll]],
    ["managedClusters", "resetAADProfile", () => [rg, cluster, { clientAppID: "c1", serverAppID: "s1", tenantID: "t1" }, c.poll]],
    ["managedClusters", "abortLatestOperation", () => [rg, cluster, c.poll]],
    ["agentPools", "deleteMachines", () => [rg, cluster, pool, { machineNames: ["aks-userpool-00000000-vmss000000"] }, c.poll]],
    ["agentPools", "delete", () => [rg, cluster, pool, c.poll]],
    ["managedClusters", "stop", () => [rg, cluster, c.poll]],
    ["managedClusters", "start", () => [rg, cluster, c.poll]],
    ["managedClusters", "delete", () => [rg, cluster, c.poll]],
  ];
}

/** Runs one call to its end: a poller to its result, a page iterator through its pages; returns what it gave. */
async function settle(result: Any): Promise<Any> {
  if (result && typeof result.then !== "function" && typeof result[Symbol.asyncIterator] === "function") {
    const items: Any[] = [];
    for await (const item of result) items.push(item);
    return items;
  }
  const value = await result;
  // beginX resolves to a poller; x resolves (as a thenable poller) to the result already.
  if (value && typeof value.pollUntilDone === "function") return value.pollUntilDone();
  return value;
}

/**
 * Calls every method of `client` (see steps()), recording under `current.call` which one runs. Returns
 * the methods called, the refusals the SDK raised (for the report) and the methods no step covers.
 */
export async function walkClient(
  client: Any,
  context: WalkContext,
  current: { call: string },
): Promise<{ called: string[]; refused: string[]; uncovered: string[] }> {
  const all = clientMethods(client);
  const seen = new Map<string, Any>();
  const called: string[] = [];
  const refused: string[] = [];
  for (const [group, base, args] of steps(context, seen)) {
    const cap = base.charAt(0).toUpperCase() + base.slice(1);
    for (const method of [base, `begin${cap}`, `begin${cap}AndWait`]) {
      if (typeof client[group]?.[method] !== "function") continue;
      const call = `${group}.${method}`;
      current.call = call;
      called.push(call);
      try {
        const value = await settle(client[group][method](...args()));
        if (method === base) seen.set(`${group}.${base}`, value);
      } catch (e) {
        refused.push(`${call}: ${(e as Any).statusCode ?? ""} ${(e as Any).code ?? (e as Error).message}`);
      }
    }
  }
  current.call = "(none)";
  return { called, refused, uncovered: all.filter((m) => !called.includes(m)) };
}

/** What the walk must not see: a 501 or a 5xx outside the pending set, and a call that sent no request. */
export function walkProblems(records: readonly WalkRecord[], called: readonly string[]): string[] {
  const problems: string[] = [];
  for (const r of records) {
    if (r.status === 501 || r.status >= 500) {
      problems.push(`${r.call} (${operationIdOf(r.call)}): ${r.method} ${r.path} answered ${r.status} ${r.code ?? ""}`);
    }
  }
  for (const call of called) if (!records.some((r) => r.call === call)) problems.push(`${call}: sent no request (refused by the client itself?)`);
  return problems;
}
