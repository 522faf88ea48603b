"""What the test/python files that need a cluster share: the emulator's endpoint and subscription
(set by `eval "$(aks-emulator env)"`), and a TestCase whose class set-up makes a resource group and a
System-assigned cluster in it, and whose tear-down deletes the group.

Not a test: test/integration/python-sdk.test.ts runs every test/python/*.py but those starting with `_`.
"""
import os
import unittest

from azure.identity import DefaultAzureCredential
from azure.mgmt.containerservice import ContainerServiceClient
from azure.mgmt.resource import ResourceManagementClient

ENDPOINT = os.environ["AKS_EMULATOR_ENDPOINT"]
SUBSCRIPTION = os.environ["AKS_EMULATOR_SUBSCRIPTION_ID"]
LOCATION = "eastus"


class ClusterTestCase(unittest.TestCase):
    """Subclasses set RG and CLUSTER (and NODE_COUNT for the system pool)."""

    RG = ""
    CLUSTER = ""
    NODE_COUNT = 1

    @classmethod
    def setUpClass(cls):
        credential = DefaultAzureCredential()
        cls.resources = ResourceManagementClient(credential, SUBSCRIPTION, base_url=ENDPOINT)
        cls.aks = ContainerServiceClient(credential, SUBSCRIPTION, base_url=ENDPOINT)
        cls.closers = [cls.resources, cls.aks, credential]
        cls.resources.resource_groups.create_or_update(cls.RG, {"location": LOCATION})
        cls.aks.managed_clusters.begin_create_or_update(cls.RG, cls.CLUSTER, {
            "location": LOCATION,
            "dns_prefix": cls.CLUSTER,
            "identity": {"type": "SystemAssigned"},
            "agent_pool_profiles": [{"name": "nodepool1", "count": cls.NODE_COUNT, "vm_size": "Standard_DS2_v2", "mode": "System"}],
        }).result()

    @classmethod
    def tearDownClass(cls):
        cls.resources.resource_groups.begin_delete(cls.RG).result()
        for c in cls.closers:
            c.close()
