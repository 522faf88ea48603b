import { createHash } from "node:crypto";
import type { Principal } from "./principals.js";

/**
 * Role assignments beyond the built-in principals: `--role-assignment <client-id>=<Owner|Reader>[@<scope>]`
 * (repeatable; also AKS_EMULATOR_ROLE_ASSIGNMENTS, comma-separated). A client id named here becomes a
 * principal the managed-identity endpoint issues tokens for (`client_id=<id>`). Principals are
 * Owner everywhere unless an assignment says otherwise; the most specific matching scope wins.
 */

export type Role = "Owner" | "Reader";

export interface RoleAssignment {
  clientId: string;
  objectId: string;
  role: Role;
  /** ARM scope path (`/subscriptions/<id>[/resourceGroups/<rg>[/providers/...]]`); undefined: everywhere. */
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
  const m = /^\s*([^=\s]+)\s*=\s*(Owner|Reader)\s*(?:@\s*(\/\S*))?\s*$/i.exec(spec);
  if (!m || !GUID.test(m[1]!)) {
    throw new Error(
      `invalid role assignment '${spec}': use <client-id GUID>=<Owner|Reader>[@<scope>], e.g. 11111111-2222-4333-8444-555555555555=Reader@/subscriptions/<sub>/resourceGroups/<rg>`,
    );
  }
  const role = (m[2]!.toLowerCase() === "owner" ? "Owner" : "Reader") as Role;
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

function scopeMatches(scope: string, path: string): boolean {
  const s = scope.toLowerCase();
  const p = path.toLowerCase();
  return p === s || p.startsWith(s + "/");
}

export class RoleAssignments {
  constructor(private readonly assignments: readonly RoleAssignment[]) {}

  /** A principal known only through an assignment (selected by client_id or object_id). */
  principal(sel: { clientId?: string; objectId?: string }): Principal | undefined {
    const a = this.assignments.find(
      (x) =>
        (sel.clientId === undefined || x.clientId === sel.clientId.toLowerCase()) && (sel.objectId === undefined || x.objectId === sel.objectId.toLowerCase()),
    );
    return a ? { clientId: a.clientId, objectId: a.objectId, name: `principal-${a.clientId.slice(0, 8)}`, role: "Owner" } : undefined;
  }

  /** The principal's role at `path`: the most specific matching assignment, else its own role. */
  roleAt(objectId: string, baseRole: Role, path: string): Role {
    let best: RoleAssignment | undefined;
    for (const a of this.assignments) {
      if (a.objectId !== objectId.toLowerCase()) continue;
      if (a.scope !== undefined && !scopeMatches(a.scope, path)) continue;
      if (!best || (a.scope?.length ?? 0) > (best.scope?.length ?? 0)) best = a;
    }
    return best?.role ?? baseRole;
  }
}
