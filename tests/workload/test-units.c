/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Tests of the scalar parsers of src/core/cmasim-units.c: sizes with
 * memparse()-style suffixes, times, rates, integers, decimals, booleans,
 * their overflow and suffix errors, and the canonical formats that
 * config.effective.yaml relies on to read back exactly.
 */
#define G_LOG_DOMAIN "CmasimWorkload"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib.h>
#include <string.h>

#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-units.h"

static void
check_size(const gchar *text, guint64 expected)
{
	guint64 v = 0;
	g_autoptr(GError) error = NULL;
	if (!cmasim_parse_size_bytes(text, &v, &error))
		fail_msg("'%s': %s", text, error->message);
	if (v != expected)
		fail_msg("'%s': %" G_GUINT64_FORMAT ", expected %" G_GUINT64_FORMAT, text, v,
		         expected);
}

static void
check_size_fails(const gchar *text, const gchar *sub)
{
	guint64 v = 0;
	g_autoptr(GError) error = NULL;
	if (cmasim_parse_size_bytes(text, &v, &error))
		fail_msg("'%s' parsed as %" G_GUINT64_FORMAT, text, v);
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG));
	if (strstr(error->message, sub) == NULL || strstr(error->message, "(expected") == NULL)
		fail_msg("'%s': '%s' lacks '%s'", text, error->message, sub);
}

static void
check_time(const gchar *text, guint64 expected)
{
	CmasimTimeNs v = 0;
	g_autoptr(GError) error = NULL;
	if (!cmasim_parse_time_ns(text, &v, &error))
		fail_msg("'%s': %s", text, error->message);
	if (v != expected)
		fail_msg("'%s': %" G_GUINT64_FORMAT ", expected %" G_GUINT64_FORMAT, text, v,
		         expected);
}

static void
check_time_fails(const gchar *text, const gchar *sub)
{
	CmasimTimeNs v = 0;
	g_autoptr(GError) error = NULL;
	if (cmasim_parse_time_ns(text, &v, &error))
		fail_msg("'%s' parsed as %" G_GUINT64_FORMAT, text, v);
	if (strstr(error->message, sub) == NULL)
		fail_msg("'%s': '%s' lacks '%s'", text, error->message, sub);
}

static void
test_sizes(void **state)
{
	check_size("0", 0);
	check_size("4096", 4096);
	check_size("4096B", 4096);
	check_size("4K", 4096);
	check_size("4KiB", 4096);
	check_size("4 KiB", 4096);
	check_size("16M", 16 << 20);
	check_size("16MiB", 16 << 20);
	check_size("1G", G_GUINT64_CONSTANT(1) << 30);
	check_size("1GiB", G_GUINT64_CONSTANT(1) << 30);
	check_size("2T", G_GUINT64_CONSTANT(2) << 40);
	check_size("0x30000000", 0x30000000);
	check_size("0X10M", G_GUINT64_CONSTANT(16) << 20);
	/* a leading zero is decimal, not octal */
	check_size("010", 10);
	check_size("0100M", G_GUINT64_CONSTANT(100) << 20);
	/* decimals are exact */
	check_size("1.5KiB", 1536);
	check_size("0.5K", 512);
	check_size("2.25GiB", G_GUINT64_CONSTANT(9) << 28);
	check_size("1.0", 1);
	check_size("18446744073709551615", G_MAXUINT64);
	check_size("1.125K", 1152);
	check_size_fails("15.999999999999999999G", "not a whole number");

	check_size_fails("", "empty value");
	check_size_fails("-1", "negative");
	check_size_fails("-4KiB", "negative");
	check_size_fails("4MB", "unknown size suffix 'MB'");
	check_size_fails("4kib", "unknown size suffix");
	check_size_fails("KiB", "not a valid value");
	check_size_fails("0x", "not a valid value");
	check_size_fails("1.1B", "not a whole number");
	check_size_fails("0.3", "not a whole number");
	check_size_fails("18446744073709551616", "out of range");
	check_size_fails("17179869184G", "overflows");
	check_size_fails("16777216T", "overflows");
	check_size_fails("99999999999999999999999.5K", "too many digits");
	check_size_fails("1e3", "unknown size suffix");
	check_size_fails("4 K B", "unknown size suffix");
}

