import { asyncHeaders, startedOperation } from "../../arm/lro.js";
import type { OperationStyle } from "../../kit/lifecycle.js";
import type { Write } from "../../store/store.js";

/**
 * Kind of an operation a DELETE preempted: it ends Succeeded carrying NotLatestOperation when the
 * DELETE does, and writes nothing (docs/sources.md "Preempted operation").
 */
export const PREEMPTED = "preempted";

/** As recorded (docs/sources.md "Preempted operation"), two dots included. */
const NOT_LATEST = {
  code: "NotLatestOperation",
  message: "The operation has been preempted by another one. Please wait for the other operation to complete and try again..",
};

/**
 * How AKS runs a type's long-running PUT and DELETE on the kit: operations `<prefix>.create`,
 * `<prefix>.update` and `<prefix>.delete` with ids `ids.guid("operation", key, generation, kind)`,
 * status under `Microsoft.ContainerService/locations/{location}/operations`, `Azure-AsyncOperation`
 * on every accepted write and `Location` on DELETE (arm/lro.ts asyncHeaders), recorded even under
 * `--lro-duration 0` (Succeeded at once), and a DELETE that preempts what is in flight instead of
 * being refused.
 */
export function aksOperationStyle(kindPrefix: string): OperationStyle {
  return {
    kindPrefix,
    separateCreate: true,
    recordImmediate: true,
    record: (ctx, { kind, key, scope, location, generation, now, sequence }) =>
      startedOperation({
        // An action's runs at one generation differ by their sequence.
        id: sequence === undefined ? ctx.ids.guid("operation", key, generation, kind) : ctx.ids.guid("operation", key, generation, kind, sequence),
        subscriptionId: scope.subscriptionId,
        namespace: "Microsoft.ContainerService",
        location,
        resourceKey: key,
        kind,
        now,
        durationMs: ctx.config.lroDurationMs,
      }),
    headers: (origin, op, verb) => asyncHeaders(origin, op, verb === "delete"),
    inFlightState: (created) => (created ? "Creating" : "Updating"),
    // A delete answered at once ends them with it; one in flight makes them end when it does.
    preempt: (active, deletion): Write[] =>
      active.map((o) => ({
        op: "putOperation",
        operation:
          deletion.status === "InProgress"
            ? { ...o, kind: PREEMPTED, dueAt: deletion.dueAt, error: NOT_LATEST }
            : { ...o, status: "Succeeded", endTime: deletion.endTime ?? deletion.startTime, error: NOT_LATEST },
        expectStatus: "InProgress",
      })),
  };
}
