/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Whole-workload tests of the simulation driver (src/sim/): the tiny
 * scenario under every registered policy with the invariant checker after
 * every event, byte-identical outputs for identical inputs, different
 * outputs for another seed, sane summary numbers, partial runs, region
 * placement and the replay id map. The canonical scenario runs in the
 * 'slow' suite.
 */
#define G_LOG_DOMAIN "CmasimTest"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib/gstdio.h>

#include "cmasim/cmasim-policy.h"
#include "cmasim/cmasim-sim.h"
#include "scenario-util.h"
#include "sim/cmasim-sim-private.h"

#define TINY_WORKLOAD CMASIM_TEST_DATADIR "/scenario/tiny.yaml"

static CmasimScenario *
load_tiny(const gchar *const *sets)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario = cmasim_scenario_load(TINY_WORKLOAD, &error);

	if (scenario == NULL)
		fail_msg("%s", error->message);
	for (guint i = 0; sets != NULL && sets[i] != NULL; i++) {
		if (!cmasim_scenario_apply_set(scenario, sets[i], &error))
			fail_msg("%s: %s", sets[i], error->message);
	}
	return g_steal_pointer(&scenario);
}

static gint
cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const gchar *const *)a, *(const gchar *const *)b);
}

/* names in a directory, sorted */
static GPtrArray *
list_dir(const gchar *path)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;

	assert_non_null(dir);
	while ((name = g_dir_read_name(dir)) != NULL)
		g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, cmp_names);
	return names;
}

static void
check_summary_sane(const CmasimSimSummary *s, const gchar *policy)
{
	guint64 failed = 0;

	assert_string_equal(s->policy, policy);
	assert_string_equal(s->workload, "tiny");
	assert_false(s->partial);
	assert_int_equal(s->simulated_ns, 1 * CMASIM_NS_PER_S);
	assert_true(s->requests > 0);
	for (guint st = 0; st < CMASIM_ALLOC_STATUSES; st++)
		failed += s->failed_by_status[st];
	assert_int_equal(s->failed_by_status[CMASIM_ALLOC_OK], 0);
	assert_int_equal(s->failed, failed);
	assert_int_equal(s->succeeded + s->failed, s->requests);
	assert_true(s->latency_min_ns <= s->latency_p50_ns);
	assert_true(s->latency_p50_ns <= s->latency_p90_ns);
	assert_true(s->latency_p90_ns <= s->latency_p99_ns);
	assert_true(s->latency_p99_ns <= s->latency_p999_ns);
	assert_true(s->latency_p999_ns <= s->latency_max_ns);
	assert_true(s->latency_mean_ns >= (gdouble)s->latency_min_ns);
	assert_true(s->latency_mean_ns <= (gdouble)s->latency_max_ns);
	assert_int_equal(cmasim_counters_get(&s->counters, CMASIM_COUNTER_CMA_ALLOC_SUCCESS),
	                 s->succeeded);
	assert_int_equal(cmasim_counters_get(&s->counters, CMASIM_COUNTER_CMA_ALLOC_FAIL),
	                 s->failed);
	assert_int_equal(cmasim_counters_get(&s->counters, CMASIM_COUNTER_PGMIGRATE_SUCCESS),
	                 s->pages_migrated);
	assert_true(s->events_processed > s->background_events);
	assert_true(s->background_events > 0);
	assert_int_equal(s->timed_events, 6);
	assert_int_equal(s->n_orders, 11);
	assert_true(s->request_order == 10);
	if (g_strcmp0(policy, "carveout") == 0) {
		assert_int_equal(s->pages_migrated, 0);
		assert_int_equal(s->pages_dropped, 0);
		assert_true(s->reserved_idle_page_seconds > 0);
		assert_true(s->reserved_pages > 0);
	}
	if (g_strcmp0(policy, "cma") == 0)
		assert_true(s->reserved_idle_page_seconds == 0);
}

/*
 * `test-scenario SHARD COUNT` runs only this, for the registered policies i
 * with i % COUNT == SHARD: it is the long one (the checker after every
 * event), so tests/scenario/meson.build runs it as shards in parallel
 */
static guint validated_shard, validated_shards = 1;

