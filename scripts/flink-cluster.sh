#!/usr/bin/env bash
# A real Flink 1.19 session cluster on this machine: one JobManager and two TaskManagers, each
# its own JVM, bound to 127.0.0.1, run from the shaded jar (which carries the Flink 1.19.0 runtime
# that Beam 2.62's Flink runner uses, plus flink-runtime-web for the REST endpoint). No download
# beyond what Maven already fetched.
#
#   scripts/flink-cluster.sh start     # prints the REST address, e.g. 127.0.0.1:8081
#   scripts/flink-cluster.sh stop
#   scripts/flink-cluster.sh status
#   scripts/flink-cluster.sh kill-taskmanager N    # SIGKILL TaskManager N (1 or 2), for failure drills
#
# Settings (environment): FLINK_CLUSTER_DIR (config, logs, pids; default out/flink-cluster),
# FLINK_REST_PORT (default 8081), FLINK_SLOTS_PER_TASKMANAGER (default 4), FLINK_TASKMANAGERS
# (default 2). Each TaskManager holds enough slots to run a parallelism-4 job alone, so a job
# survives losing the other one; slots are spread evenly, so a healthy job uses both.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir="${FLINK_CLUSTER_DIR:-$IHLBENCH_ROOT/out/flink-cluster}"
rest_port="${FLINK_REST_PORT:-8081}"
slots="${FLINK_SLOTS_PER_TASKMANAGER:-4}"
taskmanagers="${FLINK_TASKMANAGERS:-2}"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

write_config() {
  mkdir -p "$dir/conf" "$dir/log" "$dir/tmp"
  cat > "$dir/conf/flink-conf.yaml" <<CONF
# Written by scripts/flink-cluster.sh. Everything binds to loopback.
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $(free_port)
jobmanager.bind-host: 127.0.0.1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest_port
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: $slots
cluster.evenly-spread-out-slots: true
io.tmp.dirs: $dir/tmp
# A TaskManager started without Flink's scripts must be given every memory component.
taskmanager.cpu.cores: 2
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.task.heap.size: 512m
taskmanager.memory.managed.size: 128m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.task.off-heap.size: 64m
# 64m of network memory failed Beam jobs ("Insufficient number of network buffers"); 256m ran a
# parallelism-4 job spread over two TaskManagers but not all of it on one after a failure.
taskmanager.memory.network.min: 512m
taskmanager.memory.network.max: 512m
taskmanager.memory.jvm-metaspace.size: 256m
taskmanager.memory.jvm-overhead.min: 192m
taskmanager.memory.jvm-overhead.max: 192m
# Jobs restart after a failure, such as a lost TaskManager. The heartbeat timeout (how long a
# silent TaskManager counts as alive) is generous because small shared machines stall.
restart-strategy.type: fixed-delay
restart-strategy.fixed-delay.attempts: 3
restart-strategy.fixed-delay.delay: 2 s
heartbeat.interval: 2000
heartbeat.timeout: 30000
# Deploying a task is an RPC that times out after 10 s by default; on a loaded 2-core machine
# (load 11 while other builds ran) every deployment attempt timed out and the job failed.
pekko.ask.timeout: 60 s
CONF
}

jvm() {
  # $1: log name, $2: heap, then the main class and its arguments.
  local name="$1" heap="$2"; shift 2
  nohup java "${IHLBENCH_JVM_OPENS[@]}" "-Xms$heap" "-Xmx$heap" \
    -XX:MaxDirectMemorySize=704m -XX:MaxMetaspaceSize=256m \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=info \
    -Dorg.slf4j.simpleLogger.logFile="$dir/log/$name.log" \
    -cp "$IHLBENCH_JAR" "$@" > "$dir/log/$name.out" 2>&1 &
  echo $! > "$dir/$name.pid"
}

running() {
  [[ -f "$dir/$1.pid" ]] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null
}

registered_taskmanagers() {
  curl -sf "http://127.0.0.1:$rest_port/taskmanagers" 2>/dev/null \
    | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["taskmanagers"]))' 2>/dev/null || echo 0
}

start() {
  # TaskManagers make the model calls, so they read the API keys: export them before start.
  # The simulator takes any key; give it one so the demo runs on the cluster out of the box.
  export IHLBENCH_SIMULATOR_KEY="${IHLBENCH_SIMULATOR_KEY:-simulator-key}"
  if running jobmanager; then
    log "already running at 127.0.0.1:$rest_port (stop it first)"; exit 1
  fi
  ensure_jar
  write_config
  jvm jobmanager 768m org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    --configDir "$dir/conf"
  for i in $(seq 1 "$taskmanagers"); do
    jvm "taskmanager-$i" 640m org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
      --configDir "$dir/conf"
  done
  for _ in $(seq 1 120); do
    if [[ "$(registered_taskmanagers)" -ge "$taskmanagers" ]]; then
      log "Flink session cluster up: REST at 127.0.0.1:$rest_port, $taskmanagers TaskManagers x $slots slots (logs: $dir/log)"
      echo "127.0.0.1:$rest_port"
      return 0
    fi
    for p in jobmanager $(seq -f "taskmanager-%g" 1 "$taskmanagers"); do
      if ! running "$p"; then
        log "$p died during start; its log:"; tail -30 "$dir/log/$p.out" "$dir/log/$p.log" >&2 2>/dev/null || true
        stop; exit 1
      fi
    done
    sleep 1
  done
  log "the cluster did not come up within 120 s; see $dir/log"; stop; exit 1
}

stop() {
  local pidfile
  for pidfile in "$dir"/*.pid; do
    [[ -f "$pidfile" ]] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
  for pidfile in "$dir"/*.pid; do
    [[ -f "$pidfile" ]] || continue
    kill -9 "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
  log "Flink session cluster stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if running jobmanager; then
      echo "running: REST 127.0.0.1:$rest_port, $(registered_taskmanagers) TaskManagers registered"
    else
      echo "not running"; exit 1
    fi ;;
  kill-taskmanager)
    n="${2:?which TaskManager (1..$taskmanagers)}"
    kill -9 "$(cat "$dir/taskmanager-$n.pid")"
    log "sent SIGKILL to TaskManager $n" ;;
  *) echo "usage: $0 start|stop|status|kill-taskmanager N" >&2; exit 2 ;;
esac
