#!/usr/bin/env bash
# A real standalone Spark cluster on 127.0.0.1, started from the jars the build fetched (a master and two
# workers of one core each), running `actionrec spark run` by spark-submit on JHMDB. Prints:
#   - the accuracy, beside `actionrec run`'s for the same settings (they must be equal);
#   - the extraction wall time with 1 worker and with 2 (the scaling ratio), and its ratio to the
#     single-machine `actionrec extract` on the same 2 cores;
#   - whether a job whose executor is killed with kill -9 mid-job still completes with no clip missing or
#     duplicated in the Parquet (`actionrec spark check`).
# Settings: the cheapest that still mean something, rgb stream only, 5 keyframes, split 1.
# It ends only the processes it started (by PID: master, workers and the executors they launched), and stops
# itself after --max-seconds whatever happens.
#
#   bench/spark-cluster.sh [--quick] [--work DIR] [--data DIR] [--backbone FILE] [--port N] [--max-seconds N]
#
# --quick runs everything on 36 clips of 3 classes (a smoke test of a few minutes); without it, all 928 clips.
# Run it alone on the machine: timings from a shared machine mean little.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$HERE/../shared/data/jhmdb"
BACKBONE="$HERE/../shared/models/mobilenet_v2/mobilenet_v2_features.onnx"
WORK="$HERE/out/spark-cluster"
PORT=17077
MAX_SECONDS=5400
QUICK=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --work) WORK="$2"; shift ;;
    --data) DATA="$2"; shift ;;
    --backbone) BACKBONE="$2"; shift ;;
    --port) PORT="$2"; shift ;;
    --max-seconds) MAX_SECONDS="$2"; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "spark-cluster: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
DATA="$(cd "$DATA" && pwd)"
BACKBONE="$(cd "$(dirname "$BACKBONE")" && pwd)/$(basename "$BACKBONE")"
rm -rf "$WORK"
mkdir -p "$WORK/logs"
LOGS="$WORK/logs"
SETTINGS=(--streams rgb -k 5 --splits 1)
CLIPS_PER_TASK=16
DATA_ARGS=(--data "$DATA")
if [ "$QUICK" = 1 ]; then
  # 12 clips of each of 3 classes, on split 1's sides, as a manifest read with the dataset as video root.
  { echo "path,label,group,split"
    for c in golf pour climb_stairs; do
      awk -v c="$c" 'NR <= 12 { gsub("\r", ""); s = ($2 == "1") ? "train" : ($2 == "2") ? "test" : "unused";
        print c "/" $1 "," c ",," s }' "$DATA/splits/${c}_test_split1.txt"
    done; } > "$WORK/quick.csv"
  DATA_ARGS=(--data "$WORK/quick.csv" --video-root "$DATA")
  CLIPS_PER_TASK=2
fi

# --- the processes this script starts, and how it stops them -------------------------------------------
STARTED=()   # master and worker PIDs
JOBS=()      # the spark-submit or actionrec PID running now (emptied once it is waited for: no stale PID is killed)
now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
cleanup() {
  local pids=() p c
  for p in "${JOBS[@]}" "${STARTED[@]}"; do
    [ -n "$p" ] || continue
    # The executors a worker launched are its children: ours too.
    for c in $(pgrep -P "$p" 2>/dev/null || true); do pids+=("$c"); done
    pids+=("$p")
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 20); do
    local alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
  STARTED=(); JOBS=()
}
on_exit() {
  local rc=$?
  cleanup
  [ -n "${WATCHDOG:-}" ] && kill "$WATCHDOG" 2>/dev/null || true
  exit "$rc"
}
trap on_exit EXIT
trap 'echo "spark-cluster: interrupted" >&2; exit 130' INT TERM
( sleep "$MAX_SECONDS"; echo "spark-cluster: over $MAX_SECONDS s, stopping" >&2; kill -TERM $$ ) 2>/dev/null &
WATCHDOG=$!

# --- build, and a Spark home made of the fetched jars ---------------------------------------------------
JOBJAR="$HERE/actionrec-spark/target/actionrec-spark-job.jar"
if [ ! -f "$JOBJAR" ] || [ ! -d "$HERE/actionrec-spark/target/spark-jars" ] || [ ! -f "$HERE/actionrec-cli/target/actionrec-cli.jar" ]; then
  echo "spark-cluster: building (mvn package, log in $LOGS/build.log)" >&2
  (cd "$HERE" && mvn -B -Dstyle.color=never -DskipTests package) > "$LOGS/build.log" 2>&1
fi
export SPARK_HOME="$WORK/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
mkdir -p "$SPARK_HOME/conf"
ln -s "$HERE/actionrec-spark/target/spark-jars" "$SPARK_HOME/jars"
# The job's logging (Spark's warnings, actionrec's progress), and the master's and workers' own INFO lines:
# registration, executors launched and lost, which this script reads.
{ cat "$HERE/actionrec-spark/src/main/resources/log4j2.properties"
  printf 'logger.deploy.name = org.apache.spark.deploy\nlogger.deploy.level = info\n'
  printf 'logger.scheduler.name = org.apache.spark.scheduler\nlogger.scheduler.level = info\n'; } \
  > "$SPARK_HOME/conf/log4j2.properties"
