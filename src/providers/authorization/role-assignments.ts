import { ArmError } from "../../arm/errors.js";
import { isGuid } from "../../arm/resource-id.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import { builtInRole } from "../../identity/built-in-roles.js";
import { type FixedAssignment, fixedAssignmentName, ROLE_ASSIGNMENT_TYPE_KEY, scopeCovers, scopesAbove } from "../../identity/rbac.js";
import { PreconditionError, type StoredResource, type Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { requireObject } from "../validation.js";
import { roleDefinitionId } from "./role-definitions.js";
import { atEveryScope, requireScope, scopeOf, subscriptionScopeOf } from "./scopes.js";

/**
 * Microsoft.Authorization/roleAssignments at any scope: PUT (not updatable), GET, DELETE, and lists
 * at a scope with `$filter` `atScope()`, `principalId eq '{id}'`, `assignedTo('{id}')`
 * (https://learn.microsoft.com/azure/role-based-access-control/role-assignments-list-rest). Shapes:
 * specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json.
 * Stored ones live under their scope (a group's go with it); the built-in principals' and the
 * `--role-assignment` ones (rbac.ts) are listed and read like them but cannot be deleted.
 */

type Obj = Record<string, unknown>;

const TYPE = "Microsoft.Authorization/roleAssignments";
const PRINCIPAL_TYPES = ["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"];

function assignmentKey(scope: string, name: string): string {
  return `${scope}/providers/${TYPE}/${name}`.toLowerCase();
}

/** An assignment as stored (the newest version's answer). */
interface Assignment {
  id: string;
  name: string;
  type: string;
  properties: Obj;
}

/** The answer at an api-version: 2015-07-01 and 2018-01-01-preview know only the role, principal and scope. */
function render(a: Assignment, apiVersion: string): Assignment {
  if (apiVersion >= "2018-09") return a;
  const p = a.properties;
  return { ...a, properties: { roleDefinitionId: p["roleDefinitionId"], principalId: p["principalId"], scope: p["scope"] } };
}

/** A fixed assignment as it shows at a subscription (one with no scope of its own is at each subscription). */
function fixedAnswer(a: FixedAssignment, subscriptionScope: string): Assignment {
  const scope = a.scope ?? subscriptionScope.toLowerCase();
  const name = fixedAssignmentName(a.principalId, a.role.name, scope);
  return {
    id: `${scope}/providers/${TYPE}/${name}`,
    name,
    type: TYPE,
    properties: {
      roleDefinitionId: roleDefinitionId(subscriptionScope, a.role),
      principalId: a.principalId,
      principalType: "ServicePrincipal",
      scope,
      condition: null,
      conditionVersion: null,
      createdOn: "2015-02-02T21:55:09.8806423Z",
      updatedOn: "2015-02-02T21:55:09.8806423Z",
      createdBy: null,
      updatedBy: null,
      delegatedManagedIdentityResourceId: null,
      description: "Made by aks-emulator's start configuration (a built-in principal or --role-assignment).",
    },
  };
}

/** The filter of a list (docs/fidelity.md "Role assignment filters"). */
interface Filter {
  atScope: boolean;
  principalId?: string;
}

function parseFilter(filter: string | null): Filter {
  const out: Filter = { atScope: false };
  if (filter === null || filter.trim() === "") return out;
  let principalEq = false;
  for (const term of filter.split(/\s+and\s+/i)) {
    const t = term.trim();
    const assigned = /^assignedTo\('([^']*)'\)$/i.exec(t);
    const principal = /^principalId\s+eq\s+'([^']*)'$/i.exec(t);
    if (/^atScope\(\)$/i.test(t)) out.atScope = true;
    else if (assigned) out.principalId = assigned[1]!.toLowerCase();
    else if (principal) {
      out.principalId = principal[1]!.toLowerCase();
      principalEq = true;
    } else throw unsupportedFilter(filter);
  }
  // "atScope()" and "principalId eq" cannot be used together (azure-cli's role module says so, and so does ARM).
  if (principalEq && out.atScope) throw unsupportedFilter(filter);
  return out;
}

function unsupportedFilter(filter: string): ArmError {
  return new ArmError(
    400,
    "UnsupportedQuery",
    `The filter '${filter}' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{value}'' or 'assignedTo('{value}')'.`,
  );
}

