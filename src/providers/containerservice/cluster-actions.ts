import type { ActionSpec } from "../../kit/actions.js";
import { availableAgentPoolVersionsAction } from "./agent-pool-actions.js";
import { clusterOperationActions } from "./cluster-operations.js";
import { clusterPowerActions } from "./cluster-power.js";
import { credentialActions } from "./credentials.js";
import { meshUpgradeActions } from "./mesh-profiles.js";
import { abortAction } from "./operation-abort.js";
import { outboundEndpointsActions } from "./outbound-endpoints.js";
import { privateLinkActions } from "./private-link-resources.js";
import { runCommandActions } from "./run-command.js";

/**
 * The managed cluster's actions (src/kit/actions.ts): its private link resources, its credentials,
 * the versions its pools may run, and the long-running actions (abort among them). Nothing here imports managed-clusters.ts, which declares them.
 */
export const CLUSTER_ACTIONS: readonly ActionSpec[] = [
  ...privateLinkActions,
  ...credentialActions,
  ...clusterOperationActions,
  ...clusterPowerActions,
  ...runCommandActions,
  ...outboundEndpointsActions,
  ...meshUpgradeActions,
  availableAgentPoolVersionsAction,
  abortAction("managed cluster"),
];
