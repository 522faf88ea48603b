import { readFileSync } from "node:fs";
import { ArmError } from "../../arm/errors.js";
import type { ProviderContext } from "../context.js";
import { packageFile } from "../../util/package-files.js";

/**
 * The one catalogue of Kubernetes versions and node images the emulated AKS offers
 * (docs/version-catalogue.md): which minors and patches exist, the default, previews, support
 * plans, and the newest node image per OS type, OS SKU and Kubernetes version. The built-in one is
 * `version-catalogue.json` beside this module, read on first use (not at start);
 * `aks-emulator start --version-catalogue <file>` replaces it for one instance, checked at start
 * (version-catalogue-file.ts, loaded only then).
 */

type SupportPlan = "KubernetesOfficial" | "AKSLongTermSupport";

interface CatalogueMinor {
  /** major.minor */
  version: string;
  isPreview?: boolean;
  supportPlan: SupportPlan[];
  /** Full patch versions. */
  patchVersions: string[];
}

interface CatalogueNodeImage {
  osType: "Linux" | "Windows";
  osSKUs: string[];
  /** The first and last minor (major.minor) the image is for; open when absent. */
  fromVersion?: string;
  toVersion?: string;
  nodeImageVersion: string;
}

/** The catalogue file's content, checked (parseVersionCatalogue). */
export interface VersionCatalogueData {
  about?: string;
  asOf?: string;
  /** The minor (major.minor) a cluster gets when it names no version. */
  defaultVersion: string;
  kubernetesVersions: CatalogueMinor[];
  nodeImages: CatalogueNodeImage[];
}

/** A requested version as AKS answers it: `requested` echoed (the default minor for ""), `current` the patch it runs. */
export interface ResolvedVersion {
  requested: string;
  current: string;
}

/** An upgrade a version can take. */
export interface VersionUpgrade {
  kubernetesVersion: string;
  isPreview?: boolean;
}

