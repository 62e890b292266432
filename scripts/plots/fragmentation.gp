# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# Unusable free space index at one order over time, one line per run.
#   gnuplot -e "files='...'; titles='...'; col=21; order=8; out='fragmentation.png'"
#           fragmentation.gp
# `col` is the timeline.tsv column of unusable_<order>: 11 + 2 x regions + order
# (docs/output-formats.md).
# the directory of this script, for common.gp
if (!exists("dir")) { d = ""; s = ARG0; while (strstrt(s, "/") > 0) { i = strstrt(s, "/"); d = d . s[1:i]; s = s[i+1:] }; dir = d }
load dir . "common.gp"
if (!exists("order")) order = 0
set title sprintf("Unusable free space index at order %d", order)
set xlabel "time (s)"
set ylabel "unusable index"
set yrange [0:1.05]
set key top left
plot for [i = 1:words(files)] word(files, i) \
	using ($1 / 1e9):col with lines linewidth 2 title word(titles, i)
