/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/* Placeholder main, replaced by the command dispatcher. */
#include <glib.h>
int
main(int argc, char **argv)
{
	return 0;
}
