import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from "ajv";
import { ArmError } from "../arm/errors.js";
import { requireCjs } from "../util/cjs.js";

let ajv: AjvInstance | undefined;

/**
 * Loads Ajv and compiles a schema on first use only: compiling the controls' schemas costs tens
 * of ms, which every start would pay while most instances never see a control request.
 */
function compile(schema: object): ValidateFunction {
  if (!ajv) {
    const { Ajv } = requireCjs("ajv") as typeof import("ajv");
    ajv = new Ajv({ allErrors: false, strict: true });
  }
  return ajv.compile(schema);
}

/** A check of a JSON schema; it throws an ARM 400 naming the first offending property. */
export function schemaCheck<T>(schema: object, code: string, what: string): (value: unknown) => T {
  let validate: ValidateFunction | undefined;
  return (value: unknown): T => {
    validate ??= compile(schema);
    if (validate(value)) return value as T;
    const err = validate.errors![0]!;
    const target = propertyPath(err);
    throw new ArmError(400, code, `${what}: ${describe(err, target)}`, target ? { target } : {});
  };
}

function propertyPath(err: ErrorObject): string {
  const parts = err.instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (err.keyword === "required") parts.push(String((err.params as { missingProperty: string }).missingProperty));
  if (err.keyword === "additionalProperties") parts.push(String((err.params as { additionalProperty: string }).additionalProperty));
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function describe(err: ErrorObject, target: string): string {
  const where = target ? `the property '${target}'` : "the document";
  switch (err.keyword) {
    case "required":
      return `${where} is required.`;
    case "additionalProperties":
      return `${where} is not allowed here.`;
    case "type":
      return `${where} must be of type ${String((err.params as { type: string }).type)}.`;
    case "enum":
      return `${where} must be one of ${((err.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(", ")}.`;
    default:
      return `${where} ${err.message ?? "is invalid"}.`;
  }
}
