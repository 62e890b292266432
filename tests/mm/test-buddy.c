/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The buddy allocator and page owners: exact split and merge, the fallback
 * and steal rules, CMA pageblocks, watermarks, owners and LRU, reclaim,
 * long-term pins, and a randomized property test under the invariant checker.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "cmasim/cmasim-engine.h"
#include "mm/cmasim-mm-private.h"

/* 1024 pages, max order 8 (256-page blocks), pageblock order 5 (32 pages) */
static CmasimMm *
small_mm(CmasimCmaFallback fallback)
{
	CmasimMmConfig cfg = {
	    .page_size_bytes = 4096,
	    .max_order = 8,
	    .pageblock_order = 5,
	    .span_pages = 1024,
	    .n_zones = 1,
	    .zones = {{"Normal", 1024, FALSE}},
	    .min_free_kbytes = 128,
	    .cma_fallback = fallback,
	    .reclaim = TRUE,
	};
	g_autoptr(GError) error = NULL;
	CmasimMm *mm = cmasim_mm_new(&cfg, &error);
	assert_non_null(mm);
	assert_null(error);
	return mm;
}

static void
assert_mm_ok(const CmasimMm *mm)
{
	g_autoptr(GError) error = NULL;
	if (!cmasim_mm_check(mm, &error))
		fail_msg("invariant broken: %s", error->message);
}

static void
test_split_and_merge_exact(void **state)
{
	g_autoptr(CmasimMm) mm = small_mm(CMASIM_CMA_FALLBACK_MAINLINE);
	CmasimPfn pfn;

	assert_int_equal(cmasim_mm_zone_get_nr_free(mm, 0, 8), 4);
	assert_int_equal(cmasim_mm_get_free_pages(mm), 1024);
	assert_true(cmasim_mm_alloc_block(mm, 0, CMASIM_MIGRATETYPE_MOVABLE,
					  CMASIM_ALLOC_NO_WATERMARKS, &pfn));
	/* the last block freed at boot (768) heads the list; its upper halves go back */
	assert_int_equal(pfn, 768);
	assert_int_equal(cmasim_mm_zone_get_nr_free(mm, 0, 8), 3);
	for (guint o = 0; o < 8; o++)
		assert_int_equal(cmasim_mm_zone_get_nr_free(mm, 0, o), 1);
	assert_int_equal(mm->pages[768 + 128].state, CMASIM_PAGE_BUDDY);
	assert_int_equal(mm->pages[768 + 128].order, 7);
	assert_int_equal(mm->pages[769].order, 0);
	assert_int_equal(cmasim_mm_get_free_pages(mm), 1023);
	assert_mm_ok(mm);
	/* an order-3 block comes from the order-3 list, exactly */
	assert_true(cmasim_mm_alloc_block(mm, 3, CMASIM_MIGRATETYPE_MOVABLE,
					  CMASIM_ALLOC_NO_WATERMARKS, &pfn));
	assert_int_equal(pfn, 768 + 8);
	cmasim_mm_free_block(mm, 768, 0);
	cmasim_mm_free_block(mm, 776, 3);
	for (guint o = 0; o < 8; o++)
		assert_int_equal(cmasim_mm_zone_get_nr_free(mm, 0, o), 0);
	assert_int_equal(cmasim_mm_zone_get_nr_free(mm, 0, 8), 4);
	assert_mm_ok(mm);
}

static void
test_cma_does_not_merge_with_movable(void **state)
{
	g_autoptr(CmasimMm) mm = small_mm(CMASIM_CMA_FALLBACK_MAINLINE);
	g_autoptr(GError) error = NULL;

	/* 4 pageblocks = 128 pages at 512: its order-7 buddy at 640 is Movable */
	assert_true(cmasim_mm_declare_cma(mm, 512, 128, &error));
	assert_mm_ok(mm);
	assert_int_equal(cmasim_mm_zone_get_nr_free_mt(mm, 0, 7, CMASIM_MIGRATETYPE_CMA), 1);
	assert_int_equal(cmasim_mm_zone_get_nr_free_mt(mm, 0, 7, CMASIM_MIGRATETYPE_MOVABLE), 1);
	assert_int_equal(cmasim_mm_zone_get_nr_free(mm, 0, 8), 3);
	assert_int_equal(cmasim_mm_zone_count_pageblocks(mm, 0, CMASIM_MIGRATETYPE_CMA), 4);
	assert_int_equal(cmasim_mm_zone_get_free_cma_pages(mm, 0), 128);
	/* misaligned or overlapping areas are refused */
	assert_false(cmasim_mm_declare_cma(mm, 520, 32, NULL));
	assert_false(cmasim_mm_declare_cma(mm, 512, 32, NULL));
}

