#!/usr/bin/env bash
# An optimised release build: -O3, link-time optimisation and GCC's
# profile-guided optimisation (Meson's b_lto and b_pgo), trained on
# bench-128m (bench-4g's background tasks scaled down 32 times: the same
# mix, not the measured workload), the shipped Goni camera workload under
# the three policies and the contiguous-migration benchmark. Outputs are
# the same as any other build's: only the speed changes.
#   scripts/build-optimized.sh [BUILDDIR [MESON_OPTION...]]   (default: build-opt)
# then, for example:
#   meson test -C build-opt --benchmark bench-4g -v
# docs/performance.md gives the figures of this build and of the plain
# release build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

dir=${1:-build-opt}
shift $(($# > 0 ? 1 : 0))
cmasim_install_deps
# the test programs are not trained: no warning for their missing profiles
opts=(--buildtype=release -Db_lto=true -Db_pgo=generate -Dc_args=-Wno-missing-profile "$@")
# from scratch every time: nothing of an earlier build or profile may mix in
if [ -f "$dir/build.ninja" ]; then
	meson setup --wipe "$dir" "${opts[@]}" >/dev/null
else
	meson setup "$dir" "${opts[@]}" >/dev/null
fi
# only what the training runs
meson compile -C "$dir" src/cmasim:executable tests/bench/bench-scenario:executable

train=$(mktemp -d)
trap 'rm -rf "$train"' EXIT
echo "cmasim: training the profile" >&2
"$dir/src/cmasim" run --quiet workloads/bench/bench-128m.yaml --out "$train/bench-128m" >/dev/null
"$dir/src/cmasim" compare workloads/goni-camera.yaml --out "$train/goni" >/dev/null
"$dir/tests/bench/bench-scenario" migrate workloads/bench/contig-migrate.yaml >/dev/null

meson configure "$dir" -Db_pgo=use
meson compile -C "$dir"
echo "cmasim: optimised build in $dir" >&2
