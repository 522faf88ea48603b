import { ArmError } from "./errors.js";
import type { Route } from "./router.js";
import type { Store } from "../store/store.js";

/**
 * Request limits (issue #8 item 2): each one a setting (EmulatorOptions, `start` flags,
 * docs/configuration.md "Limits") with a default that no real client comes near, and an ARM error when exceeded. See
 * docs/fidelity.md "Request limits" for the codes.
 */
export interface RequestLimits {
  /** Largest request body (413 RequestContentTooLarge). ARM's own limit is 4 MB. */
  maxBodyBytes: number;
  /** Largest request line plus headers (431 RequestHeaderFieldsTooLarge): Node's maxHeaderSize. */
  maxHeaderBytes: number;
  /** Deepest nesting of objects and arrays in a JSON body (400 InvalidRequestContent, target: where). */
  maxJsonDepth: number;
  /** Most elements of one JSON array in a body (400 InvalidRequestContent, target: the array). */
  maxArrayLength: number;
  /** Longest path segment, i.e. resource name (400 InvalidResourceName). */
  maxNameLength: number;
  /** Most resources of one type under one parent (409 ResourceQuotaExceeded): ARM's 800 per type per group. */
  maxResourcesPerParent: number;
  /** Time a client has to send a whole request, headers included (408 RequestTimeout). */
  requestTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<RequestLimits> = Object.freeze({
  maxBodyBytes: 4 * 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
  // Json.NET's (ARM's) default MaxDepth; the deepest AKS body is about 8 levels.
  maxJsonDepth: 64,
  // A virtual network may hold 3,000 subnets; nothing in these APIs lists more.
  maxArrayLength: 4096,
  // ARM's longest resource names (e.g. private DNS zones, 253 + prefix) fit; AKS's own rules are stricter.
  maxNameLength: 260,
  maxResourcesPerParent: 800,
  requestTimeoutMs: 60_000,
});

/** The `start` flag of each limit (docs/configuration.md "Limits"). */
export const LIMIT_FLAGS: readonly { key: keyof RequestLimits; flag: string; what: string }[] = [
  { key: "maxBodyBytes", flag: "--max-body-bytes", what: "largest request body, in bytes (413 RequestContentTooLarge)" },
  { key: "maxHeaderBytes", flag: "--max-header-bytes", what: "largest request line plus headers, in bytes (431 RequestHeaderFieldsTooLarge)" },
  { key: "maxJsonDepth", flag: "--max-json-depth", what: "deepest nesting of a JSON body (400 InvalidRequestContent)" },
  { key: "maxArrayLength", flag: "--max-array-length", what: "most elements of one JSON array in a body (400 InvalidRequestContent)" },
  { key: "maxNameLength", flag: "--max-name-length", what: "longest resource name (path segment), in characters (400 InvalidResourceName)" },
  {
    key: "maxResourcesPerParent",
    flag: "--max-resources-per-parent",
    what: "most resources of one type in one resource group or parent (409 ResourceQuotaExceeded)",
  },
  { key: "requestTimeoutMs", flag: "--request-timeout", what: "time a client has to send a whole request, in ms (408 RequestTimeout)" },
];

/** The limits from options, each missing one at its default; a value that is not a positive integer throws. */
export function resolveLimits(o: Partial<RequestLimits> = {}): RequestLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const k of Object.keys(DEFAULT_LIMITS) as (keyof RequestLimits)[]) {
    const v = o[k];
    if (v !== undefined) {
      if (!Number.isInteger(v) || v <= 0) throw new Error(`limit ${k} must be a positive integer, not ${String(v)}`);
      out[k] = v;
    }
  }
  return out;
}

/**
 * Checks a parsed JSON body's nesting depth and array lengths without recursion (a body nested
 * 100,000 deep must not overflow the stack here or anywhere after). The error's target is the path
 * of the first offending value, e.g. `properties.agentPoolProfiles[0]`.
 */
