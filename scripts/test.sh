#!/usr/bin/env bash
# Install what is missing, build, and run every test suite except slow and
# benchmark ones; then the unit suites and the regression gate's own test on
# the optimised build (LTO and PGO, scripts/build-optimized.sh: inlining
# across files moves memory about, so it shows up reads past an object that
# the plain build gets away with; the long regress workloads run once, in
# the plain build);
# then build a tree with AddressSanitizer and UndefinedBehaviorSanitizer and
# run the unit tests there; then fuzz the workload reader for 60 s
# (CMASIM_SKIP_FUZZ=1 skips it; docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

cmasim_install_deps
cmasim_build build -Dwerror=true
meson test -C build --no-suite slow --print-errorlogs

scripts/build-optimized.sh build-opt -Dwerror=true
meson test -C build-opt --suite unit --suite gate --print-errorlogs

cmasim_build build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
	-Dbuildtype=debug
meson test -C build-asan --suite unit --print-errorlogs
if [ "${CMASIM_SKIP_FUZZ:-0}" != 1 ]; then
	scripts/fuzz.sh 60
fi
echo "cmasim: all tests passed (plain, optimised, ASan/UBSan and a 60 s fuzz run)"
