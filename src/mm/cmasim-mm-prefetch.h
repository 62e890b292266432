/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The owner prefetch hint, inline: the simulation driver calls it several
 * times per background event (cmasim_bg_prefetch_pump()), and a call for
 * each step cost about as much as the step. Reads the memory model's arrays
 * directly, as the policies do through cmasim-mm-private.h.
 */
#pragma once

#include "mm/cmasim-mm-private.h"

G_BEGIN_DECLS

static inline void
_cmasim_mm_prefetch_page(const CmasimMm *mm, CmasimPfn pfn)
{
	if (pfn < mm->span_pages)
		__builtin_prefetch(&mm->pages[pfn], 1);
}

/* where @handle's block is now, as a hint for cmasim_mm_owner_prefetch()
 * (inline: the driver reads it at every allocation); not a pfn for a free handle */
static inline CmasimPfn
cmasim_mm_owner_pfn_hint(const CmasimMm *self, CmasimHandle handle)
{
	return handle < self->handles_len ? self->handles[handle] : CMASIM_PFN_NONE;
}

/*
 * A hint with no effect on the model: start loading what freeing @handle
 * will touch, one dependent step per call, so that a caller who knows
 * which block dies next can overlap those cache misses with other work:
 *  0: the handle's entry, and the head page at @pfn_hint (the caller's
 *     guess of the block's pfn, say where it was allocated);
 *  1: if the entry says the block has moved from @pfn_hint, its head page
 *     (then step 2), else what step 2 loads;
 *  2: the file-LRU neighbours and the buddy of the head page.
 * Returns the next step, 0 when done. Reads nothing out of bounds for any
 * handle or hint, stale or not.
 */
static inline guint
cmasim_mm_owner_prefetch(const CmasimMm *self, CmasimHandle handle, CmasimPfn pfn_hint, guint step)
{
	CmasimPfn pfn;
	const CmasimPage *page;

	if (handle >= self->handles_len)
		return 0;
	if (step == 0) {
		__builtin_prefetch(&self->handles[handle]);
		_cmasim_mm_prefetch_page(self, pfn_hint);
		return 1;
	}
	/* a free or dropped entry is never below span_pages: nothing to load */
	pfn = self->handles[handle];
	if (pfn >= self->span_pages)
		return 0;
	if (step == 1 && pfn != pfn_hint) {
		_cmasim_mm_prefetch_page(self, pfn);
		return 2;
	}
	/* anon pages have no LRU links: prev and next are CMASIM_PFN_NONE */
	page = &self->pages[pfn];
	_cmasim_mm_prefetch_page(self, page->prev);
	_cmasim_mm_prefetch_page(self, page->next);
	if (page->order < self->nr_orders)
		_cmasim_mm_prefetch_page(self, pfn ^ (1u << page->order));
	return 0;
}

G_END_DECLS
