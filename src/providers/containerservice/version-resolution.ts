import { ArmError } from "../../arm/errors.js";
import { SUPPORTED_KUBERNETES_PATCH_VERSIONS, DEFAULT_KUBERNETES_VERSION } from "./kubernetes-versions.js";

/**
 * Resolves a requested Kubernetes version the way AKS answers it (docs/sources.md "Defaults AKS fills in"): "" or
 * absent -> the default minor (DEFAULT_KUBERNETES_VERSION) with its newest patch as the current version;
 * "major.minor" -> echoed, current = newest patch of that minor; "x.y.z" -> echoed as is.
 */
export interface ResolvedVersion {
  requested: string;
  current: string;
}

function newestPatch(minor: string): string | undefined {
  const candidates = SUPPORTED_KUBERNETES_PATCH_VERSIONS.filter((v) => v.startsWith(`${minor}.`));
  return candidates.sort((a, b) => Number(b.split(".")[2]) - Number(a.split(".")[2]))[0];
}

export function resolveKubernetesVersion(requested: string, target: string): ResolvedVersion {
  if (requested === "") {
    return { requested: DEFAULT_KUBERNETES_VERSION, current: newestPatch(DEFAULT_KUBERNETES_VERSION)! };
  }
  if (/^\d+\.\d+$/.test(requested)) {
    const patch = newestPatch(requested);
    if (patch) return { requested, current: patch };
  } else if (/^\d+\.\d+\.\d+$/.test(requested) && SUPPORTED_KUBERNETES_PATCH_VERSIONS.includes(requested)) {
    return { requested, current: requested };
  }
  // Wording as live AKS answers (docs/research-notes.md); a pool's orchestratorVersion gets
  // AgentPoolK8sVersionNotSupported, the cluster's kubernetesVersion K8sVersionNotSupported.
  const code = target.startsWith("agentPoolProfiles") ? "AgentPoolK8sVersionNotSupported" : "K8sVersionNotSupported";
  throw new ArmError(
    400,
    code,
    `Version ${requested} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list`,
    { target },
  );
}
