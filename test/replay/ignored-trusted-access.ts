import type { ExampleIgnores } from "./harness.js";
import { OPERATION_LOCATION } from "./ignored-actions.js";

/**
 * The ignore lists of the trusted access and OS options examples (replayed by trusted-access.test.ts;
 * spread into IGNORED in ignored.ts). See the header of ignored.ts for the reason kinds.
 */

/** The examples trusted-access.test.ts replays, and how. */
export const TRUSTED_ACCESS_EXAMPLES = [
  { file: "2026-04-01/examples/TrustedAccessRoles_List.json", kind: "roles" },
  { file: "2026-03-01/examples/TrustedAccessRoleBindings_CreateOrUpdate.json", kind: "put" },
  { file: "2026-03-01/examples/TrustedAccessRoleBindings_Get.json", kind: "get" },
  { file: "2026-04-01/examples/TrustedAccessRoleBindings_List.json", kind: "list" },
  { file: "2026-04-01/examples/TrustedAccessRoleBindings_Delete.json", kind: "delete" },
  { file: "2022-11-01/examples/ContainerServiceGetOSOptions.json", kind: "osOptions" },
] as const;

const BINDING_STATE = {
  pointer: "/properties/provisioningState",
  reason: 'real traffic wins: docs/sources.md "Trusted access" (real answers carry the binding\'s provisioningState, which no example shows)',
};

export const TRUSTED_ACCESS_IGNORED: Record<string, ExampleIgnores> = {
  "2026-04-01/examples/TrustedAccessRoles_List.json": {
    ignore: {
      "200": [
        {
          pointer: "/value",
          reason:
            'real traffic wins: docs/sources.md "Trusted access" (the catalogue real AKS lists: seven roles of three source resource types, no empty resourceNames or nonResourceURLs; the example\'s one role, a "reader" of workspaces, is a placeholder)',
        },
      ],
    },
  },
  "2026-03-01/examples/TrustedAccessRoleBindings_CreateOrUpdate.json": { ignore: { "*": [BINDING_STATE] } },
  "2026-03-01/examples/TrustedAccessRoleBindings_Get.json": { ignore: { "200": [BINDING_STATE] } },
  "2026-04-01/examples/TrustedAccessRoleBindings_List.json": { ignore: { "200": [{ ...BINDING_STATE, pointer: "/value/0/properties/provisioningState" }] } },
  "2026-04-01/examples/TrustedAccessRoleBindings_Delete.json": { ignore: { "202": OPERATION_LOCATION } },
  "2022-11-01/examples/ContainerServiceGetOSOptions.json": {
    ignore: {
      "200": [
        {
          pointer: "/properties/osOptionPropertyList",
          reason:
            'real traffic wins: docs/sources.md "OS options" (real AKS also lists each OS type with a FIPS-enabled image; the example shows only the two without)',
          expect: [
            { "os-type": "Linux", "enable-fips-image": false },
            { "os-type": "Linux", "enable-fips-image": true },
            { "os-type": "Windows", "enable-fips-image": false },
            { "os-type": "Windows", "enable-fips-image": true },
          ],
        },
      ],
    },
  },
};
