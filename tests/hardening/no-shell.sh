#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# TAP test: the tool never runs a shell. The C sources spawn programs only
# through g_spawn_* with an argument vector (gnuplot, in src/cli), and the
# gnuplot scripts do not call system() or shell out with `!`/backquotes.
# usage: no-shell.sh SOURCE_ROOT
set -u
root=$1
n=0
fail=0

check() { # check DESCRIPTION COMMAND...: ok when COMMAND prints nothing
	local what=$1
	shift
	local found
	found=$("$@" 2>&1)
	n=$((n + 1))
	if [ -n "$found" ]; then
		echo "not ok $n - $what"
		printf '%s\n' "$found" | sed 's/^/# /'
		fail=1
	else
		echo "ok $n - $what"
	fi
}

check "no system(), popen() or exec*() in src/" \
	grep -rnE '(^|[^_a-z])(system|popen|execl|execlp|execle|execv|execvp|execvpe)[[:space:]]*\(' \
	"$root/src" --include='*.c' --include='*.h'
check "no g_spawn_command_line_* (a command line is a shell-like string) in src/" \
	grep -rn 'g_spawn_command_line' "$root/src" --include='*.c'
check "every g_spawn in src/ is in the plot or the sweep command" \
	bash -c "grep -rln 'g_spawn_' '$root/src' --include='*.c' | grep -vE 'src/cli/cmasim-cmd-(plot|sweep).c'"
check "no system() or shell escapes in scripts/plots/*.gp" \
	bash -c "grep -nE 'system[[:space:]]*\\(|^[[:space:]]*!|\`' '$root'/scripts/plots/*.gp |
		grep -vE '^[^:]*:[0-9]+:[[:space:]]*#'"
echo "1..$n"
exit $fail
