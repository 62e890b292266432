/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Isolation and migration: alloc_contig_range() of mm/page_alloc.c and
 * mm/page_isolation.c (6.12, and the Aug-2011 form), cut into steps.
 *
 *  isolate   start_isolate_page_range(): every pageblock of the range (the
 *            MAX_ORDER-aligned range in 2011 and 3.5..5.18) becomes
 *            MIGRATE_ISOLATE with its free pages moved to the isolate lists;
 *            an already isolated block (another request) or unmovable pages
 *            give -EBUSY and everything is rolled back. A CMA block isolated
 *            for a MOVABLE request fails too. The 2011 and 3.x check passed
 *            Movable and CMA blocks without looking at their pages.
 *  migrate   __alloc_contig_migrate_range(): walk the range; clean page
 *            cache is dropped (reclaim_clean_pages_from_list), dirty page
 *            cache is written out first, pages under writeback are waited
 *            for, everything else movable is migrated to a target allocated
 *            from the buddy outside the range (so migration can fail with
 *            -ENOMEM, and can itself fall back and fragment). Pinned pages
 *            fail; a pass over the range that makes no progress counts as a
 *            try, and 5 tries give up (-EBUSY, which the caller ignores).
 *  complete  test_pages_isolated(): every page must now be a free buddy
 *            page; then isolate_freepages_range() takes them and
 *            undo_isolate_page_range() restores the block types.
 *
 * Simplifications: a batch is migrated within one step (the kernel's
 * isolate-then-migrate of up to 512 pages happens with no other task
 * running on that CPU in between, as here); the 10 internal retries of
 * migrate_pages() are folded into the pass/try counting; page locks are
 * not modelled.
 */
#define G_LOG_DOMAIN "CmasimMm"

#include <string.h>

#include "mm/cmasim-contig.h"

void
_cmasim_contig_init(CmasimContigRange *cr, const CmasimMm *mm, CmasimPfn start, CmasimPfn end,
		    CmasimMigratetype mt, gboolean old_semantics, guint max_tries)
{
	guint align = old_semantics ? mm->max_order : mm->pageblock_order;
	guint64 mask = (G_GUINT64_CONSTANT(1) << align) - 1;

	memset(cr, 0, sizeof(*cr));
	cr->start = start;
	cr->end = end;
	cr->iso_start = (CmasimPfn)(start & ~mask);
	cr->iso_end = (CmasimPfn)MIN(((guint64)end + mask) & ~mask, mm->span_pages);
	cr->mt = mt;
	cr->old_semantics = old_semantics;
	cr->max_tries = max_tries ? max_tries : 5;
	cr->cursor = start;
}

/* has_unmovable_pages() for one pageblock, from the per-block counters */
static gboolean
cmasim_contig_block_busy(const CmasimMm *mm, const CmasimContigRange *cr, guint32 b)
{
	const CmasimPageblock *block = &mm->blocks[b];
	CmasimPfn bstart = b << mm->pageblock_order;
	CmasimPfn bend = bstart + mm->pageblock_pages;

	if (block->migratetype == CMASIM_MIGRATETYPE_ISOLATE)
		return TRUE;
	if (block->migratetype == CMASIM_MIGRATETYPE_CMA)
		return cr->mt != CMASIM_MIGRATETYPE_CMA;
	if (cr->old_semantics && block->migratetype == CMASIM_MIGRATETYPE_MOVABLE)
		return FALSE;
	if (block->nr_unmovable > 0)
		return TRUE;
	/* pages that are neither free nor owned (holes, other contiguous buffers,
	 * raw kernel blocks) inside the requested range are unmovable */
	if (block->nr_free + block->nr_movable + block->nr_unmovable < mm->pageblock_pages) {
		CmasimPfn s = MAX(bstart, cr->start);
		CmasimPfn e = MIN(bend, cr->end);
		for (CmasimPfn p = s; p < e; p++) {
			guint8 st = mm->pages[p].state;
			if (st == CMASIM_PAGE_RESERVED || st == CMASIM_PAGE_CONTIG ||
			    st == CMASIM_PAGE_ALLOCATED)
				return TRUE;
		}
	}
	return FALSE;
}

