/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/* tests of src/sweep/: seeds, plan expansion, shards, statistics, CSV quoting, resume */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <glib/gstdio.h>

#include "cmasim/cmasim-sweep.h"

static void
test_seeds(void **state)
{
	g_autoptr(GArray) seeds = g_array_new(FALSE, FALSE, sizeof(guint64));
	g_autoptr(GError) error = NULL;
	const guint64 expected[] = {1, 2, 3, 7};

	assert_true(cmasim_sweep_parse_seeds("1..3,7", seeds, &error));
	assert_int_equal(seeds->len, 4);
	for (guint i = 0; i < 4; i++)
		assert_int_equal(g_array_index(seeds, guint64, i), expected[i]);
	g_array_set_size(seeds, 0);
	assert_false(cmasim_sweep_parse_seeds("3..1", seeds, &error));
	g_clear_error(&error);
	assert_false(cmasim_sweep_parse_seeds("1,1", seeds, &error));
	g_clear_error(&error);
	assert_false(cmasim_sweep_parse_seeds("x", seeds, &error));
	g_clear_error(&error);
	assert_false(cmasim_sweep_parse_seeds("0..2000000", seeds, &error));
}

static CmasimSweepPlan *
plan_new(void)
{
	g_autoptr(GPtrArray) policies = g_ptr_array_new();
	gchar *sets[] = {(gchar *)"b=x,y", (gchar *)"a=1,2", NULL};
	g_ptr_array_add(policies, (gpointer) "cma");
	g_ptr_array_add(policies, (gpointer) "carveout");
	return cmasim_sweep_plan_new("w.yaml", "1..3,7", sets, policies, NULL);
}

static void
test_expand(void **state)
{
	g_autoptr(CmasimSweepPlan) plan = plan_new();
	g_autoptr(GPtrArray) runs = NULL;
	const CmasimSweepRun *first, *last;

	assert_non_null(plan);
	runs = cmasim_sweep_plan_expand(plan);
	assert_int_equal(runs->len, 2 * 2 * 2 * 4);
	first = g_ptr_array_index(runs, 0);
	last = g_ptr_array_index(runs, runs->len - 1);
	assert_string_equal(first->name, "carveout/b=x,a=1/seed-1");
	assert_string_equal(first->config, "carveout/b=x,a=1");
	assert_string_equal(last->name, "cma/b=y,a=2/seed-7");
	assert_string_equal(g_ptr_array_index(last->values, 0), "y");
	assert_string_equal(g_ptr_array_index(last->values, 1), "2");
	for (guint i = 1; i < runs->len; i++)
		assert_true(strcmp(((CmasimSweepRun *)g_ptr_array_index(runs, i - 1))->name,
		                   ((CmasimSweepRun *)g_ptr_array_index(runs, i))->name) < 0);
}

static void
test_shards(void **state)
{
	g_autoptr(CmasimSweepPlan) plan = plan_new();
	g_autoptr(GPtrArray) runs = cmasim_sweep_plan_expand(plan);
	g_autoptr(GError) error = NULL;
	guint shard, count;

	for (guint k = 1; k <= 7; k++) {
		for (guint i = 0; i < runs->len; i++) {
			guint holders = 0;
			for (guint s = 0; s < k; s++)
				holders += cmasim_sweep_shard_has(i, s, k);
			assert_int_equal(holders, 1);
		}
	}
	assert_true(cmasim_sweep_parse_shard("2/8", &shard, &count, &error));
	assert_int_equal(shard, 2);
	assert_int_equal(count, 8);
	assert_false(cmasim_sweep_parse_shard("8/8", &shard, &count, &error));
	g_clear_error(&error);
	assert_false(cmasim_sweep_parse_shard("1", &shard, &count, &error));
}

static void
test_sanitize(void **state)
{
	g_autofree gchar *a = cmasim_sweep_sanitize("64M/x y");
	g_autofree gchar *b = cmasim_sweep_sanitize("..");
	assert_string_equal(a, "64M%2Fx%20y");
	assert_string_equal(b, "%2E%2E");
}

