/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The buddy allocator. Mirrors mm/page_alloc.c of 6.12:
 *  - __free_one_page(): merge with the buddy pfn ^ (1 << order) while it is
 *    a free block of the same order in the same zone; at or above
 *    pageblock_order two blocks of different types merge only if both are
 *    Unmovable/Movable/Reclaimable, and the buddy is then relabelled;
 *  - __rmqueue_smallest() and expand(): the smallest block of the wanted
 *    type, split with the upper halves going back to the free lists;
 *  - __rmqueue(): the CMA half-free rule (5.7+) or, for the 2011 model,
 *    CMA as the last fallback of MOVABLE (kernel-facts 1.8);
 *  - __rmqueue_fallback() with find_suitable_fallback(), can_steal_fallback()
 *    and the claim-or-steal decision of steal_suitable_fallback();
 *  - __zone_watermark_ok() with ALLOC_CMA, and the zonelist walk of
 *    get_page_from_freelist() from the highest eligible zone down.
 *
 * Simplifications: there are no per-CPU page lists (every free goes
 * straight to the buddy); free pages always sit on the list of their
 * pageblock's type (the "freelist hygiene" rule of 6.10+, applied to both
 * models); no highatomic reserve; kswapd is synchronous (see cmasim-owner.c).
 */
#define G_LOG_DOMAIN "CmasimMm"

#include "mm/cmasim-mm-private.h"

static inline gboolean
cmasim_mt_mergeable(CmasimMigratetype mt)
{
	return mt == CMASIM_MIGRATETYPE_UNMOVABLE || mt == CMASIM_MIGRATETYPE_MOVABLE ||
	       mt == CMASIM_MIGRATETYPE_RECLAIMABLE;
}

/* add the free pages of a block to the per-pageblock counters */
static void
cmasim_buddy_count_block(CmasimMm *mm, CmasimPfn pfn, guint order, gint sign)
{
	if (order >= mm->pageblock_order) {
		guint32 first = pfn >> mm->pageblock_order;
		guint32 n = 1u << (order - mm->pageblock_order);
		for (guint32 b = first; b < first + n; b++)
			mm->blocks[b].nr_free += sign * (gint32)mm->pageblock_pages;
	} else {
		mm->blocks[pfn >> mm->pageblock_order].nr_free += sign * (1 << order);
	}
}

void
_cmasim_buddy_add_free(CmasimMm *mm, CmasimPfn pfn, guint order, CmasimMigratetype mt)
{
	CmasimZone *zone = _cmasim_mm_zone_of(mm, pfn);
	CmasimPage *page = &mm->pages[pfn];
	guint32 head = zone->free_head[order][mt];
	guint64 nr = G_GUINT64_CONSTANT(1) << order;

	page->state = CMASIM_PAGE_BUDDY;
	page->order = order;
	page->handle = 0;
	page->flags = 0;
	page->pincount = 0;
	page->prev = CMASIM_PFN_NONE;
	page->next = head;
	if (head != CMASIM_PFN_NONE)
		mm->pages[head].prev = pfn;
	zone->free_head[order][mt] = pfn;
	zone->nr_free[order]++;
	zone->nr_free_mt[order][mt]++;
	if (mt != CMASIM_MIGRATETYPE_ISOLATE)
		zone->free_pages += nr;
	if (mt == CMASIM_MIGRATETYPE_CMA)
		zone->free_cma_pages += nr;
	cmasim_buddy_count_block(mm, pfn, order, 1);
}

