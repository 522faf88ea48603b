import { ArmError } from "../../arm/errors.js";

/**
 * The results `/_emulator/run-command` scripts for `runCommand` (docs/testing-controls.md "Run command
 * results"): rules of a command pattern and the result a matching command gets. They live in the
 * store's settings (`meta`), so every instance on a shared store sees the same ones; the first rule
 * whose pattern matches a command gives its result.
 */

/** The store setting holding the rules. */
export const RUN_COMMAND_SETTING = "runCommand";

export interface RunCommandRuleSpec {
  /** A regular expression (JavaScript syntax) searched for in the command, e.g. `^kubectl get pods`. */
  command: string;
  /** The exit code of a command that runs (default 0). */
  exitCode?: number;
  /** What the command prints (default ""). */
  logs?: string;
  /** Instead of running: the command fails (`provisioningState: Failed`) with this reason, e.g. `ImagePullBackoff`. */
  failureReason?: string;
}

export interface RunCommandRule extends RunCommandRuleSpec {
  id: string;
  createdAt: string;
}

/** What a command gives: it ran (exit code and logs) or it failed before running (reason). */
export type CommandOutcome = { exitCode: number; logs: string } | { failureReason: string };

const invalid = (message: string, target: string): ArmError =>
  new ArmError(400, "InvalidRequestContent", `The run-command rule is invalid: ${message}`, { target });

/** A rule as the control route gets it (throws 400 InvalidRequestContent saying what is wrong). */
export function parseRunCommandRule(body: unknown): RunCommandRuleSpec {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw invalid("the body must be an object.", "");
  const b = body as Record<string, unknown>;
  for (const k of Object.keys(b)) {
    if (!["command", "exitCode", "logs", "failureReason"].includes(k))
      throw invalid(`unknown property '${k}' (known: command, exitCode, logs, failureReason).`, k);
  }
  if (typeof b["command"] !== "string" || b["command"] === "") throw invalid("'command' must be a non-empty regular expression.", "command");
  try {
    new RegExp(b["command"]);
  } catch (e) {
    throw invalid(`'command' is not a regular expression: ${(e as Error).message}.`, "command");
  }
  const exitCode = b["exitCode"];
  if (exitCode !== undefined && (typeof exitCode !== "number" || !Number.isInteger(exitCode) || exitCode < 0 || exitCode > 255)) {
    throw invalid("'exitCode' must be a whole number from 0 to 255.", "exitCode");
  }
  if (b["logs"] !== undefined && typeof b["logs"] !== "string") throw invalid("'logs' must be a string.", "logs");
  if (b["failureReason"] !== undefined && (typeof b["failureReason"] !== "string" || b["failureReason"] === "")) {
    throw invalid("'failureReason' must be a non-empty string.", "failureReason");
  }
  if (b["failureReason"] !== undefined && (exitCode !== undefined || b["logs"] !== undefined)) {
    throw invalid("'failureReason' (the command never ran) goes without 'exitCode' and 'logs'.", "failureReason");
  }
  return {
    command: b["command"],
    ...(exitCode !== undefined ? { exitCode: exitCode as number } : {}),
    ...(b["logs"] !== undefined ? { logs: b["logs"] as string } : {}),
    ...(b["failureReason"] !== undefined ? { failureReason: b["failureReason"] as string } : {}),
  };
}

/** The outcome the first matching rule scripts, if any. */
export function scriptedOutcome(rules: readonly RunCommandRule[], command: string): CommandOutcome | undefined {
  const rule = rules.find((r) => new RegExp(r.command).test(command));
  if (!rule) return undefined;
  return rule.failureReason !== undefined ? { failureReason: rule.failureReason } : { exitCode: rule.exitCode ?? 0, logs: rule.logs ?? "" };
}
