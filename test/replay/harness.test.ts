import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  compare,
  createBodyFromResponse,
  fidelityRowTitles,
  loadExample,
  PLACEHOLDERS,
  sourcesSectionHeadings,
  substitute,
  type Ignore,
  type Json,
} from "./harness.js";
import { IGNORED, ignoresFor } from "./ignored.js";
import { TEST_SUBSCRIPTION } from "../support/emulator.js";

/** The harness itself: strict where it must be, and the fixtures intact. No emulator needed. */

const ENDPOINT = "https://127.0.0.1:1";
const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/azure-spec/", import.meta.url));

function problems(ours: Json, example: Json, ignores: Ignore[] = []): string[] {
  return compare(ours, example, ignores, ENDPOINT).problems;
}

describe("replay harness: comparison", () => {
  const example = { id: "/x", properties: { a: 1, list: [{ v: "p" }, { v: "q" }], empty: {} }, tags: { t: "" } };

  test("identical documents match", () => {
    assert.deepEqual(problems(structuredClone(example), example), []);
  });

  test("a changed value, a missing field, an extra field, a type change, a longer array all fail", () => {
    const changed = structuredClone(example);
    changed.properties.a = 2;
    assert.match(problems(changed, example).join("\n"), /\/properties\/a: ours 2, example 1/);

    const missing: Json = structuredClone(example);
    delete missing.tags.t;
    assert.match(problems(missing, example).join("\n"), /\/tags\/t: missing in ours/);

    const extra: Json = structuredClone(example);
    extra.properties.b = false;
    assert.match(problems(extra, example).join("\n"), /\/properties\/b: not in the example/);

    const typed: Json = structuredClone(example);
    typed.properties.a = "1";
    assert.match(problems(typed, example).join("\n"), /\/properties\/a: ours "1" \(string\), example 1 \(number\)/);

    const longer: Json = structuredClone(example);
    longer.properties.list.push({ v: "r" });
    assert.match(problems(longer, example).join("\n"), /\/properties\/list\/2: not in the example/);

    const emptied: Json = structuredClone(example);
    emptied.properties.empty = { k: 1 };
    assert.match(problems(emptied, example).join("\n"), /\/properties\/empty\/k: not in the example/);
  });

  test("an ignored pointer covers its subtree and nothing else", () => {
    const ours: Json = structuredClone(example);
    ours.properties.list[1].v = "changed";
    ours.properties.a = 5;
    const ignore: Ignore[] = [{ pointer: "/properties/list/*/v", reason: "later issue: test (#0)" }];
    assert.deepEqual(
      problems(ours, example, ignore).filter((p) => !p.includes("/properties/a")),
      [],
    );
    assert.equal(problems(ours, example, ignore).length, 1, "the drift of /properties/a is still reported");
  });

  test("an ignore entry that matches nothing fails", () => {
    const p = problems(structuredClone(example), example, [{ pointer: "/properties/nothing", reason: "generated value" }]);
    assert.match(p.join("\n"), /matches nothing/);
  });

  test("a reason of another kind is refused", () => {
    assert.throws(() => problems(example, example, [{ pointer: "/id", reason: "looks fine" }]), /reason must start with one of/);
  });

  test("generated value: must be present where the example has it, same type, pattern if given", () => {
    const ignore: Ignore[] = [{ pointer: "/id", reason: "generated value", match: "^/[a-z]+$" }];
    assert.deepEqual(problems({ ...example, id: "/other" }, example, ignore), []);
    const { id: _id, ...withoutId } = example;
    assert.match(problems(withoutId, example, ignore).join("\n"), /generated value missing in ours/);
    assert.match(problems({ ...example, id: "/Bad1" }, example, ignore).join("\n"), /does not match/);
    assert.match(problems({ ...example, id: 7 }, example, ignore).join("\n"), /generated value has type number/);
  });

  test("expect replaces the example's value and is compared; absent requires the field to be missing", () => {
    const expect: Ignore[] = [{ pointer: "/properties/a", reason: 'real traffic wins: docs/sources.md "Defaults AKS fills in" (test)', expect: 3 }];
    assert.deepEqual(problems({ ...example, properties: { ...example.properties, a: 3 } }, example, expect), []);
    assert.match(problems(structuredClone(example), example, expect).join("\n"), /\/properties\/a: ours 1, example 3/);

    const absent: Ignore[] = [{ pointer: "/tags/t", reason: 'real traffic wins: docs/sources.md "Defaults AKS fills in" (test)', absent: true }];
    assert.deepEqual(problems({ ...example, tags: {} }, example, absent), []);
    assert.match(problems(structuredClone(example), example, absent).join("\n"), /\/tags\/t: not in the example/);
  });

  test("fidelity row: the reason must name a row of docs/fidelity.md", () => {
    const ok: Ignore[] = [{ pointer: "/id", reason: "fidelity row: PATCH tags (detail)" }];
    assert.deepEqual(problems(structuredClone(example), example, ok), []);
    assert.ok(fidelityRowTitles().has("Private endpoint connection type and id"));
    assert.throws(
      () => problems(example, example, [{ pointer: "/id", reason: "fidelity row: no such row" }]),
      /does not start with the title of a docs\/fidelity.md row/,
    );
  });

  test("real traffic wins: the reason must name sections of docs/sources.md", () => {
    const ok: Ignore[] = [{ pointer: "/id", reason: 'real traffic wins: docs/sources.md "Resource envelope", "Create answer" (detail)', absent: true }];
    const { id: _id, ...withoutId } = example;
    assert.deepEqual(problems(withoutId, example, ok), []);
    assert.ok(sourcesSectionHeadings().has("Private link resources in each answer"));
    assert.throws(
      () => problems(example, example, [{ pointer: "/id", reason: 'real traffic wins: docs/sources.md "<not a section>"', absent: true }]),
      /'<not a section>' is not a section of docs\/sources.md/,
    );
    assert.throws(
      () => problems(example, example, [{ pointer: "/id", reason: "real traffic wins: section 1.7 (the old form)", absent: true }]),
      /must read real traffic wins/,
    );
  });

  test("match: ours must have the field where the example has it", () => {
    const ignore: Ignore[] = [{ pointer: "/tags/t", reason: 'real traffic wins: docs/sources.md "Defaults AKS fills in" (test)', match: "^x$" }];
    assert.deepEqual(problems({ ...example, tags: { t: "x" } }, example, ignore), []);
    assert.match(problems({ ...example, tags: {} }, example, ignore).join("\n"), /\/tags\/t: missing in ours, must match/);
  });

  test("extra: our elements matching the fields are taken out, at least one must be there", () => {
    const ignore: Ignore[] = [{ pointer: "/properties/list", reason: "fidelity row: PATCH tags", extra: { "/v": "^own$" } }];
    const ours: Json = structuredClone(example);
    ours.properties.list.unshift({ v: "own" });
    assert.deepEqual(problems(ours, example, ignore), []);
    assert.match(problems(structuredClone(example), example, ignore).join("\n"), /no element of ours has/);
    ours.properties.list.push({ v: "other" });
    assert.match(problems(ours, example, ignore).join("\n"), /\/properties\/list\/2: not in the example/);
  });

  test("expect also adds a field the example lacks", () => {
    const ignore: Ignore[] = [
      { pointer: "/properties/list/*/extra", reason: 'real traffic wins: docs/sources.md "Defaults AKS fills in" (test)', expect: true },
    ];
    const ours: Json = structuredClone(example);
    for (const item of ours.properties.list) item.extra = true;
    assert.deepEqual(problems(ours, example, ignore), []);
    ours.properties.list[0].extra = false;
    assert.match(problems(ours, example, ignore).join("\n"), /\/properties\/list\/0\/extra: ours false, example true/);
  });
});

