#!/usr/bin/env bash
# How long the full experiment (configs/paper.yaml: 483 prompts x 2 models x 3 conditions x 4
# variants = 11,592 samples) takes next to the demo (432 samples), each on a fresh output so no
# answer comes from the response store, both against the simulator on 127.0.0.1, one after the
# other in this run so their ratio is comparable on a noisy machine. Prints one line per run and
# the ratios; figures go in docs/BENCHMARKS.md.
#
#   scripts/bench-paper.sh [--runner=DirectRunner | --runner=FlinkRunner --flinkMaster=[local]]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_jar
work="$(mktemp -d)"
trap 'stop_simulator; rm -rf "$work"' EXIT
export IHLBENCH_SIMULATOR_KEY="${IHLBENCH_SIMULATOR_KEY:-simulator-key}"

log "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A seconds samples
for name in demo paper; do
  start_simulator "$IHLBENCH_ROOT/configs/simulator/$name.yaml"
  java "${IHLBENCH_JVM_OPENS[@]}" -jar "$IHLBENCH_JAR" run --config="$IHLBENCH_ROOT/configs/$name.yaml" \
    --output="$work/$name" --runId=bench --progressSeconds=0 "$@" > "$work/$name.log" 2>&1 \
    || { log "the $name run failed:"; tail -20 "$work/$name.log" >&2; exit 1; }
  stop_simulator
  read -r seconds[$name] samples[$name] < <(python3 -c 'import json,sys
m = json.load(open(sys.argv[1])); print(m["duration_seconds"], m["counts"]["samples"])' \
    "$work/$name/runs/bench/run.json")
  printf '%-6s %6d samples  %7.1f s  %7.1f samples/s\n' "$name" "${samples[$name]}" \
    "${seconds[$name]}" "$(python3 -c "print(${samples[$name]} / ${seconds[$name]})")"
done
python3 -c "print('paper/demo: %.1fx the samples in %.2fx the time' % (${samples[paper]} / ${samples[demo]}, ${seconds[paper]} / ${seconds[demo]}))"
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