/* the tiny workload under every registered policy, invariants checked after every event */
static void
test_every_policy_validated(void **state)
{
	guint n_ops = 0;
	const CmasimPolicyOps *const *ops = cmasim_policy_ops_list(&n_ops);
	const gchar *const sets[] = {"sim.validate=true", NULL};
	g_autoptr(CmasimScenario) scenario = load_tiny(sets);

	assert_true(n_ops >= 3);
	for (guint i = validated_shard; i < n_ops; i += validated_shards) {
		g_autoptr(GError) error = NULL;
		g_autoptr(CmasimSim) sim = cmasim_sim_new(scenario, ops[i]->name, &error);
		g_autofree gchar *dir = scenario_test_make_tmp_dir();
		g_autoptr(GPtrArray) files = NULL;
		static const gchar *const expected[] = {
		    "buddyinfo.txt",    "config.effective.yaml", "extfrag_index",
		    "pagetypeinfo.txt", "pfnmap.tsv",            "requests.tsv",
		    "run-info.yaml",    "summary.yaml",          "timeline.tsv",
		    "unusable_index",
		};

		if (sim == NULL)
			fail_msg("%s: %s", ops[i]->name, error->message);
		if (!cmasim_sim_run(sim, &error))
			fail_msg("%s: %s", ops[i]->name, error->message);
		check_summary_sane(cmasim_sim_get_summary(sim), ops[i]->name);
		if (!cmasim_sim_write_outputs(sim, dir, &error))
			fail_msg("%s: %s", ops[i]->name, error->message);
		files = list_dir(dir);
		assert_int_equal(files->len, G_N_ELEMENTS(expected));
		for (guint f = 0; f < G_N_ELEMENTS(expected); f++)
			assert_string_equal(g_ptr_array_index(files, f), expected[f]);
		scenario_test_remove_dir(dir);
	}
}

/* run the tiny workload into a fresh directory, returned */
static gchar *
run_into_dir(const gchar *const *sets, const gchar *policy, gboolean stream, gboolean trace)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario = load_tiny(sets);
	g_autoptr(CmasimSim) sim = cmasim_sim_new(scenario, policy, &error);
	gchar *dir = scenario_test_make_tmp_dir();

	if (sim == NULL)
		fail_msg("%s", error->message);
	if (stream && !cmasim_sim_set_output_dir(sim, dir, &error))
		fail_msg("%s", error->message);
	cmasim_sim_set_trace(sim, trace);
	if (!cmasim_sim_run(sim, &error))
		fail_msg("%s", error->message);
	if (!cmasim_sim_write_outputs(sim, dir, &error))
		fail_msg("%s", error->message);
	return dir;
}

/* same inputs and seed: byte-identical files except run-info.yaml, streamed or not */
static void
test_deterministic(void **state)
{
	g_autofree gchar *a = run_into_dir(NULL, "cma", TRUE, TRUE);
	g_autofree gchar *b = run_into_dir(NULL, "cma", FALSE, TRUE);
	g_autoptr(GPtrArray) files_a = list_dir(a);
	g_autoptr(GPtrArray) files_b = list_dir(b);
	guint compared = 0;

	assert_int_equal(files_a->len, files_b->len);
	for (guint i = 0; i < files_a->len; i++) {
		const gchar *name = g_ptr_array_index(files_a, i);
		g_autofree gchar *text_a = NULL;
		g_autofree gchar *text_b = NULL;
		gsize len_a = 0, len_b = 0;

		assert_string_equal(name, g_ptr_array_index(files_b, i));
		/* no temporary file may be left behind */
		assert_null(strstr(name, ".tmp."));
		if (g_strcmp0(name, "run-info.yaml") == 0)
			continue;
		text_a = scenario_test_read_file(a, name, &len_a);
		text_b = scenario_test_read_file(b, name, &len_b);
		if (len_a != len_b || memcmp(text_a, text_b, len_a) != 0)
			fail_msg("%s differs between two identical runs", name);
		compared++;
	}
	assert_int_equal(compared, 10); /* with trace.txt and pfnmap.tsv */
	scenario_test_remove_dir(a);
	scenario_test_remove_dir(b);
}

/* another seed gives other numbers */
static void
test_seed_changes_outputs(void **state)
{
	const gchar *const sets[] = {"seed=8", NULL};
	g_autofree gchar *a = run_into_dir(NULL, "cma", FALSE, FALSE);
	g_autofree gchar *b = run_into_dir(sets, "cma", FALSE, FALSE);
	g_autofree gchar *timeline_a = scenario_test_read_file(a, "timeline.tsv", NULL);
	g_autofree gchar *timeline_b = scenario_test_read_file(b, "timeline.tsv", NULL);
	g_autofree gchar *summary_a = scenario_test_read_file(a, "summary.yaml", NULL);
	g_autofree gchar *summary_b = scenario_test_read_file(b, "summary.yaml", NULL);

	assert_string_not_equal(timeline_a, timeline_b);
	assert_string_not_equal(summary_a, summary_b);
	assert_non_null(strstr(summary_b, "\nseed: 8\n"));
	scenario_test_remove_dir(a);
	scenario_test_remove_dir(b);
}

/* the number in column @col (0-based) of a TSV row */
static guint64
tsv_column(const gchar *row, guint col)
{
	g_auto(GStrv) fields = g_strsplit(row, "\t", -1);
	assert_true(g_strv_length(fields) > col);
	return g_ascii_strtoull(fields[col], NULL, 10);
}

