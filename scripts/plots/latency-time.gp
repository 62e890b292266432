# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# Latency of each contiguous request against its arrival time, one colour per
# run; failed requests are crosses.
#   gnuplot -e "files='...'; titles='...'; out='latency-time.png'" latency-time.gp
# requests.tsv: column 5 arrival_ns, 7 latency_ns, 10 status.
# the directory of this script, for common.gp
if (!exists("dir")) { d = ""; s = ARG0; while (strstrt(s, "/") > 0) { i = strstrt(s, "/"); d = d . s[1:i]; s = s[i+1:] }; dir = d }
load dir . "common.gp"
set title "Contiguous allocation latency over time"
set xlabel "arrival (s)"
set ylabel "latency (ms)"
set logscale y
set key top left
plot for [i = 1:words(files)] word(files, i) \
	using ($5 / 1e9):(strcol(10) eq "OK" ? $7 / 1e6 : NaN) with points pointtype 7 \
	pointsize 0.6 linecolor i title word(titles, i), \
     for [i = 1:words(files)] word(files, i) \
	using ($5 / 1e9):(strcol(10) eq "OK" ? NaN : $7 / 1e6) with points pointtype 2 \
	pointsize 1 linecolor i title word(titles, i) . " (failed)"
