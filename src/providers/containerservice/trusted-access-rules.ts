import { ArmError } from "../../arm/errors.js";
import { optionalObject, typeError } from "../validation.js";

/**
 * AKS's rules for a trusted access role binding's body (TrustedAccessRoleBindings_CreateOrUpdate,
 * https://learn.microsoft.com/azure/aks/trusted-access-feature): the source resource is named by a
 * well-formed ARM resource id, and every role is one the catalogue (data/trusted-access-roles.json)
 * offers for that resource's type, written `<sourceResourceType>/<role>`. Pure: the catalogue is passed in.
 */

type Obj = Record<string, unknown>;

interface TrustedAccessRole {
  sourceResourceType: string;
  name: string;
  rules: Obj[];
}

export interface TrustedAccessCatalogue {
  roles: TrustedAccessRole[];
}

/**
 * An ARM resource id: a subscription (GUID), optionally a resource group, then a provider namespace
 * and type/name pairs (a nested type has several). Microsoft.Security/pricings, a source type of the
 * catalogue, lives on the subscription without a group.
 */
const RESOURCE_ID =
  /^\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/resourceGroups\/([-\w.()]{1,90}))?\/providers\/([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+)((?:\/[^/\s]+\/[^/\s]+)+)$/i;

/** The resource type of a well-formed resource id (`Microsoft.MachineLearningServices/workspaces`), or undefined. */
export function resourceTypeOfId(id: string): string | undefined {
  const m = RESOURCE_ID.exec(id);
  if (!m) return undefined;
  const pairs = m[4]!.slice(1).split("/");
  const types = pairs.filter((_, i) => i % 2 === 0);
  return `${m[3]}/${types.join("/")}`;
}

const invalid = (parameter: string, why: string, target: string): ArmError =>
  new ArmError(400, "InvalidParameter", `The value of parameter ${parameter} is invalid: ${why}`, { target });

/** The types the catalogue has roles for, for messages. */
function sourceTypes(catalogue: TrustedAccessCatalogue): string[] {
  return [...new Set(catalogue.roles.map((r) => r.sourceResourceType))];
}

/**
 * The binding's properties to store (`sourceResourceId` and `roles` as sent), or the 400 naming what
 * to fix (docs/fidelity.md "Trusted access role binding rules").
 */
export function validateTrustedAccessRoleBinding(body: Obj, catalogue: TrustedAccessCatalogue): { sourceResourceId: string; roles: string[] } {
  const properties = optionalObject(body["properties"], "properties");
  if (properties === undefined) {
    throw invalid("properties", "a trusted access role binding needs its properties: sourceResourceId and roles.", "properties");
  }
  const source = properties["sourceResourceId"];
  if (source === undefined || source === null || source === "") {
    throw invalid(
      "sourceResourceId",
      "it is required: the ARM resource id of the Azure resource whose system-assigned managed identity gets the roles (e.g. /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.MachineLearningServices/workspaces/<name>).",
      "sourceResourceId",
    );
  }
  if (typeof source !== "string") throw typeError("properties.sourceResourceId", "a string", source);
  const sourceType = resourceTypeOfId(source);
  if (sourceType === undefined) {
    throw invalid(
      "sourceResourceId",
      `'${source}' is not an ARM resource id (/subscriptions/<subscription id>/resourceGroups/<group>/providers/<namespace>/<type>/<name>).`,
      "sourceResourceId",
    );
  }
  const offered = catalogue.roles.filter((r) => r.sourceResourceType.toLowerCase() === sourceType.toLowerCase());
  if (offered.length === 0) {
    throw invalid(
      "sourceResourceId",
      `resource type '${sourceType}' has no trusted access roles. The source resource types with roles are: ${sourceTypes(catalogue).join(", ")} (GET .../locations/{location}/trustedAccessRoles lists them).`,
      "sourceResourceId",
    );
  }
  const roles = properties["roles"];
  if (roles === undefined || roles === null) {
    throw invalid("roles", "it is required: a list of at least one role, each '<source resource type>/<role name>'.", "roles");
  }
  if (!Array.isArray(roles)) throw typeError("properties.roles", "an array of strings", roles);
  if (roles.length === 0) {
    throw invalid("roles", "the list is empty: bind at least one role, each '<source resource type>/<role name>'.", "roles");
  }
  const names = offered.map((r) => `${r.sourceResourceType}/${r.name}`);
  roles.forEach((role, i) => {
    if (typeof role !== "string") throw typeError(`properties.roles[${i}]`, "a string", role);
    const slash = role.lastIndexOf("/");
    const roleType = slash < 0 ? "" : role.slice(0, slash);
    const roleName = slash < 0 ? role : role.slice(slash + 1);
    if (roleType.toLowerCase() !== sourceType.toLowerCase() || !offered.some((r) => r.name.toLowerCase() === roleName.toLowerCase())) {
      throw invalid(
        "roles",
        `role '${role}' is not a trusted access role of source resource type '${sourceType}'. Its roles are: ${names.join(", ")}.`,
        `roles[${i}]`,
      );
    }
  });
  return { sourceResourceId: source, roles: roles as string[] };
}
