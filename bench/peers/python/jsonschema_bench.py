"""Times python-jsonschema on our published schemas.

The validator is built once (the schema's own draft, with format checking),
then json.loads + validate of the document's bytes per iteration (parse
included, as ours parses the bytes on every call).

Usage: python3 jsonschema_bench.py NAME SCHEMA DOCUMENT [NAME SCHEMA DOCUMENT]...
Prints one JSON object: {"peer", "version", "results": {NAME: µs}}.
BENCH_ROUNDS and BENCH_BATCH_MS override the batches (default 15 × 100 ms).
"""

import json
import os
import sys
import time
from importlib.metadata import version

import jsonschema

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
BATCH_MS = float(os.environ.get("BENCH_BATCH_MS", "100"))


def measure(f):
    """Per-iteration µs: the median of ROUNDS batches, each sized from a
    warm-up to take about BATCH_MS."""
    warm_up_until = time.perf_counter() + BATCH_MS / 1e3
    calibration = 0
    while time.perf_counter() < warm_up_until:
        f()
        calibration += 1
    per_batch = max(calibration, 1)
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter_ns()
        for _ in range(per_batch):
            f()
        samples.append((time.perf_counter_ns() - start) / 1e3 / per_batch)
    samples.sort()
    return samples[len(samples) // 2]


def main(args):
    if not args or len(args) % 3:
        sys.exit("usage: jsonschema_bench.py NAME SCHEMA DOCUMENT [NAME SCHEMA DOCUMENT]...")
    results = {}
    for i in range(0, len(args), 3):
        name, schema_path, document_path = args[i : i + 3]
        with open(schema_path, "rb") as f:
            schema = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
        with open(document_path, "rb") as f:
            raw = f.read()
        validator.validate(json.loads(raw))  # raises if the peer disagrees
        results[name] = measure(lambda: validator.validate(json.loads(raw)))
    print(
        json.dumps(
            {
                "peer": "python-jsonschema",
                "version": version("jsonschema"),
                "python": sys.version.split()[0],
                "module": jsonschema.__file__,
                "results": results,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
