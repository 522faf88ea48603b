import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { killAllChildren, startChildEmulator, waitFor, type ChildEmulator } from "../support/child.js";
import { rgPath } from "../support/bodies.js";

/** `--log-format json|pretty`: one process-log line per answered request (issue 9, item 4). */

const SUB = "00000000-0000-0000-0000-000000000000";

async function requestLines(child: ChildEmulator, marker: string): Promise<string[]> {
  return waitFor("the request lines", async () => {
    const lines = child
      .stderr()
      .split("\n")
      .filter((l) => l.includes(marker));
    return lines.length >= 2 ? lines : undefined;
  });
}

describe("process log format", () => {
  const dirs: string[] = [];
  after(async () => {
    await killAllChildren();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("json (the default): one JSON object per request with method, path, status, error code and principal", async () => {
    const child = await startChildEmulator(["--in-memory"]);
    dirs.push(child.dataDir);
    try {
      await child.request("PUT", `${rgPath(SUB, "json-logged")}?api-version=2024-11-01`, { body: { location: "westeurope" } });
      await child.request("GET", `${rgPath(SUB, "json-missing")}?api-version=2024-11-01`);
      const lines = await requestLines(child, "json-");
      const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.deepEqual(
        entries.map((e) => [e["msg"], e["method"], e["path"], e["status"], e["errorCode"]]),
        [
          ["request", "PUT", rgPath(SUB, "json-logged"), 201, null],
          ["request", "GET", rgPath(SUB, "json-missing"), 404, "ResourceGroupNotFound"],
        ],
      );
      assert.equal(entries[0]!["level"], 30, "info");
      assert.ok(typeof entries[0]!["principal"] === "string");
      assert.ok(!lines.join("\n").includes(child.info.identityHeader), "no secret in the log");
    } finally {
      await child.stop();
    }
  });

  it("pretty: one readable line per request (time, method, path, api-version, status, code, duration), not JSON", async () => {
    const child = await startChildEmulator(["--in-memory", "--log-format", "pretty"]);
    dirs.push(child.dataDir);
    try {
      await child.request("PUT", `${rgPath(SUB, "pretty-logged")}?api-version=2024-11-01`, { body: { location: "westeurope" } });
      await child.request("GET", `${rgPath(SUB, "pretty-missing")}?api-version=2024-11-01`);
      const lines = await requestLines(child, "pretty-");
      assert.equal(lines.length, 2, lines.join("\n"));
      const time = "\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\]";
      const path = (name: string) => rgPath(SUB, name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      assert.match(lines[0]!, new RegExp(`^${time} INFO: PUT ${path("pretty-logged")} api-version=2024-11-01 -> 201 \\(\\d+(\\.\\d+)? ms\\)$`));
      assert.match(
        lines[1]!,
        new RegExp(`^${time} INFO: GET ${path("pretty-missing")} api-version=2024-11-01 -> 404 ResourceGroupNotFound \\(\\d+(\\.\\d+)? ms\\)$`),
      );
      assert.ok(!lines.join("\n").includes("{"), "no JSON object after a label");
    } finally {
      await child.stop();
    }
  });
});
