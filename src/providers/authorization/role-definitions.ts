import { ArmError } from "../../arm/errors.js";
import type { ArmRequest, Route } from "../../arm/router.js";
import { BUILT_IN_ROLES, type BuiltInRole, builtInRole } from "../../identity/built-in-roles.js";
import type { ProviderContext } from "../context.js";
import { atEveryScope, requireScope, subscriptionScopeOf } from "./scopes.js";

/**
 * Microsoft.Authorization/roleDefinitions: the built-in roles (src/identity/built-in-roles.ts), got and
 * listed at any scope, listed with `$filter=roleName eq '{name}'` (what az sends to resolve
 * `--role`) or `type eq 'BuiltInRole'`. Shapes: specification/authorization/resource-manager/
 * Microsoft.Authorization/stable/2022-04-01/authorization-RoleDefinitionsCalls.json.
 */

/** When Azure published the built-in roles (their createdOn is older; the emulator shows one date for all). */
const PUBLISHED = "2015-02-02T21:55:09.8806423Z";

export function roleDefinitionId(subscriptionScope: string, role: BuiltInRole): string {
  return `${subscriptionScope}/providers/Microsoft.Authorization/roleDefinitions/${role.name}`;
}

function render(role: BuiltInRole, subscriptionScope: string, apiVersion: string): Record<string, unknown> {
  // 2015-07-01 knows no data actions.
  const withData = apiVersion >= "2018";
  return {
    id: roleDefinitionId(subscriptionScope, role),
    type: "Microsoft.Authorization/roleDefinitions",
    name: role.name,
    properties: {
      roleName: role.roleName,
      type: "BuiltInRole",
      description: role.description,
      assignableScopes: ["/"],
      permissions: role.permissions.map((p) =>
        withData
          ? { actions: p.actions, notActions: p.notActions, dataActions: p.dataActions, notDataActions: p.notDataActions }
          : { actions: p.actions, notActions: p.notActions },
      ),
      createdOn: PUBLISHED,
      updatedOn: PUBLISHED,
      createdBy: null,
      updatedBy: null,
    },
  };
}

/** The roles a `$filter` selects (docs/fidelity.md "Role definition filters"). */
function filtered(filter: string | null): readonly BuiltInRole[] {
  if (filter === null || filter.trim() === "") return BUILT_IN_ROLES;
  const byName = /^\s*roleName\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter);
  if (byName) {
    const role = builtInRole(byName[1]!.replace(/''/g, "'"));
    return role ? [role] : [];
  }
  if (/^\s*type\s+eq\s+'BuiltInRole'\s*$/i.test(filter)) return BUILT_IN_ROLES;
  if (/^\s*type\s+eq\s+'CustomRole'\s*$/i.test(filter)) return [];
  throw new ArmError(
    400,
    "UnsupportedQuery",
    `The filter '${filter}' is not supported. Supported filters are roleName eq '{value}' and type eq 'BuiltInRole' or 'CustomRole'.`,
  );
}

export function roleDefinitionRoutes(ctx: ProviderContext): Route[] {
  const list = async (req: ArmRequest) => {
    await requireScope(ctx, req.params);
    const sub = subscriptionScopeOf(req.params);
    return { status: 200, body: { value: filtered(req.query.get("$filter")).map((r) => render(r, sub, req.apiVersion)) } };
  };
  const get = async (req: ArmRequest) => {
    await requireScope(ctx, req.params);
    const id = req.params["roleDefinitionId"]!;
    const role = BUILT_IN_ROLES.find((r) => r.name === id.toLowerCase());
    if (!role) throw new ArmError(404, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${id}' does not exist.`);
    return { status: 200, body: render(role, subscriptionScopeOf(req.params), req.apiVersion) };
  };
  return [
    ...atEveryScope("GET", "roleDefinitions", "roleDefinitions", { write: false, body: "none", handler: list }),
    ...atEveryScope("GET", "roleDefinitions", "roleDefinitions/:roleDefinitionId", { write: false, body: "none", handler: get }),
  ];
}
