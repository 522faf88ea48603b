"""Microsoft.Authorization through Debian's Python SDK (azure-mgmt-authorization 3.0.0): the built-in
role definitions by name, and a role assignment created, listed, read and deleted at a resource group,
at the SDK's default api-version (2022-04-01) and at the ones az 2.45 sends (2020-04-01-preview for
assignments, 2018-01-01-preview for definitions).

Run by test/integration/python-sdk.test.ts after `eval "$(aks-emulator env)"`.
"""
import os
import unittest
import uuid

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.identity import DefaultAzureCredential
from azure.mgmt.authorization import AuthorizationManagementClient
from azure.mgmt.resource import ResourceManagementClient
from azure.profiles import ProfileDefinition

ENDPOINT = os.environ["AKS_EMULATOR_ENDPOINT"]
SUBSCRIPTION = os.environ["AKS_EMULATOR_SUBSCRIPTION_ID"]
RG = "py-roles"
PRINCIPAL = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"


class RoleAssignments(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.credential = DefaultAzureCredential()
        cls.resources = ResourceManagementClient(cls.credential, SUBSCRIPTION, base_url=ENDPOINT)
        cls.resources.resource_groups.create_or_update(RG, {"location": "eastus"})
        cls.scope = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{RG}"

    @classmethod
    def tearDownClass(cls):
        cls.resources.resource_groups.begin_delete(RG).result()
        cls.resources.close()
        cls.credential.close()

    def round_trip(self, client, role_name):
        defs = list(client.role_definitions.list(self.scope, filter=f"roleName eq '{role_name}'"))
        self.assertEqual([d.role_name for d in defs], [role_name])
        name = str(uuid.uuid4())
        made = client.role_assignments.create(self.scope, name, {"role_definition_id": defs[0].id, "principal_id": PRINCIPAL})
        self.assertEqual(made.principal_id, PRINCIPAL)
        self.assertEqual(made.scope, self.scope)
        self.assertEqual(made.role_definition_id, defs[0].id)
        at_scope = [a.name for a in client.role_assignments.list_for_scope(self.scope, filter="atScope()") if a.principal_id == PRINCIPAL]
        self.assertEqual(at_scope, [name])
        self.assertEqual(client.role_assignments.get(self.scope, name).name, name)
        with self.assertRaises(HttpResponseError) as again:
            client.role_assignments.create(self.scope, str(uuid.uuid4()), {"role_definition_id": defs[0].id, "principal_id": PRINCIPAL})
        self.assertEqual(again.exception.status_code, 409)
        self.assertEqual(again.exception.error.code, "RoleAssignmentExists")
        client.role_assignments.delete(self.scope, name)
        with self.assertRaises(ResourceNotFoundError):
            client.role_assignments.get(self.scope, name)

    def test_default_api_version(self):
        with AuthorizationManagementClient(self.credential, SUBSCRIPTION, base_url=ENDPOINT) as client:
            self.round_trip(client, "Network Contributor")

    def test_az_api_versions(self):
        # An API profile, as az's get_mgmt_service_client builds one.
        profile = ProfileDefinition(
            {"azure.mgmt.authorization.AuthorizationManagementClient": {None: "2020-04-01-preview", "role_definitions": "2018-01-01-preview"}},
            "az-2.45",
        )
        with AuthorizationManagementClient(self.credential, SUBSCRIPTION, base_url=ENDPOINT, profile=profile) as client:
            self.round_trip(client, "Private DNS Zone Contributor")


if __name__ == "__main__":
    unittest.main()
