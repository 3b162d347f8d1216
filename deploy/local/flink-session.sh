#!/usr/bin/env bash
# A standalone Flink session cluster (one JobManager, one TaskManager) on 127.0.0.1, from the Flink jars on
# Maven Central (flink-dist, the usual tarball, is not published there). See deploy/README.md.
#
#   deploy/local/flink-session.sh start    # assemble the lib folder once, start JM + TM, wait for the REST API
#   deploy/local/flink-session.sh status   # PIDs and the REST overview
#   deploy/local/flink-session.sh stop     # TERM the recorded PIDs (KILL after FLINK_STOP_TIMEOUT seconds)
#
# Settings (environment):
#   FLINK_SESSION_HOME   conf, logs, PIDs, checkpoints   (default: deploy/local/target/flink-session)
#   FLINK_LIB_DIR        the jars                        (default: deploy/local/target/flink-lib)
#   FLINK_REST_PORT      REST API and web UI             (default: 8081)
#   FLINK_RPC_PORT       JobManager RPC                  (default: 6123)
#   FLINK_TM_SLOTS       TaskManager slots               (default: 2)
#   FLINK_JM_MEMORY, FLINK_TM_MEMORY  process sizes      (default: 1024m, 1536m)
#   FLINK_SESSION_OWNER_PID  when set, a watchdog stops the cluster as soon as that process is gone
#                        (tests pass their JVM's PID, so a killed test run leaves no cluster behind)
#   JAVA                 java binary                     (default: java on PATH)
# Blob server, TaskManager RPC and data ports are ephemeral (chosen by the OS). Everything binds to 127.0.0.1.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
home="${FLINK_SESSION_HOME:-$here/target/flink-session}"
lib="${FLINK_LIB_DIR:-$here/target/flink-lib}"
rest_port="${FLINK_REST_PORT:-8081}"
rpc_port="${FLINK_RPC_PORT:-6123}"
slots="${FLINK_TM_SLOTS:-2}"
jm_memory="${FLINK_JM_MEMORY:-1024m}"
tm_memory="${FLINK_TM_MEMORY:-1536m}"
stop_timeout="${FLINK_STOP_TIMEOUT:-30}"
java="${JAVA:-java}"
conf="$home/conf"
logs="$home/log"

# Flink's Java 17 list (Kryo reflects into these packages); the same as the root pom's flink.add.opens.
add_opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.math=ALL-UNNAMED
  --add-opens=java.sql/java.sql=ALL-UNNAMED)

die() { echo "flink-session: $*" >&2; exit 1; }

