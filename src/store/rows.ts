import type { OperationRecord, OperationStatus, StoredResource } from "./store.js";

/**
 * The row shapes and mappings both SQL backends share: the same tables and columns in SQLite and
 * PostgreSQL (pg returns BIGINT columns as strings, hence `Number(...)`).
 */

export interface ResourceRow {
  key: string;
  id: string;
  parent_key: string;
  subscription_id: string;
  type: string;
  etag: string;
  body: string;
}

export interface OperationRow {
  id: string;
  subscription_id: string;
  namespace: string;
  location: string;
  resource_key: string;
  kind: string;
  status: string;
  start_time: string | number;
  end_time: string | number | null;
  due_at: string | number;
  error: string | null;
  data: string | null;
}

export const RESOURCE_COLUMNS = "key, id, parent_key, subscription_id, type, etag, body";
export const OPERATION_COLUMNS =
  "id, subscription_id, namespace, location, resource_key, kind, status, start_time, end_time, due_at, error, data";

export function toResource(row: ResourceRow): StoredResource {
  return {
    key: row.key,
    id: row.id,
    parentKey: row.parent_key,
    subscriptionId: row.subscription_id,
    type: row.type,
    etag: row.etag,
    body: JSON.parse(row.body) as Record<string, unknown>,
  };
}

export function toOperation(row: OperationRow): OperationRecord {
  const op: OperationRecord = {
    id: row.id,
    subscriptionId: row.subscription_id,
    namespace: row.namespace,
    location: row.location,
    resourceKey: row.resource_key,
    kind: row.kind,
    status: row.status as OperationStatus,
    startTime: Number(row.start_time),
    dueAt: Number(row.due_at),
  };
  if (row.end_time !== null) op.endTime = Number(row.end_time);
  if (row.error !== null) op.error = JSON.parse(row.error) as { code: string; message: string };
  if (row.data !== null) op.data = JSON.parse(row.data) as Record<string, unknown>;
  return op;
}

/**
 * Bounds of the keys strictly under `key`: every string starting with `key + "/"` lies in
 * [key + "/", key + "0"), since "0" is the character right after "/" and both backends compare
 * keys bytewise (SQLite BINARY, PostgreSQL COLLATE "C"). No LIKE, so `_` and `%` mean nothing special.
 */
export function childRange(key: string): [string, string] {
  return [key + "/", key + "0"];
}

/** List continuations: the last key of the page, opaque to callers. */
export function encodeCursor(lastKey: string): string {
  return Buffer.from(lastKey, "utf8").toString("base64url");
}

export function decodeCursor(after: string | undefined): string {
  return after === undefined || after === "" ? "" : Buffer.from(after, "base64url").toString("utf8");
}
