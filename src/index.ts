/** The package's main entry: the emulator itself, for embedding in a process of your own. */
export { startEmulator, DEFAULT_LRO_DURATION_MS, DEFAULT_SUBSCRIPTION_ID, type Emulator, type EmulatorOptions } from "./app.js";
export type { RuntimeInfo } from "./runtime-file.js";
