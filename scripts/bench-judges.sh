#!/usr/bin/env bash
# Measures what the judge panel costs in wall time, against the simulator on this machine: the
# demo experiment judged by the rule-based judge alone, by the demo's three simulated LLM
# judges, and rejudged by those three from the response store. Ratios between the runs of one
# invocation are what to compare (the machine may be shared); absolute seconds vary.
#
#   scripts/bench-judges.sh              # the demo: 36 prompts x 2 models x 2 conditions x 3 seeds
#   REPEATS=10 scripts/bench-judges.sh   # 10 seeds per prompt (1440 samples)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

repeats="${REPEATS:-3}"
work="$(mktemp -d)"
trap 'stop_simulator; [[ -n "${KEEP:-}" ]] || rm -rf "$work"' EXIT
ensure_jar
start_simulator "$IHLBENCH_ROOT/configs/simulator/demo.yaml"
export IHLBENCH_SIMULATOR_KEY="${IHLBENCH_SIMULATOR_KEY:-simulator-key}"

# The demo config with absolute paths and the chosen number of seeds.
configs="$IHLBENCH_ROOT/configs"
sed -e "s#datasets/#$configs/datasets/#; s#system-prompts/#$configs/system-prompts/#" \
    -e "s#rubrics/#$configs/rubrics/#" -e "s#^seeds: .*#repeats: $repeats#" \
    "$configs/demo.yaml" > "$work/llm-panel.yaml"
# The same experiment judged by the rule-based judge alone: the judges section replaced.
awk '/^judges:/ {print "judges:\n  panel: [{name: rules, type: rules}]"; skip=1; next}
     /^[a-z]/ {skip=0} !skip' "$work/llm-panel.yaml" > "$work/rules-panel.yaml"

run() { # name, then the arguments of ihlbench
  local name="$1"; shift
  local start end
  start=$(date +%s.%N)
  java "${IHLBENCH_JVM_OPENS[@]}" -jar "$IHLBENCH_JAR" "$@" --progressSeconds=0 \
    > "$work/$name.log" 2>&1 || { cat "$work/$name.log"; exit 1; }
  end=$(date +%s.%N)
  printf '%s %.1f\n' "$name" "$(echo "$end - $start" | bc)" >> "$work/times"
}

log "rules-only panel"
run rules run --config="$work/rules-panel.yaml" --output="$work/out-rules" --runId=rules
log "three LLM judges"
run llm run --config="$work/llm-panel.yaml" --output="$work/out-llm" --runId=llm
log "rejudge by the same three, every judge call from the response store"
run rejudge rejudge --from="$work/out-llm/runs/llm" --config="$work/llm-panel.yaml" \
  --output="$work/out-llm" --runId=rejudge

samples=$(grep -o '"judged_samples" : [0-9]*' "$work/out-llm/runs/llm/run.json" | grep -o '[0-9]*$')
calls=$(grep -o '"calls" : [0-9]*' "$work/out-llm/runs/llm/run.json" | grep -o '[0-9]*$' | paste -sd+ | bc)
rules=$(awk '$1=="rules"{print $2}' "$work/times")
echo
echo "machine: $(nproc) cores, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "workload: $samples samples (repeats: $repeats); the LLM panel made $calls judge calls"
printf '%-10s %8s %10s\n' run seconds "vs rules"
while read -r name secs; do
  printf '%-10s %8s %9.2fx\n' "$name" "$secs" "$(echo "$secs / $rules" | bc -l)"
done < "$work/times"
