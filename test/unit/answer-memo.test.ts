import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AnswerMemo } from "../../src/providers/answer-cache.js";

/** A memo over a change counter the test moves; `made` counts the answers made (not remembered). */
function setup(maxBytes = 1024, counted = true) {
  let changes = 0;
  let made = 0;
  const memo = new AnswerMemo(() => (counted ? changes : undefined), maxBytes);
  const make = (text: string) => async () => {
    made++;
    return Buffer.from(text);
  };
  return {
    memo,
    make,
    made: () => made,
    change: () => {
      changes++;
    },
  };
}

describe("AnswerMemo", () => {
  it("answers a slot again without making it while nothing changed, and makes it again after a change", async () => {
    const t = setup();
    assert.equal((await t.memo.answer("a", t.make("one"))).toString(), "one");
    assert.equal((await t.memo.answer("a", t.make("two"))).toString(), "one");
    assert.equal((await t.memo.answer("b", t.make("bee"))).toString(), "bee");
    assert.equal(t.made(), 2);
    t.change();
    assert.equal((await t.memo.answer("a", t.make("two"))).toString(), "two");
    assert.equal((await t.memo.answer("b", t.make("bee2"))).toString(), "bee2");
    assert.equal(t.made(), 4);
  });

  it("get answers only what was remembered since the last change", async () => {
    const t = setup();
    assert.equal(t.memo.get("a"), undefined);
    await t.memo.remember("a", t.make("one"));
    assert.equal(t.memo.get("a")?.toString(), "one");
    t.change();
    assert.equal(t.memo.get("a"), undefined);
    await t.memo.remember("b", t.make("bee"));
    assert.equal(t.memo.get("a"), undefined, "an answer from before the change is gone");
    assert.equal(t.memo.get("b")?.toString(), "bee");
  });

  it("does not keep an answer when the store changed while it was made", async () => {
    const t = setup();
    const answer = await t.memo.answer("a", async () => {
      t.change(); // another request's commit between this one's reads and its answer
      return Buffer.from("read before the change");
    });
    assert.equal(answer.toString(), "read before the change");
    assert.equal((await t.memo.answer("a", t.make("fresh"))).toString(), "fresh");
    assert.equal((await t.memo.answer("a", t.make("later"))).toString(), "fresh");
  });

  it("keeps nothing for a store without a count (shared with other processes)", async () => {
    const t = setup(1024, false);
    await t.memo.answer("a", t.make("one"));
    assert.equal((await t.memo.answer("a", t.make("two"))).toString(), "two");
    assert.equal(t.made(), 2);
  });

  it("keeps no error: a failed answer is tried again", async () => {
    const t = setup();
    await assert.rejects(
      t.memo.answer("a", async () => {
        throw new Error("not found");
      }),
      /not found/,
    );
    assert.equal((await t.memo.answer("a", t.make("found"))).toString(), "found");
  });

  it("holds at most maxBytes, dropping the oldest first; a larger answer is not kept", async () => {
    const t = setup(10);
    await t.memo.answer("a", t.make("aaaa"));
    await t.memo.answer("b", t.make("bbbb"));
    await t.memo.answer("a", t.make("x")); // a hit: a stays the oldest
    await t.memo.answer("c", t.make("cccc")); // 12 bytes: a goes
    assert.equal(t.made(), 3);
    assert.equal((await t.memo.answer("b", t.make("new b"))).toString(), "bbbb");
    assert.equal((await t.memo.answer("c", t.make("new c"))).toString(), "cccc");
    assert.equal((await t.memo.answer("a", t.make("new a"))).toString(), "new a");
    await t.memo.answer("big", t.make("more than ten"));
    assert.equal((await t.memo.answer("big", t.make("again"))).toString(), "again");
  });
});
