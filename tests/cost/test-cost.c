/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Tests of the elementary cost model (src/cost/cmasim-cost.c) and of the CPU
 * profiles: every formula against hand-computed values, the whole-cache and
 * TLB-ceiling switch-over points, the parameter table, and the agreement of
 * configs/cpus/<cpu>.yaml and docs/cost-model.md with the registry.
 */
#define G_LOG_DOMAIN "CmasimCostTest"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "cmasim/cmasim-cost.h"
#include "cmasim/cmasim-error.h"
#include "cost-test-util.h"

static const gchar *const cpu_profiles[] = {
    "cortex-a8", "cortex-a9-pl310", "cortex-a15", "cortex-a53", "cortex-a76", "x86-64",
};
static const gchar *const cpu_archs[] = {
    "arm32", "arm32", "arm32", "arm64", "arm64", "x86-64",
};

static CmasimCost *
new_cost(const CmasimParams *params, const gchar *arch, guint ncpus)
{
	g_autoptr(GError) error = NULL;
	CmasimCost *cost = cmasim_cost_new(params, arch, 4096, ncpus, &error);

	assert_null(error);
	assert_non_null(cost);
	return cost;
}

static void
set_param(CmasimParams *params, const gchar *key, const gchar *value)
{
	g_autoptr(GError) error = NULL;

	assert_true(cmasim_params_set(params, key, value, &error));
	assert_null(error);
}

static void
test_step_names(void **state)
{
	static const gchar *const expected[CMASIM_STEPS] = {
	    "mutex_wait", "search", "isolation", "migration",
	    "reclaim",	  "cache",  "tlb",	 "mapping",
	};
	for (guint i = 0; i < CMASIM_STEPS; i++)
		assert_string_equal(cmasim_step_to_string((CmasimStep)i), expected[i]);
	assert_string_equal(cmasim_step_to_string(CMASIM_STEPS), "unknown");
}

static void
test_breakdown_helpers(void **state)
{
	CmasimBreakdown a = {{0}};
	CmasimBreakdown b = {{0}};

	a.step_ns[CMASIM_STEP_SEARCH] = 5;
	b.step_ns[CMASIM_STEP_SEARCH] = 7;
	b.step_ns[CMASIM_STEP_TLB] = 11;
	cmasim_breakdown_add(&a, &b);
	assert_int_equal(a.step_ns[CMASIM_STEP_SEARCH], 12);
	assert_int_equal(a.step_ns[CMASIM_STEP_TLB], 11);
	assert_int_equal(cmasim_breakdown_total(&a), 23);
}

/* every cost.* definition is documented and sourced */
static void
test_param_table(void **state)
{
	g_autoptr(GPtrArray) defs = cmasim_param_defs_sorted();
	guint n_cost = 0;

	for (guint i = 0; i < defs->len; i++) {
		const CmasimParamDef *def = g_ptr_array_index(defs, i);
		if (!g_str_has_prefix(def->key, "cost."))
			continue;
		n_cost++;
		assert_non_null(def->doc);
		assert_true(strlen(def->doc) > 10);
		assert_non_null(def->source);
		assert_true(strlen(def->source) > 0);
		assert_non_null(def->unit);
		if (def->type == CMASIM_PARAM_ENUM)
			assert_non_null(def->choices);
		/* units in names: _ns keys are times, _bytes keys are sizes */
		if (g_str_has_suffix(def->key, "_per_ns"))
			assert_string_equal(def->unit, "bytes/ns");
		else if (g_str_has_suffix(def->key, "_ns"))
			assert_string_equal(def->unit, "ns");
		if (g_str_has_suffix(def->key, "_bytes"))
			assert_int_equal(def->type, CMASIM_PARAM_SIZE);
	}
	assert_true(n_cost >= 40);
}

static guint
count_cost_defs(void)
{
	g_autoptr(GPtrArray) defs = cmasim_param_defs_sorted();
	guint n = 0;

	for (guint i = 0; i < defs->len; i++) {
		const CmasimParamDef *def = g_ptr_array_index(defs, i);
		if (g_str_has_prefix(def->key, "cost."))
			n++;
	}
	return n;
}

