#!/usr/bin/env bash
# Capstan's embedded local Kubernetes control plane: real upstream etcd, kube-apiserver, kube-controller-manager
# and kube-scheduler on loopback, with kwok simulating the kubelets of N fake nodes. No containers, no downloads at
# run time: the binaries are built from Go modules by upstream-bin.sh and cached.
#
#   local-cluster.sh up        start (or reuse a healthy running) cluster; last line of output: the kubeconfig path
#   local-cluster.sh down      stop every process of the cluster and wait for them to exit
#   local-cluster.sh status    print what runs; exit 0 only when the apiserver answers /readyz
#   local-cluster.sh bin NAME  print the path of a cached upstream binary, building it on first use
#   local-cluster.sh logs      print the directory that holds each component's log
#
# Settings (environment): CAPSTAN_CACHE (binaries, default ~/.cache/capstan), CAPSTAN_CLUSTER_DIR (state, logs and
# kubeconfig, default $CAPSTAN_CACHE/cluster), CAPSTAN_NODES (fake nodes, default 3), CAPSTAN_APISERVER_PORT (6443),
# CAPSTAN_ETCD_PORT (2379; the peer port is the next one), CAPSTAN_KCM_API_QPS / CAPSTAN_KCM_API_BURST (the
# controller-manager's client rate limit, upstream defaults 20/30; benchmarks raise it so KCM's PV binding is not
# what they measure).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache_root=${CAPSTAN_CACHE:-$HOME/.cache/capstan}
dir=${CAPSTAN_CLUSTER_DIR:-$cache_root/cluster}
nodes=${CAPSTAN_NODES:-3}
api_port=${CAPSTAN_APISERVER_PORT:-6443}
etcd_port=${CAPSTAN_ETCD_PORT:-2379}
etcd_peer_port=$((etcd_port + 1))
kcm_port=${CAPSTAN_KCM_PORT:-10257}
scheduler_port=${CAPSTAN_SCHEDULER_PORT:-10259}
# /16: benchmarks create a Service per Application (N=1000, plus the ceiling run), which a /24 runs out of.
service_cidr=10.0.0.0/16
pod_cidr=10.244.0.0/16
components=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

pki=$dir/pki
logs=$dir/logs
run=$dir/run
kubeconfig=$dir/kubeconfig

say() { printf '[local-cluster] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
bin() { "$here/upstream-bin.sh" "$1"; }

# --- PKI: one CA signs the apiserver's serving certificate and a client certificate per component. --------------
sign() { # name subject [sans]
  local name=$1 subject=$2 sans=${3:-}
  openssl genrsa -out "$pki/$name.key" 2048 2>/dev/null
  openssl req -new -key "$pki/$name.key" -subj "$subject" -out "$pki/$name.csr" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [ -n "$sans" ]; then
      echo "extendedKeyUsage=serverAuth"
      echo "subjectAltName=$sans"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } > "$pki/$name.ext"
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 3650 -sha256 -extfile "$pki/$name.ext" -out "$pki/$name.crt" 2>/dev/null
  rm -f "$pki/$name.csr" "$pki/$name.ext"
}

make_pki() {
  [ -f "$pki/ca.crt" ] && return 0
  say "creating certificates in $pki"
  mkdir -p "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$pki/ca.key" -out "$pki/ca.crt" -days 3650 \
    -subj "/CN=capstan-local-ca" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  sign apiserver "/CN=kube-apiserver" \
    "IP:127.0.0.1,IP:10.0.0.1,IP:$(advertise_address),DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  sign admin "/O=system:masters/CN=capstan-admin"
  sign kube-controller-manager "/CN=system:kube-controller-manager"
  sign kube-scheduler "/CN=system:kube-scheduler"
  sign kwok "/O=system:masters/CN=kwok"
  openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
}

write_kubeconfig() { # file client-cert-name
  cat > "$1" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: capstan-local
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority: $pki/ca.crt
users:
- name: $2
  user:
    client-certificate: $pki/$2.crt
    client-key: $pki/$2.key
contexts:
- name: capstan-local
  context:
    cluster: capstan-local
    user: $2
current-context: capstan-local
KUBECONFIG
}

# kube-apiserver refuses a loopback advertise address; this host's own address is only advertised, never dialled.
advertise_address() {
  local ip
  ip=$(hostname -I 2>/dev/null | awk '{print $1}')
  echo "${ip:-192.0.2.2}"
}

