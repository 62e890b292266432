#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# a real small sweep: its table rows, a rerun that skips every run, -j 1 and
# -j 2 giving the same tables, SIGINT mid-way keeping finished runs and the
# resume completing them, another plan into the same directory refused, and
# sweep-merge. TAP on stdout.
# usage: sweep.sh CMASIM WORKLOAD WORKDIR
set -u
cmasim=$1 workload=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

echo "1..11"
"$cmasim" sweep "$workload" --seeds 1..3 --set duration=1s,2s --policies cma,carveout \
	-j 2 --quiet --out "$work/a" 2>"$work/a.err"
check "sweep -j 2 exits 0" "[ $? -eq 0 ]"
check "sweep.tsv has a header and 12 rows of status ok" \
	"[ \$(wc -l <'$work/a/sweep.tsv') -eq 13 ] && [ \$(grep -c '	ok	' '$work/a/sweep.tsv') -eq 12 ]"
check "sweep-summary.tsv has rows of 4 configurations with n 3" \
	"[ \$(cut -f1 '$work/a/sweep-summary.tsv' | sort -u | wc -l) -eq 5 ] && grep -q '	contiguous.attempts	3	' '$work/a/sweep-summary.tsv'"
before=$(ls -l --time-style=full-iso "$work/a/runs/cma/duration=2s/seed-3/summary.yaml")
"$cmasim" sweep "$workload" --seeds 1..3 --set duration=1s,2s --policies cma,carveout \
	-j 2 --quiet --out "$work/a" 2>>"$work/a.err"
after=$(ls -l --time-style=full-iso "$work/a/runs/cma/duration=2s/seed-3/summary.yaml")
check "a rerun skips the finished runs" "[ \$? -eq 0 ] && [ '$before' = '$after' ]"
"$cmasim" sweep "$workload" --seeds 1..3 --set duration=1s,2s --policies cma,carveout \
	-j 1 --quiet --out "$work/b" 2>"$work/b.err"
check "-j 1 and -j 2 give byte-identical tables" \
	"cmp -s '$work/a/sweep.tsv' '$work/b/sweep.tsv' && cmp -s '$work/a/sweep-summary.csv' '$work/b/sweep-summary.csv'"
"$cmasim" sweep "$workload" --seeds 1..4 --set duration=1s,2s --policies cma,carveout \
	--quiet --out "$work/a" 2>"$work/c.err"
check "another plan into the same directory is refused, saying what differs" \
	"[ \$? -eq 1 ] && grep -q 'seeds' '$work/c.err'"

# interrupted: 24 runs one at a time, SIGINT once two of them have finished
# (their summary.yaml appears by an atomic rename), however slow the machine
"$cmasim" sweep "$workload" --seeds 1..12 --set duration=2s --policies cma,carveout \
	-j 1 --quiet --out "$work/i" 2>"$work/i.err" &
pid=$!
waited=0
while [ "$(find "$work/i/runs" -name summary.yaml 2>/dev/null | wc -l)" -lt 2 ] &&
	[ $waited -lt 1200 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.05
	waited=$((waited + 1))
done
kill -INT $pid
wait $pid
rc=$?
done_runs=$(grep -c '	ok	' "$work/i/sweep.tsv" 2>/dev/null || echo 0)
check "SIGINT: exit 130, finished runs kept, the missing ones named (rc $rc, $done_runs done)" \
	"[ $rc -eq 130 ] && [ $done_runs -ge 2 ] && [ $done_runs -lt 24 ] && grep -q 'run missing' '$work/i.err'"
"$cmasim" sweep "$workload" --seeds 1..12 --set duration=2s --policies cma,carveout \
	-j 2 --quiet --out "$work/i" 2>>"$work/i.err"
check "the resume completes every run" \
	"[ \$? -eq 0 ] && [ \$(grep -c '	ok	' '$work/i/sweep.tsv') -eq 24 ]"
cp "$work/i/sweep.tsv" "$work/i.tsv"
"$cmasim" sweep-merge "$work/i" 2>>"$work/i.err"
check "sweep-merge of a complete sweep writes the same table" \
	"[ \$? -eq 0 ] && cmp -s '$work/i/sweep.tsv' '$work/i.tsv'"
if command -v gnuplot >/dev/null 2>&1; then
	"$cmasim" sweep-plot "$work/a" --metric contiguous.latency_ns.mean --x duration >/dev/null 2>>"$work/a.err"
	check "sweep-plot draws the PNG and its data (2 policies x 2 values)" \
		"[ -s '$work/a/plots/sweep-contiguous.latency_ns.mean-duration.png' ] && [ \$(grep -c '^[0-9]' '$work/a/plots/sweep-contiguous.latency_ns.mean-duration.tsv') -eq 4 ]"
else
	n=$((n + 1)); echo "ok $n # SKIP gnuplot not installed"
fi
"$cmasim" sweep "$workload" --seeds 1 --set nosuchkey=1 --policies cma --quiet \
	--out "$work/f" 2>"$work/f.err"
check "a failing child: status failed, its stderr kept, exit 1 naming it" \
	"[ \$? -eq 1 ] && grep -q '	failed' '$work/f/sweep.tsv' && grep -q 'nosuchkey' '$work/f/runs/cma/nosuchkey=1/seed-1/stderr.txt' && grep -q 'run failed: cma/nosuchkey=1/seed-1' '$work/f.err'"
