# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The cmasim authors
#
# Shared set-up of the cmasim plots: the terminal chosen by `fmt`
# ("png" or "svg") and the output file `out`. Every plot script loads it
# first; the caller sets the variables with gnuplot -e "...".
if (!exists("fmt")) fmt = "png"
if (!exists("out")) out = "plot." . fmt
if (fmt eq "svg") {
	set terminal svg size 900,500 dynamic noenhanced font "DejaVu Sans,11"
} else {
	set terminal pngcairo size 900,500 noenhanced font "DejaVu Sans,10"
}
set output out
set datafile separator "\t"
set datafile commentschars "#"
set grid
set key noenhanced
