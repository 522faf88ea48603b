import { test } from "node:test";
import assert from "node:assert/strict";
import { bindDecision, isLoopbackHost } from "../../src/cli/bind-policy.js";

test("loopback addresses bind without a flag and without a warning", () => {
  for (const host of ["127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "[::1]", "localhost"]) {
    assert.equal(isLoopbackHost(host), true, host);
    assert.deepEqual(bindDecision(host, false), { ok: true }, host);
  }
});

test("other addresses need --allow-non-loopback, and then get a warning", () => {
  for (const host of ["0.0.0.0", "10.0.0.1", "192.168.1.2", "::", "fe80::1", "example.com", "128.0.0.1"]) {
    assert.equal(isLoopbackHost(host), false, host);
    const refused = bindDecision(host, false);
    assert.equal(refused.ok, false, host);
    assert.match((refused as { error: string }).error, /--allow-non-loopback/);
    const allowed = bindDecision(host, true);
    assert.equal(allowed.ok, true);
    assert.match((allowed as { warning: string }).warning, /not a loopback address/);
  }
});
