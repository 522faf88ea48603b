import { test } from "node:test";
import assert from "node:assert/strict";
import { type FilterSubject, parseResourceFilter } from "../../src/providers/resources/resource-filter.js";

/** The generic resource list's $filter (src/providers/resources/resource-filter.ts): the forms the integration test does not send. */
const subject: FilterSubject = {
  name: "o'brien",
  type: "Microsoft.ContainerService/managedClusters",
  location: "eastus",
  resourceGroup: "rg1",
  tags: { Dept: "x" },
  identity: { type: "SystemAssigned", principalId: "11111111-2222-3333-4444-555555555555" },
  plan: { name: "p1", publisher: "pub", promotionCode: "promo" },
};
const matches = (text: string) => parseResourceFilter(text)!.matches(subject);

test("no filter: an empty or missing $filter is none", () => {
  assert.equal(parseResourceFilter(undefined), undefined);
  assert.equal(parseResourceFilter(null), undefined);
  assert.equal(parseResourceFilter("  "), undefined);
});

test("identity and plan properties, keywords in any case, '' inside a string", () => {
  assert.equal(matches("identity eq 'systemassigned' AND identity/principalId eq '11111111-2222-3333-4444-555555555555'"), true);
  assert.equal(matches("plan eq 'p1' and plan/publisher eq 'pub' and plan/promotionCode eq 'promo'"), true);
  assert.equal(matches("plan/product eq 'anything'"), false);
  assert.equal(matches("plan/product ne 'anything'"), true);
  assert.equal(matches("name EQ 'O''Brien'"), true);
  assert.equal(matches("SUBSTRINGOF('BRI', name)"), true);
});

test("a tag filter is marked (ARM leaves tags out of its answer); tag names compare in any case", () => {
  const f = parseResourceFilter("tagName eq 'dept' and tagValue eq 'x'")!;
  assert.equal(f.byTag, true);
  assert.equal(f.matches(subject), true);
  assert.equal(parseResourceFilter("name eq 'a'")!.byTag, false);
});

test("refused forms answer InvalidFilterInQueryString", () => {
  for (const text of [
    "startswith(name, 'a')",
    "substringof(name, 'a')",
    "name eq",
    "(name eq 'a'",
    "name eq 'a' extra",
    "tagName ne 'a'",
    "tagName eq 'a' or tagName eq 'b'",
  ]) {
    assert.throws(
      () => parseResourceFilter(text),
      (e: any) => e.status === 400 && e.code === "InvalidFilterInQueryString",
      text,
    );
  }
});
