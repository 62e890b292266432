/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Tests of the ARM DMA-mapping model (src/cost/cmasim-arm.c): the worked
 * example of docs/cost-model.md, page-table overhead of PTE-mapped CMA
 * areas, the TLB tax, per-mode costs, the GFP_ATOMIC pool, and the aliasing
 * detector's positive and negative cases on the CPU profiles.
 */
#define G_LOG_DOMAIN "CmasimCostTest"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "cmasim/cmasim-dma-map.h"
#include "cmasim/cmasim-error.h"
#include "cost-test-util.h"

#define KIB G_GUINT64_CONSTANT(1024)
#define MIB (KIB * KIB)

/* 512 MiB of RAM in 4 KiB pages, as on Goni */
#define TOTAL_PAGES_512M (512 * MIB / 4096)

typedef struct {
	CmasimParams *params;
	CmasimCost *cost;
	CmasimDmaMap *map;
} Fixture;

static void
fixture_free(Fixture *f)
{
	if (f == NULL)
		return;
	cmasim_dma_map_free(f->map);
	cmasim_cost_free(f->cost);
	cmasim_params_free(f->params);
	g_free(f);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Fixture, fixture_free)

/* @cpu's profile, optionally with cost.dma_map_mode = @mode, on @arch */
static Fixture *
fixture_new(const gchar *cpu, const gchar *arch, const gchar *mode, guint64 total_pages)
{
	g_autoptr(Fixture) f = g_new0(Fixture, 1);
	g_autoptr(GError) error = NULL;

	f->params = cost_test_params_for(cpu);
	if (mode != NULL)
		assert_true(cmasim_params_set(f->params, "cost.dma_map_mode", mode, &error));
	f->cost = cmasim_cost_new(f->params, arch, 4096, 2, &error);
	assert_null(error);
	assert_non_null(f->cost);
	f->map = cmasim_dma_map_new(f->cost, f->params, arch, total_pages, &error);
	assert_null(error);
	assert_non_null(f->map);
	return g_steal_pointer(&f);
}

static CmasimDmaMapStats
stats_of(const Fixture *f, CmasimTimeNs run_ns)
{
	CmasimDmaMapStats stats;

	cmasim_dma_map_get_stats(f->map, run_ns, &stats);
	return stats;
}

/*
 * docs/cost-model.md "Worked example": an 8 MiB coherent CMA buffer on the
 * Cortex-A8 profile under ARM32_REMAP. Change the doc with these numbers.
 */
static void
test_worked_example_a8(void **state)
{
	g_autoptr(Fixture) f = fixture_new("cortex-a8", "arm32", NULL, TOTAL_PAGES_512M);
	g_autofree gchar *path = cost_test_source_path("docs/cost-model.md");
	g_autofree gchar *doc = NULL;
	CmasimBreakdown bd = {{0}};
	CmasimBreakdown rel = {{0}};
	CmasimDmaMapStats stats;
	guint n = 0;

	assert_int_equal(cmasim_dma_map_get_mode(f->map), CMASIM_DMA_MAP_ARM32_REMAP);
	/* a 64 MiB CMA area at 256 MiB */
	cmasim_dma_map_add_region(f->map, "cma", 65536, 16384, CMASIM_DMA_REGION_CMA);
	assert_int_equal(cmasim_dma_map_alloc(f->map, 1000, 65536, 2048, CMASIM_DMA_REGION_CMA,
					      &bd),
			 8141583);
	/* zero 6990507 + L1 clean+invalidate by line 1048576 */
	assert_int_equal(bd.step_ns[CMASIM_STEP_CACHE], 6990507 + 1048576);
	assert_int_equal(bd.step_ns[CMASIM_STEP_MAPPING], 81920);
	assert_int_equal(bd.step_ns[CMASIM_STEP_TLB], 20580);
	assert_int_equal(cmasim_breakdown_total(&bd), 8141583);
	assert_int_equal(cmasim_dma_map_release(f->map, 2000, 65536, 2048, CMASIM_DMA_REGION_CMA,
						&rel),
			 102500);
	assert_int_equal(rel.step_ns[CMASIM_STEP_MAPPING], 81920);
	assert_int_equal(rel.step_ns[CMASIM_STEP_TLB], 20580);

	stats = stats_of(f, 0);
	assert_int_equal(stats.remaps, 1);
	assert_int_equal(stats.alias_violations, 0);
	cmasim_dma_map_get_violations(f->map, &n);
	assert_int_equal(n, 0);
	assert_int_equal(stats.pte_table_bytes, 128 * KIB);
	assert_int_equal(stats.pte_mapped_pages, 16384);

	/* the doc quotes these totals */
	assert_true(g_file_get_contents(path, &doc, NULL, NULL));
	assert_non_null(strstr(doc, "8141583"));
	assert_non_null(strstr(doc, "6990507"));
	assert_non_null(strstr(doc, "1048576"));
	assert_non_null(strstr(doc, "81920"));
	assert_non_null(strstr(doc, "20580"));
	assert_non_null(strstr(doc, "102500"));
	assert_non_null(strstr(doc, "5567218"));
}

