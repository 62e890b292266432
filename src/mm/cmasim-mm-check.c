/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The invariant checker (cf. the kernel's CONFIG_DEBUG_VM checks, and
 * mimalloc's expensive asserts): recompute everything the model keeps
 * incrementally and compare. O(pages); tests run it after every operation.
 */
#define G_LOG_DOMAIN "CmasimMm"

#include "cmasim/cmasim-error.h"
#include "mm/cmasim-mm-private.h"

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INTERNAL, __VA_ARGS__);      \
			return FALSE;                                                              \
		}                                                                                  \
	} while (0)

static gboolean
cmasim_mm_check_lists(const CmasimMm *mm, const CmasimZone *zone, guint z, GError **error)
{
	guint64 free_pages = 0, free_cma = 0;
	for (guint o = 0; o <= mm->max_order; o++) {
		guint64 total = 0;
		for (guint mt = 0; mt < CMASIM_MIGRATETYPES; mt++) {
			guint64 n = 0;
			CmasimPfn prev = CMASIM_PFN_NONE;
			for (CmasimPfn p = zone->free_head[o][mt]; p != CMASIM_PFN_NONE;
			     p = mm->pages[p].next) {
				const CmasimPage *page = &mm->pages[p];
				CHECK(p >= zone->start_pfn && p < zone->end_pfn,
				      "free list %u/%s of zone %s holds pfn %u outside it", o,
				      cmasim_migratetype_to_string(mt), zone->name, p);
				CHECK(page->state == CMASIM_PAGE_BUDDY && page->order == o,
				      "pfn %u on free list order %u is not a free block of that order",
				      p, o);
				CHECK(_cmasim_mm_block_mt(mm, p) == mt,
				      "pfn %u on the %s list sits in a %s pageblock", p,
				      cmasim_migratetype_to_string(mt),
				      cmasim_migratetype_to_string(_cmasim_mm_block_mt(mm, p)));
				CHECK(page->prev == prev, "free list link broken at pfn %u", p);
				prev = p;
				CHECK(++n <= mm->span_pages, "free list loops");
			}
			CHECK(n == zone->nr_free_mt[o][mt],
			      "zone %s order %u %s: %" G_GUINT64_FORMAT
			      " blocks on the list, counter says %" G_GUINT64_FORMAT,
			      zone->name, o, cmasim_migratetype_to_string(mt), n,
			      zone->nr_free_mt[o][mt]);
			total += n;
			if (mt != CMASIM_MIGRATETYPE_ISOLATE)
				free_pages += n << o;
			if (mt == CMASIM_MIGRATETYPE_CMA)
				free_cma += n << o;
		}
		CHECK(total == zone->nr_free[o], "zone %s order %u: nr_free %" G_GUINT64_FORMAT
						 " but %" G_GUINT64_FORMAT " blocks listed",
		      zone->name, o, zone->nr_free[o], total);
	}
	CHECK(free_pages == zone->free_pages,
	      "zone %s: free pages counter %" G_GUINT64_FORMAT " but %" G_GUINT64_FORMAT " listed",
	      zone->name, zone->free_pages, free_pages);
	CHECK(free_cma == zone->free_cma_pages, "zone %s: free CMA counter wrong", zone->name);
	(void)z;
	return TRUE;
}

/* the reclaim memo: a tail run of undroppable flagged pages, counted exactly */
static gboolean
cmasim_mm_check_reclaim_memo(const CmasimMm *mm, const CmasimZone *zone, GError **error)
{
	guint64 memo = 0, flagged = 0;
	CmasimPfn p = zone->lru[CMASIM_LRU_FILE].tail;

	for (; p != CMASIM_PFN_NONE && (mm->pages[p].flags & CMASIM_PAGE_RECLAIM_SKIPPED);
	     p = mm->pages[p].prev) {
		const CmasimPage *page = &mm->pages[p];
		CHECK(!_cmasim_page_reclaimable(page),
		      "zone %s: pfn %u is in the reclaim memo but could be dropped", zone->name, p);
		memo += 1u << page->order;
	}
	CHECK(memo == zone->reclaim_skipped_pages,
	      "zone %s: reclaim memo counts %" G_GUINT64_FORMAT " pages but holds %" G_GUINT64_FORMAT,
	      zone->name, zone->reclaim_skipped_pages, memo);
	CHECK(memo == 0 || p == zone->reclaim_resume, "zone %s: reclaim memo resumes at the wrong pfn",
	      zone->name);
	for (CmasimPfn q = zone->lru[CMASIM_LRU_FILE].head; q != CMASIM_PFN_NONE;
	     q = mm->pages[q].next) {
		if (mm->pages[q].flags & CMASIM_PAGE_RECLAIM_SKIPPED)
			flagged += 1u << mm->pages[q].order;
	}
	CHECK(flagged == memo, "zone %s: a page outside the reclaim memo is flagged", zone->name);
	return TRUE;
}