/*
 * pfnmap.tsv: a snapshot every interval, each bin's pages add up to its
 * size, its free pages to the timeline's free_pages + free_Isolate at the same sample,
 * CMA buffers show up as contig pages in the area; bins 0 turns it off.
 */
static void
test_pfnmap(void **state)
{
	const gchar *const off[] = {"sim.pfnmap_bins=0", NULL};
	const gchar *const coarse[] = {"sim.pfnmap_bins=5", "sim.pfnmap_interval=25ms", NULL};
	g_autofree gchar *dir = run_into_dir(NULL, "cma", TRUE, FALSE);
	g_autofree gchar *dir_off = run_into_dir(off, "cma", FALSE, FALSE);
	g_autofree gchar *dir_coarse = run_into_dir(coarse, "cma", FALSE, FALSE);
	g_autofree gchar *pfnmap = scenario_test_read_file(dir, "pfnmap.tsv", NULL);
	g_autofree gchar *timeline = scenario_test_read_file(dir, "timeline.tsv", NULL);
	g_autofree gchar *coarse_map = scenario_test_read_file(dir_coarse, "pfnmap.tsv", NULL);
	g_autofree gchar *off_path = g_build_filename(dir_off, "pfnmap.tsv", NULL);
	g_auto(GStrv) rows = g_strsplit(pfnmap, "\n", -1);
	g_auto(GStrv) samples = g_strsplit(timeline, "\n", -1);
	/* sample time -> free pages + 1 (0: no sample) */
	g_autoptr(GHashTable) free_at = g_hash_table_new(g_direct_hash, g_direct_equal);
	guint64 snapshot_free = 0;
	gint64 snapshot_ns = -1;
	guint n_rows = 0;
	guint64 contig = 0;

	/* tiny: 64 MiB of 4 KiB pages, 512-page pageblocks: 32 bins of one pageblock */
	assert_true(g_str_has_prefix(pfnmap, "# cmasim pfnmap: policy=cma workload=tiny seed=7 "
	                                     "interval_ns=10000000 pageblock_pages=512 "
	                                     "pageblocks_per_bin=1 bins=32\n"));
	for (guint i = 0; samples[i] != NULL; i++) {
		if (samples[i][0] == '#' || samples[i][0] == '\0')
			continue;
		/* free_pages (NR_FREE_PAGES) leaves out isolated pageblocks' free pages,
		 * which the map counts as free: add free_Isolate */
		g_hash_table_insert(free_at, GSIZE_TO_POINTER(tsv_column(samples[i], 0)),
		                    GSIZE_TO_POINTER(tsv_column(samples[i], 7) +
		                                     tsv_column(samples[i], 6) + 1));
	}
	for (guint i = 0; rows[i] != NULL; i++) {
		guint64 bin_pages = 0;
		gint64 t;
		if (rows[i][0] == '#' || rows[i][0] == '\0')
			continue;
		t = (gint64)tsv_column(rows[i], 0);
		if (t != snapshot_ns) {
			if (snapshot_ns >= 0)
				assert_int_equal(snapshot_free + 1,
				                 GPOINTER_TO_SIZE(g_hash_table_lookup(
				                     free_at, GSIZE_TO_POINTER(snapshot_ns))));
			snapshot_ns = t;
			snapshot_free = 0;
		}
		assert_int_equal(tsv_column(rows[i], 1), n_rows % 32);
		assert_int_equal(tsv_column(rows[i], 2), 0x40000 + (n_rows % 32) * 512);
		assert_true(tsv_column(rows[i], 3) < CMASIM_MIGRATETYPES);
		assert_true(tsv_column(rows[i], 4) < CMASIM_PAGE_USES);
		for (guint u = 0; u < CMASIM_PAGE_USES; u++)
			bin_pages += tsv_column(rows[i], 5 + u);
		assert_int_equal(bin_pages, 512);
		snapshot_free += tsv_column(rows[i], 5 + CMASIM_PAGE_USE_FREE);
		contig += tsv_column(rows[i], 5 + CMASIM_PAGE_USE_CONTIG);
		n_rows++;
	}
	assert_int_equal(snapshot_free + 1,
	                 GPOINTER_TO_SIZE(g_hash_table_lookup(free_at, GSIZE_TO_POINTER(snapshot_ns))));
	/* one snapshot per 10 ms sample from 0 to 1 s inclusive */
	assert_int_equal(n_rows, 101 * 32);
	assert_true(contig > 0);
	assert_false(g_file_test(off_path, G_FILE_TEST_EXISTS));
	/* 5 bins of 7 pageblocks (the last holds 4), a snapshot every 30 ms (25 rounded up) */
	assert_non_null(strstr(coarse_map, "interval_ns=30000000 pageblock_pages=512 "
	                                   "pageblocks_per_bin=7 bins=5\n"));
	assert_non_null(strstr(coarse_map, "\n30000000\t4\t"));
	assert_null(strstr(coarse_map, "\n20000000\t"));
	scenario_test_remove_dir(dir);
	scenario_test_remove_dir(dir_off);
	scenario_test_remove_dir(dir_coarse);
}

