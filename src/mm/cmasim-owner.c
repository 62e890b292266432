/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Page owners, LRU lists and the simplified kswapd.
 *
 * A background allocation is a handle that maps to the head pfn of its
 * block; migration repoints the handle, so a later free finds the block
 * wherever it moved (the role the page's mapping and rmap play in the
 * kernel). Movable owners (anon, file) sit on per-zone LRU lists linked
 * through the head page, as folios do on lruvec lists.
 *
 * Only the file LRU is a list: reclaim walks it from the cold end. The
 * anon LRU is a page count and the PG_lru flag alone, with no links: anon
 * pages are never swapped here, so nothing ever reads the anon list's
 * order, and keeping it would cost two random page accesses (the list
 * neighbours) on every anon allocation and free.
 *
 * Reclaim mirrors the part of shrink_inactive_list() that matters for
 * contiguous allocation: clean, unpinned page cache is dropped from the
 * cold end of the file LRU. Simplifications: one list per type (no
 * active/inactive split), dirty pages are skipped rather than written back,
 * anon pages are never swapped, and kswapd runs synchronously inside the
 * allocation that found the zone below its low watermark, reclaiming to the
 * high watermark.
 *
 * Long-term pins mirror check_and_migrate_movable_pages() in mm/gup.c: a
 * page in a CMA or isolated pageblock is migrated to an ordinary page first
 * (allocated without __GFP_MOVABLE, so it lands in an unmovable pageblock).
 */
#define G_LOG_DOMAIN "CmasimMm"

#include "core/cmasim-mem-private.h"
#include "mm/cmasim-mm-private.h"

void
_cmasim_owner_account(CmasimMm *mm, CmasimPfn pfn, guint order, guint kind, gint sign)
{
	gboolean movable = _cmasim_kind_is_movable(kind);
	guint32 first = pfn >> mm->pageblock_order;
	guint32 n = 1;
	gint32 delta = sign * (1 << order);

	if (order >= mm->pageblock_order) {
		n = 1u << (order - mm->pageblock_order);
		delta = sign * (gint32)mm->pageblock_pages;
	}
	for (guint32 b = first; b < first + n; b++) {
		CmasimPageblock *block = &mm->blocks[b];
		if (movable)
			block->nr_movable += delta;
		else
			block->nr_unmovable += delta;
		if (kind == CMASIM_OWNER_FILE)
			block->nr_file += delta;
		else if (kind == CMASIM_OWNER_RECLAIMABLE)
			block->nr_reclaimable += delta;
	}
}

static CmasimList *
cmasim_lru_of(CmasimMm *mm, CmasimPfn pfn)
{
	guint kind = _cmasim_page_kind(&mm->pages[pfn]);
	return &_cmasim_mm_zone_of(mm, pfn)->lru[kind == CMASIM_OWNER_FILE ? CMASIM_LRU_FILE
									   : CMASIM_LRU_ANON];
}

void
_cmasim_reclaim_page_changed(CmasimMm *mm, CmasimPfn pfn)
{
	CmasimPage *page = &mm->pages[pfn];
	CmasimZone *zone;

	if (!(page->flags & CMASIM_PAGE_RECLAIM_SKIPPED) || !_cmasim_page_reclaimable(page))
		return;
	/* unflag the memo's pages; costs what one more scan of them would */
	zone = _cmasim_mm_zone_of(mm, pfn);
	for (CmasimPfn p = zone->lru[CMASIM_LRU_FILE].tail;
	     p != CMASIM_PFN_NONE && (mm->pages[p].flags & CMASIM_PAGE_RECLAIM_SKIPPED);
	     p = mm->pages[p].prev)
		mm->pages[p].flags &= ~CMASIM_PAGE_RECLAIM_SKIPPED;
	zone->reclaim_skipped_pages = 0;
	zone->reclaim_resume = CMASIM_PFN_NONE;
}

void
_cmasim_lru_add(CmasimMm *mm, CmasimPfn pfn)
{
	CmasimList *list = cmasim_lru_of(mm, pfn);
	CmasimPage *page = &mm->pages[pfn];
	CmasimZone *zone = _cmasim_mm_zone_of(mm, pfn);
	/* a page comes in at the head: after the memo, which covered the whole list if
	 * it had no resume point */
	page->flags &= ~CMASIM_PAGE_RECLAIM_SKIPPED;
	list->nr_pages += 1u << page->order;
	page->flags |= CMASIM_PAGE_LRU;
	if (list != &zone->lru[CMASIM_LRU_FILE])
		return; /* the anon LRU is a count (see above) */
	if (zone->reclaim_skipped_pages > 0 && zone->reclaim_resume == CMASIM_PFN_NONE)
		zone->reclaim_resume = pfn;
	page->prev = CMASIM_PFN_NONE;
	page->next = list->head;
	if (list->head != CMASIM_PFN_NONE)
		mm->pages[list->head].prev = pfn;
	else
		list->tail = pfn;
	list->head = pfn;
}

