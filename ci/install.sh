#!/usr/bin/env bash
# ci/install.sh - build ssot from this checkout for a CI job: the GitHub action's install step
# and the GitLab template's before_script run it. tools/setup installs the Debian packages and
# the pinned grammars (apt-get, as root or through sudo); CMake builds a Release binary
# without the test suite, which is copied to BINDIR/ssot.
# Usage: ci/install.sh BINDIR   (the build folder is $SSOT_BUILD_DIR, default build-ci/ here)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
bindir=${1:?usage: ci/install.sh BINDIR}
build=${SSOT_BUILD_DIR:-$src/build-ci}
jobs=$(nproc 2>/dev/null || echo 2)

"$src/tools/setup"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSSOT_TESTS=OFF
cmake --build "$build" -j "$jobs"
mkdir -p "$bindir"
install -m 755 "$build/ssot" "$bindir/ssot"
"$bindir/ssot" --version