/* the same buffer on Cortex-A9 + PL310: whole-cache operations at both levels */
static void
test_worked_example_a9(void **state)
{
	g_autoptr(Fixture) f = fixture_new("cortex-a9-pl310", "arm32", NULL, TOTAL_PAGES_512M);
	CmasimBreakdown bd = {{0}};

	cmasim_dma_map_add_region(f->map, "cma", 65536, 16384, CMASIM_DMA_REGION_CMA);
	/* zero 8 MiB / 1.6 = 5242880; L1 whole flush 4528; L2 whole flush 227550;
	 * 2048 x 30 PTEs = 61440; TLB 100 + 2048 x 15 = 30820 */
	assert_int_equal(cmasim_dma_map_alloc(f->map, 0, 65536, 2048, CMASIM_DMA_REGION_CMA, &bd),
			 5567218);
	assert_int_equal(bd.step_ns[CMASIM_STEP_CACHE], 5242880 + 4528 + 227550);
	assert_int_equal(bd.step_ns[CMASIM_STEP_MAPPING], 61440);
	assert_int_equal(bd.step_ns[CMASIM_STEP_TLB], 30820);
}

/* PTE tables: one 4 KiB page per 2 MiB of PTE-mapped CMA */
static void
test_pte_table_overhead(void **state)
{
	g_autoptr(Fixture) a = fixture_new("cortex-a8", "arm32", NULL, TOTAL_PAGES_512M);
	g_autoptr(Fixture) b = fixture_new("cortex-a8", "arm32", NULL, TOTAL_PAGES_512M);
	g_autoptr(Fixture) c = fixture_new("cortex-a8", "arm32", NULL, TOTAL_PAGES_512M);
	g_autoptr(Fixture) v8 = fixture_new("cortex-a53", "arm64", NULL, TOTAL_PAGES_512M);
	CmasimDmaMapStats stats;

	/* 64 MiB -> 32 table pages = 128 KiB */
	cmasim_dma_map_add_region(a->map, "cma64", 32768, 16384, CMASIM_DMA_REGION_CMA);
	stats = stats_of(a, 0);
	assert_int_equal(stats.pte_table_bytes, 128 * KIB);
	assert_int_equal(stats.pte_mapped_pages, 16384);

	/* 256 MiB -> 512 KiB */
	cmasim_dma_map_add_region(b->map, "cma256", 0, 65536, CMASIM_DMA_REGION_CMA);
	stats = stats_of(b, 0);
	assert_int_equal(stats.pte_table_bytes, 512 * KIB);
	assert_int_equal(stats.pte_mapped_pages, 65536);

	/* 2 MiB starting at 1 MiB straddles two 2 MiB spans; a neighbour in the
	 * second span needs no new table; carve-outs and buddy regions need none */
	cmasim_dma_map_add_region(c->map, "odd", 256, 512, CMASIM_DMA_REGION_CMA);
	assert_int_equal(stats_of(c, 0).pte_table_bytes, 8 * KIB);
	cmasim_dma_map_add_region(c->map, "next", 768, 256, CMASIM_DMA_REGION_CMA);
	assert_int_equal(stats_of(c, 0).pte_table_bytes, 8 * KIB);
	assert_int_equal(stats_of(c, 0).pte_mapped_pages, 768);
	cmasim_dma_map_add_region(c->map, "carve", 4096, 4096, CMASIM_DMA_REGION_CARVEOUT);
	cmasim_dma_map_add_region(c->map, "lowmem", 8192, 4096, CMASIM_DMA_REGION_BUDDY);
	assert_int_equal(stats_of(c, 0).pte_table_bytes, 8 * KIB);

	/* arm64 keeps its block mappings */
	cmasim_dma_map_add_region(v8->map, "cma", 0, 16384, CMASIM_DMA_REGION_CMA);
	stats = stats_of(v8, 1000000000);
	assert_int_equal(stats.pte_table_bytes, 0);
	assert_int_equal(stats.pte_mapped_pages, 0);
	assert_true(stats.tlb_tax_ns_per_s == 0.0);
	assert_int_equal(stats.tlb_tax_ns, 0);
}

