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
          pretty.build({ destination: 2, sync: true, colorize: false, singleLine: true, translateTime: "SYS:HH:MM:ss.l" }),
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