export const MINOR = /^(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
export const PATCH = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
export const SUPPORT_PLANS: readonly string[] = ["KubernetesOfficial", "AKSLongTermSupport"];

/** [major, minor, patch] of "x.y" or "x.y.z" (patch -1 for "x.y"); undefined for anything else. */
function parts(version: string): [number, number, number] | undefined {
  const m = PATCH.exec(version) ?? MINOR.exec(version);
  if (m === null) return undefined;
  return [Number(m[1]), Number(m[2]), m[3] === undefined ? -1 : Number(m[3])];
}

/** Orders versions ("x.y" or "x.y.z"); a minor sorts before its patches. */
export function compareVersions(a: string, b: string): number {
  const pa = parts(a) ?? [0, 0, 0];
  const pb = parts(b) ?? [0, 0, 0];
  return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
}

export function minorOf(version: string): string {
  const p = parts(version);
  return p === undefined ? version : `${p[0]}.${p[1]}`;
}

export class VersionCatalogue {
  /** Oldest minor first, each with its patches oldest first. */
  readonly minors: readonly CatalogueMinor[];
  readonly defaultVersion: string;
  private readonly nodeImages: readonly CatalogueNodeImage[];

  constructor(data: VersionCatalogueData) {
    this.minors = data.kubernetesVersions
      .map((m) => ({ ...m, patchVersions: [...m.patchVersions].sort(compareVersions) }))
      .sort((a, b) => compareVersions(a.version, b.version));
    this.defaultVersion = data.defaultVersion;
    this.nodeImages = data.nodeImages;
  }

  private minor(version: string): CatalogueMinor | undefined {
    const minor = minorOf(version);
    return this.minors.find((m) => m.version === minor);
  }

  /** Every patch offered, oldest first. */
  patchVersions(): string[] {
    return this.minors.flatMap((m) => m.patchVersions);
  }

  /** The version is offered (a listed patch, or a listed minor) and in preview. */
  isPreview(version: string): boolean {
    return this.minor(version)?.isPreview === true;
  }

  private newestPatch(minor: string): string | undefined {
    return this.minors.find((m) => m.version === minor)?.patchVersions.at(-1);
  }

  /**
   * A requested version as AKS resolves it (docs/sources.md "Defaults AKS fills in"): "" -> the
   * default minor, running its newest patch; "major.minor" -> echoed, running its newest patch;
   * "x.y.z" -> echoed as is. Anything the catalogue does not offer is refused with AKS's wording
   * (`K8sVersionNotSupported`; `AgentPoolK8sVersionNotSupported` for a pool's target), followed by
   * what the catalogue offers.
   */
  resolve(requested: string, target: string): ResolvedVersion {
    if (requested === "") return { requested: this.defaultVersion, current: this.newestPatch(this.defaultVersion)! };
    if (MINOR.test(requested)) {
      const patch = this.newestPatch(requested);
      if (patch) return { requested, current: patch };
    } else if (PATCH.test(requested) && this.minor(requested)?.patchVersions.includes(requested)) {
      return { requested, current: requested };
    }
    // Wording as live AKS answers (docs/research-notes.md); a pool's orchestratorVersion gets
    // AgentPoolK8sVersionNotSupported, the cluster's kubernetesVersion K8sVersionNotSupported.
    const code = target.startsWith("agentPoolProfiles") ? "AgentPoolK8sVersionNotSupported" : "K8sVersionNotSupported";
    throw new ArmError(
      400,
      code,
      `Version ${requested} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list ${this.offered()}`,
      { target },
    );
  }

  /** What a refused version's message appends: the versions the catalogue offers (docs/fidelity.md "Unsupported Kubernetes version"). */
  private offered(): string {
    const minors = this.minors.map((m) => (m.isPreview ? `${m.version} (preview)` : m.version));
    return `Versions offered: ${this.patchVersions().join(", ")}; or a minor version (${minors.join(", ")}) for its newest patch.`;
  }

  /**
   * The versions `current` (x.y.z) can be upgraded to, oldest first: the newer patches of its minor
   * and every patch of the next minor (one minor at a time, never down; docs/version-catalogue.md).
   */
  upgradesFrom(current: string): VersionUpgrade[] {
    const p = parts(current);
    if (p === undefined) return [];
    const next = `${p[0]}.${p[1] + 1}`;
    const out: VersionUpgrade[] = [];
    for (const m of this.minors) {
      if (m.version !== minorOf(current) && m.version !== next) continue;
      for (const v of m.patchVersions) {
        if (compareVersions(v, current) <= 0) continue;
        out.push(m.isPreview ? { kubernetesVersion: v, isPreview: true } : { kubernetesVersion: v });
      }
    }
    return out;
  }

  /**
   * Refuses moving from the patch `from` runs to `to` (x.y.z) when AKS does: a downgrade or a
   * skipped minor, 400 `OperationNotAllowed` naming the available upgrades (rancher/rancher#24071,
   * rancher/dashboard#11884). The same version, a newer patch and the next minor pass.
   */
  assertUpgrade(from: string, to: string, target: string): void {
    if (compareVersions(to, from) === 0) return;
    const upgrades = this.upgradesFrom(from);
    if (upgrades.some((u) => u.kubernetesVersion === to)) return;
    const verb = compareVersions(to, from) < 0 ? "Downgrading" : "Upgrading";
    const available = upgrades
      .map((u) => u.kubernetesVersion)
      .reverse()
      .join(" ");
    throw new ArmError(
      400,
      "OperationNotAllowed",
      `${verb} Kubernetes version ${from} to ${to} is not allowed. Available upgrades: [${available}]. Please see https://aka.ms/aks-supported-k8s-ver for version details.`,
      { target },
    );
  }

  /**
   * The newest node image for a pool of this OS type and SKU at this Kubernetes version: the first
   * catalogue entry for the type, SKU and version; else the first for the type and version (a SKU
   * the catalogue does not name), else the first for the type.
   */
  latestNodeImage(osType: string, osSKU: string | undefined, kubernetesVersion: string): string {
    const minor = minorOf(kubernetesVersion);
    const inRange = (i: CatalogueNodeImage) =>
      (i.fromVersion === undefined || compareVersions(minor, i.fromVersion) >= 0) && (i.toVersion === undefined || compareVersions(minor, i.toVersion) <= 0);
    const ofType = this.nodeImages.filter((i) => i.osType.toLowerCase() === osType.toLowerCase());
    const sku = osSKU?.toLowerCase();
    const found =
      ofType.find((i) => inRange(i) && sku !== undefined && i.osSKUs.some((s) => s.toLowerCase() === sku)) ??
      ofType.find(inRange) ??
      ofType[0] ??
      this.nodeImages[0]!;
    return found.nodeImageVersion;
  }
}

let builtIn: VersionCatalogue | undefined;
const instances = new WeakMap<VersionCatalogueData, VersionCatalogue>();

/** The catalogue an instance serves: its `--version-catalogue` when given, else the built-in one (read on first use). */
export function versionCatalogue(ctx?: { config: Pick<ProviderContext["config"], "versionCatalogue"> }): VersionCatalogue {
  const data = ctx?.config.versionCatalogue;
  if (data === undefined) {
    builtIn ??= new VersionCatalogue(
      JSON.parse(readFileSync(packageFile("dist/src/providers/containerservice/version-catalogue.json"), "utf8")) as VersionCatalogueData,
    );
    return builtIn;
  }
  let c = instances.get(data);
  if (c === undefined) {
    c = new VersionCatalogue(data);
    instances.set(data, c);
  }
  return c;
}
