#!/usr/bin/env bash
# Prints the workload controller's throughput on the local control plane against the fabric8 direct-apply ceiling
# measured in the same run. Usage: src-test-e2e/bench/application-benchmark.sh [N ...]   (default: 100 1000)
# It starts its own local cluster (ports 9543…), so it can run next to the tests' cluster.
# Env: BENCH_JVM_OPTS (default: the chart's controllers.workloads.jvmOptions; e.g. add
# -XX:StartFlightRecording=filename=/tmp/jfr/ to profile the controller), BENCH_WARMUP (Applications of the untimed
# first round that the ceiling and the controller each run before the timed one, default 100, 0 for none).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
export CAPSTAN_CLUSTER_DIR=${CAPSTAN_CLUSTER_DIR:-$HOME/.cache/capstan/cluster-application-bench}
export CAPSTAN_APISERVER_PORT=${CAPSTAN_APISERVER_PORT:-9543} CAPSTAN_ETCD_PORT=${CAPSTAN_ETCD_PORT:-9479}
export CAPSTAN_KCM_PORT=${CAPSTAN_KCM_PORT:-19357} CAPSTAN_SCHEDULER_PORT=${CAPSTAN_SCHEDULER_PORT:-19359}
# A fake node holds 110 pods; every Application runs one, so N = 1000 needs at least ten nodes to become Ready.
export CAPSTAN_NODES=${CAPSTAN_NODES:-12}
default_jvm=$(awk -F'"' '/^  workloads:/ {s = 1} s && /jvmOptions:/ {print $2; exit}' helm/capstan/values.yaml)
export BENCH_JVM_OPTS=${BENCH_JVM_OPTS-$default_jvm}
echo "controller JVM options: ${BENCH_JVM_OPTS:-<none>}; load: $(cut -d' ' -f1-3 /proc/loadavg)"
e2e=src-test-e2e/e2e
./mvnw -B -q -DskipTests -pl "$e2e" -am package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "$e2e/target/test-classes:$(cat "$e2e/target/bench.classpath")" \
  -Dcapstan.project.root="$root" dev.capstan.e2e.bench.ApplicationBenchmark "$@"