/* each profile sets every cost parameter exactly once, each with a source comment */
static void
test_profiles_complete(void **state)
{
	guint n_defs = count_cost_defs();

	for (guint i = 0; i < G_N_ELEMENTS(cpu_profiles); i++) {
		g_autoptr(CmasimParams) params = cmasim_params_new();
		g_autoptr(GError) error = NULL;
		g_autoptr(CmasimCost) cost = NULL;
		guint n_keys = 0;

		if (!cost_test_load_profile(params, cpu_profiles[i], &n_keys, &error))
			fail_msg("%s: %s", cpu_profiles[i], error->message);
		assert_int_equal(n_keys, n_defs);
		cost = cmasim_cost_new(params, cpu_archs[i], 4096, 2, &error);
		assert_null(error);
		assert_non_null(cost);
	}
}

/* the documentation names every parameter */
static void
test_doc_lists_every_param(void **state)
{
	g_autofree gchar *path = cost_test_source_path("docs/cost-model.md");
	g_autofree gchar *doc = NULL;
	g_autoptr(GPtrArray) defs = cmasim_param_defs_sorted();
	g_autoptr(GError) error = NULL;

	assert_true(g_file_get_contents(path, &doc, NULL, &error));
	for (guint i = 0; i < defs->len; i++) {
		const CmasimParamDef *def = g_ptr_array_index(defs, i);
		g_autofree gchar *quoted = NULL;
		if (!g_str_has_prefix(def->key, "cost."))
			continue;
		quoted = g_strdup_printf("`%s`", def->key);
		if (strstr(doc, quoted) == NULL)
			fail_msg("docs/cost-model.md does not document %s", def->key);
	}
}

static void
test_new_errors(void **state)
{
	g_autoptr(CmasimParams) params = cmasim_params_new();
	g_autoptr(GError) error = NULL;
	CmasimCost *cost;

	cost = cmasim_cost_new(params, "mips", 4096, 1, &error);
	assert_null(cost);
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG));
	g_clear_error(&error);

	cost = cmasim_cost_new(params, "arm32", 6000, 1, &error);
	assert_null(cost);
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG));
	g_clear_error(&error);

	cost = cmasim_cost_new(params, "arm32", 4096, 0, &error);
	assert_null(cost);
	g_clear_error(&error);

	set_param(params, "cost.copy_bytes_per_ns", "0");
	cost = cmasim_cost_new(params, "arm32", 4096, 1, &error);
	assert_null(cost);
	assert_non_null(strstr(error->message, "cost.copy_bytes_per_ns"));
	g_clear_error(&error);
	set_param(params, "cost.copy_bytes_per_ns", "13");

	set_param(params, "cost.pte_extra_miss_rate", "1.5");
	cost = cmasim_cost_new(params, "arm32", 4096, 1, &error);
	assert_null(cost);
	assert_non_null(strstr(error->message, "cost.pte_extra_miss_rate"));
	g_clear_error(&error);
	set_param(params, "cost.pte_extra_miss_rate", "0.01");

	set_param(params, "cost.l1_line_bytes", "48");
	cost = cmasim_cost_new(params, "arm32", 4096, 1, &error);
	assert_null(cost);
	g_clear_error(&error);
	set_param(params, "cost.l1_line_bytes", "64");

	cost = cmasim_cost_new(params, "x86-64", 65536, 64, &error);
	assert_non_null(cost);
	assert_string_equal(cmasim_cost_get_arch(cost), "x86-64");
	assert_int_equal(cmasim_cost_get_page_size_bytes(cost), 65536);
	assert_int_equal(cmasim_cost_get_ncpus(cost), 64);
	cmasim_cost_free(cost);
}

/* bitmap search: ceil(bits / word) * search_word_ns, word = 32 on arm32, 64 elsewhere */
static void
test_search_bits(void **state)
{
	g_autoptr(CmasimParams) params = cmasim_params_new();
	g_autoptr(CmasimCost) arm32 = NULL;
	g_autoptr(CmasimCost) arm64 = NULL;
	CmasimBreakdown bd = {{0}};

	set_param(params, "cost.search_word_ns", "2.5");
	arm32 = new_cost(params, "arm32", 1);
	arm64 = new_cost(params, "arm64", 1);
	assert_int_equal(cmasim_cost_search_bits(arm32, 0, &bd), 0);
	assert_int_equal(cmasim_cost_search_bits(arm32, 1, &bd), 3);	   /* 2.5 -> 3 */
	assert_int_equal(cmasim_cost_search_bits(arm32, 32, &bd), 3);	   /* 1 word */
	assert_int_equal(cmasim_cost_search_bits(arm32, 33, &bd), 5);	   /* 2 words */
	assert_int_equal(cmasim_cost_search_bits(arm32, 100, &bd), 10);	   /* 4 words */
	assert_int_equal(cmasim_cost_search_bits(arm64, 100, &bd), 5);	   /* 2 words */
	assert_int_equal(cmasim_cost_search_bits(arm64, 16384, &bd), 640); /* 256 words */
	assert_int_equal(bd.step_ns[CMASIM_STEP_SEARCH], 3 + 3 + 5 + 10 + 5 + 640);
	assert_int_equal(cmasim_breakdown_total(&bd), 666);
	/* a NULL breakdown is allowed */
	assert_int_equal(cmasim_cost_search_bits(arm64, 64, NULL), 3);
}

