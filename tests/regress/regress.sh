#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# regress.sh CMASIM WORKLOAD BASELINE OUTDIR: run WORKLOAD under every policy
# into a fresh OUTDIR/<policy>/ (the layout of cmasim compare, with the
# policies run side by side as separate processes, so a long workload uses
# every core) and check it against BASELINE. Exits with cmasim check's
# status: 0 within tolerance, 3 a regression (the table is in the test log),
# 1 an error. scripts/update-baselines.sh regenerates the baselines when a
# change of results is intended.
cmasim=$1
workload=$2
baseline=$3
outdir=$4
rm -rf "$outdir"
mkdir -p "$outdir" || exit 1
pids=""
for policy in $("$cmasim" list policies | cut -f1 -d' '); do
	"$cmasim" run --quiet --policy "$policy" --out "$outdir/$policy" "$workload" \
		>"$outdir/$policy.log" 2>&1 &
	pids="$pids $!"
done
failed=0
for pid in $pids; do
	wait "$pid" || failed=1
done
if [ "$failed" -ne 0 ]; then
	cat "$outdir"/*.log >&2
	exit 1
fi
"$cmasim" check "$outdir" --baseline "$baseline"
status=$?
if [ "$status" -ne 0 ]; then
	echo "regress: $workload left $baseline (exit $status)." >&2
	echo "If the change of results is intended, run scripts/update-baselines.sh" >&2
	echo "and commit the baselines with the change." >&2
fi
exit "$status"
