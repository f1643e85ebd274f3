// Times ajv on our published schemas: compiled once, then JSON.parse +
// validate of the document's text per iteration (parse included, as ours
// parses the bytes on every call).
//
// Usage: node ajv_bench.mjs NAME SCHEMA DOCUMENT [NAME SCHEMA DOCUMENT]...
// Prints one JSON object: {"peer", "version", "results": {NAME: µs}}.
// BENCH_ROUNDS and BENCH_BATCH_MS override the batches (default 15 × 100 ms).

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const batchMs = Number(process.env.BENCH_BATCH_MS ?? 100);

// Per-iteration time in µs: the median of `rounds` batches, each sized from
// a warm-up to take about `batchMs`.
function measure(f) {
  const warmUpUntil = performance.now() + batchMs;
  let calibration = 0;
  while (performance.now() < warmUpUntil) {
    f();
    calibration += 1;
  }
  const perBatch = Math.max(calibration, 1);
  const samples = [];
  for (let r = 0; r < rounds; r += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i += 1) f();
    samples.push(Number(process.hrtime.bigint() - start) / 1e3 / perBatch);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 3 !== 0) {
  console.error("usage: node ajv_bench.mjs NAME SCHEMA DOCUMENT [NAME SCHEMA DOCUMENT]...");
  process.exit(2);
}

const results = {};
for (let i = 0; i < args.length; i += 3) {
  const [name, schemaPath, documentPath] = args.slice(i, i + 3);
  // allErrors: ours reports every problem, not the first. strict: false
  // because the spec's schemas are published as they are (ajv's strict mode
  // refuses some of their constructs, which draft-07 allows).
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
  const text = readFileSync(documentPath, "utf8");
  if (!validate(JSON.parse(text))) {
    console.error(`${name}: ajv finds ${documentPath} invalid:`, validate.errors);
    process.exit(1);
  }
  let sink = 0;
  results[name] = measure(() => {
    if (validate(JSON.parse(text))) sink += 1;
  });
  if (sink === 0) process.exit(1);
}

const require = createRequire(import.meta.url);
const version = require("ajv/package.json").version;
console.log(JSON.stringify({ peer: "ajv", version, node: process.version, results }));
