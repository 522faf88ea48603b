/**
 * The wire schema of every model in the pinned official SDKs, built at test time from the SDKs' own
 * files (nothing hand-copied), so a response body can be checked property by property.
 *
 * Sources, in order of trust:
 *  - `@azure/arm-containerservice` (modular TypeSpec SDK, the one that matters):
 *    - wire names: `dist/esm/models/models.js`, parsed with the TypeScript compiler API. Every
 *      `xxxDeserializer(item)` returns an object literal `modelProp: <expr using item["wireName"]>`;
 *      flattened wrappers appear as `...(!item["properties"] ? item["properties"] :
 *      _xxxPropertiesDeserializer(item["properties"]))` (also `display` in OperationValue). Models that
 *      have no deserializer fall back to their serializer (`wireName: <expr using item["modelProp"]>`).
 *    - model <-> function: the `declare function xxxDeserializer(item: any): Model` lines of
 *      `models.d.ts`.
 *    - types: the interfaces of `models.d.ts` through the compiler API (keywords, `Date` -> ISO
 *      date-time string, `Uint8Array` -> base64 string, `Record<string, T>`, arrays, literal unions,
 *      `type X = string` aliases with their `KnownX` enum values as the known (extensible) values,
 *      `extends` chains).
 *    - routes: `dist/esm/api/* /operations.js` (`expandUrlTemplate("/subscriptions/...")`, the HTTP verb,
 *      `expectedStatuses` and the deserializer the `_xxxDeserialize` function returns).
 *  - `@azure/arm-resources` and `@azure/arm-network` (classic AutoRest SDKs): their
 *    `dist/commonjs/models/mappers.js` mappers (explicit `serializedName`, `readOnly`, `required`, types)
 *    and the `OperationSpec`s of `dist/esm/operations/*.js`. Their models are named `resources:Name`
 *    and `network:Name` because names clash with the AKS SDK (ErrorResponse, OperationListResult...).
 *    They are loaded lazily, the first time one of their models or routes is asked for.
 *  - local models (not in any SDK), named in LOCAL_MODELS below with their source.
 *
 * Everything is cached in memory. The AKS part is parsed on first use: ~0.35 s, plus ~0.4 s to load
 * the compiler; arm-network, when first needed, ~0.35 s more.
 */
import type TS from "typescript";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// ---------------------------------------------------------------------------------------------------
// Schema types

/** Extra facts about a property (only set on the entries of ObjectSchema.properties). */
export interface PropertyMeta {
  /** Marked read-only in the SDK (`readonly` in models.d.ts, `readOnly: true` in classic mappers). */
  readOnly?: boolean;
  /** Not optional in the SDK model. */
  required?: boolean;
  /** The SDK's own (model) property name when it differs from the wire name. */
  sdkName?: string;
}

export type WireType =
  | { kind: "string"; format?: "date-time" | "date" | "byte"; enum?: string[]; known?: string[] }
  | { kind: "number" }
  | { kind: "boolean" }
  | { kind: "null" }
  | { kind: "any" }
  | { kind: "array"; items: WireType }
  | { kind: "ref"; model: string }
  | { kind: "union"; anyOf: WireType[] }
  | ObjectSchema;

export interface ObjectSchema {
  kind: "object";
  /** SDK model name; flattened wrappers are named `Model.properties`. */
  model?: string;
  properties: Record<string, PropertySchema>;
  /** Type of any further keys (`Record<string, T>`); absent = no other keys allowed. */
  additional?: WireType;
}

export type PropertySchema = WireType & PropertyMeta;

export interface SchemaGap {
  model: string;
  what: string;
}

export interface SdkRoute {
  source: "containerservice" | "resources" | "network" | "privatedns" | "msi" | "local";
  method: string;
  /** Path template, e.g. `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/...`. */
  template: string;
  segments: string[];
  /** Response model per 2xx status; `null` = the SDK expects no body. */
  statuses: Map<number, string | null>;
}

// ---------------------------------------------------------------------------------------------------
// Locating the packages

const requireHere = createRequire(import.meta.url);
/**
 * The TypeScript compiler API, loaded with require: importing the 9 MB CommonJS file as ESM costs a
 * further ~0.3 s (Node scans it for named exports).
 */
const ts = requireHere("typescript") as typeof TS;

