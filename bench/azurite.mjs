// Azurite (the Azure Storage emulator, from bench/'s own packages) as a baseline: blob service only,
// in memory, telemetry off, HTTPS with the run's certificate, loopback.
import { createHmac } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { BENCH_DIR, freePort, https, startProcess, tempDir } from "./lib.mjs";

export const ACCOUNT = "devstoreaccount1";
// Azurite's documented, public development-account key (not a secret).
const ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const SAS_VERSION = "2021-08-06";

/** An account SAS (blob service; service, container and object; read, write, create, list) valid for a day. */
export function accountSas() {
  const se = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
  const fields = { sp: "rwdlac", ss: "b", srt: "sco", st: "", se, sip: "", spr: "https", sv: SAS_VERSION, ses: "" };
  const toSign = [ACCOUNT, fields.sp, fields.ss, fields.srt, fields.st, fields.se, fields.sip, fields.spr, fields.sv, fields.ses, ""].join("\n");
  const sig = createHmac("sha256", Buffer.from(ACCOUNT_KEY, "base64")).update(toSign, "utf8").digest("base64");
  return new URLSearchParams({ sv: SAS_VERSION, ss: "b", srt: "sco", sp: "rwdlac", se, spr: "https", sig }).toString();
}

/**
 * Starts azurite-blob. Always --disableTelemetry (without it Azurite tries to reach Azure) and
 * --inMemoryPersistence, bound to 127.0.0.1.
 * @param {{certPath: string, keyPath: string}} tls
 */
export async function startAzurite(tls) {
  const port = await freePort();
  const location = await tempDir("azurite");
  const bin = join(BENCH_DIR, "node_modules/azurite/dist/src/blob/main.js");
  const p = await startProcess(
    process.execPath,
    [
      bin,
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      String(port),
      "--disableTelemetry",
      "--inMemoryPersistence",
      "--silent",
      "--extentMemoryLimit",
      "256",
      "--cert",
      tls.certPath,
      "--key",
      tls.keyPath,
      "--skipApiVersionCheck",
    ],
    { ready: /successfully listens on (https:\/\/\S+)/, cwd: location },
  );
  return {
    ...p,
    endpoint: `https://127.0.0.1:${port}`,
    location,
    pid: p.child.pid,
    async stop() {
      await p.stop();
      await rm(location, { recursive: true, force: true });
    },
  };
}

/** Creates a public container and uploads `body` as a block blob; returns the blob's anonymous URL. */
export async function putPublicBlob(endpoint, ca, container, name, body, contentType) {
  const sas = accountSas();
  const base = `${endpoint}/${ACCOUNT}/${container}`;
  const c = await https(`${base}?restype=container&${sas}`, { method: "PUT", headers: { "x-ms-blob-public-access": "blob", "x-ms-version": SAS_VERSION }, ca });
  if (c.status !== 201 && c.status !== 409) throw new Error(`Azurite container create: ${c.status} ${c.body}`);
  const b = await https(`${base}/${name}?${sas}`, {
    method: "PUT",
    headers: { "x-ms-blob-type": "BlockBlob", "x-ms-version": SAS_VERSION, "content-type": contentType },
    body,
    ca,
  });
  if (b.status !== 201) throw new Error(`Azurite blob upload: ${b.status} ${b.body}`);
  return `${base}/${name}`;
}