/* summary.yaml carries the keys scripts rely on; config.effective.yaml names the policy run */
static void
test_summary_keys(void **state)
{
	g_autofree gchar *dir = run_into_dir(NULL, "carveout", FALSE, FALSE);
	g_autofree gchar *summary = scenario_test_read_file(dir, "summary.yaml", NULL);
	g_autofree gchar *config = scenario_test_read_file(dir, "config.effective.yaml", NULL);
	g_autofree gchar *requests = scenario_test_read_file(dir, "requests.tsv", NULL);
	static const gchar *const keys[] = {
	    "policy: carveout\n",
	    "workload: tiny\n",
	    "seed: 7\n",
	    "partial: false\n",
	    "contiguous:\n  requests: ",
	    "  succeeded: ",
	    "  failed: {ENOMEM: ",
	    "EBUSY: ",
	    "EINTR: ",
	    "  latency_ns: {min: ",
	    "p50: ",
	    "p90: ",
	    "p99: ",
	    "p999: ",
	    "max: ",
	    "mean: ",
	    "  breakdown_ns: {mutex_wait: ",
	    "search: ",
	    "isolation: ",
	    "migration: ",
	    "reclaim: ",
	    "cache: ",
	    "tlb: ",
	    "mapping: ",
	    "  pages_migrated: ",
	    "  pages_dropped: ",
	    "  retries: ",
	    "regions:\n- name: cam-cma\n",
	    "memory:\n  reserved_idle_page_seconds: ",
	    "  background_alloc_failures: ",
	    "  reclaim: {pgscan: ",
	    "kswapd_wakeups: ",
	    "counters:\n",
	    "  cma_alloc_success: ",
	    "  cma_alloc_fail: ",
	    "  alloc_pages_success: ",
	    "  alloc_pages_fail: ",
	    "  pgmigrate_success: ",
	    "  pgmigrate_fail: ",
	    "dma_map:\n",
	    "  pte_table_bytes: ",
	    "  tlb_tax_ns_per_s: ",
	    "  atomic_pool: {",
	    "  alias_violations: ",
	    "fragmentation:\n",
	    "  unusable_index: {0: ",
	    "  extfrag_index: {0: ",
	    "events_processed: ",
	};
	guint rows = 0;

	for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (strstr(summary, keys[i]) == NULL)
			fail_msg("summary.yaml lacks '%s'", keys[i]);
	}
	assert_non_null(strstr(config, "carveout"));
	assert_true(g_str_has_prefix(requests, "# id\ttask\tdevice\tregion\tarrival_ns\t"));
	for (const gchar *p = requests; *p != '\0'; p++)
		rows += *p == '\n';
	/* the header and one row per request: 6 iterations x 2 buffers + 1 replayed */
	assert_int_equal(rows, 1 + 13);
	scenario_test_remove_dir(dir);
}

/* a stop requested before the run ends it at once, with partial: true */
static void
test_stop_gives_partial(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario = load_tiny(NULL);
	g_autoptr(CmasimSim) sim = cmasim_sim_new(scenario, "cma", &error);
	g_autofree gchar *dir = scenario_test_make_tmp_dir();
	g_autofree gchar *summary = NULL;

	assert_non_null(sim);
	cmasim_sim_request_stop(sim);
	assert_true(cmasim_sim_run(sim, &error));
	assert_true(cmasim_sim_get_summary(sim)->partial);
	assert_true(cmasim_sim_was_stopped(sim));
	assert_true(cmasim_sim_get_summary(sim)->simulated_ns < CMASIM_NS_PER_S);
	assert_true(cmasim_sim_write_outputs(sim, dir, &error));
	summary = scenario_test_read_file(dir, "summary.yaml", NULL);
	assert_non_null(strstr(summary, "partial: true\n"));
	scenario_test_remove_dir(dir);
}

/* the driver's memory does not grow with the number of requests or events */
static void
test_bounded_state(void **state)
{
	const gchar *const sets[] = {"duration=3s", NULL};
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario = load_tiny(sets);
	g_autoptr(CmasimSim) sim = cmasim_sim_new(scenario, "cma", &error);

	assert_non_null(sim);
	assert_true(cmasim_sim_run(sim, &error));
	/* one request object per buffer of the device task, one for the replay */
	assert_true(sim->requests->len <= 3);
	assert_true(cmasim_sim_get_summary(sim)->requests > 30);
	/* one pending event per live allocation, per task and per pending writeback or pin */
	assert_true(cmasim_event_queue_length(cmasim_engine_get_queue(sim->engine)) <
	            cmasim_mm_get_live_handles(sim->mm) + 64);
}

/*
 * The death processes' victims are loaded ahead (cmasim_bg_predict_death()):
 * a hint that changes no output, but whose hit rate is deterministic, so a
 * predictor that stopped guessing right (a chain restarted for nothing, a
 * victim number taken from the wrong place of the ring) shows here, not
 * only as a slower benchmark.
 */
