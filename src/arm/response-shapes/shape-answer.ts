import { generatedFiles } from "../generated-files.js";

/**
 * Answers per api-version: an answer at version V carries only the properties V's definition names
 * for that answer's model (read-only ones included), and a PUT stores only what some version we have
 * names. The shapes are what scripts/generate-response-shapes.mjs derives from spec/definitions/ (one
 * file per namespace and api-version in ./generated/); a version's file is read when an answer first
 * names it, and a model's pruner is built once, on first use: nothing at start. A namespace without
 * shapes is answered as stored. docs/fidelity.md "Answers per api-version".
 */

/**
 * `1`: any value, kept as it is; a string: a model of the file; `p`/`m`/`r`: an object's properties, its
 * map and what it requires; `i`: an array's items; `t`/`f`: the JSON type and format. Without `p`,
 * `m` and `i` a leaf, kept as it is. scripts/generate-response-shapes.mjs says more.
 */
export type Shape = 1 | string | ShapeNode;
export interface ShapeNode {
  t?: string;
  f?: string;
  p?: Record<string, Shape>;
  m?: Shape;
  r?: string[];
  i?: Shape;
}

/** A shape without properties, map or items: its value is kept as it is. */
export const isLeaf = (s: Shape): boolean => s === 1 || (typeof s === "object" && s.p === undefined && s.m === undefined && s.i === undefined);

export interface ShapeFile {
  namespace: string;
  apiVersion: string;
  answers: Record<string, Shape>;
  /** The shape of the error answers. */
  error?: Shape;
  models: Record<string, Shape>;
}

type Obj = Record<string, unknown>;
/** A value with what its shape does not name left out; the value itself when nothing is (never changed in place). */
export type Pruner = (value: unknown) => unknown;

const generated = generatedFiles<ShapeFile>("dist/src/arm/response-shapes/generated");
const versions = generated.versions;
const file = generated.file;

/** The key of a route's answer, as the generator writes it: method and path, `{}` for each parameter, static segments lower-cased. */
function answerKey(method: string, routePath: string): string {
  return `${method} ${routePath
    .split("/")
    .map((s) => (s.startsWith(":") || /^\{[^}]+\}$/.test(s) ? "{}" : s.toLowerCase()))
    .join("/")}`;
}

/** One shape as a file gives it: models followed to what they name. */
interface Source {
  file: ShapeFile;
  shape: Shape;
  /** The model's name when the shape came from one (memo key; recursive models meet themselves again). */
  model?: string;
}

function resolved(file: ShapeFile, shape: Shape): Source {
  let model: string | undefined;
  let s = shape;
  while (typeof s === "string") {
    model = s;
    s = file.models[s] ?? 1;
  }
  return model === undefined ? { file, shape: s } : { file, shape: s, model };
}

const pruners = new Map<string, Pruner | null>();

/**
 * The pruner of the union of some shapes (one version's, or every version's for what a PUT may store);
 * null: the value is kept as it is. Models are memoized by name, so recursive ones end.
 */
function compile(sources: readonly Source[]): Pruner | null {
  if (sources.length === 0 || sources.some((s) => isLeaf(s.shape))) return null;
  const memo = sources.every((s) => s.model !== undefined) ? sources.map((s) => `${s.file.namespace}/${s.file.apiVersion}#${s.model!}`).join("|") : undefined;
  if (memo !== undefined) {
    const known = pruners.get(memo);
    if (known !== undefined) return known;
    // A recursive model meets itself: it calls the pruner being built, once it is.
    let built: Pruner | null | undefined;
    pruners.set(memo, (v) => (built ? built(v) : v));
    built = build(sources);
    pruners.set(memo, built);
    return built;
  }
  return build(sources);
}

/** A child's pruner, compiled when a value first reaches it (a model's first answer builds only what it meets); null: kept as it is. */
type Child = null | (() => Pruner | null);

function child(sources: readonly Source[]): Child {
  if (sources.length === 0 || sources.some((s) => isLeaf(s.shape))) return null;
  let compiled: Pruner | null | undefined;
  return () => {
    if (compiled === undefined) compiled = compile(sources);
    return compiled;
  };
}