/* generic defaults, 4 CPUs */
static void
test_scan_isolate_buddy(void **state)
{
	g_autoptr(CmasimParams) params = cmasim_params_new();
	g_autoptr(CmasimCost) c = new_cost(params, "arm64", 4);
	CmasimBreakdown bd = {{0}};

	/* 1000 pfns x 3.4 ns */
	assert_int_equal(cmasim_cost_scan_pfns(c, 1000, CMASIM_STEP_ISOLATION, &bd), 3400);
	/* 3 pfns x 3.4 = 10.2 -> 10 */
	assert_int_equal(cmasim_cost_scan_pfns(c, 3, CMASIM_STEP_SEARCH, &bd), 10);
	/* 3 pageblocks x 1000 + 4 CPUs x 5000 */
	assert_int_equal(cmasim_cost_isolate(c, 3, &bd), 23000);
	assert_int_equal(cmasim_cost_isolate(c, 0, &bd), 0);
	/* 5 ops x 100 ns */
	assert_int_equal(cmasim_cost_buddy_ops(c, 5, CMASIM_STEP_MIGRATION, &bd), 500);
	assert_int_equal(bd.step_ns[CMASIM_STEP_ISOLATION], 26400);
	assert_int_equal(bd.step_ns[CMASIM_STEP_SEARCH], 10);
	assert_int_equal(bd.step_ns[CMASIM_STEP_MIGRATION], 500);
}

/*
 * generic: per page 250 + 400 + 4096/13 (315.077) + 800 = 1765.077 ns;
 * flush 500 ns per page, or 6 us per batch
 */
static void
test_migrate(void **state)
{
	g_autoptr(CmasimParams) params = cmasim_params_new();
	g_autoptr(CmasimCost) c = new_cost(params, "x86-64", 2);
	CmasimBreakdown bd = {{0}};

	assert_int_equal(cmasim_cost_migrate(c, 0, TRUE, &bd), 0);
	assert_int_equal(cmasim_cost_migrate(c, 0, FALSE, &bd), 0);
	assert_int_equal(cmasim_breakdown_total(&bd), 0);

	/* 512 x 1765.077 = 903719.424 -> 903719; + 6000 */
	assert_int_equal(cmasim_cost_migrate(c, 512, TRUE, &bd), 903719 + 6000);
	assert_int_equal(bd.step_ns[CMASIM_STEP_MIGRATION], 903719);
	assert_int_equal(bd.step_ns[CMASIM_STEP_TLB], 6000);

	/* 10 x 1765.077 = 17650.77 -> 17651; + 10 x 500 */
	memset(&bd, 0, sizeof(bd));
	assert_int_equal(cmasim_cost_migrate(c, 10, FALSE, &bd), 17651 + 5000);
	assert_int_equal(bd.step_ns[CMASIM_STEP_MIGRATION], 17651);
	assert_int_equal(bd.step_ns[CMASIM_STEP_TLB], 5000);

	/* the copy scales with the page size: 16 KiB / 13 = 1260.308 */
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(CmasimCost) c16 = cmasim_cost_new(params, "arm64", 16384, 1, &error);
		assert_non_null(c16);
		/* 250 + 400 + 1260.308 + 800 = 2710.308 -> 2710; + 500 */
		assert_int_equal(cmasim_cost_migrate(c16, 1, FALSE, NULL), 2710 + 500);
	}
}