static void
test_unmovable_claims_whole_block(void **state)
{
	g_autoptr(CmasimMm) mm = small_mm(CMASIM_CMA_FALLBACK_MAINLINE);
	CmasimPfn pfn;

	/* no Unmovable memory at all: the largest Movable block is taken and relabelled */
	assert_true(cmasim_mm_alloc_block(mm, 0, CMASIM_MIGRATETYPE_UNMOVABLE,
					  CMASIM_ALLOC_NO_WATERMARKS, &pfn));
	assert_int_equal(cmasim_mm_zone_count_pageblocks(mm, 0, CMASIM_MIGRATETYPE_UNMOVABLE), 8);
	assert_int_equal(cmasim_mm_get_stats(mm)->extfrag_events, 1);
	assert_int_equal(cmasim_mm_get_stats(mm)->extfrag_fragmenting, 0);
	assert_int_equal(cmasim_mm_get_stats(mm)->pageblock_claims, 8);
	assert_int_equal(cmasim_mm_get_pageblock_migratetype(mm, pfn), CMASIM_MIGRATETYPE_UNMOVABLE);
	/* the next one comes from the claimed lists, no new fallback */
	assert_true(cmasim_mm_alloc_block(mm, 0, CMASIM_MIGRATETYPE_UNMOVABLE,
					  CMASIM_ALLOC_NO_WATERMARKS, &pfn));
	assert_int_equal(cmasim_mm_get_stats(mm)->extfrag_events, 1);
	assert_mm_ok(mm);
}

/* fill all memory with order-0 anon owners; returns the handles by pfn */
static CmasimHandle *
fill_with_anon(CmasimMm *mm)
{
	CmasimHandle *by_pfn = g_new0(CmasimHandle, 1024);

	/* no watermarks, so that every page can be owned */
	mm->zones[0].wmark_min = mm->zones[0].wmark_low = mm->zones[0].wmark_high = 0;
	for (guint i = 0; i < 1024; i++) {
		CmasimHandle h = cmasim_mm_owner_alloc(mm, CMASIM_OWNER_ANON, 0, 0);
		assert_int_not_equal(h, CMASIM_HANDLE_NONE);
		by_pfn[cmasim_mm_owner_get_pfn(mm, h)] = h;
	}
	assert_int_equal(cmasim_mm_get_free_pages(mm), 0);
	return by_pfn;
}

static void
test_movable_steals_single_page(void **state)
{
	g_autoptr(CmasimMm) mm = small_mm(CMASIM_CMA_FALLBACK_MAINLINE);
	g_autofree CmasimHandle *h = fill_with_anon(mm);
	CmasimPfn pfn;

	/* relabel everything Unmovable, then free every 4th page: 8 free order-0 pages
	 * per pageblock, 24 movable ones */
	for (guint32 b = 0; b < mm->nr_blocks; b++)
		_cmasim_buddy_move_pageblock(mm, b, CMASIM_MIGRATETYPE_UNMOVABLE);
	for (guint p = 0; p < 1024; p += 4)
		cmasim_mm_owner_free(mm, h[p]);
	assert_mm_ok(mm);
	/* order 0 < pageblock_order/2 and a movable request: no claim unless 8 free +
	 * 24 alike >= 16, which holds -> claim */
	assert_true(cmasim_mm_alloc_block(mm, 0, CMASIM_MIGRATETYPE_MOVABLE,
					  CMASIM_ALLOC_NO_WATERMARKS, &pfn));
	assert_int_equal(cmasim_mm_get_stats(mm)->extfrag_fragmenting, 1);
	/* can_steal is false for order 0 movable: the page is only stolen */
	assert_int_equal(cmasim_mm_get_stats(mm)->pageblock_claims, 0);
	assert_int_equal(cmasim_mm_get_pageblock_migratetype(mm, pfn), CMASIM_MIGRATETYPE_UNMOVABLE);
	assert_mm_ok(mm);
}

static void
test_movable_claims_by_alike_pages(void **state)
{
	for (guint mode = 0; mode < 2; mode++) {
		g_autoptr(CmasimMm) mm = small_mm(mode == 0 ? CMASIM_CMA_FALLBACK_MAINLINE
							    : CMASIM_CMA_FALLBACK_V14);
		g_autofree CmasimHandle *h = fill_with_anon(mm);
		CmasimPfn pfn;

		/* block 0 is Unmovable-labelled but holds 24 movable pages and 8 free */
		_cmasim_buddy_move_pageblock(mm, 0, CMASIM_MIGRATETYPE_UNMOVABLE);
		for (guint p = 0; p < 8; p++)
			cmasim_mm_owner_free(mm, h[p]);
		assert_int_equal(mm->pages[0].order, 3);
		assert_true(cmasim_mm_alloc_block(mm, 0, CMASIM_MIGRATETYPE_MOVABLE,
						  CMASIM_ALLOC_NO_WATERMARKS, &pfn));
		assert_int_equal(pfn, 0);
		if (mode == 0) {
			/* 6.x: 8 free + 24 alike >= 16: the pageblock becomes Movable */
			assert_int_equal(cmasim_mm_get_pageblock_migratetype(mm, 0),
					 CMASIM_MIGRATETYPE_MOVABLE);
			assert_int_equal(cmasim_mm_get_stats(mm)->pageblock_claims, 1);
		} else {
			/* 2011: only the 8 free pages count: < 16, steal without claim */
			assert_int_equal(cmasim_mm_get_pageblock_migratetype(mm, 0),
					 CMASIM_MIGRATETYPE_UNMOVABLE);
			assert_int_equal(cmasim_mm_get_stats(mm)->pageblock_claims, 0);
		}
		assert_mm_ok(mm);
	}
}