void
_cmasim_lru_del(CmasimMm *mm, CmasimPfn pfn)
{
	CmasimList *list = cmasim_lru_of(mm, pfn);
	CmasimPage *page = &mm->pages[pfn];
	CmasimZone *zone = _cmasim_mm_zone_of(mm, pfn);
	g_assert(page->flags & CMASIM_PAGE_LRU);
	list->nr_pages -= 1u << page->order;
	page->flags &= ~CMASIM_PAGE_LRU;
	if (list != &zone->lru[CMASIM_LRU_FILE])
		return; /* the anon LRU is a count */
	if (page->flags & CMASIM_PAGE_RECLAIM_SKIPPED) {
		zone->reclaim_skipped_pages -= 1u << page->order;
		page->flags &= ~CMASIM_PAGE_RECLAIM_SKIPPED;
	} else if (pfn == zone->reclaim_resume) {
		zone->reclaim_resume = page->prev;
	}
	if (page->prev != CMASIM_PFN_NONE)
		mm->pages[page->prev].next = page->next;
	else
		list->head = page->next;
	if (page->next != CMASIM_PFN_NONE)
		mm->pages[page->next].prev = page->prev;
	else
		list->tail = page->prev;
	page->next = page->prev = CMASIM_PFN_NONE;
}

static CmasimHandle
cmasim_handle_new(CmasimMm *mm, CmasimPfn pfn)
{
	CmasimHandle h;
	if (mm->handles_free != 0) {
		h = mm->handles_free;
		mm->handles_free = mm->handles[h] & ~CMASIM_HANDLE_FREE_BIT;
	} else {
		if (mm->handles_len == mm->handles_cap) {
			g_assert(mm->handles_cap <= G_MAXUINT32 / 2);
			mm->handles_cap *= 2;
			mm->handles = _cmasim_mem_grow(mm->handles, mm->handles_len * sizeof(guint32),
			                               (gsize)mm->handles_cap * sizeof(guint32));
		}
		h = mm->handles_len++;
	}
	mm->handles[h] = pfn;
	mm->live_handles++;
	return h;
}

static void
cmasim_handle_release(CmasimMm *mm, CmasimHandle h)
{
	mm->handles[h] = CMASIM_HANDLE_FREE_BIT | mm->handles_free;
	mm->handles_free = h;
	mm->live_handles--;
}

static gboolean
cmasim_handle_valid(const CmasimMm *mm, CmasimHandle h)
{
	return h != CMASIM_HANDLE_NONE && h < mm->handles_len &&
	       !(mm->handles[h] & CMASIM_HANDLE_FREE_BIT && mm->handles[h] != CMASIM_HANDLE_DROPPED);
}

/* mark a block just taken from the buddy as owned */
static void
cmasim_owner_install(CmasimMm *mm, CmasimPfn pfn, guint order, guint flags, CmasimHandle h)
{
	CmasimPage *page = &mm->pages[pfn];
	page->state = CMASIM_PAGE_OWNED;
	page->order = order;
	page->handle = h;
	page->flags = flags & ~(CMASIM_PAGE_LRU | CMASIM_PAGE_ISOLATED | CMASIM_PAGE_RECLAIM_SKIPPED);
	page->pincount = 0;
	page->next = page->prev = CMASIM_PFN_NONE;
	_cmasim_owner_account(mm, pfn, order, _cmasim_page_kind(page), 1);
	if (_cmasim_kind_is_movable(_cmasim_page_kind(page)))
		_cmasim_lru_add(mm, pfn);
}

CmasimHandle
cmasim_mm_owner_alloc(CmasimMm *self, CmasimOwnerKind kind, guint order, guint page_flags)
{
	CmasimMigratetype mt = cmasim_owner_kind_to_migratetype(kind);
	guint alloc_flags = CMASIM_ALLOC_WMARK_LOW;
	CmasimPfn pfn;
	CmasimHandle h;

	g_return_val_if_fail(order <= self->max_order, CMASIM_HANDLE_NONE);
	if (_cmasim_kind_is_movable(kind))
		alloc_flags |= CMASIM_ALLOC_CMA | CMASIM_ALLOC_HIGHMEM;
	if (!cmasim_mm_alloc_block(self, order, mt, alloc_flags, &pfn)) {
		self->stats.alloc_fail++;
		self->stats.alloc_fail_pages += 1u << order;
		return CMASIM_HANDLE_NONE;
	}
	h = cmasim_handle_new(self, pfn);
	cmasim_owner_install(self, pfn, order, (page_flags & ~CMASIM_PAGE_KIND_MASK) | kind, h);
	return h;
}

