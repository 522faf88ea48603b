#!/usr/bin/env node
/**
 * Compiles the request-body schemas (src/arm/request-schemas/generated/<namespace>-<api-version>.json,
 * made by scripts/generate-request-schemas.mjs) into Ajv standalone validators, one script per
 * namespace and api-version, at dist/src/arm/request-schemas/validators/<same name>.js, with V8's code
 * cache of it in <same name>.cache. `npm run build` runs it after tsc, so the emulator compiles no
 * schema at start or at request time: it runs a version's script on the first request that names it
 * (src/arm/request-schemas/validate-body.ts), and the code cache spares V8 most of parsing and
 * compiling its ~400 KB (a cache from another Node version is rejected and the script compiled as usual).
 *
 * Each script is one function expression `(exports, require) => ...` that sets `exports.operations`:
 * the generator's operation key ("PUT /subscriptions/{}/...") -> the Ajv validate function of that
 * operation's body. index.json beside them lists each file's operation keys with their operationIds,
 * so that choosing the version of a request parses no schema file. The options: every error (the emulator answers
 * the one its order picks, see validate-body.ts), `verbose` (an error carries the value and the
 * schema around the failed keyword, for messages that name both bounds of a range), references
 * compiled once per definition (they may be recursive).
 *
 * Two keywords of the generated schemas are not JSON Schema's, and are compiled to code here:
 * - `enumAnyCase`: a string that equals one of the values in any letter case (AKS takes enum values
 *   in any case; the generator puts in the values of every version of the namespace);
 * - a `pattern` that is not a valid regular expression with the `u` flag (JSON Schema's and Ajv's
 *   default) is compiled without it, as `patternNoUnicode`; the emulator reports it as `pattern`.
 *
 *   node scripts/compile-request-validators.mjs [outDir]
 */
import { mkdirSync, readdirSync, readFileSync, unlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import { writeFileAtomic } from "./write-atomic.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SCHEMAS = join(ROOT, "src/arm/request-schemas/generated");
const require = createRequire(import.meta.url);
const { Ajv, _, stringify } = require("ajv");
const standaloneCode = require("ajv/dist/standalone").default;

function newAjv() {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: false,
    validateSchema: false,
    inlineRefs: false,
    code: { source: true, optimize: true },
  });
  ajv.addKeyword({
    keyword: "enumAnyCase",
    type: "string",
    schemaType: "array",
    code(cxt) {
      const lower = cxt.schema.map((v) => v.toLowerCase());
      const set = cxt.gen.scopeValue("obj", { ref: new Set(lower), code: _`new Set(${stringify(lower)})` });
      cxt.fail(_`!${set}.has(${cxt.data}.toLowerCase())`);
    },
    error: {
      message: "must be one of the allowed values (any letter case)",
      params: ({ schema }) => _`{allowedValues: ${stringify(schema)}}`,
    },
  });
  ajv.addKeyword({
    keyword: "patternNoUnicode",
    type: "string",
    schemaType: "string",
    code(cxt) {
      const re = cxt.gen.scopeValue("pattern", { key: `nou:${cxt.schema}`, ref: new RegExp(cxt.schema), code: _`new RegExp(${cxt.schema})` });
      cxt.fail(_`!${re}.test(${cxt.data})`);
    },
    error: { message: "must match pattern", params: ({ schema }) => _`{pattern: ${schema}}` },
  });
  return ajv;
}

/** A copy of a schema whose local references point into the shared definitions (`defs#/definitions/...`), with u-less patterns renamed. */
function prepared(node) {
  if (Array.isArray(node)) return node.map(prepared);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && typeof v === "string" && v.startsWith("#/")) out[k] = `defs${v}`;
    else if (k === "pattern" && typeof v === "string" && !validWithUnicode(v)) out.patternNoUnicode = v;
    else if (k === "properties" && v !== null && typeof v === "object") out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, prepared(s)]));
    else out[k] = prepared(v);
  }
  return out;
}

function validWithUnicode(pattern) {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

/** The script text for one generated schema file. */
function compileScript(schemaFile) {
  const ajv = newAjv();
  ajv.addSchema({ $id: "defs", definitions: prepared(schemaFile.definitions) });
  const exports = {};
  const keys = Object.keys(schemaFile.operations);
  keys.forEach((key, i) => {
    const id = `op${i}`;
    ajv.addSchema({ ...prepared(schemaFile.operations[key].schema), $id: id });
    exports[id] = id;
  });
  const code = standaloneCode(ajv, exports);
  const table = keys.map((key, i) => `  ${JSON.stringify(key)}: exports.op${i},`).join("\n");
  return [
    `// Generated by scripts/compile-request-validators.mjs from src/arm/request-schemas/generated/ (${schemaFile.namespace} ${schemaFile.apiVersion}). Do not edit.`,
    "(function (exports, require) {",
    code,
    `exports.operations = {\n${table}\n};`,
    "})",
    "",
  ].join("\n");
}

/**
 * V8's code cache of a script, taken after running it (not after calling the validators: a cache
 * with their compiled code too is three to four times larger and was slower to load than compiling
 * the few functions a first request needs, measured on the project's machine).
 */
function codeCache(text, filename) {
  const script = new Script(text, { filename });
  script.runInThisContext()({}, require);
  return script.createCachedData();
}

function main(argv) {
  const outDir = argv[0] ?? join(ROOT, "dist/src/arm/request-schemas/validators");
  mkdirSync(outDir, { recursive: true });
  const names = readdirSync(SCHEMAS).filter((f) => f.endsWith(".json"));
  const wanted = new Set(["index.json", ...names.flatMap((n) => [n.replace(/\.json$/, ".js"), n.replace(/\.json$/, ".cache")])]);
  const index = {};
  for (const f of readdirSync(outDir)) if (!wanted.has(f)) unlinkSync(join(outDir, f));
  for (const name of names) {
    const schemaFile = JSON.parse(readFileSync(join(SCHEMAS, name), "utf8"));
    const text = compileScript(schemaFile);
    const target = join(outDir, name.replace(/\.json$/, ".js"));
    writeFileAtomic(target, text);
    writeFileAtomic(join(outDir, name.replace(/\.json$/, ".cache")), codeCache(text, target));
    index[name.replace(/\.json$/, "")] = Object.fromEntries(Object.entries(schemaFile.operations).map(([key, op]) => [key, op.operationId]));
  }
  writeFileAtomic(join(outDir, "index.json"), `${JSON.stringify(index)}\n`);
}

main(process.argv.slice(2));
