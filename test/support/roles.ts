import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { builtInRole } from "../../src/identity/built-in-roles.js";
import type { TestEmulator } from "./emulator.js";

/** Gives a principal a built-in role at a scope through ARM (PUT roleAssignments), as an Owner. */
export async function grantRole(te: TestEmulator, scope: string, principalId: string, roleName: string): Promise<void> {
  const role = builtInRole(roleName);
  assert.ok(role, `no built-in role ${roleName}`);
  const res = await te.request("PUT", `${scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`, {
    body: {
      properties: { roleDefinitionId: `/subscriptions/${te.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.name}`, principalId },
    },
  });
  assert.equal(res.status, 201, res.text);
}