/* 3e7 accesses/s x (64 MiB / 512 MiB) x 0.02 x 60 ns = 4.5 ms per s */
static void
test_tlb_tax(void **state)
{
	g_autoptr(Fixture) f = fixture_new("cortex-a8", "arm32", NULL, TOTAL_PAGES_512M);
	CmasimDmaMapStats stats;

	cmasim_dma_map_add_region(f->map, "cma", 65536, 16384, CMASIM_DMA_REGION_CMA);
	stats = stats_of(f, 2 * G_GUINT64_CONSTANT(1000000000));
	assert_true(stats.tlb_tax_ns_per_s > 4499999.0 && stats.tlb_tax_ns_per_s < 4500001.0);
	assert_int_equal(stats.tlb_tax_ns, 9000000);
}

static void
test_modes_by_arch(void **state)
{
	g_autoptr(Fixture) a8 = fixture_new("cortex-a8", "arm32", NULL, 1024);
	g_autoptr(Fixture) a53 = fixture_new("cortex-a53", "arm64", NULL, 1024);
	g_autoptr(Fixture) x86 = fixture_new("x86-64", "x86-64", NULL, 1024);
	g_autoptr(Fixture) forced = fixture_new("cortex-a8", "arm32", "unsafe-alias", 1024);
	g_autoptr(GError) error = NULL;
	CmasimDmaMap *map;

	assert_int_equal(cmasim_dma_map_get_mode(a8->map), CMASIM_DMA_MAP_ARM32_REMAP);
	assert_int_equal(cmasim_dma_map_get_mode(a53->map), CMASIM_DMA_MAP_ARM64_VMAP);
	assert_int_equal(cmasim_dma_map_get_mode(x86->map), CMASIM_DMA_MAP_COHERENT);
	assert_int_equal(cmasim_dma_map_get_mode(forced->map), CMASIM_DMA_MAP_UNSAFE_ALIAS);
	assert_string_equal(cmasim_dma_map_mode_to_string(CMASIM_DMA_MAP_ARM64_VMAP),
			    "arm64-vmap");
	assert_string_equal(cmasim_cache_attr_to_string(CMASIM_ATTR_NONCACHEABLE),
			    "noncacheable");

	/* the map and the cost model must agree on the architecture */
	map = cmasim_dma_map_new(a8->cost, a8->params, "arm64", 1024, &error);
	assert_null(map);
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG));
	g_clear_error(&error);
	map = cmasim_dma_map_new(a8->cost, a8->params, "arm32", 0, &error);
	assert_null(map);
	g_clear_error(&error);
	map = cmasim_dma_map_new(a8->cost, a8->params, "sparc", 1024, &error);
	assert_null(map);
	g_clear_error(&error);
}

