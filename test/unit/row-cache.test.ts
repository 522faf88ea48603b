import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { RowCache } from "../../src/store/row-cache.js";
import type { ResourceRow } from "../../src/store/rows.js";

function row(key: string, bodyChars: number): ResourceRow {
  return { key, id: key, parent_key: "/p", subscription_id: "s", type: "t", etag: "e", body: "x".repeat(bodyChars) };
}

describe("RowCache", () => {
  it("tells a remembered row, a remembered absence and an unknown key apart", () => {
    const c = new RowCache(10_000);
    const r = row("a", 10);
    c.set("a", r);
    c.set("gone", null);
    assert.equal(c.get("a"), r);
    assert.equal(c.get("gone"), null);
    assert.equal(c.get("unknown"), undefined);
    c.delete("a");
    assert.equal(c.get("a"), undefined);
    c.clear();
    assert.equal(c.get("gone"), undefined);
    assert.equal(c.size, 0);
  });

  it("stays within its size, dropping the least recently read rows first", () => {
    // Each row counts its strings and 128: 1 (key) + 1 (id) + 2 + 1 + 1 + 1 + 1000 (body) + 128 = 1135 characters.
    const c = new RowCache(3 * 1135);
    c.set("a", row("a", 1000));
    c.set("b", row("b", 1000));
    c.set("c", row("c", 1000));
    assert.equal(c.size, 3);
    assert.ok(c.get("a")); // a is now the most recently read
    c.set("d", row("d", 1000));
    assert.equal(c.size, 3);
    assert.equal(c.get("b"), undefined);
    assert.ok(c.get("a"));
    assert.ok(c.get("c"));
    assert.ok(c.get("d"));
    // Replacing a row does not count it twice.
    c.set("d", row("d", 1000));
    assert.equal(c.size, 3);
    assert.ok(c.get("a"));
  });

  it("does not keep a row larger than the whole cache", () => {
    const c = new RowCache(1000);
    c.set("small", row("small", 10));
    c.set("big", row("big", 2000));
    assert.equal(c.get("big"), undefined);
    assert.ok(c.get("small"));
  });
});
