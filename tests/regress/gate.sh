#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# gate.sh CMASIM WORKLOAD BADDIR OUTDIR: the regression gate itself, on a
# short run of WORKLOAD. A baseline written by `cmasim baseline` checks
# clean; one value changed makes `cmasim check` exit 3 with the table; a
# change within a relative tolerance passes; every BADDIR/*.yaml baseline
# exits 1 with FILE:LINE:COLUMN; a missing metric, directory or run of
# another workload exits 1; usage errors exit 2.
cmasim=$1
workload=$2
baddir=$3
outdir=$4
failures=0

fail() {
	echo "gate: FAIL: $*" >&2
	failures=$((failures + 1))
}

# expect STATUS DESCRIPTION ARGS...: run cmasim ARGS, stdout to out.txt and stderr to err.txt
expect() {
	want=$1
	what=$2
	shift 2
	"$cmasim" "$@" >"$outdir/out.txt" 2>"$outdir/err.txt"
	got=$?
	cat "$outdir/out.txt" "$outdir/err.txt" >&2
	[ "$got" -eq "$want" ] || fail "$what: 'cmasim $*' exited $got, expected $want"
}

rm -rf "$outdir"
mkdir -p "$outdir" || exit 1
run=$outdir/run
"$cmasim" compare --quiet --set duration=200ms --out "$run" "$workload" >&2 || exit 1

# a fresh baseline checks clean
expect 0 "emit" baseline "$run" --workload-file "$workload" --out "$outdir/base.yaml"
expect 0 "clean check" check "$run" --baseline "$outdir/base.yaml"
grep -q "within tolerance" "$outdir/out.txt" || fail "clean check: no summary line"
expect 0 "clean check of one run directory" check "$run/cma" --baseline "$outdir/base.yaml"

# one value changed: exit 3 and a table naming it
awk '!done && /^    contiguous\.requests: [0-9]+$/ { sub(/[0-9]+$/, $2 + 1); done = 1 } { print }' \
	"$outdir/base.yaml" >"$outdir/perturbed.yaml"
cmp -s "$outdir/base.yaml" "$outdir/perturbed.yaml" && fail "perturb: nothing changed"
expect 3 "perturbed" check "$run" --baseline "$outdir/perturbed.yaml"
head -n 1 "$outdir/out.txt" | grep -q "^policy .*metric .*baseline .*now .*change .*tolerance" ||
	fail "perturbed: no table header"
grep -q "^cma  *contiguous\.requests .* exact  *FAIL$" "$outdir/out.txt" ||
	fail "perturbed: no FAIL row for contiguous.requests"
[ "$(grep -c FAIL "$outdir/out.txt")" -eq 1 ] || fail "perturbed: more than one FAIL row"
grep -q "1 of [0-9]* metrics out of tolerance" "$outdir/out.txt" || fail "perturbed: no count"
expect 3 "perturbed, quiet" check --quiet "$run" --baseline "$outdir/perturbed.yaml"
[ -s "$outdir/out.txt" ] && fail "perturbed, quiet: printed something"

# a change within a relative tolerance passes, and regeneration keeps the tolerance
awk '!done && /^    contiguous\.latency_ns\.max: [0-9]+$/ {
	$0 = "    contiguous.latency_ns.max: {value: " int($2 * 1.005) ", tolerance: {relative: 1%}, why: test}"
	done = 1 } { print }' "$outdir/base.yaml" >"$outdir/relative.yaml"
expect 0 "within relative tolerance" check "$run" --baseline "$outdir/relative.yaml"
expect 0 "regenerate like" baseline "$run" --like "$outdir/relative.yaml" --out "$outdir/again.yaml"
grep -q "contiguous.latency_ns.max: {value: [0-9]*, tolerance: {relative: 0.01}, why: test}" \
	"$outdir/again.yaml" || fail "regenerate like: tolerance not kept"

# malformed baselines: exit 1 with the position
for bad in "$baddir"/*.yaml; do
	expect 1 "malformed $bad" check "$run" --baseline "$bad"
	grep -q "^cmasim: $bad:[0-9][0-9]*:[0-9][0-9]*: " "$outdir/err.txt" ||
		fail "malformed $bad: no FILE:LINE:COLUMN message"
done
expect 1 "missing baseline" check "$run" --baseline "$outdir/no-such.yaml"

# a metric summary.yaml does not have, a missing directory, another workload
sed 's/^    contiguous\.requests:/    contiguous.requestz:/' "$outdir/base.yaml" >"$outdir/nometric.yaml"
expect 1 "missing metric" check "$run" --baseline "$outdir/nometric.yaml"
grep -q "nometric.yaml:[0-9]*:[0-9]*: policy 'cma': .*no metric 'contiguous.requestz'" \
	"$outdir/err.txt" || fail "missing metric: message"
expect 1 "missing directory" check "$outdir/no-such-dir" --baseline "$outdir/base.yaml"
sed 's/^workload: .*/workload: another/' "$outdir/base.yaml" >"$outdir/other.yaml"
expect 1 "another workload" check "$run" --baseline "$outdir/other.yaml"
rm -rf "$run/carveout"
expect 1 "missing policy run" check "$run" --baseline "$outdir/base.yaml"

# usage
expect 2 "no --baseline" check "$run"
expect 2 "no directory" check --baseline "$outdir/base.yaml"
expect 2 "two directories" check "$run" "$run" --baseline "$outdir/base.yaml"
expect 0 "help" check --help
expect 2 "baseline without directory" baseline

if [ "$failures" -ne 0 ]; then
	echo "gate: $failures failure(s)" >&2
	exit 1
fi
echo "gate: ok" >&2
exit 0