static void
test_prefetch_predicts_victims(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario = load_tiny(NULL);
	g_autoptr(CmasimSim) sim = cmasim_sim_new(scenario, "cma", &error);
	guint64 deaths = 0, ready = 0;

	assert_non_null(sim);
	assert_true(cmasim_sim_run(sim, &error));
	cmasim_sim_get_prefetch_stats(sim, &deaths, &ready);
	assert_true(deaths > 10000);
	assert_true(ready <= deaths);
	/* 85% when this was written, 87% since the victims' numbers are drawn ahead,
	 * 98.9% since the live array keeps a pfn hint (chains one step shorter) */
	if (ready * 20 < deaths * 19)
		fail_msg("only %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
			 " victims were loaded ahead", ready, deaths);
}

/* banks, holes, zones and the top-down placement of regions */
static void
test_placement(void **state)
{
	static const gchar yaml[] =
	    "version: 1\n"
	    "name: place\n"
	    "duration: 10ms\n"
	    "machine:\n"
	    "  arch: arm32\n"
	    "  ram: 96MiB\n"
	    "  page_size: 4KiB\n"
	    "  max_order: 10\n"
	    "  pageblock_order: 10\n"
	    "  banks:\n"
	    "    - {base: 0x20000000, size: 64MiB}\n"
	    "    - {base: 0x30000000, size: 32MiB}\n"
	    "  zones:\n"
	    "    - {name: Normal}\n"
	    "regions:\n"
	    "  - {name: dyn, size: 6MiB, reusable: true, devices: [a]}\n"
	    "  - {name: fixed, reg: [0x21000000, 8MiB], no-map: true, devices: [b]}\n"
	    "  - {name: low, size: 1MiB, no-map: true, alloc-ranges: [[0x20000000, 16MiB]], "
	    "devices: [c]}\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario =
	    cmasim_scenario_load_from_data("place", yaml, sizeof(yaml) - 1, &error);
	g_autoptr(GArray) regions = NULL;
	CmasimMmConfig config;
	guint64 base_pfn = 0;
	const CmasimSimRegion *r;

	if (scenario == NULL)
		fail_msg("%s", error->message);
	assert_true(
	    _cmasim_sim_build_mm_config(scenario, scenario->params, &config, &base_pfn, &error));
	assert_int_equal(base_pfn, 0x20000);
	/* 0x20000000..0x32000000: 288 MiB of span, a multiple of the 4 MiB max-order block */
	assert_int_equal(config.span_pages, 0x12000);
	assert_int_equal(config.n_holes, 1);
	assert_int_equal(config.holes[0].start_pfn, 0x4000);
	assert_int_equal(config.holes[0].count, 0xc000);
	assert_int_equal(config.n_zones, 1);
	assert_int_equal(config.zones[0].size_pages, config.span_pages);

	regions = _cmasim_sim_place_regions(scenario, &config, base_pfn, &error);
	if (regions == NULL)
		fail_msg("%s", error->message);
	assert_int_equal(regions->len, 3);
	/* reusable: 6 MiB rounded up to the 4 MiB pageblock, at the top of the second bank */
	r = &g_array_index(regions, CmasimSimRegion, 0);
	assert_int_equal(r->count, 2048);
	assert_int_equal(r->pfn, 0x12000 - 2048);
	/* fixed: exactly where `reg` says */
	r = &g_array_index(regions, CmasimSimRegion, 1);
	assert_int_equal(r->pfn, 0x1000);
	assert_int_equal(r->count, 2048);
	/* top-down in its alloc-range [0x20000000, +16 MiB): right below the range's end */
	r = &g_array_index(regions, CmasimSimRegion, 2);
	assert_int_equal(r->count, 256);
	assert_int_equal(r->pfn, 0x1000 - 256);
}

/* overlapping fixed regions: an error naming both */
static void
test_placement_overlap(void **state)
{
	static const gchar yaml[] = "version: 1\n"
	                            "name: overlap\n"
	                            "duration: 10ms\n"
	                            "machine:\n"
	                            "  arch: arm32\n"
	                            "  ram: 64MiB\n"
	                            "  banks: [{base: 0x20000000, size: 64MiB}]\n"
	                            "  zones: [{name: Normal}]\n"
	                            "regions:\n"
	                            "  - {name: first, reg: [0x21000000, 8MiB], no-map: true}\n"
	                            "  - {name: second, reg: [0x21400000, 8MiB], no-map: true}\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario =
	    cmasim_scenario_load_from_data("overlap", yaml, sizeof(yaml) - 1, &error);

	if (scenario != NULL) {
		g_autoptr(CmasimSim) sim = NULL;
		assert_false(cmasim_sim_check_scenario(scenario, &error));
		g_clear_error(&error);
		sim = cmasim_sim_new(scenario, "carveout", &error);
		assert_null(sim);
	}
	assert_non_null(error);
	assert_non_null(strstr(error->message, "first"));
	assert_non_null(strstr(error->message, "second"));
}

