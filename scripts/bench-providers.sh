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
#   scripts/bench-providers.sh learn       # limits nobody declared: rows (a)-(e) below, against
#                                          # the simulator and against scripts/bench/provider-server.py
#   scripts/bench-providers.sh learn-sim   # the same rows against the simulator only
#   scripts/bench-providers.sh learn-ref   # ... against the independent server only
#   BENCH_ROWS="b e" scripts/bench-providers.sh learn   # only those learn rows
#
# Columns: calls made; the server's answer rate from its first to its last answer (the calling
# phase); that rate as a share of the limit, or of window / latency when there is no limit; 429s
# as a share of all requests; and the wall time of the whole run (JVM start, reading, judging and
# writing included). Needs curl, jq and (for learn) python3. Set BENCH_KEEP=1 to keep the work
# folder.
#
# The learn rows: 600 requests/min enforced by the server as a bucket holding a second's worth,
# 200 ms latency, 600 distinct prompts, max_in_flight 64, one shard:
#   (a) the limit declared; (b) undeclared, no rate-limit headers; (b-noretry) the same with 429s
#   that name no wait; (c) undeclared, the server sends OpenAI's rate-limit headers; (c-anthropic)
#   Anthropic's headers (simulator only); (d) 1,200/min declared while the server enforces 600;
#   (e) 600 declared while another client uses 300/min of the same key; (e-undeclared) the same,
#   nothing declared. "of the available" is the answer rate over what the limit left this client
#   (the limit less what the other client got); "lost" is samples without an answer.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_jar
work="$(mktemp -d)"
REF_PID=""
trap 'stop_simulator; [[ -z "$REF_PID" ]] || kill "$REF_PID" 2>/dev/null || true;
  [[ "${BENCH_KEEP:-}" == 1 ]] || rm -rf "$work"' EXIT
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
  local latency="$1" rpm="$2" file="$3" headers="${4:-native}" retry="${5:-true}" other="${6:-0}"
  {
    echo "latency_ms: $latency"
    if [[ "$rpm" -gt 0 ]]; then
      echo "rate_limit: {requests_per_minute: $rpm, headers: $headers, retry_after: $retry," \
        "other_client_per_minute: $other}"
    fi
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

# learn_case NAME SERVER(sim|ref) DECLARED_RPM HEADERS(none|openai|anthropic) RETRY(true|false) OTHER_RPM
# One row of the learn table: 600 calls, 200 ms, the server enforcing 600/min, window 64.
learn_case() {
  local name="$1" server="$2" declared="$3" headers="$4" retry="$5" other="$6"
  if [[ -n "${BENCH_ROWS:-}" && " $BENCH_ROWS " != *" $name "* ]]; then return 0; fi
  local calls=600 latency=200 rpm=600 window=64
  local dir="$work/$name-$server"
  mkdir -p "$dir"
  write_prompts "$calls" "$dir/prompts.jsonl"
  write_config "$dir/prompts.jsonl" "$declared" "$window" 1 "$dir/config.yaml"
  local stats_url
  if [[ "$server" == sim ]]; then
    write_profile "$latency" "$rpm" "$dir/profile.yaml" "$headers" "$retry" "$other"
    start_simulator "$dir/profile.yaml"
    stats_url="$IHLBENCH_SIMULATOR_URL/_sim/stats"
  else
    local portfile="$dir/port"
    python3 "$IHLBENCH_ROOT/scripts/bench/provider-server.py" --rpm "$rpm" \
      --latency-ms "$latency" --headers "$headers" --other-rpm "$other" \
      --retry-after "$([[ "$retry" == true ]] && echo seconds || echo none)" \
      --port-file "$portfile" &
    REF_PID=$!
    for _ in $(seq 1 100); do [[ -s "$portfile" ]] && break; sleep 0.1; done
    IHLBENCH_SIMULATOR_URL="http://127.0.0.1:$(cat "$portfile")"
    export IHLBENCH_SIMULATOR_URL
    stats_url="$IHLBENCH_SIMULATOR_URL/stats"
  fi
  local start end
  start=$(date +%s.%N)
  java "${IHLBENCH_JVM_OPENS[@]}" -Xmx2g -jar "$IHLBENCH_JAR" run --config="$dir/config.yaml" \
    --runId="$name" --store="$dir/store" --progressSeconds="${BENCH_PROGRESS:-15}" >"$dir/run.log" 2>&1 || true
  end=$(date +%s.%N)
  local stats
  stats="$(curl -s "$stats_url")"
  if [[ -n "$REF_PID" ]]; then
    kill "$REF_PID" 2>/dev/null || true
    wait "$REF_PID" 2>/dev/null || true
    REF_PID=""
  fi
  stop_simulator
  local manifest="$work/out/runs/$name/run.json"
  if [[ ! -f "$manifest" ]]; then
    log "case $name ($server) wrote no run.json; see $dir/run.log"; tail -20 "$dir/run.log" >&2
    return 1
  fi
  local answered requests rate limited available errors pace
  answered="$(jq '.answered' <<<"$stats")"
  requests="$(jq '.requests' <<<"$stats")"
  rate="$(jq '.answer_rate_per_second' <<<"$stats")"
  limited="$(jq '.by_status["429"] // 0' <<<"$stats")"
  if [[ "$server" == sim ]]; then
    available="$(jq -n "($rpm - $other) / 60")"
  else
    available="$(jq '.available_rate_per_second' <<<"$stats")"
  fi
  errors="$(jq '.counts.call_errors // 0' "$manifest")"
  pace="$(jq -r '[.rate_limits[] | select(.stage == "generate")][0] | "\(.requests_per_minute // "window")/min \(.source)"' "$manifest")"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %.2f/s | %.1f%% of %.2f/s | %.2f%% (%s of %s) | %s | %.0f s |\n' \
    "$name" "$server" "$([[ "$declared" -gt 0 ]] && echo "$declared/min" || echo none)" \
    "$headers" "$retry" "$([[ "$other" -gt 0 ]] && echo "$other/min" || echo none)" \
    "$answered" "$errors" "$rate" \
    "$(jq -n "100 * $rate / $available")" "$available" \
    "$(jq -n "100 * $limited / $requests")" "$limited" "$requests" "$pace" "$(jq -n "$end - $start")"
  rm -rf "$work/out/runs/$name"
}

learn_header() {
  echo
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(java -version 2>&1 | sed -n 1p); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| case | server | declared | headers | Retry-After | other client | answered | lost | rate at the server | of the available | 429s | pace it settled on | wall time |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
}

learn_rows() {
  local server="$1"
  learn_case a "$server" 600 none true 0
  learn_case b "$server" 0 none true 0
  learn_case b-noretry "$server" 0 none false 0
  learn_case c "$server" 0 openai true 0
  [[ "$server" == sim ]] && learn_case c-anthropic "$server" 0 anthropic true 0
  learn_case d "$server" 1200 none true 0
  learn_case e "$server" 600 none true 300
  learn_case e-undeclared "$server" 0 none true 300
}

what="${1:-all}"
case "$what" in
  learn | learn-sim | learn-ref)
    learn_header
    [[ "$what" == learn-ref ]] || learn_rows sim
    [[ "$what" == learn-sim ]] || learn_rows ref
    echo
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    exit 0
    ;;
esac
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
