# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# The memory map over time for one run (pfnmap.tsv): two heat maps, pfn
# bins up, simulated time across. Top: the migratetype most of each bin's
# pageblocks have; bottom: what most of its pages are used for.
#   gnuplot -e "file='run/pfnmap.tsv'; name='cma'; out='memory-map.png'" memory-map.gp
# the directory of this script, for common.gp
if (!exists("dir")) { d = ""; s = ARG0; while (strstrt(s, "/") > 0) { i = strstrt(s, "/"); d = d . s[1:i]; s = s[i+1:] }; dir = d }
load dir . "common.gp"
if (!exists("name")) name = ""
if (fmt eq "svg") {
	set terminal svg size 900,800 dynamic noenhanced font "DejaVu Sans,11"
} else {
	set terminal pngcairo size 900,800 noenhanced font "DejaVu Sans,10"
}
set output out
unset grid
set xlabel "time (s)"
set ylabel "pfn"
set format y "%.0f"
set cbtics scale 0
set autoscale fix
set rmargin at screen 0.78
set multiplot layout 2,1 title "Memory map " . name
# migratetype codes 0..5 (pfnmap.tsv header)
set title "pageblock migratetype (majority per bin)"
set palette defined (0 "#d62728", 1 "#2ca02c", 2 "#ff7f0e", 3 "#9467bd", 4 "#1f77b4", 5 "#7f7f7f")
set palette maxcolors 6
set cbrange [-0.5:5.5]
set cbtics ("Unmovable" 0, "Movable" 1, "Reclaimable" 2, "HighAtomic" 3, "CMA" 4, "Isolate" 5)
plot file using ($1 / 1e9):3:4 with image notitle
# use codes 0..6
set title "page use (majority per bin)"
set palette defined (0 "#f2f2f2", 1 "#2ca02c", 2 "#98df8a", 3 "#ff7f0e", 4 "#d62728", 5 "#1f77b4", 6 "#404040")
set palette maxcolors 7
set cbrange [-0.5:6.5]
set cbtics ("free" 0, "anon" 1, "file" 2, "reclaimable" 3, "unmovable" 4, "contiguous buffer" 5, "reserved" 6)
plot file using ($1 / 1e9):3:5 with image notitle
unset multiplot
