#!/usr/bin/env node
/**
 * Writes src/arm/request-schemas/<namespace>-<api-version>.json: for every operation of the official
 * API definitions under spec/definitions/ (sources: spec/PROVENANCE.md) that takes a request body, the
 * body's JSON Schema, keyed by method and path shape, with the definitions it uses. The emulator
 * validates request bodies with them (src/arm/request-schemas/validate-body.ts).
 *
 * What the conversion from Swagger 2.0 keeps and drops:
 * - `$ref`s stay references (definitions are shared and may be recursive); a reference into another
 *   file (the common types) becomes a definition named after that file.
 * - read-only properties are left out, and out of `required`: ARM ignores them in a request.
 * - `description`, `format`, `default`, `x-ms-*` and the like are dropped: they constrain nothing the
 *   schema can check the way ARM does (`format: date-time` is checked by the rules that need it).
 * - `enum`s become `enumAnyCase`: AKS takes enum values in any letter case, and every enum is
 *   extensible (`modelAsString`), so the values are those of every version of the namespace we have
 *   (a value added later is not refused at an older version).
 * - Swagger 2.0's boolean `exclusiveMinimum`/`exclusiveMaximum` become JSON Schema's numeric ones.
 *
 *   node scripts/generate-request-schemas.mjs          write the files (npm run generate)
 *   node scripts/generate-request-schemas.mjs --check  exit 1 when a committed file differs
 *
 * Plain Node, no dependency. test/unit/request-schemas.test.ts runs --check.
 */
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const OUTPUT_DIR = "src/arm/request-schemas/generated";

/**
 * The definitions read, per namespace. A reference `../../../../../../common-types/...` in the AKS
 * files climbs from `.../Microsoft.ContainerService/aks/stable/<version>/` to `specification/`: the
 * files here sit at `spec/definitions/<service>/<version>/`, so the generator reads such a path from
 * `spec/definitions/` (see `resolveFile`).
 */
export const DEFINITIONS = [
  { namespace: "Microsoft.ContainerService", file: "spec/definitions/containerservice/2026-06-01/managedClusters.json" },
  { namespace: "Microsoft.ContainerService", file: "spec/definitions/containerservice/2026-04-01/managedClusters.json" },
  { namespace: "Microsoft.ContainerService", file: "spec/definitions/containerservice/2022-11-01/managedClusters.json" },
  // Private DNS zones, their virtual network links and record sets are Microsoft.Network types.
  { namespace: "Microsoft.Network", file: "spec/definitions/privatedns/2020-06-01/privatedns.json" },
  { namespace: "Microsoft.Network", file: "spec/definitions/privatedns/2018-09-01/privatedns.json" },
  { namespace: "Microsoft.ManagedIdentity", file: "spec/definitions/msi/2024-11-30/ManagedIdentity.json" },
  { namespace: "Microsoft.ManagedIdentity", file: "spec/definitions/msi/2023-01-31/ManagedIdentity.json" },
  { namespace: "Microsoft.Authorization", file: "spec/definitions/authorization/2022-04-01/authorization-RoleAssignmentsCalls.json" },
  { namespace: "Microsoft.Authorization", file: "spec/definitions/authorization/2020-04-01-preview/authorization-RoleAssignmentsCalls.json" },
  { namespace: "Microsoft.Resources", file: "spec/definitions/resources/2025-04-01/resources.json" },
  // Virtual networks and subnets, private endpoints and their DNS zone groups, network interfaces:
  // 2025-05-01, the version @azure/arm-network 36 sends. The index holds no privateEndpoint.json of
  // 2025-05-01: the 2025-03-01 file stands in (its info.version says 2025-03-01), filed under 2025-05-01
  // with the files beside it (spec/PROVENANCE.md).
  { namespace: "Microsoft.Network", file: "spec/definitions/network/2025-05-01/virtualNetwork.json" },
  { namespace: "Microsoft.Network", file: "spec/definitions/network/2025-05-01/privateEndpoint.json", apiVersion: "2025-05-01" },
  { namespace: "Microsoft.Network", file: "spec/definitions/network/2025-05-01/networkInterface.json" },
];

/**
 * Definition files the committed ones refer to that are not committed, each with the reason. A
 * reference into one of them resolves to an open schema: any value is accepted in a request and kept
 * whole in an answer (references into these files are not checked; spec/PROVENANCE.md). Any other
 * file that is referenced and missing is an error. test/unit/request-schemas.test.ts asserts this list
 * is exactly the set of referenced files that are missing.
 */
const NETWORK_OMITTED_REASON =
  "Microsoft.Network type a subnet, network interface or private endpoint only refers to (security groups, route tables, load balancers, public IPs, ...); not served, and several hundred thousand characters";