/*
 * arm64 on the A53: clean (not flush) 1 MiB = 16384 lines x 4 = 65536;
 * vmap 3 us + 256 x 40 = 13240; zero 1 MiB / 4 = 262144.
 * Release: 3 us + 256 x 10 + TLB (100 + 256 x 20) = 10780.
 */
static void
test_arm64_vmap_costs(void **state)
{
	g_autoptr(Fixture) f = fixture_new("cortex-a53", "arm64", NULL, 65536);
	CmasimBreakdown bd = {{0}};
	CmasimBreakdown rel = {{0}};

	cmasim_dma_map_add_region(f->map, "cma", 4096, 8192, CMASIM_DMA_REGION_CMA);
	assert_int_equal(cmasim_dma_map_alloc(f->map, 0, 4096, 256, CMASIM_DMA_REGION_CMA, &bd),
			 65536 + 13240 + 262144);
	assert_int_equal(bd.step_ns[CMASIM_STEP_CACHE], 65536 + 262144);
	assert_int_equal(bd.step_ns[CMASIM_STEP_MAPPING], 13240);
	assert_int_equal(bd.step_ns[CMASIM_STEP_TLB], 0);
	assert_int_equal(cmasim_dma_map_release(f->map, 0, 4096, 256, CMASIM_DMA_REGION_CMA, &rel),
			 10780);
	assert_int_equal(rel.step_ns[CMASIM_STEP_TLB], 5220);
	/* 1024 pages > 512: one full flush (100 + 2000) */
	memset(&rel, 0, sizeof(rel));
	cmasim_dma_map_alloc(f->map, 0, 4096, 1024, CMASIM_DMA_REGION_CMA, NULL);
	cmasim_dma_map_release(f->map, 0, 4096, 1024, CMASIM_DMA_REGION_CMA, &rel);
	assert_int_equal(rel.step_ns[CMASIM_STEP_TLB], 2100);
	assert_int_equal(stats_of(f, 0).remaps, 2);
}

/* coherent and carve-out buffers cost their memset only */
static void
test_coherent_and_carveout_costs(void **state)
{
	g_autoptr(Fixture) x86 = fixture_new("x86-64", "x86-64", NULL, 65536);
	g_autoptr(Fixture) a8 = fixture_new("cortex-a8", "arm32", NULL, 65536);
	CmasimBreakdown bd = {{0}};

	/* 1 MiB / 20 = 52428.8 -> 52429 */
	assert_int_equal(cmasim_dma_map_alloc(x86->map, 0, 0, 256, CMASIM_DMA_REGION_CMA, &bd),
			 52429);
	assert_int_equal(cmasim_dma_map_release(x86->map, 0, 0, 256, CMASIM_DMA_REGION_CMA, &bd),
			 0);
	assert_int_equal(bd.step_ns[CMASIM_STEP_CACHE], 52429);
	assert_int_equal(cmasim_breakdown_total(&bd), 52429);
	assert_int_equal(stats_of(x86, 0).remaps, 0);

	/* A8 carve-out: 1 MiB / 1.2 = 873813.33 -> 873813 */
	cmasim_dma_map_add_region(a8->map, "carve", 1024, 1024, CMASIM_DMA_REGION_CARVEOUT);
	assert_int_equal(
	    cmasim_dma_map_alloc(a8->map, 0, 1024, 256, CMASIM_DMA_REGION_CARVEOUT, NULL), 873813);
	assert_int_equal(
	    cmasim_dma_map_release(a8->map, 0, 1024, 256, CMASIM_DMA_REGION_CARVEOUT, NULL), 0);
	assert_int_equal(stats_of(a8, 0).remaps, 0);
}

static void
assert_no_violations(const Fixture *f)
{
	guint n = 99;

	assert_int_equal(stats_of(f, 0).alias_violations, 0);
	cmasim_dma_map_get_violations(f->map, &n);
	assert_int_equal(n, 0);
}