/*
 * Replayed partial releases, as debugfs `free N` does them: the head and
 * the tail of an allocation go back with cma_release() of their own, the
 * freed pages are the first fit again, and releases that arrive before the
 * allocation finished are applied when it does.
 */
static void
test_replay_partial_release(void **state)
{
	static const gchar workload[] =
	    "version: 1\n"
	    "name: partial\n"
	    "duration: 20ms\n"
	    "machine: {arch: arm64, ram: 64MiB, banks: [{base: 0x40000000, size: 64MiB}],\n"
	    "          coherent_pools: 0}\n"
	    "regions: [{name: area, base: 0x42000000, size: 16MiB, \"linux,cma-default\": true}]\n"
	    "events:\n"
	    "  - {at: 1ms, op: cma_alloc, id: 1, count: 100, align: 0}\n"
	    "  - {at: 2ms, op: cma_alloc, id: 2, count: 50, align: 0}\n"
	    "  - {at: 3ms, op: cma_release, id: 1, count: 10}\n"
	    "  - {at: 4ms, op: cma_release, id: 1, offset: 80}\n"
	    "  - {at: 5ms, op: cma_alloc, id: 3, count: 10, align: 0}\n"
	    "  - {at: 6ms, op: cma_alloc, id: 4, count: 10, align: 0}\n"
	    "  - {at: 7ms, op: cma_release, id: 1}\n"
	    "  - {at: 8ms, op: cma_alloc, id: 5, count: 40, align: 0}\n"
	    "  - {at: 8ms, op: cma_release, id: 5, count: 8}\n"
	    "  - {at: 8ms, op: cma_release, id: 5, offset: 30}\n"
	    "  - {at: 9ms, op: cma_alloc, id: 6, count: 8, align: 0}\n"
	    "  - {at: 10ms, op: cma_release, id: 9, count: 1}\n";
	/* what cma_release() gave back, in order: pfn, count */
	static const gchar *const releases[] = {
	    "pfn=0x42000 page=", " count=10\n", /* id 1: the head */
	    "pfn=0x4205a page=", " count=10\n", /* id 1: the tail */
	    "pfn=0x4200a page=", " count=80\n", /* id 1: the rest */
	    "pfn=0x4200a page=", " count=8\n",  /* id 5: the head, once it finished */
	    "pfn=0x42030 page=", " count=2\n",  /* id 5: the tail */
	};
	/* id 5 takes the first fit of the 80 pages id 1 left; id 6 the head id 5 gave back */
	static const gchar *const pfns[] = {"0x42000", "0x42064", "0x42000", "0x4205a",
	                                    "0x4200a", "0x4200a"};
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario =
	    cmasim_scenario_load_from_data("partial.yaml", workload, strlen(workload), &error);
	g_autoptr(CmasimSim) sim = NULL;
	g_autofree gchar *dir = scenario_test_make_tmp_dir();
	g_autofree gchar *trace = NULL;
	g_autofree gchar *requests = NULL;
	g_auto(GStrv) rows = NULL;
	const gchar *at;
	guint n_rows = 0;

	if (scenario == NULL)
		fail_msg("%s", error->message);
	sim = cmasim_sim_new(scenario, "cma", &error);
	if (sim == NULL)
		fail_msg("%s", error->message);
	cmasim_sim_set_trace(sim, TRUE);
	if (!cmasim_sim_run(sim, &error) || !cmasim_sim_write_outputs(sim, dir, &error))
		fail_msg("%s", error->message);
	trace = scenario_test_read_file(dir, "trace.txt", NULL);
	at = trace;
	for (guint i = 0; i < G_N_ELEMENTS(releases); i += 2) {
		const gchar *line = strstr(at, "cma_release: name=area ");
		const gchar *eol;
		if (line == NULL)
			fail_msg("release %u missing from trace.txt", i / 2);
		eol = strchr(line, '\n');
		if (strstr(line, releases[i]) == NULL || strstr(line, releases[i]) > eol ||
		    strncmp(eol - strlen(releases[i + 1]) + 1, releases[i + 1],
		            strlen(releases[i + 1])) != 0)
			fail_msg("release %u: expected %s...%s, got %.*s", i / 2, releases[i],
			         releases[i + 1], (int)(eol - line), line);
		at = eol;
	}
	assert_null(strstr(at, "cma_release:"));
	/* requests.tsv: six rows, every one OK, at the expected pfns (decimal) */
	requests = scenario_test_read_file(dir, "requests.tsv", NULL);
	rows = g_strsplit(requests, "\n", -1);
	for (guint i = 0; rows[i] != NULL; i++) {
		g_auto(GStrv) cols = NULL;
		if (rows[i][0] == '#' || rows[i][0] == '\0')
			continue;
		cols = g_strsplit(rows[i], "\t", -1);
		assert_true(n_rows < G_N_ELEMENTS(pfns));
		assert_string_equal(cols[9], "OK");
		assert_int_equal(g_ascii_strtoull(cols[11], NULL, 10),
		                 g_ascii_strtoull(pfns[n_rows] + 2, NULL, 16));
		n_rows++;
	}
	assert_int_equal(n_rows, G_N_ELEMENTS(pfns));
	assert_int_equal(cmasim_counters_get(&cmasim_sim_get_summary(sim)->counters,
	                                     CMASIM_COUNTER_RELEASE_PAGES_SUCCESS),
	                 100 + 10);
	/* id 9 was never allocated: skipped */
	assert_int_equal(sim->timed_skipped, 1);
	scenario_test_remove_dir(dir);
}

