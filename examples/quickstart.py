# Run after: eval "$(npx aks-emulator env)"   (Debian: /usr/bin/python3 with python3-azure)
import os

from azure.core.exceptions import ResourceNotFoundError
from azure.identity import DefaultAzureCredential
from azure.mgmt.containerservice import ContainerServiceClient
from azure.mgmt.resource import ResourceManagementClient

endpoint = os.environ["AKS_EMULATOR_ENDPOINT"]
subscription_id = os.environ["AKS_EMULATOR_SUBSCRIPTION_ID"]
credential = DefaultAzureCredential()
resources = ResourceManagementClient(credential, subscription_id, base_url=endpoint)
aks = ContainerServiceClient(credential, subscription_id, base_url=endpoint)

resources.resource_groups.create_or_update("quickstart-py-rg", {"location": "eastus"})
cluster = aks.managed_clusters.begin_create_or_update("quickstart-py-rg", "quickstart-py-aks", {
    "location": "eastus",
    "dns_prefix": "quickstart-py",
    "identity": {"type": "SystemAssigned"},
    "agent_pool_profiles": [{"name": "nodepool1", "count": 1, "vm_size": "Standard_DS2_v2", "mode": "System"}],
    "api_server_access_profile": {"enable_private_cluster": True},
}).result()
print(f"created {cluster.name}: {cluster.provisioning_state}, private fqdn {cluster.private_fqdn}")

for resource in aks.private_link_resources.list("quickstart-py-rg", "quickstart-py-aks").value:
    print(f"private link resource {resource.name}: group {resource.group_id}")
for connection in aks.private_endpoint_connections.list("quickstart-py-rg", "quickstart-py-aks").value:
    print(f"connection {connection.name.split('.')[0]}: {connection.private_link_service_connection_state.status}")

try:
    aks.managed_clusters.get("quickstart-py-rg", "no-such-cluster")
except ResourceNotFoundError as e:
    print(f"not found: {e.status_code} {e.error.code}")

aks.managed_clusters.begin_delete("quickstart-py-rg", "quickstart-py-aks").result()
print("deleted quickstart-py-aks")
resources.resource_groups.begin_delete("quickstart-py-rg").result()
print("deleted quickstart-py-rg")