# The lib folder: every runtime jar of deploy/local/flink-lib/pom.xml. Offline first (a build has usually
# cached them), online when something is missing. Marked complete only after a successful copy.
assemble_lib() {
  [[ -f "$lib/.complete" ]] && return 0
  echo "flink-session: assembling $lib from the Maven repository (once)"
  rm -rf "$lib.tmp"
  local mvn=("$repo/mvnw" -B -q -f "$here/flink-lib/pom.xml" dependency:copy-dependencies
    -DincludeScope=runtime "-DoutputDirectory=$lib.tmp")
  if ! "${mvn[@]}" -o >"$home/lib-assembly.log" 2>&1 && ! "${mvn[@]}" >>"$home/lib-assembly.log" 2>&1; then
    tail -n 30 "$home/lib-assembly.log" >&2
    die "could not assemble the Flink lib folder (log: $home/lib-assembly.log); check that Maven Central is reachable"
  fi
  rm -rf "$lib" && mv "$lib.tmp" "$lib" && touch "$lib/.complete"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_conf() {
  mkdir -p "$conf" "$logs" "$home/tmp" "$home/web-upload" "$home/checkpoints" "$home/changelog"
  cat >"$conf/config.yaml" <<EOF
# Written by deploy/local/flink-session.sh; a restart rewrites it.
jobmanager:
  rpc:
    address: 127.0.0.1
    port: $rpc_port
  bind-host: 127.0.0.1
  memory:
    process:
      size: $jm_memory
taskmanager:
  host: 127.0.0.1
  bind-host: 127.0.0.1
  numberOfTaskSlots: $slots
  rpc:
    port: "0"
  data:
    port: 0
  memory:
    process:
      size: $tm_memory
    managed:
      fraction: 0.1
rest:
  address: 127.0.0.1
  bind-address: 127.0.0.1
  port: $rest_port
blob:
  server:
    port: "0"
parallelism:
  default: 1
io:
  tmp:
    dirs: $home/tmp
web:
  upload:
    dir: $home/web-upload
execution:
  checkpointing:
    dir: file://$home/checkpoints
    incremental: true
  # The changelog cannot write the full snapshot NO_CLAIM wants after a restore: Flink owns what it restores.
  state-recovery:
    claim-mode: CLAIM
# Heap state with Flink's changelog (streaming-recon/README.md, "State backend"): a checkpoint uploads the
# state changes since the last one instead of every key held for recon.late-retention.
state:
  backend:
    type: hashmap
  changelog:
    enabled: true
    storage: filesystem
    periodic-materialize:
      interval: 10min
    dstl:
      dfs:
        base-path: file://$home/changelog
EOF
  cat >"$conf/log4j.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
EOF
}

# BashJavaUtils prints two result lines: the JVM memory flags, then -D dynamic properties for the process.
resource_params() {
  local out
  out="$("$java" -cp "$lib/*" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$conf" 2>&1)" \
    || { echo "$out" >&2; die "BashJavaUtils $1 failed"; }
  grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

spawn() { # name main-class jvm-flags dynamic-properties
  local name="$1" main="$2" jvm="$3" dyn="$4"
  # shellcheck disable=SC2086 # the flags are word lists by design
  setsid "$java" $jvm "${add_opens[@]}" "-Dlog.file=$logs/$name.log" "-Dlog4j.configurationFile=file:$conf/log4j.properties" \
    -cp "$lib/*" "$main" --configDir "$conf" $dyn </dev/null >"$logs/$name.out" 2>&1 &
  echo $! >"$home/$name.pid"
}

# A PID is ours only while its command line still names our conf folder (never kill a recycled PID).
our_pid() {
  local f="$home/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f")"
  [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "--configDir $conf" && echo "$pid"
}

overview() { curl -fsS --max-time 5 "http://127.0.0.1:$rest_port/overview"; }

start() {
  if our_pid jobmanager >/dev/null || our_pid taskmanager >/dev/null; then
    die "already running (FLINK_SESSION_HOME=$home); run '$0 stop' first"
  fi
  for p in "$rest_port" "$rpc_port"; do
    port_in_use "$p" && die "port $p on 127.0.0.1 is taken; set FLINK_REST_PORT / FLINK_RPC_PORT to free ports"
  done
  mkdir -p "$home"
  assemble_lib
  write_conf
  local jm tm
  jm="$(resource_params GET_JM_RESOURCE_PARAMS)"
  spawn jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    "$(head -n 1 <<<"$jm")" "$(tail -n 1 <<<"$jm")"
  tm="$(resource_params GET_TM_RESOURCE_PARAMS)"
  spawn taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    "$(head -n 1 <<<"$tm")" "$(tail -n 1 <<<"$tm")"
  if [[ -n "${FLINK_SESSION_OWNER_PID:-}" ]]; then
    setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 2; done; exec "$2" stop' watchdog \
      "$FLINK_SESSION_OWNER_PID" "$here/flink-session.sh" </dev/null >"$logs/watchdog.out" 2>&1 &
    echo $! >"$home/watchdog.pid"
  fi
  local deadline=$((SECONDS + ${FLINK_START_TIMEOUT:-120}))
  until overview 2>/dev/null | grep -q '"taskmanagers":[1-9]'; do
    if ((SECONDS > deadline)) || ! our_pid jobmanager >/dev/null || ! our_pid taskmanager >/dev/null; then
      tail -n 40 "$logs/jobmanager.log" "$logs/jobmanager.out" "$logs/taskmanager.log" "$logs/taskmanager.out" >&2 || true
      stop_cluster
      die "the cluster did not come up (logs in $logs)"
    fi
    sleep 1
  done
  echo "flink-session: running, REST and web UI at http://127.0.0.1:$rest_port (home $home)"
}

stop_cluster() {
  local pids=() pid
  for name in taskmanager jobmanager; do
    if pid="$(our_pid "$name")"; then pids+=("$pid"); kill -TERM "$pid" 2>/dev/null || true; fi
  done
  local deadline=$((SECONDS + stop_timeout))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do
      if ((SECONDS > deadline)); then kill -KILL "$pid" 2>/dev/null || true; break; fi
      sleep 0.5
    done
  done
  rm -f "$home/jobmanager.pid" "$home/taskmanager.pid"
  if [[ -f "$home/watchdog.pid" ]]; then
    pid="$(cat "$home/watchdog.pid")"
    # Only the watchdog itself; when it is the one calling stop it has already left its loop.
    if [[ "$pid" != "$$" && -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q watchdog; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
    rm -f "$home/watchdog.pid"
  fi
  echo "flink-session: stopped (${#pids[@]} process(es))"
}

status() {
  local running=0 pid
  for name in jobmanager taskmanager; do
    if pid="$(our_pid "$name")"; then echo "$name: running, PID $pid"; running=$((running + 1)); else echo "$name: not running"; fi
  done
  ((running > 0)) && { overview && echo || echo "REST API on port $rest_port not answering"; }
  ((running == 2))
}

case "${1:-}" in
  start) start ;;
  stop) stop_cluster ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status   (settings: see the top of this file)" >&2; exit 2 ;;
esac