static void
test_reclaim_costs(void **state)
{
	g_autoptr(CmasimParams) params = cmasim_params_new();
	g_autoptr(CmasimCost) c = new_cost(params, "arm64", 1);
	CmasimBreakdown bd = {{0}};

	assert_int_equal(cmasim_cost_drop_clean(c, 7, &bd), 2100);
	assert_int_equal(bd.step_ns[CMASIM_STEP_MIGRATION], 2100);
	assert_int_equal(cmasim_cost_writeout(c, 3, &bd), 300000);
	assert_int_equal(cmasim_cost_writeback_wait(c, &bd), 100000);
	assert_int_equal(bd.step_ns[CMASIM_STEP_RECLAIM], 400000);
}

static void
test_zero_pte_vmap(void **state)
{
	g_autoptr(CmasimParams) params = cmasim_params_new();
	g_autoptr(CmasimCost) c = new_cost(params, "arm64", 1);
	CmasimBreakdown bd = {{0}};

	/* 4096 / 20 = 204.8 -> 205 */
	assert_int_equal(cmasim_cost_zero(c, 4096, &bd), 205);
	assert_int_equal(cmasim_cost_zero(c, 0, &bd), 0);
	assert_int_equal(bd.step_ns[CMASIM_STEP_CACHE], 205);
	assert_int_equal(cmasim_cost_pte_writes(c, 2048, &bd), 20480);
	/* 2 us + 2048 x 30 */
	assert_int_equal(cmasim_cost_vmap(c, 2048, &bd), 63440);
	assert_int_equal(cmasim_cost_vmap(c, 0, &bd), 0);
	assert_int_equal(bd.step_ns[CMASIM_STEP_MAPPING], 20480 + 63440);
}

/* base 2 us; 100 ns per page; full flush 5 us above the ceiling */
static void
test_tlb_ceiling(void **state)
{
	g_autoptr(CmasimParams) params = cmasim_params_new();
	g_autoptr(CmasimCost) x86 = new_cost(params, "x86-64", 1);
	g_autoptr(CmasimCost) arm64 = new_cost(params, "arm64", 1);
	g_autoptr(CmasimCost) arm32 = new_cost(params, "arm32", 1);
	g_autoptr(CmasimCost) arm32_10 = NULL;
	CmasimBreakdown bd = {{0}};

	assert_int_equal(cmasim_cost_get_tlb_flush_ceiling_pages(x86), 33);
	assert_int_equal(cmasim_cost_get_tlb_flush_ceiling_pages(arm64), 512);
	assert_int_equal(cmasim_cost_get_tlb_flush_ceiling_pages(arm32), 0);

	assert_int_equal(cmasim_cost_tlb_invalidate(x86, 0, &bd), 0);
	assert_int_equal(cmasim_cost_tlb_invalidate(x86, 1, &bd), 2100);
	assert_int_equal(cmasim_cost_tlb_invalidate(x86, 32, &bd), 5200);
	assert_int_equal(cmasim_cost_tlb_invalidate(x86, 33, &bd), 5300);
	assert_int_equal(cmasim_cost_tlb_invalidate(x86, 34, &bd), 7000);
	assert_int_equal(cmasim_cost_tlb_invalidate(arm64, 511, &bd), 53100);
	assert_int_equal(cmasim_cost_tlb_invalidate(arm64, 512, &bd), 53200);
	assert_int_equal(cmasim_cost_tlb_invalidate(arm64, 513, &bd), 7000);
	/* arm32: per page, whatever the count */
	assert_int_equal(cmasim_cost_tlb_invalidate(arm32, 100000, &bd), 10002000);
	assert_int_equal(bd.step_ns[CMASIM_STEP_TLB],
			 2100 + 5200 + 5300 + 7000 + 53100 + 53200 + 7000 + 10002000);

	/* an explicit ceiling overrides the arch rule */
	set_param(params, "cost.tlb_flush_ceiling_pages", "10");
	arm32_10 = new_cost(params, "arm32", 1);
	assert_int_equal(cmasim_cost_tlb_invalidate(arm32_10, 10, NULL), 3000);
	assert_int_equal(cmasim_cost_tlb_invalidate(arm32_10, 11, NULL), 7000);
}

