import { spawn } from "node:child_process";

/**
 * `aks-emulator dashboard`: asks the instance in `dataDir` for a one-time login URL of its dashboard
 * (`POST /_emulator/dashboard/login`, with an Owner token; the instance starts its dashboard on a free
 * loopback port if it has none) and prints it; `--open` also hands it to the desktop's browser.
 */
export async function dashboardCommand(dataDir: string, open: boolean): Promise<number> {
  const { connectAksEmulator, EmulatorRequestError } = await import("../testing/index.js");
  let connection: Awaited<ReturnType<typeof connectAksEmulator>>;
  try {
    connection = await connectAksEmulator({ dataDir });
  } catch (e) {
    process.stderr.write(`aks-emulator dashboard: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    const login = await connection.dashboard.login();
    process.stdout.write(`${login.url}\n`);
    process.stderr.write(`(a one-time login link, usable until ${login.expiresAt}; run the command again for another browser)\n`);
    if (open) openInBrowser(login.url);
    return 0;
  } catch (e) {
    if (e instanceof EmulatorRequestError) {
      process.stderr.write(`aks-emulator dashboard: the instance answered ${e.status} ${e.code}\n`);
    } else {
      process.stderr.write(`aks-emulator dashboard: ${(e as Error).message}\n`);
    }
    return 1;
  } finally {
    connection.close();
  }
}

/** The desktop's way to open a URL: `open` (macOS), `start` (Windows), `xdg-open` (elsewhere). */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  const child = spawn(command, args as string[], { stdio: "ignore", detached: true });
  child.on("error", (err) => process.stderr.write(`aks-emulator dashboard: could not open a browser (${err.message}); open the URL above yourself\n`));
  child.unref();
}
