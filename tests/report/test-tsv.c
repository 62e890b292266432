/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * TSV helpers: header, separators, escaping and locale-independent doubles.
 */
#define G_LOG_DOMAIN "CmasimTest"

#include <locale.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmasim/cmasim-report.h"

static void
test_tsv_table(void **state)
{
	static const gchar *const columns[] = {"t_ns", "name", "value", "ratio", NULL};
	g_autoptr(GString) out = g_string_new(NULL);

	cmasim_tsv_header(out, columns);
	cmasim_tsv_field_uint(out, G_MAXUINT64);
	cmasim_tsv_field_str(out, "a\tb\nc");
	cmasim_tsv_field_int(out, -42);
	cmasim_tsv_field_double(out, 0.1234567);
	cmasim_tsv_end_row(out);
	cmasim_tsv_field_str(out, "");
	cmasim_tsv_field_str(out, NULL);
	cmasim_tsv_field_int(out, G_MININT64);
	cmasim_tsv_field_double(out, -2.5);
	cmasim_tsv_end_row(out);
	assert_string_equal(out->str, "# t_ns\tname\tvalue\tratio\n"
				      "18446744073709551615\ta b c\t-42\t0.123457\n"
				      "-\t-\t-9223372036854775808\t-2.500000\n");
}

static void
test_tsv_locale(void **state)
{
	g_autoptr(GString) out = g_string_new(NULL);
	const gchar *locales[] = {"de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8"};
	g_autofree gchar *saved = g_strdup(setlocale(LC_NUMERIC, NULL));

	/* whichever locale exists here, the decimal separator stays '.' */
	for (guint i = 0; i < G_N_ELEMENTS(locales); i++) {
		if (setlocale(LC_NUMERIC, locales[i]) == NULL)
			continue;
		g_string_truncate(out, 0);
		cmasim_tsv_field_double(out, 1234.5);
		cmasim_tsv_field_double(out, 1e300);
		assert_true(g_str_has_prefix(out->str, "1234.500000\t1"));
		assert_true(g_str_has_suffix(out->str, ".000000"));
	}
	setlocale(LC_NUMERIC, saved);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tsv_table),
	    cmocka_unit_test(test_tsv_locale),
	};

	return cmocka_run_group_tests_name("tsv", tests, NULL, NULL);
}