void
cmasim_mm_owner_free(CmasimMm *self, CmasimHandle handle)
{
	CmasimPfn pfn;
	CmasimPage *page;

	g_return_if_fail(cmasim_handle_valid(self, handle));
	pfn = self->handles[handle];
	if (pfn == CMASIM_HANDLE_DROPPED) {
		cmasim_handle_release(self, handle);
		return;
	}
	page = &self->pages[pfn];
	g_return_if_fail(page->state == CMASIM_PAGE_OWNED && page->handle == handle);
	if (page->flags & CMASIM_PAGE_LRU)
		_cmasim_lru_del(self, pfn);
	_cmasim_owner_account(self, pfn, page->order, _cmasim_page_kind(page), -1);
	page->state = CMASIM_PAGE_TAIL;
	cmasim_mm_free_block(self, pfn, page->order);
	cmasim_handle_release(self, handle);
}

CmasimPfn
cmasim_mm_owner_get_pfn(const CmasimMm *self, CmasimHandle handle)
{
	g_return_val_if_fail(cmasim_handle_valid(self, handle), CMASIM_PFN_NONE);
	if (self->handles[handle] == CMASIM_HANDLE_DROPPED)
		return CMASIM_PFN_NONE;
	return self->handles[handle];
}

static CmasimPage *
cmasim_owner_page(const CmasimMm *self, CmasimHandle handle)
{
	CmasimPfn pfn = cmasim_mm_owner_get_pfn(self, handle);
	if (pfn == CMASIM_PFN_NONE)
		return NULL;
	return &self->pages[pfn];
}

guint
cmasim_mm_owner_get_order(const CmasimMm *self, CmasimHandle handle)
{
	CmasimPage *page = cmasim_owner_page(self, handle);
	return page != NULL ? page->order : 0;
}

CmasimOwnerKind
cmasim_mm_owner_get_kind(const CmasimMm *self, CmasimHandle handle)
{
	CmasimPage *page = cmasim_owner_page(self, handle);
	return page != NULL ? (CmasimOwnerKind)_cmasim_page_kind(page) : CMASIM_OWNER_FILE;
}

guint
cmasim_mm_owner_get_flags(const CmasimMm *self, CmasimHandle handle)
{
	CmasimPage *page = cmasim_owner_page(self, handle);
	return page != NULL ? page->flags & ~CMASIM_PAGE_RECLAIM_SKIPPED : 0;
}

void
cmasim_mm_owner_set_flags(CmasimMm *self, CmasimHandle handle, guint set, guint clear)
{
	CmasimPage *page = cmasim_owner_page(self, handle);
	guint fixed = CMASIM_PAGE_KIND_MASK | CMASIM_PAGE_LRU | CMASIM_PAGE_ISOLATED |
		      CMASIM_PAGE_RECLAIM_SKIPPED;
	if (page == NULL)
		return;
	page->flags = (page->flags & ~(clear & ~fixed)) | (set & ~fixed);
	_cmasim_reclaim_page_changed(self, self->handles[handle]);
}

gboolean
cmasim_mm_owner_pin(CmasimMm *self, CmasimHandle handle)
{
	CmasimPage *page = cmasim_owner_page(self, handle);
	if (page == NULL || page->pincount == G_MAXUINT8)
		return FALSE;
	page->pincount++;
	return TRUE;
}

void
cmasim_mm_owner_unpin(CmasimMm *self, CmasimHandle handle)
{
	CmasimPage *page = cmasim_owner_page(self, handle);
	if (page != NULL && page->pincount > 0) {
		page->pincount--;
		_cmasim_reclaim_page_changed(self, self->handles[handle]);
	}
}

guint
cmasim_mm_owner_get_pincount(const CmasimMm *self, CmasimHandle handle)
{
	CmasimPage *page = cmasim_owner_page(self, handle);
	return page != NULL ? page->pincount : 0;
}