static void
test_times(void **state)
{
	check_time("0", 0);
	check_time("15", 15);
	check_time("15ns", 15);
	check_time("250us", 250000);
	check_time("10ms", 10000000);
	check_time("3s", G_GUINT64_CONSTANT(3000000000));
	check_time("1.5ms", 1500000);
	/* exact where a double would round: 4.35 * 1e6 */
	check_time("4.35ms", 4350000);
	check_time("0.000000001s", 1);
	check_time("1234567.891s", G_GUINT64_CONSTANT(1234567891000000));
	check_time("18446744073s", G_GUINT64_CONSTANT(18446744073000000000));

	check_time_fails("", "empty");
	check_time_fails("-1ms", "negative");
	check_time_fails("1h", "unknown time suffix 'h'");
	check_time_fails("10 mS", "unknown time suffix");
	check_time_fails("0.1ns", "not a whole number");
	check_time_fails("18446744074s", "overflows");
	check_time_fails("ms", "not a valid value");
}

static void
test_rates(void **state)
{
	gdouble v = 0;
	g_autoptr(GError) error = NULL;

	assert_true(cmasim_parse_rate_per_s("2000/s", &v, NULL));
	assert_true(v == 2000.0);
	assert_true(cmasim_parse_rate_per_s("5/ms", &v, NULL));
	assert_true(v == 5000.0);
	assert_true(cmasim_parse_rate_per_s("0.5/s", &v, NULL));
	assert_true(v == 0.5);
	assert_true(cmasim_parse_rate_per_s("3/us", &v, NULL));
	assert_true(v == 3e6);
	assert_true(cmasim_parse_rate_per_s("0/s", &v, NULL));
	assert_true(v == 0.0);
	assert_false(cmasim_parse_rate_per_s("2000", &v, &error));
	assert_non_null(strstr(error->message, "not a rate"));
	g_clear_error(&error);
	assert_false(cmasim_parse_rate_per_s("1/h", &v, &error));
	g_clear_error(&error);
	assert_false(cmasim_parse_rate_per_s("-1/s", &v, &error));
	assert_non_null(strstr(error->message, "negative"));
	g_clear_error(&error);
	assert_false(cmasim_parse_rate_per_s("2000000000000000/s", &v, &error));
	assert_non_null(strstr(error->message, "out of range"));
}

static void
test_integers(void **state)
{
	guint64 v = 0;
	g_autoptr(GError) error = NULL;

	assert_true(cmasim_parse_uint64("0", &v, NULL));
	assert_int_equal(v, 0);
	assert_true(cmasim_parse_uint64("18446744073709551615", &v, NULL));
	assert_true(v == G_MAXUINT64);
	assert_true(cmasim_parse_uint64("0x10", &v, NULL));
	assert_int_equal(v, 16);
	assert_true(cmasim_parse_uint64("0777", &v, NULL));
	assert_int_equal(v, 777);
	assert_false(cmasim_parse_uint64("18446744073709551616", &v, &error));
	assert_non_null(strstr(error->message, "out of range"));
	g_clear_error(&error);
	assert_false(cmasim_parse_uint64("0x10000000000000000", &v, &error));
	g_clear_error(&error);
	assert_false(cmasim_parse_uint64("1.5", &v, &error));
	g_clear_error(&error);
	assert_false(cmasim_parse_uint64("-0", &v, &error));
	assert_non_null(strstr(error->message, "negative"));
	g_clear_error(&error);
	assert_false(cmasim_parse_uint64("12abc", &v, &error));
	g_clear_error(&error);
	assert_false(cmasim_parse_uint64("", &v, &error));
}

static void
test_doubles(void **state)
{
	gdouble v = 0;
	g_autoptr(GError) error = NULL;

	assert_true(cmasim_parse_double("2.5", &v, NULL));
	assert_true(v == 2.5);
	assert_true(cmasim_parse_double(".5", &v, NULL));
	assert_true(v == 0.5);
	assert_true(cmasim_parse_double("7", &v, NULL));
	assert_true(v == 7.0);
	assert_true(cmasim_parse_double("1e6", &v, NULL));
	assert_true(v == 1e6);
	assert_true(cmasim_parse_double("2.5E-3", &v, NULL));
	assert_true(v == 2.5e-3);
	assert_true(cmasim_parse_double("1e+20", &v, NULL));
	assert_true(v == 1e20);
	assert_false(cmasim_parse_double("1e400", &v, &error));
	assert_non_null(strstr(error->message, "out of range"));
	g_clear_error(&error);
	assert_false(cmasim_parse_double("1e", &v, &error));
	g_clear_error(&error);
	assert_false(cmasim_parse_double("1 e5", &v, &error));
	g_clear_error(&error);
	assert_false(cmasim_parse_double("nan", &v, &error));
	g_clear_error(&error);
	assert_false(cmasim_parse_double("inf", &v, &error));
	g_clear_error(&error);
	assert_false(cmasim_parse_double("-1", &v, &error));
	assert_non_null(strstr(error->message, "negative"));
	g_clear_error(&error);
	assert_false(cmasim_parse_double("1.2.3", &v, &error));
}