static void
test_unmovable_claims_by_free_pages(void **state)
{
	g_autoptr(CmasimMm) mm = small_mm(CMASIM_CMA_FALLBACK_MAINLINE);
	g_autofree CmasimHandle *h = fill_with_anon(mm);
	CmasimPfn pfn;

	/* 16 free pages in pageblock 1: an order-4 block */
	for (guint p = 32; p < 48; p++)
		cmasim_mm_owner_free(mm, h[p]);
	assert_true(cmasim_mm_alloc_block(mm, 0, CMASIM_MIGRATETYPE_UNMOVABLE,
					  CMASIM_ALLOC_NO_WATERMARKS, &pfn));
	assert_true(pfn >= 32 && pfn < 48);
	assert_int_equal(cmasim_mm_get_pageblock_migratetype(mm, 32), CMASIM_MIGRATETYPE_UNMOVABLE);
	assert_int_equal(cmasim_mm_get_stats(mm)->pageblock_claims, 1);
	assert_int_equal(cmasim_mm_zone_get_nr_free_mt(mm, 0, 3, CMASIM_MIGRATETYPE_UNMOVABLE), 1);
	assert_mm_ok(mm);
}

static void
test_cma_only_for_movable_and_never_stolen(void **state)
{
	for (guint mode = 0; mode < 2; mode++) {
		g_autoptr(CmasimMm) mm = small_mm(mode == 0 ? CMASIM_CMA_FALLBACK_MAINLINE
							    : CMASIM_CMA_FALLBACK_V14);
		guint got = 0;
		CmasimPfn pfn;

		assert_true(cmasim_mm_declare_cma(mm, 512, 512, NULL));
		/* unmovable and reclaimable requests drain the normal half, never CMA */
		while (cmasim_mm_alloc_block(mm, 0, got % 2 ? CMASIM_MIGRATETYPE_UNMOVABLE
							    : CMASIM_MIGRATETYPE_RECLAIMABLE,
					     CMASIM_ALLOC_NO_WATERMARKS, &pfn)) {
			assert_true(pfn < 512);
			got++;
		}
		assert_int_equal(got, 512);
		assert_int_equal(cmasim_mm_zone_count_pageblocks(mm, 0, CMASIM_MIGRATETYPE_CMA), 16);
		/* without ALLOC_CMA a movable request fails too; with it, CMA serves */
		assert_false(cmasim_mm_alloc_block(mm, 0, CMASIM_MIGRATETYPE_MOVABLE,
						   CMASIM_ALLOC_NO_WATERMARKS, &pfn));
		assert_true(cmasim_mm_alloc_block(mm, 2, CMASIM_MIGRATETYPE_MOVABLE,
						  CMASIM_ALLOC_NO_WATERMARKS | CMASIM_ALLOC_CMA,
						  &pfn));
		assert_true(pfn >= 512);
		assert_int_equal(cmasim_mm_zone_count_pageblocks(mm, 0, CMASIM_MIGRATETYPE_CMA), 16);
		assert_mm_ok(mm);
	}
}

static void
test_cma_placement_rules(void **state)
{
	CmasimPfn pfn;
	{
		/* mainline: 768 of 1024 free pages are CMA (> half): CMA first */
		g_autoptr(CmasimMm) mm = small_mm(CMASIM_CMA_FALLBACK_MAINLINE);
		assert_true(cmasim_mm_declare_cma(mm, 256, 768, NULL));
		assert_true(cmasim_mm_alloc_block(mm, 0, CMASIM_MIGRATETYPE_MOVABLE,
						  CMASIM_ALLOC_NO_WATERMARKS | CMASIM_ALLOC_CMA,
						  &pfn));
		assert_true(pfn >= 256);
		/* drain until CMA free <= half of free: then Movable is used */
		while (cmasim_mm_zone_get_free_cma_pages(mm, 0) >
		       cmasim_mm_zone_get_free_pages(mm, 0) / 2)
			assert_true(cmasim_mm_alloc_block(mm, 0, CMASIM_MIGRATETYPE_MOVABLE,
							  CMASIM_ALLOC_NO_WATERMARKS |
							      CMASIM_ALLOC_CMA,
							  &pfn));
		assert_true(cmasim_mm_alloc_block(mm, 0, CMASIM_MIGRATETYPE_MOVABLE,
						  CMASIM_ALLOC_NO_WATERMARKS | CMASIM_ALLOC_CMA,
						  &pfn));
		assert_true(pfn < 256);
		assert_mm_ok(mm);
	}
	{
		/* v14: CMA is the last fallback: all 256 normal pages go first */
		g_autoptr(CmasimMm) mm = small_mm(CMASIM_CMA_FALLBACK_V14);
		assert_true(cmasim_mm_declare_cma(mm, 256, 768, NULL));
		for (guint i = 0; i < 256; i++) {
			assert_true(cmasim_mm_alloc_block(mm, 0, CMASIM_MIGRATETYPE_MOVABLE,
							  CMASIM_ALLOC_NO_WATERMARKS |
							      CMASIM_ALLOC_CMA,
							  &pfn));
			assert_true(pfn < 256);
		}
		assert_true(cmasim_mm_alloc_block(mm, 0, CMASIM_MIGRATETYPE_MOVABLE,
						  CMASIM_ALLOC_NO_WATERMARKS | CMASIM_ALLOC_CMA,
						  &pfn));
		assert_true(pfn >= 256);
		assert_int_equal(cmasim_mm_get_stats(mm)->extfrag_events, 1);
		assert_mm_ok(mm);
	}
}

