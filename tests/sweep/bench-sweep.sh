#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# a 100-run sweep with -j 1 and with -j 2: both wall times and their ratio
# (docs/performance.md, "Sweeps"). TAP on stdout.
# usage: bench-sweep.sh CMASIM WORKLOAD WORKDIR
set -u
cmasim=$1 workload=$2 work=$3
echo "1..2"
now() { date +%s.%N; }
n=0
for j in 1 2; do
	rm -rf "$work/j$j"
	t0=$(now)
	"$cmasim" sweep "$workload" --seeds 1..50 --set duration=1s --policies cma,carveout \
		-j $j --quiet --out "$work/j$j"
	rc=$?
	t1=$(now)
	eval "wall$j=\$(awk -v a=$t0 -v b=$t1 'BEGIN { printf \"%.3f\", b - a }')"
	n=$((n + 1))
	if [ $rc -eq 0 ]; then echo "ok $n - -j $j: 100 runs"; else echo "not ok $n - -j $j: exit $rc"; fi
done
echo "# wall -j 1: $wall1 s, -j 2: $wall2 s, ratio -j 2 / -j 1: $(awk -v a="$wall1" -v b="$wall2" 'BEGIN { printf "%.3f", b / a }')"
