// The baseline: a bare node:https server answering every request with one recorded response
// (status, headers and body). Usage: node bare-server.mjs CERT KEY RESPONSE.json
// RESPONSE.json: {"status": 200, "headers": [[name, value], ...], "body": "<base64>"}.
import { readFileSync } from "node:fs";
import { createServer } from "node:https";

const [certPath, keyPath, responsePath] = process.argv.slice(2);
const recorded = responsePath
  ? JSON.parse(readFileSync(responsePath, "utf8"))
  : { status: 200, headers: [["content-type", "application/json"]], body: Buffer.from("{}").toString("base64") };
const body = Buffer.from(recorded.body, "base64");
const headers = recorded.headers.filter(([k]) => !["content-length", "date", "connection", "keep-alive", "transfer-encoding"].includes(k.toLowerCase()));
headers.push(["content-length", String(body.length)]);

const server = createServer({ cert: readFileSync(certPath), key: readFileSync(keyPath), keepAliveTimeout: 65_000 }, (req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(recorded.status, headers.flat());
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`bare server ready at https://127.0.0.1:${server.address().port}\n`);
});
process.once("SIGTERM", () => process.exit(0));
