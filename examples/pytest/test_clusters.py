import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.containerservice import ContainerServiceClient
from azure.mgmt.resource import ResourceManagementClient

CLUSTER = {
    "location": "eastus",
    "dns_prefix": "demo",
    "agent_pool_profiles": [{"name": "nodepool1", "count": 1, "vm_size": "Standard_DS2_v2", "mode": "System"}],
}


@pytest.fixture
def aks(emulator):
    options = {"base_url": emulator.endpoint, "connection_verify": emulator.ca_bundle}
    ResourceManagementClient(emulator, emulator.subscription_id, **options).resource_groups.create_or_update("demo-rg", {"location": "eastus"})
    return ContainerServiceClient(emulator, emulator.subscription_id, **options)


def test_creates_a_cluster(aks):
    cluster = aks.managed_clusters.begin_create_or_update("demo-rg", "demo", CLUSTER).result()
    assert cluster.provisioning_state == "Succeeded"


def test_starts_empty(aks):
    assert [c.name for c in aks.managed_clusters.list()] == []


def test_sees_an_injected_error(emulator, aks):
    fault = emulator.control("POST", "/_emulator/faults", {
        "match": {"method": "PUT", "resourceType": "Microsoft.ContainerService/managedClusters"},
        "effect": {"status": 409, "code": "OperationNotAllowed", "message": "injected by the test"},
        "count": 1,
    })
    with pytest.raises(HttpResponseError) as refused:
        aks.managed_clusters.begin_create_or_update("demo-rg", "demo", CLUSTER)
    assert refused.value.status_code == 409
    assert refused.value.error.code == "OperationNotAllowed"
    assert emulator.control("GET", "/_emulator/faults")["value"] == []  # count 1: used up
    assert fault["effect"]["code"] == "OperationNotAllowed"
