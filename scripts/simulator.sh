#!/usr/bin/env bash
# Starts the simulator in the foreground, e.g. for pointing a config at it by hand:
#   scripts/simulator.sh [--profile FILE] [--port 8089]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_jar
profile="$IHLBENCH_ROOT/configs/simulator/demo.yaml"
port=8089
while [[ $# -gt 0 ]]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) log "unknown argument $1"; exit 2 ;;
  esac
done
exec java -cp "$IHLBENCH_JAR" org.ihlbench.simulator.SimulatorMain --profile "$profile" --port "$port"