/* the file LRU list; the anon LRU is a count only (cmasim-owner.c), checked by the pfn walk */
static gboolean
cmasim_mm_check_lru(const CmasimMm *mm, const CmasimZone *zone, GError **error)
{
	CHECK(zone->lru[CMASIM_LRU_ANON].head == CMASIM_PFN_NONE &&
		  zone->lru[CMASIM_LRU_ANON].tail == CMASIM_PFN_NONE,
	      "zone %s: the anon LRU has links", zone->name);
	for (guint l = CMASIM_LRU_FILE; l < CMASIM_NR_LRU; l++) {
		guint64 pages = 0;
		CmasimPfn prev = CMASIM_PFN_NONE;
		for (CmasimPfn p = zone->lru[l].head; p != CMASIM_PFN_NONE; p = mm->pages[p].next) {
			const CmasimPage *page = &mm->pages[p];
			guint kind = _cmasim_page_kind(page);
			CHECK(page->state == CMASIM_PAGE_OWNED && (page->flags & CMASIM_PAGE_LRU),
			      "LRU holds pfn %u which is not an owned LRU page", p);
			CHECK((l == CMASIM_LRU_FILE) == (kind == CMASIM_OWNER_FILE) &&
				  _cmasim_kind_is_movable(kind),
			      "pfn %u of kind %s on the wrong LRU", p,
			      cmasim_owner_kind_to_string(kind));
			CHECK(p >= zone->start_pfn && p < zone->end_pfn,
			      "LRU of zone %s holds pfn %u", zone->name, p);
			CHECK(page->prev == prev, "LRU link broken at pfn %u", p);
			prev = p;
			pages += 1u << page->order;
			CHECK(pages <= mm->span_pages, "LRU loops");
		}
		CHECK(prev == zone->lru[l].tail, "LRU tail of zone %s is wrong", zone->name);
		CHECK(pages == zone->lru[l].nr_pages, "LRU page count of zone %s is wrong",
		      zone->name);
	}
	return cmasim_mm_check_reclaim_memo(mm, zone, error);
}

