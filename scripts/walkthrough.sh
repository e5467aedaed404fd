#!/usr/bin/env bash
# Runs the README walkthrough (the sh blocks between the walkthrough markers)
# against a fresh demo server, failing on the first command that fails.
# Usage: scripts/walkthrough.sh [path/to/averias]   (default: target/debug/averias)
# or, against a demo server already running: WALKTHROUGH_BASE=http://127.0.0.1:8080 scripts/walkthrough.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/debug/averias}
work=$(mktemp -d)
server_pid=
cleanup() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

if [ -n "${WALKTHROUGH_BASE:-}" ]; then
  # A demo server someone else started (CI starts it with the README's command).
  port=${WALKTHROUGH_BASE##*:}
else
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
  AVERIAS_LOG=warn "$bin" serve --demo --listen "127.0.0.1:$port" --database "sqlite://$work/demo.db" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
fi

awk '/<!-- walkthrough:start -->/{on=1; next} /<!-- walkthrough:end -->/{on=0} on' README.md \
  | awk '/^```sh$/{code=1; next} /^```$/{code=0; next} code' \
  | sed "s/127.0.0.1:8080/127.0.0.1:$port/g" > "$work/walkthrough.sh"

echo "running $(grep -c curl "$work/walkthrough.sh") curl calls from the README against port $port"
if ! bash -euo pipefail "$work/walkthrough.sh" >"$work/out.txt" 2>&1; then
  echo "README walkthrough failed; its output:"; cat "$work/out.txt"; echo "server log:"; cat "$work/server.log" 2>/dev/null || true
  exit 1
fi
grep -q '"code":"account_has_debt"' "$work/out.txt" || { echo "the debt refusal did not happen"; cat "$work/out.txt"; exit 1; }
grep -q '"code":"action_not_allowed_for_role"' "$work/out.txt" || { echo "COR was not refused the close"; exit 1; }
grep -q '"number":"AVAL-' "$work/out.txt" || { echo "the backup swap raised no endorsement"; exit 1; }
grep -q '"status":"received"' "$work/out.txt" || { echo "the replenishment was not received"; exit 1; }
grep -q '"severity":"High"' "$work/out.txt" || { echo "TMF621 did not echo the client's severity"; exit 1; }
grep -q '"ticketType":"device"' "$work/out.txt" || { echo "TMF621 did not echo the client's ticketType"; exit 1; }
grep -q 'unknown id: 404' "$work/out.txt" || { echo "an unknown TMF621 id was not a 404"; exit 1; }
[ -n "${WALKTHROUGH_SHOW:-}" ] && cat "$work/out.txt"
echo "README walkthrough: every call worked"
