#!/usr/bin/env bash
# Installs what Capstan needs beyond the toolchains a new machine has (Java 17, Go, Python): command-line tools
# the cluster scripts use, from Debian's packages. Idempotent; quiet when everything is there.
set -euo pipefail

missing=()
need() { command -v "$1" > /dev/null 2>&1 || missing+=("$2"); }
need openssl openssl
need curl curl
need flock util-linux
need setsid util-linux
need hostname hostname
need python3 python3

for tool in java go; do
  command -v "$tool" > /dev/null 2>&1 || { echo "prerequisites: $tool is required (a toolchain of the machine)" >&2; exit 1; }
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "prerequisites: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2046
  apt-get install -y -qq $(printf '%s\n' "${missing[@]}" | sort -u) > /dev/null
fi
