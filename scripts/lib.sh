# Shared by the scripts in this folder: paths, the shaded jar, JVM flags.
# shellcheck shell=bash

IHLBENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IHLBENCH_JAR="${IHLBENCH_JAR:-$IHLBENCH_ROOT/pipeline/target/ihlbench.jar}"

# Flink's runtime reflects into the JDK; Java 17 needs these opened (harmless for the Direct runner).
IHLBENCH_JVM_OPENS=(
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

log() { printf '[ihlbench] %s\n' "$*" >&2; }

# Builds the shaded jar when it is missing or older than any source file.
ensure_jar() {
  if [[ -f "$IHLBENCH_JAR" ]] && [[ -z "$(find "$IHLBENCH_ROOT"/{schemas,transforms,pipeline,simulator} \
      -path '*/target' -prune -o -newer "$IHLBENCH_JAR" -type f -print -quit)" ]] \
      && [[ "$IHLBENCH_JAR" -nt "$IHLBENCH_ROOT/pom.xml" ]]; then
    return 0
  fi
  log "building the shaded jar (the first build downloads dependencies and takes a few minutes)"
  local commit
  commit="$(git -C "$IHLBENCH_ROOT" rev-parse --short HEAD 2>/dev/null || true)"
  (cd "$IHLBENCH_ROOT" && mvn -B -q package -DskipTests "-Dgit.commit=$commit") >&2
}

# Starts the simulator in the background on a free loopback port.
# Sets SIMULATOR_PID and IHLBENCH_SIMULATOR_URL. Usage: start_simulator PROFILE
start_simulator() {
  local profile="$1" portfile
  portfile="$(mktemp)"
  rm -f "$portfile"
  java -cp "$IHLBENCH_JAR" org.ihlbench.simulator.SimulatorMain \
    --profile "$profile" --port 0 --port-file "$portfile" >&2 &
  SIMULATOR_PID=$!
  for _ in $(seq 1 100); do
    [[ -s "$portfile" ]] && break
    if ! kill -0 "$SIMULATOR_PID" 2>/dev/null; then
      log "the simulator did not start"; return 1
    fi
    sleep 0.1
  done
  [[ -s "$portfile" ]] || { log "the simulator did not report its port"; return 1; }
  IHLBENCH_SIMULATOR_URL="http://127.0.0.1:$(cat "$portfile")"
  export IHLBENCH_SIMULATOR_URL
  rm -f "$portfile"
}

stop_simulator() {
  if [[ -n "${SIMULATOR_PID:-}" ]]; then
    kill "$SIMULATOR_PID" 2>/dev/null || true
    wait "$SIMULATOR_PID" 2>/dev/null || true
    SIMULATOR_PID=
  fi
}
