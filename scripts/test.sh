#!/usr/bin/env bash
# Install what is missing, build, and run every test suite except slow and
# benchmark ones; then the unit suites and the regression gate's own test on
# the optimised build (LTO and PGO, scripts/build-optimized.sh: inlining
# across files moves memory about, so it shows up reads past an object that
# the plain build gets away with; the long regress workloads run once, in
# the plain build);
# then build a tree with AddressSanitizer and UndefinedBehaviorSanitizer and
# run the unit tests and the kernel-capture replays there; then fuzz the workload reader for 30 s per target
# (CMASIM_FUZZ_SECONDS sets another time, CMASIM_SKIP_FUZZ=1 skips it;
# docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

# each stage's wall time on stderr, so a slow stage shows in CI's log
stage_start=$SECONDS
stage() { # stage NAME: the time since the last stage
	echo "cmasim: test.sh: $1 took $((SECONDS - stage_start)) s (total $SECONDS s)" >&2
	stage_start=$SECONDS
}

cmasim_install_deps
stage "installing packages"
cmasim_build build -Dwerror=true
stage "the plain build"
meson test -C build --no-suite slow --no-suite slurm --print-errorlogs
stage "the plain build's tests"
# cmasim sweep --emit slurm against a single-node Slurm the test starts itself
# (it skips, saying why, when Slurm cannot start here)
cmasim_install_deps "${CMASIM_SLURM_DEBS[@]}" || echo "cmasim: Slurm packages not installed" >&2
meson test -C build --suite slurm --print-errorlogs
stage "the Slurm test"

scripts/build-optimized.sh build-opt -Dwerror=true
stage "the optimised build"
meson test -C build-opt --suite unit --suite gate --print-errorlogs
stage "the optimised build's tests"

cmasim_build build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
	-Dbuildtype=debug
stage "the ASan/UBSan build"
meson test -C build-asan --suite unit --suite kernel --print-errorlogs
stage "the ASan/UBSan build's tests"
if [ "${CMASIM_SKIP_FUZZ:-0}" != 1 ]; then
	scripts/fuzz.sh "${CMASIM_FUZZ_SECONDS:-30}"
	stage "the fuzz run"
fi
echo "cmasim: all tests passed (plain, optimised, ASan/UBSan and a fuzz run) in $SECONDS s"
