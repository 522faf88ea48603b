import { ArmError } from "../arm/errors.js";
import { METHODS } from "../arm/router.js";
import { schemaCheck } from "./schema-check.js";

/** A fault as `POST /_emulator/faults` takes it (docs/testing-controls.md). */
export interface FaultSpec {
  /** Default `{}`: every ARM request. */
  match?: FaultMatch;
  effect: FaultEffect;
  /** How many times it fires before it is removed; without it, until cleared. */
  count?: number;
}

export interface FaultMatch {
  /** HTTP method, case-insensitive. */
  method?: string;
  /** Request path without the query, case-insensitive; `*` matches within one segment, `**` across segments. */
  path?: string;
  /** Type of the route that serves the request, e.g. `Microsoft.ContainerService/managedClusters`. */
  resourceType?: string;
}

/** The request is answered with this ARM error and not handled (429 and 503 carry `Retry-After`). */
export interface ErrorEffect {
  status: number;
  code: string;
  message?: string;
  retryAfterSeconds?: number;
}
/** The request is handled; the long-running operation it starts ends `Failed` with this error. */
export interface OperationFailsEffect {
  operationFails: { code: string; message?: string };
}
/** The request is handled; the operation it starts stays `InProgress` until released. */
export interface HangsEffect {
  hangs: true;
}
/** The request waits this long (0..600000 ms), then is handled normally. */
export interface DelayEffect {
  delayMs: number;
}
export type FaultEffect = ErrorEffect | OperationFailsEffect | HangsEffect | DelayEffect;

/** A stored fault: the spec, its id, and how often it fired. */
export interface Fault {
  id: string;
  match: FaultMatch;
  effect: FaultEffect;
  count?: number;
  remaining?: number;
  /** Times it fired so far. */
  fired: number;
  createdAt: string;
  /**
   * Its place in the order faults are tried (1: first), in answers only: when several faults match one
   * request, the one added first fires (the others do not; a fault that cannot act on the request, e.g.
   * `hangs` on a GET, is passed over).
   */
  order?: number;
}

const text = (max: number) => ({ type: "string", minLength: 1, maxLength: max });

const specSchema = {
  type: "object",
  additionalProperties: false,
  required: ["effect"],
  properties: {
    match: {
      type: "object",
      additionalProperties: false,
      properties: {
        method: { type: "string", pattern: "^[A-Za-z]{1,10}$" },
        path: { ...text(4096), pattern: "^/" },
        resourceType: { ...text(512), pattern: "^[A-Za-z0-9.]+(/[A-Za-z0-9]+)+$" },
      },
    },
    effect: { type: "object" },
    count: { type: "integer", minimum: 1, maximum: 1_000_000 },
  },
};

const effectSchemas: Record<string, object> = {
  status: {
    type: "object",
    additionalProperties: false,
    required: ["status", "code"],
    properties: {
      status: { type: "integer", minimum: 400, maximum: 599 },
      code: text(256),
      message: { type: "string", maxLength: 4096 },
      retryAfterSeconds: { type: "integer", minimum: 0, maximum: 3600 },
    },
  },
  operationFails: {
    type: "object",
    additionalProperties: false,
    required: ["operationFails"],
    properties: {
      operationFails: {
        type: "object",
        additionalProperties: false,
        required: ["code"],
        properties: { code: text(256), message: { type: "string", maxLength: 4096 } },
      },
    },
  },
  hangs: {
    type: "object",
    additionalProperties: false,
    required: ["hangs"],
    properties: { hangs: { const: true } },
  },
  delayMs: {
    type: "object",
    additionalProperties: false,
    required: ["delayMs"],
    properties: { delayMs: { type: "integer", minimum: 0, maximum: 600_000 } },
  },
};

const checkSpec = schemaCheck<FaultSpec>(specSchema, "InvalidRequestContent", "The fault is invalid");
const checkEffect = Object.fromEntries(
  Object.entries(effectSchemas).map(([k, schema]) => [k, schemaCheck<FaultEffect>({ ...schema }, "InvalidRequestContent", "The fault is invalid")]),
);

/** Validates a fault spec; throws an ARM 400 naming the offending property. */
export function parseFaultSpec(body: unknown): Required<Pick<FaultSpec, "match" | "effect">> & { count?: number } {
  const spec = checkSpec(body);
  const kinds = Object.keys(effectSchemas).filter((k) => Object.hasOwn(spec.effect, k));
  if (kinds.length !== 1) {
    throw new ArmError(
      400,
      "InvalidRequestContent",
      "The fault is invalid: the property 'effect' must hold exactly one of 'status' (with 'code'), 'operationFails', 'hangs' or 'delayMs'.",
      { target: "effect" },
    );
  }
  try {
    checkEffect[kinds[0]!]!(spec.effect);
  } catch (e) {
    if (e instanceof ArmError && e.target !== undefined) {
      throw new ArmError(400, e.code, e.message.replace(`'${e.target}'`, `'effect.${e.target}'`), { target: `effect.${e.target}` });
    }
    throw e;
  }
  const match = { ...(spec.match ?? {}) };
  if (match.method !== undefined) {
    const upper = match.method.toUpperCase();
    if (!(METHODS as readonly string[]).includes(upper)) {
      throw new ArmError(400, "InvalidRequestContent", `The fault is invalid: the property 'match.method' must be one of ${METHODS.join(", ")}.`, {
        target: "match.method",
      });
    }
    match.method = upper;
  }
  return { match, effect: spec.effect, ...(spec.count !== undefined ? { count: spec.count } : {}) };
}

/** What the fault matcher knows of a request. */
export interface RequestFacts {
  method: string;
  path: string;
  /** `Namespace/type[/child...]` of the route that serves it. */
  resourceType: string;
}

const patterns = new Map<string, RegExp>();

/** `*` matches within one segment, `**` across segments; case-insensitive; a trailing `/` is ignored. */
function pathPattern(glob: string): RegExp {
  let re = patterns.get(glob);
  if (!re) {
    const trimmed = glob.length > 1 ? glob.replace(/\/+$/, "") : glob;
    const body = trimmed
      .split(/(\*\*|\*)/)
      .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    re = new RegExp(`^${body}/*$`, "i");
    if (patterns.size < 1000) patterns.set(glob, re);
  }
  return re;
}

export function faultMatches(match: FaultMatch, req: RequestFacts): boolean {
  if (match.method !== undefined && match.method !== req.method.toUpperCase()) return false;
  if (match.resourceType !== undefined && match.resourceType.toLowerCase() !== req.resourceType.toLowerCase()) return false;
  if (match.path !== undefined && !pathMatches(match.path, req.path)) return false;
  return true;
}

/** Whether `path` matches the pattern `glob` (a fault's `match.path` rules; the request log's `path` filter uses them too). */
export function pathMatches(glob: string, path: string): boolean {
  return pathPattern(glob).test(path);
}

export function isOperationEffect(effect: FaultEffect): effect is { operationFails: { code: string; message?: string } } | { hangs: true } {
  return "operationFails" in effect || "hangs" in effect;
}