static void
cmasim_contig_unisolate_blocks(CmasimMm *mm, CmasimContigRange *cr, guint32 first, guint32 last,
			       CmasimContigWork *work)
{
	for (guint32 b = first; b < last; b++) {
		CmasimPfn start = b << mm->pageblock_order;
		CmasimMigratetype restore = mm->blocks[b].saved_migratetype;
		_cmasim_buddy_move_pageblock(mm, b, restore);
		mm->zones[mm->blocks[b].zone].nr_isolate_pageblock--;
		/* a whole free pageblock is freed again so that it can merge */
		if (mm->pages[start].state == CMASIM_PAGE_BUDDY &&
		    mm->pages[start].order == mm->pageblock_order) {
			_cmasim_buddy_del_free(mm, start);
			_cmasim_buddy_free_one(mm, start, mm->pageblock_order);
			if (work != NULL)
				work->buddy_ops++;
		}
	}
}

CmasimAllocStatus
_cmasim_contig_isolate(CmasimMm *mm, CmasimContigRange *cr, CmasimContigWork *work)
{
	guint32 first = cr->iso_start >> mm->pageblock_order;
	guint32 last = (cr->iso_end + mm->pageblock_pages - 1) >> mm->pageblock_order;

	for (guint32 b = first; b < last; b++) {
		work->pageblocks_isolated++;
		if (cmasim_contig_block_busy(mm, cr, b)) {
			cmasim_contig_unisolate_blocks(mm, cr, first, b, work);
			return CMASIM_ALLOC_EBUSY;
		}
		mm->blocks[b].saved_migratetype = mm->blocks[b].migratetype;
		_cmasim_buddy_move_pageblock(mm, b, CMASIM_MIGRATETYPE_ISOLATE);
		mm->zones[mm->blocks[b].zone].nr_isolate_pageblock++;
	}
	cr->isolated = TRUE;
	return CMASIM_ALLOC_OK;
}

/* migrate, drop or fail one owned block; FALSE on -ENOMEM */
static gboolean
cmasim_contig_handle_owned(CmasimMm *mm, CmasimContigRange *cr, CmasimPfn head,
			   CmasimContigWork *work)
{
	CmasimPage *page = &mm->pages[head];
	guint kind = _cmasim_page_kind(page);
	guint64 nr = G_GUINT64_CONSTANT(1) << page->order;
	CmasimPfn dst;

	if (!_cmasim_kind_is_movable(kind) || page->pincount > 0 ||
	    (page->flags & CMASIM_PAGE_LONGTERM)) {
		work->failed += nr;
		cr->pass_failed = TRUE;
		return TRUE;
	}
	if (page->flags & CMASIM_PAGE_WRITEBACK) {
		/* MIGRATE_SYNC waits for the write to finish */
		work->writeback_waits += nr;
		page->flags &= ~CMASIM_PAGE_WRITEBACK;
	}
	if (kind == CMASIM_OWNER_FILE && (page->flags & CMASIM_PAGE_DIRTY)) {
		/* no migrate_folio for it: written out, then it is clean cache */
		work->written += nr;
		page->flags &= ~CMASIM_PAGE_DIRTY;
	}
	if (kind == CMASIM_OWNER_FILE) {
		_cmasim_owner_drop(mm, head);
		work->dropped += nr;
		work->buddy_ops++;
		cr->pass_progress = TRUE;
		return TRUE;
	}
	if (!cmasim_mm_alloc_block(mm, page->order, CMASIM_MIGRATETYPE_MOVABLE,
				   CMASIM_ALLOC_WMARK_LOW | CMASIM_ALLOC_CMA | CMASIM_ALLOC_HIGHMEM,
				   &dst))
		return FALSE;
	_cmasim_owner_move(mm, head, dst);
	work->migrated += nr;
	work->buddy_ops += 2;
	cr->pass_progress = TRUE;
	return TRUE;
}