# --- processes ----------------------------------------------------------------------------------------------------
start() { # name binary args...
  local name=$1 binary=$2
  shift 2
  mkdir -p "$logs" "$run"
  # setsid: each component leads its own process group, so `down` can stop it and anything it spawned.
  setsid "$binary" "$@" > "$logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$run/$name.pid"
}

# A pid file survives a reboot or a killed session; only trust it while the pid still runs the same binary.
alive() {
  local f="$run/$1.pid" pid
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "/$1 "
}

wait_for() { # description timeout-seconds command...
  local what=$1 timeout=$2 start=$SECONDS
  shift 2
  until "$@" > /dev/null 2>&1; do
    if (( SECONDS - start > timeout )); then
      die "timed out after ${timeout}s waiting for $what (logs: $logs)"
    fi
    for c in "${components[@]}"; do
      if [ -f "$run/$c.pid" ] && ! alive "$c"; then
        tail -n 30 "$logs/$c.log" >&2 || true
        die "$c exited while waiting for $what (log: $logs/$c.log)"
      fi
    done
    sleep 0.2
  done
}

api_ready() {
  curl -sf --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" \
    "https://127.0.0.1:$api_port/readyz" | grep -q '^ok$'
}

kubectl() { "$(bin kubectl)" --kubeconfig "$kubeconfig" "$@"; }

fake_nodes_yaml() {
  local zones=(zone-a zone-b zone-c) i name
  for ((i = 0; i < nodes; i++)); do
    name=kwok-node-$i
    cat <<NODE
---
apiVersion: v1
kind: Node
metadata:
  name: $name
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
    volumes.kubernetes.io/controller-managed-attach-detach: "true"
  labels:
    type: kwok
    kubernetes.io/hostname: $name
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    node-role.kubernetes.io/worker: ""
    topology.kubernetes.io/zone: ${zones[$((i % 3))]}
    topology.kubernetes.io/region: local
    topology.hostpath.csi/node: $name
spec: {}
status:
  capacity: {cpu: "32", memory: 256Gi, pods: "110", ephemeral-storage: 1Ti}
  allocatable: {cpu: "32", memory: 256Gi, pods: "110", ephemeral-storage: 1Ti}
  nodeInfo: {architecture: amd64, operatingSystem: linux, kubeletVersion: fake, kubeProxyVersion: fake}
NODE
  done
}

