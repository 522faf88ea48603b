"""Error paths as the Python SDK reports them (azure-core 1.26: ResourceNotFoundError, HttpResponseError,
ClientAuthenticationError), through Debian's python3-azure and DefaultAzureCredential.

Run by test/integration/python-sdk.test.ts after `eval "$(aks-emulator env)"`. What users catch:
`.status_code` is the HTTP status, `.error.code` the ARM error code, and `str(e)` starts with
"(<code>) <message>" - the real AKS code, so logs show it.
"""
import os
import unittest

from azure.core.credentials import AccessToken
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceNotFoundError
from azure.identity import DefaultAzureCredential
from azure.mgmt.containerservice import ContainerServiceClient
from azure.mgmt.resource import ResourceManagementClient

ENDPOINT = os.environ["AKS_EMULATOR_ENDPOINT"]
SUBSCRIPTION = os.environ["AKS_EMULATOR_SUBSCRIPTION_ID"]
RG = "py-error-paths"
LOCATION = "eastus"


def cluster_body(**access):
    return {
        "location": LOCATION,
        "dns_prefix": "pyerr",
        "identity": {"type": "SystemAssigned"},
        "agent_pool_profiles": [{"name": "nodepool1", "count": 1, "vm_size": "Standard_DS2_v2", "mode": "System"}],
        "api_server_access_profile": {"enable_private_cluster": True, **access},
    }


class ErrorPaths(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        credential = DefaultAzureCredential()
        cls.resources = ResourceManagementClient(credential, SUBSCRIPTION, base_url=ENDPOINT)
        cls.aks = ContainerServiceClient(credential, SUBSCRIPTION, base_url=ENDPOINT)
        cls.resources.resource_groups.create_or_update(RG, {"location": LOCATION})
        cls.aks.managed_clusters.begin_create_or_update(RG, "pyerr-private", cluster_body()).result()
        cls.aks.managed_clusters.begin_create_or_update(RG, "pyerr-public", {
            "location": LOCATION,
            "dns_prefix": "pyerrpub",
            "agent_pool_profiles": [{"name": "nodepool1", "count": 1, "mode": "System"}],
        }).result()

        cls.closers = [cls.resources, cls.aks, credential]

    @classmethod
    def tearDownClass(cls):
        cls.resources.resource_groups.begin_delete(RG).result()
        for c in cls.closers:
            c.close()

    def assert_code(self, exc, status, code):
        self.assertEqual(exc.status_code, status, str(exc))
        self.assertEqual(exc.error.code, code, str(exc))
        self.assertTrue(str(exc).startswith(f"({code}) "), str(exc))

    def test_missing_cluster_is_resource_not_found(self):
        with self.assertRaises(ResourceNotFoundError) as raised:
            self.aks.managed_clusters.get(RG, "no-such-cluster")
        self.assert_code(raised.exception, 404, "ResourceNotFound")
        self.assertIn("Microsoft.ContainerService/managedClusters/no-such-cluster", str(raised.exception))

    def test_missing_resource_group_is_resource_group_not_found(self):
        with self.assertRaises(ResourceNotFoundError) as raised:
            self.aks.managed_clusters.get("py-no-such-group", "c")
        self.assert_code(raised.exception, 404, "ResourceGroupNotFound")

    def test_missing_private_endpoint_connection_is_resource_not_found(self):
        with self.assertRaises(ResourceNotFoundError) as raised:
            self.aks.private_endpoint_connections.get(RG, "pyerr-private", "nope.00000000-0000-0000-0000-000000000000")
        self.assert_code(raised.exception, 404, "ResourceNotFound")

    def test_invalid_private_dns_zone_id(self):
        with self.assertRaises(HttpResponseError) as raised:
            self.aks.managed_clusters.begin_create_or_update(RG, "pyerr-zone", cluster_body(private_dns_zone="/subscriptions/x/not-a-zone")).result()
        self.assert_code(raised.exception, 400, "InvalidPrivateDNSZoneResourceID")

    def test_private_cluster_with_basic_load_balancer(self):
        body = cluster_body()
        body["network_profile"] = {"load_balancer_sku": "basic"}
        with self.assertRaises(HttpResponseError) as raised:
            self.aks.managed_clusters.begin_create_or_update(RG, "pyerr-basic", body).result()
        self.assert_code(raised.exception, 400, "PrivateClusterNotSupportedWithBasicLoadBalancer")

    def test_changing_enable_private_cluster(self):
        cluster = self.aks.managed_clusters.get(RG, "pyerr-private")
        cluster.api_server_access_profile.enable_private_cluster = False
        with self.assertRaises(HttpResponseError) as raised:
            self.aks.managed_clusters.begin_create_or_update(RG, "pyerr-private", cluster).result()
        self.assert_code(raised.exception, 400, "PropertyChangeNotAllowed")

    def test_invalid_connection_status(self):
        own = self.aks.private_endpoint_connections.list(RG, "pyerr-private").value[0]
        with self.assertRaises(HttpResponseError) as raised:
            self.aks.private_endpoint_connections.update(RG, "pyerr-private", own.name, {
                "private_link_service_connection_state": {"status": "Disconnected"},
            })
        self.assert_code(raised.exception, 400, "InvalidParameter")

    def test_public_cluster_has_no_private_link(self):
        self.assertEqual(self.aks.private_link_resources.list(RG, "pyerr-public").value, [])
        with self.assertRaises(HttpResponseError) as raised:
            self.aks.resolve_private_link_service_id.post(RG, "pyerr-public", {"name": "management"})
        self.assert_code(raised.exception, 400, "InvalidParameter")

    def test_token_from_elsewhere_is_refused(self):
        class ForeignCredential:
            def get_token(self, *scopes, **kwargs):
                # A well-formed JWT the emulator did not sign.
                return AccessToken("eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIn0.c2ln", 4102444800)

        with ContainerServiceClient(ForeignCredential(), SUBSCRIPTION, base_url=ENDPOINT) as client:
            with self.assertRaises(ClientAuthenticationError) as raised:
                client.managed_clusters.get(RG, "pyerr-private")
        self.assert_code(raised.exception, 401, "InvalidAuthenticationToken")


if __name__ == "__main__":
    unittest.main(verbosity=2)
