#!/usr/bin/env bash
# Compare the speed of two or more cmasim binaries on a noisy machine:
#   scripts/bench-compare.sh [-r ROUNDS] [-w WORKLOAD] [-d DURATION] BIN_A BIN_B...
# Each round runs every binary once on the workload (default bench-4g, 1 simulated s),
# rotating the order, so that a slow or fast spell of the machine hits all of them
# alike; prints each binary's median and best events/s and the median over the
# rounds of its ratio to BIN_A. Wall-clock figures only: never used by a test.
# docs/performance.md says how the figures there were taken.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=5
workload=workloads/bench/bench-4g.yaml
duration=1s
while getopts "r:w:d:" opt; do
	case $opt in
	r) rounds=$OPTARG ;;
	w) workload=$OPTARG ;;
	d) duration=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -lt 2 ]; then
	echo "usage: scripts/bench-compare.sh [-r ROUNDS] [-w WORKLOAD] [-d DURATION] BIN_A BIN_B..." >&2
	exit 2
fi
bins=("$@")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

n=${#bins[@]}
for ((r = 0; r < rounds; r++)); do
	for ((k = 0; k < n; k++)); do
		i=$(((k + r) % n))
		"${bins[$i]}" run "$workload" --quiet --set "duration=$duration" --out "$out/run" >/dev/null
		rate=$(awk '/^events_per_second:/ {print $2}' "$out/run/run-info.yaml")
		echo "$r $i $rate" >>"$out/rates"
	done
done

# median of the numbers on standard input
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
for ((i = 0; i < n; i++)); do
	med=$(awk -v i="$i" '$2 == i {print $3}' "$out/rates" | median)
	best=$(awk -v i="$i" '$2 == i {print $3}' "$out/rates" | sort -g | tail -1)
	ratio=$(awk -v i="$i" '$2 == 0 {a[$1] = $3} $2 == i {b[$1] = $3}
		END {for (r in b) print b[r] / a[r]}' "$out/rates" | median)
	printf '%s: median %.2f M events/s, best %.2f, median ratio to the first %.3f\n' \
		"${bins[$i]}" "$(awk -v x="$med" 'BEGIN {print x / 1e6}')" \
		"$(awk -v x="$best" 'BEGIN {print x / 1e6}')" "$ratio"
done
