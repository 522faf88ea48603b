import { test } from "node:test";
import assert from "node:assert/strict";
import catalogue from "../../src/providers/containerservice/data/trusted-access-roles.json" with { type: "json" };
import { resourceTypeOfId, validateTrustedAccessRoleBinding } from "../../src/providers/containerservice/trusted-access-rules.js";

const SUB = "00000000-0000-0000-0000-000000000000";

test("the type of an ARM resource id: group-scoped, subscription-scoped and nested", () => {
  assert.equal(
    resourceTypeOfId(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w`),
    "Microsoft.MachineLearningServices/workspaces",
  );
  assert.equal(resourceTypeOfId(`/subscriptions/${SUB}/providers/Microsoft.Security/pricings/Containers`), "Microsoft.Security/pricings");
  assert.equal(
    resourceTypeOfId(`/subscriptions/${SUB}/resourcegroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s`),
    "Microsoft.Network/virtualNetworks/subnets",
  );
  for (const bad of [
    "",
    "w",
    `/subscriptions/${SUB}`,
    `/subscriptions/${SUB}/resourceGroups/rg`,
    `/subscriptions/x/providers/A.B/c/d`,
    `/subscriptions/${SUB}/providers/A.B/c`,
  ]) {
    assert.equal(resourceTypeOfId(bad), undefined, bad);
  }
});

test("roles compare without letter case, and are stored as sent", () => {
  const out = validateTrustedAccessRoleBinding(
    {
      properties: {
        sourceResourceId: `/subscriptions/${SUB}/resourceGroups/b/providers/microsoft.dataprotection/BackupVaults/v`,
        roles: ["Microsoft.DataProtection/backupVaults/Backup-Operator"],
      },
    },
    catalogue,
  );
  assert.deepEqual(out.roles, ["Microsoft.DataProtection/backupVaults/Backup-Operator"]);
});

test("the catalogue names each role once per source resource type", () => {
  const keys = catalogue.roles.map((r) => `${r.sourceResourceType}/${r.name}`.toLowerCase());
  assert.equal(new Set(keys).size, keys.length);
});
