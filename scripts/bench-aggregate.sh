#!/usr/bin/env bash
# Benchmark of the Aggregate stage alone (issue 6): synthetic judged rows generated inside the
# pipeline, aggregated by the real AggregateTables (one pass, per-prompt tallies, paired deltas
# with a Poisson bootstrap, breakdowns), tables written. Prints the machine, the load, and the
# time; results go in docs/BENCHMARKS.md ("Aggregation").
#
#   scripts/bench-aggregate.sh                                  # 10M rows, Direct runner
#   scripts/bench-aggregate.sh --runner=FlinkRunner --flinkMaster=[local] --parallelism=2
#   scripts/bench-aggregate.sh --rows=1000000 --replicates=1000 --models=25
#
# Other arguments go to org.ihlbench.pipeline.bench.AggregationBenchmark (see its Options), which
# lives in the pipeline module's test sources: it runs from the shaded jar plus the test classes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_jar
bench_classes="$IHLBENCH_ROOT/pipeline/target/test-classes"
if [[ ! -f "$bench_classes/org/ihlbench/pipeline/bench/AggregationBenchmark.class" ]]; then
  log "compiling the benchmark (pipeline test sources)"
  (cd "$IHLBENCH_ROOT" && mvn -B -q -pl pipeline -am test-compile) >&2
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
heap="${IHLBENCH_BENCH_HEAP:-6g}"
args=("$@")
[[ " $* " == *" --rows="* ]] || args+=(--rows=10000000)
[[ " $* " == *" --replicates="* ]] || args+=(--replicates=1000)

log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'),"\
" $(free -g | awk '/Mem:/{print $2}') GB RAM; $(java -version 2>&1 | sed -n 1p)"
log "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
/usr/bin/time -f "[ihlbench] process: wall %e s, cpu %U s user + %S s system, max RSS %M KB" \
  java "-Xmx$heap" "${IHLBENCH_JVM_OPENS[@]}" -cp "$IHLBENCH_JAR:$bench_classes" \
  org.ihlbench.pipeline.bench.AggregationBenchmark --output="$out" "${args[@]}" \
  2> >(grep -E '^\[ihlbench\]|Exception|Error|summary does not' >&2)
end=$(date +%s.%N)
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
log "total $(echo "$end - $start" | bc) s including JVM start"
