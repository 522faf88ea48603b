import { ArmError } from "../../arm/errors.js";
import { RETRY_AFTER_SECONDS } from "../../arm/lro.js";
import type { ActionSpec } from "../../kit/actions.js";
import type { StoredResource } from "../../store/store.js";
import { armTimestamp } from "../../util/clock.js";
import type { ProviderContext } from "../context.js";
import { requireObject } from "../validation.js";
import { AGENT_POOL_TYPE_KEY, asPool, machineName, type StoredPool } from "./agent-pool-model.js";
import { type CommandOutcome, RUN_COMMAND_SETTING, type RunCommandRule, scriptedOutcome } from "./run-command-rules.js";

/**
 * runCommand and commandResults (issue #18 item 4; `az aks command invoke`). AKS answers a command
 * 202 with a `Location` to `.../commandResults/{id}` (the id 32 hex characters without hyphens, which
 * az 2.45 reads from that URL with `commandResults\/(\w*)\?`) and never 200 (the definition: "you
 * never get 200 from this api"), also at `--lro-duration 0`. The result answers 202 (with the same
 * `Location`) while the command runs and 200 when done: `provisioningState` `Succeeded` with
 * `exitCode`, `startedAt`, `finishedAt`, `logs`, or `Failed` with a `reason` (az compares
 * `"Succeeded"` and `"Failed"` as written; docs/fidelity.md "Run command results").
 *
 * What a command gives: the first `/_emulator/run-command` rule matching it; else `kubectl get nodes`
 * lists the machines of the cluster's pools (as `agentPools/{pool}/machines` names them); else exit
 * code 0 and no logs.
 * `apiServerAccessProfile.disableRunCommand: true` refuses it (docs/fidelity.md "Run command disabled").
 */

type Obj = Record<string, unknown>;

const RESULT_TYPE = "Microsoft.ContainerService/managedClusters/commandResults";

const resultKey = (clusterKey: string, id: string): string => `${clusterKey}/commandresults/${id.toLowerCase()}`;

/** What the command row keeps (in the kit's stored form `{resource, meta}`). */
interface CommandMeta {
  command: string;
  startedAt: number;
  finishedAt?: number;
  outcome: CommandOutcome;
}

/** The result's URL, naming the cluster as the request did (the example's Location does). */
function resultUrl(origin: string, params: Record<string, string>, id: string, apiVersion: string): string {
  const [sub, rg, name] = [params["subscriptionId"]!, params["resourceGroupName"]!, params["resourceName"]!].map(encodeURIComponent);
  return `${origin}/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}/commandResults/${id}?api-version=${encodeURIComponent(apiVersion)}`;
}

