import { OFFICIAL_NAMESPACE, OFFICIAL_OPERATIONS, type OfficialOperation } from "./official-operations.js";

/**
 * The official operation a request names, for requests no served route takes: the envelope's
 * notRouted loads this module on its first unmatched request (never at start) and answers
 * "not emulated yet" instead of a 404 or 405 that would blame the client
 * (docs/fidelity.md "Official operation not emulated yet").
 *
 * Matching follows the router's rules (src/arm/router.ts): static segments compare without case
 * after percent-decoding, a `{param}` takes one whole segment (here: a non-empty one), one trailing
 * slash is ignored, an absolute-form target is matched on its path. When several templates match,
 * the one with more static segments wins (as a static route segment wins over a `:param`).
 */

export { OFFICIAL_NAMESPACE, type OfficialOperation };

interface Shape {
  op: OfficialOperation;
  /** Lower-cased static segments; null for a `{param}`. */
  segments: (string | null)[];
  statics: number;
}

let byLength: Map<number, Shape[]> | undefined;

function shapes(): Map<number, Shape[]> {
  if (byLength !== undefined) return byLength;
  byLength = new Map();
  for (const op of OFFICIAL_OPERATIONS) {
    const segments = op.path
      .slice(1)
      .split("/")
      .map((s) => (/^\{[^}]+\}$/.test(s) ? null : s.toLowerCase()));
    const shape: Shape = { op, segments, statics: segments.filter((s) => s !== null).length };
    const list = byLength.get(segments.length);
    if (list === undefined) byLength.set(segments.length, [shape]);
    else list.push(shape);
  }
  return byLength;
}

/** The request target's decoded path segments (after the leading `/`), or undefined when it cannot name an operation. */
function segmentsOf(target: string): string[] | undefined {
  let path = target;
  if (path.charCodeAt(0) !== 47) {
    const m = /^https?:\/\/[^/?#]+/i.exec(path);
    if (m === null) return undefined;
    path = path.slice(m[0].length) || "/";
  }
  for (const stop of ["?", "#"]) {
    const at = path.indexOf(stop);
    if (at !== -1) path = path.slice(0, at);
  }
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  const segments = path.slice(1).split("/");
  try {
    return segments.map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

/**
 * The official operation for `method` and `path`, if the definitions have one; HEAD looks for the
 * GET (ARM answers HEAD on whatever it can GET). The caller has already found no served route.
 */
export function officialOperationFor(method: string, path: string): OfficialOperation | undefined {
  const wanted = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
  const segments = segmentsOf(path);
  if (segments === undefined) return undefined;
  const lower = segments.map((s) => s.toLowerCase());
  let best: Shape | undefined;
  for (const shape of shapes().get(segments.length) ?? []) {
    if (shape.op.method !== wanted) continue;
    if (best !== undefined && shape.statics <= best.statics) continue;
    if (shape.segments.every((s, i) => (s === null ? segments[i]!.length > 0 : s === lower[i]))) best = shape;
  }
  return best?.op;
}