describe("replay harness: placeholders", () => {
  test("whole tokens only, in values and keys", () => {
    const out = substitute(
      { "/subscriptions/subid1/x": "MC_rg1_clustername1_location1", other: "rg10 xrg1 location1x", v: "1.9.6", url: "https://management.azure.com/a" },
      ENDPOINT,
    );
    assert.deepEqual(out, {
      [`/subscriptions/${TEST_SUBSCRIPTION}/x`]: `MC_${PLACEHOLDERS["rg1"]}_clustername1_${PLACEHOLDERS["location1"]}`,
      other: "rg10 xrg1 location1x",
      v: PLACEHOLDERS["1.9.6"],
      url: `${ENDPOINT}/a`,
    });
  });

  test("a prerequisite built from a response carries no read-only property", () => {
    const ex = loadExample("2026-04-01/examples/ManagedClustersGet.json");
    const body = createBodyFromResponse(ex.responses["200"]!.body, ENDPOINT);
    for (const k of ["id", "name", "type", "eTag"]) assert.ok(!(k in body), k);
    for (const k of ["provisioningState", "fqdn", "azurePortalFQDN", "maxAgentPools", "currentKubernetesVersion"]) assert.ok(!(k in body.properties), k);
    assert.ok(!("effectiveOutboundIPs" in body.properties.networkProfile.loadBalancerProfile));
    assert.ok(!("eTag" in body.properties.agentPoolProfiles[0]));
    assert.equal(body.properties.enableRBAC, false, "writable properties stay");
  });
});

describe("replay fixtures", () => {
  const readme = readFileSync(FIXTURES + "README.md", "utf8");
  const rows = [...readme.matchAll(/^\| `([^`]+\.json)` \| (\d+) \| ([0-9a-f]{40}) \|$/gm)].map((m) => ({ file: m[1]!, bytes: Number(m[2]), commit: m[3]! }));
  const onDisk: string[] = [];
  for (const version of readdirSync(FIXTURES)) {
    if (!statSync(FIXTURES + version).isDirectory()) continue;
    for (const f of readdirSync(`${FIXTURES}${version}/examples`)) onDisk.push(`${version}/examples/${f}`);
  }

  test("every fixture is listed in the README with its size and commit, and is unchanged JSON", () => {
    assert.deepEqual(rows.map((r) => r.file).sort(), onDisk.sort());
    for (const r of rows) {
      const raw = readFileSync(FIXTURES + r.file);
      assert.equal(raw.length, r.bytes, `${r.file}: ${raw.length} bytes, README says ${r.bytes}`);
      JSON.parse(raw.toString("utf8"));
    }
  });

  test("every fixture has an ignore list, and every list names a fixture", () => {
    assert.deepEqual(Object.keys(IGNORED).sort(), onDisk.sort());
    for (const file of onDisk) {
      const ex = loadExample(file);
      for (const code of Object.keys(ex.responses)) {
        if (IGNORED[file]!.skipStatus?.[code]) continue;
        for (const entry of ignoresFor(file, code)) assert.ok(entry.reason.length > 10, `${file} ${code} ${entry.pointer}`);
      }
    }
  });
});
