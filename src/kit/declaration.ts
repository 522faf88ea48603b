import type { Completer } from "../arm/lro.js";
import type { Route } from "../arm/router.js";
import type { StoredResource, Write } from "../store/store.js";
import type { ProviderContext } from "../providers/context.js";

/**
 * One resource type, declared once. The registry (registry.ts) derives from these declarations
 * everything that used to be a list of its own: the route table and each route's api-versions,
 * the provider registration answer, the operation completers, the resource-group cascade and
 * the README's table of what is served.
 */
export interface ResourceTypeDeclaration {
  /** Provider namespace as ARM spells it, e.g. `Microsoft.ContainerService`. */
  readonly namespace: string;
  /** Type path below the namespace, e.g. `managedClusters/maintenanceConfigurations`, `locations/operations`. */
  readonly type: string;
  /** The api-versions ARM accepts for the type, in the order ARM prints them in its errors (see arm/api-versions.ts). */
  readonly apiVersions: readonly string[];
  /**
   * How the type appears in `GET /subscriptions/{id}/providers/{namespace}`: with ARM's regions, with
   * no locations (location-scoped types), or not at all (operation status URLs).
   */
  readonly registration: "regions" | "no-locations" | "none";
  /**
   * The routes that serve the type. Kit-built types get them from `childResource` (child-resource.ts);
   * types not ported to the kit yet write them by hand. A route may serve only a type that is declared.
   */
  readonly routes?: (ctx: ProviderContext) => Route[];
  /** How the type's long-running operations finish, by operation kind. */
  readonly completers?: (ctx: ProviderContext) => Record<string, Completer>;
  /**
   * What deleting a resource group deletes besides the group's own tree (which holds every
   * resource in it and, below each, its children), for this type's resources in the group.
   */
  readonly groupCascade?: (ctx: ProviderContext) => (groupKey: string, subscriptionId: string) => Promise<Write[]>;
  /**
   * A tracked type (its resources carry a location): ARM's generic resource list
   * (`GET /subscriptions/{id}/resources`, src/providers/resources/generic-resources.ts) shows its
   * resources. `storedType` is the store's (lower-case) type; `resource` reads a stored row's ARM body;
   * `exists` says whether a stored row still counts (default: yes).
   */
  readonly listing?: {
    readonly storedType: string;
    resource(stored: StoredResource): Record<string, unknown>;
    exists?(stored: StoredResource, ctx: ProviderContext): Promise<boolean>;
  };
  /**
   * Test support: one valid resource of the type (its name, and its PUT body given the fixture's
   * resources), which the fuzz fixture creates and the fuzz and authorization suites send; the
   * fixture's bodies come from here only. A name parameter several types share (e.g.
   * `resourceName`) names the fixture's resource of each by the first type's sample name.
   */
  readonly sample?: {
    name: string;
    body(refs: SampleRefs): unknown;
    /** A valid PATCH body, for a type that takes PATCH. */
    readonly patch?: unknown;
    /**
     * Made by another type's sample, not by its own PUT (e.g. a private endpoint's connection on its
     * cluster): the fixture lists the type and takes the first resource whose name starts with `name`.
     */
    readonly madeByOthers?: boolean;
  };
}

/** The fuzz fixture's resources, by resource id, for sample bodies that refer to them. */
export interface SampleRefs {
  subscriptionId: string;
  clusterId: string;
  virtualNetworkId: string;
  subnetId: string;
  privateDnsZoneId: string;
}
