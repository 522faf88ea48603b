import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ArmError } from "../../src/arm/errors.js";
import type { ArmRequest, Route } from "../../src/arm/router.js";
import { resourceGroupKey } from "../../src/arm/resource-id.js";
import { startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { fuzzTarget } from "../support/fuzz-fixture.js";
import { caseArb, checkCase, FUZZ_SEED, fuzzParams, type FuzzTarget } from "../support/fuzz.js";

/**
 * The fuzz suite can fail: an emulator with known faults planted in its route table (through the
 * test-only `adjustRoutes` option) is fuzzed with the same generators and properties as the real one
 * (test/fuzz/routes.test.ts), and each fault must be reported by the property it breaks.
 */

const ARM_RG = { namespace: "Microsoft.Resources", resourceType: "resourceGroups", kind: "arm" as const };
const RG_PATH = "/subscriptions/:subscriptionId/resourcegroups/:resourceGroupName";
/**
 * The planted validators sit in the resource group's own handler. The envelope checks a body against
 * the official definition of its namespace first (src/arm/request-schemas/, docs/fidelity.md
 * "Request body against the API definition"), which refuses the wrong-typed tags before any handler
 * runs; the planted routes name a namespace with no committed definition, so the bodies reach the
 * faulty handlers as they would for a type whose definition is not committed.
 */
const UNDESCRIBED = { namespace: "Microsoft.PlantedFaults" };

function badTags(tags: unknown): boolean {
  if (tags === undefined || tags === null) return false;
  return typeof tags !== "object" || Array.isArray(tags) || Object.values(tags as object).some((v) => typeof v !== "string");
}

describe("the fuzz suite catches planted faults", () => {
  let te: TestEmulator;
  let target: FuzzTarget & { close(): void };
  const planted: Record<string, Route> = {};

  before(async () => {
    te = await startTestEmulator({
      lroDurationMs: 0,
      adjustRoutes: (routes) => {
        const store = () => te.emulator.store;
        const key = (req: ArmRequest) => resourceGroupKey(req.params["subscriptionId"]!, req.params["resourceGroupName"]!);
        const out = routes.map((r) => {
          if (r.path !== RG_PATH) return r;
          const real = r.handler;
          if (r.method === "PUT") {
            // (c) a validator that lets a bad body through: wrong-typed tags are stored unchecked.
            const lenient: Route = {
              ...r,
              apiVersions: { ...r.apiVersions, ...UNDESCRIBED },
              handler: async (req) => {
                const body = req.body as Record<string, unknown> | undefined;
                if (!body || typeof body !== "object" || !badTags(body["tags"])) return real(req);
                const answer = await real({ ...req, body: { ...body, tags: undefined } });
                const stored = await store().get(key(req));
                if (stored) await store().commit([{ op: "put", resource: { ...stored, body: { ...stored.body, tags: body["tags"] } } }]);
                return answer;
              },
            };
            planted["storesBadValue"] = lenient;
            return lenient;
          }
          if (r.method === "PATCH") {
            // (c) a validator that runs after the write: the request is refused, the state changed anyway.
            const late: Route = {
              ...r,
              apiVersions: { ...r.apiVersions, ...UNDESCRIBED },
              handler: async (req) => {
                const body = req.body as Record<string, unknown> | undefined;
                if (!body || typeof body !== "object" || !badTags(body["tags"])) return real(req);
                const stored = await store().get(key(req));
                if (stored) await store().commit([{ op: "put", resource: { ...stored, etag: `${stored.etag}-changed` } }]);
                throw new ArmError(400, "InvalidRequestContent", "Property 'tags' must be an object of strings.", { target: "tags" });
              },
            };
            planted["changesStateWhenRejecting"] = late;
            return late;
          }
          return r;
        });
        // (a) a handler that throws.
        planted["throws"] = {
          method: "GET",
          path: `${RG_PATH}/plantedThrows`,
          apiVersions: ARM_RG,
          write: false,
          body: "none",
          handler: async () => {
            throw new TypeError("planted: cannot read properties of undefined");
          },
        };
        // (b) a route that answers HTML.
        planted["answersHtml"] = {
          method: "POST",
          path: `${RG_PATH}/plantedHtml`,
          apiVersions: ARM_RG,
          write: false,
          body: "optional",
          handler: async (req) =>
            req.hasBody
              ? { status: 400, body: "<!DOCTYPE html><html><body><h1>Bad Request</h1></body></html>", headers: { "content-type": "text/html" } }
              : { status: 200, body: {} },
        };
        return [...out, planted["throws"], planted["answersHtml"]];
      },
    });
    target = fuzzTarget(te);
    await target.ensureFixture();
  });
  after(async () => {
    target?.close();
    await te?.close();
  });

  /** Fuzzes one planted route and returns the failure report fast-check gives. */
  async function failureFor(name: string, numRuns: number): Promise<string> {
    const route = planted[name];
    assert.ok(route, `planted route ${name}`);
    try {
      await fc.assert(
        fc.asyncProperty(caseArb(target, [route]), (c) => checkCase(target, c)),
        fuzzParams(numRuns),
      );
    } catch (e) {
      return (e as Error).message;
    }
    assert.fail(`the fuzz suite did not catch the planted fault '${name}' in ${numRuns} runs (seed ${FUZZ_SEED})`);
  }

  test("(a) a handler that throws: caught by 'never a 5xx'", async () => {
    assert.match(await failureFor("throws", 40), /status 500/);
  });

  test("(b) a route that answers HTML: caught by 'every 4xx is an ARM error body'", async () => {
    const report = await failureFor("answersHtml", 40);
    assert.match(report, /content-type 'text\/html' is not JSON/);
    assert.match(report, /HTML in the body/);
  });

  test("(c) a validator that stores a bad body: caught when the resource is read back", async () => {
    assert.match(await failureFor("storesBadValue", 200), /read back after PUT: .*tags/);
  });

  test("(c) a validator that refuses after writing: caught by 'rejected requests change no state'", async () => {
    assert.match(await failureFor("changesStateWhenRejecting", 200), /a rejected request \(400\) changed the state/);
  });
});