void
_cmasim_buddy_del_free(CmasimMm *mm, CmasimPfn pfn)
{
	CmasimZone *zone = _cmasim_mm_zone_of(mm, pfn);
	CmasimPage *page = &mm->pages[pfn];
	CmasimMigratetype mt = _cmasim_mm_block_mt(mm, pfn);
	guint order = page->order;
	guint64 nr = G_GUINT64_CONSTANT(1) << order;

	g_assert(page->state == CMASIM_PAGE_BUDDY);
	if (page->prev != CMASIM_PFN_NONE)
		mm->pages[page->prev].next = page->next;
	else
		zone->free_head[order][mt] = page->next;
	if (page->next != CMASIM_PFN_NONE)
		mm->pages[page->next].prev = page->prev;
	page->next = page->prev = CMASIM_PFN_NONE;
	page->state = CMASIM_PAGE_TAIL;
	zone->nr_free[order]--;
	zone->nr_free_mt[order][mt]--;
	if (mt != CMASIM_MIGRATETYPE_ISOLATE)
		zone->free_pages -= nr;
	if (mt == CMASIM_MIGRATETYPE_CMA)
		zone->free_cma_pages -= nr;
	cmasim_buddy_count_block(mm, pfn, order, -1);
}

void
_cmasim_buddy_set_pageblock_mt(CmasimMm *mm, CmasimPfn pfn, guint64 count, CmasimMigratetype mt)
{
	guint32 first = pfn >> mm->pageblock_order;
	guint32 last = (guint32)((pfn + count - 1) >> mm->pageblock_order);
	for (guint32 b = first; b <= last; b++)
		mm->blocks[b].migratetype = mt;
}

void
_cmasim_buddy_free_one(CmasimMm *mm, CmasimPfn pfn, guint order)
{
	CmasimZone *zone = _cmasim_mm_zone_of(mm, pfn);
	CmasimMigratetype mt = _cmasim_mm_block_mt(mm, pfn);

	mm->stats.pgfree += 1u << order;
	while (order < mm->max_order) {
		CmasimPfn buddy = pfn ^ (1u << order);
		CmasimPage *bp;
		if (buddy < zone->start_pfn || buddy + (1u << order) > zone->end_pfn)
			break;
		bp = &mm->pages[buddy];
		if (bp->state != CMASIM_PAGE_BUDDY || bp->order != order)
			break;
		if (order >= mm->pageblock_order) {
			CmasimMigratetype bmt = _cmasim_mm_block_mt(mm, buddy);
			if (bmt != mt) {
				if (!cmasim_mt_mergeable(mt) || !cmasim_mt_mergeable(bmt))
					break;
				_cmasim_buddy_del_free(mm, buddy);
				_cmasim_buddy_set_pageblock_mt(mm, buddy, 1u << order, mt);
			} else {
				_cmasim_buddy_del_free(mm, buddy);
			}
		} else {
			_cmasim_buddy_del_free(mm, buddy);
		}
		pfn &= buddy;
		order++;
	}
	_cmasim_buddy_add_free(mm, pfn, order, mt);
}

/* expand(): give the upper halves of [pfn, pfn + 2^high) back, keep 2^low */
static void
cmasim_buddy_expand(CmasimMm *mm, CmasimPfn pfn, guint low, guint high, CmasimMigratetype mt)
{
	while (high > low) {
		high--;
		_cmasim_buddy_add_free(mm, pfn + (1u << high), high, mt);
	}
}

static CmasimPfn
cmasim_buddy_rmqueue_smallest(CmasimMm *mm, CmasimZone *zone, guint order, CmasimMigratetype mt)
{
	for (guint o = order; o <= mm->max_order; o++) {
		CmasimPfn pfn = zone->free_head[o][mt];
		if (pfn == CMASIM_PFN_NONE)
			continue;
		_cmasim_buddy_del_free(mm, pfn);
		cmasim_buddy_expand(mm, pfn, order, o, mt);
		return pfn;
	}
	return CMASIM_PFN_NONE;
}

/* the fallback table; -1 ends a row */
static const gint cmasim_fallbacks_mainline[3][3] = {
    [CMASIM_MIGRATETYPE_UNMOVABLE] = {CMASIM_MIGRATETYPE_RECLAIMABLE, CMASIM_MIGRATETYPE_MOVABLE, -1},
    [CMASIM_MIGRATETYPE_MOVABLE] = {CMASIM_MIGRATETYPE_RECLAIMABLE, CMASIM_MIGRATETYPE_UNMOVABLE, -1},
    [CMASIM_MIGRATETYPE_RECLAIMABLE] = {CMASIM_MIGRATETYPE_UNMOVABLE, CMASIM_MIGRATETYPE_MOVABLE, -1},
};

