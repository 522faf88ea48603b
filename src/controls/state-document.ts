import { ArmError } from "../arm/errors.js";
import type { OperationRecord, StoreDump, StoredResource } from "../store/store.js";
import { armTimestamp } from "../util/clock.js";
import { PLS_INDEX_TYPE } from "../providers/containerservice/private-link.js";
import { RESOURCE_GROUP_TYPE } from "../providers/resources/resource-groups.js";
import { SUBSCRIPTION_MARKER_TYPE } from "../providers/resources/subscriptions.js";
import { isJsonObject } from "../providers/validation.js";
import { schemaCheck } from "./schema-check.js";

export const STATE_FORMAT = "aks-emulator-state";
export const STATE_VERSION = 1;

/** What `GET /_emulator/state` answers and `PUT /_emulator/state` takes. */
export interface StateDocument extends StoreDump {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  exportedAt?: string;
}

export function exportState(dump: StoreDump, now: number): StateDocument {
  return { format: STATE_FORMAT, version: STATE_VERSION, exportedAt: armTimestamp(now), ...dump };
}

const lowerKey = { type: "string", minLength: 1, maxLength: 8192, pattern: "^[^A-Z]*$" };
const str = { type: "string", maxLength: 8192 };
const time = { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER };
const armError = {
  type: "object",
  required: ["code", "message"],
  properties: { code: { type: "string", minLength: 1 }, message: { type: "string" } },
};

const documentSchema = {
  type: "object",
  additionalProperties: false,
  required: ["format", "version", "resources", "operations"],
  properties: {
    format: { const: STATE_FORMAT },
    version: { const: STATE_VERSION },
    exportedAt: { type: "string" },
    resources: {
      type: "array",
      maxItems: 1_000_000,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["key", "id", "parentKey", "subscriptionId", "type", "etag", "body"],
        properties: {
          key: lowerKey,
          id: { ...str, minLength: 1 },
          parentKey: { ...lowerKey, minLength: 0 },
          subscriptionId: { ...lowerKey, minLength: 0 },
          type: lowerKey,
          etag: str,
          body: { type: "object" },
        },
      },
    },
    operations: {
      type: "array",
      maxItems: 1_000_000,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "subscriptionId", "namespace", "location", "resourceKey", "kind", "status", "startTime", "dueAt"],
        properties: {
          id: lowerKey,
          subscriptionId: str,
          namespace: str,
          location: str,
          resourceKey: lowerKey,
          kind: { ...str, minLength: 1 },
          status: { enum: ["InProgress", "Succeeded", "Failed", "Canceled"] },
          startTime: time,
          endTime: time,
          dueAt: time,
          error: armError,
          data: { type: "object" },
        },
      },
    },
  },
};

const checkDocument = schemaCheck<StateDocument>(documentSchema, "InvalidStateDocument", "The state document is invalid");

/** Validates an import; throws ARM 400 InvalidStateDocument naming the first problem. */
export function parseStateDocument(body: unknown): StoreDump {
  const doc = checkDocument(body);
  const keys = new Set<string>();
  doc.resources.forEach((r: StoredResource, i) => {
    if (keys.has(r.key)) throw invalid(`the resource key '${r.key}' appears more than once`, `resources[${i}].key`);
    keys.add(r.key);
    checkStoredForm(r, i);
  });
  const ids = new Set<string>();
  doc.operations.forEach((o: OperationRecord, i) => {
    if (ids.has(o.id)) throw invalid(`the operation id '${o.id}' appears more than once`, `operations[${i}].id`);
    ids.add(o.id);
  });
  return { resources: doc.resources, operations: doc.operations };
}

/**
 * The stored form of each type (what GET /_emulator/state exports): resource groups are kept as
 * their ARM body, the subscription marker and the private-link-service index as small records,
 * everything else as `{resource: <ARM body>, meta: {...}}`. A body of another form would fail
 * when read, so it is refused here, before anything changes.
 */
function checkStoredForm(r: StoredResource, i: number): void {
  const body = r.body as Record<string, unknown>;
  const at = `resources[${i}].body`;
  const armBody = (v: unknown, where: string): void => {
    if (!isJsonObject(v)) throw invalid(`'${where}' must be an object (the resource's ARM body)`, where);
    for (const f of ["id", "name", "type"]) if (typeof v[f] !== "string") throw invalid(`'${where}.${f}' must be a string`, `${where}.${f}`);
  };
  switch (r.type) {
    case RESOURCE_GROUP_TYPE:
      armBody(body, at);
      if (typeof body["location"] !== "string") throw invalid(`'${at}.location' must be a string`, `${at}.location`);
      return;
    case SUBSCRIPTION_MARKER_TYPE:
      if (typeof body["subscriptionId"] !== "string") throw invalid(`'${at}.subscriptionId' must be a string`, `${at}.subscriptionId`);
      return;
    case PLS_INDEX_TYPE:
      if (typeof body["clusterKey"] !== "string") throw invalid(`'${at}.clusterKey' must be a string`, `${at}.clusterKey`);
      return;
    default:
      if (!/^microsoft\.(containerservice|network|managedidentity)\//.test(r.type)) {
        throw invalid(`the type '${r.type}' is not one this emulator stores`, `resources[${i}].type`);
      }
      armBody(body["resource"], `${at}.resource`);
      if (!isJsonObject(body["meta"])) throw invalid(`'${at}.meta' must be an object`, `${at}.meta`);
  }
}

function invalid(problem: string, target: string): ArmError {
  return new ArmError(400, "InvalidStateDocument", `The state document is invalid: ${problem}.`, { target });
}
