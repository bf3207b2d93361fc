#!/usr/bin/env bash
# Benchmarks the provider-call machinery (pacing, in-flight window, retries, store) end to end:
# the shaded jar runs a synthetic experiment against the simulator on 127.0.0.1, and the
# simulator counts what it served. Not a test: it asserts nothing; it prints a Markdown table for
# docs/BENCHMARKS.md ("Provider calls").
#
#   scripts/bench-providers.sh             # every case (about 10 minutes on 2 cores)
#   scripts/bench-providers.sh limit       # (a) 600 requests/min at 200 ms latency
#   scripts/bench-providers.sh nolimit     # (b) no limit, 1 s latency, window 512
#   scripts/bench-providers.sh window      # (c) windows 8, 32, 128, 512 at 1 s latency
#   scripts/bench-providers.sh shards      # (a) again with the calls over 4 rate-limit shards
#
# Columns: calls made; the simulator's answer rate from its first to its last answer (the
# calling phase); that rate as a share of the limit, or of window / latency when there is no
# limit; 429s as a share of all requests; and the wall time of the whole run (JVM start, reading,
# judging and writing included). Needs curl and jq. Set BENCH_KEEP=1 to keep the work folder.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_jar
work="$(mktemp -d)"
trap 'stop_simulator; [[ "${BENCH_KEEP:-}" == 1 ]] || rm -rf "$work"' EXIT
export IHLBENCH_SIMULATOR_KEY="bench-key"

# Synthetic prompts: benign placeholder questions, one per call.
write_prompts() {
  local n="$1" file="$2"
  for ((i = 1; i <= n; i++)); do
    printf '{"id":"bench-%06d","kind":"benign","rule_number":%d,"text":"Benchmark question %d: what does rule %d of customary IHL require?"}\n' \
      "$i" $(((i % 161) + 1)) "$i" $(((i % 161) + 1))
  done >"$file"
}

write_profile() {
  local latency="$1" rpm="$2" file="$3"
  {
    echo "latency_ms: $latency"
    if [[ "$rpm" -gt 0 ]]; then echo "rate_limit: {requests_per_minute: $rpm}"; fi
    echo "models:"
    echo "  bench-model:"
    echo "    behaviour:"
    echo "      - p: {compliance: 0.5, explanatory_refusal: 0.5}"
  } >"$file"
}

write_config() {
  local prompts="$1" rpm="$2" window="$3" shards="$4" file="$5"
  local limit=""
  if [[ "$rpm" -gt 0 ]]; then limit="    rate_limit: {requests_per_minute: $rpm}"; fi
  cat >"$file" <<EOF
name: bench
dataset: {paths: [$prompts]}
models:
  - name: bench-model
    provider: simulator
    protocol: openai
    base_url: \${IHLBENCH_SIMULATOR_URL}/v1
    model_id: bench-model
    api_key_env: IHLBENCH_SIMULATOR_KEY
    params: {max_tokens: 200}
$limit
    max_in_flight: $window
    price: {input_per_million: 1.0, output_per_million: 2.0}
conditions: [{name: baseline}]
seeds: [1]
calls: {shards_per_bucket: $shards}
output: $work/out
EOF
}

# bench_case NAME CALLS LATENCY_MS LIMIT_RPM WINDOW SHARDS
bench_case() {
  local name="$1" calls="$2" latency="$3" rpm="$4" window="$5" shards="$6"
  local dir="$work/$name"
  mkdir -p "$dir"
  write_prompts "$calls" "$dir/prompts.jsonl"
  write_profile "$latency" "$rpm" "$dir/profile.yaml"
  write_config "$dir/prompts.jsonl" "$rpm" "$window" "$shards" "$dir/config.yaml"
  start_simulator "$dir/profile.yaml"
  local start end
  start=$(date +%s.%N)
  java "${IHLBENCH_JVM_OPENS[@]}" -Xmx2g -jar "$IHLBENCH_JAR" run --config="$dir/config.yaml" \
    --runId="$name" --store="$dir/store" --progressSeconds=15 >"$dir/run.log" 2>&1 \
    || { log "case $name failed; see $dir/run.log"; tail -20 "$dir/run.log" >&2; return 1; }
  end=$(date +%s.%N)
  local stats
  stats="$(curl -s "$IHLBENCH_SIMULATOR_URL/_sim/stats")"
  stop_simulator
  local answered requests rate limited
  answered="$(jq '.answered' <<<"$stats")"
  requests="$(jq '.requests' <<<"$stats")"
  rate="$(jq '.answer_rate_per_second' <<<"$stats")"
  limited="$(jq '.by_status["429"] // 0' <<<"$stats")"
  local target
  if [[ "$rpm" -gt 0 ]]; then
    target="$(jq -n "$rpm / 60")"
  else
    target="$(jq -n "$window * $shards * 1000 / $latency")"
  fi
  printf '| %s | %s | %s ms | %s | %s x %s | %s | %.1f/s | %.1f%% of %.1f/s | %.2f%% | %.0f s |\n' \
    "$name" "$calls" "$latency" "$([[ "$rpm" -gt 0 ]] && echo "$rpm/min" || echo none)" \
    "$window" "$shards" "$answered" "$rate" "$(jq -n "100 * $rate / $target")" "$target" \
    "$(jq -n "100 * $limited / $requests")" "$(jq -n "$end - $start")"
}

header() {
  echo
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(java -version 2>&1 | sed -n 1p); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| case | calls | latency | limit | window x shards | answered | rate at the simulator | of the target | 429s | wall time |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
}

what="${1:-all}"
header
case "$what" in
  limit | all) bench_case limit-600rpm 1200 200 600 64 1 ;;&
  shards | all) bench_case limit-600rpm-4-shards 1200 200 600 64 4 ;;&
  nolimit | all) bench_case nolimit-1s 6000 1000 0 512 1 ;;&
  window | all)
    bench_case window-8 160 1000 0 8 1
    bench_case window-32 640 1000 0 32 1
    bench_case window-128 2560 1000 0 128 1
    [[ "$what" == all ]] || bench_case window-512 6000 1000 0 512 1
    ;;&
  limit | shards | nolimit | window | all) ;;
  *) log "unknown case '$what'; see the top of this script"; exit 2 ;;
esac
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