CACHE="${ACTIONREC_CACHE:-$HERE/.cache}"
export DJL_CACHE_DIR="$CACHE/djl" OPT_OUT_TRACKING=true LC_ALL=C.UTF-8
ENGINE_FLAGS="-Dai.djl.offline=true -Dai.djl.onnx.disable_alternative=true -Dorg.bytedeco.javacpp.cachedir=$CACHE/javacpp"
OPENS="@$HERE/actionrec-spark/spark-java17.args"
SPARK_CP="$SPARK_HOME/conf:$SPARK_HOME/jars/*"
MASTER="spark://127.0.0.1:$PORT"

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every half second
  local limit="$1" what="$2"; shift 2
  for _ in $(seq 1 $((limit * 2))); do
    if "$@"; then return 0; fi
    sleep 0.5
  done
  echo "spark-cluster: $what did not happen within $limit s" >&2
  return 1
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
registered() { grep -qs "Successfully registered with master" "$1"; }

start_master() {
  java $OPENS -Xmx512m -cp "$SPARK_CP" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" \
    --webui-port $((PORT + 1)) > "$LOGS/master.log" 2>&1 &
  STARTED+=($!)
  wait_for 60 "the master listening on $PORT" port_open "$PORT"
}
start_worker() { # start_worker N: one core; sets WORKER_PID_N
  java $OPENS -Xmx512m -cp "$SPARK_CP" org.apache.spark.deploy.worker.Worker "$MASTER" --host 127.0.0.1 \
    --cores 1 --memory 4g --port $((PORT + 10 + $1)) --webui-port $((PORT + 20 + $1)) \
    --work-dir "$WORK/worker$1" > "$LOGS/worker$1.log" 2>&1 &
  STARTED+=($!)
  eval "WORKER_PID_$1=$!"
  wait_for 60 "worker $1 registering" registered "$LOGS/worker$1.log"
}
submit() { # submit NAME: spark-submit of `actionrec spark run` in the background; sets SUBMIT_PID
  java $OPENS -Xmx3g $ENGINE_FLAGS -cp "$SPARK_CP" org.apache.spark.deploy.SparkSubmit --master "$MASTER" \
    --deploy-mode client --class org.actionrec.spark.cli.SparkMain \
    --conf spark.executor.cores=1 --conf spark.executor.memory=2g --conf spark.executor.memoryOverhead=1g \
    --conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false --conf spark.task.maxFailures=4 \
    --conf "spark.executor.extraJavaOptions=$ENGINE_FLAGS" \
    "$JOBJAR" spark run "${DATA_ARGS[@]}" -b "$BACKBONE" "${SETTINGS[@]}" --clips-per-task "$CLIPS_PER_TASK" \
    --out "$WORK/$1" --parquet "$WORK/$1/descriptors" > "$LOGS/$1.log" 2>&1 &
  SUBMIT_PID=$!
  JOBS=("$SUBMIT_PID")
}
finish() { # finish NAME: waits for the submit, fails with its log's tail where it failed
  local rc=0
  wait "$SUBMIT_PID" || rc=$?
  JOBS=()
  if [ "$rc" != 0 ]; then
    tail -n 30 "$LOGS/$1.log" >&2
    echo "spark-cluster: $1 failed; log in $LOGS/$1.log" >&2
    exit 1
  fi
}
# From a job's printed lines: the extraction time, and the top-1 of the last stream row (fused where several).
extraction_seconds() { sed -n 's/.* in \([0-9.]*\) s; .*/\1/p' "$1" | head -n 1; }
top1() { awk '/^top-1 %/ { t = 1; next } /^failures/ { t = 0 } t { last = $2 } END { print last }' "$1"; }

# --- single machine first, alone on the cores ---------------------------------------------------------
# The launcher builds where sources changed since the last build: let it do so now, outside the timings.
"$HERE/actionrec" --version > "$LOGS/launcher-build.log" 2>&1
echo "spark-cluster: single machine: actionrec extract, then run (same settings)" >&2
t0=$(now)
"$HERE/actionrec" extract "${DATA_ARGS[@]}" -b "$BACKBONE" --streams rgb -k 5 --store "$WORK/single/features" \
  > "$LOGS/single-extract.log" 2>&1 &
JOBS=($!); wait $!; JOBS=()
SINGLE_WALL=$(seconds_since "$t0")
# Its own extraction time (images / end-to-end rate), comparable with the Spark job's, which leaves JVM start out.
SINGLE_EXTRACT=$(sed -n 's/^extracted \([0-9]*\) clips.*; \([0-9.]*\) frames\/s end to end.*/\1 \2/p' "$LOGS/single-extract.log" \
  | awk '{ printf "%.1f", $1 * 5 / $2 }')
