import type { Logger } from "pino";

/** What the emulator logs through: the slice of pino's API it uses. */
export interface EmulatorLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  isLevelEnabled(level: LevelName): boolean;
  flush(): void;
}

export type LevelName = "fatal" | "error" | "warn" | "info" | "debug" | "trace";
const LEVELS: Record<string, number> = { fatal: 60, error: 50, warn: 40, info: 30, debug: 20, trace: 10, silent: Infinity };

/**
 * A logger whose pino instance is made after the server answers its first requests: loading pino
 * (and pino-pretty) costs about 30 ms of start-up. Lines logged before are kept, in order, and
 * written as soon as pino is there; `load()` is called once the server listens.
 */
export class DeferredLogger implements EmulatorLogger {
  private real: Logger | undefined;
  private queue: [keyof Pick<EmulatorLogger, "error" | "warn" | "info">, object, string][] = [];
  private loading: Promise<void> | undefined;
  private readonly threshold: number;

  constructor(
    private readonly level: string,
    private readonly format: "json" | "pretty",
  ) {
    const threshold = LEVELS[level];
    if (threshold === undefined) throw new Error(`unknown log level '${level}': use fatal, error, warn, info, debug, trace or silent`);
    this.threshold = threshold;
  }

  load(): Promise<void> {
    // At "silent" nothing is ever written: pino need not load at all.
    if (this.threshold === Infinity) return Promise.resolve();
    this.loading ??= (async () => {
      const { default: pino } = await import("pino");
      if (this.format === "pretty") {
        const { default: pretty } = await import("pino-pretty");
        this.real = pino({ level: this.level, base: undefined }, pretty({ destination: 2, sync: true, colorize: false, singleLine: true, translateTime: "SYS:HH:MM:ss.l" }));
      } else {
        this.real = pino({ level: this.level, base: undefined }, pino.destination(2));
      }
      for (const [method, obj, msg] of this.queue) this.real[method](obj, msg);
      this.queue = [];
    })();
    return this.loading;
  }

  isLevelEnabled(level: LevelName): boolean {
    return LEVELS[level]! >= this.threshold;
  }

  error(obj: object, msg: string): void {
    this.write("error", obj, msg);
  }
  warn(obj: object, msg: string): void {
    this.write("warn", obj, msg);
  }
  info(obj: object, msg: string): void {
    this.write("info", obj, msg);
  }

  flush(): void {
    this.real?.flush();
  }

  private write(method: "error" | "warn" | "info", obj: object, msg: string): void {
    if (!this.isLevelEnabled(method)) return;
    if (this.real) this.real[method](obj, msg);
    else this.queue.push([method, obj, msg]);
  }
}
