import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { EmulatorOptions } from "../../src/app.js";
import { startTestEmulator, type RawResponse, type TestEmulator } from "../support/emulator.js";
import { assertAnswerMatchesExample, loadExample, type Example } from "./harness.js";
import { IGNORED, ignoresFor } from "./ignored.js";

/**
 * One replay test per example file and response code, each against a fresh emulator: `run` sends the
 * example's request (after its prerequisites), and the answer's status, body and headers are compared
 * with the example's as harness.ts says, less the file's ignore list (ignored.ts).
 */
export function replayExamples<Kind extends string>(
  examples: readonly { file: string; kind: Kind }[],
  opts: {
    /** The simulated provisioning time the example's answer needs for `status`. */
    lroDurationMs(kind: Kind, status: string, ex: Example): number;
    run(te: TestEmulator, ex: Example, kind: Kind, status: string, lroDurationMs: number): Promise<RawResponse>;
    /** More emulator options for the example's emulator (e.g. a version catalogue), and what to clean up after it. */
    setup?(ex: Example, kind: Kind, status: string): Promise<{ options?: EmulatorOptions; cleanup?(): Promise<void> }>;
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
          const lroDurationMs = opts.lroDurationMs(kind, status, ex);
          const extra = (await opts.setup?.(ex, kind, status)) ?? {};
          const te = await startTestEmulator({ lroDurationMs, seed: "replay", ...extra.options });
          try {
            const res = await opts.run(te, ex, kind, status, lroDurationMs);
            assert.equal(res.status, Number(status), `status: ${res.text}`);
            assertAnswerMatchesExample(`${file} ${status}`, res, ex.responses[status]!, ignoresFor(file, status), te.endpoint);
          } finally {
            await te.close();
            await extra.cleanup?.();
          }
        });
      }
    });
  }
}
