import { readRuntimeInfo, processAlive, sdkEnvironment } from "../runtime-file.js";

/** `aks-emulator env`: export lines for the Azure SDKs, read from the instance's runtime.json. */

function shellQuote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

export async function envCommand(dataDir: string, opts: { az: boolean; proxy?: boolean }): Promise<number> {
  const info = await readRuntimeInfo(dataDir);
  if (!info || !processAlive(info.pid)) {
    process.stderr.write(`aks-emulator env: no running instance found in '${dataDir}'. Start one with: npx aks-emulator start --data-dir ${dataDir}\n`);
    return 1;
  }
  const lines: string[] = [];
  if (opts.az && opts.proxy) {
    process.stderr.write(
      "aks-emulator env: --az and --proxy are two different set-ups; pass one of them (az through the proxy needs only the --proxy variables and `az login --service-principal`).\n",
    );
    return 2;
  }
  if (opts.proxy) {
    const { proxyEnv } = await import("./env-proxy.js");
    const proxyLines = await proxyEnv(info, dataDir);
    if (proxyLines === undefined) return 1;
    lines.push(...proxyLines);
  } else if (opts.az) {
    // Azure CLI 2.45 (docs/sources.md "Azure CLI 2.45 custom cloud"): a custom cloud whose ARM endpoint is ours, with
    // all three AD endpoints given so that az fetches no `{arm}/metadata/endpoints`, and
    // `az login --identity` through the legacy MSI_ENDPOINT protocol. MSI_ENDPOINT is exported, not set for
    // the login only: az asks the endpoint for a token on every command, and without it goes to IMDS
    // (169.254.169.254). `register || update`: a second run (a new port) re-points the cloud instead of
    // failing on "already registered".
    const cloud = "AksEmulator";
    // As a cloud config: az 2.45's `cloud register` has no flag for the Microsoft Graph endpoint, which
    // `az role assignment` and `az aks create` use (served under /v1.0 on the same port, src/identity/graph.ts).
    const config = JSON.stringify({
      endpoints: {
        resourceManager: `${info.endpoint}/`,
        activeDirectory: info.endpoint,
        activeDirectoryResourceId: "https://management.azure.com/",
        activeDirectoryGraphResourceId: "https://graph.windows.net/",
        microsoftGraphResourceId: `${info.endpoint}/`,
        management: "https://management.core.windows.net/",
      },
    });
    const endpoints = `--cloud-config ${shellQuote(config)}`;
    const { seedAzConfigDir } = await import("./env-az.js");
    seedAzConfigDir();
    lines.push(
      `export REQUESTS_CA_BUNDLE=${shellQuote(info.caBundlePath)}`,
      `export AZURE_CORE_COLLECT_TELEMETRY=false`,
      `export AZURE_EXTENSION_USE_DYNAMIC_INSTALL=no`,
      `export MSI_ENDPOINT=${shellQuote(info.legacyIdentityEndpoint)}`,
      `az cloud register -n ${cloud} ${endpoints} 2>/dev/null || az cloud update -n ${cloud} ${endpoints}`,
      `az cloud set -n ${cloud}`,
      `az login --identity`,
    );
  } else {
    for (const [name, value] of Object.entries(sdkEnvironment(info))) lines.push(`export ${name}=${shellQuote(value)}`);
  }
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}
