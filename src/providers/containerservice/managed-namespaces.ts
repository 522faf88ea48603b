import { CONTAINER_SERVICE_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import type { ActionSpec } from "../../kit/actions.js";
import { kitResource } from "../../kit/lifecycle.js";
import type { StoredResource, Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { optionalStringMap } from "../validation.js";
import { aksOperationStyle } from "./aks-operation-style.js";
import { asCluster } from "./cluster-model.js";
import {
  deleteKubernetesNamespace,
  type KubernetesNamespace,
  MANAGED_BY_ARM_LABEL,
  putKubernetesNamespace,
  readKubernetesNamespace,
} from "./kubernetes-namespaces.js";
import { clusterBusy, clusterChildNotFound, clusterScope, NAMESPACE } from "./managed-clusters.js";
import { checkNamespaceName, type NamespaceProperties, validateNamespaceProperties } from "./namespace-rules.js";
import { containerServiceLocation } from "./resource-location.js";

type Obj = Record<string, unknown>;

const MANAGED_NAMESPACE_TYPE = "Microsoft.ContainerService/managedClusters/managedNamespaces";

/** Labels Kubernetes (`kubernetes.io/metadata.name`) and AKS set themselves: not a difference an adoption looks at. */
const SYSTEM_LABELS = new Set(["kubernetes.io/metadata.name", MANAGED_BY_ARM_LABEL.toLowerCase()]);

function sameMap(a: Record<string, string>, b: Record<string, string>, ignore: ReadonlySet<string> = new Set()): boolean {
  const keys = (m: Record<string, string>) => Object.keys(m).filter((k) => !ignore.has(k.toLowerCase()));
  const ka = keys(a);
  return ka.length === keys(b).length && ka.every((k) => b[k] === a[k]);
}

/**
 * Whether a new managed namespace may take the cluster's Kubernetes namespace of its name, by its
 * adoption policy (AdoptionPolicy in the definition; learn.microsoft.com/azure/aks/concepts-managed-namespaces):
 * Never refuses, IfIdentical takes one whose labels and annotations are those requested, Always takes
 * it (docs/fidelity.md "Managed namespace adoption").
 */
function refuseAdoption(name: string, clusterName: string, existing: KubernetesNamespace, props: NamespaceProperties): ArmError | undefined {
  if (props.adoptionPolicy === "Always") return undefined;
  if (props.adoptionPolicy === "Never") {
    return new ArmError(
      409,
      "Conflict",
      `Namespace '${name}' already exists in managed cluster '${clusterName}' and adoptionPolicy is 'Never'. Set adoptionPolicy to 'IfIdentical' or 'Always' to take it over, or choose another name.`,
      { target: "properties.adoptionPolicy" },
    );
  }
  const differs = [
    ...(sameMap(existing.labels, props.labels, SYSTEM_LABELS) ? [] : ["labels"]),
    ...(sameMap(existing.annotations, props.annotations) ? [] : ["annotations"]),
  ];
  if (differs.length === 0) return undefined;
  return new ArmError(
    409,
    "Conflict",
    `Namespace '${name}' already exists in managed cluster '${clusterName}' with other ${differs.join(" and ")} than requested, and adoptionPolicy is 'IfIdentical'. Request the namespace's own ${differs.join(" and ")}, or set adoptionPolicy to 'Always' to overwrite them.`,
    { target: "properties.adoptionPolicy" },
  );
}

/** The Kubernetes namespace a managed namespace keeps: its labels (with AKS's managed-by label) and annotations. */
function managedKubernetesNamespace(name: string, props: NamespaceProperties): KubernetesNamespace {
  return { name, labels: { ...props.labels, [MANAGED_BY_ARM_LABEL]: "true" }, annotations: { ...props.annotations } };
}

/**
 * What deleting a managed namespace does to its Kubernetes namespace (DeletePolicy in the definition):
 * Delete removes it, Keep leaves it without the managed-by label (docs/fidelity.md "Managed namespace delete policy").
 */
async function deletePolicyWrites(stored: StoredResource, ctx: ProviderContext): Promise<Write[]> {
  const resource = (stored.body["resource"] ?? {}) as Obj;
  const name = String(resource["name"]);
  const found = await readKubernetesNamespace(ctx.store, stored.parentKey!, name);
  if (!found) return [];
  if ((resource["properties"] as Obj | undefined)?.["deletePolicy"] === "Delete") return [deleteKubernetesNamespace(found.row)];
  const cluster = await ctx.store.get(stored.parentKey!);
  if (!cluster) return [];
  const labels = Object.fromEntries(Object.entries(found.namespace.labels).filter(([k]) => k.toLowerCase() !== MANAGED_BY_ARM_LABEL.toLowerCase()));
  return [putKubernetesNamespace(cluster, { ...found.namespace, labels }, found.row)];
}

/** ManagedNamespaces_ListCredential: a kubeconfig for the namespace (credentials.ts). */
const listCredentialAction: ActionSpec = {
  path: "listCredential",
  // It returns secrets: not for Readers, as the cluster's credential actions.
  write: true,
  body: "optional",
  async answer(input, ctx) {
    const cluster = await ctx.store.get(input.owner.parentKey!);
    if (!cluster) throw new ArmError(404, "ResourceNotFound", `The managed cluster of namespace '${input.name}' was not found.`);
    const { namespaceCredential } = await import("./credentials.js");
    return namespaceCredential({ req: input.req, owner: cluster, resource: asCluster(cluster).resource }, ctx, String(input.resource["name"]));
  },
};

/**
 * Microsoft.ContainerService/managedClusters/managedNamespaces: long-running PUT and DELETE, GET,
 * list, PATCH of tags, listCredential (spec: ManagedNamespaces_*). There is no Kubernetes behind the
 * cluster: a managed namespace makes (or adopts) the cluster's Kubernetes namespace of its name
 * (kubernetes-namespaces.ts), which tests may seed to exercise the adoption policy.
 */
export const managedNamespacesType = kitResource(
  {
    namespace: NAMESPACE,
    type: "managedClusters/managedNamespaces",
    scope: clusterScope,
    nameParam: "managedNamespaceName",
    busy: clusterBusy,
    checkName: checkNamespaceName,
    patchTags: true,
    build: async ({ name, body, previous, scope, final }, ctx) => {
      const cluster = asCluster(scope.stored).resource;
      const clusterLocation = String(cluster["location"]);
      const location = containerServiceLocation(
        body["location"],
        "managedClusters/managedNamespaces",
        (previous?.["location"] as string | undefined) ?? clusterLocation,
      );
      if (location !== clusterLocation) {
        throw new ArmError(
          400,
          "InvalidParameter",
          `The value of parameter location is invalid: '${String(body["location"])}'. A managed namespace is in its cluster's location, '${clusterLocation}'.`,
          { target: "location" },
        );
      }
      const tags = optionalStringMap(body["tags"], "tags");
      const props = validateNamespaceProperties(body["properties"]);
      const found = await readKubernetesNamespace(ctx.store, scope.key, name);
      if (!previous && found) {
        const refused = refuseAdoption(name, String(cluster["name"]), found.namespace, props);
        if (refused) throw refused;
      }
      const canonical = previous ? String(previous["name"]) : name;
      const resource: Obj = {
        id: previous ? previous["id"] : `${scope.idPrefix}/managedNamespaces/${name}`,
        name: canonical,
        type: MANAGED_NAMESPACE_TYPE,
        location,
        ...(tags ? { tags } : {}),
        properties: { ...props, provisioningState: final ? "Succeeded" : previous ? "Updating" : "Creating" },
      };
      return { resource, writes: [putKubernetesNamespace(scope.stored, managedKubernetesNamespace(canonical, props), found?.row)] };
    },
    notFound: clusterChildNotFound("managedNamespaces"),
    operations: aksOperationStyle("managedNamespace"),
    teardown: deletePolicyWrites,
    // docs/fidelity.md "--lro-duration 0": as the cluster's.
    deleteStatus: { existing: 204, missing: 204 },
    actions: [listCredentialAction],
  },
  {
    apiVersions: CONTAINER_SERVICE_API_VERSIONS,
    registration: "regions",
    sample: {
      name: "team1",
      body: () => ({
        location: "eastus",
        tags: { env: "fuzz" },
        properties: {
          defaultResourceQuota: { cpuRequest: "500m", cpuLimit: "1", memoryRequest: "256Mi", memoryLimit: "1Gi" },
          defaultNetworkPolicy: { ingress: "AllowSameNamespace", egress: "AllowAll" },
          // Always: made again after a fuzzed DELETE whatever deletePolicy a fuzzed PUT left.
          adoptionPolicy: "Always",
          deletePolicy: "Delete",
          labels: { team: "one" },
        },
      }),
      patch: { tags: { env: "fuzz2" } },
    },
  },
);
