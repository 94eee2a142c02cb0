#!/usr/bin/env bash
# Builds (once) and prints the path of an upstream binary that Capstan's tests run against.
#
#   upstream-bin.sh NAME      e.g. kube-apiserver, kubectl, etcd, kwok, helm, csi-sanity,
#                             hostpathplugin, csi-provisioner, csi-attacher
#
# Every binary comes from a Go module served by the Go module proxy and is built with the machine's Go toolchain.
# The pins live in ../tools/<group>/go.mod (plus go.sum); binaries are cached outside the repository under
# $CAPSTAN_CACHE (default ~/.cache/capstan), keyed by a hash of the pins, the Go version and this script, so a
# change of pins (or of RECIPE below) rebuilds and nothing else does. Only the group that holds NAME is built (lazy).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tools=$(cd "$here/../tools" && pwd)
cache_root=${CAPSTAN_CACHE:-$HOME/.cache/capstan}
export GOFLAGS="${GOFLAGS:-} -mod=mod"
# Two cores: keep the linker of kube-apiserver from competing with three other links.
export GOMAXPROCS=${GOMAXPROCS:-2}

# Bump when a build recipe below changes in a way that changes the binaries.
RECIPE=1

log() { printf '[upstream-bin] %s\n' "$*" >&2; }

group_of() {
  case "$1" in
    kube-apiserver|kube-controller-manager|kube-scheduler|kubectl) echo k8s ;;
    etcd) echo etcd ;;
    kwok) echo kwok ;;
    helm) echo helm ;;
    csi-sanity) echo csi-sanity ;;
    hostpathplugin) echo csi-driver-host-path ;;
    csi-provisioner) echo external-provisioner ;;
    csi-attacher) echo external-attacher ;;
    *) return 1 ;;
  esac
}

# The version of the main module a group pins (first require line naming it).
pinned_version() { # group module
  awk -v m="$2" '$1==m || ($1=="require" && $2==m) {v=($1=="require")?$3:$2} END{print v}' "$tools/$1/go.mod"
}

cache_dir_for() { # group
  local key
  key=$( (cat "$tools/$1"/*; go version; echo "recipe $RECIPE") | sha256sum | cut -c1-16)
  echo "$cache_root/bin/$1-$key"
}

build_k8s() { # out
  local v minor ldf k
  v=$(pinned_version k8s k8s.io/kubernetes)
  minor=$(echo "$v" | cut -d. -f2)
  ldf="-s -w"
  for k in client-go/pkg/version component-base/version; do
    ldf="$ldf -X k8s.io/$k.gitVersion=$v -X k8s.io/$k.gitMajor=1 -X k8s.io/$k.gitMinor=$minor"
    ldf="$ldf -X k8s.io/$k.gitTreeState=clean -X k8s.io/$k.gitCommit=$v -X k8s.io/$k.buildDate=1970-01-01T00:00:00Z"
  done
  (cd "$tools/k8s" && CGO_ENABLED=0 go build -trimpath -tags selinux,notest -ldflags "$ldf" -o "$1/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)
}

build_etcd() {
  local v
  v=$(pinned_version etcd go.etcd.io/etcd/server/v3)
  (cd "$tools/etcd" && CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=$v" -o "$1/etcd" go.etcd.io/etcd/server/v3)
}

build_kwok() {
  local v
  v=$(pinned_version kwok sigs.k8s.io/kwok)
  (cd "$tools/kwok" && CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$v" -o "$1/kwok" sigs.k8s.io/kwok/cmd/kwok)
}

build_helm() {
  local v kminor
  v=$(pinned_version helm helm.sh/helm/v3)
  kminor=$(pinned_version k8s k8s.io/kubernetes | cut -d. -f2)
  local ldf="-s -w -X helm.sh/helm/v3/internal/version.version=$v"
  ldf="$ldf -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$kminor"
  ldf="$ldf -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$kminor"
  (cd "$tools/helm" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldf" -o "$1/helm" helm.sh/helm/v3/cmd/helm)
}

build_csi_sanity() {
  (cd "$tools/csi-sanity" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$1/csi-sanity" \
    github.com/kubernetes-csi/csi-test/v5/cmd/csi-sanity)
}

# Modules that carry replace lines of their own cannot be built as dependencies: fetch the pinned release through
# the module proxy and build it as the main module, so its own go.mod, go.sum and replace block apply.
build_as_main_module() { # out module version cmd-dir binary-name
  local out=$1 module=$2 version=$3 cmd=$4 name=$5 dir src
  dir=$(go mod download -json "$module@$version" | python3 -c '
import json, sys
info = json.load(sys.stdin)
if "Dir" not in info:
    sys.exit("the Go module proxy did not serve %s@%s: %s" % (info["Path"], info["Version"], info.get("Error")))
print(info["Dir"])')
  src=$(mktemp -d)
  cp -r "$dir/." "$src/"
  chmod -R u+w "$src"
  rm -rf "$src/vendor"
  (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w -X main.version=$version" \
    -o "$out/$name" "./$cmd")
  rm -rf "$src"
}

build_group() { # group out
  case "$1" in
    k8s) build_k8s "$2" ;;
    etcd) build_etcd "$2" ;;
    kwok) build_kwok "$2" ;;
    helm) build_helm "$2" ;;
    csi-sanity) build_csi_sanity "$2" ;;
    csi-driver-host-path)
      build_as_main_module "$2" github.com/kubernetes-csi/csi-driver-host-path \
        "$(cat "$tools/$1/version")" cmd/hostpathplugin hostpathplugin ;;
    external-provisioner)
      build_as_main_module "$2" github.com/kubernetes-csi/external-provisioner/v6 \
        "$(cat "$tools/$1/version")" cmd/csi-provisioner csi-provisioner ;;
    external-attacher)
      build_as_main_module "$2" github.com/kubernetes-csi/external-attacher/v4 \
        "$(cat "$tools/$1/version")" cmd/csi-attacher csi-attacher ;;
  esac
}

main() {
  [ $# -eq 1 ] || { echo "usage: $0 NAME" >&2; exit 2; }
  local name=$1 group dir tmp
  group=$(group_of "$name") || { echo "unknown upstream binary: $name" >&2; exit 2; }
  dir=$(cache_dir_for "$group")
  if [ ! -x "$dir/$name" ]; then
    mkdir -p "$cache_root/bin" "$cache_root/locks"
    # One builder per group at a time; others wait and then reuse its result.
    exec 9>"$cache_root/locks/$group.lock"
    flock 9
    if [ ! -x "$dir/$name" ]; then
      log "building $group (cached afterwards in $dir)"
      local start=$SECONDS
      tmp=$(mktemp -d "$cache_root/bin/.build-XXXXXX")
      chmod 755 "$tmp"
      build_group "$group" "$tmp"
      rm -rf "$dir"
      mv "$tmp" "$dir"
      log "built $group in $((SECONDS - start)) s"
    fi
    flock -u 9
  fi
  echo "$dir/$name"
}

main "$@"
