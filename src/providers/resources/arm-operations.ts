import { ArmError } from "../../arm/errors.js";
import { RETRY_AFTER_SECONDS, startedOperation } from "../../arm/lro.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { OperationStyle } from "../../kit/lifecycle.js";
import type { OperationRecord } from "../../store/store.js";
import type { ProviderContext } from "../context.js";

/** The api-version of ARM's operation-result URLs. */
const RESULT_API_VERSION = "2022-09-01";

/**
 * ARM's own long-running operations (a resource group's delete): 202 with
 * `Location: /subscriptions/{id}/operationresults/{operationId}` and `Retry-After`, also at
 * `--lro-duration 0`; that URL answers 202 while the operation runs and 200 once it has ended
 * (ARM's async pattern: https://learn.microsoft.com/azure/azure-resource-manager/management/async-operations).
 * `resourceType` is the declared type the result route is listed under; `verbs` the long-running ones.
 */
export function armOperations(
  resourceType: string,
  kindPrefix: string,
  verbs: readonly ("put" | "delete")[],
): { style: OperationStyle; routes: (ctx: ProviderContext) => Route[] } {
  const style: OperationStyle = {
    kindPrefix,
    verbs,
    evenWhenInstant: true,
    record(ctx, { kind, key, scope, location, generation, now }) {
      return startedOperation({
        id: ctx.ids.guid(kind, key, generation, now),
        subscriptionId: scope.subscriptionId,
        namespace: "Microsoft.Resources",
        location,
        resourceKey: key,
        kind,
        now,
        durationMs: ctx.config.lroDurationMs,
      });
    },
    headers: (origin, op) => ({ location: resultUrl(origin, op), "retry-after": RETRY_AFTER_SECONDS }),
    // ARM's resources show no state of their own while a PUT runs: the operation's.
    inFlightState: () => "Accepted",
  };

  const result =
    (ctx: ProviderContext) =>
    async (req: ArmRequest): Promise<ArmResponse> => {
      const op = await ctx.store.getOperation(req.params["operationId"]!.toLowerCase());
      if (!op || op.subscriptionId.toLowerCase() !== req.params["subscriptionId"]!.toLowerCase() || !op.kind.startsWith(`${kindPrefix}.`)) {
        throw new ArmError(
          404,
          "NotFound",
          `The operation result '${req.params["operationId"]}' was not found. Use the URL from the Location header of the request that started it.`,
        );
      }
      if (op.status === "InProgress") return { status: 202, headers: style.headers(req.origin, op, "delete") };
      return { status: 200 };
    };

  const routes = (ctx: ProviderContext): Route[] => [
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/operationresults/:operationId",
      apiVersions: { namespace: "Microsoft.Resources", resourceType, kind: "arm" },
      write: false,
      body: "none",
      handler: result(ctx),
    },
  ];
  return { style, routes };
}

function resultUrl(origin: string, op: OperationRecord): string {
  return `${origin}/subscriptions/${op.subscriptionId}/operationresults/${op.id}?api-version=${RESULT_API_VERSION}`;
}
