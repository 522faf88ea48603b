import { createHash } from "node:crypto";
import { BUILT_IN_ROLES, builtInRole } from "./built-in-roles.js";
import type { Principal } from "./principals.js";

/**
 * Role assignments made at start: `--role-assignment <client-id>=<role>[@<scope>]` (repeatable; also
 * AKS_EMULATOR_ROLE_ASSIGNMENTS, comma-separated), `<role>` a built-in role's name (Owner, Reader,
 * Contributor, Network Contributor, ...). A client id named here becomes a principal the
 * managed-identity endpoint issues tokens for (`client_id=<id>`). Its access is what its assignments
 * grant, added up as Azure RBAC does (rbac.ts); they are kept in memory, not stored.
 */

export interface RoleAssignment {
  clientId: string;
  objectId: string;
  /** The built-in role's name as Azure spells it. */
  role: string;
  /** ARM scope path (`/subscriptions/<id>[/resourceGroups/<rg>[/providers/...]]`); undefined: every subscription. */
  scope?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The object id of an ad-hoc principal: stable for its client id, independent of the seed. */
export function objectIdFor(clientId: string): string {
  const h = createHash("sha256").update(`aks-emulator principal ${clientId.toLowerCase()}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export function parseRoleAssignment(spec: string): RoleAssignment {
  const m = /^\s*([^=\s]+)\s*=\s*([^@]*?)\s*(?:@\s*(\/\S*))?\s*$/i.exec(spec);
  const role = m ? builtInRole(m[2]!)?.roleName : undefined;
  if (!m || !GUID.test(m[1]!) || role === undefined) {
    throw new Error(
      `invalid role assignment '${spec}': use <client-id GUID>=<role>[@<scope>], e.g. 11111111-2222-4333-8444-555555555555=Reader@/subscriptions/<sub>/resourceGroups/<rg>; the roles are ${BUILT_IN_ROLES.map((r) => r.roleName).join(", ")}`,
    );
  }
  const clientId = m[1]!.toLowerCase();
  const scope = m[3]?.replace(/\/+$/, "");
  return { clientId, objectId: objectIdFor(clientId), role, ...(scope ? { scope } : {}) };
}

export function parseRoleAssignments(specs: readonly string[]): RoleAssignment[] {
  return specs
    .flatMap((s) => s.split(","))
    .filter((s) => s.trim() !== "")
    .map(parseRoleAssignment);
}

export class RoleAssignments {
  constructor(readonly assignments: readonly RoleAssignment[]) {}

  /** A principal known only through an assignment (selected by client_id or object_id). */
  principal(sel: { clientId?: string; objectId?: string }): Principal | undefined {
    const a = this.assignments.find(
      (x) =>
        (sel.clientId === undefined || x.clientId === sel.clientId.toLowerCase()) && (sel.objectId === undefined || x.objectId === sel.objectId.toLowerCase()),
    );
    // Its tokens' role claim is not what decides its access: its assignments are (rbac.ts).
    return a ? { clientId: a.clientId, objectId: a.objectId, name: `principal-${a.clientId.slice(0, 8)}`, role: "Reader" } : undefined;
  }
}
