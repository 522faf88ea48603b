"""A cluster's stop and start through Debian's Python SDK (azure-mgmt-containerservice 21.1.0, api-version
2022-11-01): managed_clusters.begin_stop and begin_start, polled by the SDK's default poller.

Run by test/integration/python-sdk.test.ts after `eval "$(aks-emulator env)"`.
"""
import unittest

from azure.core.exceptions import HttpResponseError

from _support import ClusterTestCase

RG = "py-power"
CLUSTER = "pypower"


class ClusterPower(ClusterTestCase):
    RG = RG
    CLUSTER = CLUSTER

    def test_stop_then_start(self):
        self.aks.managed_clusters.begin_stop(RG, CLUSTER).result()
        stopped = self.aks.managed_clusters.get(RG, CLUSTER)
        self.assertEqual(stopped.power_state.code, "Stopped")
        self.assertEqual(stopped.provisioning_state, "Succeeded")
        self.assertEqual([p.power_state.code for p in stopped.agent_pool_profiles], ["Stopped"])
        with self.assertRaises(HttpResponseError) as raised:
            self.aks.managed_clusters.begin_stop(RG, CLUSTER).result()
        self.assertEqual(raised.exception.status_code, 409)
        self.assertEqual(raised.exception.error.code, "OperationNotAllowed")

        self.aks.managed_clusters.begin_start(RG, CLUSTER).result()
        started = self.aks.managed_clusters.get(RG, CLUSTER)
        self.assertEqual(started.power_state.code, "Running")
        self.assertEqual([p.power_state.code for p in started.agent_pool_profiles], ["Running"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
