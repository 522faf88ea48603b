import type { Store, StoredResource, Write } from "../../store/store.js";

/**
 * The Kubernetes namespaces of a cluster, as far as the emulator knows them: there is no Kubernetes
 * behind a cluster, so only the namespaces its managed namespaces made (managed-namespaces.ts) and
 * those a test seeded (`POST /_emulator/kubernetes-namespaces`, docs/testing-controls.md) exist. Each
 * is a row under the cluster (never answered by ARM; it goes with the cluster), which a managed
 * namespace adopts by its adoption policy and keeps or deletes by its delete policy.
 */

type Obj = Record<string, unknown>;

const NAMESPACE_ROW_TYPE = "Microsoft.ContainerService/managedClusters/kubernetesNamespaces";

/** The label AKS sets on a namespace ARM manages and removes when the managed namespace goes with deletePolicy Keep (learn.microsoft.com/azure/aks/concepts-managed-namespaces). */
export const MANAGED_BY_ARM_LABEL = "kubernetes.azure.com/managedByArm";

/** A Kubernetes namespace's metadata: what the adoption policy compares. */
export interface KubernetesNamespace {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function namespaceKey(clusterKey: string, name: string): string {
  return `${clusterKey}/kubernetesnamespaces/${name.toLowerCase()}`;
}

/** The namespace as stored, or undefined when the cluster has none of that name. */
export async function readKubernetesNamespace(
  store: Store,
  clusterKey: string,
  name: string,
): Promise<{ row: StoredResource; namespace: KubernetesNamespace } | undefined> {
  const row = await store.get(namespaceKey(clusterKey, name));
  return row ? { row, namespace: namespaceOf(row) } : undefined;
}

function namespaceOf(row: StoredResource): KubernetesNamespace {
  const meta = row.body["meta"] as Obj;
  return {
    name: String((row.body["resource"] as Obj)["name"]),
    labels: meta["labels"] as Record<string, string>,
    annotations: meta["annotations"] as Record<string, string>,
  };
}

/** Every namespace the cluster has, in name order. */
export async function listKubernetesNamespaces(store: Store, clusterKey: string): Promise<KubernetesNamespace[]> {
  const out: KubernetesNamespace[] = [];
  for (let after: string | undefined; ; ) {
    const page = await store.list({ parentKey: clusterKey, type: NAMESPACE_ROW_TYPE.toLowerCase(), limit: 500, after });
    out.push(...page.items.map(namespaceOf));
    if (!page.next) return out;
    after = page.next;
  }
}

/** The write that makes or replaces the namespace under `cluster` (`previous`: the row it replaces, compare-and-set; none: it must be absent). */
export function putKubernetesNamespace(cluster: StoredResource, namespace: KubernetesNamespace, previous?: StoredResource): Write {
  const id = `${cluster.id}/kubernetesNamespaces/${namespace.name}`;
  const generation = previous ? Number((previous.body["meta"] as Obj)["generation"] ?? 0) + 1 : 1;
  return {
    op: "put",
    resource: {
      key: namespaceKey(cluster.key, namespace.name),
      id,
      parentKey: cluster.key,
      subscriptionId: cluster.subscriptionId,
      type: NAMESPACE_ROW_TYPE.toLowerCase(),
      etag: String(generation),
      body: {
        resource: { id, name: namespace.name, type: NAMESPACE_ROW_TYPE },
        meta: { generation, labels: namespace.labels, annotations: namespace.annotations },
      },
    },
    expect: previous ? { etag: previous.etag } : { absent: true },
  };
}

/** The write that removes the namespace (it must be unchanged since it was read). */
export function deleteKubernetesNamespace(row: StoredResource): Write {
  return { op: "delete", key: row.key, expect: { etag: row.etag } };
}
