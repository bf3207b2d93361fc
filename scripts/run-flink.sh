#!/usr/bin/env bash
# Submits an experiment to a running Flink session cluster (scripts/flink-cluster.sh start), with
# the simulator started for it as in run-local.sh:
#
#   scripts/flink-cluster.sh start
#   scripts/run-flink.sh [--config=configs/demo.yaml] [--flinkMaster=127.0.0.1:8081] [--parallelism=4]
#
# Other arguments go to `ihlbench run`. API keys are read by the TaskManagers: export them before
# starting the cluster. IHLBENCH_SIMULATOR=off skips the simulator (for real providers).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

master="127.0.0.1:${FLINK_REST_PORT:-8081}"
parallelism=4
args=()
for a in "$@"; do
  case "$a" in
    --flinkMaster=*) master="${a#--flinkMaster=}" ;;
    --parallelism=*) parallelism="${a#--parallelism=}" ;;
    *) args+=("$a") ;;
  esac
done
exec "$(dirname "${BASH_SOURCE[0]}")/run-local.sh" --runner=FlinkRunner "--flinkMaster=$master" \
  "--parallelism=$parallelism" "${args[@]}"
