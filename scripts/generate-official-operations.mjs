#!/usr/bin/env node
/**
 * Writes src/arm/official-operations.ts: every operation of the official AKS API definitions the
 * project commits under spec/definitions/ (their sources: spec/PROVENANCE.md), one row per
 * (method, path template), with the ARM resource type the path belongs to and, for POST actions,
 * the action's name. The envelope uses the table to tell "the official API has this, aks-emulator
 * does not serve it yet" from "no such thing" (docs/fidelity.md "Official operation not emulated yet").
 *
 *   node scripts/generate-official-operations.mjs          write the table (npm run generate)
 *   node scripts/generate-official-operations.mjs --check  exit 1 when the committed table differs
 *
 * Plain Node, no dependency. The unit test test/unit/official-operations.test.ts imports
 * buildOperations() and compares it with the committed table.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const NAMESPACE = "Microsoft.ContainerService";
export const OUTPUT = "src/arm/official-operations.ts";

/** The definitions read, repository-relative. Order does not matter: rows are merged and sorted. */
export const DEFINITIONS = [
  "spec/definitions/containerservice/2026-06-01/managedClusters.json",
  "spec/definitions/containerservice/2026-04-01/managedClusters.json",
  "spec/definitions/containerservice/2022-11-01/managedClusters.json",
  "spec/definitions/containerservice/2019-04-01/location.json",
];

/** Swagger 2.0 operation keys of a path item, in the order rows are sorted by. */
const METHODS = ["get", "put", "patch", "delete", "post", "head"];

/** `{param}` segments compare as one wildcard; static segments without case (ARM paths are case-insensitive). */
function shapeOf(template) {
  return template
    .split("/")
    .map((s) => (/^\{[^}]+\}$/.test(s) ? "{}" : s.toLowerCase()))
    .join("/");
}

/**
 * The ARM type and action of a path template. After `/providers/<namespace>/` a resource path
 * alternates type and name segments (`managedClusters/{resourceName}/agentPools/{agentPoolName}`
 * is of type `managedClusters/agentPools`; a list path ends on a type segment; a fixed name such as
 * `upgradeProfiles/default` sits on a name position). A POST whose path ends on a type position
 * is an action on the resource before it (`managedClusters/{resourceName}/stop` is the action
 * `managedClusters/stop` on type `managedClusters`).
 * https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/resource-api-reference.md
 */
export function typeAndAction(method, template) {
  const segments = template.split("/");
  let at = -1;
  for (let i = segments.length - 2; i >= 0; i--) {
    if (segments[i].toLowerCase() === "providers" && segments[i + 1].toLowerCase() === NAMESPACE.toLowerCase()) {
      at = i + 2;
      break;
    }
  }
  if (at < 0) throw new Error(`${template}: no /providers/${NAMESPACE}/ segment`);
  const rest = segments.slice(at);
  const types = rest.filter((_, i) => i % 2 === 0);
  if (method === "POST" && rest.length % 2 === 1) {
    return { type: types.slice(0, -1).join("/"), action: types.join("/") };
  }
  return { type: types.join("/") };
}

/** Every operation of the definitions, one row per (method, path shape), sorted; api-versions merged. */
export function buildOperations(root = ROOT) {
  const rows = new Map();
  for (const file of DEFINITIONS) {
    const spec = JSON.parse(readFileSync(join(root, file), "utf8"));
    const apiVersion = spec.info?.version;
    if (typeof apiVersion !== "string") throw new Error(`${file}: no info.version`);
    for (const [template, item] of Object.entries(spec.paths ?? {})) {
      for (const key of METHODS) {
        const operation = item[key];
        if (!operation?.operationId) continue;
        const method = key.toUpperCase();
        const id = `${method} ${shapeOf(template)}`;
        const row = rows.get(id);
        if (row === undefined) {
          rows.set(id, { method, path: template, operationId: operation.operationId, ...typeAndAction(method, template), apiVersions: [apiVersion] });
          continue;
        }
        if (!row.apiVersions.includes(apiVersion)) row.apiVersions.push(apiVersion);
        row.apiVersions.sort();
        // The newest definition names the row (operationIds and parameter names can change between versions).
        if (apiVersion === row.apiVersions[row.apiVersions.length - 1]) {
          row.path = template;
          row.operationId = operation.operationId;
        }
      }
    }
  }
  const order = (r) => `${shapeOf(r.path)} ${METHODS.indexOf(r.method.toLowerCase())}`;
  return [...rows.values()].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/** Each committed definition's api-version and file, newest first. */
export function definitionVersions(root = ROOT) {
  return DEFINITIONS.map((file) => ({ apiVersion: JSON.parse(readFileSync(join(root, file), "utf8")).info.version, file })).sort((a, b) =>
    a.apiVersion < b.apiVersion ? 1 : a.apiVersion > b.apiVersion ? -1 : 0,
  );
}

/** The TypeScript module for the rows. */
export function render(rows, definitions = definitionVersions()) {
  const q = (s) => JSON.stringify(s);
  const lines = rows.map((r) => {
    const action = r.action === undefined ? "" : ` action: ${q(r.action)},`;
    return `  { method: ${q(r.method)}, path: ${q(r.path)}, operationId: ${q(r.operationId)}, type: ${q(r.type)},${action} apiVersions: [${r.apiVersions.map(q).join(", ")}] },`;
  });
  return `// GENERATED by scripts/generate-official-operations.mjs (npm run generate) from
${DEFINITIONS.map((f) => `//   ${f}`).join("\n")}
// (sources: spec/PROVENANCE.md). Do not edit: change the definitions or the script and regenerate.

/** One operation of the official ${NAMESPACE} API definitions. */
export interface OfficialOperation {
  readonly method: "GET" | "PUT" | "PATCH" | "DELETE" | "POST" | "HEAD";
  /** The path template as the newest definition that has it writes it. */
  readonly path: string;
  readonly operationId: string;
  /** The ARM resource type the path belongs to, without the namespace (e.g. "managedClusters/agentPools"). */
  readonly type: string;
  /** POST actions: the action's name without the namespace (e.g. "managedClusters/stop"). */
  readonly action?: string;
  /** The api-versions of the committed definitions that define it (not every version that has it). */
  readonly apiVersions: readonly string[];
}

export const OFFICIAL_NAMESPACE = ${q(NAMESPACE)};

/** The committed definitions, newest first: the api-version each defines and its file. */
export const OFFICIAL_DEFINITIONS: readonly { readonly apiVersion: string; readonly file: string }[] = [
${definitions.map((d) => `  { apiVersion: ${q(d.apiVersion)}, file: ${q(d.file)} },`).join("\n")}
];

export const OFFICIAL_OPERATIONS: readonly OfficialOperation[] = [
${lines.join("\n")}
];
`;
}

function main(argv) {
  const text = render(buildOperations());
  const target = join(ROOT, OUTPUT);
  if (argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(target, "utf8");
    } catch {
      // missing: differs
    }
    if (current !== text) {
      console.error(`${OUTPUT} differs from the definitions: run npm run generate`);
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(target, text);
  console.log(`wrote ${OUTPUT}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
