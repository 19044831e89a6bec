#!/usr/bin/env bash
# Builds the .deb with cpack and checks it: unpacked into a temporary root,
# the binaries run (ink-store --version) and the files are where the
# systemd units expect them. Prints the package path.
# Usage: scripts/package.sh [build dir, default build]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-${BUILD_DIR:-build}}
(cd "$BUILD_DIR" && cpack -G DEB >/dev/null)
deb=$(ls -t "$BUILD_DIR"/inkstream_*.deb | head -1)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
for f in usr/bin/ink-store usr/bin/inkctl etc/inkstream/inkstream.yaml \
         usr/lib/systemd/system/ink-store.service usr/lib/systemd/system/inkstream.target; do
  [ -e "$root/$f" ] || { echo "package: $f missing from $deb" >&2; exit 1; }
done
"$root/usr/bin/ink-store" --version
"$root/usr/bin/inkctl" --config "$root/etc/inkstream/inkstream.yaml" check-config >/dev/null
dpkg-deb -f "$deb" Depends | grep -q python3-jieba
echo "package: $deb ok"
