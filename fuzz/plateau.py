#!/usr/bin/env python3
"""Runs one fuzz target until it stops finding new coverage.

usage: fuzz/plateau.py TARGET [--quiet-minutes N] [--max-minutes M]

Runs `cargo fuzz run` for TARGET with the options of FUZZING.md ("How to
run") and watches libFuzzer's status lines. The run is stopped once `cov`
(edges of the whole binary) has not grown for --quiet-minutes (default 10):
that is what "stopped finding new coverage" means in FUZZING.md. It is also
stopped at --max-minutes (default 30), and then says it had not plateaued.

Prints one summary line at the end (start, minutes, executions, cov / ft /
corpus at the end, when cov last grew, whether it plateaued) and keeps
libFuzzer's whole output, each line prefixed by the seconds since the start,
in target/fuzz/logs/TARGET-START.log. Exit status: libFuzzer's if it found
something (a crash, a timeout, an invariant broken), else 0.

`cov` counts edges of the whole binary: serde_json, rust_decimal and
arbitrary too, where new paths keep turning up long after our code has none
left. So the working corpus is also snapshotted (hard links) every
--snapshot-minutes (default 5), and when the build instrumented in
scalepoint-core alone exists (FUZZING.md, "Keeping the corpus small":
target/fuzz-cmin), each snapshot is replayed through it at the end: a second
line gives our code's coverage at each snapshot, and what it gained in the
last --quiet-minutes against the replay's own noise.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time

STATUS = re.compile(r"^#(\d+)\s+(\w+)\s+cov: (\d+) ft: (\d+) corp: (\d+)")
CORE_BUILD = "target/fuzz-cmin/x86_64-unknown-linux-gnu/release"
REPLAYS = 3
SNAPSHOT_SLACK = 10  # seconds


def command(target):
    seeds = f"target/fuzz/seeds/{target}"
    options = [
        "-max_len=16384",
        "-timeout=10",
        "-rss_limit_mb=2048",
        "-print_final_stats=1",
    ]
    dictionary = f"{seeds}.dict"
    # Targets without schema words have an empty dictionary, which
    # libFuzzer refuses.
    if os.path.exists(dictionary) and os.path.getsize(dictionary) > 0:
        options.append(f"-dict={dictionary}")
    return [
        "cargo", "fuzz", "run", "-s", "none", "-a", "--target-dir", "target/fuzz",
        target, f"target/fuzz/corpus/{target}", f"fuzz/corpus/{target}", seeds,
        "--", *options,
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target")
    parser.add_argument("--quiet-minutes", type=float, default=10)
    parser.add_argument("--max-minutes", type=float, default=30)
    parser.add_argument("--snapshot-minutes", type=float, default=5)
    parser.add_argument(
        "--report-only", metavar="SNAPSHOTS",
        help="only print the core-coverage line for an earlier run's snapshots",
    )
    args = parser.parse_args()

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.chdir(root)
    if args.report_only:
        report_only(args.target, args.report_only, args.quiet_minutes)
        return 0
    os.makedirs(f"target/fuzz/corpus/{args.target}", exist_ok=True)
    os.makedirs("target/fuzz/logs", exist_ok=True)
    started_at = time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime())
    log_path = f"target/fuzz/logs/{args.target}-{started_at}.log"
    snapshots_dir = f"target/fuzz/snapshots/{args.target}-{started_at}"
    snapshots = []  # (seconds since the start, directory)

    def snapshot(at):
        path = f"{snapshots_dir}/{int(at):05d}"
        shutil.rmtree(path, ignore_errors=True)
        # libFuzzer may delete an input (replaced by a smaller one) while it
        # is linked: cp goes on with the rest; its complaint and status are
        # of no interest.
        subprocess.run(
            ["cp", "-al", f"target/fuzz/corpus/{args.target}", path],
            stderr=subprocess.DEVNULL,
        )
        # The final snapshot may fall in the same second as the last
        # periodic one: the directory was replaced, so is its entry.
        if snapshots and snapshots[-1][1] == path:
            snapshots.pop()
        snapshots.append((at, path))

    os.makedirs(snapshots_dir, exist_ok=True)
    snapshot(0)

    fuzzer = subprocess.Popen(
        command(args.target),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    start = time.monotonic()
    last = None  # (execs, cov, ft, corpus) of the latest status line
    cov_grew_at = 0.0
    stopped_by = None
    with open(log_path, "w") as log:
        for line in fuzzer.stdout:
            now = time.monotonic() - start
            log.write(f"{now:8.1f} {line}")
            if stopped_by is None and now - snapshots[-1][0] >= args.snapshot_minutes * 60:
                snapshot(now)
            match = STATUS.match(line)
            if match:
                execs, cov, ft, corpus = (int(match.group(i)) for i in (1, 3, 4, 5))
                if last is None or cov > last[1]:
                    cov_grew_at = now
                last = (execs, cov, ft, corpus)
            # Status lines come at least every few seconds (pulses double
            # their interval, NEW lines come when something is found); the
            # checks run on each line.
            if stopped_by is None and last is not None:
                if now - cov_grew_at >= args.quiet_minutes * 60:
                    stopped_by = "plateau"
                elif now >= args.max_minutes * 60:
                    stopped_by = "time"
                if stopped_by:
                    os.killpg(fuzzer.pid, signal.SIGINT)
        status = fuzzer.wait()
    minutes = (time.monotonic() - start) / 60
    snapshot(time.monotonic() - start)
    execs, cov, ft, corpus = last or (0, 0, 0, 0)
    found = stopped_by is None and status != 0
    verdict = {
        "plateau": f"plateaued: cov unchanged for the last {args.quiet_minutes:g} min",
        "time": f"NOT plateaued: cov still grew at {cov_grew_at / 60:.1f} min",
        None: f"libFuzzer exited with {status}" + (": see the log" if found else ""),
    }[stopped_by]
    print(
        f"{args.target}: start {started_at}, {minutes:.1f} min, {execs:,} execs, "
        f"cov/ft/corpus {cov}/{ft}/{corpus}, cov last grew at {cov_grew_at / 60:.1f} min; "
        f"{verdict}; log {log_path}"
    )
    core_coverage(args.target, snapshots, args.quiet_minutes)
    return status if found else 0


def core_coverage(target, snapshots, quiet_minutes):
    """Our code's coverage at each snapshot (with the kept corpus and the
    seeds), from the build instrumented in scalepoint-core alone. A replay
    of the same inputs varies by a few edges, so each snapshot is replayed
    REPLAYS times: its figure is the highest, and the spread of the last one
    is the noise that growth is measured against."""
    binary = f"{CORE_BUILD}/{target}"
    if not os.path.exists(binary):
        print(f"{target}: no {binary}: core coverage not measured")
        return
    series = []  # (seconds, lowest, highest)
    for at, path in snapshots:
        figures = []
        for _ in range(REPLAYS):
            replay = subprocess.run(
                [binary, "-runs=0", "-max_len=16384", path,
                 f"fuzz/corpus/{target}", f"target/fuzz/seeds/{target}"],
                capture_output=True, text=True, errors="replace",
            )
            inited = re.search(r"INITED cov: (\d+)", replay.stderr)
            if inited:
                figures.append(int(inited.group(1)))
        if figures:
            series.append((at, min(figures), max(figures)))
    if not series:
        print(f"{target}: the core build replayed nothing")
        return
    end, low, high = series[-1]
    # The last snapshot taken at least the quiet window before the end. A
    # snapshot lands a second or two after its minute, so "at least" allows
    # SNAPSHOT_SLACK: without it a 10-minute window reached back 15 minutes.
    window = [
        s for s in series if s[0] <= end - quiet_minutes * 60 + SNAPSHOT_SLACK
    ] or series[:1]
    before = window[-1]
    grew = high - before[2]
    noise = high - low
    steps = " ".join(f"{at / 60:.0f}m:{top}" for at, _, top in series)
    verdict = (
        "plateaued" if grew <= noise else "NOT plateaued"
    ) + (
        f": +{grew} edges since {before[0] / 60:.0f}m (replays of the last snapshot "
        f"differ by {noise})"
    )
    print(f"{target}: scalepoint-core coverage by snapshot {steps}; {verdict}")


def report_only(target, snapshots_dir, quiet_minutes):
    """The core-coverage line for the snapshots of an earlier run."""
    snapshots = [
        (int(name), os.path.join(snapshots_dir, name))
        for name in sorted(os.listdir(snapshots_dir))
    ]
    core_coverage(target, snapshots, quiet_minutes)


if __name__ == "__main__":
    sys.exit(main())
