import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorLogger } from "../util/logger.js";
import { instanceLoginOptions, LOGIN_HOST, loginRequestHandler } from "../identity/login.js";
import type { RoleAssignments } from "../identity/role-assignments.js";
import type { SigningKey } from "../identity/signing-key.js";
import type { TokenService } from "../identity/tokens.js";
import { startInterceptionProxy, type InterceptedHost, type InterceptionProxy, type InterceptionProxyOptions } from "./proxy.js";
import type { TlsMaterial } from "./tls.js";

/** The host ARM clients reach without an endpoint option. */
export const ARM_HOST = "management.azure.com";
/** DNS names the leaf certificate carries when the proxy runs. */
export const PROXY_HOSTS: string[] = [ARM_HOST, LOGIN_HOST];

/** The interception proxy of one emulator instance: ARM to the emulator's handler, the login host to src/identity/login.ts. */
export async function startEmulatorProxy(o: {
  host: string;
  port: number;
  tls: TlsMaterial;
  tlsDir: string;
  tokens: TokenService;
  signingKey: SigningKey;
  roles: RoleAssignments;
  armHandler: (req: IncomingMessage, res: ServerResponse) => void;
  logger: EmulatorLogger;
  /** Limits of the emulator's own server (header size, request timeouts) for the intercepted hosts. */
  serverOptions?: InterceptionProxyOptions["serverOptions"];
  /** Sets up the ARM host's server as the emulator's own (answers to requests the parser refuses). */
  armServerSetup?: InterceptedHost["setup"];
  /** The ARM host's own server options (over `serverOptions`). */
  armServerOptions?: InterceptedHost["serverOptions"];
  /** The same for the login host's server. */
  loginServerSetup?: InterceptedHost["setup"];
}): Promise<InterceptionProxy> {
  const login = loginRequestHandler(await instanceLoginOptions({ tlsDir: o.tlsDir, tokens: o.tokens, signingKey: o.signingKey, roles: o.roles }), (err) =>
    o.logger.error({ err }, "unexpected error in the login endpoint"),
  );
  return startInterceptionProxy({
    host: o.host,
    port: o.port,
    keyPem: o.tls.keyPem,
    certPem: o.tls.certPem,
    hosts: [
      {
        target: `${ARM_HOST}:443`,
        handler: o.armHandler,
        ...(o.armServerSetup ? { setup: o.armServerSetup } : {}),
        ...(o.armServerOptions ? { serverOptions: o.armServerOptions } : {}),
      },
      { target: `${LOGIN_HOST}:443`, handler: login, ...(o.loginServerSetup ? { setup: o.loginServerSetup } : {}) },
    ],
    ...(o.serverOptions ? { serverOptions: o.serverOptions } : {}),
    onRefused: (what) =>
      o.logger.warn({ refused: what }, "proxy refused a request (only management.azure.com:443 and login.microsoftonline.com:443 are intercepted)"),
  });
}
