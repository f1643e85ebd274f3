#!/usr/bin/env python3
"""Keeps a small corpus: greedy set cover on scalepoint-core's coverage, capped.

    fuzz/minimise.py BINARY OUT_DIR CAP INPUT_DIR...

BINARY is a target of the minimising build (FUZZING.md, "Keeping the corpus
small"), instrumented in scalepoint-core alone. libFuzzer's `-merge=1` runs
every input once and writes what each one covers to a control file; from it
this picks, again and again, the input that covers the most blocks not yet
covered (the smaller on a tie) until nothing new is gained or CAP inputs are
kept. OUT_DIR is emptied first; files are named by their SHA-1, as libFuzzer
names them.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile


def read_control(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    count = int(lines[0])
    files = lines[2 : 2 + count]
    features = {}
    for line in lines[2 + count :]:
        parts = line.split()
        if parts and parts[0] == "FT":
            features[int(parts[1])] = set(map(int, parts[2:]))
    return files, features


def main():
    binary, out_dir, cap, inputs = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    with tempfile.TemporaryDirectory() as tmp:
        control = os.path.join(tmp, "control")
        merged = os.path.join(tmp, "merged")
        os.mkdir(merged)
        subprocess.run(
            [binary, "-merge=1", "-use_counters=0", f"-merge_control_file={control}", merged]
            + inputs,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        files, features = read_control(control)
    everything = set().union(*features.values()) if features else set()
    covered, kept = set(), []
    while len(kept) < cap:
        best = max(
            features,
            key=lambda i: (len(features[i] - covered), -os.path.getsize(files[i])),
            default=None,
        )
        if best is None or not features[best] - covered:
            break
        covered |= features.pop(best)
        kept.append(files[best])
    # Read before emptying OUT_DIR: it may be one of the inputs.
    kept_data = [open(path, "rb").read() for path in kept]
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    for data in kept_data:
        with open(os.path.join(out_dir, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
    size = sum(map(len, kept_data))
    print(
        f"{out_dir}: kept {len(kept)} of {len(files)} inputs ({size} bytes), "
        f"covering {len(covered)} of the {len(everything)} scalepoint-core blocks they reach"
    )


if __name__ == "__main__":
    main()