static void
test_bools(void **state)
{
	static const gchar *const yes[] = {"true", "yes", "on", "1"};
	static const gchar *const no[] = {"false", "no", "off", "0"};
	gboolean v = FALSE;
	g_autoptr(GError) error = NULL;
	for (guint i = 0; i < G_N_ELEMENTS(yes); i++) {
		assert_true(cmasim_parse_bool(yes[i], &v, NULL));
		assert_true(v);
		assert_true(cmasim_parse_bool(no[i], &v, NULL));
		assert_false(v);
	}
	assert_false(cmasim_parse_bool("maybe", &v, &error));
	assert_non_null(strstr(error->message, "(expected true or false)"));
	g_clear_error(&error);
	assert_false(cmasim_parse_bool(NULL, &v, &error));
}

static void
test_formats(void **state)
{
	static const guint64 sizes[] = {0,
	                                1,
	                                1023,
	                                1024,
	                                1536,
	                                4096,
	                                3110400,
	                                G_GUINT64_CONSTANT(3) << 30,
	                                G_GUINT64_CONSTANT(13) << 30,
	                                G_GUINT64_CONSTANT(5) << 40,
	                                G_MAXUINT64};
	static const guint64 times[] = {
	    0, 1, 999, 1000, 1500, 2000000, 33333000, G_GUINT64_CONSTANT(30000000000), G_MAXUINT64};
	g_autofree gchar *a = cmasim_format_size_bytes(1024);
	g_autofree gchar *b = cmasim_format_size_bytes(G_GUINT64_CONSTANT(512) << 20);
	g_autofree gchar *c = cmasim_format_time_ns(1500);
	g_autofree gchar *d = cmasim_format_time_ns(30 * CMASIM_NS_PER_S);
	g_autofree gchar *e = cmasim_format_size_bytes(0);
	g_autofree gchar *f = cmasim_format_time_ns(0);

	assert_string_equal(a, "1KiB");
	assert_string_equal(b, "512MiB");
	assert_string_equal(c, "1500ns");
	assert_string_equal(d, "30s");
	assert_string_equal(e, "0");
	assert_string_equal(f, "0ns");
	/* the canonical text reads back exactly */
	for (guint i = 0; i < G_N_ELEMENTS(sizes); i++) {
		g_autofree gchar *text = cmasim_format_size_bytes(sizes[i]);
		guint64 v = 0;
		assert_true(cmasim_parse_size_bytes(text, &v, NULL));
		assert_true(v == sizes[i]);
	}
	for (guint i = 0; i < G_N_ELEMENTS(times); i++) {
		g_autofree gchar *text = cmasim_format_time_ns(times[i]);
		CmasimTimeNs v = 0;
		assert_true(cmasim_parse_time_ns(text, &v, NULL));
		assert_true(v == times[i]);
	}
}

static void
test_arithmetic(void **state)
{
	guint64 v = 0;
	assert_true(
	    cmasim_mul_u64(G_GUINT64_CONSTANT(1) << 32, (G_GUINT64_CONSTANT(1) << 32) - 1, &v));
	assert_false(cmasim_mul_u64(G_GUINT64_CONSTANT(1) << 32, G_GUINT64_CONSTANT(1) << 32, &v));
	assert_true(cmasim_mul_u64(0, G_MAXUINT64, &v));
	assert_int_equal(v, 0);
	assert_true(cmasim_add_u64(G_MAXUINT64 - 1, 1, &v));
	assert_true(v == G_MAXUINT64);
	assert_false(cmasim_add_u64(G_MAXUINT64, 1, &v));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sizes),   cmocka_unit_test(test_times),
	    cmocka_unit_test(test_rates),   cmocka_unit_test(test_integers),
	    cmocka_unit_test(test_doubles), cmocka_unit_test(test_bools),
	    cmocka_unit_test(test_formats), cmocka_unit_test(test_arithmetic),
	};
	return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
