import { ArmError } from "../arm/errors.js";
import type { ArmRequest, ArmResponse, Route } from "../arm/router.js";
import type { ControlState } from "./control-state.js";
import type { Fault } from "./faults.js";
import { isOperationEffect } from "./faults.js";
import { operationFaultContext } from "./operation-fault-context.js";

/** Methods whose requests can start a long-running operation (the only ones operation faults act on). */
const OPERATION_METHODS = new Set(["PUT", "PATCH", "DELETE", "POST"]);

/**
 * Runs an ARM request's handler under the active faults (docs/testing-controls.md): answers with
 * an injected error, waits, or shapes the operation the handler starts. Emulator routes are
 * never faulted.
 */
export function faultInjector(controls: ControlState) {
  // Without faults (the usual case) a request costs nothing more here, not even a promise.
  return (route: Route, req: ArmRequest): Promise<ArmResponse> =>
    route.apiVersions.kind === "emulator" || !controls.hasFaults() ? route.handler(req) : underFaults(controls, route, req, () => route.handler(req));
}

async function underFaults(controls: ControlState, route: Route, req: ArmRequest, handle: () => Promise<ArmResponse>): Promise<ArmResponse> {
  const facts = { method: req.method, path: req.path, resourceType: `${route.apiVersions.namespace}/${route.apiVersions.resourceType}` };
  const passed = new Set<string>();
  const applicable = (f: Fault) => !passed.has(f.id) && (!isOperationEffect(f.effect) || OPERATION_METHODS.has(req.method));
  for (;;) {
    const fault = controls.matchingFault(facts, applicable);
    if (!fault) return handle();
    passed.add(fault.id);
    // Someone else may have taken its last firing: then the next matching fault, if any, applies.
    if (!(await controls.takeFiring(fault.id))) continue;
    const effect = fault.effect;
    if ("status" in effect) throw injectedError(effect);
    if ("delayMs" in effect) {
      await new Promise((r) => setTimeout(r, effect.delayMs));
      return handle();
    }
    const context =
      "operationFails" in effect
        ? {
            fails: { code: effect.operationFails.code, message: effect.operationFails.message ?? defaultOperationMessage(effect.operationFails.code) },
            applied: false,
          }
        : { hangs: true, applied: false };
    try {
      return await operationFaultContext.run(context, handle);
    } finally {
      // A request that started no operation (a refusal, or a type without one) leaves the fault for the next.
      if (!context.applied) await controls.refund(fault);
    }
  }
}

function injectedError(effect: { status: number; code: string; message?: string; retryAfterSeconds?: number }): ArmError {
  const headers: Record<string, string> = {};
  if (effect.status === 429 || effect.status === 503 || effect.retryAfterSeconds !== undefined) {
    headers["retry-after"] = String(effect.retryAfterSeconds ?? 1);
  }
  const message = effect.message ?? `The request failed with '${effect.code}' (a fault injected through /_emulator/faults).`;
  return new ArmError(effect.status, effect.code, message, { headers });
}

function defaultOperationMessage(code: string): string {
  return `The operation failed with '${code}' (a fault injected through /_emulator/faults).`;
}
