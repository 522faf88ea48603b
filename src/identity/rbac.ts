import { createHash } from "node:crypto";
import type { Store, StoredResource } from "../store/store.js";
import { type BuiltInRole, builtInRole } from "./built-in-roles.js";
import { OWNER_PRINCIPAL, READER_PRINCIPAL } from "./principals.js";
import type { RoleAssignment } from "./role-assignments.js";

/**
 * The one access model of the emulator, as Azure RBAC decides
 * (https://learn.microsoft.com/azure/role-based-access-control/overview#how-azure-rbac-determines-if-a-user-has-access-to-a-resource):
 * access is additive over the role assignments at the scope and above; an assignment grants an action
 * when one of its role's `actions` matches it and none of the `notActions` does (`*` matches any
 * characters, case-insensitive). Assignments come from three places: the built-in principals' (the
 * Owner principal holds Owner and the Reader principal Reader at every subscription), the start flag
 * `--role-assignment` (kept in memory, like the built-in ones: docs/configuration.md), and the
 * Microsoft.Authorization/roleAssignments made through ARM (stored, under their scope).
 */

export const ROLE_ASSIGNMENT_TYPE_KEY = "microsoft.authorization/roleassignments";

/** An assignment that is not stored: a built-in principal's or a `--role-assignment`'s. */
export interface FixedAssignment {
  principalId: string;
  role: BuiltInRole;
  /** Lower-cased scope; undefined: at every subscription (`/subscriptions/{id}`). */
  scope?: string;
}

const patterns = new Map<string, RegExp>();

/** Whether an action pattern of a role (`Microsoft.Network/*`, `*\/read`) matches an action. */
export function actionMatches(pattern: string, action: string): boolean {
  let re = patterns.get(pattern);
  if (re === undefined) {
    re = new RegExp(
      `^${pattern
        .split("*")
        .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
        .join(".*")}$`,
      "i",
    );
    patterns.set(pattern, re);
  }
  return re.test(action);
}

/** Whether a role grants an action (its control-plane `actions` less its `notActions`). */
export function roleGrants(role: BuiltInRole, action: string): boolean {
  return role.permissions.some((p) => p.actions.some((a) => actionMatches(a, action)) && !p.notActions.some((n) => actionMatches(n, action)));
}

/** Whether `scope` is `path` or above it (whole segments, case-insensitive); `scope` lower-cased. */
export function scopeCovers(scope: string, path: string): boolean {
  const p = path.toLowerCase();
  return p === scope || p.startsWith(scope.endsWith("/") ? scope : `${scope}/`);
}

/** The lower-cased scopes at and above a path that can hold assignments: every prefix with an even number of segments. */
export function scopesAbove(path: string): string[] {
  const q = path.search(/[?#]/);
  const segments = (q === -1 ? path : path.slice(0, q))
    .toLowerCase()
    .split("/")
    .filter((s) => s !== "");
  const out: string[] = [];
  for (let n = 2; n <= segments.length; n += 2) out.push(`/${segments.slice(0, n).join("/")}`);
  return out;
}

/** A stable GUID for an assignment that is not stored, from what it is. */
export function fixedAssignmentName(...parts: string[]): string {
  const h = createHash("sha256")
    .update(`aks-emulator role assignment\u0000${parts.join("\u0000").toLowerCase()}`)
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The principal a request was authenticated as (tokens.ts' VerifiedPrincipal). */
interface Caller {
  objectId: string;
  role: "Owner" | "Reader";
}

/** A stored assignment's principal, role definition GUID and scope. */
function storedAssignmentFacts(row: StoredResource): { principalId: string; roleGuid: string; scope: string } | undefined {
  const props = row.body["properties"] as Record<string, unknown> | undefined;
  if (!props) return undefined;
  const roleId = String(props["roleDefinitionId"] ?? "");
  return {
    principalId: String(props["principalId"] ?? "").toLowerCase(),
    roleGuid: roleId.slice(roleId.lastIndexOf("/") + 1).toLowerCase(),
    scope: String(props["scope"] ?? "").toLowerCase(),
  };
}

export class AccessModel {
  private readonly fixedByPrincipal = new Map<string, FixedAssignment[]>();

  constructor(
    private readonly store: Store,
    startAssignments: readonly RoleAssignment[],
    /** Where the testing controls are authorized (they have no ARM scope of their own). */
    private readonly controlScope: string,
  ) {
    const owner = builtInRole("Owner")!;
    const reader = builtInRole("Reader")!;
    this.add({ principalId: OWNER_PRINCIPAL.objectId, role: owner });
    this.add({ principalId: READER_PRINCIPAL.objectId, role: reader });
    for (const a of startAssignments) {
      this.add({ principalId: a.objectId, role: builtInRole(a.role)!, ...(a.scope ? { scope: a.scope.toLowerCase() } : {}) });
    }
  }

  /** Gives a principal made while the instance runs (a dashboard session's) Owner at every subscription, kept in memory as the built-in ones. */
  addOwner(objectId: string): void {
    this.add({ principalId: objectId.toLowerCase(), role: builtInRole("Owner")! });
  }

  private add(a: FixedAssignment): void {
    const list = this.fixedByPrincipal.get(a.principalId) ?? [];
    list.push(a);
    this.fixedByPrincipal.set(a.principalId, list);
  }

  /** Every assignment that is not stored (listed by the roleAssignments routes). */
  fixed(): FixedAssignment[] {
    return [...this.fixedByPrincipal.values()].flat();
  }

  /**
   * Whether the caller may perform `action` at `path`. Answered at once (a boolean) when the fixed
   * assignments grant it, the usual case; a promise when the stored ones must be read.
   * A principal the emulator signed a token for but does not know (no fixed assignment) holds the
   * role its token names at every subscription.
   */
  permits(caller: Caller, action: string, path: string): boolean | Promise<boolean> {
    const scope = path.toLowerCase().startsWith("/subscriptions/") ? path : this.controlScope;
    const objectId = caller.objectId.toLowerCase();
    const fixed = this.fixedByPrincipal.get(objectId) ?? [{ principalId: objectId, role: builtInRole(caller.role)! }];
    for (const a of fixed) {
      if ((a.scope === undefined || scopeCovers(a.scope, scope)) && roleGrants(a.role, action)) return true;
    }
    return this.permitsByStored(objectId, action, scope);
  }

  /** Whether the stored assignments at and above `path` grant a principal `action` (AKS's checks of its identities use only these and the fixed ones). */
  async permitsByStored(objectId: string, action: string, path: string): Promise<boolean> {
    const principalId = objectId.toLowerCase();
    for (const scope of scopesAbove(path)) {
      let after: string | undefined;
      do {
        const page = await this.store.list({ type: ROLE_ASSIGNMENT_TYPE_KEY, parentKey: scope, limit: 500, after });
        for (const row of page.items) {
          const facts = storedAssignmentFacts(row);
          if (facts?.principalId !== principalId) continue;
          const role = builtInRole(facts.roleGuid);
          if (role && roleGrants(role, action)) return true;
        }
        after = page.next;
      } while (after);
    }
    return false;
  }

  /** Whether a principal may perform `action` at `path` through any assignment (used for identities, which hold no token). */
  async principalPermits(objectId: string, action: string, path: string): Promise<boolean> {
    for (const a of this.fixedByPrincipal.get(objectId.toLowerCase()) ?? []) {
      if ((a.scope === undefined || scopeCovers(a.scope, path)) && roleGrants(a.role, action)) return true;
    }
    return this.permitsByStored(objectId, action, path);
  }
}