/** `kubectl get nodes` of the cluster: the machines of its pools (machines.ts's names), in the pools' order; a stopped pool has none. */
async function nodesTable(ctx: ProviderContext, clusterKey: string, createdAt: number, now: number): Promise<string> {
  const pools: StoredPool[] = [];
  for (let after: string | undefined; ; ) {
    const page = await ctx.store.list({ type: AGENT_POOL_TYPE_KEY, parentKey: clusterKey, limit: 500, after });
    pools.push(...page.items.map(asPool));
    if (!page.next) break;
    after = page.next;
  }
  pools.sort((a, b) => a.meta.ordinal - b.meta.ordinal);
  const rows: string[][] = [["NAME", "STATUS", "ROLES", "AGE", "VERSION"]];
  for (const pool of pools) {
    const props = pool.resource["properties"] as Obj;
    if ((props["powerState"] as Obj | undefined)?.["code"] === "Stopped") continue;
    const version = `v${String(props["currentOrchestratorVersion"] ?? props["orchestratorVersion"] ?? "")}`;
    for (const instance of pool.meta.instances) rows.push([machineName(pool, instance), "Ready", "agent", age(now - createdAt), version]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return `${rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]! + 3))).join("")).join("\n")}\n`;
}

/** kubectl's AGE column. */
function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h` : `${Math.floor(h / 24)}d`;
}

const KUBECTL_GET_NODES = /^\s*kubectl\s+get\s+(nodes|node|no)(\s|$)/;

export const runCommandActions: readonly ActionSpec[] = [
  {
    path: "runCommand",
    write: true,
    body: "required",
    operation: {
      kind: "runCommand",
      start: async ({ req, owner, resource, meta, now }, ctx) => {
        const access = (resource["properties"] as Obj)["apiServerAccessProfile"] as Obj | undefined;
        if (access?.["disableRunCommand"] === true) {
          throw new ArmError(
            400,
            "OperationNotAllowed",
            `Run command is disabled on managed cluster '${String(resource["name"])}' (apiServerAccessProfile.disableRunCommand is true). Enable it with a PUT of the cluster setting disableRunCommand to false.`,
          );
        }
        const body = requireObject(req.body, "");
        const command = body["command"];
        if (typeof command !== "string" || command.trim() === "") {
          throw new ArmError(400, "InvalidParameter", 'The request body must give the command to run, e.g. {"command": "kubectl get nodes"}.', {
            target: "command",
          });
        }
        for (const f of ["context", "clusterToken"]) {
          if (body[f] !== undefined && typeof body[f] !== "string") {
            throw new ArmError(
              400,
              "InvalidRequestContent",
              `The request content was invalid and could not be deserialized: property '${f}' must be a string.`,
              { target: f },
            );
          }
        }
        // Each command gets an id of its own (derived from the seed: the same requests give the same ids).
        let id = "";
        for (let n = 1; ; n++) {
          id = ctx.ids.hex(32, "run-command", owner.key, n);
          if (!(await ctx.store.get(resultKey(owner.key, id)))) break;
        }
        const rules = ((await ctx.store.allMeta())[RUN_COMMAND_SETTING]?.value as RunCommandRule[] | undefined) ?? [];
        const outcome: CommandOutcome =
          scriptedOutcome(rules, command) ??
          (KUBECTL_GET_NODES.test(command)
            ? { exitCode: 0, logs: await nodesTable(ctx, owner.key, typeof meta["createdAt"] === "number" ? meta["createdAt"] : now, now) }
            : { exitCode: 0, logs: "" });
        const commandMeta: CommandMeta = { command, startedAt: now, outcome };
        const row: StoredResource = {
          key: resultKey(owner.key, id),
          id: `${owner.id}/commandResults/${id}`,
          parentKey: owner.key,
          subscriptionId: owner.subscriptionId,
          type: RESULT_TYPE.toLowerCase(),
          etag: "running",
          // `properties.provisioningState`: where a testing fault's failed operation shows (src/controls/failed-resource.ts).
          body: {
            resource: { id: `${owner.id}/commandResults/${id}`, name: id, type: RESULT_TYPE, properties: { provisioningState: "Running" } },
            meta: commandMeta as unknown as Obj,
          },
        };
        return { writes: [{ op: "put", resource: row, expect: { absent: true } }], operationKey: row.key, data: { commandId: id } };
      },
      complete: async (op, _owner, ctx) => {
        const row = await ctx.store.get(op.resourceKey);
        if (!row) return [];
        const meta = { ...(row.body["meta"] as Obj), finishedAt: Math.min(Math.max(op.dueAt, op.startTime), ctx.clock.now()) };
        return [{ op: "put", resource: { ...row, etag: "done", body: { ...row.body, meta } }, expect: { etag: row.etag } }];
      },
      // Only a Location (RunCommandRequest example): the result URL is the poll URL.
      headers: (origin, op, req) => ({
        location: resultUrl(origin, req.params, String(op.data?.["commandId"]), req.apiVersion),
        "retry-after": RETRY_AFTER_SECONDS,
      }),
    },
  },
  {
    path: "commandResults/:commandId",
    method: "GET",
    write: false,
    body: "none",
    answer: async ({ req, owner, resource }, ctx) => {
      const id = req.params["commandId"]!;
      const row = await ctx.store.get(resultKey(owner.key, id));
      if (!row) {
        // docs/fidelity.md "Run command results"
        const group = String(resource["id"]).split("/")[4];
        throw new ArmError(
          404,
          "ResourceNotFound",
          `The Resource 'Microsoft.ContainerService/managedClusters/${String(resource["name"])}/commandResults/${id}' under resource group '${group}' was not found. Use the id from the Location of the runCommand answer.`,
        );
      }
      const meta = row.body["meta"] as unknown as CommandMeta;
      const shown = row.body["resource"] as Obj;
      const commandId = String(shown["name"]);
      // An `operationFails` testing fault ended the command's operation: it failed without running.
      if (meta.finishedAt === undefined && (shown["properties"] as Obj | undefined)?.["provisioningState"] === "Failed") {
        return { status: 200, body: { id: commandId, properties: { provisioningState: "Failed", reason: "OperationFailed" } } };
      }
      if (meta.finishedAt === undefined) {
        return { status: 202, headers: { location: resultUrl(req.origin, req.params, commandId, req.apiVersion), "retry-after": RETRY_AFTER_SECONDS } };
      }
      const properties =
        "failureReason" in meta.outcome
          ? { provisioningState: "Failed", reason: meta.outcome.failureReason }
          : {
              provisioningState: "Succeeded",
              exitCode: meta.outcome.exitCode,
              startedAt: armTimestamp(meta.startedAt),
              finishedAt: armTimestamp(meta.finishedAt),
              logs: meta.outcome.logs,
            };
      return { status: 200, body: { id: commandId, properties } };
    },
  },
];
