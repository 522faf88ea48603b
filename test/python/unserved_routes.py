"""Official AKS operations aks-emulator does not serve yet, as Debian's Python SDK reports them
(azure-mgmt-containerservice 21.1.0 at api-version 2022-11-01, azure-core 1.26).

Run by test/integration/python-sdk.test.ts after `eval "$(aks-emulator env)"`. The emulator answers
501 NotImplementedInEmulator naming the operation and its type or action (docs/fidelity.md
"Official operation not emulated yet"). What this checks: the SDK raises HttpResponseError (not
ResourceNotFoundError, which would read as "absent"), `str(e)` starts with the code and carries the
message, and azure-core's RetryPolicy sends the request once (it retries 408, 429, 500, 502, 503,
504 and 506+, not 501).
"""
import os
import unittest

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.core.pipeline.policies import SansIOHTTPPolicy
from azure.core.rest import HttpRequest
from azure.identity import DefaultAzureCredential
from azure.mgmt.containerservice import ContainerServiceClient
from azure.mgmt.core.exceptions import ARMErrorFormat
from azure.mgmt.resource import ResourceManagementClient

ENDPOINT = os.environ["AKS_EMULATOR_ENDPOINT"]
SUBSCRIPTION = os.environ["AKS_EMULATOR_SUBSCRIPTION_ID"]
RG = "py-unserved"
CLUSTER = "pyunserved"
LOCATION = "eastus"


class CountAttempts(SansIOHTTPPolicy):
    """Placed after the RetryPolicy: sees every attempt the SDK sends."""

    def __init__(self):
        self.count = 0

    def on_request(self, request):
        self.count += 1


class UnservedRoutes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        credential = DefaultAzureCredential()
        cls.attempts = CountAttempts()
        cls.resources = ResourceManagementClient(credential, SUBSCRIPTION, base_url=ENDPOINT)
        cls.aks = ContainerServiceClient(credential, SUBSCRIPTION, base_url=ENDPOINT, per_retry_policies=[cls.attempts])
        cls.resources.resource_groups.create_or_update(RG, {"location": LOCATION})
        cls.aks.managed_clusters.begin_create_or_update(RG, CLUSTER, {
            "location": LOCATION,
            "dns_prefix": "pyunserved",
            "identity": {"type": "SystemAssigned"},
            "agent_pool_profiles": [{"name": "nodepool1", "count": 1, "vm_size": "Standard_DS2_v2", "mode": "System"}],
        }).result()
        cls.closers = [cls.resources, cls.aks, credential]

    @classmethod
    def tearDownClass(cls):
        cls.resources.resource_groups.begin_delete(RG).result()
        for c in cls.closers:
            c.close()

    def assert_not_emulated(self, call, operation_id, type_or_action):
        self.attempts.count = 0
        with self.assertRaises(HttpResponseError) as raised:
            call()
        e = raised.exception
        self.assertNotIsInstance(e, ResourceNotFoundError, str(e))
        self.assertEqual(e.status_code, 501, str(e))
        self.assertEqual(e.error.code, "NotImplementedInEmulator", str(e))
        self.assertTrue(str(e).startswith("(NotImplementedInEmulator) "), str(e))
        self.assertIn(f"'{operation_id}'", str(e))
        self.assertIn(f"'Microsoft.ContainerService/{type_or_action}'", str(e))
        self.assertIn("does not emulate", str(e))
        self.assertEqual(self.attempts.count, 1, "the SDK retried a 501")

    def test_managed_namespaces(self):
        # 21.1.0 has no operation aks-emulator leaves unserved at any api-version it knows (its last,
        # managed_clusters.get_os_options, is served: os_options.py). An operation of a newer API goes
        # through the same client pipeline and is raised as its generated operations raise errors.
        path = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{RG}/providers/Microsoft.ContainerService/managedClusters/{CLUSTER}/managedNamespaces/team1"

        def call():
            response = self.aks._client.send_request(HttpRequest("GET", f"{ENDPOINT}{path}?api-version=2026-04-01"))
            if response.status_code != 200:
                raise HttpResponseError(response=response, error_format=ARMErrorFormat)

        self.assert_not_emulated(call, "ManagedNamespaces_Get", "managedClusters/managedNamespaces")

    def test_served_operations_still_work(self):
        self.assertEqual(self.aks.managed_clusters.get(RG, CLUSTER).name, CLUSTER)
        with self.assertRaises(ResourceNotFoundError):
            self.aks.managed_clusters.get(RG, "no-such-cluster")


if __name__ == "__main__":
    unittest.main(verbosity=2)