CmasimContigStep
_cmasim_contig_migrate_step(CmasimMm *mm, CmasimContigRange *cr, guint64 batch_pages,
			    CmasimContigWork *work)
{
	guint64 done = 0;

	while (cr->cursor < cr->end && done < batch_pages) {
		CmasimPfn head = _cmasim_mm_find_head(mm, cr->cursor, FALSE);
		CmasimPage *page;
		CmasimPfn next;

		if (head == CMASIM_PFN_NONE)
			head = cr->cursor; /* a reserved or contiguous page of its own */
		page = &mm->pages[head];
		switch (page->state) {
		case CMASIM_PAGE_BUDDY:
			next = head + (1u << page->order);
			break;
		case CMASIM_PAGE_OWNED:
			next = head + (1u << page->order);
			done += 1u << page->order;
			if (!cmasim_contig_handle_owned(mm, cr, head, work))
				return CMASIM_CONTIG_NOMEM;
			break;
		case CMASIM_PAGE_ALLOCATED:
			next = head + (1u << page->order);
			work->failed += 1u << page->order;
			cr->pass_failed = TRUE;
			break;
		case CMASIM_PAGE_TAIL:
		case CMASIM_PAGE_RESERVED:
		case CMASIM_PAGE_CONTIG:
		default:
			next = head + 1;
			work->failed++;
			cr->pass_failed = TRUE;
			break;
		}
		work->pfns_scanned += MIN(next, cr->end) - MAX(cr->cursor, head);
		cr->cursor = next;
	}
	if (cr->cursor < cr->end)
		return CMASIM_CONTIG_MORE;
	if (!cr->pass_failed)
		return CMASIM_CONTIG_MIGRATED;
	/* a pass left pages behind: retry them, up to max_tries passes without progress */
	if (cr->pass_progress)
		cr->tries = 0;
	else
		cr->tries++;
	if (cr->tries >= cr->max_tries)
		return CMASIM_CONTIG_GAVE_UP;
	cr->cursor = cr->start;
	cr->pass_failed = FALSE;
	cr->pass_progress = FALSE;
	return CMASIM_CONTIG_MORE;
}

void
_cmasim_contig_abort(CmasimMm *mm, CmasimContigRange *cr, CmasimContigWork *work)
{
	if (!cr->isolated)
		return;
	cmasim_contig_unisolate_blocks(mm, cr, cr->iso_start >> mm->pageblock_order,
				       (cr->iso_end + mm->pageblock_pages - 1) >>
					   mm->pageblock_order,
				       work);
	cr->isolated = FALSE;
}

CmasimAllocStatus
_cmasim_contig_complete(CmasimMm *mm, CmasimContigRange *cr, CmasimContigWork *work)
{
	CmasimPfn p = _cmasim_mm_find_head(mm, cr->start, TRUE);
	gboolean all_free = p != CMASIM_PFN_NONE;

	/* test_pages_isolated() */
	while (all_free && p < cr->end) {
		const CmasimPage *page = &mm->pages[p];
		if (page->state != CMASIM_PAGE_BUDDY) {
			all_free = FALSE;
			break;
		}
		work->pfns_scanned += 1u << page->order;
		p += 1u << page->order;
	}
	if (!all_free) {
		_cmasim_contig_abort(mm, cr, work);
		return CMASIM_ALLOC_EBUSY;
	}
	_cmasim_mm_take_free_range(mm, cr->start, cr->end);
	for (CmasimPfn q = cr->start; q < cr->end; q++) {
		mm->pages[q].state = CMASIM_PAGE_CONTIG;
		mm->pages[q].order = 0;
	}
	work->buddy_ops += (cr->end - cr->start) >> mm->pageblock_order;
	_cmasim_contig_abort(mm, cr, work);
	return CMASIM_ALLOC_OK;
}

void
_cmasim_contig_release(CmasimMm *mm, CmasimPfn pfn, guint64 count, CmasimContigWork *work)
{
	CmasimPfn end = (CmasimPfn)(pfn + count);
	/* free in the largest aligned pieces; the buddy merges them further */
	for (CmasimPfn p = pfn; p < end;) {
		guint o = 0;
		while (o < mm->max_order && (p & ((2u << o) - 1)) == 0 && p + (2u << o) <= end)
			o++;
		for (CmasimPfn q = p; q < p + (1u << o); q++)
			mm->pages[q].state = CMASIM_PAGE_TAIL;
		_cmasim_buddy_free_one(mm, p, o);
		if (work != NULL)
			work->buddy_ops++;
		p += 1u << o;
	}
}