static void
test_stats(void **state)
{
	gdouble values[] = {5, 1, 4, 2, 3};
	gdouble one[] = {42};
	CmasimSweepStats stats;

	cmasim_sweep_stats(values, 5, &stats);
	assert_int_equal(stats.n, 5);
	assert_float_equal(stats.mean, 3.0, 1e-12);
	assert_float_equal(stats.median, 3.0, 1e-12);
	/* rank 0.05 * 4 = 0.2: 1 + 0.2 * (2 - 1) */
	assert_float_equal(stats.p5, 1.2, 1e-12);
	assert_float_equal(stats.p95, 4.8, 1e-12);
	/* s = sqrt(2.5), t(4) = 2.7764: half width 2.7764 * sqrt(2.5) / sqrt(5) = 1.963211 */
	assert_float_equal(stats.ci95_low, 3.0 - 1.963211, 1e-5);
	assert_float_equal(stats.ci95_high, 3.0 + 1.963211, 1e-5);
	cmasim_sweep_stats(one, 1, &stats);
	assert_float_equal(stats.mean, 42, 0);
	assert_true(isnan(stats.ci95_low) && isnan(stats.ci95_high));
	assert_float_equal(cmasim_sweep_t975(1), 12.7062, 1e-4);
	/* t(60) = 2.0003, t(120) = 1.9799 */
	assert_float_equal(cmasim_sweep_t975(60), 2.0003, 2e-4);
	assert_float_equal(cmasim_sweep_t975(120), 1.9799, 2e-4);
}

static void
test_csv(void **state)
{
	g_autoptr(GString) out = g_string_new(NULL);
	cmasim_sweep_csv_field(out, "plain");
	g_string_append_c(out, '|');
	cmasim_sweep_csv_field(out, "a,b");
	g_string_append_c(out, '|');
	cmasim_sweep_csv_field(out, "say \"hi\"");
	g_string_append_c(out, '|');
	cmasim_sweep_csv_field(out, "two\nlines");
	assert_string_equal(out->str, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"");
}

static void
test_plan_yaml(void **state)
{
	g_autoptr(CmasimSweepPlan) plan = plan_new();
	g_autofree gchar *text = cmasim_sweep_plan_to_yaml(plan);
	g_autofree gchar *dir = g_dir_make_tmp("cmasim-sweep-XXXXXX", NULL);
	g_autofree gchar *path = g_build_filename(dir, "sweep.yaml", NULL);
	g_autoptr(CmasimSweepPlan) back = NULL;
	g_autoptr(CmasimSweepPlan) other = NULL;
	g_autoptr(GPtrArray) policies = g_ptr_array_new();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *diff = NULL;

	assert_true(g_file_set_contents(path, text, -1, NULL));
	back = cmasim_sweep_plan_load(path, &error);
	assert_null(error);
	assert_null(cmasim_sweep_plan_diff(plan, back));
	g_ptr_array_add(policies, (gpointer) "cma");
	other = cmasim_sweep_plan_new("w.yaml", "1..4", NULL, policies, NULL);
	diff = cmasim_sweep_plan_diff(plan, other);
	assert_non_null(strstr(diff, "seeds: \"1..3,7\""));
	assert_non_null(strstr(diff, "seeds: \"1..4\""));
	g_unlink(path);
	g_rmdir(dir);
}

static void
test_resume(void **state)
{
	g_autofree gchar *dir = g_dir_make_tmp("cmasim-sweep-XXXXXX", NULL);
	g_autofree gchar *summary = g_build_filename(dir, "summary.yaml", NULL);
	g_autofree gchar *status = g_build_filename(dir, "exit-status", NULL);

	assert_int_equal(cmasim_sweep_run_status(dir), CMASIM_SWEEP_MISSING);
	assert_true(g_file_set_contents(summary, "policy: cma\npartial: true\n", -1, NULL));
	assert_int_equal(cmasim_sweep_run_status(dir), CMASIM_SWEEP_MISSING);
	assert_true(g_file_set_contents(status, "1\n", -1, NULL));
	assert_int_equal(cmasim_sweep_run_status(dir), CMASIM_SWEEP_FAILED);
	assert_true(g_file_set_contents(summary, "policy: cma\npartial: false\nx: 1\n", -1, NULL));
	assert_int_equal(cmasim_sweep_run_status(dir), CMASIM_SWEEP_OK);
	g_unlink(summary);
	g_unlink(status);
	g_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_seeds),     cmocka_unit_test(test_expand),
	    cmocka_unit_test(test_shards),    cmocka_unit_test(test_sanitize),
	    cmocka_unit_test(test_stats),     cmocka_unit_test(test_csv),
	    cmocka_unit_test(test_plan_yaml), cmocka_unit_test(test_resume),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
