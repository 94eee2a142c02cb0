#!/usr/bin/env bash
# Runs Capstan end to end on the embedded local cluster:
#   1. builds the operators (./mvnw package, tests skipped: ./run-tests.sh runs them),
#   2. starts the local control plane (src-test-e2e/cluster/local-cluster.sh up),
#   3. installs the Helm chart (helm/capstan) in development mode: CRDs, ServiceAccounts and least-privilege RBAC,
#   4. starts the operators as local processes, authenticated as the chart's ServiceAccounts,
#   5. applies examples/ and waits until every Application, TrafficRule and NamespacePosture is Ready,
#   6. prints `kubectl get` of what the operators made.
# Everything stays up afterwards; `./run-local.sh down` stops the operators and the cluster.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cluster="$root/src-test-e2e/cluster/local-cluster.sh"
cache_root=${CAPSTAN_CACHE:-$HOME/.cache/capstan}
operators_dir="$cache_root/operators"
# The controllers the examples exercise. The storage controller needs a CSI driver and the security controller's
# webhooks an endpoint the apiserver can call; their own READMEs show how to run them.
operators=(workload-controllers network-policy-controller)

say() { printf '\n==> %s\n' "$*"; }

stop_operators() {
  local pid_file
  for pid_file in "$operators_dir"/*.pid; do
    [ -f "$pid_file" ] || continue
    kill "$(cat "$pid_file")" 2> /dev/null || true
    rm -f "$pid_file"
  done
}

if [ "${1:-}" = "down" ]; then
  stop_operators
  rm -f "$operators_dir"/*.kubeconfig
  "$cluster" down
  exit 0
fi

"$root/scripts/prerequisites.sh"

say "Building the operators"
(cd "$root" && ./mvnw -B -q -DskipTests -pl "$(IFS=,; echo "${operators[*]}")" -am package)

say "Starting the local control plane (the first run builds the upstream binaries from Go modules)"
kubeconfig=$("$cluster" up | tail -n 1)
kubectl() { "$("$cluster" bin kubectl)" --kubeconfig "$kubeconfig" "$@"; }

say "Installing the Helm chart in development mode (controllers run out of cluster)"
helm() { "$("$cluster" bin helm)" --kubeconfig "$kubeconfig" "$@"; }
helm upgrade --install capstan "$root/helm/capstan" -n capstan-system --create-namespace \
  --set devMode.enabled=true --wait --timeout 2m
# Helm installs CRDs only once; keep them current with the committed files on every run.
kubectl apply --server-side --force-conflicts --field-manager=capstan-crds -f "$root/helm/capstan/crds/" > /dev/null
kubectl wait --for=condition=Established crd -l app.kubernetes.io/part-of=capstan --timeout=60s > /dev/null

say "Starting the operators as the chart's ServiceAccounts"
stop_operators
mkdir -p "$operators_dir"
for op in "${operators[@]}"; do
  # Each operator gets a kubeconfig with its ServiceAccount's token: it runs with exactly the chart's RBAC.
  token=$(kubectl create token "capstan-$op" -n capstan-system --duration=24h)
  cat > "$operators_dir/$op.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: capstan-local
  cluster:
    server: $(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')
    certificate-authority: $(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.certificate-authority}')
users:
- name: $op
  user:
    token: $token
contexts:
- name: capstan-local
  context: {cluster: capstan-local, user: $op}
current-context: capstan-local
KUBECONFIG
  env=()
  # The network controller's NetworkPolicy lint webhook, where the chart's development-mode configuration calls it.
  [ "$op" = network-policy-controller ] &&
    env=(CAPSTAN_NETWORK_WEBHOOK_PORT=8444 CAPSTAN_NETWORK_WEBHOOK_URL=https://127.0.0.1:8444)
  env "${env[@]}" KUBECONFIG="$operators_dir/$op.kubeconfig" nohup java -jar "$root/$op/target/quarkus-app/quarkus-run.jar" \
    > "$operators_dir/$op.log" 2>&1 < /dev/null &
  echo $! > "$operators_dir/$op.pid"
  echo "$op: pid $!, log $operators_dir/$op.log"
done

say "Applying the examples"
kubectl apply -f "$root/examples/workloads/namespace.yaml"
kubectl apply -R -f "$root/examples/"
if ! kubectl wait --for=condition=Ready applications.workloads.capstan.dev --all -n capstan-examples \
  --timeout=180s ||
  ! kubectl wait --for=condition=Ready trafficrules.network.capstan.dev --all -n capstan-examples --timeout=60s ||
  ! kubectl wait --for=condition=Ready namespacepostures.network.capstan.dev/capstan-examples-baseline --timeout=60s
then
  echo "The examples did not become Ready; operator logs are in $operators_dir" >&2
  tail -n 40 "$operators_dir"/*.log >&2
  exit 1
fi

say "What the operators made"
kubectl get applications.workloads.capstan.dev,deployments,statefulsets,daemonsets,jobs,cronjobs,pods,services,configmaps -n capstan-examples -o wide
kubectl get namespacepostures.network.capstan.dev
kubectl get trafficrules.network.capstan.dev,connectivitychecks.network.capstan.dev,networkpolicies -n capstan-examples

cat <<DONE

Capstan is running on the local cluster.
  kubeconfig:     $kubeconfig   (export KUBECONFIG=$kubeconfig)
  kubectl:        $("$cluster" bin kubectl)
  operator logs:  $operators_dir
  cluster logs:   $("$cluster" logs)
  stop it all:    ./run-local.sh down
DONE
