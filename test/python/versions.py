"""Kubernetes versions and upgrades as Debian's Python SDK sees them (azure-mgmt-containerservice 21.1.0
at api-version 2022-11-01, which has managed_clusters.get_upgrade_profile but no
list_kubernetes_versions): the upgrade profile, a control-plane-only upgrade through
begin_create_or_update, and AKS's refusal of a skipped minor version and of a downgrade.

Run by test/integration/python-sdk.test.ts after `eval "$(aks-emulator env)"`. The versions are the
built-in catalogue's (docs/version-catalogue.md).
"""
import os
import unittest

from azure.core.exceptions import HttpResponseError
from azure.identity import DefaultAzureCredential
from azure.mgmt.containerservice import ContainerServiceClient
from azure.mgmt.resource import ResourceManagementClient

ENDPOINT = os.environ["AKS_EMULATOR_ENDPOINT"]
SUBSCRIPTION = os.environ["AKS_EMULATOR_SUBSCRIPTION_ID"]
RG = "py-versions"
LOCATION = "eastus"


def cluster_body(version, pool_version=None):
    pool = {"name": "nodepool1", "count": 1, "vm_size": "Standard_DS2_v2", "mode": "System"}
    if pool_version:
        pool["orchestrator_version"] = pool_version
    return {
        "location": LOCATION,
        "dns_prefix": "pyver",
        "identity": {"type": "SystemAssigned"},
        "kubernetes_version": version,
        "agent_pool_profiles": [pool],
    }


class Versions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        credential = DefaultAzureCredential()
        cls.resources = ResourceManagementClient(credential, SUBSCRIPTION, base_url=ENDPOINT)
        cls.aks = ContainerServiceClient(credential, SUBSCRIPTION, base_url=ENDPOINT)
        cls.resources.resource_groups.create_or_update(RG, {"location": LOCATION})
        cls.closers = [cls.resources, cls.aks, credential]

    @classmethod
    def tearDownClass(cls):
        cls.resources.resource_groups.begin_delete(RG).result()
        for c in cls.closers:
            c.close()

    def test_upgrade_profile_and_control_plane_upgrade(self):
        created = self.aks.managed_clusters.begin_create_or_update(RG, "pyver1", cluster_body("1.35.7")).result()
        self.assertEqual(created.current_kubernetes_version, "1.35.7")

        profile = self.aks.managed_clusters.get_upgrade_profile(RG, "pyver1")
        self.assertEqual(profile.name, "default")
        self.assertEqual(profile.control_plane_profile.kubernetes_version, "1.35.7")
        self.assertEqual([u.kubernetes_version for u in profile.control_plane_profile.upgrades], ["1.35.9", "1.36.3", "1.36.5"])
        self.assertEqual([(p.name, p.kubernetes_version) for p in profile.agent_pool_profiles], [("nodepool1", "1.35.7")])

        # The control plane to the next minor; the pool keeps its version.
        upgraded = self.aks.managed_clusters.begin_create_or_update(RG, "pyver1", cluster_body("1.36.5", "1.35.7")).result()
        self.assertEqual(upgraded.current_kubernetes_version, "1.36.5")
        self.assertEqual(upgraded.agent_pool_profiles[0].current_orchestrator_version, "1.35.7")
        profile = self.aks.managed_clusters.get_upgrade_profile(RG, "pyver1")
        self.assertEqual([u.kubernetes_version for u in profile.control_plane_profile.upgrades], ["1.37.1"])

    def test_skipped_minor_and_downgrade_are_refused(self):
        self.aks.managed_clusters.begin_create_or_update(RG, "pyver2", cluster_body("1.35.9")).result()
        for version, verb in (("1.37.1", "Upgrading"), ("1.34.12", "Downgrading")):
            with self.assertRaises(HttpResponseError) as raised:
                self.aks.managed_clusters.begin_create_or_update(RG, "pyver2", cluster_body(version)).result()
            e = raised.exception
            self.assertEqual(e.status_code, 400, str(e))
            self.assertEqual(e.error.code, "OperationNotAllowed", str(e))
            self.assertIn(f"{verb} Kubernetes version 1.35.9 to {version} is not allowed. Available upgrades: [1.36.5 1.36.3].", str(e))
        self.assertEqual(self.aks.managed_clusters.get(RG, "pyver2").current_kubernetes_version, "1.35.9")


if __name__ == "__main__":
    unittest.main(verbosity=2)