/* detector, positive: an NC alias of cacheable lowmem on ARMv7 profiles */
static void
test_detector_unsafe_alias(void **state)
{
	static const gchar *const cpus[] = {"cortex-a8", "cortex-a9-pl310"};

	for (guint i = 0; i < G_N_ELEMENTS(cpus); i++) {
		g_autoptr(Fixture) f = fixture_new(cpus[i], "arm32", "unsafe-alias", 65536);
		const CmasimAliasViolation *v;
		CmasimBreakdown bd = {{0}};
		guint n = 0;

		cmasim_dma_map_add_region(f->map, "cma", 0, 4096, CMASIM_DMA_REGION_CMA);
		cmasim_dma_map_alloc(f->map, 12345, 100, 16, CMASIM_DMA_REGION_CMA, &bd);
		/* an alias costs a vmap, not PTE rewrites of the linear map, and no TLB */
		assert_int_equal(bd.step_ns[CMASIM_STEP_TLB], 0);
		assert_true(bd.step_ns[CMASIM_STEP_MAPPING] > 0);
		assert_int_equal(stats_of(f, 0).alias_violations, 16);
		v = cmasim_dma_map_get_violations(f->map, &n);
		assert_int_equal(n, 16);
		for (guint j = 0; j < n; j++) {
			assert_int_equal(v[j].time_ns, 12345);
			assert_int_equal(v[j].pfn, 100 + j);
			assert_int_equal(v[j].linear, CMASIM_ATTR_CACHEABLE);
			assert_int_equal(v[j].alias, CMASIM_ATTR_NONCACHEABLE);
		}
		/* released and allocated again: a new moment, counted again */
		cmasim_dma_map_release(f->map, 20000, 100, 16, CMASIM_DMA_REGION_CMA, NULL);
		cmasim_dma_map_alloc(f->map, 30000, 100, 16, CMASIM_DMA_REGION_CMA, NULL);
		assert_int_equal(stats_of(f, 0).alias_violations, 32);
		v = cmasim_dma_map_get_violations(f->map, &n);
		assert_int_equal(n, 32);
		assert_int_equal(v[16].time_ns, 30000);
	}
}

/* detector, positive: buddy pages on arm32 get an NC alias over a cacheable section */
static void
test_detector_buddy_arm32(void **state)
{
	g_autoptr(Fixture) f = fixture_new("cortex-a8", "arm32", NULL, 65536);
	const CmasimAliasViolation *v;
	guint n = 0;

	/* the same range declared as CMA is safe, the buddy pages next to it are not */
	cmasim_dma_map_add_region(f->map, "cma", 0, 1024, CMASIM_DMA_REGION_CMA);
	cmasim_dma_map_alloc(f->map, 5, 0, 4, CMASIM_DMA_REGION_CMA, NULL);
	assert_no_violations(f);
	cmasim_dma_map_alloc(f->map, 7, 2048, 4, CMASIM_DMA_REGION_BUDDY, NULL);
	assert_int_equal(stats_of(f, 0).alias_violations, 4);
	v = cmasim_dma_map_get_violations(f->map, &n);
	assert_int_equal(n, 4);
	assert_int_equal(v[0].pfn, 2048);
	assert_int_equal(v[0].time_ns, 7);
	assert_int_equal(stats_of(f, 0).remaps, 2);

	/* "CMA" pages outside any PTE-mapped area cannot be rewritten: alias too */
	cmasim_dma_map_alloc(f->map, 9, 4096, 2, CMASIM_DMA_REGION_CMA, NULL);
	assert_int_equal(stats_of(f, 0).alias_violations, 6);
}