static void
test_watermark_excludes_cma_for_unmovable(void **state)
{
	g_autoptr(CmasimMm) mm = small_mm(CMASIM_CMA_FALLBACK_MAINLINE);
	guint64 min, low, high;
	assert_true(cmasim_mm_declare_cma(mm, 256, 768, NULL));
	cmasim_mm_zone_get_watermarks(mm, 0, &min, &low, &high);
	/* 256 non-CMA free pages: an unmovable check at a mark of 300 fails, a movable
	 * one passes */
	assert_false(_cmasim_buddy_zone_watermark_ok(mm, &mm->zones[0], 0, 300, 0));
	assert_true(_cmasim_buddy_zone_watermark_ok(mm, &mm->zones[0], 0, 300, CMASIM_ALLOC_CMA));
	/* order > 0 needs a suitable free list too */
	assert_true(_cmasim_buddy_zone_watermark_ok(mm, &mm->zones[0], 8, 10, CMASIM_ALLOC_CMA));
	assert_false(_cmasim_buddy_zone_watermark_ok(mm, &mm->zones[0], 8, 10, 0));
}

static void
check_watermarks(guint64 normal_mib, guint64 highmem_mib, guint64 exp_min, guint64 exp_low,
		 guint64 exp_high, guint64 exp_hmin, guint64 exp_hlow, guint64 exp_hhigh)
{
	CmasimMmConfig cfg = {
	    .page_size_bytes = 4096,
	    .max_order = 10,
	    .pageblock_order = 10,
	    .n_zones = highmem_mib ? 2 : 1,
	    .zones = {{"Normal", normal_mib * 256, FALSE}, {"HighMem", highmem_mib * 256, TRUE}},
	    .span_pages = (normal_mib + highmem_mib) * 256,
	    .cma_fallback = CMASIM_CMA_FALLBACK_MAINLINE,
	};
	g_autoptr(CmasimMm) mm = cmasim_mm_new(&cfg, NULL);
	guint64 min, low, high;
	assert_non_null(mm);
	cmasim_mm_zone_get_watermarks(mm, 0, &min, &low, &high);
	assert_int_equal(min, exp_min);
	assert_int_equal(low, exp_low);
	assert_int_equal(high, exp_high);
	if (highmem_mib) {
		cmasim_mm_zone_get_watermarks(mm, 1, &min, &low, &high);
		assert_int_equal(min, exp_hmin);
		assert_int_equal(low, exp_hlow);
		assert_int_equal(high, exp_hhigh);
	}
}

static void
test_watermarks_by_hand(void **state)
{
	/* 64 MiB: lowmem 65536 kB -> int_sqrt(16 * 65536) = 1024 kB = 256 pages;
	 * d = max(256/4, 16384*10/10000 = 16) = 64 */
	check_watermarks(64, 0, 256, 320, 384, 0, 0, 0);
	/* 512 MiB: int_sqrt(16 * 524288) = 2896 kB -> 724 pages; d = max(181, 131) */
	check_watermarks(512, 0, 724, 905, 1086, 0, 0, 0);
	/* 4 GiB: int_sqrt(16 * 4194304) = 8192 kB -> 2048 pages; d = max(512, 1048) */
	check_watermarks(4096, 0, 2048, 3096, 4144, 0, 0, 0);
	/* 768 MiB lowmem + 256 MiB highmem: int_sqrt(16 * 786432) = 3547 kB -> 886
	 * pages. Normal: min 886, d = max(221, 196) = 221. HighMem: min =
	 * clamp(65536/1024, 32, 128) = 64; its share 886*65536/196608 = 295 gives
	 * d = max(73, 65) = 73 */
	check_watermarks(768, 256, 886, 1107, 1328, 64, 137, 210);
}

