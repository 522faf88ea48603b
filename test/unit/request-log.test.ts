import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { RequestLog, type RecordedRequest } from "../../src/controls/request-log.js";

function entry(n: number, over: Partial<RecordedRequest> = {}): RecordedRequest {
  return {
    timeMs: Date.UTC(2026, 10, 25, 9, 0, n),
    requestId: `00000000-0000-0000-0000-${String(n).padStart(12, "0")}`,
    principal: "principal",
    method: "GET",
    path: `/subscriptions/s/resourceGroups/rg${n}`,
    apiVersion: "2026-04-01",
    status: 200,
    errorCode: null,
    durationMs: n + 0.125,
    ...over,
  };
}

describe("RequestLog", () => {
  it("gives back every field as recorded: nulls, long and non-ASCII strings included", () => {
    const log = new RequestLog(4);
    const long = `/subscriptions/s/${"x".repeat(3000)}`;
    log.add(entry(1));
    log.add(entry(2, { requestId: null, principal: null, apiVersion: null, errorCode: "InvalidApiVersionParameter", status: 400, path: long }));
    log.add(entry(3, { apiVersion: "2026-04-01-ü\u{1F600}", method: "DELETE", errorCode: "E".repeat(200) }));
    const [a, b, c] = log.latest(10);
    assert.deepEqual(a, { time: "2026-11-25T09:00:01Z", ...withoutTime(entry(1)) });
    assert.deepEqual(b, {
      time: "2026-11-25T09:00:02Z",
      ...withoutTime(entry(2, { requestId: null, principal: null, apiVersion: null, errorCode: "InvalidApiVersionParameter", status: 400, path: long })),
    });
    assert.equal(c!.apiVersion, "2026-04-01-ü\u{1F600}");
    assert.equal(c!.method, "DELETE");
    assert.equal(c!.errorCode, "E".repeat(200));
  });

  it("keeps the newest `capacity` entries, oldest first, and a slot reused after a long string holds the new one", () => {
    const log = new RequestLog(3);
    log.add(entry(1, { path: `/${"y".repeat(1000)}` }));
    for (let n = 2; n <= 7; n++) log.add(entry(n));
    assert.deepEqual(
      log.latest(10).map((e) => e.path),
      ["/subscriptions/s/resourceGroups/rg5", "/subscriptions/s/resourceGroups/rg6", "/subscriptions/s/resourceGroups/rg7"],
    );
    assert.deepEqual(
      log.latest(1).map((e) => e.durationMs),
      [7.125],
    );
    log.clear();
    assert.deepEqual(log.latest(10), []);
  });
});

function withoutTime(e: RecordedRequest): Omit<RecordedRequest, "timeMs"> {
  const { timeMs: _t, ...rest } = e;
  return rest;
}
