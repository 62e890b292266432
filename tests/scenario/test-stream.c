/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Page cache that streams through memory and shmem (tests/data/scenario/
 * stream.yaml): the `stream:` and `bandwidth:` keys and `kind: shmem` as
 * the workload reader takes them, their bad inputs, and a run in which a
 * read larger than RAM keeps kswapd reclaiming while a contiguous request
 * drops the clean page cache it finds in the CMA area.
 */
#define G_LOG_DOMAIN "CmasimTest"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib/gstdio.h>

#include "check/cmasim-check-private.h"
#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-sim.h"
#include "cmasim/cmasim-units.h"
#include "scenario-util.h"

#define STREAM_WORKLOAD CMASIM_TEST_DATADIR "/scenario/stream.yaml"

static CmasimScenario *
load(const gchar *path)
{
	g_autoptr(GError) error = NULL;
	CmasimScenario *scenario = cmasim_scenario_load(path, &error);
	if (scenario == NULL)
		fail_msg("%s", error->message);
	return scenario;
}

static const CmasimBackgroundTask *
task(const CmasimScenario *scenario, guint i)
{
	assert_true(i < scenario->background->len);
	return g_ptr_array_index(scenario->background, i);
}

static void
test_stream_keys(void **state)
{
	g_autoptr(CmasimScenario) scenario = load(STREAM_WORKLOAD);
	const CmasimBackgroundTask *tmpfs = task(scenario, 0);
	const CmasimBackgroundTask *read = task(scenario, 1);
	gdouble bw = 0;

	(void)state;
	assert_true(tmpfs->shmem);
	assert_int_equal(tmpfs->kind, CMASIM_OWNER_ANON);
	assert_int_equal(tmpfs->stream_bytes, 16u << 20);
	assert_false(read->shmem);
	assert_int_equal(read->kind, CMASIM_OWNER_FILE);
	assert_int_equal(read->stream_bytes, 96u << 20);
	/* 200 MiB/s of order-0 pages of 4 KiB */
	assert_true(read->rate_per_s == 51200.0);
	assert_true(tmpfs->rate_per_s == 102400.0);
	/* a stream's pages stay until something drops them */
	assert_int_equal(read->lifetime_ns.kind, CMASIM_DIST_FIXED);
	assert_true(read->lifetime_ns.a == 0);

	assert_true(cmasim_parse_bandwidth("4KiB/ms", &bw, NULL));
	assert_true(bw == 4096000.0);
	assert_false(cmasim_parse_bandwidth("200MiB", &bw, NULL));
	assert_false(cmasim_parse_bandwidth("200MB/s", &bw, NULL));
	assert_false(cmasim_parse_bandwidth("fast/s", &bw, NULL));
}

/* a workload made of @tasks_yaml fails to load with @needle in the message */
static void
expect_error(const gchar *tasks_yaml, const gchar *needle)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = NULL;
	g_autofree gchar *text = g_strdup_printf(
	    "version: 1\nduration: 1s\nmachine: {ram: 64MiB}\ntasks:\n%s", tasks_yaml);
	gint fd = g_file_open_tmp("cmasim-test-stream-XXXXXX.yaml", &path, &error);
	g_autoptr(CmasimScenario) scenario = NULL;

	assert_true(fd >= 0);
	close(fd);
	assert_true(g_file_set_contents(path, text, -1, &error));
	scenario = cmasim_scenario_load(path, &error);
	g_unlink(path);
	if (scenario != NULL)
		fail_msg("loaded, expected an error with '%s'", needle);
	if (strstr(error->message, needle) == NULL)
		fail_msg("'%s' does not say '%s'", error->message, needle);
	/* file:line:column */
	assert_non_null(strstr(error->message, ".yaml:5:"));
}

