#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# cli-exit.sh CMASIM OUTDIR EXPECTED ARGS...: run CMASIM ARGS (with @OUTDIR@
# replaced by a fresh OUTDIR) and check its exit status. Output goes to
# stderr so that meson's test log keeps it.
cmasim=$1
outdir=$2
expected=$3
shift 3
rm -rf "$outdir"
n=$#
while [ "$n" -gt 0 ]; do
	arg=$1
	shift
	[ "$arg" = "@OUTDIR@" ] && arg=$outdir
	set -- "$@" "$arg"
	n=$((n - 1))
done
"$cmasim" "$@" 1>&2
status=$?
if [ "$status" -ne "$expected" ]; then
	echo "cli-exit: '$cmasim $*' exited with $status, expected $expected" >&2
	exit 1
fi
exit 0