static CmasimParams *
cache_params(void)
{
	CmasimParams *params = cmasim_params_new();

	set_param(params, "cost.l1_line_bytes", "32");
	set_param(params, "cost.l1_line_ns", "4");
	set_param(params, "cost.l1_whole_clean_threshold_bytes", "28930");
	set_param(params, "cost.l1_whole_flush_threshold_bytes", "36224");
	set_param(params, "cost.l1_whole_clean_ns", "1ms");
	set_param(params, "cost.l1_whole_flush_ns", "2ms");
	set_param(params, "cost.outer_cache", "true");
	set_param(params, "cost.l2_line_bytes", "32");
	set_param(params, "cost.l2_line_ns", "15");
	set_param(params, "cost.l2_whole_clean_threshold_bytes", "254069");
	set_param(params, "cost.l2_whole_flush_threshold_bytes", "485414");
	set_param(params, "cost.l2_whole_clean_ns", "3ms");
	set_param(params, "cost.l2_whole_flush_ns", "4ms");
	return params;
}

/* L1 by VA line (4 ns / 32 B), L2 by PA line (15 ns / 32 B); whole at >= threshold */
static void
test_cache_switch_over(void **state)
{
	g_autoptr(CmasimParams) params = cache_params();
	g_autoptr(CmasimCost) c = new_cost(params, "arm32", 2);
	CmasimBreakdown bd = {{0}};

	assert_int_equal(cmasim_cost_cache_maint(c, 0, TRUE, &bd), 0);
	/* one partial line counts as a line at both levels */
	assert_int_equal(cmasim_cost_cache_maint(c, 1, FALSE, &bd), 4 + 15);
	assert_int_equal(bd.step_ns[CMASIM_STEP_CACHE], 19);

	/* L1 clean: 28929 B = 905 lines -> 3620; L2 905 lines -> 13575 */
	assert_int_equal(cmasim_cost_cache_maint(c, 28929, FALSE, NULL), 3620 + 13575);
	assert_int_equal(cmasim_cost_cache_maint(c, 28930, FALSE, NULL), 1000000 + 13575);
	assert_int_equal(cmasim_cost_cache_maint(c, 28931, FALSE, NULL), 1000000 + 13575);

	/* L1 flush: 36223 B = 1132 lines -> 4528; L2 -> 16980 */
	assert_int_equal(cmasim_cost_cache_maint(c, 36223, TRUE, NULL), 4528 + 16980);
	assert_int_equal(cmasim_cost_cache_maint(c, 36224, TRUE, NULL), 2000000 + 16980);
	/* 36225 B = 1133 lines at L2 */
	assert_int_equal(cmasim_cost_cache_maint(c, 36225, TRUE, NULL), 2000000 + 16995);
	/* the clean threshold does not apply to a flush */
	assert_int_equal(cmasim_cost_cache_maint(c, 30000, TRUE, NULL), 3752 + 14070);

	/* L2 clean: 254068 B = 7940 lines -> 119100 */
	assert_int_equal(cmasim_cost_cache_maint(c, 254068, FALSE, NULL), 1000000 + 119100);
	assert_int_equal(cmasim_cost_cache_maint(c, 254069, FALSE, NULL), 1000000 + 3000000);
	assert_int_equal(cmasim_cost_cache_maint(c, 254070, FALSE, NULL), 1000000 + 3000000);

	/* L2 flush: 485413 B = 15170 lines -> 227550 */
	assert_int_equal(cmasim_cost_cache_maint(c, 485413, TRUE, NULL), 2000000 + 227550);
	assert_int_equal(cmasim_cost_cache_maint(c, 485414, TRUE, NULL), 2000000 + 4000000);
	assert_int_equal(cmasim_cost_cache_maint(c, 485415, TRUE, NULL), 2000000 + 4000000);
}

/* without an outer cache only L1 counts; a zero threshold never switches */
static void
test_cache_inner_only(void **state)
{
	g_autoptr(CmasimParams) params = cmasim_params_new();
	g_autoptr(CmasimCost) c = new_cost(params, "arm64", 1);
	CmasimBreakdown bd = {{0}};

	/* 8 MiB / 64 B = 131072 lines x 5 ns */
	assert_int_equal(cmasim_cost_cache_maint(c, 8 * 1024 * 1024, TRUE, &bd), 655360);
	assert_int_equal(cmasim_cost_cache_maint(c, 8 * 1024 * 1024, FALSE, &bd), 655360);
	assert_int_equal(bd.step_ns[CMASIM_STEP_CACHE], 2 * 655360);
}

