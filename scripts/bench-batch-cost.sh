#!/usr/bin/env bash
# What the paper experiment (configs/paper-replication.yaml) costs live and in batch mode, from
# two dry runs: the config as it is (every call live), and the same config with
# `calls: {mode: batch}` on every model and judge (OpenAI's and Anthropic's calls go through
# their batch APIs at the batch price; Gemini, Together and Mistral stay live). Calls no one and
# needs no API keys. Prints both dry runs; docs/BENCHMARKS.md quotes them.
# Usage: scripts/bench-batch-cost.sh [CONFIG]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_jar

config="${1:-$IHLBENCH_ROOT/configs/paper-replication.yaml}"
work="$(mktemp -d)"
# The batch variant sits beside the original, so that its relative paths resolve the same.
batched="$(dirname "$config")/.bench-batch-$$.yaml"
trap 'rm -rf "$work" "$batched"' EXIT

# Every model and judge entry (a `- name:` line under models: or judges.panel:) gets batch mode.
awk '
  /^models:/ { inlist = 1 }
  /^judges:/ { inlist = 1 }
  /^[a-z_]+:/ && !/^models:/ && !/^judges:/ { inlist = 0 }
  { print }
  inlist && match($0, /^ *- name: /) {
    indent = RLENGTH - length("- name: ") + 2
    printf "%" indent "scalls: {mode: batch}\n", ""
  }
' "$config" > "$batched"

for mode in live batch; do
  file="$config"
  [[ "$mode" == batch ]] && file="$batched"
  log "dry run, $mode: $(basename "$config")"
  echo "== $mode =="
  java "${IHLBENCH_JVM_OPENS[@]}" -jar "$IHLBENCH_JAR" run "--config=$file" \
    "--output=$work/$mode" --runId="$mode" --dryRun
done
