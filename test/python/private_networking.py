"""The private-networking scenario through Debian's python3-azure, unchanged.

azure-mgmt-containerservice 21.1.0 (api-version 2022-11-01), azure-mgmt-network 23.0.0b1 (2022-07-01),
azure-mgmt-resource and azure-identity 1.13.0b2 with DefaultAzureCredential. Run by
test/integration/python-sdk.test.ts with /usr/bin/python3 in a shell that did only
`eval "$(aks-emulator env)"`: the endpoint and subscription come from AKS_EMULATOR_*, the token from
the managed-identity variables, the CA trust from REQUESTS_CA_BUNDLE.

test/integration/proxy.test.ts runs it again after `eval "$(aks-emulator env --proxy)"` only: then there
is no AKS_EMULATOR_ENDPOINT and the clients get no base_url at all (they talk to
https://management.azure.com through HTTPS_PROXY), the subscription is AZURE_SUBSCRIPTION_ID, and the
credential is DefaultAzureCredential (AZURE_CLIENT_* variables) or, with AKS_TEST_CREDENTIAL=client-secret,
ClientSecretCredential. AKS_TEST_SUFFIX keeps two runs against one instance apart.

Every response is recorded (raw_response_hook) so that the tests can check the statuses the SDK saw,
and every call is timed: the SDK polls at the emulator's Retry-After (1 s), not at its own 30 s default.
"""
import os
import time
import unittest

from azure.core.exceptions import ResourceNotFoundError
from azure.identity import ClientSecretCredential, DefaultAzureCredential
from azure.mgmt.containerservice import ContainerServiceClient
from azure.mgmt.network import NetworkManagementClient
from azure.mgmt.resource import ResourceManagementClient

ENDPOINT = os.environ.get("AKS_EMULATOR_ENDPOINT")  # unset through the interception proxy
SUBSCRIPTION = os.environ.get("AKS_EMULATOR_SUBSCRIPTION_ID") or os.environ["AZURE_SUBSCRIPTION_ID"]
RG = "py-private-networking" + os.environ.get("AKS_TEST_SUFFIX", "")
CLUSTER = "py-private"
LOCATION = "eastus"

# One long-running call: a PUT, an immediate poll (InProgress), a poll 1 s later (Succeeded), a final GET.
# Without Retry-After the SDK would wait 30 s per poll.
LRO_LIMIT_S = 6.0
CALL_LIMIT_S = 2.0

responses = []  # (method, url, status, Retry-After, long-running: an operation URL header or 202)


def record(pipeline_response):
    request = pipeline_response.http_request
    response = pipeline_response.http_response
    headers = response.headers
    long_running = response.status_code == 202 or "Azure-AsyncOperation" in headers or "Location" in headers
    responses.append((request.method, request.url, response.status_code, headers.get("Retry-After"), long_running))


def since(mark):
    return responses[mark:]


class Timed:
    """`with Timed(self, "what", limit):` fails the test when the block takes longer than `limit` seconds."""

    def __init__(self, test, what, limit):
        self.test, self.what, self.limit = test, what, limit

    def __enter__(self):
        self.start = time.monotonic()
        return self

    def __exit__(self, *exc):
        elapsed = time.monotonic() - self.start
        print(f"  {self.what}: {elapsed:.2f} s")
        if exc[0] is None:
            self.test.assertLess(elapsed, self.limit, f"{self.what} took {elapsed:.1f} s")
        return False


