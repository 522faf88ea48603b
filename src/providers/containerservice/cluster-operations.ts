import { ArmError } from "../../arm/errors.js";
import type { ActionInput, ActionSpec } from "../../kit/actions.js";
import type { ProviderContext } from "../context.js";
import { optionalString, requireObject } from "../validation.js";
import { rotatedCredentials } from "./credentials.js";

/**
 * The cluster's long-running actions that change it (issue #18 item 2): rotateClusterCertificates
 * (new cluster CA and client certificates: kubeconfigs made before stop matching),
 * rotateServiceAccountSigningKeys, resetServicePrincipalProfile and resetAADProfile. Each answers
 * 202 with Azure-AsyncOperation and Location (final-state-via location: the Location answers 204
 * when done), shows the cluster `Updating` while it runs (docs/fidelity.md "Cluster actions in
 * flight"), is refused while another operation runs (OperationNotAllowed), and at
 * `--lro-duration 0` answers as the definition's synchronous status: 204 for a rotation, 200 for a reset.
 */

type Obj = Record<string, unknown>;

/** The cluster showing `state` (its pools, rows of their own, keep theirs), with the eTag of the generation it is stored at. */
function clusterIn(ctx: ProviderContext, key: string, state: string) {
  return (resource: Obj, generation: number): Obj => {
    (resource["properties"] as Obj)["provisioningState"] = state;
    resource["eTag"] = ctx.ids.guid("cluster-etag", key, generation);
    return resource;
  };
}

/** A long-running cluster action: `Updating` while it runs, `Succeeded` with `finish`'s changes when done. */
function clusterAction(
  path: string,
  kind: string,
  opts: {
    body: "required" | "none";
    /** Checks the request against the cluster (throws ArmError) and gives what to keep for the completer. */
    check?(input: ActionInput): Obj | undefined;
    /** The cluster's changes when it is done (given what `check` kept). */
    finish?(resource: Obj, data: Obj): void;
    /** Other writes of the completion. */
    alongside?: "credentials";
    /** The synchronous status the definition gives (rotations 204, resets 200). */
    doneStatus: 200 | 204;
  },
): ActionSpec {
  return {
    path,
    write: true,
    body: opts.body,
    refuseWhileBusy: true,
    operation: {
      kind,
      start: async (input, ctx) => {
        const kept = opts.check?.(input);
        return { owner: clusterIn(ctx, input.owner.key, "Updating"), ...(kept ? { data: { kept } } : {}) };
      },
      complete: async (op, owner, ctx) => {
        if (!owner) return [];
        const done = clusterIn(ctx, owner.stored.key, "Succeeded");
        const writes = [
          owner.write((resource, generation) => {
            opts.finish?.(resource, (op.data?.["kept"] ?? {}) as Obj);
            return done(resource, generation);
          }),
        ];
        if (opts.alongside === "credentials") writes.push(await rotatedCredentials(ctx, owner.stored));
        return writes;
      },
      finished: async () => ({ status: opts.doneStatus }),
      resultStatus: opts.doneStatus,
    },
  };
}

const props = (resource: Obj): Obj => resource["properties"] as Obj;

export const clusterOperationActions: readonly ActionSpec[] = [
  // docs.microsoft.com/azure/aks/certificate-rotation: a new cluster CA and certificates; old kubeconfigs stop working.
  clusterAction("rotateClusterCertificates", "rotateClusterCertificates", { body: "none", alongside: "credentials", doneStatus: 204 }),
  clusterAction("rotateServiceAccountSigningKeys", "rotateServiceAccountSigningKeys", { body: "none", doneStatus: 204 }),
  clusterAction("resetServicePrincipalProfile", "resetServicePrincipalProfile", {
    body: "required",
    doneStatus: 200,
    // The definition: "This action cannot be performed on a cluster that is not using a service principal";
    // docs/fidelity.md "Reset of a cluster's service principal or AAD profile".
    check: ({ req, resource }) => {
      const body = requireObject(req.body, "");
      const clientId = optionalString(body["clientId"], "clientId");
      if (!clientId) throw new ArmError(400, "InvalidParameter", "The request body must give the service principal's clientId.", { target: "clientId" });
      optionalString(body["secret"], "secret");
      const current = props(resource)["servicePrincipalProfile"] as Obj | undefined;
      if (!current || current["clientId"] === "msi") {
        throw new ArmError(
          400,
          "BadRequest",
          `Managed cluster '${String(resource["name"])}' uses a managed identity, not a service principal: resetServicePrincipalProfile cannot be performed on it.`,
        );
      }
      // The secret is not kept: AKS never answers it, and nothing here uses it.
      return { clientId };
    },
    finish: (resource, kept) => {
      props(resource)["servicePrincipalProfile"] = { clientId: kept["clientId"] };
    },
  }),
  clusterAction("resetAADProfile", "resetAADProfile", {
    body: "required",
    doneStatus: 200,
    // Deprecated (2026-04-01 definition): only the legacy AAD integration (server and client apps) has
    // an AAD profile to reset; docs/fidelity.md "Reset of a cluster's service principal or AAD profile".
    check: ({ req, resource }) => {
      const body = requireObject(req.body, "");
      for (const f of ["clientAppID", "serverAppID", "serverAppSecret", "tenantID"]) optionalString(body[f], f);
      const aad = props(resource)["aadProfile"] as Obj | undefined;
      if (!aad || aad["managed"] === true) {
        throw new ArmError(
          400,
          "BadRequest",
          `Managed cluster '${String(resource["name"])}' has no legacy Azure AD integration to reset${aad ? " (it uses AKS-managed Azure AD: change aadProfile with a PUT of the cluster instead)" : ""}. resetAADProfile is deprecated: see https://aka.ms/aks-managed-aad.`,
        );
      }
      const { serverAppSecret: _secret, ...kept } = body;
      return { aadProfile: kept };
    },
    finish: (resource, kept) => {
      const { serverAppSecret: _secret, ...current } = props(resource)["aadProfile"] as Obj;
      props(resource)["aadProfile"] = { ...current, ...(kept["aadProfile"] as Obj) };
    },
  }),
];
