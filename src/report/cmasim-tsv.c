/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Tab-separated tables with a "# " header line, read directly by gnuplot
 * (set datafile separator "\t"), pandas and awk. Numbers are printed without
 * the C library's locale: integers in decimal, doubles as "%.6f" through
 * g_ascii_formatd().
 * No kernel code is mirrored here.
 */
#define G_LOG_DOMAIN "CmasimReport"

#include "cmasim/cmasim-report.h"

static void
cmasim_tsv_separator(GString *row)
{
	if (row->len > 0 && row->str[row->len - 1] != '\n')
		g_string_append_c(row, '\t');
}

/* "# a\tb\tc\n" from a NULL-terminated list of column names */
void
cmasim_tsv_header(GString *out, const gchar *const *columns)
{
	g_return_if_fail(out != NULL);
	g_return_if_fail(columns != NULL);

	g_string_append(out, "# ");
	for (guint i = 0; columns[i] != NULL; i++) {
		if (i > 0)
			g_string_append_c(out, '\t');
		g_string_append(out, columns[i]);
	}
	g_string_append_c(out, '\n');
}

void
cmasim_tsv_field_str(GString *row, const gchar *value)
{
	g_return_if_fail(row != NULL);

	cmasim_tsv_separator(row);
	/* an empty field at the start of a row could not be told apart from no field */
	if (value == NULL || *value == '\0') {
		g_string_append_c(row, '-');
		return;
	}
	for (const gchar *p = value; *p != '\0'; p++) {
		/* a tab or newline inside a field would shift every later column */
		if (*p == '\t' || *p == '\n' || *p == '\r')
			g_string_append_c(row, ' ');
		else
			g_string_append_c(row, *p);
	}
}

void
cmasim_tsv_field_uint(GString *row, guint64 value)
{
	g_return_if_fail(row != NULL);

	cmasim_tsv_separator(row);
	g_string_append_printf(row, "%" G_GUINT64_FORMAT, value);
}

void
cmasim_tsv_field_int(GString *row, gint64 value)
{
	g_return_if_fail(row != NULL);

	cmasim_tsv_separator(row);
	g_string_append_printf(row, "%" G_GINT64_FORMAT, value);
}

void
cmasim_tsv_field_double(GString *row, gdouble value)
{
	/* "%.6f" of DBL_MAX has 316 characters */
	gchar buf[400];

	g_return_if_fail(row != NULL);

	cmasim_tsv_separator(row);
	g_string_append(row, g_ascii_formatd(buf, sizeof(buf), "%.6f", value));
}

void
cmasim_tsv_end_row(GString *row)
{
	g_return_if_fail(row != NULL);
	g_string_append_c(row, '\n');
}