void
_cmasim_owner_move(CmasimMm *mm, CmasimPfn src, CmasimPfn dst)
{
	CmasimPage *s = &mm->pages[src];
	CmasimPage *d = &mm->pages[dst];
	guint kind = _cmasim_page_kind(s);

	g_assert(s->state == CMASIM_PAGE_OWNED);
	d->state = CMASIM_PAGE_OWNED;
	d->order = s->order;
	d->handle = s->handle;
	d->flags = s->flags;
	d->pincount = s->pincount;
	d->next = d->prev = CMASIM_PFN_NONE;
	if (s->flags & CMASIM_PAGE_LRU) {
		/* take the old block's place in its LRU list (zones may differ); on
		 * the same anon LRU, a count, there is nothing to move */
		CmasimList *slist = cmasim_lru_of(mm, src);
		CmasimList *dlist = cmasim_lru_of(mm, dst);
		if (slist != dlist) {
			_cmasim_lru_del(mm, src);
			d->flags &= ~CMASIM_PAGE_LRU;
			_cmasim_lru_add(mm, dst);
		} else if (kind == CMASIM_OWNER_FILE) {
			d->prev = s->prev;
			d->next = s->next;
			if (s->prev != CMASIM_PFN_NONE)
				mm->pages[s->prev].next = dst;
			else
				slist->head = dst;
			if (s->next != CMASIM_PFN_NONE)
				mm->pages[s->next].prev = dst;
			else
				slist->tail = dst;
			if (src == _cmasim_mm_zone_of(mm, src)->reclaim_resume)
				_cmasim_mm_zone_of(mm, src)->reclaim_resume = dst;
		}
	}
	_cmasim_owner_account(mm, dst, d->order, kind, 1);
	_cmasim_owner_account(mm, src, s->order, kind, -1);
	mm->handles[s->handle] = dst;
	s->state = CMASIM_PAGE_TAIL;
	s->next = s->prev = CMASIM_PFN_NONE;
	s->flags = 0;
	s->pincount = 0;
	s->handle = 0;
	cmasim_mm_free_block(mm, src, d->order);
}

void
_cmasim_owner_drop(CmasimMm *mm, CmasimPfn pfn)
{
	CmasimPage *page = &mm->pages[pfn];
	guint order = page->order;

	g_assert(page->state == CMASIM_PAGE_OWNED);
	if (page->flags & CMASIM_PAGE_LRU)
		_cmasim_lru_del(mm, pfn);
	_cmasim_owner_account(mm, pfn, order, _cmasim_page_kind(page), -1);
	mm->handles[page->handle] = CMASIM_HANDLE_DROPPED;
	page->state = CMASIM_PAGE_TAIL;
	page->handle = 0;
	page->flags = 0;
	cmasim_mm_free_block(mm, pfn, order);
}

gboolean
cmasim_mm_owner_pin_longterm(CmasimMm *self, CmasimHandle handle)
{
	CmasimPfn pfn = cmasim_mm_owner_get_pfn(self, handle);
	CmasimPage *page;
	CmasimMigratetype mt;
	CmasimPfn dst;

	if (pfn == CMASIM_PFN_NONE)
		return FALSE;
	page = &self->pages[pfn];
	mt = _cmasim_mm_block_mt(self, pfn);
	if (mt == CMASIM_MIGRATETYPE_CMA || mt == CMASIM_MIGRATETYPE_ISOLATE) {
		if (page->pincount > 0 ||
		    !cmasim_mm_alloc_block(self, page->order, CMASIM_MIGRATETYPE_UNMOVABLE,
					   CMASIM_ALLOC_WMARK_MIN, &dst)) {
			self->stats.longterm_pin_failures++;
			return FALSE;
		}
		_cmasim_owner_move(self, pfn, dst);
		self->stats.longterm_pin_migrations++;
		pfn = dst;
		page = &self->pages[pfn];
	}
	page->flags |= CMASIM_PAGE_LONGTERM;
	return TRUE;
}

guint64
cmasim_mm_get_live_handles(const CmasimMm *self)
{
	return self->live_handles;
}

guint64
cmasim_mm_reclaim_zone(CmasimMm *self, guint zone_idx, guint64 target_pages)
{
	CmasimZone *zone = &self->zones[zone_idx];
	CmasimList *list = &zone->lru[CMASIM_LRU_FILE];
	guint64 reclaimed = 0;
	guint64 budget = list->nr_pages; /* look at each page at most once */
	CmasimPfn pfn = list->tail;

	if (zone->free_pages >= target_pages)
		return 0;
	/*
	 * The pages the last scans skipped are still there and still cannot be
	 * dropped: count them as scanned again (pgscan, budget) without
	 * walking over them, and go on from where those scans stopped.
	 */
	if (zone->reclaim_skipped_pages > 0) {
		self->stats.pgscan += zone->reclaim_skipped_pages;
		budget -= zone->reclaim_skipped_pages;
		pfn = zone->reclaim_resume;
	}
	while (pfn != CMASIM_PFN_NONE && zone->free_pages < target_pages && budget > 0) {
		CmasimPage *page = &self->pages[pfn];
		CmasimPfn prev = page->prev;
		guint nr = 1u << page->order;
		budget = budget > nr ? budget - nr : 0;
		self->stats.pgscan += nr;
		if (_cmasim_page_reclaimable(page)) {
			_cmasim_owner_drop(self, pfn);
			self->stats.pgsteal += nr;
			reclaimed += nr;
		} else {
			/* everything tail-wards of it is skipped or gone: it joins the memo */
			page->flags |= CMASIM_PAGE_RECLAIM_SKIPPED;
			zone->reclaim_skipped_pages += nr;
		}
		pfn = prev;
	}
	zone->reclaim_resume = pfn;
	return reclaimed;
}