/* Aug-2011: fallbacks[MOVABLE] = {RECLAIMABLE, UNMOVABLE, CMA} */
static const gint cmasim_fallbacks_v14[3][4] = {
    [CMASIM_MIGRATETYPE_UNMOVABLE] = {CMASIM_MIGRATETYPE_RECLAIMABLE, CMASIM_MIGRATETYPE_MOVABLE, -1, -1},
    [CMASIM_MIGRATETYPE_MOVABLE] = {CMASIM_MIGRATETYPE_RECLAIMABLE, CMASIM_MIGRATETYPE_UNMOVABLE,
				    CMASIM_MIGRATETYPE_CMA, -1},
    [CMASIM_MIGRATETYPE_RECLAIMABLE] = {CMASIM_MIGRATETYPE_UNMOVABLE, CMASIM_MIGRATETYPE_MOVABLE, -1, -1},
};

/* first fallback type with a free block of exactly @order, or -1 */
static gint
cmasim_buddy_find_fallback(CmasimMm *mm, CmasimZone *zone, guint order, CmasimMigratetype mt,
			   guint alloc_flags)
{
	const gint *row = mm->cma_fallback == CMASIM_CMA_FALLBACK_V14 ? cmasim_fallbacks_v14[mt]
								       : cmasim_fallbacks_mainline[mt];
	for (guint i = 0; row[i] >= 0; i++) {
		if (row[i] == CMASIM_MIGRATETYPE_CMA && !(alloc_flags & CMASIM_ALLOC_CMA))
			continue;
		if (zone->free_head[order][row[i]] != CMASIM_PFN_NONE)
			return row[i];
	}
	return -1;
}

/* can_steal_fallback(): may this fallback claim the whole pageblock? */
static gboolean
cmasim_buddy_can_steal(const CmasimMm *mm, guint order, CmasimMigratetype mt)
{
	if (order >= mm->pageblock_order)
		return TRUE;
	if (mm->cma_fallback == CMASIM_CMA_FALLBACK_V14)
		return order >= mm->pageblock_order / 2 || mt == CMASIM_MIGRATETYPE_RECLAIMABLE;
	return order >= mm->pageblock_order / 2 || mt == CMASIM_MIGRATETYPE_RECLAIMABLE ||
	       mt == CMASIM_MIGRATETYPE_UNMOVABLE;
}

/* the "alike" pages of steal_suitable_fallback() */
static guint32
cmasim_buddy_alike_pages(const CmasimMm *mm, const CmasimPageblock *block, CmasimMigratetype mt)
{
	if (mm->cma_fallback == CMASIM_CMA_FALLBACK_V14)
		return 0; /* 2011 counted only the free pages it moved */
	if (mt == CMASIM_MIGRATETYPE_MOVABLE)
		return block->nr_movable;
	if (block->migratetype == CMASIM_MIGRATETYPE_MOVABLE)
		return mm->pageblock_pages - block->nr_free - block->nr_movable;
	return 0;
}

