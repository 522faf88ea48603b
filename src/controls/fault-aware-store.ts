import { interceptCommit } from "../store/intercept-commit.js";
import type { OperationRecord, Store } from "../store/store.js";
import { operationFaultContext } from "./operation-fault-context.js";

/**
 * A held operation's `dueAt`: no clock reaches it, so it is never claimed. Its own due time
 * waits in `data.heldDueAt` until `POST /_emulator/operations/{id}/release`.
 */
const HELD_DUE_AT = Number.MAX_SAFE_INTEGER;

/**
 * Wraps the providers' store: inside a request carrying an operation fault, every operation the
 * request records as InProgress is made to fail (its error waits in `data.failWith`) or to hang.
 * Everything else passes through unchanged.
 */
export function faultAwareStore(store: Store): Store {
  return interceptCommit(store, (writes, commit) => {
    const fault = operationFaultContext.getStore();
    if (!fault || (!fault.fails && !fault.hangs)) return commit(writes);
    const shaped = writes.map((w) => {
      if (w.op !== "putOperation" || w.operation.status !== "InProgress" || w.expectStatus !== undefined) return w;
      fault.applied = true;
      return { ...w, operation: shapeOperation(w.operation, fault) };
    });
    return commit(shaped);
  });
}

function shapeOperation(op: OperationRecord, fault: { fails?: { code: string; message: string }; hangs?: boolean }): OperationRecord {
  const data: Record<string, unknown> = { ...(op.data ?? {}) };
  if (fault.fails) data["failWith"] = fault.fails;
  if (fault.hangs) {
    data["held"] = true;
    data["heldDueAt"] = op.dueAt;
    return { ...op, data, dueAt: HELD_DUE_AT };
  }
  return { ...op, data };
}

export function isHeld(op: OperationRecord): boolean {
  return op.data?.["held"] === true;
}