# kwok's own stage definitions, read from the pinned kwok module (not copied into this repository): nodes become
# Ready and keep a heartbeat lease; pods become Running/Ready, Job pods complete, deleted pods go away. Volume stages
# are deliberately not loaded: binding and attaching are left to kube-controller-manager and the CSI controllers.
kwok_stages() {
  local module stages=() f
  module=$(cd "$here/../tools/kwok" && GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
  for f in node/fast/node-initialize node/heartbeat-with-lease/node-heartbeat-with-lease \
    pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
    stages+=("$module/kustomize/stage/$f.yaml")
  done
  # Capstan's chaos stages: only pods of their test images crash-loop or never become Ready.
  stages+=("$here/stages/pod-crash-loop.yaml" "$here/stages/pod-never-ready.yaml")
  local IFS=,
  echo "${stages[*]}"
}

all_nodes_ready() {
  local ready
  ready=$(kubectl get nodes -l type=kwok \
    -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^True$')
  [ "$ready" -eq "$nodes" ]
}

cmd_up() {
  if cmd_status > /dev/null 2>&1; then
    say "reusing the running cluster"
    echo "$kubeconfig"
    return 0
  fi
  cmd_down > /dev/null 2>&1 || true
  local started=$SECONDS
  # Build (or find) every binary first so that build time is not mistaken for start-up time.
  local b
  for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok; do bin "$b" > /dev/null; done
  say "starting etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok ($nodes nodes) in $dir"
  make_pki
  write_kubeconfig "$kubeconfig" admin
  write_kubeconfig "$dir/kube-controller-manager.kubeconfig" kube-controller-manager
  write_kubeconfig "$dir/kube-scheduler.kubeconfig" kube-scheduler
  write_kubeconfig "$dir/kwok.kubeconfig" kwok
  # A fresh etcd every time: each `up` gives a clean cluster.
  rm -rf "$dir/etcd" "$logs"
  mkdir -p "$dir/etcd" "$logs"

  start etcd "$(bin etcd)" --name=capstan --data-dir="$dir/etcd" \
    --listen-client-urls="http://127.0.0.1:$etcd_port" --advertise-client-urls="http://127.0.0.1:$etcd_port" \
    --listen-peer-urls="http://127.0.0.1:$etcd_peer_port" \
    --initial-advertise-peer-urls="http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster="capstan=http://127.0.0.1:$etcd_peer_port" \
    --unsafe-no-fsync --auto-compaction-retention=1 --quota-backend-bytes=4294967296 --log-level=warn
  wait_for "etcd" 30 curl -sf "http://127.0.0.1:$etcd_port/health"

  start kube-apiserver "$(bin kube-apiserver)" \
    --etcd-servers="http://127.0.0.1:$etcd_port" \
    --bind-address=127.0.0.1 --secure-port="$api_port" --advertise-address="$(advertise_address)" \
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.crt" \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --service-cluster-ip-range="$service_cidr" --allow-privileged=true \
    --kubelet-certificate-authority="$pki/ca.crt" \
    --profiling=false --v=1
  wait_for "kube-apiserver /readyz" 90 api_ready

  start kube-controller-manager "$(bin kube-controller-manager)" \
    --kubeconfig="$dir/kube-controller-manager.kubeconfig" \
    --authentication-kubeconfig="$dir/kube-controller-manager.kubeconfig" \
    --authorization-kubeconfig="$dir/kube-controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$kcm_port" --leader-elect=false --controllers='*' \
    --use-service-account-credentials=true --service-account-private-key-file="$pki/sa.key" \
    --root-ca-file="$pki/ca.crt" --cluster-signing-cert-file="$pki/ca.crt" \
    --cluster-signing-key-file="$pki/ca.key" --service-cluster-ip-range="$service_cidr" \
    --cluster-cidr="$pod_cidr" --allocate-node-cidrs=false --node-monitor-period=5s \
    --kube-api-qps="${CAPSTAN_KCM_API_QPS:-20}" --kube-api-burst="${CAPSTAN_KCM_API_BURST:-30}" \
    --profiling=false --v=1
  start kube-scheduler "$(bin kube-scheduler)" \
    --kubeconfig="$dir/kube-scheduler.kubeconfig" \
    --authentication-kubeconfig="$dir/kube-scheduler.kubeconfig" \
    --authorization-kubeconfig="$dir/kube-scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$scheduler_port" --leader-elect=false --profiling=false --v=1
  start kwok "$(bin kwok)" --kubeconfig="$dir/kwok.kubeconfig" --config="$(kwok_stages)" \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-lease-duration-seconds=40 --cidr="$pod_cidr" --node-ip=10.255.0.1

  fake_nodes_yaml | kubectl apply -f - > /dev/null
  wait_for "$nodes fake nodes to be Ready" 60 all_nodes_ready
  # Pods need the namespace's default ServiceAccount, which kube-controller-manager creates.
  wait_for "the default ServiceAccount" 60 kubectl get serviceaccount default -n default
  say "cluster ready in $((SECONDS - started)) s; logs in $logs"
  echo "$kubeconfig"
}

cmd_down() {
  local c pid stopped=0 waited
  for c in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
    alive "$c" || { rm -f "$run/$c.pid"; continue; }
    pid=$(cat "$run/$c.pid")
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    stopped=$((stopped + 1))
  done
  for c in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
    [ -f "$run/$c.pid" ] || continue
    pid=$(cat "$run/$c.pid")
    waited=0
    while alive "$c"; do
      if (( waited == 100 )); then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
      sleep 0.1
      waited=$((waited + 1))
    done
    rm -f "$run/$c.pid"
  done
  say "stopped $stopped component(s)"
}

cmd_status() {
  local c ok=0
  for c in "${components[@]}"; do
    if alive "$c"; then echo "$c running (pid $(cat "$run/$c.pid"))"; else echo "$c stopped"; ok=1; fi
  done
  if [ $ok -eq 0 ] && [ -f "$pki/ca.crt" ] && api_ready; then
    echo "apiserver ready: https://127.0.0.1:$api_port (kubeconfig $kubeconfig)"
    return 0
  fi
  return 1
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  bin) [ $# -eq 2 ] || die "usage: $0 bin NAME"; bin "$2" ;;
  logs) echo "$logs" ;;
  *) echo "usage: $0 up|down|status|bin NAME|logs" >&2; exit 2 ;;
esac
