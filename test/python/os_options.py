"""A location's OS options as Debian's Python SDK reads them (azure-mgmt-containerservice 21.1.0 at
api-version 2022-11-01, `managed_clusters.get_os_options`; the operation is gone from 2026-04-01).

Run by test/integration/python-sdk.test.ts after `eval "$(aks-emulator env)"`. What the emulator
answers: docs/fidelity.md "OS options".
"""
import os
import unittest

from azure.core.exceptions import HttpResponseError
from azure.identity import DefaultAzureCredential
from azure.mgmt.containerservice import ContainerServiceClient

ENDPOINT = os.environ["AKS_EMULATOR_ENDPOINT"]
SUBSCRIPTION = os.environ["AKS_EMULATOR_SUBSCRIPTION_ID"]


class OSOptions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.credential = DefaultAzureCredential()
        cls.aks = ContainerServiceClient(cls.credential, SUBSCRIPTION, base_url=ENDPOINT)

    @classmethod
    def tearDownClass(cls):
        cls.aks.close()
        cls.credential.close()

    def test_each_os_type_with_and_without_fips(self):
        profile = self.aks.managed_clusters.get_os_options("eastus")
        self.assertEqual(profile.name, "default")
        self.assertEqual(profile.type, "Microsoft.ContainerService/locations/osOptions")
        self.assertEqual(profile.id, f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.ContainerService/locations/eastus/osOptions/default")
        options = sorted((o.os_type, o.enable_fips_image) for o in profile.os_option_property_list)
        self.assertEqual(options, [("Linux", False), ("Linux", True), ("Windows", False), ("Windows", True)])

    def test_resource_type_managed_clusters(self):
        profile = self.aks.managed_clusters.get_os_options("eastus", resource_type="managedClusters")
        self.assertEqual(len(profile.os_option_property_list), 4)

    def test_a_location_aks_does_not_serve(self):
        with self.assertRaises(HttpResponseError) as raised:
            self.aks.managed_clusters.get_os_options("atlantis")
        self.assertEqual(raised.exception.status_code, 400)
        self.assertEqual(raised.exception.error.code, "LocationNotAvailableForResourceType")


if __name__ == "__main__":
    unittest.main(verbosity=2)
