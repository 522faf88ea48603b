#!/usr/bin/env node
// Before/after: runs bench/run.mjs's sections against two builds in turn, in one run on one machine,
// and prints the medians of each build's rounds side by side.
//   node bench/compare.mjs <before-cli> <after-cli> [rounds] [sections...]
// <before-cli>/<after-cli>: a build's dist/src/cli/main.js (e.g. of a git worktree at the older commit).
// Defaults: 3 rounds of get, put, cold and scale, alternating before, after, before, after, ...
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BENCH_DIR, fmt, median, printTable, writeResult } from "./lib.mjs";

const [beforeCli, afterCli, roundsArg, ...sectionArgs] = process.argv.slice(2);
if (!beforeCli || !afterCli) throw new Error("usage: node bench/compare.mjs <before-cli> <after-cli> [rounds] [sections...]");
const rounds = Number(roundsArg ?? 3);
const sections = sectionArgs.length > 0 ? sectionArgs : ["get", "put", "cold", "scale"];

/** One bench/run.mjs run against a build; its result document. */
function benchOnce(cli) {
  const r = spawnSync(process.execPath, [join(BENCH_DIR, "run.mjs"), ...sections], {
    env: { ...process.env, AKS_EMULATOR_BENCH_CLI: resolve(cli) },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  process.stdout.write(r.stdout);
  if (r.status !== 0) throw new Error(`bench/run.mjs failed against ${cli}`);
  const file = /result: (\S+)/.exec(r.stdout)?.[1];
  if (!file) throw new Error("bench/run.mjs printed no result file");
  return JSON.parse(readFileSync(file, "utf8"));
}

const runs = { before: [], after: [] };
for (let i = 0; i < rounds; i++) {
  for (const build of ["before", "after"]) {
    process.stderr.write(`round ${i + 1}/${rounds}: ${build}\n`);
    runs[build].push(benchOnce(build === "before" ? beforeCli : afterCli));
  }
}

/** The figures compared, each read from one result document. */
const FIGURES = [
  ["GET req/s (emulator)", (r) => r.sections.get?.rounds.map((x) => x.emulator.rps)],
  ["GET ratio to bare", (r) => r.sections.get?.ratios.emulatorVsBare],
  ["PUT creates/s (SQLite file)", (r) => r.sections.put?.figures?.["sqlite-file"]?.rps],
  ["PUT creates/s (PostgreSQL)", (r) => r.sections.put?.figures?.postgres?.rps],
  ["cold start ms (median)", (r) => r.sections.cold?.medianMs.emulator],
  ["cold start ratio to bare", (r) => r.sections.cold?.ratios?.emulatorVsBare],
  ["scale GET p99 ms", (r) => r.sections.scale?.figures.getCluster.p99],
  ["scale connection list p99 ms", (r) => r.sections.scale?.figures.listConnections.p99],
  ["scale page p99 ms", (r) => r.sections.scale?.figures.pageOfClusters.p99],
  ["scale GET req/s", (r) => r.sections.scale?.figures.getCluster.rps],
  ["scale RSS after load MB", (r) => r.sections.scale?.rssMb.afterLoad],
];

const values = (build, read) =>
  runs[build]
    .flatMap((r) => {
      const v = read(r);
      return Array.isArray(v) ? [median(v)] : [v];
    })
    .filter((v) => typeof v === "number");
const rows = [];
const summary = {};
for (const [name, read] of FIGURES) {
  const before = values("before", read);
  const after = values("after", read);
  if (before.length === 0 || after.length === 0) continue;
  const b = median(before);
  const a = median(after);
  summary[name] = { before, after, medianBefore: b, medianAfter: a, afterOverBefore: a / b };
  rows.push([name, before.map((v) => fmt(v, 2)).join(" / "), after.map((v) => fmt(v, 2)).join(" / "), fmt(b, 2), fmt(a, 2), fmt(a / b, 3)]);
}
printTable(
  `Before/after, ${rounds} alternating rounds each (${sections.join(", ")})`,
  ["figure", "before (rounds)", "after (rounds)", "median before", "median after", "after/before"],
  rows,
);
const file = await writeResult("compare", { beforeCli, afterCli, rounds, sections, summary, runs });
process.stdout.write(`result: ${file}\n`);