gboolean
cmasim_mm_check(const CmasimMm *mm, GError **error)
{
	g_autofree CmasimPageblock *blocks = g_new0(CmasimPageblock, mm->nr_blocks);
	guint64 owned_handles = 0;
	guint64 dropped = 0;
	guint64 anon_lru_pages[CMASIM_MAX_ZONES] = {0};

	for (guint z = 0; z < mm->n_zones; z++) {
		const CmasimZone *zone = &mm->zones[z];
		if (!cmasim_mm_check_lists(mm, zone, z, error))
			return FALSE;
		if (!cmasim_mm_check_lru(mm, zone, error))
			return FALSE;
	}
	/* walk every pfn by blocks */
	for (CmasimPfn p = 0; p < mm->span_pages;) {
		const CmasimPage *page = &mm->pages[p];
		CmasimZone const *zone = &mm->zones[mm->blocks[p >> mm->pageblock_order].zone];
		guint64 n = 1;
		switch (page->state) {
		case CMASIM_PAGE_BUDDY:
		case CMASIM_PAGE_OWNED:
		case CMASIM_PAGE_ALLOCATED:
			n = G_GUINT64_CONSTANT(1) << page->order;
			CHECK(page->order <= mm->max_order, "pfn %u has order %u", p, page->order);
			CHECK((p & (n - 1)) == 0, "block at pfn %u is not aligned to its order %u",
			      p, page->order);
			CHECK(p + n <= zone->end_pfn, "block at pfn %u crosses the end of zone %s",
			      p, zone->name);
			for (guint64 t = 1; t < n; t++)
				CHECK(mm->pages[p + t].state == CMASIM_PAGE_TAIL,
				      "pfn %" G_GUINT64_FORMAT
				      " inside the block at %u is not a tail page",
				      p + t, p);
			if (page->state == CMASIM_PAGE_BUDDY) {
				CmasimMigratetype mt = _cmasim_mm_block_mt(mm, p);
				for (guint64 q = p; q < p + n; q += mm->pageblock_pages)
					CHECK(_cmasim_mm_block_mt(mm, (CmasimPfn)q) == mt,
					      "free block at pfn %u spans pageblocks of "
					      "different types",
					      p);
				for (guint64 q = p; q < p + n; q++)
					blocks[q >> mm->pageblock_order].nr_free++;
			} else if (page->state == CMASIM_PAGE_OWNED) {
				guint kind = _cmasim_page_kind(page);
				CHECK(page->handle != 0 && page->handle < mm->handles_len &&
					  mm->handles[page->handle] == p,
				      "owned block at pfn %u: handle %u does not map back", p,
				      page->handle);
				CHECK(((page->flags & CMASIM_PAGE_LRU) != 0) ==
					  _cmasim_kind_is_movable(kind),
				      "owned block at pfn %u: LRU flag does not match its kind %s",
				      p, cmasim_owner_kind_to_string(kind));
				if (kind == CMASIM_OWNER_ANON) {
					CHECK(page->next == CMASIM_PFN_NONE &&
						  page->prev == CMASIM_PFN_NONE,
					      "anon block at pfn %u has LRU links", p);
					anon_lru_pages[mm->blocks[p >> mm->pageblock_order].zone] +=
					    n;
				}
				for (guint64 q = p; q < p + n; q++) {
					CmasimPageblock *block = &blocks[q >> mm->pageblock_order];
					if (_cmasim_kind_is_movable(kind))
						block->nr_movable++;
					else
						block->nr_unmovable++;
					if (kind == CMASIM_OWNER_FILE)
						block->nr_file++;
					else if (kind == CMASIM_OWNER_RECLAIMABLE)
						block->nr_reclaimable++;
				}
				owned_handles++;
			}
			break;
		case CMASIM_PAGE_RESERVED:
		case CMASIM_PAGE_CONTIG:
			break;
		case CMASIM_PAGE_TAIL:
		default:
			CHECK(FALSE, "pfn %u is a tail page outside any block (state %u)", p,
			      page->state);
		}
		p += (CmasimPfn)n;
	}
	for (guint z = 0; z < mm->n_zones; z++)
		CHECK(anon_lru_pages[z] == mm->zones[z].lru[CMASIM_LRU_ANON].nr_pages,
		      "zone %s: anon LRU counts %" G_GUINT64_FORMAT " pages but holds %" G_GUINT64_FORMAT,
		      mm->zones[z].name, mm->zones[z].lru[CMASIM_LRU_ANON].nr_pages,
		      anon_lru_pages[z]);
	for (guint32 b = 0; b < mm->nr_blocks; b++) {
		const CmasimPageblock *have = &mm->blocks[b];
		CHECK(have->nr_free == blocks[b].nr_free && have->nr_movable == blocks[b].nr_movable &&
			  have->nr_unmovable == blocks[b].nr_unmovable &&
			  have->nr_file == blocks[b].nr_file &&
			  have->nr_reclaimable == blocks[b].nr_reclaimable,
		      "pageblock %u counters (free %u movable %u unmovable %u file %u reclaimable "
		      "%u) differ from its pages (free %u movable %u unmovable %u file %u "
		      "reclaimable %u)",
		      b, have->nr_free, have->nr_movable, have->nr_unmovable, have->nr_file,
		      have->nr_reclaimable, blocks[b].nr_free, blocks[b].nr_movable,
		      blocks[b].nr_unmovable, blocks[b].nr_file, blocks[b].nr_reclaimable);
	}
	for (guint32 h = 1; h < mm->handles_len; h++) {
		if (mm->handles[h] == CMASIM_HANDLE_DROPPED)
			dropped++;
	}
	CHECK(owned_handles + dropped == mm->live_handles,
	      "%" G_GUINT64_FORMAT " owned blocks + %" G_GUINT64_FORMAT
	      " dropped handles but %" G_GUINT64_FORMAT " live handles",
	      owned_handles, dropped, mm->live_handles);
	return TRUE;
}