static void
test_owner_move_reclaim_and_pins(void **state)
{
	g_autoptr(CmasimMm) mm = small_mm(CMASIM_CMA_FALLBACK_MAINLINE);
	CmasimHandle file_clean, file_dirty, anon;
	CmasimPfn old, dst;

	assert_true(cmasim_mm_declare_cma(mm, 256, 768, NULL));
	file_clean = cmasim_mm_owner_alloc(mm, CMASIM_OWNER_FILE, 1, 0);
	file_dirty = cmasim_mm_owner_alloc(mm, CMASIM_OWNER_FILE, 0, CMASIM_PAGE_DIRTY);
	anon = cmasim_mm_owner_alloc(mm, CMASIM_OWNER_ANON, 2, 0);
	assert_int_not_equal(file_clean, CMASIM_HANDLE_NONE);
	assert_int_not_equal(anon, CMASIM_HANDLE_NONE);
	assert_int_equal(cmasim_mm_owner_get_order(mm, anon), 2);
	assert_true(cmasim_mm_owner_get_flags(mm, file_dirty) & CMASIM_PAGE_DIRTY);
	assert_int_equal(cmasim_mm_get_live_handles(mm), 3);
	assert_mm_ok(mm);

	/* migration keeps the handle */
	old = cmasim_mm_owner_get_pfn(mm, anon);
	assert_true(cmasim_mm_alloc_block(mm, 2, CMASIM_MIGRATETYPE_MOVABLE,
					  CMASIM_ALLOC_NO_WATERMARKS, &dst));
	_cmasim_owner_move(mm, old, dst);
	assert_int_equal(cmasim_mm_owner_get_pfn(mm, anon), dst);
	assert_mm_ok(mm);

	/* reclaim drops only the clean page cache */
	assert_int_equal(cmasim_mm_reclaim_zone(mm, 0, 100000), 2);
	assert_int_equal(cmasim_mm_owner_get_pfn(mm, file_clean), CMASIM_PFN_NONE);
	assert_int_not_equal(cmasim_mm_owner_get_pfn(mm, file_dirty), CMASIM_PFN_NONE);
	assert_int_equal(cmasim_mm_get_stats(mm)->pgsteal, 2);
	assert_mm_ok(mm);
	cmasim_mm_owner_free(mm, file_clean);
	assert_int_equal(cmasim_mm_get_live_handles(mm), 2);

	/* short-term pins count; long-term pins move a page out of CMA first */
	assert_true(cmasim_mm_owner_pin(mm, anon));
	assert_int_equal(cmasim_mm_owner_get_pincount(mm, anon), 1);
	cmasim_mm_owner_unpin(mm, anon);
	assert_int_equal(cmasim_mm_owner_get_pincount(mm, anon), 0);
	old = CMASIM_PFN_NONE;
	for (guint i = 0; i < 200 && old == CMASIM_PFN_NONE; i++) {
		CmasimHandle h = cmasim_mm_owner_alloc(mm, CMASIM_OWNER_ANON, 0, 0);
		if (cmasim_mm_get_pageblock_migratetype(mm, cmasim_mm_owner_get_pfn(mm, h)) ==
		    CMASIM_MIGRATETYPE_CMA) {
			old = cmasim_mm_owner_get_pfn(mm, h);
			assert_true(cmasim_mm_owner_pin_longterm(mm, h));
			assert_int_not_equal(cmasim_mm_get_pageblock_migratetype(
						 mm, cmasim_mm_owner_get_pfn(mm, h)),
					     CMASIM_MIGRATETYPE_CMA);
			assert_true(cmasim_mm_owner_get_flags(mm, h) & CMASIM_PAGE_LONGTERM);
		}
	}
	assert_int_not_equal(old, CMASIM_PFN_NONE);
	assert_int_equal(cmasim_mm_get_stats(mm)->longterm_pin_migrations, 1);
	assert_mm_ok(mm);
}

/*
 * The anon LRU is a count with no links (nothing reads its order: no swap):
 * allocation, free and migration keep the count exact and the file list
 * linked, and the invariant checker notices a wrong count or a stray link.
 */
