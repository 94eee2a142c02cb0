#!/usr/bin/env bash
# Prints claims bound per second and resident memory of Capstan's storage controller (the Quarkus app with a
# StorageBackend: provisioner and attacher in one JVM) against the upstream csi-provisioner + csi-attacher, on the
# same test CSI driver and the same apiserver, in one run. Usage: src-test-e2e/bench/storage-benchmark.sh [N ...]
# (default: 100 500). It starts its own local cluster (ports 9443…) whose controller-manager has its client limit
# raised, so KCM's PV binding (about 6 writes per claim at a default 20 QPS) is not what is measured.
#
# Env: BENCH_WARMUP (claims of an untimed first round after start-up, default 100, 0 for none),
# BENCH_SKIP_BUILD=1 (reuse the last build), BENCH_JVM_OPTS (default: the chart's controllers.storage.jvmOptions), BENCH_KUBE_API_QPS/BURST (the Go
# sidecars' client limits, default 1000/2000: effectively unthrottled, as Capstan's client is).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
module=storage-csi-controller
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(100 500)

export CAPSTAN_CLUSTER_DIR=${CAPSTAN_CLUSTER_DIR:-$HOME/.cache/capstan/cluster-storage-bench}
export CAPSTAN_APISERVER_PORT=${CAPSTAN_APISERVER_PORT:-9443} CAPSTAN_ETCD_PORT=${CAPSTAN_ETCD_PORT:-9379}
export CAPSTAN_KCM_PORT=${CAPSTAN_KCM_PORT:-19257} CAPSTAN_SCHEDULER_PORT=${CAPSTAN_SCHEDULER_PORT:-19259}
export CAPSTAN_NODES=${CAPSTAN_NODES:-2} CAPSTAN_KCM_API_QPS=${CAPSTAN_KCM_API_QPS:-1000}
export CAPSTAN_KCM_API_BURST=${CAPSTAN_KCM_API_BURST:-2000}
default_jvm=$(awk -F'"' '/^  storage:/ {s = 1} s && /jvmOptions:/ {print $2; exit}' helm/capstan/values.yaml)
export BENCH_JVM_OPTS=${BENCH_JVM_OPTS-$default_jvm}

cluster=src-test-e2e/cluster/local-cluster.sh
provisioner=$("$cluster" bin csi-provisioner)
attacher=$("$cluster" bin csi-attacher)
[[ -n ${BENCH_SKIP_BUILD:-} ]] || ./mvnw -B -q -DskipTests -pl crds,operator-core,src-test-e2e/cluster-support,"$module" package \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
kubeconfig=$("$cluster" up | tail -1)
trap '"$cluster" down >/dev/null' EXIT
echo "controller JVM options: ${BENCH_JVM_OPTS:-<none>}; load: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")" \
  dev.capstan.storage.bench.StorageProvisioningBenchmark "$kubeconfig" \
  "$module/target/quarkus-app/quarkus-run.jar" "$provisioner" "$attacher" "${sizes[@]}"
