#!/usr/bin/env bash
# Installs every Debian package that inkstream needs to build, test and run.
# Idempotent: packages already installed are skipped; apt runs only if needed.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git
  protobuf-compiler libprotobuf-dev
  libzmq3-dev cppzmq-dev libsodium-dev
  librocksdb-dev
  libgoogle-perftools-dev  # tcmalloc_minimal, linked into every program
  libspdlog-dev libfmt-dev
  libyaml-cpp-dev
  libgumbo-dev libcmark-dev libuchardet-dev libicu-dev
  libcli11-dev nlohmann-json3-dev
  libopencc-dev libstemmer-dev
  zlib1g-dev libxml2-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-jieba
  libxapian-dev libsqlite3-dev
  clang libclang-rt-14-dev  # scripts/fuzz.sh: libFuzzer and FuzzedDataProvider.h
  prometheus-cpp-dev gnuplot-nox
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
