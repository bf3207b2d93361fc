#!/usr/bin/env bash
# Runs an experiment end to end on this machine against the simulator: builds the jar if needed,
# starts the simulator on a free loopback port, runs the pipeline (Direct runner unless you pass
# --runner=...), prints the summary and where the outputs are, and stops the simulator.
#
#   scripts/run-local.sh                          # the demo: configs/demo.yaml
#   scripts/run-local.sh --config=configs/paper.yaml
#   scripts/run-local.sh --runner=FlinkRunner --flinkMaster=[local]
#
# Other arguments go to `ihlbench run` (see README). The simulator's profile is
# IHLBENCH_SIMULATOR_PROFILE if set, else configs/simulator/<config's file name> if there is one
# (configs/paper.yaml -> configs/simulator/paper.yaml), else configs/simulator/demo.yaml.
# IHLBENCH_SIMULATOR=off runs without it (for configs that call real providers).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

config="$IHLBENCH_ROOT/configs/demo.yaml"
args=()
for a in "$@"; do
  case "$a" in
    --config=*) config="${a#--config=}" ;;
    *) args+=("$a") ;;
  esac
done

profile="$IHLBENCH_ROOT/configs/simulator/demo.yaml"
if [[ -f "$IHLBENCH_ROOT/configs/simulator/$(basename "$config")" ]]; then
  profile="$IHLBENCH_ROOT/configs/simulator/$(basename "$config")"
fi

ensure_jar
if [[ "${IHLBENCH_SIMULATOR:-on}" != off ]]; then
  start_simulator "${IHLBENCH_SIMULATOR_PROFILE:-$profile}"
  trap stop_simulator EXIT
  log "simulator at $IHLBENCH_SIMULATOR_URL"
fi

# The simulator accepts any key; real providers read theirs from the variables the config names.
export IHLBENCH_SIMULATOR_KEY="${IHLBENCH_SIMULATOR_KEY:-simulator-key}"
java "${IHLBENCH_JVM_OPENS[@]}" -jar "$IHLBENCH_JAR" run --config="$config" "${args[@]}"