/* detector, negative: v14 CMA, carve-outs, arm64 vmap, coherent x86 */
static void
test_detector_negatives(void **state)
{
	g_autoptr(Fixture) a8 = fixture_new("cortex-a8", "arm32", NULL, 65536);
	g_autoptr(Fixture) a9 = fixture_new("cortex-a9-pl310", "arm32", NULL, 65536);
	g_autoptr(Fixture) a53 = fixture_new("cortex-a53", "arm64", NULL, 65536);
	g_autoptr(Fixture) a76 = fixture_new("cortex-a76", "arm64", NULL, 65536);
	g_autoptr(Fixture) x86 = fixture_new("x86-64", "x86-64", NULL, 65536);
	Fixture *all[] = {a8, a9, a53, a76, x86};

	for (guint i = 0; i < G_N_ELEMENTS(all); i++) {
		CmasimDmaMap *map = all[i]->map;
		cmasim_dma_map_add_region(map, "cma", 0, 8192, CMASIM_DMA_REGION_CMA);
		cmasim_dma_map_add_region(map, "carve", 8192, 1024, CMASIM_DMA_REGION_CARVEOUT);
		cmasim_dma_map_alloc(map, 1, 0, 2048, CMASIM_DMA_REGION_CMA, NULL);
		cmasim_dma_map_alloc(map, 2, 8192, 512, CMASIM_DMA_REGION_CARVEOUT, NULL);
		cmasim_dma_map_release(map, 3, 0, 2048, CMASIM_DMA_REGION_CMA, NULL);
		cmasim_dma_map_alloc(map, 4, 0, 4096, CMASIM_DMA_REGION_CMA, NULL);
		assert_no_violations(all[i]);
	}
	/* on Armv8 even buddy pages with a cacheable linear alias are tolerated */
	cmasim_dma_map_alloc(a53->map, 5, 20000, 64, CMASIM_DMA_REGION_BUDDY, NULL);
	cmasim_dma_map_alloc(a76->map, 5, 20000, 64, CMASIM_DMA_REGION_BUDDY, NULL);
	cmasim_dma_map_alloc(x86->map, 5, 20000, 64, CMASIM_DMA_REGION_BUDDY, NULL);
	assert_no_violations(a53);
	assert_no_violations(a76);
	assert_no_violations(x86);
}

/* the mode is the design, the profile decides whether a mismatch is forbidden */
static void
test_detector_follows_profile(void **state)
{
	g_autoptr(Fixture) a53 = fixture_new("cortex-a53", "arm64", "unsafe-alias", 4096);
	g_autoptr(Fixture) a8 = fixture_new("cortex-a8", "arm32", "arm64-vmap", 4096);

	cmasim_dma_map_alloc(a53->map, 0, 0, 8, CMASIM_DMA_REGION_CMA, NULL);
	assert_no_violations(a53);
	/* the arm64 design on an ARMv7 core is the forbidden alias */
	cmasim_dma_map_alloc(a8->map, 0, 0, 8, CMASIM_DMA_REGION_CMA, NULL);
	assert_int_equal(stats_of(a8, 0).alias_violations, 8);
}

/* only the first records are kept, all are counted */
static void
test_detector_record_cap(void **state)
{
	g_autoptr(Fixture) f = fixture_new("cortex-a8", "arm32", "unsafe-alias", 4096);
	const CmasimAliasViolation *v;
	guint n = 0;

	cmasim_dma_map_alloc(f->map, 0, 0, 1500, CMASIM_DMA_REGION_CMA, NULL);
	assert_int_equal(stats_of(f, 0).alias_violations, 1500);
	v = cmasim_dma_map_get_violations(f->map, &n);
	assert_int_equal(n, CMASIM_DMA_MAP_MAX_VIOLATION_RECORDS);
	assert_int_equal(v[n - 1].pfn, n - 1);
}

static guint64
atomic_ok(Fixture *f, guint64 size_bytes)
{
	guint64 offset = G_MAXUINT64;

	assert_true(cmasim_dma_map_atomic_alloc(f->map, 0, size_bytes, &offset, NULL));
	return offset;
}

