# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# Free pages per migratetype over time for one run (timeline.tsv columns 2-7).
#   gnuplot -e "file='run/timeline.tsv'; name='cma'; out='free-memory.png'" free-memory.gp
# the directory of this script, for common.gp
if (!exists("dir")) { d = ""; s = ARG0; while (strstrt(s, "/") > 0) { i = strstrt(s, "/"); d = d . s[1:i]; s = s[i+1:] }; dir = d }
load dir . "common.gp"
if (!exists("name")) name = ""
set title "Free pages per migratetype " . name
set xlabel "time (s)"
set ylabel "free pages"
set key outside right
types = "Unmovable Movable Reclaimable HighAtomic CMA Isolate"
plot for [c = 2:7] file using ($1 / 1e9):c with lines linewidth 2 title word(types, c - 1), \
     file using ($1 / 1e9):8 with lines dashtype 2 linecolor "black" title "all"
