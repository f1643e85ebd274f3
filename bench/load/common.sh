# Sourced by bench/load/run and bench/load/threads: the release host, an
# ERP database with one insurer in a temporary folder (removed on exit, with
# any server left running), and `start_server`.
cargo build --release -p host-demo >/dev/null
token=6f1c2a34-8b9d-4e0f-a1b2-c3d4e5f60718
bin=./target/release/host-demo
work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin" insurer add --db "$work/erp.db" --name Zurich --security-token "$token" >/dev/null

# Starts `serve` on a free port; sets `server` (its pid) and `addr`.
start_server() {
    # WORKERS=N sets `serve --workers`; unset, the server's default applies.
    "$bin" serve --addr 127.0.0.1:0 --db "$work/erp.db" ${WORKERS:+--workers "$WORKERS"} \
        >"$work/serve.out" 2>/dev/null &
    server=$!
    for _ in $(seq 200); do
        addr=$(sed -n 's#^listening on http://##p' "$work/serve.out")
        [ -n "$addr" ] && return 0
        sleep 0.05
    done
    echo "the server did not start" >&2
    exit 2
}