/* the profiles resolve to the architecture's rules and their per-page migration costs */
static void
test_profile_values(void **state)
{
	static const guint64 ceiling[] = {0, 0, 0, 512, 512, 33};
	static const gboolean forbid[] = {TRUE, TRUE, TRUE, FALSE, FALSE, FALSE};
	/* alloc + unmap + 4096/copy + remap + per-page flush, hand-computed */
	static const CmasimTimeNs page_ns[] = {
	    1500 + 2000 + 6827 + 3000 + 100, /* 4096 / 0.6 = 6826.67 */
	    1200 + 1500 + 5120 + 2500 + 60,  /* 4096 / 0.8 */
	    600 + 800 + 2048 + 1200 + 40,    /* 4096 / 2.0 */
	    700 + 900 + 2048 + 1500 + 50,    /* 4096 / 2.0 */
	    300 + 500 + 512 + 900 + 30,	     /* 4096 / 8.0 */
	    250 + 400 + 315 + 800 + 500,     /* 4096 / 13 = 315.08 */
	};
	for (guint i = 0; i < G_N_ELEMENTS(cpu_profiles); i++) {
		g_autoptr(CmasimParams) params = cost_test_params_for(cpu_profiles[i]);
		g_autoptr(CmasimCost) c = new_cost(params, cpu_archs[i], 2);
		assert_int_equal(cmasim_cost_get_tlb_flush_ceiling_pages(c), ceiling[i]);
		assert_int_equal(cmasim_cost_get_forbid_mismatched_attrs(c), forbid[i]);
		assert_int_equal(cmasim_cost_migrate(c, 1, FALSE, NULL), page_ns[i]);
	}
}

/* the A9 + PL310 profile switches to whole-cache operations at the U8500 breakpoints */
static void
test_profile_a9_pl310_cache(void **state)
{
	g_autoptr(CmasimParams) params = cost_test_params_for("cortex-a9-pl310");
	g_autoptr(CmasimCost) c = new_cost(params, "arm32", 2);

	/* below both: 4 KiB = 128 lines x (4 + 15) */
	assert_int_equal(cmasim_cost_cache_maint(c, 4096, TRUE, NULL), 128 * 19);
	/* 64 KiB flush: L1 whole (4528), L2 2048 lines x 15 */
	assert_int_equal(cmasim_cost_cache_maint(c, 65536, TRUE, NULL), 4528 + 30720);
	/* 8 MiB flush: both whole */
	assert_int_equal(cmasim_cost_cache_maint(c, 8 * 1024 * 1024, TRUE, NULL), 4528 + 227550);
	/* 8 MiB clean: both whole (clean costs) */
	assert_int_equal(cmasim_cost_cache_maint(c, 8 * 1024 * 1024, FALSE, NULL), 3620 + 119100);
}

/* the worked example of docs/cost-model.md, step by step (Cortex-A8, 8 MiB) */
static void
test_worked_example_steps(void **state)
{
	g_autoptr(CmasimParams) params = cost_test_params_for("cortex-a8");
	g_autoptr(CmasimCost) c = new_cost(params, "arm32", 1);
	const guint64 bytes = 8 * 1024 * 1024;

	assert_int_equal(cmasim_cost_zero(c, bytes, NULL), 6990507);
	assert_int_equal(cmasim_cost_cache_maint(c, bytes, TRUE, NULL), 1048576);
	assert_int_equal(cmasim_cost_pte_writes(c, 2048, NULL), 81920);
	assert_int_equal(cmasim_cost_tlb_invalidate(c, 2048, NULL), 20580);
}

static int
group_setup(void **state)
{
	g_log_writer_default_set_use_stderr(TRUE);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_step_names),
	    cmocka_unit_test(test_breakdown_helpers),
	    cmocka_unit_test(test_param_table),
	    cmocka_unit_test(test_profiles_complete),
	    cmocka_unit_test(test_doc_lists_every_param),
	    cmocka_unit_test(test_new_errors),
	    cmocka_unit_test(test_search_bits),
	    cmocka_unit_test(test_scan_isolate_buddy),
	    cmocka_unit_test(test_migrate),
	    cmocka_unit_test(test_reclaim_costs),
	    cmocka_unit_test(test_zero_pte_vmap),
	    cmocka_unit_test(test_tlb_ceiling),
	    cmocka_unit_test(test_cache_switch_over),
	    cmocka_unit_test(test_cache_inner_only),
	    cmocka_unit_test(test_profile_values),
	    cmocka_unit_test(test_profile_a9_pl310_cache),
	    cmocka_unit_test(test_worked_example_steps),
	};
	return cmocka_run_group_tests_name("cost", tests, group_setup, NULL);
}
