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

G_END_DECLS
