"""Maintenance configurations through Debian's python3-azure, unchanged: azure-mgmt-containerservice 21.1.0
at api-version 2022-11-01, where a configuration has only timeInWeek and notAllowedTime (no maintenanceWindow).

Run by test/integration/maintenance-configurations.test.ts with /usr/bin/python3 in a shell that did only
`eval "$(aks-emulator env)"`. It lives in a folder of its own so that python-sdk.test.ts (which runs every
test/python/*.py) does not pick it up before the emulator serves the type; move it next to the others then.

What the 2022-11-01 client needs from the server: 200 from create_or_update (the only status 21.1.0
accepts, and what real AKS answers on create), 200/204 from delete, the default configuration answered as
sent, and AKS's codes for refused names and bodies.
"""
import datetime
import os
import unittest

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.identity import DefaultAzureCredential
from azure.mgmt.containerservice import ContainerServiceClient
from azure.mgmt.containerservice.v2022_11_01.models import MaintenanceConfiguration, TimeInWeek, TimeSpan
from azure.mgmt.resource import ResourceManagementClient

ENDPOINT = os.environ["AKS_EMULATOR_ENDPOINT"]
SUBSCRIPTION = os.environ["AKS_EMULATOR_SUBSCRIPTION_ID"]
RG = "py-maintenance"
CLUSTER = "py-maint"
LOCATION = "eastus"
UTC = datetime.timezone.utc

statuses = []  # (method, url, status) of every recorded response


def record(pipeline_response):
    request = pipeline_response.http_request
    statuses.append((request.method, request.url, pipeline_response.http_response.status_code))


def last_status(method):
    return [s for m, _, s in statuses if m == method][-1]


class MaintenanceConfigurations(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        credential = DefaultAzureCredential()
        cls.resources = ResourceManagementClient(credential, SUBSCRIPTION, base_url=ENDPOINT)
        cls.aks = ContainerServiceClient(credential, SUBSCRIPTION, base_url=ENDPOINT)
        cls.resources.resource_groups.create_or_update(RG, {"location": LOCATION})
        cls.aks.managed_clusters.begin_create_or_update(RG, CLUSTER, {
            "location": LOCATION,
            "dns_prefix": "pymaint",
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

    def test_default_lifecycle(self):
        ops = self.aks.maintenance_configurations
        config = MaintenanceConfiguration(
            time_in_week=[TimeInWeek(day="Monday", hour_slots=[1, 2]), TimeInWeek(day="Saturday", hour_slots=[22, 23])],
            not_allowed_time=[TimeSpan(start=datetime.datetime(2030, 12, 24, 0, 0, tzinfo=UTC), end=datetime.datetime(2030, 12, 26, 12, 0, tzinfo=UTC))],
        )
        created = ops.create_or_update(RG, CLUSTER, "default", config, raw_response_hook=record)
        self.assertEqual(last_status("PUT"), 200)
        self.assertEqual(created.name, "default")
        self.assertTrue(created.id.endswith(f"/resourceGroups/{RG}/providers/Microsoft.ContainerService/managedClusters/{CLUSTER}/maintenanceConfigurations/default"), created.id)
        self.assertEqual([(t.day, t.hour_slots) for t in created.time_in_week], [("Monday", [1, 2]), ("Saturday", [22, 23])])
        self.assertEqual(created.not_allowed_time[0].start, datetime.datetime(2030, 12, 24, 0, 0, tzinfo=UTC))
        self.assertIsNone(created.type)
        self.assertIsNone(created.system_data)

        # An update answers 200 as well.
        updated = ops.create_or_update(RG, CLUSTER, "default", MaintenanceConfiguration(time_in_week=[TimeInWeek(day="Tuesday", hour_slots=[3])]), raw_response_hook=record)
        self.assertEqual(last_status("PUT"), 200)
        self.assertEqual([(t.day, t.hour_slots) for t in updated.time_in_week], [("Tuesday", [3])])
        self.assertIsNone(updated.not_allowed_time)

        got = ops.get(RG, CLUSTER, "default")
        self.assertEqual([(t.day, t.hour_slots) for t in got.time_in_week], [("Tuesday", [3])])
        self.assertIn("default", [c.name for c in ops.list_by_managed_cluster(RG, CLUSTER)])

        ops.delete(RG, CLUSTER, "default", raw_response_hook=record)
        self.assertEqual(last_status("DELETE"), 200)
        ops.delete(RG, CLUSTER, "default", raw_response_hook=record)
        self.assertEqual(last_status("DELETE"), 204)
        with self.assertRaises(ResourceNotFoundError) as raised:
            ops.get(RG, CLUSTER, "default")
        self.assert_code(raised.exception, 404, "ResourceNotFound")
        self.assertNotIn("default", [c.name for c in ops.list_by_managed_cluster(RG, CLUSTER)])
        self.assertTrue(statuses and all("api-version=2022-11-01" in url for _, url, _ in statuses), statuses)

    def test_refused_name(self):
        with self.assertRaises(HttpResponseError) as raised:
            self.aks.maintenance_configurations.create_or_update(RG, CLUSTER, "weekend", MaintenanceConfiguration(time_in_week=[TimeInWeek(day="Sunday")]))
        self.assert_code(raised.exception, 400, "InvalidParameter")
        self.assertIn("Only 'default', 'aksManagedAutoUpgradeSchedule' and 'aksManagedNodeOSUpgradeSchedule' are allowed configNames", str(raised.exception))

    def test_refused_bodies(self):
        ops = self.aks.maintenance_configurations
        # A managed-name configuration needs maintenanceWindow, which 2022-11-01 cannot send.
        for body in (MaintenanceConfiguration(), MaintenanceConfiguration(time_in_week=[TimeInWeek(day="Monday", hour_slots=[1])])):
            with self.assertRaises(HttpResponseError) as raised:
                ops.create_or_update(RG, CLUSTER, "aksManagedAutoUpgradeSchedule", body)
            self.assert_code(raised.exception, 400, "InvalidParameter")
        with self.assertRaises(HttpResponseError) as raised:
            ops.create_or_update(RG, CLUSTER, "default", MaintenanceConfiguration(time_in_week=[TimeInWeek(day="Monday", hour_slots=[24])]))
        self.assert_code(raised.exception, 400, "InvalidParameter")
        self.assertEqual(raised.exception.error.target, "timeInWeek[0].hourSlots[0]")
        with self.assertRaises(HttpResponseError) as raised:
            ops.create_or_update(RG, CLUSTER, "default", MaintenanceConfiguration())
        self.assert_code(raised.exception, 400, "InvalidParameter")

    def test_missing_cluster(self):
        with self.assertRaises(ResourceNotFoundError) as raised:
            list(self.aks.maintenance_configurations.list_by_managed_cluster(RG, "no-such-cluster"))
        self.assert_code(raised.exception, 404, "ResourceNotFound")
        self.assertIn("Microsoft.ContainerService/managedClusters/no-such-cluster", str(raised.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
