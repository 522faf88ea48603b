import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { ArmError } from "../../arm/errors.js";
import type { ProviderContext } from "../context.js";

/**
 * The one catalogue of Kubernetes versions and node images the emulated AKS offers
 * (docs/version-catalogue.md): which minors and patches exist, the default, previews, support
 * plans, and the newest node image per OS type, OS SKU and Kubernetes version. The built-in one is
 * `version-catalogue.json` beside this module, read on first use (not at start);
 * `aks-emulator start --version-catalogue <file>` replaces it for one instance, checked at start.
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

const MINOR = /^(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const PATCH = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const SUPPORT_PLANS: readonly string[] = ["KubernetesOfficial", "AKSLongTermSupport"];

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

function minorOf(version: string): string {
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

/** Checks a catalogue's content; throws an Error naming the file, the place and what to fix. */
export function parseVersionCatalogue(value: unknown, source: string): VersionCatalogueData {
  const fail = (where: string, what: string): never => {
    throw new Error(`version catalogue ${source}: ${where} ${what} (format: docs/version-catalogue.md)`);
  };
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObj(value)) return fail("the file", "must hold a JSON object");
  const o = value;
  if (typeof o["defaultVersion"] !== "string" || !MINOR.test(o["defaultVersion"])) fail("defaultVersion", 'must be a minor version such as "1.36"');
  const minors = o["kubernetesVersions"];
  if (!Array.isArray(minors) || minors.length === 0) return fail("kubernetesVersions", "must be a non-empty array");
  const seen = new Set<string>();
  for (const [i, m] of minors.entries()) {
    const at = `kubernetesVersions[${i}]`;
    if (!isObj(m)) return fail(at, "must be an object");
    const version = m["version"];
    if (typeof version !== "string" || !MINOR.test(version)) return fail(`${at}.version`, 'must be a minor version such as "1.36"');
    if (seen.has(version)) fail(`${at}.version`, `"${version}" is listed twice`);
    seen.add(version);
    if (m["isPreview"] !== undefined && typeof m["isPreview"] !== "boolean") fail(`${at}.isPreview`, "must be true or false");
    const plans = m["supportPlan"];
    if (!Array.isArray(plans) || plans.length === 0 || !plans.every((p) => typeof p === "string" && SUPPORT_PLANS.includes(p))) {
      fail(`${at}.supportPlan`, `must be a non-empty array of ${SUPPORT_PLANS.map((p) => `"${p}"`).join(" or ")}`);
    }
    const patches = m["patchVersions"];
    if (!Array.isArray(patches) || patches.length === 0) return fail(`${at}.patchVersions`, "must be a non-empty array");
    const seenPatches = new Set<string>();
    for (const [j, p] of patches.entries()) {
      if (typeof p !== "string" || !PATCH.test(p) || minorOf(p) !== version)
        fail(`${at}.patchVersions[${j}]`, `must be a patch version of ${version} such as "${version}.1"`);
      if (seenPatches.has(p as string)) fail(`${at}.patchVersions[${j}]`, `"${String(p)}" is listed twice`);
      seenPatches.add(p as string);
    }
  }
  const preview = (minors as Record<string, unknown>[]).find((m) => m["version"] === o["defaultVersion"]);
  if (preview === undefined) fail("defaultVersion", `"${String(o["defaultVersion"])}" is not one of kubernetesVersions`);
  else if (preview["isPreview"] === true) fail("defaultVersion", `"${String(o["defaultVersion"])}" is a preview version; the default must not be`);
  const images = o["nodeImages"];
  if (!Array.isArray(images) || images.length === 0) return fail("nodeImages", "must be a non-empty array");
  for (const [i, img] of images.entries()) {
    const at = `nodeImages[${i}]`;
    if (!isObj(img)) return fail(at, "must be an object");
    if (img["osType"] !== "Linux" && img["osType"] !== "Windows") fail(`${at}.osType`, 'must be "Linux" or "Windows"');
    const skus = img["osSKUs"];
    if (!Array.isArray(skus) || skus.length === 0 || !skus.every((s) => typeof s === "string" && s !== ""))
      fail(`${at}.osSKUs`, "must be a non-empty array of OS SKUs");
    for (const key of ["fromVersion", "toVersion"]) {
      const v = img[key];
      if (v !== undefined && (typeof v !== "string" || !MINOR.test(v))) fail(`${at}.${key}`, 'must be a minor version such as "1.35"');
    }
    if (typeof img["nodeImageVersion"] !== "string" || img["nodeImageVersion"] === "") fail(`${at}.nodeImageVersion`, "must be a non-empty string");
  }
  for (const m of minors as { version: string }[]) {
    const linux = (images as Record<string, unknown>[]).some(
      (img) =>
        img["osType"] === "Linux" &&
        (img["fromVersion"] === undefined || compareVersions(m.version, img["fromVersion"] as string) >= 0) &&
        (img["toVersion"] === undefined || compareVersions(m.version, img["toVersion"] as string) <= 0),
    );
    if (!linux) fail("nodeImages", `have no Linux image for Kubernetes ${m.version}; every version needs one (a System pool runs Linux)`);
  }
  return value as unknown as VersionCatalogueData;
}

/** Reads and checks a catalogue file (the start flag); throws an Error that says what is wrong. */
export function readVersionCatalogue(file: string): VersionCatalogueData {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`version catalogue ${file}: cannot be read (${(e as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`version catalogue ${file}: is not JSON (${(e as Error).message})`);
  }
  return parseVersionCatalogue(value, file);
}

let builtIn: VersionCatalogue | undefined;
const instances = new WeakMap<VersionCatalogueData, VersionCatalogue>();

/** The catalogue an instance serves: its `--version-catalogue` when given, else the built-in one (read on first use). */
export function versionCatalogue(ctx?: { config: Pick<ProviderContext["config"], "versionCatalogue"> }): VersionCatalogue {
  const data = ctx?.config.versionCatalogue;
  if (data === undefined) {
    builtIn ??= new VersionCatalogue(createRequire(import.meta.url)("./version-catalogue.json") as VersionCatalogueData);
    return builtIn;
  }
  let c = instances.get(data);
  if (c === undefined) {
    c = new VersionCatalogue(data);
    instances.set(data, c);
  }
  return c;
}