static void
test_anon_lru_is_a_count(void **state)
{
	g_autoptr(CmasimMm) mm = small_mm(CMASIM_CMA_FALLBACK_MAINLINE);
	CmasimZone *zone = &mm->zones[0];
	CmasimHandle anon[16], file[4];
	CmasimPfn old, dst;
	guint64 anon_pages = 0;
	g_autoptr(GError) error = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(anon); i++) {
		anon[i] = cmasim_mm_owner_alloc(mm, CMASIM_OWNER_ANON, i % 3, 0);
		assert_int_not_equal(anon[i], CMASIM_HANDLE_NONE);
		anon_pages += 1u << (i % 3);
		assert_true(cmasim_mm_owner_get_flags(mm, anon[i]) & CMASIM_PAGE_LRU);
	}
	for (guint i = 0; i < G_N_ELEMENTS(file); i++)
		file[i] = cmasim_mm_owner_alloc(mm, CMASIM_OWNER_FILE, 0, 0);
	assert_int_equal(zone->lru[CMASIM_LRU_ANON].nr_pages, anon_pages);
	assert_int_equal(zone->lru[CMASIM_LRU_ANON].head, CMASIM_PFN_NONE);
	assert_int_equal(zone->lru[CMASIM_LRU_ANON].tail, CMASIM_PFN_NONE);
	/* the file LRU is a list, newest at the head */
	assert_int_equal(zone->lru[CMASIM_LRU_FILE].nr_pages, G_N_ELEMENTS(file));
	assert_int_equal(zone->lru[CMASIM_LRU_FILE].head, cmasim_mm_owner_get_pfn(mm, file[3]));
	assert_int_equal(zone->lru[CMASIM_LRU_FILE].tail, cmasim_mm_owner_get_pfn(mm, file[0]));
	assert_mm_ok(mm);

	/* free every other anon block */
	for (guint i = 0; i < G_N_ELEMENTS(anon); i += 2) {
		cmasim_mm_owner_free(mm, anon[i]);
		anon_pages -= 1u << (i % 3);
	}
	assert_int_equal(zone->lru[CMASIM_LRU_ANON].nr_pages, anon_pages);
	assert_mm_ok(mm);

	/* migration: the block stays counted and gets no links */
	old = cmasim_mm_owner_get_pfn(mm, anon[1]);
	assert_true(cmasim_mm_alloc_block(mm, 1, CMASIM_MIGRATETYPE_MOVABLE,
					  CMASIM_ALLOC_NO_WATERMARKS, &dst));
	_cmasim_owner_move(mm, old, dst);
	assert_int_equal(zone->lru[CMASIM_LRU_ANON].nr_pages, anon_pages);
	assert_int_equal(mm->pages[dst].next, CMASIM_PFN_NONE);
	assert_int_equal(mm->pages[dst].prev, CMASIM_PFN_NONE);
	assert_true(mm->pages[dst].flags & CMASIM_PAGE_LRU);
	assert_mm_ok(mm);

	/* the checker catches a wrong count and a link on an anon page */
	zone->lru[CMASIM_LRU_ANON].nr_pages++;
	assert_false(cmasim_mm_check(mm, &error));
	assert_non_null(strstr(error->message, "anon LRU"));
	g_clear_error(&error);
	zone->lru[CMASIM_LRU_ANON].nr_pages--;
	mm->pages[dst].next = cmasim_mm_owner_get_pfn(mm, anon[3]);
	assert_false(cmasim_mm_check(mm, &error));
	assert_non_null(strstr(error->message, "LRU links"));
	mm->pages[dst].next = CMASIM_PFN_NONE;
	assert_mm_ok(mm);
}

static void
test_reserve_range(void **state)
{
	g_autoptr(CmasimMm) mm = small_mm(CMASIM_CMA_FALLBACK_MAINLINE);
	guint64 managed = cmasim_mm_zone_get_managed_pages(mm, 0);
	assert_true(cmasim_mm_reserve_range(mm, 100, 300, NULL));
	assert_int_equal(cmasim_mm_get_free_pages(mm), 1024 - 300);
	assert_int_equal(cmasim_mm_zone_get_managed_pages(mm, 0), managed - 300);
	assert_false(cmasim_mm_range_is_free(mm, 99, 2));
	assert_true(cmasim_mm_range_is_free(mm, 400, 600));
	assert_false(cmasim_mm_reserve_range(mm, 390, 20, NULL));
	assert_mm_ok(mm);
}

/* the memory-map classes: whole range by hand, and any range equal to page-by-page lookups */
static void
test_count_page_use(void **state)
{
	g_autoptr(CmasimMm) mm = small_mm(CMASIM_CMA_FALLBACK_MAINLINE);
	guint64 use[CMASIM_PAGE_USES] = {0};
	guint64 pgalloc;
	guint64 total = 0;
	CmasimPfn raw = CMASIM_PFN_NONE;
	static const guint64 ranges[][2] = {{0, 1024}, {3, 61}, {97, 300}, {401, 77}, {1000, 50}};

	assert_true(cmasim_mm_reserve_range(mm, 100, 300, NULL));
	assert_true(cmasim_mm_owner_alloc(mm, CMASIM_OWNER_ANON, 2, 0) != CMASIM_HANDLE_NONE);
	assert_true(cmasim_mm_owner_alloc(mm, CMASIM_OWNER_FILE, 0, 0) != CMASIM_HANDLE_NONE);
	assert_true(cmasim_mm_owner_alloc(mm, CMASIM_OWNER_UNMOVABLE, 3, 0) != CMASIM_HANDLE_NONE);
	assert_true(cmasim_mm_owner_alloc(mm, CMASIM_OWNER_RECLAIMABLE, 1, 0) !=
		    CMASIM_HANDLE_NONE);
	pgalloc = cmasim_mm_get_stats(mm)->pgalloc;
	assert_true(cmasim_mm_alloc_block(mm, 4, CMASIM_MIGRATETYPE_UNMOVABLE, 0, &raw));
	/* the kernel counts pgalloc in pages */
	assert_int_equal(cmasim_mm_get_stats(mm)->pgalloc - pgalloc, 16);

	cmasim_mm_count_page_use(mm, 0, 1024, use);
	assert_int_equal(use[CMASIM_PAGE_USE_FREE], cmasim_mm_get_free_pages(mm));
	assert_int_equal(use[CMASIM_PAGE_USE_ANON], 4);
	assert_int_equal(use[CMASIM_PAGE_USE_FILE], 1);
	assert_int_equal(use[CMASIM_PAGE_USE_RECLAIMABLE], 2);
	assert_int_equal(use[CMASIM_PAGE_USE_UNMOVABLE], 8 + 16);
	assert_int_equal(use[CMASIM_PAGE_USE_CONTIG], 0);
	assert_int_equal(use[CMASIM_PAGE_USE_RESERVED], 300);
	for (guint u = 0; u < CMASIM_PAGE_USES; u++)
		total += use[u];
	assert_int_equal(total, 1024);

	/* ranges that start and end inside blocks */
	for (guint r = 0; r < G_N_ELEMENTS(ranges); r++) {
		guint64 walked[CMASIM_PAGE_USES] = {0};
		guint64 by_page[CMASIM_PAGE_USES] = {0};
		guint64 end = MIN(ranges[r][0] + ranges[r][1], 1024);
		cmasim_mm_count_page_use(mm, (CmasimPfn)ranges[r][0], ranges[r][1], walked);
		for (guint64 p = ranges[r][0]; p < end; p++)
			cmasim_mm_count_page_use(mm, (CmasimPfn)p, 1, by_page);
		assert_memory_equal(walked, by_page, sizeof(walked));
	}
	assert_string_equal(cmasim_page_use_to_string(CMASIM_PAGE_USE_CONTIG), "contig");
	assert_string_equal(cmasim_page_use_to_string(CMASIM_PAGE_USES), "unknown");
	cmasim_mm_free_block(mm, raw, 4);
	assert_mm_ok(mm);
}