export function checkJsonShape(body: unknown, limits: Pick<RequestLimits, "maxJsonDepth" | "maxArrayLength">): void {
  if (body === null || typeof body !== "object") return;
  const stack: { v: object; depth: number; at: () => string }[] = [{ v: body, depth: 1, at: () => "" }];
  while (stack.length > 0) {
    const { v, depth, at } = stack.pop()!;
    if (depth > limits.maxJsonDepth) {
      const where = at();
      throw new ArmError(
        400,
        "InvalidRequestContent",
        `The request content was invalid and could not be deserialized: the JSON is nested deeper than ${limits.maxJsonDepth} levels at '${where || "(body)"}'.`,
        where ? { target: where } : {},
      );
    }
    if (Array.isArray(v)) {
      if (v.length > limits.maxArrayLength) {
        const where = at();
        throw new ArmError(
          400,
          "InvalidRequestContent",
          `The request content was invalid and could not be deserialized: the array '${where || "(body)"}' has ${v.length} elements; at most ${limits.maxArrayLength} are allowed.`,
          where ? { target: where } : {},
        );
      }
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (x !== null && typeof x === "object") stack.push({ v: x, depth: depth + 1, at: () => `${at()}[${i}]` });
      }
    } else {
      for (const [k, x] of Object.entries(v)) {
        if (x !== null && typeof x === "object") stack.push({ v: x as object, depth: depth + 1, at: () => join(at(), k) });
      }
    }
  }
}

function join(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}

/** Refuses a path with a segment (a resource name) longer than the limit, before any routing. */
export function checkNameLengths(path: string, limits: Pick<RequestLimits, "maxNameLength">): void {
  if (path.length <= limits.maxNameLength) return;
  for (const raw of path.split("/")) {
    if (raw.length <= limits.maxNameLength) continue;
    let segment = raw;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      /* counted as sent */
    }
    if (segment.length > limits.maxNameLength) {
      throw new ArmError(
        400,
        "InvalidResourceName",
        `The resource name '${segment.slice(0, 40)}...' has ${segment.length} characters; names may have at most ${limits.maxNameLength}.`,
        { target: "name" },
      );
    }
  }
}

/**
 * The type and parent of the resource a PUT on `path` would create, as the store keys them:
 * `/subscriptions/s/resourcegroups/g` is a resource group under the subscription;
 * `.../providers/NS/t1/n1/t2/n2` is of type `ns/t1/t2` under `.../providers/NS/t1/n1` (or under the
 * group for a top-level type). Undefined for anything else.
 */
export function resourceSlot(path: string): { type: string; parentKey: string; key: string } | undefined {
  const key = path.toLowerCase().replace(/\/+$/, "");
  const parts = key.split("/");
  // ["", "subscriptions", sub, "resourcegroups", rg, "providers", ns, t1, n1, ...]
  if (parts[1] !== "subscriptions" || parts[3] !== "resourcegroups" || !parts[2] || !parts[4]) return undefined;
  if (parts.length === 5) return { type: "microsoft.resources/resourcegroups", parentKey: parts.slice(0, 3).join("/"), key };
  if (parts[5] !== "providers" || parts.length < 9 || (parts.length - 7) % 2 !== 0) return undefined;
  const types: string[] = [];
  for (let i = 7; i < parts.length; i += 2) types.push(parts[i]!);
  const parentKey = types.length === 1 ? parts.slice(0, 5).join("/") : parts.slice(0, parts.length - 2).join("/");
  return { type: `${parts[6]}/${types.join("/")}`, parentKey, key };
}

/**
 * Refuses a PUT that would create one resource more than the limit allows under its parent.
 * An update of an existing resource always passes. docs/fidelity.md "More than 800 resources of a type in one parent".
 */
export function resourceCountGuard(
  store: Store,
  limits: Pick<RequestLimits, "maxResourcesPerParent">,
): (route: Route, path: string) => Promise<void> | undefined {
  return (route, path) => {
    if (route.method !== "PUT") return undefined;
    const slot = resourceSlot(path);
    if (!slot) return undefined;
    return admitInto(store, limits, route, slot);
  };
}

async function admitInto(
  store: Store,
  limits: Pick<RequestLimits, "maxResourcesPerParent">,
  route: Route,
  slot: { type: string; parentKey: string; key: string },
): Promise<void> {
  // An index-only count that stops at the limit: as cheap with 10k resources as with 10.
  if ((await store.countChildren(slot.type, slot.parentKey, limits.maxResourcesPerParent)) < limits.maxResourcesPerParent) return;
  if (await store.get(slot.key)) return;
  const typeName = route.apiVersions.resourceType.split("/").pop();
  throw new ArmError(
    409,
    "ResourceQuotaExceeded",
    `Creating the resource would exceed the limit of ${limits.maxResourcesPerParent} resources of type '${route.apiVersions.namespace}/${route.apiVersions.resourceType}' in '${slot.parentKey}'. Delete some ${typeName} first.`,
  );
}
