import type { LroEngine } from "../arm/lro.js";
import type { Store } from "../store/store.js";
import type { Clock } from "../util/clock.js";
import type { IdGenerator } from "../util/ids.js";
import type { AnswerMemo } from "./answer-cache.js";
import type { Registry } from "../kit/registry.js";
import type { AccessModel } from "../identity/rbac.js";
import type { VersionCatalogueData } from "./containerservice/version-catalogue.js";

/** What every provider handler needs; built once per emulator instance. */
export interface ProviderContext {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  lro: LroEngine;
  config: ProviderConfig;
  /** Whole read answers remembered while the store is unchanged (one budget for every provider). */
  answers: AnswerMemo;
  /** Every resource type served (src/providers/registrations.ts). */
  registry: Registry;
  /** Who may do what where (Azure RBAC over the role assignments). */
  access: AccessModel;
}

interface ProviderConfig {
  /** Simulated provisioning time of long-running operations, in ms of the emulator clock. */
  lroDurationMs: number;
  /** Items per page in list answers before a nextLink. */
  pageSize: number;
  tenantId: string;
  /** The subscription listed by GET /subscriptions even before anything was created. */
  defaultSubscriptionId: string;
  /** AKS checks its user-assigned control-plane identity's roles on a custom private DNS zone and on its subnets before it acts. */
  identityPermissionChecks: boolean;
  /** Locations that refuse private clusters with PrivateClusterNotAllowedInLocation (empty by default). */
  refusedPrivateClusterLocations: readonly string[];
  /** The Kubernetes versions and node images offered (`--version-catalogue`); the built-in catalogue when absent. */
  versionCatalogue?: VersionCatalogueData;
}
