import { ArmError } from "../../arm/errors.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { ProviderContext } from "../context.js";
import { asCluster } from "./cluster-model.js";
import { NAMESPACE, requireCluster } from "./managed-clusters.js";

/**
 * listClusterUserCredential / listClusterAdminCredential: `{"kubeconfigs":[{name, value}]}` with
 * a base64 kubeconfig shaped like the recorded one (docs/sources.md "Kubeconfig of a private cluster"): cluster and context
 * named after the cluster in both (the admin one too: az renames its context to `<cluster>-admin` when
 * it merges it), user `clusterUser_<rg>_<cluster>` / `clusterAdmin_<rg>_<cluster>`, server `https://<privateFQDN>:443`
 * for a private cluster (even with the public FQDN on), `https://<fqdn>:443` otherwise.
 * The certificates and token are placeholders: there is no Kubernetes API server behind them.
 */

const BASE = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ContainerService/managedClusters/:resourceName";

function placeholderPem(kind: string, seedHex: string): string {
  const pem = `-----BEGIN ${kind}-----\n${Buffer.from(`aks-emulator placeholder ${kind.toLowerCase()} ${seedHex}`).toString("base64")}\n-----END ${kind}-----\n`;
  return Buffer.from(pem).toString("base64");
}

function kubeconfig(opts: { cluster: string; resourceGroup: string; server: string; admin: boolean; token: string; seed: string }): string {
  const user = `${opts.admin ? "clusterAdmin" : "clusterUser"}_${opts.resourceGroup}_${opts.cluster}`;
  // docs/fidelity.md "Admin kubeconfig context"
  const context = opts.cluster;
  return [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${placeholderPem("CERTIFICATE", `ca-${opts.seed}`)}`,
    `    server: ${opts.server}`,
    `  name: ${opts.cluster}`,
    "contexts:",
    "- context:",
    `    cluster: ${opts.cluster}`,
    `    user: ${user}`,
    `  name: ${context}`,
    `current-context: ${context}`,
    "kind: Config",
    "preferences: {}",
    "users:",
    `- name: ${user}`,
    "  user:",
    `    client-certificate-data: ${placeholderPem("CERTIFICATE", `client-${opts.seed}`)}`,
    `    client-key-data: ${placeholderPem("RSA PRIVATE KEY", `key-${opts.seed}`)}`,
    `    token: ${opts.token}`,
    "",
  ].join("\n");
}

export function credentialRoutes(ctx: ProviderContext): Route[] {
  const handler =
    (admin: boolean) =>
    async (req: ArmRequest): Promise<ArmResponse> => {
      const { rg, key, stored } = await requireCluster(ctx, req.params);
      const r = asCluster(stored).resource;
      const props = r["properties"] as Record<string, unknown>;
      if (admin && props["disableLocalAccounts"] === true) {
        throw new ArmError(400, "BadRequest", "Getting static credential is not allowed because this cluster is set to disable local accounts.");
      }
      const serverFqdn = (req.query.get("server-fqdn") ?? "").toLowerCase();
      const host =
        serverFqdn === "public" && typeof props["fqdn"] === "string"
          ? props["fqdn"]
          : ((props["privateFQDN"] as string | undefined) ?? (props["fqdn"] as string | undefined) ?? String(props["azurePortalFQDN"]));
      const clusterName = String(r["name"]);
      const groupName = String(r["id"]).split("/")[4] ?? rg;
      const value = kubeconfig({
        cluster: clusterName,
        resourceGroup: groupName,
        server: `https://${host}:443`,
        admin,
        token: ctx.ids.hex(128, "kube-token", key, admin ? "admin" : "user"),
        seed: ctx.ids.hex(16, "kube-cert", key),
      });
      return { status: 200, body: { kubeconfigs: [{ name: admin ? "clusterAdmin" : "clusterUser", value: Buffer.from(value).toString("base64") }] } };
    };
  const provider = { namespace: NAMESPACE, resourceType: "managedClusters", kind: "provider" as const };
  return [
    { method: "POST", path: `${BASE}/listClusterUserCredential`, apiVersions: provider, write: true, body: "optional", handler: handler(false) },
    { method: "POST", path: `${BASE}/listClusterAdminCredential`, apiVersions: provider, write: true, body: "optional", handler: handler(true) },
  ];
}
