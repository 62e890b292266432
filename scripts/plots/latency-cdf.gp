# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# Latency CDF of the contiguous requests, one line per run.
#   gnuplot -e "files='a/requests.tsv b/requests.tsv'; titles='cma carveout';
#               out='latency-cdf.png'; fmt='png'" latency-cdf.gp
# requests.tsv: column 7 is latency_ns, column 10 the status (docs/output-formats.md).
# the directory of this script, for common.gp
if (!exists("dir")) { d = ""; s = ARG0; while (strstrt(s, "/") > 0) { i = strstrt(s, "/"); d = d . s[1:i]; s = s[i+1:] }; dir = d }
load dir . "common.gp"
set title "Contiguous allocation latency (CDF)"
set xlabel "latency (ms)"
set ylabel "fraction of requests"
set logscale x
set yrange [0:1.05]
set key bottom right
plot for [i = 1:words(files)] word(files, i) \
	using ($7 / 1e6):(1.0) smooth cnormal with steps linewidth 2 title word(titles, i)
