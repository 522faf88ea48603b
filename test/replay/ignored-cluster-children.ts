import type { ExampleIgnores, Ignore } from "./harness.js";

/**
 * The managed namespace and identity binding examples (test/fixtures/azure-spec/) replayed by
 * cluster-children.test.ts, and their ignore lists (see the header of ignored.ts for the reason kinds).
 */

export type ChildKind = "nsCreate" | "nsGet" | "nsList" | "nsUpdateTags" | "nsDelete" | "nsListCredential" | "ibCreate" | "ibDelete";

export const CHILD_EXAMPLES: { file: string; kind: ChildKind }[] = [
  { file: "2026-02-01/examples/ManagedNamespacesCreate_Update.json", kind: "nsCreate" },
  { file: "2026-04-01/examples/ManagedNamespacesGet.json", kind: "nsGet" },
  { file: "2026-03-01/examples/ManagedNamespacesList.json", kind: "nsList" },
  { file: "2026-04-01/examples/ManagedNamespacesUpdateTags.json", kind: "nsUpdateTags" },
  { file: "2026-03-01/examples/ManagedNamespacesDelete.json", kind: "nsDelete" },
  { file: "2026-03-01/examples/ManagedNamespacesListCredentialResult.json", kind: "nsListCredential" },
  { file: "2026-04-01/examples/IdentityBindings_Create_Or_Update.json", kind: "ibCreate" },
  { file: "2026-04-01/examples/IdentityBindings_Delete.json", kind: "ibDelete" },
];

const GUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/** A binding's answer: the identity's ids are the emulator's (the example writes zeros), and so are its issuer and ETag. */
const BINDING: Ignore[] = [
  { pointer: "/eTag", reason: "generated value (the binding's ETag; the example writes 'string')", match: GUID },
  { pointer: "/properties/managedIdentity/clientId", reason: "generated value (the identity's client id, as Microsoft.ManagedIdentity gives it)", match: GUID },
  { pointer: "/properties/managedIdentity/objectId", reason: "generated value (the identity's principal id)", match: GUID },
  { pointer: "/properties/managedIdentity/tenantId", reason: "generated value (the emulator's tenant)", match: GUID },
  {
    pointer: "/properties/oidcIssuer/oidcIssuerUrl",
    reason: "fidelity row: Identity binding answers (the issuer in the form learn.microsoft.com/azure/aks/identity-bindings shows)",
    match: "^https://ib\\.oic\\.prod-aks\\.azure\\.com/[0-9a-f-]{36}/[0-9a-f-]{36}$",
  },
];

const OPERATION_ID: Ignore = { pointer: "/headers/location/path/7", reason: "generated value (the operation id)", match: GUID };
const OPERATION_API_VERSION: Ignore = {
  pointer: "/headers/location/query/api-version",
  reason: 'real traffic wins: docs/sources.md "Long-running operation headers" (operation URLs carry api-version=2016-03-30)',
  expect: "2016-03-30",
};

/** A child's id is its cluster's, which real AKS spells `resourcegroups` (the examples: `resourceGroups`), as the agent pools'. */
const childId = (pointer: string, child: string): Ignore => ({
  pointer,
  reason: "real traffic wins: docs/sources.md \"Resource envelope\" (a child's id is its cluster's, whose group segment real AKS writes 'resourcegroups')",
  expect: `/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/${child}`,
});
const NAMESPACE_ID = childId("/id", "managedNamespaces/namespace1");

export const CHILD_IGNORED: Record<string, ExampleIgnores> = {
  "2026-02-01/examples/ManagedNamespacesCreate_Update.json": {
    ignore: {
      "*": [NAMESPACE_ID],
      "201": [
        {
          pointer: "/properties/provisioningState",
          reason: "fidelity row: Managed namespace answers (a create in flight shows Creating; the example's 201 says Updating)",
          expect: "Creating",
        },
      ],
    },
  },
  "2026-04-01/examples/ManagedNamespacesGet.json": { ignore: { "200": [NAMESPACE_ID] } },
  "2026-03-01/examples/ManagedNamespacesList.json": { ignore: { "200": [childId("/value/0/id", "managedNamespaces/namespace1")] } },
  "2026-04-01/examples/ManagedNamespacesUpdateTags.json": {
    ignore: {
      "200": ["/id", "/name", "/type"].map((pointer) => ({
        pointer,
        reason: "example contradicts another example: ManagedNamespacesGet.json (an answer of the resource carries its id, name and type)",
      })),
    },
  },
  "2026-03-01/examples/ManagedNamespacesDelete.json": {
    ignore: {
      "202": [
        OPERATION_ID,
        OPERATION_API_VERSION,
        {
          pointer: "/headers/location/path/6",
          reason:
            "example contradicts another example: ManagedClustersDelete.json, whose Location is AKS's operationresults URL (its operations URL is the Azure-AsyncOperation)",
          expect: "operationresults",
        },
      ],
    },
  },
  "2026-03-01/examples/ManagedNamespacesListCredentialResult.json": {
    ignore: {
      "200": [
        {
          pointer: "/kubeconfigs/0/name",
          reason: "fidelity row: Managed namespace credential (named as the cluster user's, clusterUser)",
          expect: "clusterUser",
        },
        { pointer: "/kubeconfigs/0/value", reason: "generated value (the kubeconfig, base64)" },
      ],
    },
  },
  "2026-04-01/examples/IdentityBindings_Create_Or_Update.json": { ignore: { "*": [...BINDING, childId("/id", "identityBindings/identitybinding1")] } },
  "2026-04-01/examples/IdentityBindings_Delete.json": {
    ignore: {
      "202": [
        {
          pointer: "/headers/Location",
          reason:
            "example contradicts another example: ManagedNamespacesDelete.json and ManagedClustersDelete.json (AKS's operation URLs are locations/{location}/operations|operationresults/{id} in the cluster's subscription, not a group 'myResourceGroup' the example's path does not name)",
          expect: {
            origin: "https://management.azure.com",
            path: [
              "subscriptions",
              "00000000-0000-0000-0000-000000000000",
              "providers",
              "Microsoft.ContainerService",
              "locations",
              "eastus",
              "operationresults",
              "id",
            ],
            query: { "api-version": "2016-03-30" },
          },
        },
        { pointer: "/headers/Location/path/7", reason: "generated value (the operation id)", match: GUID },
      ],
    },
  },
};