static CmasimPfn
cmasim_buddy_steal(CmasimMm *mm, CmasimZone *zone, guint current_order, guint order,
		   CmasimMigratetype mt, CmasimMigratetype fallback_mt, gboolean can_steal)
{
	CmasimPfn pfn = zone->free_head[current_order][fallback_mt];
	gboolean claim = FALSE;

	mm->stats.extfrag_events++;
	if (current_order < mm->pageblock_order)
		mm->stats.extfrag_fragmenting++;

	/* CMA pageblocks are never converted to another type */
	if (fallback_mt == CMASIM_MIGRATETYPE_CMA) {
		_cmasim_buddy_del_free(mm, pfn);
		cmasim_buddy_expand(mm, pfn, order, current_order, fallback_mt);
	} else if (current_order >= mm->pageblock_order) {
		/* a whole block or more: relabel every pageblock it covers */
		_cmasim_buddy_del_free(mm, pfn);
		_cmasim_buddy_set_pageblock_mt(mm, pfn, 1u << current_order, mt);
		mm->stats.pageblock_claims += 1u << (current_order - mm->pageblock_order);
		cmasim_buddy_expand(mm, pfn, order, current_order, mt);
		claim = TRUE;
	} else {
		CmasimPageblock *block = _cmasim_mm_block(mm, pfn);
		guint32 free_pages = block->nr_free;
		guint32 alike = cmasim_buddy_alike_pages(mm, block, mt);
		if (can_steal && free_pages + alike >= mm->pageblock_pages / 2) {
			_cmasim_buddy_move_pageblock(mm, pfn >> mm->pageblock_order, mt);
			mm->stats.pageblock_claims++;
			claim = TRUE;
			pfn = cmasim_buddy_rmqueue_smallest(mm, zone, order, mt);
			g_assert(pfn != CMASIM_PFN_NONE);
		} else {
			_cmasim_buddy_del_free(mm, pfn);
			cmasim_buddy_expand(mm, pfn, order, current_order, fallback_mt);
		}
	}
	if (mm->extfrag_func != NULL)
		mm->extfrag_func(mm->extfrag_ctx, pfn, order, current_order, mt, fallback_mt,
				 claim);
	return pfn;
}

static CmasimPfn
cmasim_buddy_rmqueue_fallback(CmasimMm *mm, CmasimZone *zone, guint order, CmasimMigratetype mt,
			      guint alloc_flags)
{
	if (mt > CMASIM_MIGRATETYPE_RECLAIMABLE)
		return CMASIM_PFN_NONE;
	for (gint co = (gint)mm->max_order; co >= (gint)order; co--) {
		gint ft = cmasim_buddy_find_fallback(mm, zone, co, mt, alloc_flags);
		gboolean can_steal;
		if (ft < 0)
			continue;
		can_steal = cmasim_buddy_can_steal(mm, co, mt);
		/* a movable request that cannot claim prefers the smallest block, so
		 * that it does not break up a large one for nothing (6.x) */
		if (mm->cma_fallback == CMASIM_CMA_FALLBACK_MAINLINE && !can_steal &&
		    mt == CMASIM_MIGRATETYPE_MOVABLE && (guint)co > order) {
			for (guint so = order; so <= mm->max_order; so++) {
				gint sft = cmasim_buddy_find_fallback(mm, zone, so, mt, alloc_flags);
				if (sft >= 0)
					return cmasim_buddy_steal(mm, zone, so, order, mt, sft,
								  cmasim_buddy_can_steal(mm, so, mt));
			}
		}
		return cmasim_buddy_steal(mm, zone, co, order, mt, ft, can_steal);
	}
	return CMASIM_PFN_NONE;
}

static CmasimPfn
cmasim_buddy_rmqueue(CmasimMm *mm, CmasimZone *zone, guint order, CmasimMigratetype mt,
		     guint alloc_flags)
{
	CmasimPfn pfn;
	gboolean use_cma = (alloc_flags & CMASIM_ALLOC_CMA) != 0;

	if (mm->cma_fallback == CMASIM_CMA_FALLBACK_MAINLINE) {
		/* balance movable allocations between CMA and normal pageblocks */
		if (use_cma && zone->free_cma_pages > zone->free_pages / 2) {
			pfn = cmasim_buddy_rmqueue_smallest(mm, zone, order,
							    CMASIM_MIGRATETYPE_CMA);
			if (pfn != CMASIM_PFN_NONE)
				return pfn;
		}
		pfn = cmasim_buddy_rmqueue_smallest(mm, zone, order, mt);
		if (pfn != CMASIM_PFN_NONE)
			return pfn;
		if (use_cma) {
			pfn = cmasim_buddy_rmqueue_smallest(mm, zone, order,
							    CMASIM_MIGRATETYPE_CMA);
			if (pfn != CMASIM_PFN_NONE)
				return pfn;
		}
		return cmasim_buddy_rmqueue_fallback(mm, zone, order, mt, alloc_flags);
	}
	pfn = cmasim_buddy_rmqueue_smallest(mm, zone, order, mt);
	if (pfn != CMASIM_PFN_NONE)
		return pfn;
	return cmasim_buddy_rmqueue_fallback(mm, zone, order, mt, alloc_flags);
}

