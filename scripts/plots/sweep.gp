# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# One metric of a sweep against a swept value: the mean over seeds, one line
# per series (a policy, and the other swept values), the 95% confidence
# interval of the mean as a band.
#   gnuplot -e "file='...'; titles='...'; metric='...'; xkey='...'; out='sweep.png'" sweep.gp
# file: blocks separated by two blank lines, one per series; columns 1 the
# value's position, 2 the value, 3 mean, 4 ci95_low, 5 ci95_high.
if (!exists("dir")) { d = ""; s = ARG0; while (strstrt(s, "/") > 0) { i = strstrt(s, "/"); d = d . s[1:i]; s = s[i+1:] }; dir = d }
load dir . "common.gp"
set title metric . " against " . xkey . " (mean, 95% interval)"
set xlabel xkey
set ylabel metric
set key outside right top
set offsets 0.2, 0.2, 0, 0
set style fill transparent solid 0.2 noborder
plot for [i = 1:words(titles)] file index (i - 1) using 1:4:5 with filledcurves \
	linecolor i notitle, \
     for [i = 1:words(titles)] file index (i - 1) using 1:3:xticlabels(2) \
	with linespoints pointtype 7 linecolor i title word(titles, i)
