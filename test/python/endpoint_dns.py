"""A private endpoint's interface, DNS zone group and record through Debian's python3-azure, unchanged.

azure-mgmt-network 23.0.0b1 (api-version 2022-07-01), azure-mgmt-privatedns 1.1.0b1 (2018-09-01),
azure-mgmt-containerservice 21.1.0 (2022-11-01) and azure-identity with DefaultAzureCredential. Run by
test/integration/python-sdk.test.ts with /usr/bin/python3 in a shell that did only
`eval "$(aks-emulator env)"`.
"""
import os
import unittest

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.identity import DefaultAzureCredential
from azure.mgmt.containerservice import ContainerServiceClient
from azure.mgmt.network import NetworkManagementClient
from azure.mgmt.privatedns import PrivateDnsManagementClient
from azure.mgmt.resource import ResourceManagementClient

ENDPOINT = os.environ["AKS_EMULATOR_ENDPOINT"]
SUBSCRIPTION = os.environ["AKS_EMULATOR_SUBSCRIPTION_ID"]
RG = "py-endpoint-dns"
ZONE = "privatelink.eastus.azmk8s.io"


class EndpointDns(unittest.TestCase):
    """Numbered: each step builds on the one before (unittest runs them in name order)."""

    @classmethod
    def setUpClass(cls):
        credential = DefaultAzureCredential()
        cls.resources = ResourceManagementClient(credential, SUBSCRIPTION, base_url=ENDPOINT)
        cls.aks = ContainerServiceClient(credential, SUBSCRIPTION, base_url=ENDPOINT)
        cls.network = NetworkManagementClient(credential, SUBSCRIPTION, base_url=ENDPOINT)
        cls.dns = PrivateDnsManagementClient(credential, SUBSCRIPTION, base_url=ENDPOINT)
        cls.resources.resource_groups.create_or_update(RG, {"location": "eastus"})
        cls.state = {}
        cls.closers = [cls.resources, cls.aks, cls.network, cls.dns, credential]

    @classmethod
    def tearDownClass(cls):
        for c in cls.closers:
            c.close()

    def test_01_endpoint_and_its_interface(self):
        cluster = self.aks.managed_clusters.begin_create_or_update(RG, "pydns", {
            "location": "eastus",
            "dns_prefix": "pydns",
            "identity": {"type": "SystemAssigned"},
            "agent_pool_profiles": [{"name": "nodepool1", "count": 1, "mode": "System"}],
            "api_server_access_profile": {"enable_private_cluster": True},
        }).result()
        vnet = self.network.virtual_networks.begin_create_or_update(RG, "vnet", {
            "location": "eastus",
            "address_space": {"address_prefixes": ["10.30.0.0/16"]},
            "subnets": [{"name": "pe", "address_prefix": "10.30.1.0/24"}],
        }).result()
        endpoint = self.network.private_endpoints.begin_create_or_update(RG, "py-pe", {
            "location": "eastus",
            "subnet": {"id": vnet.subnets[0].id},
            "private_link_service_connections": [{"name": "c", "private_link_service_id": cluster.id, "group_ids": ["management"]}],
        }).result()
        nic = self.network.network_interfaces.get(RG, endpoint.network_interfaces[0].id.split("/")[-1])
        config = nic.ip_configurations[0]
        self.assertEqual(nic.private_endpoint.id, endpoint.id)
        self.assertEqual(endpoint.custom_dns_configs[0].ip_addresses, [config.private_ip_address])
        self.assertEqual(config.private_link_connection_properties.group_id, "management")
        self.assertEqual(config.private_link_connection_properties.fqdns, [cluster.private_fqdn])
        with self.assertRaises(HttpResponseError) as refused:
            self.network.network_interfaces.begin_delete(RG, nic.name).result()
        self.assertEqual(refused.exception.error.code, "CannotModifyNicAttachedToPrivateEndpoint")
        self.state.update(cluster=cluster, endpoint=endpoint, nic=nic)

    def test_02_zone_group_writes_the_record(self):
        cluster, nic = self.state["cluster"], self.state["nic"]
        zone = self.dns.private_zones.begin_create_or_update(RG, ZONE, {"location": "global"}).result()
        group = self.network.private_dns_zone_groups.begin_create_or_update(RG, "py-pe", "default", {
            "private_dns_zone_configs": [{"name": "aks", "private_dns_zone_id": zone.id}],
        }).result()
        name = cluster.private_fqdn[: -len("." + ZONE)]
        record_set = group.private_dns_zone_configs[0].record_sets[0]
        self.assertEqual((record_set.record_type, record_set.record_set_name, record_set.fqdn), ("A", name, cluster.private_fqdn))
        record = self.dns.record_sets.get(RG, ZONE, "A", name)
        self.assertEqual([a.ipv4_address for a in record.a_records], [nic.ip_configurations[0].private_ip_address])
        self.assertEqual(self.dns.private_zones.get(RG, ZONE).number_of_record_sets, 2)
        self.assertEqual(sorted(r.type.split("/")[-1] for r in self.dns.record_sets.list(RG, ZONE)), ["A", "SOA"])

    def test_03_teardown_removes_record_and_interface(self):
        cluster, nic = self.state["cluster"], self.state["nic"]
        self.network.private_endpoints.begin_delete(RG, "py-pe").result()
        name = cluster.private_fqdn[: -len("." + ZONE)]
        with self.assertRaises(ResourceNotFoundError):
            self.dns.record_sets.get(RG, ZONE, "A", name)
        with self.assertRaises(ResourceNotFoundError):
            self.network.network_interfaces.get(RG, nic.name)
        self.resources.resource_groups.begin_delete(RG).result()


if __name__ == "__main__":
    unittest.main()
