import { ArmError } from "../../arm/errors.js";
import type { ArmResponse } from "../../arm/router.js";
import type { ActionInput, ActionSpec } from "../../kit/actions.js";
import type { ProviderContext } from "../context.js";

/**
 * listClusterUserCredential / listClusterAdminCredential: `{"kubeconfigs":[{name, value}]}` with
 * a base64 kubeconfig shaped like the recorded one (docs/sources.md "Kubeconfig of a private cluster"): cluster and context
 * named after the cluster in both (the admin one too: az renames its context to `<cluster>-admin` when
 * it merges it), user `clusterUser_<rg>_<cluster>` / `clusterAdmin_<rg>_<cluster>`, server `https://<privateFQDN>:443`
 * for a private cluster (even with the public FQDN on), `https://<fqdn>:443` otherwise.
 * The certificates and token are placeholders: there is no Kubernetes API server behind them.
 */

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

function credentials(admin: boolean) {
  return async ({ req, owner, resource: r }: ActionInput, ctx: ProviderContext): Promise<ArmResponse> => {
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
    const groupName = String(r["id"]).split("/")[4] ?? req.params["resourceGroupName"]!;
    const value = kubeconfig({
      cluster: clusterName,
      resourceGroup: groupName,
      server: `https://${host}:443`,
      admin,
      token: ctx.ids.hex(128, "kube-token", owner.key, admin ? "admin" : "user"),
      seed: ctx.ids.hex(16, "kube-cert", owner.key),
    });
    return { status: 200, body: { kubeconfigs: [{ name: admin ? "clusterAdmin" : "clusterUser", value: Buffer.from(value).toString("base64") }] } };
  };
}

/** The cluster's credential actions (managed-clusters.ts `actions`). */
export const credentialActions: readonly ActionSpec[] = [
  { path: "listClusterUserCredential", write: true, body: "optional", answer: credentials(false) },
  { path: "listClusterAdminCredential", write: true, body: "optional", answer: credentials(true) },
];
