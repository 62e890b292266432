#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# scripts/update-baselines.sh [WORKLOAD.yaml...]: regenerate the regression
# baselines tests/regress/<name>.yaml, deliberately, when a change of
# simulated results is intended. Each shipped workload (workloads/*.yaml,
# not workloads/bench/), or each one named, runs under every policy
# (cmasim compare) into build/regress-update/<name>/; `cmasim baseline`
# then rewrites the baseline, keeping the metrics, tolerances and why: of
# the existing file (--like). The diff is shown at the end: review it and
# commit it with the change that explains it (docs/regression-gate.md).
#
# Environment: CMASIM_BUILD (default build) is the Meson build directory,
# configured and compiled first; CMASIM_JOBS (default: the number of CPUs)
# workloads run at once.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

build=${CMASIM_BUILD:-build}
jobs=${CMASIM_JOBS:-$(nproc 2>/dev/null || echo 1)}
cmasim=$build/src/cmasim
out=$build/regress-update

if [ $# -gt 0 ]; then
	workloads=("$@")
else
	workloads=(workloads/*.yaml)
fi

cmasim_build "$build" >/dev/null

# update ONE.yaml: compare, then write tests/regress/ONE.yaml
update_one() {
	local workload=$1
	local name
	name=$(basename "$workload" .yaml)
	rm -rf "${out:?}/$name"
	"$cmasim" compare --quiet --out "$out/$name" "$workload" &&
		"$cmasim" baseline "$out/$name" --like "tests/regress/$name.yaml" \
			--workload-file "$workload" --out "tests/regress/$name.yaml" &&
		echo "cmasim: tests/regress/$name.yaml from $workload" >&2
}

mkdir -p "$out" tests/regress
pids=()
for workload in "${workloads[@]}"; do
	[ -f "$workload" ] || {
		echo "cmasim: no workload file '$workload'" >&2
		exit 1
	}
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n || true
	done
	update_one "$workload" &
	pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
	wait "$pid" || status=1
done
if [ "$status" -ne 0 ]; then
	echo "cmasim: some baselines were not updated (see above)" >&2
	exit 1
fi

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git --no-pager diff --stat -- tests/regress/
	git --no-pager diff -- tests/regress/
	# new baselines: the whole file
	new=$(git ls-files --others --exclude-standard -- 'tests/regress/*.yaml')
	for file in $new; do
		git --no-pager diff --no-index --stat -- /dev/null "$file" || true
	done
	if git diff --quiet -- tests/regress/ && [ -z "$new" ]; then
		echo "cmasim: baselines unchanged" >&2
	else
		echo "cmasim: review the diff above and commit it with the change that explains it" >&2
	fi
fi
