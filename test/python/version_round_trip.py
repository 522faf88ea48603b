"""An update through Debian's Python SDK (azure-mgmt-containerservice 21.1.0, api-version 2022-11-01) keeps a
setting only a newer api-version expresses: the SDK reads the cluster into its 2022-11-01 models, which drop
what they do not know, and sends the rest back (docs/fidelity.md "PUT at an older api-version").

The newer setting (properties.nodeProvisioningProfile, first defined after 2022-11-01) is written with a raw
request at 2026-04-01 through the same client's pipeline, as a newer SDK would send it; a raw GET at 2022-11-01
does not show it, one at 2026-04-01 does (docs/fidelity.md "Answers per api-version").

Run by test/integration/python-sdk.test.ts after `eval "$(aks-emulator env)"`.
"""
import time
import unittest

from azure.core.rest import HttpRequest

from _support import ENDPOINT, SUBSCRIPTION, ClusterTestCase

RG = "py-versions-round-trip"
CLUSTER = "pyroundtrip"
NEWER = "2026-04-01"
OLDER = "2022-11-01"


class VersionRoundTrip(ClusterTestCase):
    RG = RG
    CLUSTER = CLUSTER

    def raw(self, method, body=None, version=NEWER):
        url = (f"{ENDPOINT}/subscriptions/{SUBSCRIPTION}/resourceGroups/{RG}/providers/Microsoft.ContainerService"
               f"/managedClusters/{CLUSTER}?api-version={version}")
        response = self.aks._client.send_request(HttpRequest(method, url, json=body))
        self.assertLess(response.status_code, 300, response.text())
        return response.json()

    def settled(self):
        for _ in range(300):
            cluster = self.raw("GET")
            if cluster["properties"]["provisioningState"] == "Succeeded":
                return cluster
            time.sleep(0.1)
        self.fail("the cluster did not settle")

    def test_update_keeps_a_newer_setting(self):
        cluster = self.settled()
        cluster["properties"]["nodeProvisioningProfile"] = {"mode": "Manual"}
        self.raw("PUT", cluster)
        self.assertEqual(self.settled()["properties"]["nodeProvisioningProfile"]["mode"], "Manual")

        # An answer at 2022-11-01 carries only what that version defines (docs/fidelity.md "Answers per api-version").
        older = self.raw("GET", version=OLDER)
        self.assertNotIn("nodeProvisioningProfile", older["properties"])
        self.assertNotIn("eTag", older)
        self.assertEqual(older["properties"]["dnsPrefix"], cluster["properties"]["dnsPrefix"])

        # The 2022-11-01 models have no node_provisioning_profile: the update's body leaves it out.
        mc = self.aks.managed_clusters.get(RG, CLUSTER)
        self.assertFalse(hasattr(mc, "node_provisioning_profile"))
        mc.tags = {"updated-by": "python-2022-11-01"}
        updated = self.aks.managed_clusters.begin_create_or_update(RG, CLUSTER, mc).result()
        self.assertEqual(updated.tags, {"updated-by": "python-2022-11-01"})

        after = self.settled()
        self.assertEqual(after["tags"], {"updated-by": "python-2022-11-01"})
        self.assertEqual(after["properties"]["nodeProvisioningProfile"]["mode"], "Manual")
        self.assertNotIn("nodeProvisioningProfile", self.raw("GET", version=OLDER)["properties"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