async function storedInSubscription(ctx: ProviderContext, subscriptionId: string): Promise<StoredResource[]> {
  const out: StoredResource[] = [];
  let after: string | undefined;
  do {
    const page = await ctx.store.list({ type: ROLE_ASSIGNMENT_TYPE_KEY, subscriptionId: subscriptionId.toLowerCase(), limit: 500, after });
    out.push(...page.items);
    after = page.next;
  } while (after);
  return out;
}

/** Every assignment visible in a subscription: the fixed ones at it, then the stored ones. */
async function assignmentsIn(ctx: ProviderContext, params: Record<string, string>): Promise<Assignment[]> {
  const sub = subscriptionScopeOf(params);
  const fixed = ctx.access
    .fixed()
    .filter((a) => a.scope === undefined || scopeCovers(sub.toLowerCase(), a.scope) || scopeCovers(a.scope, sub))
    .map((a) => fixedAnswer(a, sub));
  const stored = (await storedInSubscription(ctx, params["subscriptionId"]!)).map((r) => r.body as unknown as Assignment);
  return [...fixed, ...stored];
}

function scopeOfAssignment(a: Assignment): string {
  return String(a.properties["scope"]).toLowerCase();
}

function roleAssignmentNotFound(name: string): ArmError {
  return new ArmError(404, "RoleAssignmentNotFound", `The role assignment '${name}' is not found.`);
}

