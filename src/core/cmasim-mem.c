/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Memory hints for large arrays: MADV_HUGEPAGE (mm/khugepaged.c, the THP
 * "madvise" mode). A hint only: nothing depends on it being honoured.
 */
#define G_LOG_DOMAIN "Cmasim"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/cmasim-mem-private.h"

#define CMASIM_MEM_HUGEPAGE_BYTES ((guintptr)2 << 20)

void
_cmasim_mem_advise_hugepages(gpointer mem, gsize bytes)
{
#ifdef MADV_HUGEPAGE
	guintptr start = ((guintptr)mem + CMASIM_MEM_HUGEPAGE_BYTES - 1) &
	                 ~(CMASIM_MEM_HUGEPAGE_BYTES - 1);
	guintptr end = ((guintptr)mem + bytes) & ~(CMASIM_MEM_HUGEPAGE_BYTES - 1);

	if (mem != NULL && end > start)
		(void)madvise((gpointer)start, end - start, MADV_HUGEPAGE);
#endif
}

gpointer
_cmasim_mem_grow(gpointer mem, gsize used_bytes, gsize new_bytes)
{
	gpointer grown = NULL;

	g_return_val_if_fail(used_bytes <= new_bytes, mem);
	if (new_bytes < CMASIM_MEM_HUGEPAGE_BYTES ||
	    posix_memalign(&grown, CMASIM_MEM_HUGEPAGE_BYTES, new_bytes) != 0)
		return g_realloc(mem, new_bytes);
	/* advised before anything is written, so the pages fault in huge */
	_cmasim_mem_advise_hugepages(grown, new_bytes);
	if (used_bytes > 0)
		memcpy(grown, mem, used_bytes);
	free(mem);
	return grown;
}
