# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# Where the latency went: the sums of the breakdown columns of requests.tsv
# (19-26: mutex_wait .. mapping), stacked, one bar per run.
#   gnuplot -e "files='...'; titles='...'; out='breakdown.png'" breakdown.gp
# the directory of this script, for common.gp
if (!exists("dir")) { d = ""; s = ARG0; while (strstrt(s, "/") > 0) { i = strstrt(s, "/"); d = d . s[1:i]; s = s[i+1:] }; dir = d }
load dir . "common.gp"
steps = "mutex_wait search isolation migration reclaim cache tlb mapping"
set print $sums
do for [i = 1:words(files)] {
	line = word(titles, i)
	do for [c = 19:26] {
		stats word(files, i) using c nooutput
		line = line . sprintf("\t%.6f", STATS_records > 0 ? STATS_sum / 1e6 : 0)
	}
	print line
}
unset print
set title "Latency breakdown (sum over requests)"
set ylabel "ms"
set style data histograms
set style histogram rowstacked
set style fill solid 0.8 border -1
set boxwidth 0.6
set key outside right
set xtics rotate by -20
plot for [c = 2:9] $sums using c:xtic(1) title word(steps, c - 1)
