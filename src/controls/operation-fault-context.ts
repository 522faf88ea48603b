import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What a fault asks of the operation a request starts (`operationFails` or `hangs`), carried
 * from the envelope to the store writes of the handler without threading it through every
 * provider: the handler runs inside `operationFaultContext.run(...)`, and the store wrapper
 * (fault-aware-store.ts) shapes every operation the request records.
 */
export interface OperationFaultRequest {
  fails?: { code: string; message: string };
  hangs?: boolean;
  /** Set by the store wrapper when an operation was shaped: the fault has fired. */
  applied: boolean;
}

export const operationFaultContext = new AsyncLocalStorage<OperationFaultRequest>();
