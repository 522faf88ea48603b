import { ArmError } from "../arm/errors.js";
import type { ArmRequest, ArmResponse } from "../arm/router.js";
import { clusterKey } from "../providers/containerservice/managed-clusters.js";
import {
  type KubernetesNamespace,
  listKubernetesNamespaces,
  putKubernetesNamespace,
  readKubernetesNamespace,
} from "../providers/containerservice/kubernetes-namespaces.js";
import { PreconditionError, type Store, type StoredResource } from "../store/store.js";

/**
 * `/_emulator/kubernetes-namespaces` (docs/testing-controls.md "Kubernetes namespaces"): a cluster's
 * Kubernetes namespaces that exist without a managed namespace, seeded by a test so that a managed
 * namespace's adoption policy has something to adopt, and listed with the ones managed namespaces made.
 */

export type { KubernetesNamespace } from "../providers/containerservice/kubernetes-namespaces.js";

/** What a test seeds: a namespace in a cluster (by its resource id), with labels and annotations. */
export interface KubernetesNamespaceSeed {
  cluster: string;
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const CLUSTER_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)$/i;
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const invalid = (message: string, target: string): ArmError =>
  new ArmError(400, "InvalidRequestContent", `The Kubernetes namespace is invalid: ${message}`, { target });

function stringMap(v: unknown, name: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!v || typeof v !== "object" || Array.isArray(v) || Object.values(v).some((x) => typeof x !== "string")) {
    throw invalid(`'${name}' must be an object of string values.`, name);
  }
  return { ...(v as Record<string, string>) };
}

function parseSeed(body: unknown): KubernetesNamespaceSeed {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw invalid("the body must be an object.", "");
  const b = body as Record<string, unknown>;
  for (const k of Object.keys(b)) {
    if (!["cluster", "name", "labels", "annotations"].includes(k)) throw invalid(`unknown property '${k}' (known: cluster, name, labels, annotations).`, k);
  }
  if (typeof b["cluster"] !== "string" || !CLUSTER_ID.test(b["cluster"])) {
    throw invalid(
      "'cluster' must be a managed cluster's resource id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerService/managedClusters/<name>).",
      "cluster",
    );
  }
  if (typeof b["name"] !== "string" || !NAMESPACE_NAME.test(b["name"])) {
    throw invalid("'name' must be a Kubernetes namespace name: 1 to 63 lowercase letters, digits and '-', starting and ending with a letter or digit.", "name");
  }
  const labels = stringMap(b["labels"], "labels");
  const annotations = stringMap(b["annotations"], "annotations");
  return { cluster: b["cluster"], name: b["name"], ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) };
}

async function requireCluster(store: Store, id: string): Promise<StoredResource> {
  const m = CLUSTER_ID.exec(id)!;
  const stored = await store.get(clusterKey(m[1]!, m[2]!, m[3]!));
  if (!stored)
    throw new ArmError(404, "NotFound", `No managed cluster has the id '${id}'. Create it first (the namespace lives in the cluster).`, { target: "cluster" });
  return stored;
}

/** POST: seeds one namespace; 201 with it, 409 when the cluster has one of that name. */
export async function seedKubernetesNamespace(store: Store, req: ArmRequest): Promise<ArmResponse> {
  const seed = parseSeed(req.body);
  const cluster = await requireCluster(store, seed.cluster);
  const namespace: KubernetesNamespace = { name: seed.name, labels: seed.labels ?? {}, annotations: seed.annotations ?? {} };
  const conflict = () =>
    new ArmError(409, "Conflict", `The cluster already has a namespace '${seed.name}'. GET /_emulator/kubernetes-namespaces?cluster=<id> lists them.`, {
      target: "name",
    });
  if (await readKubernetesNamespace(store, cluster.key, seed.name)) throw conflict();
  try {
    // Only while the cluster is there: a delete in between takes its rows with it.
    await store.commit([putKubernetesNamespace(cluster, namespace), { op: "put", resource: cluster, expect: { etag: cluster.etag } }]);
  } catch (e) {
    if (e instanceof PreconditionError) throw conflict();
    throw e;
  }
  return { status: 201, body: namespace };
}

/** GET ?cluster=<id>: the cluster's namespaces, in name order. */
export async function listSeededNamespaces(store: Store, req: ArmRequest): Promise<ArmResponse> {
  const id = req.query.get("cluster");
  if (id === null || !CLUSTER_ID.test(id)) {
    throw new ArmError(400, "InvalidParameter", "The query parameter 'cluster' must be a managed cluster's resource id.", { target: "cluster" });
  }
  const cluster = await requireCluster(store, id);
  return { status: 200, body: { value: await listKubernetesNamespaces(store, cluster.key) } };
}