export const OMITTED_FILES = Object.fromEntries(
  [
    "applicationGateway",
    "applicationSecurityGroup",
    "loadBalancer",
    "networkProfile",
    "networkSecurityGroup",
    "networkWatcher",
    "privateLinkService",
    "publicIpAddress",
    "routeTable",
    "serviceEndpointPolicy",
    "serviceGateway",
    "virtualNetworkTap",
  ].map((stem) => [`spec/definitions/network/2025-05-01/${stem}.json`, NETWORK_OMITTED_REASON]),
);

/** Whether a file is one of OMITTED_FILES (references into it are open). */
export const isOmitted = (file) => Object.hasOwn(OMITTED_FILES, file);

/** The api-version a definition file's operations are filed under: its own, unless DEFINITIONS says another. */
export function versionOf(file) {
  const entry = DEFINITIONS.find((d) => d.file === file);
  const version = entry?.apiVersion ?? load(file).info?.version;
  if (typeof version !== "string") throw new Error(`${file}: no info.version`);
  return version;
}

const BODY_METHODS = ["put", "patch", "post"];

/** `{param}` segments compare as one wildcard; static segments without case (ARM paths are case-insensitive). */
export function shapeOf(template) {
  return template
    .split("/")
    .map((s) => (/^(\{[^}]+\}|:.+)$/.test(s) ? "{}" : s.toLowerCase()))
    .join("/");
}

/** The repository file a reference names, from the file it is in. */
export function resolveFile(fromFile, refFile) {
  const common = refFile.match(/^(?:\.\.\/)+(common-types\/.*)$/);
  if (common) return join("spec/definitions", common[1]);
  return relative(ROOT, resolve(ROOT, dirname(fromFile), refFile));
}

const loaded = new Map();
export function load(file) {
  let doc = loaded.get(file);
  if (doc === undefined) {
    const path = join(ROOT, file);
    if (!existsSync(path)) throw new Error(`${file}: referenced but not committed (spec/PROVENANCE.md)`);
    doc = JSON.parse(readFileSync(path, "utf8"));
    loaded.set(file, doc);
  }
  return doc;
}

/** The name a definition gets in the output: its own in the operation's file, `<file stem>.<name>` from another. */
export function definitionName(specFile, file, name) {
  if (file === specFile) return name;
  const m = file.match(/common-types\/resource-management\/(v\d+)\/(.+)\.json$/);
  return m ? `common-${m[1]}-${m[2]}.${name}` : `${file.replace(/[^A-Za-z0-9]+/g, "-")}.${name}`;
}

export function parseRef(fromFile, ref) {
  const hash = ref.indexOf("#");
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? "" : ref.slice(hash + 1);
  const file = filePart === "" ? fromFile : resolveFile(fromFile, filePart);
  const m = pointer.match(/^\/(definitions|parameters)\/([^/]+)$/);
  if (!m) throw new Error(`${fromFile}: unsupported $ref '${ref}'`);
  return { file, kind: m[1], name: decodeURIComponent(m[2]) };
}

/** The enum values of every version of a namespace, by x-ms-enum name (or by where the enum sits). */
function collectEnums(files) {
  const byKey = new Map();
  const visit = (node, where) => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) visit(node[i], `${where}/${i}`);
      return;
    }
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node.enum)) {
      const key = enumKey(node, where);
      const values = byKey.get(key) ?? [];
      for (const v of node.enum) if (typeof v === "string" && !values.includes(v)) values.push(v);
      byKey.set(key, values);
    }
    for (const [k, v] of Object.entries(node)) if (k !== "x-ms-enum" && k !== "x-ms-examples") visit(v, `${where}/${k}`);
  };
  for (const file of files) visit(load(file).definitions ?? {}, "#/definitions");
  return byKey;
}

function enumKey(node, where) {
  const name = node["x-ms-enum"]?.name;
  return typeof name === "string" ? `name:${name}` : `at:${where}`;
}

