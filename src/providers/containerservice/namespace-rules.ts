import { ArmError } from "../../arm/errors.js";
import { optionalObject, optionalString, optionalStringMap } from "../validation.js";

/**
 * The rules of a managed namespace's PUT body (spec: aks/stable/2026-04-01/managedClusters.json,
 * NamespaceProperties, ResourceQuota, NetworkPolicies, AdoptionPolicy, DeletePolicy) and of its name.
 * Pure: managed-namespaces.ts applies them.
 */

type Obj = Record<string, unknown>;

/** managedNamespaceName's pattern and length in the definition: a Kubernetes namespace name (DNS label). */
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * System namespaces AKS does not let ARM manage: the ones its docs name (kube-system,
 * app-routing-system, istio-system, gatekeeper-system, "etc.": learn.microsoft.com/azure/aks/managed-namespaces,
 * Limitations), Kubernetes' own (`default` and the `kube-` prefix Kubernetes reserves), and the
 * namespaces other AKS add-ons install into (docs/fidelity.md "Reserved managed namespace names").
 */
const RESERVED = new Set(["default", "app-routing-system", "istio-system", "aks-istio-system", "gatekeeper-system", "calico-system", "tigera-operator"]);

export function checkNamespaceName(name: string): void {
  if (name.length > 63 || !NAMESPACE_NAME.test(name)) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter managedNamespaceName is invalid: '${name}'. A namespace name has 1 to 63 characters: lowercase letters, digits and '-', starting and ending with a letter or digit.`,
      { target: "managedNamespaceName" },
    );
  }
  if (RESERVED.has(name) || name.startsWith("kube-")) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter managedNamespaceName is invalid: '${name}' is a system namespace, which cannot be a managed namespace. Choose another name.`,
      { target: "managedNamespaceName" },
    );
  }
}

const POLICY_RULES = ["DenyAll", "AllowAll", "AllowSameNamespace"] as const;
const ADOPTION_POLICIES = ["Never", "IfIdentical", "Always"] as const;
const DELETE_POLICIES = ["Keep", "Delete"] as const;

/** An enum value in the definition's spelling (any letter case accepted), its default when left out, or 400 naming the property. */
function enumValue<T extends string>(raw: unknown, path: string, allowed: readonly T[], fallback: T): T {
  const value = optionalString(raw, path);
  if (value === undefined) return fallback;
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (found) return found;
  throw new ArmError(
    400,
    "InvalidParameter",
    `The value of parameter ${path.replace(/^properties\./, "")} is invalid: '${value}'. Allowed values: ${allowed.join(", ")}.`,
    {
      target: path,
    },
  );
}

/** CPU in Kubernetes' forms: millicores (`500m`) or cores (`2`, `0.5`, at most three decimals). */
const CPU = /^(\d+m|\d+(\.\d{1,3})?)$/;
/** Memory in the power-of-two form the definition names (Ki, Mi, Gi, Ti, Pi, Ei), or bytes. */
const MEMORY = /^\d+(Ki|Mi|Gi|Ti|Pi|Ei)?$/;

const QUOTA_FIELDS = [
  ["cpuRequest", CPU, "CPU in millicores (e.g. '500m') or cores (e.g. '2')"],
  ["cpuLimit", CPU, "CPU in millicores (e.g. '500m') or cores (e.g. '2')"],
  ["memoryRequest", MEMORY, "memory in a power-of-two unit: Ki, Mi, Gi, Ti, Pi or Ei (e.g. '512Mi')"],
  ["memoryLimit", MEMORY, "memory in a power-of-two unit: Ki, Mi, Gi, Ti, Pi or Ei (e.g. '512Mi')"],
] as const;

function resourceQuota(raw: unknown): Obj | undefined {
  const quota = optionalObject(raw, "properties.defaultResourceQuota");
  if (!quota) return undefined;
  const out: Obj = {};
  for (const [field, form, what] of QUOTA_FIELDS) {
    const path = `properties.defaultResourceQuota.${field}`;
    const value = optionalString(quota[field], path);
    if (value === undefined) continue;
    if (!form.test(value)) {
      throw new ArmError(400, "InvalidParameter", `The value of parameter defaultResourceQuota.${field} is invalid: '${value}'. Give ${what}.`, {
        target: path,
      });
    }
    out[field] = value;
  }
  return out;
}

export interface NamespaceProperties {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  defaultResourceQuota?: Obj;
  defaultNetworkPolicy: { ingress: string; egress: string };
  adoptionPolicy: (typeof ADOPTION_POLICIES)[number];
  deletePolicy: (typeof DELETE_POLICIES)[number];
}

/**
 * The properties to store from a PUT's `properties`: a PUT replaces them whole; what it leaves out
 * takes its default (network policy ingress AllowSameNamespace and egress AllowAll, the definition's;
 * adoptionPolicy Never and deletePolicy Keep, az's: docs/fidelity.md "Managed namespace defaults").
 */
export function validateNamespaceProperties(raw: unknown): NamespaceProperties {
  const props = optionalObject(raw, "properties") ?? {};
  const policy = optionalObject(props["defaultNetworkPolicy"], "properties.defaultNetworkPolicy") ?? {};
  const quota = resourceQuota(props["defaultResourceQuota"]);
  return {
    labels: optionalStringMap(props["labels"], "properties.labels") ?? {},
    annotations: optionalStringMap(props["annotations"], "properties.annotations") ?? {},
    ...(quota ? { defaultResourceQuota: quota } : {}),
    defaultNetworkPolicy: {
      ingress: enumValue(policy["ingress"], "properties.defaultNetworkPolicy.ingress", POLICY_RULES, "AllowSameNamespace"),
      egress: enumValue(policy["egress"], "properties.defaultNetworkPolicy.egress", POLICY_RULES, "AllowAll"),
    },
    adoptionPolicy: enumValue(props["adoptionPolicy"], "properties.adoptionPolicy", ADOPTION_POLICIES, "Never"),
    deletePolicy: enumValue(props["deletePolicy"], "properties.deletePolicy", DELETE_POLICIES, "Keep"),
  };
}