/* run a 512 MiB machine with a 64 MiB default area and one cma_alloc of a page */
static void
boot_run(const gchar *machine, const gchar *policy, CmasimSimSummary *summary,
         guint64 *first_pfn, guint64 *free_pages)
{
	g_autofree gchar *workload = g_strdup_printf(
	    "version: 1\n"
	    "name: boot\n"
	    "duration: 10ms\n"
	    "machine: {ram: 512MiB, %s}\n"
	    "regions: [{name: reserved, size: 64MiB, \"linux,cma-default\": true}]\n"
	    "events: [{at: 1ms, op: cma_alloc, id: 1, count: 1, align: 0}]\n",
	    machine);
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario =
	    cmasim_scenario_load_from_data("boot.yaml", workload, strlen(workload), &error);
	g_autoptr(CmasimSim) sim = NULL;
	const CmasimSimRegion *region;

	if (scenario == NULL)
		fail_msg("%s", error->message);
	sim = cmasim_sim_new(scenario, policy, &error);
	if (sim == NULL)
		fail_msg("%s: %s", machine, error->message);
	if (!cmasim_sim_run(sim, &error))
		fail_msg("%s", error->message);
	*summary = *cmasim_sim_get_summary(sim);
	region = &g_array_index(sim->regions, CmasimSimRegion, 0);
	assert_true(sim->requests->len >= 1);
	{
		const CmasimSimRequest *r = g_ptr_array_index(sim->requests, 0);
		*first_pfn = r->req.status == CMASIM_ALLOC_OK ? r->req.pfn - region->pfn : G_MAXUINT64;
	}
	*free_pages = cmasim_mm_get_free_pages(sim->mm);
}

/*
 * The kernel's memory at boot: the DMA atomic pools taken from the default
 * CMA area (arm32 one 256 KiB pool, arm64 three of 128 KiB, x86-64 none),
 * coherent_pool resizing them, other policies taking them from the buddy,
 * memblock-reserved and boot-time unmovable pages off the free count.
 */
static void
test_boot_memory(void **state)
{
	static const struct {
		const gchar *machine, *policy;
		guint64 pool_cma, pool_buddy, first_pfn;
	} cases[] = {
	    {"arch: arm32", "cma", 64, 0, 64},
	    {"arch: arm64", "cma", 96, 0, 96},
	    {"arch: x86-64", "cma", 0, 0, 0},
	    {"arch: arm32, coherent_pool: 1MiB", "cma", 256, 0, 256},
	    {"arch: arm64, coherent_pools: 1", "cma", 32, 0, 32},
	    {"arch: arm64, coherent_pool: 0", "cma", 0, 0, 0},
	    /* the DMA pool: the area is not below 16 MiB (cma_in_zone()), from the buddy */
	    {"arch: x86-64, coherent_pools: 2", "cma", 32, 32, 32},
	    {"arch: arm32", "alloc_contig_pages", 0, 64, G_MAXUINT64},
	};
	static const struct {
		const gchar *machine, *error;
	} bad[] = {
	    {"arch: arm32, reserved: 300MiB",
	     "boot.yaml:4:37: machine.reserved: 300MiB is more than half of RAM"},
	    {"arch: arm32, coherent_pool: 8MiB",
	     "boot.yaml:4:37: machine.coherent_pool: 8MiB is more than a max-order block"},
	    {"arch: arm32, coherent_pools: 4", "machine.coherent_pools"},
	    {"arch: arm32, reserved: 250MiB, boot_unmovable: 250MiB",
	     "machine.boot_unmovable: only "},
	};
	CmasimSimSummary s;
	guint64 first, free_plain, free_boot;

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		boot_run(cases[i].machine, cases[i].policy, &s, &first, &free_plain);
		if (s.boot_pool_cma_pages != cases[i].pool_cma ||
		    s.boot_pool_buddy_pages != cases[i].pool_buddy ||
		    (cases[i].first_pfn != G_MAXUINT64 && first != cases[i].first_pfn))
			fail_msg("%s (%s): pools %" G_GUINT64_FORMAT " cma + %" G_GUINT64_FORMAT
			         " buddy, first pfn +%" G_GUINT64_FORMAT,
			         cases[i].machine, cases[i].policy, s.boot_pool_cma_pages,
			         s.boot_pool_buddy_pages, first);
		assert_int_equal(s.boot_reserved_pages, 0);
	}
	/* 8 MiB reserved and 4 MiB of boot-time unmovable pages are off the free count */
	boot_run("arch: x86-64", "cma", &s, &first, &free_plain);
	boot_run("arch: x86-64, reserved: 8MiB, boot_unmovable: 4MiB", "cma", &s, &first,
	         &free_boot);
	assert_int_equal(s.boot_reserved_pages, 2048);
	assert_int_equal(s.boot_unmovable_pages, 1024);
	assert_int_equal(free_plain - free_boot, 2048 + 1024);
	assert_int_equal(first, 0);

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autofree gchar *workload = g_strdup_printf(
		    "version: 1\n"
		    "name: boot\n"
		    "duration: 10ms\n"
		    "machine: {ram: 512MiB, %s}\n"
		    "regions: [{name: reserved, size: 64MiB, \"linux,cma-default\": true}]\n",
		    bad[i].machine);
		g_autoptr(GError) error = NULL;
		g_autoptr(CmasimScenario) scenario =
		    cmasim_scenario_load_from_data("boot.yaml", workload, strlen(workload), &error);
		g_autoptr(CmasimSim) sim = NULL;
		if (scenario != NULL)
			sim = cmasim_sim_new(scenario, "cma", &error);
		assert_null(sim);
		assert_non_null(error);
		if (strstr(error->message, bad[i].error) == NULL)
			fail_msg("%s: got '%s', expected '%s'", bad[i].machine, error->message,
			         bad[i].error);
	}
}