/* first fit, each buffer aligned to the next power of two of its pages */
static void
test_atomic_alignment(void **state)
{
	g_autoptr(Fixture) f = fixture_new("cortex-a8", "arm32", NULL, 4096);
	CmasimDmaMapStats stats;

	assert_int_equal(atomic_ok(f, 4096), 0);
	assert_int_equal(atomic_ok(f, 8192), 8192);   /* 2 pages: 8 KiB aligned, skips 4 KiB */
	assert_int_equal(atomic_ok(f, 4096), 4096);   /* first fit takes the hole */
	assert_int_equal(atomic_ok(f, 12288), 16384); /* 3 pages: 16 KiB aligned */
	assert_int_equal(atomic_ok(f, 100), 28672);   /* the page left in the 16 KiB slot */
	assert_int_equal(atomic_ok(f, 5000), 32768);  /* 2 pages */
	stats = stats_of(f, 0);
	assert_int_equal(stats.atomic_pool_bytes, 256 * KIB);
	assert_int_equal(stats.atomic_pool_used_bytes, 40 * KIB);
	assert_int_equal(stats.atomic_pool_peak_bytes, 40 * KIB);
	assert_int_equal(stats.atomic_allocs, 6);
	assert_int_equal(stats.atomic_failures, 0);
}

/* cost: search over the bits up to the block end, then the memset (A8: 4 ns/word, 1.2 B/ns) */
static void
test_atomic_costs(void **state)
{
	g_autoptr(Fixture) f = fixture_new("cortex-a8", "arm32", NULL, 4096);
	CmasimBreakdown bd = {{0}};
	guint64 offset = 0;

	assert_true(cmasim_dma_map_atomic_alloc(f->map, 0, 4096, &offset, &bd));
	assert_int_equal(bd.step_ns[CMASIM_STEP_SEARCH], 4);
	assert_int_equal(bd.step_ns[CMASIM_STEP_CACHE], 3413); /* 4096 / 1.2 */
	assert_int_equal(bd.step_ns[CMASIM_STEP_MAPPING], 0);
	assert_int_equal(bd.step_ns[CMASIM_STEP_TLB], 0);
	/* a failure scans the whole 64-page pool: 2 words */
	memset(&bd, 0, sizeof(bd));
	assert_false(cmasim_dma_map_atomic_alloc(f->map, 0, 512 * KIB, &offset, &bd));
	assert_int_equal(bd.step_ns[CMASIM_STEP_SEARCH], 8);
	assert_int_equal(bd.step_ns[CMASIM_STEP_CACHE], 0);
}

/* exhaustion is data: counted, and the pool is reusable after a release */
static void
test_atomic_exhaustion_and_reuse(void **state)
{
	g_autoptr(Fixture) f = fixture_new("cortex-a8", "arm32", NULL, 4096);
	guint64 offset = 777;
	CmasimDmaMapStats stats;

	for (guint i = 0; i < 4; i++)
		assert_int_equal(atomic_ok(f, 64 * KIB), i * 64 * KIB);
	assert_false(cmasim_dma_map_atomic_alloc(f->map, 0, 4096, &offset, NULL));
	assert_int_equal(offset, 777);
	assert_false(cmasim_dma_map_atomic_alloc(f->map, 0, 1 * MIB, &offset, NULL));
	stats = stats_of(f, 0);
	assert_int_equal(stats.atomic_failures, 2);
	assert_int_equal(stats.atomic_allocs, 4);
	assert_int_equal(stats.atomic_pool_used_bytes, 256 * KIB);

	cmasim_dma_map_atomic_release(f->map, 128 * KIB, 64 * KIB);
	assert_int_equal(stats_of(f, 0).atomic_pool_used_bytes, 192 * KIB);
	assert_int_equal(atomic_ok(f, 4096), 128 * KIB);
	/* 15 pages are left in the hole, but not at a 16-page boundary */
	assert_false(cmasim_dma_map_atomic_alloc(f->map, 0, 60 * KIB, &offset, NULL));
	/* 8 pages fit at the next 8-page boundary */
	assert_int_equal(atomic_ok(f, 32 * KIB), 128 * KIB + 32 * KIB);
	stats = stats_of(f, 0);
	assert_int_equal(stats.atomic_pool_peak_bytes, 256 * KIB);
	assert_int_equal(stats.atomic_pool_used_bytes, 192 * KIB + 36 * KIB);
	assert_int_equal(stats.atomic_allocs, 6);
	assert_int_equal(stats.atomic_failures, 3);
}