/* 200 000 random allocations and frees of every order and kind, checked after each */
static void
random_ops(CmasimCmaFallback fallback, guint n_ops, const gchar *stream)
{
	g_autoptr(CmasimMm) mm = small_mm(fallback);
	g_autoptr(GArray) live = g_array_new(FALSE, FALSE, sizeof(CmasimHandle));
	CmasimRng rng;
	guint fails = 0;

	cmasim_rng_init(&rng, 2026, stream);
	assert_true(cmasim_mm_declare_cma(mm, 512, 256, NULL));
	for (guint i = 0; i < n_ops; i++) {
		guint64 r = cmasim_rng_below(&rng, 100);
		if (r < 55 || live->len == 0) {
			CmasimOwnerKind kind = (CmasimOwnerKind)cmasim_rng_below(&rng, 4);
			guint order = (guint)cmasim_rng_below(&rng, 100) < 80
					  ? 0
					  : (guint)cmasim_rng_below(&rng, mm->max_order + 1);
			guint flags = cmasim_rng_below(&rng, 4) == 0 ? CMASIM_PAGE_DIRTY : 0;
			CmasimHandle h = cmasim_mm_owner_alloc(mm, kind, order, flags);
			if (h != CMASIM_HANDLE_NONE)
				g_array_append_val(live, h);
			else
				fails++;
		} else if (r < 57) {
			CmasimHandle h = g_array_index(live, CmasimHandle,
						       cmasim_rng_below(&rng, live->len));
			(void)cmasim_mm_owner_pin_longterm(mm, h);
		} else {
			guint idx = (guint)cmasim_rng_below(&rng, live->len);
			CmasimHandle h = g_array_index(live, CmasimHandle, idx);
			cmasim_mm_owner_free(mm, h);
			g_array_remove_index_fast(live, idx);
		}
		assert_mm_ok(mm);
	}
	assert_true(fails > 0); /* memory pressure was reached */
	assert_true(cmasim_mm_get_stats(mm)->pgsteal > 0);
	for (guint i = 0; i < live->len; i++)
		cmasim_mm_owner_free(mm, g_array_index(live, CmasimHandle, i));
	assert_mm_ok(mm);
	assert_int_equal(cmasim_mm_get_live_handles(mm), 0);
	assert_int_equal(cmasim_mm_get_free_pages(mm), 1024);
	assert_int_equal(cmasim_mm_zone_get_nr_free(mm, 0, mm->max_order), 4);
	assert_int_equal(cmasim_mm_zone_get_free_cma_pages(mm, 0), 256);
}

static void
test_random_property_mainline(void **state)
{
	random_ops(CMASIM_CMA_FALLBACK_MAINLINE, 200000, "buddy-mainline");
}

static void
test_random_property_v14(void **state)
{
	random_ops(CMASIM_CMA_FALLBACK_V14, 50000, "buddy-v14");
}

