import { readFileSync } from "node:fs";
import { compareVersions, MINOR, minorOf, PATCH, SUPPORT_PLANS, type VersionCatalogueData } from "./version-catalogue.js";

/**
 * A version catalogue file given at start (`--version-catalogue`, docs/version-catalogue.md): read
 * and checked, with an error that names the file, the place and what to fix. Loaded only when the
 * option is given.
 */

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
