/**
 * The Kubernetes versions the emulated AKS offers, as of its reference date 2026-11-25, and the
 * node image versions it reports. Facts and their sources are in docs/research-notes.md.
 *
 * Sources (AKS release notes, github.com/Azure/AKS/releases):
 * - 2026-09-04 (v20260904): "Kubernetes Version 1.37 Preview is being rolled out. Kubernetes patch
 *   versions 1.36.3, 1.35.7, and 1.34.10 are now available."
 * - 2026-10-25 (v20261025): "Kubernetes version 1.37 is now generally available and designated as a
 *   Long-Term Support (LTS) version. Kubernetes 1.36 is now the default version for new clusters.
 *   Kubernetes patch versions 1.37.1, 1.36.5, 1.35.9, and 1.34.12 are now available. Community
 *   support for Kubernetes version 1.34 and LTS support for Kubernetes version 1.31 are going soon
 *   end of life by November 2026."
 * Chosen offer for 2026-11-25: minors 1.34 (last weeks of support), 1.35, 1.36 (default), 1.37;
 * per minor the patches those two notes name. Since 2024-07 `az aks get-versions` lists every
 * patch a minor supports (Azure/AKS PR #4427); since 2025-07 every supported version is also
 * available with the LTS plan (Azure/AKS PR #5139, blog "AKS LTS announcement"). LTS-only minors
 * (1.32, 1.33, whose community support ended) are not offered: their patch numbers are unknown.
 */

type KubernetesSupportPlan = "KubernetesOfficial" | "AKSLongTermSupport";

interface KubernetesMinorVersion {
  /** major.minor */
  version: string;
  isDefault?: boolean;
  isPreview?: boolean;
  supportPlan: readonly KubernetesSupportPlan[];
  /** Full patch versions, oldest first. */
  patchVersions: readonly string[];
}

const BOTH_PLANS: readonly KubernetesSupportPlan[] = ["KubernetesOfficial", "AKSLongTermSupport"];

/** Oldest minor first, as the list API returns them. */
const KUBERNETES_VERSIONS: readonly KubernetesMinorVersion[] = [
  { version: "1.34", supportPlan: BOTH_PLANS, patchVersions: ["1.34.10", "1.34.12"] },
  { version: "1.35", supportPlan: BOTH_PLANS, patchVersions: ["1.35.7", "1.35.9"] },
  { version: "1.36", isDefault: true, supportPlan: BOTH_PLANS, patchVersions: ["1.36.3", "1.36.5"] },
  { version: "1.37", supportPlan: BOTH_PLANS, patchVersions: ["1.37.1"] },
];

/** The minor version a cluster gets when the request leaves kubernetesVersion empty. */
export const DEFAULT_KUBERNETES_VERSION = "1.36";

/**
 * Every offered (non-preview) patch version, oldest first. When a request names one that is not
 * here, live AKS answers 400 with code K8sVersionNotSupported (cluster version, template preflight,
 * Azure/Microsoft-Defender-for-Cloud#923) or AgentPoolK8sVersionNotSupported (pool orchestratorVersion;
 * sassoftware/viya4-iac-azure#194, Azure/azure-quickstart-templates#13211), message:
 * "Version 1.19.9 is not supported in this region. Please use [az aks get-versions] command to get
 * the supported version list in this region. For more information, please check
 * https://aka.ms/supported-version-list"
 */
export const SUPPORTED_KUBERNETES_PATCH_VERSIONS: readonly string[] = KUBERNETES_VERSIONS.filter((m) => !m.isPreview).flatMap((m) => m.patchVersions);

/**
 * Node image versions, naming form AKSUbuntu-<os><gen>containerd-<YYYYMM>.<DD>.<n> as seen live
 * (e.g. AKSUbuntu-2204gen2containerd-202407.03.0 in 2024 recordings; 2026 values seen in public
 * repositories: ...-2204gen2containerd-202609.22.0, ...-2404gen2containerd-202609.15.0).
 * The November 2026 build date below is chosen, not observed.
 */
const NODE_IMAGE_VERSION_UBUNTU_2404 = "AKSUbuntu-2404gen2containerd-202611.10.0";

/**
 * The node image for Linux/Ubuntu pools at the default Kubernetes version. AKS docs ("Upgrade the OS
 * version", learn.microsoft.com/azure/aks/upgrade-os-version): "Ubuntu 22.04 is the default for
 * Kubernetes versions 1.25 to 1.34. Ubuntu 24.04 is the default OS for Kubernetes versions 1.35+."
 * The default version is 1.36, hence Ubuntu 24.04.
 */
export const DEFAULT_NODE_IMAGE_VERSION = NODE_IMAGE_VERSION_UBUNTU_2404;