/** Converts one Swagger schema (in `file`, at `where`) to JSON Schema, queueing the definitions it names. */
function convert(schema, ctx, file, where) {
  if (schema.$ref !== undefined) {
    const ref = parseRef(file, schema.$ref);
    if (ref.kind !== "definitions") throw new Error(`${file}: a schema $ref to ${ref.kind}`);
    if (isOmitted(ref.file)) return {};
    const name = definitionName(ctx.specFile, ref.file, ref.name);
    if (!ctx.definitions.has(name)) {
      ctx.definitions.set(name, null);
      const target = load(ref.file).definitions?.[ref.name];
      if (target === undefined) throw new Error(`${ref.file}: no definition '${ref.name}'`);
      ctx.definitions.set(name, convert(target, ctx, ref.file, `#/definitions/${ref.name}`));
    }
    return { $ref: `#/definitions/${name}` };
  }
  const out = {};
  if (typeof schema.type === "string" && schema.type !== "file") out.type = schema.type;
  if (Array.isArray(schema.enum)) {
    const values = ctx.enums.get(enumKey(schema, where)) ?? schema.enum.filter((v) => typeof v === "string");
    if (values.length > 0) out.enumAnyCase = values;
  }
  for (const k of ["pattern", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "multipleOf"]) {
    if (schema[k] !== undefined) out[k] = schema[k];
  }
  for (const [bound, exclusive] of [
    ["minimum", "exclusiveMinimum"],
    ["maximum", "exclusiveMaximum"],
  ]) {
    if (typeof schema[bound] !== "number") continue;
    if (schema[exclusive] === true) out[exclusive] = schema[bound];
    else out[bound] = schema[bound];
  }
  if (schema.properties !== undefined) {
    const properties = {};
    for (const [name, prop] of Object.entries(schema.properties)) {
      if (prop.readOnly === true) continue;
      properties[name] = convert(prop, ctx, file, `${where}/properties/${name}`);
    }
    out.properties = properties;
    const required = (schema.required ?? []).filter((r) => r in properties);
    if (required.length > 0) out.required = required;
  } else if (Array.isArray(schema.required) && schema.required.length > 0) {
    out.required = schema.required;
  }
  if (schema.items !== undefined) out.items = convert(schema.items, ctx, file, `${where}/items`);
  if (schema.additionalProperties !== undefined) {
    out.additionalProperties =
      typeof schema.additionalProperties === "boolean"
        ? schema.additionalProperties
        : convert(schema.additionalProperties, ctx, file, `${where}/additionalProperties`);
  }
  if (Array.isArray(schema.allOf)) out.allOf = schema.allOf.map((s, i) => convert(s, ctx, file, `${where}/allOf/${i}`));
  return out;
}

/** The body parameter of an operation (its own or its path item's), resolved. */
function bodyParameter(file, operation, item) {
  for (const raw of [...(operation.parameters ?? []), ...(item.parameters ?? [])]) {
    let p = raw;
    if (p.$ref !== undefined) {
      const ref = parseRef(file, p.$ref);
      p = load(ref.file).parameters?.[ref.name];
      if (p === undefined) throw new Error(`${file}: no parameter '${raw.$ref}'`);
    }
    if (p.in === "body") return p;
  }
  return undefined;
}

/** The output files: name -> content. */
export function buildSchemas() {
  loaded.clear();
  const out = new Map();
  const namespaces = [...new Set(DEFINITIONS.map((d) => d.namespace))];
  for (const namespace of namespaces) {
    const files = DEFINITIONS.filter((d) => d.namespace === namespace).map((d) => d.file);
    const enums = collectEnums(files);
    const byVersion = new Map();
    for (const file of files) {
      const spec = load(file);
      const version = versionOf(file);
      const entry = byVersion.get(version) ?? { ctx: { specFile: file, enums, definitions: new Map() }, operations: {} };
      entry.ctx.specFile = file;
      byVersion.set(version, entry);
      for (const [template, item] of Object.entries(spec.paths ?? {})) {
        for (const method of BODY_METHODS) {
          const operation = item[method];
          if (operation === undefined) continue;
          const body = bodyParameter(file, operation, item);
          if (body?.schema === undefined) continue;
          entry.operations[`${method.toUpperCase()} ${shapeOf(template)}`] = {
            operationId: operation.operationId,
            parameter: body.name,
            required: body.required === true,
            schema: convert(body.schema, entry.ctx, file, `#/paths/${template}/${method}/body`),
          };
        }
      }
    }
    for (const [version, { ctx, operations }] of byVersion) {
      if (Object.keys(operations).length === 0) continue;
      const definitions = Object.fromEntries([...ctx.definitions.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const sorted = Object.fromEntries(Object.entries(operations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const content = `${JSON.stringify({ namespace, apiVersion: version, sources: files.filter((f) => versionOf(f) === version), operations: sorted, definitions })}\n`;
      out.set(`${namespace.toLowerCase()}-${version}.json`, content);
    }
  }
  return out;
}

function main(argv) {
  const files = buildSchemas();
  const omitted = Object.keys(OMITTED_FILES);
  if (omitted.length > 0) console.log(`references into ${omitted.length} files not committed are open (any value): ${omitted.join(", ")}`);
  writeOrCheck(OUTPUT_DIR, files, argv.includes("--check"));
}

/**
 * Writes generated JSON files into a directory of the project (removing the ones no longer made), or
 * with `check` only compares: exit code 1 and the names of the files that differ, are missing or are extra.
 */
export function writeOrCheck(outputDir, files, check) {
  const dir = join(ROOT, outputDir);
  const present = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
  if (check) {
    const stale = [...files].filter(([name, text]) => !present.includes(name) || readFileSync(join(dir, name), "utf8") !== text).map(([n]) => n);
    const extra = present.filter((f) => !files.has(f));
    if (stale.length + extra.length > 0) {
      console.error(`${outputDir} differs from the definitions (${[...stale, ...extra].join(", ")}): run npm run generate`);
      process.exitCode = 1;
    }
    return;
  }
  for (const f of present) if (!files.has(f)) unlinkSync(join(dir, f));
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  console.log(`wrote ${files.size} files to ${outputDir}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
