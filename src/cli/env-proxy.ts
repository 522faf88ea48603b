import { ensureLoginClient, LOGIN_CLIENT_FILE } from "../identity/login.js";
import type { RuntimeInfo } from "../runtime-file.js";
import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * `aks-emulator env --proxy`: the variables that send unchanged code through the interception proxy —
 * the proxy, loopback excluded from it (else DefaultAzureCredential's local calls go to the proxy too),
 * the CA variables and the instance's service principal. Nothing names the emulator's own endpoint.
 */

function shellQuote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

export async function proxyEnv(info: RuntimeInfo, dataDir: string): Promise<string[] | undefined> {
  if (info.proxyPort === undefined) {
    process.stderr.write(
      `aks-emulator env --proxy: the instance in '${dataDir}' runs without the interception proxy. ` +
        `Restart it with --proxy-port (e.g. npx aks-emulator start --data-dir ${dataDir} --proxy-port 0).\n`,
    );
    return undefined;
  }
  if (!existsSync(join(info.tlsDir, LOGIN_CLIENT_FILE))) {
    process.stderr.write(`aks-emulator env --proxy: ${join(info.tlsDir, LOGIN_CLIENT_FILE)} is missing; restart the instance with --proxy-port.\n`);
    return undefined;
  }
  const client = await ensureLoginClient(info.tlsDir);
  let host = new URL(info.endpoint).hostname;
  if (host === "0.0.0.0" || host === "[::]") host = "127.0.0.1";
  const proxy = `http://${host}:${info.proxyPort}`;
  return [
    `export HTTPS_PROXY=${shellQuote(proxy)}`,
    `export NO_PROXY=127.0.0.1,localhost`,
    // Both spellings: Python's urllib lets a lower-case variable already set in the shell win.
    `export https_proxy=${shellQuote(proxy)}`,
    `export no_proxy=127.0.0.1,localhost`,
    `export NODE_EXTRA_CA_CERTS=${shellQuote(info.caPath)}`,
    `export REQUESTS_CA_BUNDLE=${shellQuote(info.caBundlePath)}`,
    `export SSL_CERT_FILE=${shellQuote(info.caBundlePath)}`,
    `export AZURE_TENANT_ID=${shellQuote(info.tenantId)}`,
    `export AZURE_CLIENT_ID=${shellQuote(client.clientId)}`,
    `export AZURE_CLIENT_SECRET=${shellQuote(client.clientSecret)}`,
    `export AZURE_SUBSCRIPTION_ID=${shellQuote(info.subscriptionId)}`,
  ];
}
