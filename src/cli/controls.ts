import type { Command } from "commander";
import { requireCjs } from "../util/cjs.js";
import type { AksEmulatorConnection, FaultEffect, FaultSpec, OperationStatus } from "../testing/index.js";

const commander = requireCjs("commander") as typeof import("commander");

/**
 * The testing controls on the command line: `faults`, `run-command`, `kubernetes-namespaces`, `clock`, `operations`, `state` and `requests`,
 * talking to the instance found through `--data-dir` (its runtime.json) with an Owner token from its
 * identity endpoint. They use the same client as `aks-emulator/testing` and print JSON on stdout;
 * an error answer is printed on stderr with its status and ARM code, and the exit code is 1.
 */

const DEFAULT_DATA_DIR = ".aks-emulator";

function wholeNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isInteger(n) || n < min || n > max) {
      throw new commander.InvalidArgumentError(`${name} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}.`);
    }
    return n;
  };
}

function print(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

/** Connects through `dataDir`, runs `fn`, prints its result; failures go to stderr with exit code 1. */
async function withInstance(what: string, dataDir: string, fn: (c: AksEmulatorConnection) => Promise<unknown>): Promise<void> {
  const { connectAksEmulator, EmulatorRequestError } = await import("../testing/index.js");
  let c: AksEmulatorConnection;
  try {
    c = await connectAksEmulator({ dataDir });
  } catch (e) {
    process.stderr.write(`aks-emulator ${what}: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  try {
    const result = await fn(c);
    if (result !== undefined) print(result);
  } catch (e) {
    process.exitCode = 1;
    if (e instanceof EmulatorRequestError) {
      process.stderr.write(
        `aks-emulator ${what}: the instance answered ${e.status} ${e.code}: ${(e.body as { error?: { message?: string } })?.error?.message ?? e.message}\n`,
      );
    } else {
      process.stderr.write(`aks-emulator ${what}: ${(e as Error).message}\n`);
    }
  } finally {
    c.close();
  }
}

function dataDirOption(cmd: Command): Command {
  return cmd.option("--data-dir <dir>", "data dir of the running instance", DEFAULT_DATA_DIR);
}

interface FaultAddFlags {
  dataDir: string;
  method?: string;
  path?: string;
  resourceType?: string;
  count?: number;
  status?: number;
  code?: string;
  message?: string;
  retryAfter?: number;
  operationFails?: string;
  hangs?: boolean;
  delayMs?: number;
}

/** The fault a `faults add` command line describes, or a message saying what is wrong with it. */
function faultFromFlags(o: FaultAddFlags): FaultSpec | string {
  const effects = [o.status !== undefined, o.operationFails !== undefined, o.hangs === true, o.delayMs !== undefined].filter(Boolean).length;
  if (effects !== 1) return "give exactly one effect: --status N --code CODE, --operation-fails CODE, --hangs or --delay-ms N";
  let effect: FaultEffect;
  if (o.status !== undefined) {
    if (o.code === undefined) return "--status needs --code (the ARM error code of the answer, e.g. TooManyRequests)";
    effect = {
      status: o.status,
      code: o.code,
      ...(o.message !== undefined ? { message: o.message } : {}),
      ...(o.retryAfter !== undefined ? { retryAfterSeconds: o.retryAfter } : {}),
    };
  } else {
    if (o.code !== undefined) return "--code goes with --status (for --operation-fails the code is its value)";
    if (o.retryAfter !== undefined) return "--retry-after goes with --status";
    if (o.operationFails !== undefined) effect = { operationFails: { code: o.operationFails, ...(o.message !== undefined ? { message: o.message } : {}) } };
    else if (o.message !== undefined) return "--message goes with --status or --operation-fails";
    else if (o.hangs) effect = { hangs: true };
    else effect = { delayMs: o.delayMs! };
  }
  const match = {
    ...(o.method !== undefined ? { method: o.method } : {}),
    ...(o.path !== undefined ? { path: o.path } : {}),
    ...(o.resourceType !== undefined ? { resourceType: o.resourceType } : {}),
  };
  return { match, effect, ...(o.count !== undefined ? { count: o.count } : {}) };
}

export function registerControlCommands(program: Command): void {
  const faults = program
    .command("faults")
    .description(
      "inject errors, failed or hanging operations and delays into ARM requests; when several match a request, the one added first fires (docs/testing-controls.md)",
    );
  dataDirOption(
    faults
      .command("add")
      .description("add a fault: the next matching ARM requests get its effect; prints the fault as stored")
      .option("--method <method>", "match this HTTP method (default: any)")
      .option("--path <pattern>", "match this request path (* within a segment, ** across segments) (default: any)")
      .option("--resource-type <type>", "match requests served by this resource type, e.g. Microsoft.ContainerService/managedClusters (default: any)")
      .option("--count <n>", "fire this many times, then remove it (default: until cleared)", wholeNumber("--count", 1))
      .option(
        "--status <status>",
        "effect: answer with this HTTP status (400..599) ... (default: no status; give one effect)",
        wholeNumber("--status", 400, 599),
      )
      .option("--code <code>", "... and this ARM error code (default: none; required with --status)")
      .option("--message <text>", "error message (with --status or --operation-fails) (default: one naming the code)")
      .option("--retry-after <seconds>", "Retry-After of a 429 or 503 answer (default: 1)", wholeNumber("--retry-after", 0))
      .option("--operation-fails <code>", "effect: the long-running operation the request starts ends Failed with this code (default: no; give one effect)")
      .option("--hangs", "effect: the operation the request starts stays InProgress until `operations release ID` (default: no; give one effect)")
      .option("--delay-ms <ms>", "effect: answer this much later (0..600000 ms) (default: no; give one effect)", wholeNumber("--delay-ms", 0, 600_000)),
  ).action(async (o: FaultAddFlags, cmd: Command) => {
    const spec = faultFromFlags(o);
    if (typeof spec === "string") cmd.error(`error: ${spec}`);
    else await withInstance("faults add", o.dataDir, (c) => c.faults.add(spec));
  });
  dataDirOption(faults.command("list").description("list the active faults in the order they are tried (order 1 first), with how often each fired")).action(
    async (o: { dataDir: string }) => {
      await withInstance("faults list", o.dataDir, (c) => c.faults.list());
    },
  );
  dataDirOption(faults.command("clear [id]").description("remove one fault (prints it) or, without an id, every fault (prints how many)")).action(
    async (id: string | undefined, o: { dataDir: string }) => {
      await withInstance("faults clear", o.dataDir, async (c) => (id !== undefined ? c.faults.remove(id) : { removed: await c.faults.clear() }));
    },
  );

  const runCommand = program.command("run-command").description("script what runCommand (az aks command invoke) answers (docs/testing-controls.md)");
  dataDirOption(
    runCommand
      .command("add <pattern>")
      .description("add a rule: commands matching PATTERN (a regular expression) get this result; prints the rule as stored")
      .option("--exit-code <n>", "the command's exit code (default: 0)", wholeNumber("--exit-code", 0, 255))
      .option("--logs <text>", "what the command prints (default: nothing)")
      .option("--failure-reason <reason>", "instead: the command fails before running, with this reason, e.g. ImagePullBackoff (default: it runs)"),
  ).action(async (pattern: string, o: { dataDir: string; exitCode?: number; logs?: string; failureReason?: string }) => {
    const spec = {
      command: pattern,
      ...(o.exitCode !== undefined ? { exitCode: o.exitCode } : {}),
      ...(o.logs !== undefined ? { logs: o.logs } : {}),
      ...(o.failureReason !== undefined ? { failureReason: o.failureReason } : {}),
    };
    await withInstance("run-command add", o.dataDir, (c) => c.runCommand.add(spec));
  });
  dataDirOption(runCommand.command("list").description("list the rules, in the order they are tried")).action(async (o: { dataDir: string }) => {
    await withInstance("run-command list", o.dataDir, (c) => c.runCommand.list());
  });
  dataDirOption(runCommand.command("clear [id]").description("remove one rule (prints it) or, without an id, every rule (prints how many)")).action(
    async (id: string | undefined, o: { dataDir: string }) => {
      await withInstance("run-command clear", o.dataDir, async (c) => (id !== undefined ? c.runCommand.remove(id) : { removed: await c.runCommand.clear() }));
    },
  );

  const namespaces = program
    .command("kubernetes-namespaces")
    .description("a cluster's Kubernetes namespaces, which managed namespaces adopt by their adoption policy (docs/testing-controls.md)");
  dataDirOption(
    namespaces
      .command("add <cluster-id> <name>")
      .description("seed a namespace that exists in the cluster without a managed namespace; prints it")
      .option("--label <key=value...>", "a label of the namespace, repeatable (default: none)")
      .option("--annotation <key=value...>", "an annotation of the namespace, repeatable (default: none)"),
  ).action(async (cluster: string, name: string, o: { dataDir: string; label?: string[]; annotation?: string[] }) => {
    const pairs = (list: string[] | undefined, flag: string): Record<string, string> | undefined => {
      if (!list) return undefined;
      const out: Record<string, string> = {};
      for (const pair of list) {
        const at = pair.indexOf("=");
        if (at < 1) throw new commander.InvalidArgumentError(`${flag} takes key=value, got '${pair}'.`);
        out[pair.slice(0, at)] = pair.slice(at + 1);
      }
      return out;
    };
    const labels = pairs(o.label, "--label");
    const annotations = pairs(o.annotation, "--annotation");
    await withInstance("kubernetes-namespaces add", o.dataDir, (c) =>
      c.kubernetesNamespaces.add({ cluster, name, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) }),
    );
  });
  dataDirOption(namespaces.command("list <cluster-id>").description("list the cluster's namespaces (seeded and made by managed namespaces)")).action(
    async (cluster: string, o: { dataDir: string }) => {
      await withInstance("kubernetes-namespaces list", o.dataDir, (c) => c.kubernetesNamespaces.list(cluster));
    },
  );

  const clock = program.command("clock").description("the emulator's clock (operations and timestamps read it)");
  dataDirOption(clock.command("get", { isDefault: true }).description("print the clock (the default)")).action(async (o: { dataDir: string }) => {
    await withInstance("clock", o.dataDir, (c) => c.clock.get());
  });
  dataDirOption(clock.command("advance <ms>").description("move the clock forward; operations now due complete")).action(
    async (ms: string, o: { dataDir: string }) => {
      const n = wholeNumber("ms", 0)(ms);
      await withInstance("clock advance", o.dataDir, (c) => c.clock.advance(n));
    },
  );

  const operations = program.command("operations").description("long-running operations of the instance");
  dataDirOption(
    operations
      .command("list")
      .description("list the operations")
      .addOption(
        new commander.Option("--status <status>", "only those with this status (default: all)").choices(["InProgress", "Succeeded", "Failed", "Canceled"]),
      ),
  ).action(async (o: { dataDir: string; status?: OperationStatus }) => {
    await withInstance("operations list", o.dataDir, (c) => c.operations.list(o.status));
  });
  dataDirOption(operations.command("complete").description("finish every in-progress operation that is not held now")).action(
    async (o: { dataDir: string }) => {
      await withInstance("operations complete", o.dataDir, async (c) => ({ completed: await c.operations.complete() }));
    },
  );
  dataDirOption(operations.command("release <id>").description("let an operation held by a --hangs fault finish")).action(
    async (id: string, o: { dataDir: string }) => {
      await withInstance("operations release", o.dataDir, (c) => c.operations.release(id));
    },
  );

  const state = program.command("state").description("export or import every resource and operation of the instance");
  dataDirOption(state.command("export [file]").description("write the state document to FILE (prints a summary) or, without one, to stdout")).action(
    async (file: string | undefined, o: { dataDir: string }) => {
      await withInstance("state export", o.dataDir, async (c) => {
        const doc = await c.state.export();
        if (file === undefined) return doc;
        const { writeFile } = await import("node:fs/promises");
        await writeFile(file, JSON.stringify(doc, null, 2) + "\n");
        return { file, resources: doc.resources.length, operations: doc.operations.length };
      });
    },
  );
  dataDirOption(state.command("import <file>").description("replace every resource and operation with those of FILE ('-': stdin)")).action(
    async (file: string, o: { dataDir: string }) => {
      await withInstance("state import", o.dataDir, async (c) => {
        const { readFile } = await import("node:fs/promises");
        const text = file === "-" ? await readStdin() : await readFile(file, "utf8");
        let doc: unknown;
        try {
          doc = JSON.parse(text);
        } catch (e) {
          throw new Error(`${file === "-" ? "stdin" : file} is not JSON: ${(e as Error).message}`);
        }
        return c.state.import(doc as never);
      });
    },
  );

  dataDirOption(
    program
      .command("requests")
      .description("print the newest requests the instance answered, oldest first (the emulator's own routes left out unless --emulator-routes)")
      .option("--limit <n>", "how many, at most 1000 (default: 100)", wholeNumber("--limit", 1, 1000))
      .option("--path <pattern>", "only this request path (* within a segment, ** across segments) (default: any)")
      .option("--method <method>", "only this HTTP method (default: any)")
      .option("--status <status>", "only this status (404) or class of them (4xx) (default: any)")
      .option("--principal <object-id>", "only requests of this principal (default: any)")
      .option("--emulator-routes", "also the emulator's own routes: testing controls (this command's included), tokens, health (default: off)"),
  ).action(async (o: { dataDir: string; limit?: number; path?: string; method?: string; status?: string; principal?: string; emulatorRoutes?: boolean }) => {
    await withInstance("requests", o.dataDir, (c) =>
      c.requests({
        limit: o.limit,
        path: o.path,
        method: o.method,
        status: o.status,
        principal: o.principal,
        ...(o.emulatorRoutes ? { emulatorRoutes: true } : {}),
      }),
    );
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