"$HERE/actionrec" run "${DATA_ARGS[@]}" -b "$BACKBONE" "${SETTINGS[@]}" --store "$WORK/single/features" \
  --out "$WORK/single" > "$LOGS/single-run.log" 2>&1 &
JOBS=($!); wait $!; JOBS=()
SINGLE_TOP1=$(top1 "$LOGS/single-run.log")

# --- one worker, then two ----------------------------------------------------------------------------
echo "spark-cluster: cluster with 1 worker" >&2
start_master
start_worker 1
t0=$(now); submit one-worker; finish one-worker; ONE_WALL=$(seconds_since "$t0")
ONE_EXTRACT=$(extraction_seconds "$LOGS/one-worker.log"); ONE_TOP1=$(top1 "$LOGS/one-worker.log")

echo "spark-cluster: cluster with 2 workers" >&2
start_worker 2
t0=$(now); submit two-workers; finish two-workers; TWO_WALL=$(seconds_since "$t0")
TWO_EXTRACT=$(extraction_seconds "$LOGS/two-workers.log"); TWO_TOP1=$(top1 "$LOGS/two-workers.log")

# --- kill -9 an executor mid-job -----------------------------------------------------------------------
echo "spark-cluster: 2 workers, kill -9 of worker 1's executor once tasks have committed" >&2
submit killed
KILLED_PARQUET="$WORK/killed/descriptors"
committed() { [ "$(find "$KILLED_PARQUET/_temporary" -maxdepth 2 -name 'task_*' 2>/dev/null | wc -l)" -ge 1 ]; }
executor_of_worker1() { EXECUTOR_PID=$(pgrep -P "$WORKER_PID_1" | head -n 1); [ -n "$EXECUTOR_PID" ]; }
wait_for 1800 "a committed task of the job" committed
wait_for 60 "worker 1's executor" executor_of_worker1
COMMITTED_AT_KILL=$(find "$KILLED_PARQUET/_temporary" -maxdepth 2 -name 'task_*' | wc -l)
kill -KILL "$EXECUTOR_PID"
echo "spark-cluster: killed executor $EXECUTOR_PID of worker 1 with $COMMITTED_AT_KILL tasks committed" >&2
finish killed
KILLED_TOP1=$(top1 "$LOGS/killed.log")
cleanup   # the cluster is no longer needed; the check runs in local mode
CHECK_RC=0
java $OPENS -Xmx2g $ENGINE_FLAGS -cp "$JOBJAR:$SPARK_CP" org.actionrec.spark.cli.SparkMain spark check "${DATA_ARGS[@]}" \
  --parquet "$KILLED_PARQUET" > "$LOGS/check.log" 2>&1 &
JOBS=($!); wait $! || CHECK_RC=$?; JOBS=()

# --- figures ------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
same() { [ "$1" = "$2" ] && echo equal || echo DIFFERENT; }
{
  echo "actionrec on a standalone Spark cluster (127.0.0.1, workers of 1 core): $( [ "$QUICK" = 1 ] && echo "quick subset, 36 clips" || echo "JHMDB, all clips"), rgb, 5 keyframes, split 1"
  echo "top-1 %: actionrec run $SINGLE_TOP1; spark 1 worker $ONE_TOP1 ($(same "$SINGLE_TOP1" "$ONE_TOP1")); 2 workers $TWO_TOP1 ($(same "$SINGLE_TOP1" "$TWO_TOP1")); with the killed executor $KILLED_TOP1 ($(same "$SINGLE_TOP1" "$KILLED_TOP1"))"
  echo "extraction wall time: 1 worker $ONE_EXTRACT s, 2 workers $TWO_EXTRACT s: scaling $(ratio "$ONE_EXTRACT" "$TWO_EXTRACT")x (2 ideal)"
  echo "whole job (submit to exit): 1 worker $ONE_WALL s, 2 workers $TWO_WALL s"
  echo "single-machine actionrec extract (2 cores, same settings): $SINGLE_EXTRACT s ($SINGLE_WALL s with the JVM start); spark 2 workers / single machine: $(ratio "$TWO_EXTRACT" "$SINGLE_EXTRACT")"
  echo "kill -9 of executor $EXECUTOR_PID (worker 1) after $COMMITTED_AT_KILL committed tasks: the job completed; Parquet check:"
  grep '^settings' "$LOGS/check.log" | sed 's/^/  /'
  echo "logs: $LOGS"
} | tee "$WORK/summary.txt"
if [ "$CHECK_RC" != 0 ] || [ "$SINGLE_TOP1" != "$ONE_TOP1" ] || [ "$SINGLE_TOP1" != "$TWO_TOP1" ] || [ "$SINGLE_TOP1" != "$KILLED_TOP1" ]; then
  echo "spark-cluster: FAILED (accuracy differs or the Parquet is incomplete)" >&2
  exit 1
fi
