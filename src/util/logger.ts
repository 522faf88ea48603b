import type { Logger } from "pino";
import { requireCjs } from "./cjs.js";

/** What the emulator logs through: the slice of pino's API it uses. */
export interface EmulatorLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  isLevelEnabled(level: LevelName): boolean;
  flush(): void;
}

export type LevelName = "fatal" | "error" | "warn" | "info" | "debug" | "trace";
/** pino's default levels (and its "silent"). */
const LEVELS: Readonly<Record<string, number>> = { fatal: 60, error: 50, warn: 40, info: 30, debug: 20, trace: 10, silent: Infinity };

/**
 * The process log: pino's lines on stderr (synchronous), pino-pretty's for `pretty`. pino is
 * required (synchronously, it is CommonJS) when the first line at an enabled level is written,
 * not at start: loading it costs about 20 ms of cold start, and at `--log-level warn` a run
 * without warnings never needs it.
 */
export class LazyPinoLogger implements EmulatorLogger {
  private real: Logger | undefined;
  private readonly threshold: number;

  constructor(
    private readonly level: string,
    private readonly format: "json" | "pretty",
  ) {
    const threshold = Object.hasOwn(LEVELS, level) ? LEVELS[level] : undefined;
    if (threshold === undefined) throw new Error(`unknown log level '${level}': use fatal, error, warn, info, debug, trace or silent`);
    this.threshold = threshold;
  }

  private pino(): Logger {
    if (this.real === undefined) {
      const pino = requireCjs("pino") as typeof import("pino");
      if (this.format === "pretty") {
        const pretty = requireCjs("pino-pretty") as typeof import("pino-pretty");
        this.real = pino.pino(
          { level: this.level, base: undefined },
          pretty.build({
            destination: 2,
            sync: true,
            colorize: false,
            // The fields are in the message (prettyMessage); without the object, pino-pretty ends each line itself.
            singleLine: false,
            translateTime: "SYS:HH:MM:ss.l",
            hideObject: true,
            messageFormat: (log) => prettyMessage(log),
          }),
        );
      } else {
        this.real = pino.pino({ level: this.level, base: undefined }, pino.destination(2));
      }
    }
    return this.real;
  }

  isLevelEnabled(level: LevelName): boolean {
    return LEVELS[level]! >= this.threshold;
  }

  error(obj: object, msg: string): void {
    if (this.isLevelEnabled("error")) this.pino().error(obj, msg);
  }

  warn(obj: object, msg: string): void {
    if (this.isLevelEnabled("warn")) this.pino().warn(obj, msg);
  }

  info(obj: object, msg: string): void {
    if (this.isLevelEnabled("info")) this.pino().info(obj, msg);
  }

  flush(): void {
    this.real?.flush();
  }
}

/** pino's own fields, which pino-pretty shows itself (time, level) or which say nothing (msg is the message). */
const OWN_FIELDS = new Set(["level", "time", "msg", "pid", "hostname"]);

/**
 * `--log-format pretty`'s text after the time and level: a request as
 * `PUT /subscriptions/... api-version=2024-11-01 -> 201 (1.2 ms)` (with the error code after the
 * status), any other line as its message followed by its fields as `name=value`.
 */
function prettyMessage(log: Record<string, unknown>): string {
  if (log["msg"] === "request" && typeof log["method"] === "string") {
    const version = log["apiVersion"] ? ` api-version=${String(log["apiVersion"])}` : "";
    const code = log["errorCode"] ? ` ${String(log["errorCode"])}` : "";
    return `${log["method"]} ${String(log["path"])}${version} -> ${String(log["status"])}${code} (${String(log["durationMs"])} ms)`;
  }
  const fields = Object.entries(log)
    .filter(([k]) => !OWN_FIELDS.has(k))
    .map(([k, v]) => {
      if (v !== null && typeof v === "object") {
        const stack = (v as { stack?: unknown }).stack;
        return `${k}=${typeof stack === "string" ? stack : JSON.stringify(v)}`;
      }
      return `${k}=${String(v)}`;
    });
  return [String(log["msg"] ?? ""), ...fields].join(" ");
}