/* the replay id map against a plain reference */
static void
test_idmap(void **state)
{
	CmasimIdMap map;
	CmasimRng rng;
	g_autofree guint64 *ref = g_new0(guint64, 4096);

	_cmasim_idmap_init(&map);
	cmasim_rng_init(&rng, 1, "test:idmap");
	for (guint i = 0; i < 200000; i++) {
		guint64 key = cmasim_rng_below(&rng, 4096);
		guint64 value = 0;
		if (ref[key] != 0) {
			assert_true(_cmasim_idmap_lookup(&map, key * 7919, &value));
			assert_int_equal(value, ref[key]);
			assert_false(_cmasim_idmap_insert(&map, key * 7919, 1));
			assert_true(_cmasim_idmap_remove(&map, key * 7919, &value));
			assert_int_equal(value, ref[key]);
			ref[key] = 0;
		} else {
			assert_false(_cmasim_idmap_lookup(&map, key * 7919, NULL));
			assert_false(_cmasim_idmap_remove(&map, key * 7919, NULL));
			assert_true(_cmasim_idmap_insert(&map, key * 7919, i + 1));
			ref[key] = i + 1;
		}
	}
	for (guint64 key = 0; key < 4096; key++)
		assert_int_equal(_cmasim_idmap_lookup(&map, key * 7919, NULL), ref[key] != 0);
	_cmasim_idmap_clear(&map);
}

/* an unknown policy is an error that lists the valid ones */
static void
test_unknown_policy(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario = load_tiny(NULL);
	g_autoptr(CmasimSim) sim = cmasim_sim_new(scenario, "cmaa", &error);

	assert_null(sim);
	assert_non_null(error);
	assert_non_null(strstr(error->message, "carveout"));
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest validated[] = {
	    cmocka_unit_test(test_every_policy_validated),
	};
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_deterministic),
	    cmocka_unit_test(test_seed_changes_outputs),
	    cmocka_unit_test(test_pfnmap),
	    cmocka_unit_test(test_summary_keys),
	    cmocka_unit_test(test_stop_gives_partial),
	    cmocka_unit_test(test_bounded_state),
	    cmocka_unit_test(test_prefetch_predicts_victims),
	    cmocka_unit_test(test_placement),
	    cmocka_unit_test(test_placement_overlap),
	    cmocka_unit_test(test_idmap),
	    cmocka_unit_test(test_replay_partial_release),
	    cmocka_unit_test(test_boot_memory),
	    cmocka_unit_test(test_unknown_policy),
	};
	if (argc == 3) {
		validated_shard = (guint)g_ascii_strtoull(argv[1], NULL, 10);
		validated_shards = (guint)g_ascii_strtoull(argv[2], NULL, 10);
		g_assert(validated_shards > 0 && validated_shard < validated_shards);
		return cmocka_run_group_tests_name("scenario-validated", validated, NULL, NULL);
	}
	if (argc == 1)
		return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
	g_printerr("usage: %s [SHARD COUNT]\n", argv[0]);
	return 2;
}