class PrivateNetworking(unittest.TestCase):
    """Numbered: each step builds on the one before (unittest runs them in name order)."""

    @classmethod
    def setUpClass(cls):
        if os.environ.get("AKS_TEST_CREDENTIAL") == "client-secret":
            credential = ClientSecretCredential(os.environ["AZURE_TENANT_ID"], os.environ["AZURE_CLIENT_ID"], os.environ["AZURE_CLIENT_SECRET"])
        else:
            credential = DefaultAzureCredential()
        options = {"raw_response_hook": record}
        if ENDPOINT:
            options["base_url"] = ENDPOINT
        cls.resources = ResourceManagementClient(credential, SUBSCRIPTION, **options)
        cls.aks = ContainerServiceClient(credential, SUBSCRIPTION, **options)
        cls.network = NetworkManagementClient(credential, SUBSCRIPTION, **options)
        cls.resources.resource_groups.create_or_update(RG, {"location": LOCATION})
        cls.state = {}
        cls.closers = [cls.resources, cls.aks, cls.network, credential]

    @classmethod
    def tearDownClass(cls):
        for c in cls.closers:
            c.close()

    def test_01_private_cluster_create(self):
        mark = len(responses)
        with Timed(self, "managed_clusters.begin_create_or_update(...).result()", LRO_LIMIT_S):
            cluster = self.aks.managed_clusters.begin_create_or_update(RG, CLUSTER, {
                "location": LOCATION,
                "dns_prefix": "pypriv",
                "identity": {"type": "SystemAssigned"},
                "agent_pool_profiles": [{"name": "nodepool1", "count": 1, "vm_size": "Standard_DS2_v2", "mode": "System"}],
                "api_server_access_profile": {"enable_private_cluster": True},
            }).result()
        self.assertEqual(cluster.provisioning_state, "Succeeded")
        self.assertTrue(cluster.api_server_access_profile.enable_private_cluster)
        self.assertRegex(cluster.private_fqdn, r"^pypriv-[0-9a-z]{8}\.[0-9a-f-]{36}\.privatelink\.eastus\.azmk8s\.io$")
        self.assertEqual(cluster.service_principal_profile.client_id, "msi")
        put = since(mark)[0]
        self.assertEqual((put[0], put[2], put[3]), ("PUT", 201, "1"), put)
        self.assertIn("api-version=2022-11-01", put[1])
        polls = [r for r in since(mark) if "/operations/" in r[1]]
        self.assertGreaterEqual(len(polls), 1)
        self.state["cluster"] = cluster

    def test_02_private_endpoint_from_the_network_side(self):
        cluster = self.state["cluster"]
        with Timed(self, "virtual_networks.begin_create_or_update(...).result()", LRO_LIMIT_S):
            vnet = self.network.virtual_networks.begin_create_or_update(RG, "py-vnet", {
                "location": LOCATION,
                "address_space": {"address_prefixes": ["10.10.0.0/16"]},
                "subnets": [{"name": "endpoints", "address_prefix": "10.10.1.0/24"}],
            }).result()
        self.assertEqual(vnet.provisioning_state, "Succeeded")
        self.assertEqual([s.name for s in vnet.subnets], ["endpoints"])
        with Timed(self, "private_endpoints.begin_create_or_update(...).result()", LRO_LIMIT_S):
            endpoint = self.network.private_endpoints.begin_create_or_update(RG, "py-pe", {
                "location": LOCATION,
                "subnet": {"id": vnet.subnets[0].id},
                "manual_private_link_service_connections": [{
                    "name": "py-pe-conn",
                    "private_link_service_id": cluster.id,
                    "group_ids": ["management"],
                    "request_message": "please approve",
                }],
            }).result()
        self.assertEqual(endpoint.provisioning_state, "Succeeded")
        state = endpoint.manual_private_link_service_connections[0].private_link_service_connection_state
        self.assertEqual((state.status, state.description), ("Pending", "please approve"))
        self.state["endpoint"] = endpoint

    def test_03_connections_list_and_get(self):
        endpoint = self.state["endpoint"]
        with Timed(self, "private_endpoint_connections.list", CALL_LIMIT_S):
            listed = self.aks.private_endpoint_connections.list(RG, CLUSTER).value
        by_endpoint = {c.private_endpoint.id.lower(): c for c in listed}
        mine = by_endpoint[endpoint.id.lower()]
        self.assertTrue(mine.name.startswith("py-pe."), mine.name)
        self.assertEqual(mine.private_link_service_connection_state.status, "Pending")
        self.assertEqual(mine.id.lower(), f"{self.state['cluster'].id}/privateEndpointConnections/{mine.name}".lower())
        own = [c for c in listed if c.name.startswith("kube-apiserver.")]
        self.assertEqual(len(own), 1, [c.name for c in listed])
        self.assertEqual(own[0].private_link_service_connection_state.status, "Approved")
        with Timed(self, "private_endpoint_connections.get", CALL_LIMIT_S):
            got = self.aks.private_endpoint_connections.get(RG, CLUSTER, mine.name)
        self.assertEqual((got.id, got.provisioning_state), (mine.id, "Succeeded"))
        self.state["connection"] = mine.name

    def test_04_connection_update_approves(self):
        name = self.state["connection"]
        with Timed(self, "private_endpoint_connections.update", CALL_LIMIT_S):
            updated = self.aks.private_endpoint_connections.update(RG, CLUSTER, name, {
                "private_link_service_connection_state": {"status": "Approved", "description": "approved by python"},
            })
        self.assertEqual(updated.private_link_service_connection_state.status, "Approved")
        self.assertEqual(updated.private_link_service_connection_state.description, "approved by python")
        endpoint = self.network.private_endpoints.get(RG, "py-pe")
        state = endpoint.manual_private_link_service_connections[0].private_link_service_connection_state
        self.assertEqual((state.status, state.description), ("Approved", "approved by python"))

    def test_05_private_link_resources_and_resolve(self):
        with Timed(self, "private_link_resources.list", CALL_LIMIT_S):
            resources = self.aks.private_link_resources.list(RG, CLUSTER).value
        self.assertEqual([(r.name, r.group_id, r.required_members) for r in resources], [("management", "management", ["management"])])
        service_id = resources[0].private_link_service_id
        self.assertRegex(service_id, r"^/subscriptions/[0-9a-f-]{36}/resourceGroups/hcp-underlay-eastus-cx-\d+/providers/Microsoft\.Network/privateLinkServices/[0-9a-f]{32}$")
        with Timed(self, "resolve_private_link_service_id.post", CALL_LIMIT_S):
            resolved = self.aks.resolve_private_link_service_id.post(RG, CLUSTER, {"name": "management"})
        self.assertEqual(resolved.private_link_service_id, service_id)

    def test_06_connection_begin_delete(self):
        name = self.state["connection"]
        mark = len(responses)
        with Timed(self, "private_endpoint_connections.begin_delete(...).result()", LRO_LIMIT_S):
            self.aks.private_endpoint_connections.begin_delete(RG, CLUSTER, name).result()
        delete = since(mark)[0]
        self.assertEqual(delete[0], "DELETE")
        # docs/fidelity.md "Private endpoint connection DELETE":
        # azure-mgmt-containerservice 21.1.0 accepts only 200/204 here; a 202 fails with "invalid status 'Accepted'".
        self.assertIn(delete[2], (200, 204), delete)
        with self.assertRaises(ResourceNotFoundError) as raised:
            self.aks.private_endpoint_connections.get(RG, CLUSTER, name)
        self.assertEqual(raised.exception.error.code, "ResourceNotFound")
        remaining = [c.name for c in self.aks.private_endpoint_connections.list(RG, CLUSTER).value]
        self.assertNotIn(name, remaining)
        endpoint = self.network.private_endpoints.get(RG, "py-pe")
        self.assertEqual(endpoint.manual_private_link_service_connections[0].private_link_service_connection_state.status, "Disconnected")

    def test_07_cleanup(self):
        with Timed(self, "private_endpoints.begin_delete(...).result()", LRO_LIMIT_S):
            self.network.private_endpoints.begin_delete(RG, "py-pe").result()
        with Timed(self, "managed_clusters.begin_delete(...).result()", LRO_LIMIT_S):
            self.aks.managed_clusters.begin_delete(RG, CLUSTER).result()
        with self.assertRaises(ResourceNotFoundError):
            self.aks.managed_clusters.get(RG, CLUSTER)
        with Timed(self, "resource_groups.begin_delete(...).result()", LRO_LIMIT_S):
            self.resources.resource_groups.begin_delete(RG).result()

    def test_08_long_running_answers_carry_retry_after_1(self):
        # docs/fidelity.md "Retry-After on long-running operations":
        # every long-running answer (operation URL header or 202) the SDK saw asked for a 1 s interval.
        lro = [r for r in responses if r[4]]
        self.assertGreater(len(lro), 0)
        self.assertEqual({r[3] for r in lro}, {"1"}, lro)

    def test_09_requests_went_to_the_configured_host(self):
        # Direct: the emulator's endpoint. Through the proxy: the real ARM host (no base_url at all).
        expected = (ENDPOINT or "https://management.azure.com").rstrip("/") + "/"
        self.assertEqual({r[1][:len(expected)] for r in responses}, {expected})


if __name__ == "__main__":
    unittest.main(verbosity=2)
