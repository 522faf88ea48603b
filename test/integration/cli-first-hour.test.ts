import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_LRO_DURATION_MS } from "../../src/app.js";
import { REPO_ROOT, killAllChildren, makeTempDir, runCli, startChildEmulator, waitFor } from "../support/child.js";
import { rgPath } from "../support/bodies.js";

/**
 * Issue #21 item 3, the command line as a new user meets it: --version, every option's default in
 * --help, a usage error as the error and a one-line hint, a failed start that leaves no files, the
 * proxy hint with the instance's --data-dir, a line on shutdown, and unrouted requests logged with
 * their api-version.
 */

const SUB = "00000000-0000-0000-0000-000000000000";
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await makeTempDir();
  dirs.push(d);
  return d;
}

after(async () => {
  await killAllChildren();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** The commands `aks-emulator --help` and its subcommands' helps list, as argument lists (`["faults", "add"]`). */
async function allCommands(): Promise<string[][]> {
  const out: string[][] = [];
  const walk = async (path: string[]): Promise<void> => {
    const r = await runCli([...path, "--help"]);
    assert.equal(r.code, 0, `${path.join(" ")} --help: ${r.stderr}`);
    const commands = r.stdout.split(/^Commands:\n/m)[1];
    if (commands === undefined) {
      out.push(path);
      return;
    }
    for (const m of commands.matchAll(/^ {2}([a-z-]+)/gm)) {
      if (m[1] !== "help") await walk([...path, m[1]!]);
    }
  };
  await walk([]);
  return out;
}

/** `--help`'s options, each with its whole (wrapped) description. */
function optionsOf(help: string): { flags: string; text: string }[] {
  const section = help.split(/^Options:\n/m)[1] ?? "";
  const options: { flags: string; text: string }[] = [];
  for (const line of section.split("\n")) {
    const m = /^ {2}(-\S.*?)(?: {2,}(.*))?$/.exec(line);
    if (m) options.push({ flags: m[1]!, text: m[2] ?? "" });
    else if (/^ {4,}\S/.test(line) && options.length > 0) options[options.length - 1]!.text += ` ${line.trim()}`;
  }
  return options;
}

describe("--version and --help", () => {
  test("--version prints package.json's version", async () => {
    const { version } = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8"));
    for (const flag of ["--version", "-V"]) {
      const r = await runCli([flag]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${version}\n`);
    }
  });

  test("every option of every command that takes a value shows its default in --help", async () => {
    const commands = await allCommands();
    assert.ok(commands.length >= 15, commands.map((c) => c.join(" ")).join(", "));
    const missing: string[] = [];
    for (const path of commands) {
      const r = await runCli([...path, "--help"]);
      for (const o of optionsOf(r.stdout)) {
        if (/^-h, --help|^-V, --version/.test(o.flags)) continue;
        if (!/\(.*default: [^)]+\)/.test(o.text)) missing.push(`${path.join(" ")} ${o.flags}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  test("--lro-duration's default in --help is the one the emulator uses", async () => {
    const r = await runCli(["start", "--help"]);
    const lro = optionsOf(r.stdout).find((o) => o.flags.startsWith("--lro-duration"));
    assert.ok(lro);
    assert.match(lro.text, new RegExp(`\\(default: ${DEFAULT_LRO_DURATION_MS}\\)`));
  });
});

describe("usage errors", () => {
  const cases: [string[], RegExp, string][] = [
    [["start", "--bogus-flag"], /^error: unknown option '--bogus-flag'$/, "aks-emulator start"],
    [["start", "--port", "abc"], /^error: option '--port <port>' argument 'abc' is invalid\. --port must be a whole number/, "aks-emulator start"],
    [["bogus-command"], /^error: unknown command 'bogus-command'$/, "aks-emulator"],
    [["faults", "add", "--hangs", "--delay-ms", "5"], /^error: give exactly one effect/, "aks-emulator faults add"],
    [["requests", "--limit", "0"], /^error: option '--limit <n>' argument '0' is invalid/, "aks-emulator requests"],
    [["start", "--in-memory", "--store", "postgres"], /^error: --in-memory cannot be used with --store postgres/, "aks-emulator start"],
    [["start", "--postgres-schema", "s1"], /^error: --postgres-schema needs --store postgres\.$/, "aks-emulator start"],
    [["start", "--host", "10.0.0.1"], /^error: .*10\.0\.0\.1.*loopback/, "aks-emulator start"],
    [["reset", "--postgres-url", "postgres://x"], /^error: --postgres-url needs --store postgres\.$/, "aks-emulator reset"],
  ];
  for (const [args, error, command] of cases) {
    test(`${args.join(" ")}: the error and a one-line hint, not the whole help`, async () => {
      const dataDir = await tempDir();
      const r = await runCli([...args, "--data-dir", dataDir], { timeoutMs: 15_000 });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, "");
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 2, r.stderr);
      assert.match(lines[0]!, error);
      assert.equal(lines[1], `(run '${command} --help' for usage)`);
    });
  }
});

describe("a start that fails leaves no new files", () => {
  test("a port in use: a data dir that did not exist is not created", async () => {
    const c = await startChildEmulator(["--in-memory"]);
    dirs.push(c.dataDir);
    try {
      const parent = await tempDir();
      const dataDir = join(parent, "new", "data");
      const r = await runCli(["start", "--port", new URL(c.endpoint).port, "--data-dir", dataDir], { timeoutMs: 20_000 });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /already in use/);
      assert.deepEqual(await readdir(parent), [], "nothing left, not even the directories");
    } finally {
      await c.stop();
    }
  });

  test("a proxy port in use (the emulator's own port already bound): nothing left either", async () => {
    const c = await startChildEmulator(["--in-memory"]);
    dirs.push(c.dataDir);
    try {
      const parent = await tempDir();
      const dataDir = join(parent, "data");
      const r = await runCli(["start", "--port", "0", "--proxy-port", new URL(c.endpoint).port, "--data-dir", dataDir], { timeoutMs: 20_000 });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /already in use/);
      assert.deepEqual(await readdir(parent), []);
    } finally {
      await c.stop();
    }
  });

  test("a port in use: an existing data dir keeps exactly what it had (its own TLS material, no state.db)", async () => {
    const c = await startChildEmulator(["--in-memory"]);
    dirs.push(c.dataDir);
    try {
      const dataDir = await tempDir();
      await mkdir(join(dataDir, "mine"));
      await writeFile(join(dataDir, "mine", "notes.txt"), "keep me\n");
      const r = await runCli(["start", "--port", new URL(c.endpoint).port, "--data-dir", dataDir], { timeoutMs: 20_000 });
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(await readdir(dataDir), ["mine"]);
      assert.deepEqual(await readdir(join(dataDir, "mine")), ["notes.txt"]);
      // The same data dir starts afterwards, on a free port.
      const again = await startChildEmulator([], { dataDir, tlsDir: null });
      await again.stop();
      assert.ok(existsSync(join(dataDir, "state.db")));
    } finally {
      await c.stop();
    }
  });
});

describe("start's hints and log lines", () => {
  test("the proxy's ready hint names the --data-dir the instance was started with", async () => {
    const dataDir = join(await tempDir(), "my data");
    const c = await startChildEmulator(["--in-memory", "--proxy-port", "0"], { dataDir });
    try {
      assert.match(c.stderr(), /^interception proxy on http:\/\/127\.0\.0\.1:\d+ \(eval "\$\(npx aks-emulator env --proxy --data-dir '(.*)'\)"\)$/m);
      const named = /--data-dir '(.*)'\)"\)$/m.exec(c.stderr())![1]!;
      assert.equal(named, dataDir);
      // The hint as printed works.
      const r = await runCli(["env", "--proxy", "--data-dir", named]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^export HTTPS_PROXY='http:\/\/127\.0\.0\.1:\d+'$/m);
    } finally {
      await c.stop();
    }
  });

  for (const format of ["json", "pretty"] as const) {
    test(`a log line on shutdown (--log-format ${format})`, async () => {
      const c = await startChildEmulator(["--in-memory", "--log-format", format]);
      dirs.push(c.dataDir);
      const exit = await c.stop("SIGTERM");
      assert.deepEqual(exit, { code: 0, signal: null });
      const last = c.stderr().trimEnd().split("\n").pop()!;
      if (format === "json") {
        const line = JSON.parse(last);
        assert.deepEqual([line.level, line.msg, line.signal, line.endpoint], [30, "aks-emulator stopped", "SIGTERM", c.endpoint]);
      } else {
        assert.match(
          last,
          new RegExp(`^\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] INFO: aks-emulator stopped signal=SIGTERM endpoint=${c.endpoint.replace(/\./g, "\\.")}$`),
        );
      }
    });
  }

  test("requests no route takes are logged with their api-version (process log and request log)", async () => {
    const c = await startChildEmulator(["--in-memory"]);
    dirs.push(c.dataDir);
    try {
      const unknownType = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/fooBars/x?api-version=2021-05-01`;
      const outside = `/nowhere/at/all?api-version=2020-02-02`;
      assert.equal((await c.request("GET", unknownType)).status, 404);
      assert.equal((await c.request("GET", outside)).status, 404);
      assert.equal((await c.request("GET", `${rgPath(SUB, "no-token")}?api-version=2022-09-01`, { auth: false })).status, 401);
      const lines = await waitFor("the request lines", async () => {
        const found = c
          .stderr()
          .split("\n")
          .filter((l) => /fooBars|nowhere|no-token/.test(l));
        return found.length >= 3 ? found.map((l) => JSON.parse(l)) : undefined;
      });
      assert.deepEqual(
        lines.map((l) => [l.status, l.apiVersion]),
        [
          [404, "2021-05-01"],
          [404, "2020-02-02"],
          [401, "2022-09-01"],
        ],
      );
      const log = (await c.request("GET", "/_emulator/requests?limit=3")).json.value;
      assert.deepEqual(
        log.map((e: any) => e.apiVersion),
        ["2021-05-01", "2020-02-02", "2022-09-01"],
      );
    } finally {
      await c.stop();
    }
  });
});

describe("request log: the emulator's own routes", () => {
  test("GET /_emulator/requests leaves out control and token requests unless emulatorRoutes=true; bad filters are 400", async () => {
    const c = await startChildEmulator(["--in-memory"]);
    dirs.push(c.dataDir);
    try {
      assert.equal((await c.request("PUT", `${rgPath(SUB, "logged")}?api-version=2022-09-01`, { body: { location: "eastus" } })).status, 201);
      assert.equal((await c.request("GET", "/_emulator/faults")).status, 200);
      const arm = (await c.request("GET", "/_emulator/requests")).json.value;
      assert.deepEqual(
        arm.map((e: any) => [e.method, e.path]),
        [["PUT", rgPath(SUB, "logged")]],
      );
      const all = (await c.request("GET", "/_emulator/requests?emulatorRoutes=true")).json.value;
      assert.ok(all.some((e: any) => e.path === "/_emulator/faults"));
      assert.ok(all.some((e: any) => e.path === "/_emulator/identity/token"));
      for (const [query, target] of [
        ["status=abc", "status"],
        ["method=P-U-T", "method"],
        ["path=nope", "path"],
        ["emulatorRoutes=yes", "emulatorRoutes"],
      ]) {
        const r = await c.request("GET", `/_emulator/requests?${query}`);
        assert.equal(r.status, 400, query);
        assert.equal(r.json.error.code, "InvalidParameter");
        assert.equal(r.json.error.target, target);
      }
    } finally {
      await c.stop();
    }
  });
});

describe("faults: which of several fires", () => {
  test("the first added that matches fires; one given back (it found no operation to act on) keeps its place", async () => {
    const c = await startChildEmulator(["--in-memory"]);
    dirs.push(c.dataDir);
    try {
      const add = async (spec: unknown) => {
        const r = await c.request("POST", "/_emulator/faults", { body: spec });
        assert.equal(r.status, 201, r.text);
        return r.json;
      };
      const hangs = await add({ match: { method: "PUT" }, effect: { hangs: true }, count: 1 });
      const refuses = await add({ match: { method: "PUT" }, effect: { status: 409, code: "Conflict" }, count: 1 });
      assert.deepEqual([hangs.order, refuses.order], [1, 2]);
      // A resource group PUT starts no operation: the hangs fault fires, finds nothing to hold, and is given back.
      const put = await c.request("PUT", `${rgPath(SUB, "ordered")}?api-version=2022-09-01`, { body: { location: "eastus" } });
      assert.equal(put.status, 201, put.text);
      const listed = (await c.request("GET", "/_emulator/faults")).json.value;
      assert.deepEqual(
        listed.map((f: any) => [f.order, f.id, f.fired]),
        [
          [1, hangs.id, 0],
          [2, refuses.id, 0],
        ],
      );
    } finally {
      await c.stop();
    }
  });
});
