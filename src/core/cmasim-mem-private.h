/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Memory hints for the simulator's own large flat arrays (pages, handles,
 * per-handle records): they are read at random, so on a machine whose
 * transparent huge pages are "madvise" most of the cost of a random access
 * is the TLB miss. See docs/performance.md.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ask for transparent huge pages over the 2 MiB-aligned part of [mem, mem + bytes) */
void _cmasim_mem_advise_hugepages(gpointer mem, gsize bytes);

/*
 * Grow a large array to @new_bytes keeping its first @used_bytes; from 2 MiB
 * on, the new block is 2 MiB-aligned and advised before it is written (a
 * realloc that moves pages with mremap would keep them small). The result
 * is freed with g_free(). Nothing beyond @used_bytes is initialised.
 */
gpointer _cmasim_mem_grow(gpointer mem, gsize used_bytes, gsize new_bytes);

G_END_DECLS