static void
test_stream_errors(void **state)
{
	(void)state;
	expect_error("  - {name: r, type: background, kind: file, stream: 8MiB, fill: 10%}\n",
		     "tasks.r.stream: a stream needs a rate or a bandwidth and no fill");
	expect_error("  - {name: r, type: background, kind: file, stream: 8MiB, fill: 10%, "
		     "rate: 10/s}\n",
		     "tasks.r.stream");
	expect_error("  - {name: r, type: background, kind: file, rate: 10/s, "
		     "bandwidth: 1MiB/s}\n",
		     "bandwidth");
	expect_error("  - {name: r, type: background, kind: file, bandwidth: 1MiB}\n",
		     "is not a bandwidth");
	expect_error("  - {name: s, type: background, kind: shmem, rate: 10/s, dirty: 0.5}\n",
		     "only file pages are dirty");
	expect_error("  - {name: r, type: background, kind: file, stream: 0, rate: 10/s}\n",
		     "tasks.r.stream");
	expect_error("  - {name: r, type: background, kind: tmpfs, rate: 10/s}\n",
		     "anon, file, shmem, reclaimable or unmovable");
}

static gint64
metric(GHashTable *summary, const gchar *path)
{
	g_autoptr(GError) error = NULL;
	const CmasimSummaryValue *v = _cmasim_summary_lookup(summary, "summary.yaml", path, &error);
	if (v == NULL)
		fail_msg("%s", error->message);
	return g_ascii_strtoll(v->text, NULL, 10);
}

static gchar *
run(const CmasimScenario *scenario)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimSim) sim = cmasim_sim_new(scenario, "cma", &error);
	gchar *dir = scenario_test_make_tmp_dir();

	if (sim == NULL)
		fail_msg("%s", error->message);
	if (!cmasim_sim_run(sim, &error) || !cmasim_sim_write_outputs(sim, dir, &error))
		fail_msg("%s", error->message);
	return dir;
}

static void
test_stream_run(void **state)
{
	g_autoptr(CmasimScenario) scenario = load(STREAM_WORKLOAD);
	g_autofree gchar *dir = run(scenario);
	g_autofree gchar *path = g_build_filename(dir, "summary.yaml", NULL);
	g_autofree gchar *effective = g_build_filename(dir, "config.effective.yaml", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) summary = _cmasim_summary_load(path, &error);
	gint64 streamed, stolen, dropped, shmem, file, free_pages;

	(void)state;
	assert_non_null(summary);
	/* both streams ran to their size and stopped */
	assert_int_equal(metric(summary, "tasks.tmpfs.allocs"), 4096);
	assert_int_equal(metric(summary, "tasks.tmpfs.stream_left_pages"), 0);
	streamed = metric(summary, "tasks.read.allocs");
	assert_int_equal(streamed, 24576);
	assert_int_equal(metric(summary, "tasks.read.stream_left_pages"), 0);
	assert_int_equal(metric(summary, "tasks.read.alloc_failures"), 0);
	/* more than RAM went through: kswapd reclaimed the oldest page cache */
	stolen = metric(summary, "memory.reclaim.pgsteal");
	assert_true(stolen > 0);
	assert_true(metric(summary, "memory.reclaim.kswapd_wakeups") > 0);
	/* the camera buffer found clean page cache in the area and dropped it */
	assert_int_equal(metric(summary, "contiguous.succeeded"), 1);
	dropped = metric(summary, "contiguous.pages_dropped");
	assert_true(dropped > 0);
	/* shmem is never reclaimed: all of it is still there */
	shmem = metric(summary, "counters.nr_shmem");
	assert_int_equal(shmem, 4096);
	assert_int_equal(metric(summary, "counters.nr_anon_pages"), 0);
	/* every streamed page is cached, reclaimed or dropped */
	file = metric(summary, "counters.nr_file_pages");
	assert_int_equal(file - shmem, streamed - stolen - dropped);
	/* memory stays full: the zone sits near its watermarks */
	free_pages = metric(summary, "counters.nr_free_pages");
	assert_true(free_pages < 16384 / 10);

	/* config.effective.yaml says the same run (rate, stream, kind: shmem) */
	{
		g_autoptr(CmasimScenario) again = load(effective);
		g_autofree gchar *dir2 = run(again);
		g_autofree gchar *a = scenario_test_read_file(dir, "summary.yaml", NULL);
		g_autofree gchar *b = scenario_test_read_file(dir2, "summary.yaml", NULL);
		assert_true(task(again, 0)->shmem);
		assert_int_equal(task(again, 1)->stream_bytes, 96u << 20);
		assert_string_equal(a, b);
		scenario_test_remove_dir(dir2);
	}
	scenario_test_remove_dir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stream_keys),
	    cmocka_unit_test(test_stream_errors),
	    cmocka_unit_test(test_stream_run),
	};
	g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