function build(sources: readonly Source[]): Pruner | null {
  const shapes = sources.map((s) => s.shape as ShapeNode);
  if (shapes.every((s) => s.i !== undefined)) {
    const item = child(sources.map((s, n) => resolved(s.file, shapes[n]!.i!)));
    return item === null ? null : arrayPruner(item);
  }
  if (shapes.some((s) => s.i !== undefined)) return null;
  const props = new Map<string, Source[]>();
  const maps: Source[] = [];
  sources.forEach((s, n) => {
    const shape = shapes[n]!;
    for (const [name, prop] of Object.entries(shape.p ?? {})) {
      const list = props.get(name) ?? [];
      list.push(resolved(s.file, prop));
      props.set(name, list);
    }
    if (shape.m !== undefined) maps.push(resolved(s.file, shape.m));
  });
  const children = new Map<string, Child>();
  for (const [name, list] of props) children.set(name, child(list));
  // Where one version has a map, what another names is one of its entries too.
  return objectPruner(children, maps.length > 0 ? child(maps) : undefined);
}

function arrayPruner(item: () => Pruner | null): Pruner {
  return (value) => {
    if (!Array.isArray(value)) return value;
    const prune = item();
    if (prune === null) return value;
    let out: unknown[] | undefined;
    for (let n = 0; n < value.length; n++) {
      const next = prune(value[n]);
      if (next !== value[n]) {
        out ??= value.slice();
        out[n] = next;
      }
    }
    return out ?? value;
  };
}

/** An object keeps the properties `props` names (each pruned as its own), and with `map` any other (pruned as an entry); undefined: no map. */
function objectPruner(props: ReadonlyMap<string, Child>, map: Child | undefined): Pruner {
  return (value) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    const o = value as Obj;
    const keys = Object.keys(o);
    let out: Obj | undefined;
    for (let n = 0; n < keys.length; n++) {
      const k = keys[n]!;
      const entry = props.has(k) ? props.get(k) : map;
      if (entry === undefined) {
        out ??= copied(o, keys, n);
        continue;
      }
      const v = o[k];
      const prune = entry === null ? null : entry();
      const next = prune === null ? v : prune(v);
      if (out) out[k] = next;
      else if (next !== v) {
        out = copied(o, keys, n);
        out[k] = next;
      }
    }
    return out ?? o;
  };
}

/** The first `count` properties of `o`, in a new object. */
function copied(o: Obj, keys: readonly string[], count: number): Obj {
  const out: Obj = {};
  for (let n = 0; n < count; n++) out[keys[n]!] = o[keys[n]!];
  return out;
}

const answerPruners = new Map<string, Pruner | null>();

/**
 * The pruner of a route's answer at an api-version: that version's shape when we have it, else the
 * nearest newer version's that has the route (versions add properties far more than they remove
 * them), else none (a version newer than all we have: answered as stored). null: nothing to prune.
 */
export function answerPruner(namespace: string, method: string, routePath: string, apiVersion: string): Pruner | null {
  const slot = `${namespace}\n${method}\n${routePath}\n${apiVersion}`;
  let pruner = answerPruners.get(slot);
  if (pruner === undefined) {
    const key = answerKey(method, routePath);
    const version = versions(namespace).find((v) => v >= apiVersion && file(namespace, v).answers[key] !== undefined);
    pruner = version === undefined ? null : compile([resolved(file(namespace, version), file(namespace, version).answers[key]!)]);
    answerPruners.set(slot, pruner);
  }
  return pruner;
}

const storedPruners = new Map<string, Pruner | null>();

/**
 * The pruner of what a PUT may store of a route's resource: the properties any version we have names
 * for its answer (the resource as a GET answers it); a property no version names is not stored.
 * null: nothing to prune (no shapes for the namespace).
 */
export function storedPruner(namespace: string, routePath: string): Pruner | null {
  const slot = `${namespace}\n${routePath}`;
  let pruner = storedPruners.get(slot);
  if (pruner === undefined) {
    const key = answerKey("GET", routePath);
    const sources = versions(namespace).flatMap((v) => {
      const f = file(namespace, v);
      return f.answers[key] === undefined ? [] : [resolved(f, f.answers[key])];
    });
    pruner = sources.length === 0 ? null : compile(sources);
    storedPruners.set(slot, pruner);
  }
  return pruner;
}
