import type { ActionSpec } from "../../kit/actions.js";
import { credentialActions } from "./credentials.js";
import { privateLinkActions } from "./private-link-resources.js";

/**
 * The managed cluster's actions (src/kit/actions.ts): its private link resources, its credentials,
 * and the long-running actions. Nothing here imports managed-clusters.ts, which declares them.
 */
export const CLUSTER_ACTIONS: readonly ActionSpec[] = [...privateLinkActions, ...credentialActions];
