"""The table and the JSON line of bench/peers/run, from the figures its rounds
wrote into the folder named on the command line (ours.N.json, native.N.json,
ajv.N.json, python.N.json for round N)."""

import glob
import json
import os
import statistics
import sys

NOTE = (
    "ajv and python-jsonschema check the JSON Schema only; ours also applies the "
    "spec's prose rules (e.g. unique ids, dates, attachment links; for feedback the "
    "invoice arithmetic in exact decimals) and reports every issue with its path: "
    "it does more work per document."
)

# (document, key of ours natively, key of ours in the component)
OURS = {
    "task-b1": ("validate_native_us", "validate_wasm_us"),
    "feedback-with-invoice": ("feedback_validate_native_us", "feedback_validate_wasm_us"),
}
SCHEMA = {
    "task-b1": "B2 (schemas/task.schema.json)",
    "feedback-with-invoice": "A2 (schemas/feedback.schema.json)",
}


def last_json_line(path):
    with open(path) as f:
        return json.loads(f.read().strip().splitlines()[-1])


def rounds(folder, step):
    paths = sorted(glob.glob(os.path.join(folder, f"{step}.*.json")))
    return {p.split(".")[-2]: last_json_line(p) for p in paths}


def main(folder):
    ours, native = rounds(folder, "ours"), rounds(folder, "native")
    ajv, python = rounds(folder, "ajv"), rounds(folder, "python")
    for r, figures in native.items():
        for k, v in figures.items():
            ours[r].setdefault(k, v)

    rows = {}
    for name, (native_key, wasm_key) in OURS.items():
        samples = {
            "ajv_us": [a["results"][name] for a in ajv.values()],
            "python_jsonschema_us": [p["results"][name] for p in python.values()],
            "ours_native_us": [o[native_key] for o in ours.values() if native_key in o],
            "ours_wasm_us": [o[wasm_key] for o in ours.values() if wasm_key in o],
        }
        row = {"schema": SCHEMA[name], "rounds": samples}
        for key, xs in samples.items():
            row[key] = statistics.median(xs) if xs else None
        for peer in ("ajv", "python_jsonschema"):
            for side in ("native", "wasm"):
                ours_us = row[f"ours_{side}_us"]
                row[f"{peer}_over_ours_{side}"] = (
                    row[f"{peer}_us"] / ours_us if ours_us else None
                )
        rows[name] = row

    some_ajv, some_python = next(iter(ajv.values())), next(iter(python.values()))

    def num(x):
        return "n/a" if x is None else f"{x:.2f}"

    print(
        f"ajv {some_ajv['version']} (allErrors, ajv-formats) on Node {some_ajv['node']}; "
        f"python-jsonschema {some_python['version']} (format checking) on Python "
        f"{some_python['python']}; ours: host-demo bench --json (release)"
    )
    print(
        f"µs per document, parse included, median of {len(ajv)} round(s); "
        "ratio = peer time / ours (> 1: ours is faster)"
    )
    print()
    header = (
        "document", "ajv", "python-jsonschema", "ours native", "ours component",
        "ajv/native", "ajv/component", "python/native", "python/component",
    )
    table = [header]
    for name, r in rows.items():
        table.append((
            name, num(r["ajv_us"]), num(r["python_jsonschema_us"]),
            num(r["ours_native_us"]), num(r["ours_wasm_us"]),
            num(r["ajv_over_ours_native"]), num(r["ajv_over_ours_wasm"]),
            num(r["python_jsonschema_over_ours_native"]),
            num(r["python_jsonschema_over_ours_wasm"]),
        ))
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for i, row in enumerate(table):
        cells = [row[0].ljust(widths[0])]
        cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        print("  ".join(cells))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print()
    for name, r in rows.items():
        for peer, label in (("ajv", "ajv"), ("python_jsonschema", "python-jsonschema")):
            for side, where in (("native", "natively"), ("wasm", "in the component")):
                ratio = r[f"{peer}_over_ours_{side}"]
                if ratio is not None and ratio < 1:
                    print(f"{label} is faster than ours {where} on {name} "
                          f"({r[f'{peer}_us']:.2f} vs {r[f'ours_{side}_us']:.2f} µs).")
    print(NOTE)

    def rounded(x):
        if isinstance(x, float):
            return round(x, 2)
        if isinstance(x, list):
            return [rounded(v) for v in x]
        if isinstance(x, dict):
            return {k: rounded(v) for k, v in x.items()}
        return x

    print(json.dumps({
        "unit": "us_per_document_parse_included",
        "rounds": len(ajv),
        "ajv_version": some_ajv["version"],
        "node": some_ajv["node"],
        "python_jsonschema_version": some_python["version"],
        "python": some_python["python"],
        "documents": rounded(rows),
        "note": NOTE,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
