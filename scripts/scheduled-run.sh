#!/usr/bin/env bash
# One scheduled monitoring run: the experiment with fresh model calls for this period, then the
# trend check over every run kept under the output root. For cron, Kubernetes CronJobs and
# Airflow (see deploy/).
#
#   scripts/scheduled-run.sh --config=FILE --output=ROOT [ihlbench run options...]
#
# Exit code: 0 no alerts; 5 the trend check raised alerts (a drop in refusal or helpful-refusal
# rate, more over-refusal, or a new model version): notify someone; 8 no alerts, but run folders
# the trend could not read were skipped (named on stderr); anything else: the run failed.
#
# Answers are reused only within a period (IHLBENCH_PERIOD, default the UTC date): the response
# store of a period is <output>/store/<period>. A rerun after a crash the same day resumes without
# paying twice; the next period asks the models again, so a model that changed is measured anew.
# IHLBENCH_JAR (default: the repo's pipeline/target/ihlbench.jar) and IHLBENCH_TREND_ARGS (e.g.
# "--baselineRuns=4 --minChange=0.05") may be set.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ -f "$IHLBENCH_JAR" ]] || ensure_jar
output=""
args=()
for a in "$@"; do
  case "$a" in
    --output=*) output="${a#--output=}" ;;
    *) args+=("$a") ;;
  esac
done
[[ -n "$output" ]] || { log "give --output=ROOT (local or gs://)"; exit 2; }
period="${IHLBENCH_PERIOD:-$(date -u +%Y-%m-%d)}"
run_id="$(date -u +%Y%m%dT%H%M%SZ)-scheduled"

log "run $run_id (period $period) into $output"
java "${IHLBENCH_JVM_OPENS[@]}" -jar "$IHLBENCH_JAR" run "--output=$output" "--store=$output/store/$period" \
  "--runId=$run_id" "${args[@]}"
# shellcheck disable=SC2086
java -jar "$IHLBENCH_JAR" trend "--output=$output" ${IHLBENCH_TREND_ARGS:-}
