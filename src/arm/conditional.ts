import { ArmError } from "./errors.js";
import type { IncomingHttpHeaders } from "node:http";

/**
 * If-Match / If-None-Match against a resource's ETag (AKS docs "use-etags"): a PUT with
 * If-Match on a missing resource, If-None-Match: * on an existing one, or a mismatched value
 * -> 412 PreconditionFailed; If-None-Match other than * -> 400.
 */
export interface Preconditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

function single(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h.join(",") : h;
}

function unquoteEtag(v: string): string {
  let s = v.trim();
  if (s.startsWith("W/")) s = s.slice(2);
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1);
  return s;
}

export function readPreconditions(headers: IncomingHttpHeaders): Preconditions {
  const ifMatch = single(headers["if-match"]);
  const ifNoneMatch = single(headers["if-none-match"]);
  const p: Preconditions = {};
  if (ifMatch !== undefined && ifMatch.trim() !== "") p.ifMatch = ifMatch.trim();
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== "") p.ifNoneMatch = ifNoneMatch.trim();
  if (p.ifNoneMatch !== undefined && p.ifNoneMatch !== "*") {
    throw new ArmError(
      400,
      "BadRequest",
      `The If-None-Match header value '${p.ifNoneMatch}' is not supported. Only '*' is allowed, to create a resource only if it does not exist yet.`,
    );
  }
  if (p.ifMatch !== undefined && p.ifNoneMatch !== undefined) {
    throw new ArmError(400, "BadRequest", "The If-Match and If-None-Match headers cannot be used together. Send only one of them.");
  }
  return p;
}

/** Checks preconditions against the current ETag (undefined: the resource does not exist). */
export function checkPreconditions(p: Preconditions, currentEtag: string | undefined, resourceDescription: string): void {
  if (p.ifNoneMatch === "*" && currentEtag !== undefined) {
    throw new ArmError(
      412,
      "PreconditionFailed",
      `The resource ${resourceDescription} already exists and the If-None-Match header is '*'. Remove the header to update it.`,
    );
  }
  if (p.ifMatch !== undefined) {
    if (currentEtag === undefined) {
      throw new ArmError(412, "PreconditionFailed", `The resource ${resourceDescription} does not exist, so the If-Match header '${p.ifMatch}' cannot match.`);
    }
    if (p.ifMatch !== "*") {
      const wanted = p.ifMatch.split(",").map(unquoteEtag);
      if (!wanted.includes(currentEtag)) {
        throw new ArmError(
          412,
          "PreconditionFailed",
          `Etag provided in if-match header '${p.ifMatch}' does not match etag '${currentEtag}' of resource ${resourceDescription}. Read the resource again and retry with its current etag.`,
        );
      }
    }
  }
}
