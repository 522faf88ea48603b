import { ArmError } from "../arm/errors.js";

/**
 * Small shape checks for request bodies. A property of the wrong JSON type is a 400 whose
 * target and message name the property path, so the user knows what to fix.
 */

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

export function typeError(path: string, expected: string, value: unknown): ArmError {
  return new ArmError(
    400,
    "InvalidRequestContent",
    `The request content was invalid and could not be deserialized: property '${path || "(body)"}' must be ${expected}, not ${typeName(value)}.`,
    { target: path || undefined },
  );
}

/** A JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function requireObject(v: unknown, path: string): Record<string, unknown> {
  if (!isJsonObject(v)) throw typeError(path, "a JSON object", v);
  return v;
}

export function optionalObject(v: unknown, path: string): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined;
  return requireObject(v, path);
}

export function optionalString(v: unknown, path: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw typeError(path, "a string", v);
  return v;
}

export function optionalBoolean(v: unknown, path: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw typeError(path, "true or false", v);
  return v;
}

export function optionalInteger(v: unknown, path: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) throw typeError(path, "an integer", v);
  return v;
}

export function optionalArray(v: unknown, path: string): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw typeError(path, "a JSON array", v);
  return v;
}

/** Tags: an object of string values (ARM: at most 50, names <= 512 chars, values <= 256). */
export function optionalStringMap(v: unknown, path: string): Record<string, string> | undefined {
  const o = optionalObject(v, path);
  if (!o) return undefined;
  const entries = Object.entries(o);
  if (path === "tags" && entries.length > 50) {
    throw new ArmError(400, "InvalidTagCount", `The resource has ${entries.length} tags; at most 50 are allowed. Remove some tags.`, { target: "tags" });
  }
  for (const [k, val] of entries) {
    if (typeof val !== "string") throw typeError(`${path}.${k}`, "a string", val);
    if (path === "tags" && (k.length > 512 || val.length > 256)) {
      throw new ArmError(
        400,
        "InvalidTagNameOrValue",
        `The tag '${k.slice(0, 40)}' is too long: tag names may have at most 512 characters and values at most 256.`,
        { target: `tags.${k.slice(0, 40)}` },
      );
    }
  }
  return o as Record<string, string>;
}