/* what reclaim would do walking the whole file LRU from its tail (no memo) */
static void
naive_reclaim(const CmasimMm *mm, guint64 target, guint64 *scanned, guint64 *dropped)
{
	const CmasimZone *zone = &mm->zones[0];
	guint64 free_pages = zone->free_pages;
	guint64 budget = zone->lru[CMASIM_LRU_FILE].nr_pages;

	*scanned = *dropped = 0;
	for (CmasimPfn p = zone->lru[CMASIM_LRU_FILE].tail;
	     p != CMASIM_PFN_NONE && free_pages < target && budget > 0; p = mm->pages[p].prev) {
		const CmasimPage *page = &mm->pages[p];
		guint64 nr = 1u << page->order;
		budget = budget > nr ? budget - nr : 0;
		*scanned += nr;
		if (!(page->flags & (CMASIM_PAGE_DIRTY | CMASIM_PAGE_WRITEBACK |
				     CMASIM_PAGE_LONGTERM)) &&
		    page->pincount == 0) {
			*dropped += nr;
			free_pages += nr;
		}
	}
}

/* the reclaim memo never changes what a scan drops or counts, whatever happens in between */
static void
test_reclaim_memo_is_exact(void **state)
{
	g_autoptr(CmasimMm) mm = small_mm(CMASIM_CMA_FALLBACK_MAINLINE);
	g_autofree CmasimHandle *live = g_new0(CmasimHandle, 1024);
	guint n_live = 0, memo_used = 0;
	CmasimRng rng;

	cmasim_rng_init(&rng, 7, "reclaim-memo");
	for (guint i = 0; i < 20000; i++) {
		guint64 r = cmasim_rng_next(&rng);
		guint op = (guint)(r % 8);
		CmasimHandle h = n_live > 0 ? live[(r >> 8) % n_live] : CMASIM_HANDLE_NONE;
		if (op <= 2 && n_live < 1024) {
			guint flags = (r >> 20) % 3 == 0 ? CMASIM_PAGE_DIRTY : 0;
			CmasimHandle n = cmasim_mm_owner_alloc(mm, CMASIM_OWNER_FILE,
							       (r >> 24) % 5 == 0 ? 1 : 0, flags);
			if (n != CMASIM_HANDLE_NONE)
				live[n_live++] = n;
		} else if (op == 3 && h != CMASIM_HANDLE_NONE) {
			guint idx = (guint)((r >> 8) % n_live);
			cmasim_mm_owner_free(mm, h);
			live[idx] = live[--n_live];
		} else if (op == 4 && h != CMASIM_HANDLE_NONE) {
			if ((r >> 30) & 1)
				cmasim_mm_owner_pin(mm, h);
			else
				cmasim_mm_owner_unpin(mm, h);
		} else if (op == 5 && h != CMASIM_HANDLE_NONE) {
			cmasim_mm_owner_set_flags(mm, h, 0, CMASIM_PAGE_DIRTY);
		} else if (op == 6 && h != CMASIM_HANDLE_NONE &&
			   cmasim_mm_owner_get_pfn(mm, h) != CMASIM_PFN_NONE) {
			/* migration keeps the block's place in the LRU */
			CmasimPfn dst;
			if (cmasim_mm_alloc_block(mm, cmasim_mm_owner_get_order(mm, h),
						  CMASIM_MIGRATETYPE_MOVABLE,
						  CMASIM_ALLOC_NO_WATERMARKS, &dst))
				_cmasim_owner_move(mm, cmasim_mm_owner_get_pfn(mm, h), dst);
		} else if (op == 7) {
			guint64 target = mm->zones[0].free_pages + (r >> 40) % 64;
			guint64 scanned, dropped;
			guint64 pgscan = cmasim_mm_get_stats(mm)->pgscan;
			naive_reclaim(mm, target, &scanned, &dropped);
			memo_used += mm->zones[0].reclaim_skipped_pages > 0;
			assert_int_equal(cmasim_mm_reclaim_zone(mm, 0, target), dropped);
			assert_int_equal(cmasim_mm_get_stats(mm)->pgscan - pgscan, scanned);
		}
		assert_mm_ok(mm);
	}
	assert_true(cmasim_mm_get_stats(mm)->pgsteal > 0);
	assert_true(memo_used > 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_split_and_merge_exact),
	    cmocka_unit_test(test_cma_does_not_merge_with_movable),
	    cmocka_unit_test(test_unmovable_claims_whole_block),
	    cmocka_unit_test(test_movable_steals_single_page),
	    cmocka_unit_test(test_movable_claims_by_alike_pages),
	    cmocka_unit_test(test_unmovable_claims_by_free_pages),
	    cmocka_unit_test(test_cma_only_for_movable_and_never_stolen),
	    cmocka_unit_test(test_cma_placement_rules),
	    cmocka_unit_test(test_watermark_excludes_cma_for_unmovable),
	    cmocka_unit_test(test_watermarks_by_hand),
	    cmocka_unit_test(test_owner_move_reclaim_and_pins),
	    cmocka_unit_test(test_anon_lru_is_a_count),
	    cmocka_unit_test(test_reclaim_memo_is_exact),
	    cmocka_unit_test(test_reserve_range),
	    cmocka_unit_test(test_count_page_use),
	    cmocka_unit_test(test_random_property_mainline),
	    cmocka_unit_test(test_random_property_v14),
	};
	return cmocka_run_group_tests_name("buddy", tests, NULL, NULL);
}