export function roleAssignmentRoutes(ctx: ProviderContext): Route[] {
  const list = async (req: ArmRequest): Promise<ArmResponse> => {
    await requireScope(ctx, req.params);
    const filter = parseFilter(req.query.get("$filter"));
    const scope = scopeOf(req.path);
    const above = new Set(scopesAbove(scope));
    const value = (await assignmentsIn(ctx, req.params))
      .filter((a) => {
        const at = scopeOfAssignment(a);
        const isAbove = above.has(at);
        if (filter.atScope && !isAbove) return false;
        if (!isAbove && !scopeCovers(scope.toLowerCase(), at)) return false;
        return filter.principalId === undefined || String(a.properties["principalId"]).toLowerCase() === filter.principalId;
      })
      .map((a) => render(a, req.apiVersion));
    return { status: 200, body: { value } };
  };

  /** The assignment a path names: stored, or fixed at that scope. */
  const find = async (req: ArmRequest): Promise<{ stored?: StoredResource; fixed?: Assignment; name: string; scope: string }> => {
    const name = req.params["roleAssignmentName"]!;
    const scope = scopeOf(req.path);
    const stored = isGuid(name) ? await ctx.store.get(assignmentKey(scope, name)) : undefined;
    if (stored) return { stored, name, scope };
    const fixed = (await assignmentsIn(ctx, req.params)).find((a) => a.name === name.toLowerCase() && scopeOfAssignment(a) === scope.toLowerCase());
    return fixed ? { fixed, name, scope } : { name, scope };
  };

  const get = async (req: ArmRequest): Promise<ArmResponse> => {
    await requireScope(ctx, req.params);
    const found = await find(req);
    const a = found.stored ? (found.stored.body as unknown as Assignment) : found.fixed;
    if (!a) throw roleAssignmentNotFound(found.name);
    return { status: 200, body: render(a, req.apiVersion) };
  };

  const put = async (req: ArmRequest): Promise<ArmResponse> => {
    const name = req.params["roleAssignmentName"]!;
    if (!isGuid(name)) {
      throw new ArmError(400, "InvalidRoleAssignmentId", `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
    }
    await requireScope(ctx, req.params);
    const props = requireObject(requireObject(req.body, "").properties, "properties");
    const roleId = props["roleDefinitionId"];
    const role = typeof roleId === "string" ? builtInRole(roleId.slice(roleId.lastIndexOf("/") + 1)) : undefined;
    if (!role || !isGuid(role.name)) {
      throw new ArmError(
        400,
        "RoleDefinitionDoesNotExist",
        `The specified role definition with ID '${typeof roleId === "string" ? roleId : ""}' does not exist.`,
      );
    }
    const principalId = props["principalId"];
    if (typeof principalId !== "string" || !isGuid(principalId)) {
      throw new ArmError(400, "InvalidPrincipalId", "A valid principal ID must be provided for role assignment.");
    }
    const principalType = props["principalType"] ?? "ServicePrincipal";
    if (typeof principalType !== "string" || !PRINCIPAL_TYPES.some((t) => t.toLowerCase() === principalType.toLowerCase())) {
      throw new ArmError(400, "InvalidPrincipalType", `The principal type '${String(principalType)}' is not valid. Use one of ${PRINCIPAL_TYPES.join(", ")}.`);
    }
    // The types of description, condition and conditionVersion are the definition's to check (the
    // envelope does, docs/fidelity.md "Request body against the API definition: other namespaces").
    const scope = scopeOf(req.path);
    const sub = subscriptionScopeOf(req.params);
    const key = assignmentKey(scope, name);
    const existing = await ctx.store.get(key);
    const same = (a: Assignment) =>
      String(a.properties["principalId"]).toLowerCase() === principalId.toLowerCase() &&
      String(a.properties["roleDefinitionId"]).toLowerCase().endsWith(role.name) &&
      scopeOfAssignment(a) === scope.toLowerCase();
    if (existing) {
      const a = existing.body as unknown as Assignment;
      if (!same(a)) {
        throw new ArmError(409, "RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
      }
      return { status: 200, body: render(a, req.apiVersion) };
    }
    if ((await assignmentsIn(ctx, req.params)).some(same)) {
      throw new ArmError(409, "RoleAssignmentExists", "The role assignment already exists.");
    }
    const now = new Date(ctx.clock.now()).toISOString();
    const id = `${scope}/providers/${TYPE}/${name}`;
    const body: Assignment = {
      id,
      name: name.toLowerCase(),
      type: TYPE,
      properties: {
        roleDefinitionId: roleDefinitionId(sub, role),
        principalId: principalId.toLowerCase(),
        principalType: PRINCIPAL_TYPES.find((t) => t.toLowerCase() === principalType.toLowerCase()),
        scope,
        condition: props["condition"] ?? null,
        conditionVersion: props["conditionVersion"] ?? null,
        createdOn: now,
        updatedOn: now,
        createdBy: req.principal.objectId,
        updatedBy: req.principal.objectId,
        delegatedManagedIdentityResourceId: null,
        description: props["description"] ?? null,
      },
    };
    const write: Write = {
      op: "put",
      resource: {
        key,
        id,
        parentKey: scope.toLowerCase(),
        subscriptionId: req.params["subscriptionId"]!.toLowerCase(),
        type: ROLE_ASSIGNMENT_TYPE_KEY,
        etag: "1",
        body: body as unknown as Obj,
      },
      expect: { absent: true },
    };
    try {
      await ctx.store.commit([write]);
    } catch (e) {
      // Another PUT of the same name won the race.
      if (e instanceof PreconditionError) throw new ArmError(409, "RoleAssignmentExists", "The role assignment already exists.");
      throw e;
    }
    return { status: 201, body: render(body, req.apiVersion) };
  };

  const del = async (req: ArmRequest): Promise<ArmResponse> => {
    await requireScope(ctx, req.params);
    const found = await find(req);
    if (found.fixed) {
      // docs/fidelity.md "Role assignments made at start".
      throw new ArmError(
        409,
        "RoleAssignmentNotDeletable",
        `The role assignment '${found.name}' is made by the emulator's start configuration (a built-in principal or --role-assignment) and cannot be deleted. Start the emulator without it instead.`,
      );
    }
    if (!found.stored) return { status: 204 };
    await ctx.store.commit([{ op: "delete", key: found.stored.key }]);
    return { status: 200, body: render(found.stored.body as unknown as Assignment, req.apiVersion) };
  };

  return [
    ...atEveryScope("GET", "roleAssignments", "roleAssignments", { write: false, body: "none", handler: list }),
    ...atEveryScope("GET", "roleAssignments", "roleAssignments/:roleAssignmentName", { write: false, body: "none", handler: get }),
    ...atEveryScope("PUT", "roleAssignments", "roleAssignments/:roleAssignmentName", { write: true, body: "required", handler: put }),
    ...atEveryScope("DELETE", "roleAssignments", "roleAssignments/:roleAssignmentName", { write: true, body: "none", handler: del }),
  ];
}