gboolean
_cmasim_buddy_zone_watermark_ok(const CmasimMm *mm, const CmasimZone *zone, guint order,
				guint64 mark, guint alloc_flags)
{
	gint64 free_pages = (gint64)zone->free_pages - ((1 << order) - 1);

	/* 2011 kernels counted free CMA pages for every request (fixed in ~3.7) */
	if (!(alloc_flags & CMASIM_ALLOC_CMA) && mm->cma_fallback == CMASIM_CMA_FALLBACK_MAINLINE)
		free_pages -= (gint64)zone->free_cma_pages;
	if (free_pages <= (gint64)mark)
		return FALSE;
	if (order == 0)
		return TRUE;
	for (guint o = order; o <= mm->max_order; o++) {
		for (guint mt = 0; mt <= CMASIM_MIGRATETYPE_RECLAIMABLE; mt++) {
			if (zone->nr_free_mt[o][mt] != 0)
				return TRUE;
		}
		if ((alloc_flags & CMASIM_ALLOC_CMA) && zone->nr_free_mt[o][CMASIM_MIGRATETYPE_CMA])
			return TRUE;
	}
	return FALSE;
}

static guint64
cmasim_buddy_mark(const CmasimZone *zone, guint alloc_flags)
{
	if (alloc_flags & CMASIM_ALLOC_WMARK_HIGH)
		return zone->wmark_high;
	if (alloc_flags & CMASIM_ALLOC_WMARK_LOW)
		return zone->wmark_low;
	return zone->wmark_min;
}

/* one walk of the zonelist from the highest eligible zone down */
static gboolean
cmasim_buddy_get_page(CmasimMm *mm, guint order, CmasimMigratetype mt, guint alloc_flags,
		      CmasimPfn *pfn_out)
{
	for (gint z = (gint)mm->n_zones - 1; z >= 0; z--) {
		CmasimZone *zone = &mm->zones[z];
		CmasimPfn pfn;
		if (zone->highmem && !(alloc_flags & CMASIM_ALLOC_HIGHMEM))
			continue;
		if (!(alloc_flags & CMASIM_ALLOC_NO_WATERMARKS) &&
		    !_cmasim_buddy_zone_watermark_ok(mm, zone, order,
						     cmasim_buddy_mark(zone, alloc_flags),
						     alloc_flags))
			continue;
		pfn = cmasim_buddy_rmqueue(mm, zone, order, mt, alloc_flags);
		if (pfn != CMASIM_PFN_NONE) {
			mm->pages[pfn].state = CMASIM_PAGE_ALLOCATED;
			mm->pages[pfn].order = order;
			*pfn_out = pfn;
			mm->stats.pgalloc += 1u << order;
			return TRUE;
		}
	}
	return FALSE;
}

gboolean
cmasim_mm_alloc_block(CmasimMm *self, guint order, CmasimMigratetype mt, guint alloc_flags,
		      CmasimPfn *pfn_out)
{
	guint slow_flags;

	g_return_val_if_fail(order <= self->max_order, FALSE);
	if (cmasim_buddy_get_page(self, order, mt, alloc_flags, pfn_out))
		return TRUE;
	if (alloc_flags & (CMASIM_ALLOC_NO_WATERMARKS | CMASIM_ALLOC_WMARK_MIN))
		return FALSE;
	/* slow path: wake kswapd, then retry at the min watermark */
	if (self->reclaim && !(alloc_flags & CMASIM_ALLOC_NO_RECLAIM)) {
		self->stats.kswapd_wakeups++;
		for (guint z = 0; z < self->n_zones; z++) {
			CmasimZone *zone = &self->zones[z];
			if (zone->highmem && !(alloc_flags & CMASIM_ALLOC_HIGHMEM))
				continue;
			if (zone->free_pages < zone->wmark_high)
				cmasim_mm_reclaim_zone(self, z, zone->wmark_high);
		}
	}
	slow_flags = (alloc_flags & ~(CMASIM_ALLOC_WMARK_LOW | CMASIM_ALLOC_WMARK_HIGH)) |
		     CMASIM_ALLOC_WMARK_MIN;
	return cmasim_buddy_get_page(self, order, mt, slow_flags, pfn_out);
}

