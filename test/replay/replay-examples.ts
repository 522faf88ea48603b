import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmulatorOptions } from "../../src/app.js";
import { startTestEmulator, type RawResponse, type TestEmulator } from "../support/emulator.js";
import { assertAnswerMatchesExample, loadExample, type Example } from "./harness.js";
import { IGNORED, ignoresFor } from "./ignored.js";

/**
 * Replays each example of a family, every response code it shows (unless its ignore list skips it),
 * against a fresh emulator: `run` sends the example's request (after what it needs), and the answer is
 * compared with the example's as harness.ts describes.
 */
export function replayExamples<K extends string>(
  examples: readonly { file: string; kind: K }[],
  opts: {
    /** The simulated provisioning time for a response code (e.g. 0 where the example's answer is final at once). */
    lroDurationFor(status: string, kind: K, ex: Example): number;
    run(te: TestEmulator, ex: Example, kind: K, status: string, lroDurationMs: number): Promise<RawResponse>;
    /** More emulator options for a response code, given a temporary directory removed after the test (e.g. a version catalogue file). */
    emulatorOptions?(ex: Example, kind: K, status: string, dir: string): Promise<EmulatorOptions>;
  },
): void {
  for (const { file, kind } of examples) {
    const ex = loadExample(file);
    const config = IGNORED[file];
    describe(`replay ${file}`, () => {
      test("every response code is replayed or skipped with a reason", () => {
        assert.ok(config, `no entry for ${file} in ignored.ts`);
        for (const [code, why] of Object.entries(config.skipStatus ?? {})) assert.ok(why.trim().length > 0, `skipStatus ${code} needs a reason`);
        for (const code of Object.keys(config.skipStatus ?? {})) assert.ok(code in ex.responses, `skipStatus ${code} is not a code of the example`);
        for (const code of Object.keys(config.ignore))
          assert.ok(code === "*" || code in ex.responses, `ignore list for ${code}, which the example does not have`);
      });
      for (const status of Object.keys(ex.responses)) {
        if (config?.skipStatus?.[status]) continue;
        test(`${kind} answers ${status} as the example does`, async () => {
          const lroDurationMs = opts.lroDurationFor(status, kind, ex);
          const dir = await mkdtemp(join(tmpdir(), "replay-"));
          const more = (await opts.emulatorOptions?.(ex, kind, status, dir)) ?? {};
          const te = await startTestEmulator({ lroDurationMs, seed: "replay", ...more });
          try {
            const res = await opts.run(te, ex, kind, status, lroDurationMs);
            assert.equal(res.status, Number(status), `status: ${res.text}`);
            assertAnswerMatchesExample(`${file} ${status}`, res, ex.responses[status]!, ignoresFor(file, status), te.endpoint);
          } finally {
            await te.close();
            await rm(dir, { recursive: true, force: true });
          }
        });
      }
    });
  }
}
