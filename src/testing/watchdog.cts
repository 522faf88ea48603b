/**
 * Loaded with `--require` into an emulator that `startAksEmulator` starts. Its stdin is a pipe from the
 * test process: when that process goes away, however it ends (a crash, SIGKILL, Ctrl-C in a watch mode),
 * the pipe closes and the emulator stops gracefully instead of running on as an orphan.
 */
const stop = (): void => {
  process.kill(process.pid, "SIGTERM");
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.on("error", stop);
process.stdin.resume();