function packageRoot(name: string): string {
  const entry = requireHere.resolve(name);
  let dir = path.dirname(entry);
  for (;;) {
    const pj = path.join(dir, "package.json");
    if (existsSync(pj)) {
      try {
        const parsed = JSON.parse(readFileSync(pj, "utf8")) as { name?: string };
        if (parsed.name === name) return dir;
      } catch {
        /* keep walking */
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the package root of ${name} from ${entry}`);
    dir = up;
  }
}

// ---------------------------------------------------------------------------------------------------
// Small TS-AST helpers

function propName(n: TS.PropertyName | undefined): string | undefined {
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isPrivateIdentifier(n)) {
    return n.text;
  }
  return undefined;
}

/** First `item["x"]` (or `item.x`) inside `node`, depth first. */
function firstItemAccess(node: TS.Node, itemName = "item"): string | undefined {
  let found: string | undefined;
  const visit = (n: TS.Node): void => {
    if (found !== undefined) return;
    if (ts.isElementAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === itemName && ts.isStringLiteralLike(n.argumentExpression)) {
      found = n.argumentExpression.text;
      return;
    }
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === itemName) {
      found = n.name.text;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** Names of the functions called inside `node` whose name matches `re`. */
function calledFunctions(node: TS.Node, re: RegExp): string[] {
  const out: string[] = [];
  const visit = (n: TS.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && re.test(n.expression.text)) {
      out.push(n.expression.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

function returnedObjectLiteral(fn: TS.FunctionDeclaration): TS.ObjectLiteralExpression | undefined {
  if (!fn.body) return undefined;
  for (const st of fn.body.statements) {
    if (ts.isReturnStatement(st) && st.expression) {
      let e: TS.Expression = st.expression;
      while (ts.isParenthesizedExpression(e)) e = e.expression;
      if (ts.isObjectLiteralExpression(e)) return e;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// The modular SDK (@azure/arm-containerservice)

interface MemberDecl {
  name: string;
  optional: boolean;
  readonly: boolean;
  type: TS.TypeNode | undefined;
}
interface InterfaceDecl {
  name: string;
  heritage: string[];
  members: MemberDecl[];
}
/** prop <-> wire mapping of one serializer/deserializer function. */
interface FnShape {
  fields: Array<{ prop: string; wire: string }>;
  /** Flattened wrappers: the wire object `wire` holds the fields of function `fn`. */
  nested: Array<{ wire: string; fn: string }>;
}

interface ModularSdk {
  interfaces: Map<string, InterfaceDecl>;
  aliases: Map<string, TS.TypeNode>;
  enums: Map<string, string[]>;
  /** model name -> deserializer function names (non-underscore first). */
  deserializerOf: Map<string, string[]>;
  serializerOf: Map<string, string[]>;
  /** function name -> model name it returns (deserializers). */
  modelOfDeserializer: Map<string, string>;
  fnShapes: Map<string, FnShape>;
  /** `Model.prop` of the `Date` properties the SDK sends as a date alone (`format: date`: `toISOString().split("T")[0]`). */
  dateOnly: Set<string>;
  routes: SdkRoute[];
  dir: string;
}

function parseModularSdk(): ModularSdk {
  const root = packageRoot("@azure/arm-containerservice");
  const dir = path.join(root, "dist", "esm");
  const dtsPath = path.join(dir, "models", "models.d.ts");
  const jsPath = path.join(dir, "models", "models.js");

  const interfaces = new Map<string, InterfaceDecl>();
  const aliases = new Map<string, TS.TypeNode>();
  const enums = new Map<string, string[]>();
  const deserializerOf = new Map<string, string[]>();
  const serializerOf = new Map<string, string[]>();
  const modelOfDeserializer = new Map<string, string>();

  const add = (m: Map<string, string[]>, k: string, v: string): void => {
    const list = m.get(k) ?? [];
    if (v.startsWith("_")) list.push(v);
    else list.unshift(v);
    m.set(k, list);
  };

  const dts = ts.createSourceFile(dtsPath, readFileSync(dtsPath, "utf8"), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  for (const st of dts.statements) {
    if (ts.isInterfaceDeclaration(st)) {
      const heritage: string[] = [];
      for (const h of st.heritageClauses ?? []) {
        for (const t of h.types) if (ts.isIdentifier(t.expression)) heritage.push(t.expression.text);
      }
      const members: MemberDecl[] = [];
      for (const m of st.members) {
        if (!ts.isPropertySignature(m)) continue;
        const name = propName(m.name);
        if (name === undefined) continue;
        members.push({
          name,
          optional: m.questionToken !== undefined,
          readonly: (m.modifiers ?? []).some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword),
          type: m.type,
        });
      }
      interfaces.set(st.name.text, { name: st.name.text, heritage, members });
    } else if (ts.isTypeAliasDeclaration(st)) {
      aliases.set(st.name.text, st.type);
    } else if (ts.isEnumDeclaration(st)) {
      const values: string[] = [];
      for (const m of st.members) {
        if (m.initializer && ts.isStringLiteralLike(m.initializer)) values.push(m.initializer.text);
      }
      enums.set(st.name.text, values);
    } else if (ts.isFunctionDeclaration(st) && st.name) {
      const fn = st.name.text;
      if (/Deserializer$/.test(fn) && st.type && ts.isTypeReferenceNode(st.type) && ts.isIdentifier(st.type.typeName)) {
        const model = st.type.typeName.text;
        modelOfDeserializer.set(fn, model);
        add(deserializerOf, model, fn);
      } else if (/Serializer$/.test(fn)) {
        const p = st.parameters[0];
        if (p?.type && ts.isTypeReferenceNode(p.type) && ts.isIdentifier(p.type.typeName)) {
          add(serializerOf, p.type.typeName.text, fn);
        }
      }
    }
  }
  // Declarations can come after their use; drop deserializer links to non-interfaces now.
  for (const [fn, model] of modelOfDeserializer) {
    if (!interfaces.has(model)) {
      modelOfDeserializer.delete(fn);
      deserializerOf.delete(model);
    }
  }

  const fnShapes = new Map<string, FnShape>();
  const js = ts.createSourceFile(jsPath, readFileSync(jsPath, "utf8"), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  for (const st of js.statements) {
    if (!ts.isFunctionDeclaration(st) || !st.name) continue;
    const fn = st.name.text;
    const isDes = /Deserializer$/.test(fn);
    const isSer = /Serializer$/.test(fn);
    if (!isDes && !isSer) continue;
    const obj = returnedObjectLiteral(st);
    if (!obj) continue; // array/record helpers: `result.map(...)`
    const shape: FnShape = { fields: [], nested: [] };
    for (const p of obj.properties) {
      if (ts.isPropertyAssignment(p)) {
        const key = propName(p.name);
        if (key === undefined) continue;
        if (isDes) {
          const wire = firstItemAccess(p.initializer);
          if (wire !== undefined) shape.fields.push({ prop: key, wire });
        } else {
          // serializer: `wire: <expr of item["prop"]>` or `properties: ... _xPropertiesSerializer(item)`
          const helper = calledFunctions(p.initializer, /^_\w+Serializer$/).find((f) => f !== fn);
          const prop = firstItemAccess(p.initializer);
          if (prop !== undefined) shape.fields.push({ prop, wire: key });
          else if (helper !== undefined) shape.nested.push({ wire: key, fn: helper });
        }
      } else if (ts.isShorthandPropertyAssignment(p)) {
        shape.fields.push({ prop: p.name.text, wire: p.name.text });
      } else if (ts.isSpreadAssignment(p) && isDes) {
        const wire = firstItemAccess(p.expression);
        const helper = calledFunctions(p.expression, /Deserializer$/)[0];
        if (wire !== undefined && helper !== undefined) shape.nested.push({ wire, fn: helper });
      }
    }
    fnShapes.set(fn, shape);
  }

  const dateOnly = new Set<string>();
  const jsText = readFileSync(jsPath, "utf8");
  for (const [model, fns] of serializerOf) {
    for (const fn of fns) {
      const body = new RegExp(`export function ${fn}\\(item\\) \\{([\\s\\S]*?)\\n\\}`).exec(jsText)?.[1] ?? "";
      for (const m of body.matchAll(/item\["(\w+)"\]\.toISOString\(\)\.split\("T"\)\[0\]/g)) dateOnly.add(`${model}.${m[1]}`);
    }
  }

  return {
    interfaces,
    aliases,
    enums,
    deserializerOf,
    serializerOf,
    modelOfDeserializer,
    fnShapes,
    dateOnly,
    routes: parseModularRoutes(dir, modelOfDeserializer),
    dir,
  };
}

function parseModularRoutes(dir: string, modelOfDeserializer: Map<string, string>): SdkRoute[] {
  const apiDir = path.join(dir, "api");
  const routes: SdkRoute[] = [];
  if (!existsSync(apiDir)) return routes;
  for (const group of readdirSync(apiDir)) {
    const file = path.join(apiDir, group, "operations.js");
    if (!existsSync(file)) continue;
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
    const sends = new Map<string, { template: string; method: string }>();
    const deserializes = new Map<string, { statuses: number[]; model: string | null }>();
    for (const st of sf.statements) {
      if (!ts.isFunctionDeclaration(st) || !st.name || !st.body) continue;
      const fn = st.name.text;
      const send = /^_([\w$]+)Send$/.exec(fn);
      const deserialize = send ? null : /^_([\w$]+)Deserialize$/.exec(fn);
      if (send?.[1]) {
        let template: string | undefined;
        let method: string | undefined;
        const visit = (n: TS.Node): void => {
          if (ts.isCallExpression(n)) {
            const callee = n.expression;
            if (ts.isIdentifier(callee) && callee.text === "expandUrlTemplate") {
              const a = n.arguments[0];
              if (a && ts.isStringLiteralLike(a)) template = a.text;
            } else if (
              ts.isPropertyAccessExpression(callee) &&
              ts.isCallExpression(callee.expression) &&
              ts.isPropertyAccessExpression(callee.expression.expression) &&
              callee.expression.expression.name.text === "path"
            ) {
              method = callee.name.text.toUpperCase();
            }
          }
          ts.forEachChild(n, visit);
        };
        visit(st.body);
        if (template !== undefined && method !== undefined) sends.set(send[1], { template, method });
      } else if (deserialize?.[1]) {
        const statuses: number[] = [];
        let model: string | null = null;
        for (const s of st.body.statements) {
          if (ts.isVariableStatement(s)) {
            for (const d of s.declarationList.declarations) {
              if (ts.isIdentifier(d.name) && d.name.text === "expectedStatuses" && d.initializer && ts.isArrayLiteralExpression(d.initializer)) {
                for (const e of d.initializer.elements) if (ts.isStringLiteralLike(e)) statuses.push(Number(e.text));
              }
            }
          } else if (ts.isReturnStatement(s) && s.expression) {
            const called = calledFunctions(s.expression, /Deserializer$/)[0];
            if (called !== undefined) model = modelOfDeserializer.get(called) ?? null;
          }
        }
        deserializes.set(deserialize[1], { statuses, model });
      }
    }
    for (const [op, send] of sends) {
      const des = deserializes.get(op);
      if (!des) continue;
      const template = send.template.replace(/\{\?[^}]*\}$/, "");
      const statuses = new Map<number, string | null>();
      for (const s of des.statuses) statuses.set(s, s === 204 ? null : des.model);
      routes.push({ source: "containerservice", method: send.method, template, segments: splitPath(template), statuses });
    }
  }
  return routes;
}

// ---------------------------------------------------------------------------------------------------
// Classic AutoRest SDKs (@azure/arm-resources, @azure/arm-network)

type ClassicNs = "resources" | "network" | "privatedns" | "msi";
const CLASSIC_PACKAGES: Record<ClassicNs, string> = {
  resources: "@azure/arm-resources",
  network: "@azure/arm-network",
  privatedns: "@azure/arm-privatedns",
  msi: "@azure/arm-msi",
};
const CLASSIC_NAMESPACES: readonly string[] = Object.keys(CLASSIC_PACKAGES);

/**
 * Where a classic SDK keeps its mappers and operation specs. @azure/arm-privatedns 3.2.0 has the older
 * layout: a CommonJS bundle that does not export its mappers, and ES modules under dist-esm/src.
 */
function classicLayout(root: string): { mappers: string; esmMappers: boolean; opsDir: string } {
  const cjs = path.join(root, "dist", "commonjs", "models", "mappers.js");
  if (existsSync(cjs)) return { mappers: cjs, esmMappers: false, opsDir: path.join(root, "dist", "esm", "operations") };
  return { mappers: path.join(root, "dist-esm", "src", "models", "mappers.js"), esmMappers: true, opsDir: path.join(root, "dist-esm", "src", "operations") };
}

/**
 * Loads an ES-module mappers file synchronously: it only declares `export const X = {...}` objects
 * (which may spread each other), so each declaration becomes `const X = exports.X = {...}`.
 */
function loadEsmMappers(file: string): Record<string, ClassicMapper> {
  const text = readFileSync(file, "utf8").replace(/^export const (\w+) = /gm, "const $1 = exports.$1 = ");
  const exportsObj: Record<string, ClassicMapper> = {};
  new Function("exports", text)(exportsObj);
  return exportsObj;
}

interface ClassicMapperType {
  name?: string;
  className?: string;
  modelProperties?: Record<string, ClassicMapper>;
  element?: ClassicMapper;
  value?: ClassicMapper;
  allowedValues?: unknown[];
  additionalProperties?: ClassicMapper;
  polymorphicDiscriminator?: unknown;
  uberParent?: string;
}
interface ClassicMapper {
  serializedName?: string;
  readOnly?: boolean;
  required?: boolean;
  type?: ClassicMapperType;
}
interface ClassicSdk {
  mappers: Record<string, ClassicMapper>;
  routes: SdkRoute[];
}

function loadClassicSdk(ns: ClassicNs): ClassicSdk {
  const root = packageRoot(CLASSIC_PACKAGES[ns]);
  const layout = classicLayout(root);
  const mappers = layout.esmMappers ? loadEsmMappers(layout.mappers) : (requireHere(layout.mappers) as Record<string, ClassicMapper>);
  const routes: SdkRoute[] = [];
  const opsDir = layout.opsDir;
  for (const f of existsSync(opsDir) ? readdirSync(opsDir) : []) {
    if (!f.endsWith(".js")) continue;
    const file = path.join(opsDir, f);
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
    for (const st of sf.statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) {
        if (!d.initializer || !ts.isObjectLiteralExpression(d.initializer)) continue;
        let template: string | undefined;
        let method: string | undefined;
        let responses: TS.ObjectLiteralExpression | undefined;
        for (const p of d.initializer.properties) {
          if (!ts.isPropertyAssignment(p)) continue;
          const k = propName(p.name);
          if (k === "path" && ts.isStringLiteralLike(p.initializer)) template = p.initializer.text;
          else if (k === "httpMethod" && ts.isStringLiteralLike(p.initializer)) method = p.initializer.text;
          else if (k === "responses" && ts.isObjectLiteralExpression(p.initializer)) responses = p.initializer;
        }
        if (template === undefined || method === undefined || !responses) continue;
        const statuses = new Map<number, string | null>();
        for (const r of responses.properties) {
          if (!ts.isPropertyAssignment(r)) continue;
          const code = Number(propName(r.name));
          if (!Number.isInteger(code)) continue; // "default" (CloudError)
          let model: string | null = null;
          if (ts.isObjectLiteralExpression(r.initializer)) {
            for (const q of r.initializer.properties) {
              if (ts.isPropertyAssignment(q) && propName(q.name) === "bodyMapper" && ts.isPropertyAccessExpression(q.initializer)) {
                model = `${ns}:${q.initializer.name.text}`;
              }
            }
          }
          statuses.set(code, model);
        }
        routes.push({ source: ns, method: method.toUpperCase(), template, segments: splitPath(template), statuses });
      }
    }
  }
  return { mappers, routes };
}

function splitSerializedName(s: string): string[] {
  // `properties.provisioningState`; a literal dot is written `\\.`
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\" && s[i + 1] === ".") {
      cur += ".";
      i++;
    } else if (c === ".") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function classicType(ns: ClassicNs, m: ClassicMapper | undefined, owner: string, gaps: SchemaGap[]): WireType {
  const t = m?.type;
  switch (t?.name) {
    case "String":
    case "Uuid":
      return { kind: "string" };
    case "Number":
    case "UnixTime":
      return { kind: "number" };
    case "Boolean":
      return { kind: "boolean" };
    case "DateTime":
    case "Date":
      return { kind: "string", format: "date-time" };
    case "DateTimeRfc1123":
      return { kind: "string" };
    case "ByteArray":
    case "Base64Url":
      return { kind: "string", format: "byte" };
    case "Enum":
      return { kind: "string", enum: (t.allowedValues ?? []).map(String) };
    case "Sequence":
      return { kind: "array", items: classicType(ns, t.element, owner, gaps) };
    case "Dictionary":
      return { kind: "object", properties: {}, additional: classicType(ns, t.value, owner, gaps) };
    case "Composite":
      if (t.className) return { kind: "ref", model: `${ns}:${t.className}` };
      return { kind: "any" };
    case "Object":
    case "any":
      return { kind: "any" };
    default:
      gaps.push({ model: owner, what: `unsupported classic mapper type ${String(t?.name)}` });
      return { kind: "any" };
  }
}

function buildClassicModel(ns: ClassicNs, sdk: ClassicSdk, className: string, gaps: SchemaGap[]): ObjectSchema | undefined {
  const mapper = sdk.mappers[className];
  const t = mapper?.type;
  if (t?.name !== "Composite") return undefined;
  const name = `${ns}:${className}`;
  const root: ObjectSchema = { kind: "object", model: name, properties: {} };
  for (const [prop, pm] of Object.entries(t.modelProperties ?? {})) {
    const wirePath = pm.serializedName ? splitSerializedName(pm.serializedName) : [prop];
    place(root, name, wirePath, { ...classicType(ns, pm, name, gaps), ...meta(pm.readOnly === true, pm.required === true, prop, wirePath) });
  }
  if (t.additionalProperties) root.additional = classicType(ns, t.additionalProperties, name, gaps);
  if (t.polymorphicDiscriminator !== undefined || t.uberParent !== undefined) {
    // Sub-types add their own properties; this checker does not resolve the discriminator.
    root.additional ??= { kind: "any" };
    gaps.push({ model: name, what: "polymorphic: sub-type properties are accepted unchecked" });
  }
  return root;
}

// ---------------------------------------------------------------------------------------------------
// Local models (not in any SDK)

const LOCAL_MODELS: Record<string, () => ObjectSchema> = {
  /**
   * The Azure-AsyncOperation status body. The AKS SDK has no model for it (its poller reads it
   * untyped). Shape from ARM common-types v5 `OperationStatusResult` (types.json), which real AKS
   * follows: `{name, status, startTime, endTime?, error?}` (docs/sources.md "Operation status body", "Preempted operation").
   */
  OperationStatusResult: () => ({
    kind: "object",
    model: "OperationStatusResult",
    properties: {
      id: { kind: "string", readOnly: true },
      resourceId: { kind: "string", readOnly: true },
      name: { kind: "string" },
      status: { kind: "string", required: true, known: ["InProgress", "Succeeded", "Failed", "Canceled"] },
      percentComplete: { kind: "number" },
      startTime: { kind: "string", format: "date-time" },
      endTime: { kind: "string", format: "date-time" },
      operations: { kind: "array", items: { kind: "ref", model: "OperationStatusResult" } },
      error: { kind: "ref", model: "ErrorDetail" },
    },
  }),
};

/** Extra routes the SDK does not describe (it polls these by URL). */
const LOCAL_ROUTES: SdkRoute[] = [
  {
    source: "local",
    method: "GET",
    template: "/subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/locations/{location}/operations/{operationId}",
    segments: [],
    statuses: new Map([[200, "OperationStatusResult"]]),
  },
  {
    // Location-header polling: 202 without body while running; the final body depends on the operation.
    source: "local",
    method: "GET",
    template: "/subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/locations/{location}/operationresults/{operationId}",
    segments: [],
    statuses: new Map<number, string | null>([
      [200, null],
      [202, null],
      [204, null],
    ]),
  },
];
/**
 * The network-side operation URLs: Microsoft.Network's `locations/{l}/operations/{id}` and private
 * DNS's `privateDnsOperationStatuses/{id}` answer `{"status": ...}` (live az recordings); their
 * result URLs answer 202/204 without a body, or the resource.
 */
LOCAL_ROUTES.push(
  {
    source: "local",
    method: "GET",
    template: "/subscriptions/{subscriptionId}/providers/Microsoft.Network/locations/{location}/operations/{operationId}",
    segments: [],
    statuses: new Map([[200, "OperationStatusResult"]]),
  },
  {
    source: "local",
    method: "GET",
    template: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/privateDnsOperationStatuses/{operationId}",
    segments: [],
    statuses: new Map([[200, "OperationStatusResult"]]),
  },
  {
    source: "local",
    method: "GET",
    template: "/subscriptions/{subscriptionId}/providers/Microsoft.Network/locations/{location}/operationResults/{operationId}",
    segments: [],
    statuses: new Map<number, string | null>([
      [200, null],
      [202, null],
      [204, null],
    ]),
  },
  {
    source: "local",
    method: "GET",
    template: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/privateDnsOperationResults/{operationId}",
    segments: [],
    statuses: new Map<number, string | null>([
      [200, null],
      [202, null],
      [204, null],
    ]),
  },
);
for (const r of LOCAL_ROUTES) r.segments = splitPath(r.template);

// ---------------------------------------------------------------------------------------------------
// Building object schemas

function meta(readOnly: boolean, required: boolean, sdkName: string, wirePath: string[]): PropertyMeta {
  const m: PropertyMeta = {};
  if (readOnly) m.readOnly = true;
  if (required) m.required = true;
  if (wirePath[wirePath.length - 1] !== sdkName) m.sdkName = sdkName;
  return m;
}

/** Put `prop` at `wirePath` under `root`, creating the flattened wrapper objects on the way. */
function place(root: ObjectSchema, modelName: string, wirePath: string[], prop: PropertySchema): void {
  let container = root;
  for (let i = 0; i < wirePath.length - 1; i++) {
    const seg = wirePath[i] as string;
    let next = container.properties[seg];
    if (next?.kind !== "object") {
      next = { kind: "object", model: `${modelName}.${wirePath.slice(0, i + 1).join(".")}`, properties: {} };
      container.properties[seg] = next;
    }
    container = next;
  }
  const last = wirePath[wirePath.length - 1] as string;
  container.properties[last] = prop;
}

class SchemaRegistry {
  readonly gaps: SchemaGap[] = [];
  readonly buildMs: number;
  private readonly sdk: ModularSdk;
  private readonly cache = new Map<string, ObjectSchema | null>();
  private readonly classic = new Map<ClassicNs, ClassicSdk>();

  constructor() {
    const t0 = performance.now();
    this.sdk = parseModularSdk();
    this.buildMs = performance.now() - t0;
  }

  get sdkDir(): string {
    return this.sdk.dir;
  }

  modelNames(): string[] {
    return [...this.sdk.interfaces.keys(), ...Object.keys(LOCAL_MODELS)];
  }

  classicSdk(ns: ClassicNs): ClassicSdk {
    let c = this.classic.get(ns);
    if (!c) {
      c = loadClassicSdk(ns);
      this.classic.set(ns, c);
    }
    return c;
  }

  routes(opts: { classic?: ClassicNs[] } = {}): SdkRoute[] {
    const out = [...this.sdk.routes, ...LOCAL_ROUTES];
    for (const ns of opts.classic ?? []) out.push(...this.classicSdk(ns).routes);
    return out;
  }

  /** The wire schema of a model, or undefined if there is no such model. */
  model(name: string): ObjectSchema | undefined {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached ?? undefined;
    let built: ObjectSchema | undefined;
    const colon = name.indexOf(":");
    if (colon > 0) {
      const ns = name.slice(0, colon);
      if (CLASSIC_NAMESPACES.includes(ns)) built = buildClassicModel(ns as ClassicNs, this.classicSdk(ns as ClassicNs), name.slice(colon + 1), this.gaps);
    } else if (LOCAL_MODELS[name]) {
      built = LOCAL_MODELS[name]();
    } else if (this.sdk.interfaces.has(name)) {
      built = this.buildInterface(name);
    } else if (this.sdk.interfaces.has(`_${name}`)) {
      // `ManagedClusterListResult` is `_ManagedClusterListResult` in this SDK (internal page model).
      built = this.model(`_${name}`);
    }
    this.cache.set(name, built ?? null);
    return built;
  }

  private allMembers(name: string, seen = new Set<string>()): MemberDecl[] {
    const decl = this.sdk.interfaces.get(name);
    if (!decl || seen.has(name)) return [];
    seen.add(name);
    const byName = new Map<string, MemberDecl>();
    for (const h of decl.heritage) for (const m of this.allMembers(h, seen)) byName.set(m.name, m);
    for (const m of decl.members) byName.set(m.name, m);
    return [...byName.values()];
  }

  /** model prop -> wire path, from the model's deserializer (else serializer). */
  private wireMap(model: string): Map<string, string[]> | undefined {
    const fromFns = (fns: string[] | undefined): Map<string, string[]> | undefined => {
      for (const fn of fns ?? []) {
        const out = new Map<string, string[]>();
        const walk = (f: string, prefix: string[], depth: number): void => {
          const shape = this.sdk.fnShapes.get(f);
          if (!shape || depth > 5) return;
          for (const { prop, wire } of shape.fields) if (!out.has(prop)) out.set(prop, [...prefix, wire]);
          for (const n of shape.nested) walk(n.fn, [...prefix, n.wire], depth + 1);
        };
        walk(fn, [], 0);
        if (out.size > 0) return out;
      }
      return undefined;
    };
    return fromFns(this.sdk.deserializerOf.get(model)) ?? fromFns(this.sdk.serializerOf.get(model));
  }

  private buildInterface(name: string): ObjectSchema {
    const root: ObjectSchema = { kind: "object", model: name, properties: {} };
    const members = this.allMembers(name);
    const map = this.wireMap(name);
    if (!map && members.length > 0) this.gaps.push({ model: name, what: "no (de)serializer: wire names assumed equal to SDK names" });
    for (const m of members) {
      let wirePath = map?.get(m.name);
      if (!wirePath) {
        if (map) this.gaps.push({ model: name, what: `property ${m.name} not in its (de)serializer: wire name assumed equal` });
        wirePath = [m.name];
      }
      let type = m.type ? this.convert(m.type, name) : ({ kind: "any" } as WireType);
      if (type.kind === "string" && type.format === "date-time" && this.sdk.dateOnly.has(`${name}.${m.name}`)) type = { kind: "string", format: "date" };
      place(root, name, wirePath, { ...type, ...meta(m.readonly, !m.optional, m.name, wirePath) });
    }
    return root;
  }

  private convert(node: TS.TypeNode, owner: string, aliasDepth = 0): WireType {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { kind: "string" };
      case ts.SyntaxKind.NumberKeyword:
      case ts.SyntaxKind.BigIntKeyword:
        return { kind: "number" };
      case ts.SyntaxKind.BooleanKeyword:
        return { kind: "boolean" };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
      case ts.SyntaxKind.ObjectKeyword:
        return { kind: "any" };
      case ts.SyntaxKind.NullKeyword:
        return { kind: "null" };
    }
    if (ts.isParenthesizedTypeNode(node)) return this.convert(node.type, owner, aliasDepth);
    if (ts.isLiteralTypeNode(node)) {
      const l = node.literal;
      if (ts.isStringLiteral(l)) return { kind: "string", enum: [l.text] };
      if (ts.isNumericLiteral(l)) return { kind: "number" };
      if (l.kind === ts.SyntaxKind.TrueKeyword || l.kind === ts.SyntaxKind.FalseKeyword) return { kind: "boolean" };
      if (l.kind === ts.SyntaxKind.NullKeyword) return { kind: "null" };
    }
    if (ts.isArrayTypeNode(node)) return { kind: "array", items: this.convert(node.elementType, owner, aliasDepth) };
    if (ts.isUnionTypeNode(node)) {
      const parts = node.types.map((t) => this.convert(t, owner, aliasDepth));
      if (parts.every((p) => p.kind === "string" && p.enum && !p.format)) {
        return { kind: "string", enum: parts.flatMap((p) => (p.kind === "string" ? (p.enum ?? []) : [])) };
      }
      return parts.length === 1 ? (parts[0] as WireType) : { kind: "union", anyOf: parts };
    }
    if (ts.isTypeLiteralNode(node)) {
      const obj: ObjectSchema = { kind: "object", properties: {} };
      for (const m of node.members) {
        if (ts.isPropertySignature(m)) {
          const n = propName(m.name);
          if (n === undefined) continue;
          const t = m.type ? this.convert(m.type, owner, aliasDepth) : ({ kind: "any" } as WireType);
          obj.properties[n] = { ...t, ...(m.questionToken ? {} : { required: true }) };
        } else if (ts.isIndexSignatureDeclaration(m)) {
          obj.additional = this.convert(m.type, owner, aliasDepth);
        }
      }
      return obj;
    }
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const n = node.typeName.text;
      const args = node.typeArguments ?? [];
      if (n === "Date") return { kind: "string", format: "date-time" };
      if (n === "Uint8Array") return { kind: "string", format: "byte" };
      if ((n === "Array" || n === "ReadonlyArray") && args[0]) return { kind: "array", items: this.convert(args[0], owner, aliasDepth) };
      if (n === "Record" && args[1]) return { kind: "object", properties: {}, additional: this.convert(args[1], owner, aliasDepth) };
      if (this.sdk.interfaces.has(n)) return { kind: "ref", model: n };
      const alias = this.sdk.aliases.get(n);
      if (alias && aliasDepth < 10) {
        const t = this.convert(alias, owner, aliasDepth + 1);
        const known = this.sdk.enums.get(`Known${n}`);
        if (t.kind === "string" && known && !t.enum) return { ...t, known };
        return t;
      }
    }
    this.gaps.push({ model: owner, what: `unsupported type ${ts.SyntaxKind[node.kind]}: accepted unchecked` });
    return { kind: "any" };
  }
}

let registry: SchemaRegistry | undefined;
function reg(): SchemaRegistry {
  registry ??= new SchemaRegistry();
  return registry;
}

// ---------------------------------------------------------------------------------------------------
// Public API

/**
 * The wire schema of an SDK model: `ManagedCluster`, `_ManagedClusterListResult` (alias
 * `ManagedClusterListResult`), `resources:ResourceGroup`, `network:PrivateEndpoint`, the local
 * `OperationStatusResult`... Nested models are `{kind:"ref", model}`; resolve them with this function
 * (or `resolveType`). Returns undefined for an unknown name.
 */
export function getModelSchema(name: string): ObjectSchema | undefined {
  return reg().model(name);
}

/** Follows `ref`s to the model's object schema. */
export function resolveType(t: WireType): WireType {
  if (t.kind !== "ref") return t;
  const m = reg().model(t.model);
  if (!m) throw new Error(`sdk-schema: unknown model ${t.model}`);
  return m;
}

/** Every model name of the AKS SDK (plus the local ones); classic ones are `resources:X` / `network:X`. */
export function listModels(): string[] {
  return reg().modelNames();
}

/** Routes of the AKS SDK and local extras, plus those of the classic SDKs named. */
export function sdkRoutes(opts: { classic?: ClassicNs[] } = {}): SdkRoute[] {
  return reg().routes(opts);
}

/** Diagnostics: how long the AKS part took to parse, and what could not be mapped so far. */
export function schemaStats(): { buildMs: number; models: number; routes: number; gaps: SchemaGap[]; sdkDir: string } {
  const r = reg();
  return { buildMs: r.buildMs, models: r.modelNames().length, routes: r.routes().length, gaps: [...r.gaps], sdkDir: r.sdkDir };
}

/** Builds every AKS model eagerly (tests use this to surface gaps); returns the gaps. */
export function buildAllModels(): SchemaGap[] {
  const r = reg();
  for (const n of r.modelNames()) r.model(n);
  return [...r.gaps];
}

export function splitPath(p: string): string[] {
  return p.split("/").filter((s) => s.length > 0);
}
