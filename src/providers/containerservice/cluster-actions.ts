import type { ActionSpec } from "../../kit/actions.js";
import { clusterOperationActions } from "./cluster-operations.js";
import { clusterPowerActions } from "./cluster-power.js";
import { credentialActions } from "./credentials.js";
import { meshUpgradeActions } from "./mesh-profiles.js";
import { outboundEndpointsActions } from "./outbound-endpoints.js";
import { privateLinkActions } from "./private-link-resources.js";
import { runCommandActions } from "./run-command.js";

/**
 * The managed cluster's actions (src/kit/actions.ts): its private link resources, its credentials,
 * and the long-running actions. Nothing here imports managed-clusters.ts, which declares them.
 */
export const CLUSTER_ACTIONS: readonly ActionSpec[] = [
  ...privateLinkActions,
  ...credentialActions,
  ...clusterOperationActions,
  ...clusterPowerActions,
  ...runCommandActions,
  ...outboundEndpointsActions,
  ...meshUpgradeActions,
];
