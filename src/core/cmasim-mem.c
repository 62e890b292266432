/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Memory hints for large arrays: MADV_HUGEPAGE (mm/khugepaged.c, the THP
 * "madvise" mode). A hint only: nothing depends on it being honoured.
 */
#define G_LOG_DOMAIN "Cmasim"

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
