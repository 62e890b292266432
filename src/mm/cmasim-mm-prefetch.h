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

/*
 * A hint with no effect on the model: start loading what freeing @handle
 * will touch, one dependent step per call (0: the handle's entry; 1: its
 * head page; 2: the file-LRU neighbours and the buddy of that page), so
 * that a caller who knows which block dies next can overlap those cache
 * misses with other work. Returns the next step, 0 when done. Reads nothing
 * out of bounds for any handle, stale or not.
 */
static inline guint
cmasim_mm_owner_prefetch(const CmasimMm *self, CmasimHandle handle, guint step)
{
	CmasimPfn pfn;
	const CmasimPage *page;

	if (handle >= self->handles_len)
		return 0;
	if (step == 0) {
		__builtin_prefetch(&self->handles[handle]);
		return 1;
	}
	/* a free or dropped entry is never below span_pages: nothing to load */
	pfn = self->handles[handle];
	if (pfn >= self->span_pages)
		return 0;
	if (step == 1) {
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