/* 128 KiB free in two 64 KiB holes cannot serve a 128 KiB (128 KiB-aligned) request */
static void
test_atomic_fragmentation(void **state)
{
	g_autoptr(Fixture) f = fixture_new("cortex-a8", "arm32", NULL, 4096);
	guint64 offset = 0;

	for (guint i = 0; i < 4; i++)
		atomic_ok(f, 64 * KIB);
	cmasim_dma_map_atomic_release(f->map, 0, 64 * KIB);
	cmasim_dma_map_atomic_release(f->map, 128 * KIB, 64 * KIB);
	assert_int_equal(stats_of(f, 0).atomic_pool_used_bytes, 128 * KIB);
	assert_false(cmasim_dma_map_atomic_alloc(f->map, 0, 128 * KIB, &offset, NULL));
	assert_int_equal(stats_of(f, 0).atomic_failures, 1);
	/* a 96 KiB request (24 pages) also needs a 128 KiB-aligned slot */
	assert_false(cmasim_dma_map_atomic_alloc(f->map, 0, 96 * KIB, &offset, NULL));
	assert_int_equal(atomic_ok(f, 64 * KIB), 0);
	assert_int_equal(atomic_ok(f, 64 * KIB), 128 * KIB);
}

/* the pool size is a parameter; 0 means every atomic request fails */
static void
test_atomic_pool_size(void **state)
{
	g_autoptr(CmasimParams) params = cost_test_params_for("cortex-a8");
	g_autoptr(CmasimCost) cost = NULL;
	g_autoptr(CmasimDmaMap) map = NULL;
	g_autoptr(GError) error = NULL;
	CmasimDmaMapStats stats;
	guint64 offset = 0;

	assert_true(cmasim_params_set(params, "cost.atomic_pool_size", "0", &error));
	cost = cmasim_cost_new(params, "arm32", 4096, 1, &error);
	assert_non_null(cost);
	map = cmasim_dma_map_new(cost, params, "arm32", 4096, &error);
	assert_non_null(map);
	assert_false(cmasim_dma_map_atomic_alloc(map, 0, 4096, &offset, NULL));
	cmasim_dma_map_get_stats(map, 0, &stats);
	assert_int_equal(stats.atomic_pool_bytes, 0);
	assert_int_equal(stats.atomic_failures, 1);
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
	    cmocka_unit_test(test_worked_example_a8),
	    cmocka_unit_test(test_worked_example_a9),
	    cmocka_unit_test(test_pte_table_overhead),
	    cmocka_unit_test(test_tlb_tax),
	    cmocka_unit_test(test_modes_by_arch),
	    cmocka_unit_test(test_arm64_vmap_costs),
	    cmocka_unit_test(test_coherent_and_carveout_costs),
	    cmocka_unit_test(test_detector_unsafe_alias),
	    cmocka_unit_test(test_detector_buddy_arm32),
	    cmocka_unit_test(test_detector_negatives),
	    cmocka_unit_test(test_detector_follows_profile),
	    cmocka_unit_test(test_detector_record_cap),
	    cmocka_unit_test(test_atomic_alignment),
	    cmocka_unit_test(test_atomic_costs),
	    cmocka_unit_test(test_atomic_exhaustion_and_reuse),
	    cmocka_unit_test(test_atomic_fragmentation),
	    cmocka_unit_test(test_atomic_pool_size),
	};
	return cmocka_run_group_tests_name("dma-map", tests, group_setup, NULL);
}
