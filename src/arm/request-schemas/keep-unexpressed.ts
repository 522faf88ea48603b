import { flatten, type Schema } from "./schema.js";
import { requestAndNewestSchemas } from "./validate-body.js";

/**
 * A PUT at an older api-version keeps what that version cannot express: a client of the older
 * version (az 2.45 and azure-mgmt-containerservice 21.1.0 send 2022-11-01) reads the resource, drops
 * what its models do not know, and sends the rest back; settings made at a newer version must
 * survive that. docs/fidelity.md "PUT at an older api-version".
 */

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * `body` with the stored values of the properties the newest definition names and the request's
 * version does not, where the body leaves them out; objects both versions name are merged the same
 * way, property by property. Arrays are taken from the body as they are (their items cannot be
 * matched to the stored ones in general).
 */
export function withUnexpressedKept(namespace: string, apiVersion: string, path: string, body: Obj, stored: Obj | undefined): Obj {
  if (stored === undefined) return body;
  const schemas = requestAndNewestSchemas(namespace, apiVersion, "PUT", path);
  if (schemas === undefined || schemas.request.apiVersion === schemas.newest.apiVersion) return body;
  return merged(body, stored, schemas.request.schema, schemas.request.definitions, schemas.newest.schema, schemas.newest.definitions);
}

function merged(body: Obj, stored: Obj, older: Schema, olderDefs: Record<string, Schema>, newer: Schema, newerDefs: Record<string, Schema>): Obj {
  const o = flatten(older, olderDefs);
  const n = flatten(newer, newerDefs);
  // A map (e.g. tags, addonProfiles) or an object the older version does not describe: the body says it all.
  if (o.properties === undefined || n.properties === undefined || typeof o.additionalProperties === "object") return body;
  let out: Obj | undefined;
  for (const [key, value] of Object.entries(stored)) {
    const newerProp = n.properties[key];
    if (newerProp === undefined) continue;
    const olderProp = o.properties[key];
    let next: unknown;
    if (olderProp === undefined) {
      if (body[key] === undefined) next = structuredClone(value);
    } else if (isObject(body[key]) && isObject(value)) {
      const inner = merged(body[key] as Obj, value, olderProp, olderDefs, newerProp, newerDefs);
      if (inner !== body[key]) next = inner;
    }
    if (next !== undefined) {
      out ??= { ...body };
      out[key] = next;
    }
  }
  return out ?? body;
}
