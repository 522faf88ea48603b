import { ArmError } from "../../arm/errors.js";
import type { ArmResponse } from "../../arm/router.js";
import type { ActionInput, ActionSpec } from "../../kit/actions.js";
import { PreconditionError, type StoredResource, type Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import type { ClusterCredentialMaterial, CredentialRole } from "./kubeconfig-certs.js";

/**
 * The cluster's credential actions: listClusterUserCredential, listClusterAdminCredential,
 * listClusterMonitoringUserCredential (`{"kubeconfigs":[{name, value}]}`) and the deprecated
 * accessProfiles/{role}/listCredential, with kubeconfigs shaped like the recorded one
 * (docs/sources.md "Kubeconfig of a private cluster"): cluster and context named after the cluster
 * (the admin one too: az renames its context to `<cluster>-admin` when it merges it), user
 * `clusterUser_<rg>_<cluster>` / `clusterAdmin_<rg>_<cluster>` / `clusterMonitoringUser_<rg>_<cluster>`,
 * server `https://<privateFQDN>:443` for a private cluster (even with the public FQDN on),
 * `https://<fqdn>:443` otherwise (`server-fqdn=public`: the public one).
 *
 * The certificates are real (kubeconfig-certs.ts): a CA per cluster and client certificates signed
 * by it, made on the first credential request and kept in a row under the cluster until a
 * certificate rotation replaces them. A cluster with AKS-managed Azure AD gives users the exec
 * plugin form (`kubelogin`), or with `format=azure` the legacy auth-provider form, and no client
 * certificate (docs/sources.md "Kubeconfig certificates").
 */

type Obj = Record<string, unknown>;

/**
 * The row under a cluster holding its credential material and rotation count (never answered), in
 * the stored form of the kit's types (`{resource, meta}`), which state export and import take.
 */
const CREDENTIALS_TYPE = "Microsoft.ContainerService/managedClusters/clusterCredentials";

function credentialsKey(clusterKey: string): string {
  return `${clusterKey}/clustercredentials/default`;
}

interface CredentialsBody {
  /** How many certificate rotations completed. */
  rotation: number;
  /** Made on the first credential request after creation or a rotation. */
  material?: ClusterCredentialMaterial;
}

/** The write a certificate rotation makes: the next rotation, material made again on the next request. */
export async function rotatedCredentials(ctx: ProviderContext, cluster: StoredResource): Promise<Write> {
  const key = credentialsKey(cluster.key);
  const stored = await ctx.store.get(key);
  const rotation = (stored ? credentialsOf(stored).rotation : 0) + 1;
  return { op: "put", resource: credentialsRow(cluster, { rotation }), expect: stored ? { etag: stored.etag } : { absent: true } };
}

function credentialsRow(cluster: StoredResource, meta: CredentialsBody): StoredResource {
  const id = `${cluster.id}/clusterCredentials/default`;
  return {
    key: credentialsKey(cluster.key),
    id,
    parentKey: cluster.key,
    subscriptionId: cluster.subscriptionId,
    type: CREDENTIALS_TYPE.toLowerCase(),
    etag: `${meta.rotation}${meta.material ? "m" : ""}`,
    body: { resource: { id, name: "default", type: CREDENTIALS_TYPE }, meta: meta as unknown as Obj },
  };
}

const credentialsOf = (stored: StoredResource): CredentialsBody => (stored.body["meta"] ?? { rotation: 0 }) as unknown as CredentialsBody;

/** The cluster's credential material, made now (and kept) when there is none yet. */
async function material(ctx: ProviderContext, cluster: StoredResource): Promise<{ material: ClusterCredentialMaterial; rotation: number }> {
  for (;;) {
    const stored = await ctx.store.get(credentialsKey(cluster.key));
    const body = stored ? credentialsOf(stored) : undefined;
    if (body?.material) return { material: body.material, rotation: body.rotation };
    const rotation = body?.rotation ?? 0;
    const { makeClusterCredentials } = await import("./kubeconfig-certs.js");
    const made = await makeClusterCredentials(ctx.ids, cluster.key, rotation, ctx.clock.now());
    try {
      await ctx.store.commit([
        { op: "put", resource: credentialsRow(cluster, { rotation, material: made }), expect: stored ? { etag: stored.etag } : { absent: true } },
        // Only while the cluster is there: a delete in between takes its rows with it.
        { op: "put", resource: cluster, expect: { etag: cluster.etag } },
      ]);
      return { material: made, rotation };
    } catch (e) {
      // Another request made them first (or the cluster changed): read again.
      if (!(e instanceof PreconditionError)) throw e;
      const again = await ctx.store.get(cluster.key);
      if (!again) throw e;
      cluster = again;
    }
  }
}

const b64 = (text: string): string => Buffer.from(text).toString("base64");

/** AKS-managed Azure AD's server application, the same in every cloud (Azure/kubelogin README, "exec plugin format"). */
const AAD_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
/** The Azure CLI's public client, which AKS names in AAD kubeconfigs. */
const AAD_CLIENT_ID = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";

const USER_PREFIX: Record<CredentialRole, string> = { user: "clusterUser", admin: "clusterAdmin", monitoring: "clusterMonitoringUser" };

function userLines(role: CredentialRole, cluster: Obj, format: string | undefined, made: ClusterCredentialMaterial, token: string, tenantId: string): string[] {
  const aad = (cluster["properties"] as Obj)["aadProfile"] as Obj | undefined;
  if (role === "user" && aad?.["managed"] === true) {
    const tenant = typeof aad["tenantID"] === "string" ? aad["tenantID"] : tenantId;
    if (format === "azure") {
      return [
        "    auth-provider:",
        "      config:",
        `        apiserver-id: ${AAD_SERVER_ID}`,
        `        client-id: ${AAD_CLIENT_ID}`,
        "        config-mode: '1'",
        "        environment: AzurePublicCloud",
        `        tenant-id: ${tenant}`,
        "      name: azure",
      ];
    }
    return [
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1beta1",
      "      args:",
      "      - get-token",
      "      - --environment",
      "      - AzurePublicCloud",
      "      - --server-id",
      `      - ${AAD_SERVER_ID}`,
      "      - --client-id",
      `      - ${AAD_CLIENT_ID}`,
      "      - --tenant-id",
      `      - ${tenant}`,
      "      - --login",
      "      - devicecode",
      "      command: kubelogin",
      "      env: null",
      "      installHint: |2",
      "",
      "        kubelogin is not installed which is required to connect to AAD enabled cluster.",
      "",
      "        To learn more, please go to https://aka.ms/aks/kubelogin",
      "      provideClusterInfo: false",
    ];
  }
  const client = made.clients[role];
  return [`    client-certificate-data: ${b64(client.certPem)}`, `    client-key-data: ${b64(client.keyPem)}`, `    token: ${token}`];
}

/** What a kubeconfig is made from: the request (its query), the cluster's row and resource. */
type KubeconfigInput = Pick<ActionInput, "req" | "owner" | "resource">;

/**
 * A kubeconfig of the cluster for `role`; with `namespace`, its context selects that namespace
 * (a managed namespace's credential, managed-namespaces.ts).
 */
async function kubeconfig(input: KubeconfigInput, ctx: ProviderContext, role: CredentialRole, namespace?: string): Promise<string> {
  const { req, owner, resource: r } = input;
  const props = r["properties"] as Obj;
  if (role === "admin" && props["disableLocalAccounts"] === true) {
    throw new ArmError(400, "BadRequest", "Getting static credential is not allowed because this cluster is set to disable local accounts.");
  }
  const serverFqdn = (req.query.get("server-fqdn") ?? "").toLowerCase();
  const host =
    serverFqdn === "public" && typeof props["fqdn"] === "string"
      ? props["fqdn"]
      : ((props["privateFQDN"] as string | undefined) ?? (props["fqdn"] as string | undefined) ?? String(props["azurePortalFQDN"]));
  const clusterName = String(r["name"]);
  const groupName = String(r["id"]).split("/")[4] ?? req.params["resourceGroupName"]!;
  const { material: made, rotation } = await material(ctx, owner);
  const user = `${USER_PREFIX[role]}_${groupName}_${clusterName}`;
  // The token changes with each rotation (rotation 0 keeps the derivation it always had).
  const token = ctx.ids.hex(128, "kube-token", owner.key, role, ...(rotation > 0 ? [rotation] : []));
  const format = req.query.get("format")?.toLowerCase();
  // docs/fidelity.md "Admin kubeconfig context"
  const context = clusterName;
  return [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${b64(made.caCertPem)}`,
    `    server: https://${host}:443`,
    `  name: ${clusterName}`,
    "contexts:",
    "- context:",
    `    cluster: ${clusterName}`,
    ...(namespace !== undefined ? [`    namespace: ${namespace}`] : []),
    `    user: ${user}`,
    `  name: ${context}`,
    `current-context: ${context}`,
    "kind: Config",
    "preferences: {}",
    "users:",
    `- name: ${user}`,
    "  user:",
    ...userLines(role, r, format, made, token, ctx.config.tenantId),
    "",
  ].join("\n");
}

function listCredential(role: CredentialRole) {
  return async (input: ActionInput, ctx: ProviderContext): Promise<ArmResponse> => {
    const value = b64(await kubeconfig(input, ctx, role));
    return { status: 200, body: { kubeconfigs: [{ name: USER_PREFIX[role], value }] } };
  };
}

/**
 * A managed namespace's credential (ManagedNamespaces_ListCredential): the cluster user's kubeconfig,
 * its certificates the cluster's, with the context's namespace set (docs/fidelity.md "Managed namespace credential").
 */
export async function namespaceCredential(cluster: KubeconfigInput, ctx: ProviderContext, namespace: string): Promise<ArmResponse> {
  const value = b64(await kubeconfig(cluster, ctx, "user", namespace));
  return { status: 200, body: { kubeconfigs: [{ name: USER_PREFIX.user, value }] } };
}

/** The deprecated accessProfiles/{roleName}/listCredential: a ManagedClusterAccessProfile holding the role's kubeconfig. */
async function accessProfile(input: ActionInput, ctx: ProviderContext): Promise<ArmResponse> {
  const roleName = input.req.params["roleName"]!;
  const role = roleName.toLowerCase() === "clusteruser" ? "user" : roleName.toLowerCase() === "clusteradmin" ? "admin" : undefined;
  const r = input.resource;
  if (!role) {
    // The message AKS answered for a role it did not know (Azure/AKS#809); docs/fidelity.md "Access profile of an unknown role".
    const groupName = String(r["id"]).split("/")[4];
    throw new ArmError(
      404,
      "NotFound",
      `Could not find role name: ${roleName} in subscription: ${input.owner.subscriptionId}, resourceGroup: ${groupName}, managed cluster resource: ${String(r["name"])}. The roles are clusterUser and clusterAdmin.`,
    );
  }
  const kubeConfig = b64(await kubeconfig(input, ctx, role));
  const name = role === "user" ? "clusterUser" : "clusterAdmin";
  return {
    status: 200,
    body: {
      name,
      type: "Microsoft.ContainerService/managedClusters/accessProfiles",
      id: `${String(r["id"])}/accessProfiles/${name}`,
      location: r["location"],
      properties: { kubeConfig },
    },
  };
}

/** The cluster's credential actions (cluster-actions.ts). Readers may not call them: they return secrets. */
export const credentialActions: readonly ActionSpec[] = [
  { path: "listClusterUserCredential", write: true, body: "optional", answer: listCredential("user") },
  { path: "listClusterAdminCredential", write: true, body: "optional", answer: listCredential("admin") },
  { path: "listClusterMonitoringUserCredential", write: true, body: "optional", answer: listCredential("monitoring") },
  { path: "accessProfiles/:roleName/listCredential", write: true, body: "optional", answer: accessProfile },
];