void
cmasim_mm_free_block(CmasimMm *self, CmasimPfn pfn, guint order)
{
	g_return_if_fail(pfn < self->span_pages);
	self->pages[pfn].state = CMASIM_PAGE_TAIL;
	_cmasim_buddy_free_one(self, pfn, order);
}

CmasimPfn
_cmasim_mm_find_head(const CmasimMm *mm, CmasimPfn pfn, gboolean free_only)
{
	for (guint o = 0; o <= mm->max_order; o++) {
		CmasimPfn head = pfn & ~((1u << o) - 1);
		const CmasimPage *page = &mm->pages[head];
		gboolean is_head = page->state == CMASIM_PAGE_BUDDY ||
				   (!free_only && (page->state == CMASIM_PAGE_OWNED ||
						   page->state == CMASIM_PAGE_ALLOCATED));
		if (is_head && page->order >= o && head + (1u << page->order) > pfn)
			return head;
	}
	return CMASIM_PFN_NONE;
}

void
_cmasim_buddy_take_exact(CmasimMm *mm, CmasimPfn head, CmasimPfn pfn, guint order)
{
	guint co = mm->pages[head].order;
	CmasimPfn cur = head;

	g_assert(pfn >= head && pfn + (1u << order) <= head + (1u << co));
	_cmasim_buddy_del_free(mm, head);
	while (co > order) {
		CmasimPfn half;
		co--;
		half = 1u << co;
		if (pfn >= cur + half) {
			_cmasim_buddy_add_free(mm, cur, co, _cmasim_mm_block_mt(mm, cur));
			cur += half;
		} else {
			_cmasim_buddy_add_free(mm, cur + half, co,
					       _cmasim_mm_block_mt(mm, cur + half));
		}
	}
	g_assert(cur == pfn);
}

guint64
_cmasim_buddy_move_pageblock(CmasimMm *mm, guint32 block, CmasimMigratetype mt)
{
	CmasimPfn start = block << mm->pageblock_order;
	CmasimPfn end = start + mm->pageblock_pages;
	CmasimPfn head = _cmasim_mm_find_head(mm, start, TRUE);
	guint64 moved = 0;

	/* a free block larger than this pageblock: cut out our pageblock first */
	if (head != CMASIM_PFN_NONE &&
	    (head < start || mm->pages[head].order > mm->pageblock_order))
		_cmasim_buddy_take_exact(mm, head, start, mm->pageblock_order);
	else if (head == start && mm->pages[head].order == mm->pageblock_order)
		_cmasim_buddy_del_free(mm, start);
	else
		head = CMASIM_PFN_NONE;
	if (head != CMASIM_PFN_NONE) {
		/* the whole pageblock was one free block */
		mm->blocks[block].migratetype = mt;
		_cmasim_buddy_add_free(mm, start, mm->pageblock_order, mt);
		return mm->pageblock_pages;
	}
	for (CmasimPfn pfn = start; pfn < end;) {
		CmasimPage *page = &mm->pages[pfn];
		if (page->state == CMASIM_PAGE_BUDDY) {
			guint order = page->order;
			_cmasim_buddy_del_free(mm, pfn);
			_cmasim_buddy_add_free(mm, pfn, order, mt);
			moved += 1u << order;
			pfn += 1u << order;
		} else if (page->state == CMASIM_PAGE_OWNED) {
			pfn += 1u << page->order;
		} else {
			pfn++;
		}
	}
	mm->blocks[block].migratetype = mt;
	return moved;
}
