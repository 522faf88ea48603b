"""Agent pools through Debian's Python SDK (azure-mgmt-containerservice 21.1.0, api-version 2022-11-01).

Run by test/integration/python-sdk.test.ts after `eval "$(aks-emulator env)"`: a user pool added with
agent_pools.begin_create_or_update, listed, read, scaled, seen in the cluster's agent_pool_profiles,
and deleted with begin_delete, each long-running call polled by the SDK's default poller.
"""
import unittest

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

from _support import ClusterTestCase

RG = "py-pools"
CLUSTER = "pypools"


class AgentPools(ClusterTestCase):
    RG = RG
    CLUSTER = CLUSTER

    def test_create_list_get_scale_delete(self):
        created = self.aks.agent_pools.begin_create_or_update(RG, CLUSTER, "userpool", {"count": 2, "vm_size": "Standard_D4s_v5", "mode": "User"}).result()
        self.assertEqual(created.name, "userpool")
        self.assertEqual(created.provisioning_state, "Succeeded")
        self.assertEqual(created.count, 2)
        self.assertEqual(created.mode, "User")
        self.assertEqual(created.type, "Microsoft.ContainerService/managedClusters/agentPools")

        names = sorted(p.name for p in self.aks.agent_pools.list(RG, CLUSTER))
        self.assertEqual(names, ["nodepool1", "userpool"])
        got = self.aks.agent_pools.get(RG, CLUSTER, "userpool")
        self.assertEqual(got.vm_size, "Standard_D4s_v5")
        self.assertEqual(got.orchestrator_version, self.aks.managed_clusters.get(RG, CLUSTER).kubernetes_version)

        got.count = 3
        scaled = self.aks.agent_pools.begin_create_or_update(RG, CLUSTER, "userpool", got).result()
        self.assertEqual(scaled.count, 3)
        profiles = {p.name: p.count for p in self.aks.managed_clusters.get(RG, CLUSTER).agent_pool_profiles}
        self.assertEqual(profiles, {"nodepool1": 1, "userpool": 3})

        self.aks.agent_pools.begin_delete(RG, CLUSTER, "userpool").result()
        with self.assertRaises(ResourceNotFoundError):
            self.aks.agent_pools.get(RG, CLUSTER, "userpool")
        self.assertEqual([p.name for p in self.aks.managed_clusters.get(RG, CLUSTER).agent_pool_profiles], ["nodepool1"])

    def test_changing_the_vm_size_is_refused(self):
        pool = self.aks.agent_pools.get(RG, CLUSTER, "nodepool1")
        pool.vm_size = "Standard_D8s_v5"
        with self.assertRaises(HttpResponseError) as raised:
            self.aks.agent_pools.begin_create_or_update(RG, CLUSTER, "nodepool1", pool).result()
        self.assertEqual(raised.exception.status_code, 400)
        self.assertEqual(raised.exception.error.code, "PropertyChangeNotAllowed")


if __name__ == "__main__":
    unittest.main(verbosity=2)
