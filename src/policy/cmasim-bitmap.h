/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * A plain bitmap with the search of lib/bitmap.c's
 * bitmap_find_next_zero_area_off(), shared by the CMA areas and the
 * carve-outs.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
	guint64 *words;
	guint64 nbits;
	guint64 used; /* set bits */
} CmasimBitmap;

void _cmasim_bitmap_init(CmasimBitmap *bm, guint64 nbits);
void _cmasim_bitmap_clear_all(CmasimBitmap *bm);
gboolean _cmasim_bitmap_test(const CmasimBitmap *bm, guint64 bit);
void _cmasim_bitmap_set(CmasimBitmap *bm, guint64 start, guint64 n);
void _cmasim_bitmap_clear(CmasimBitmap *bm, guint64 start, guint64 n);
/* clear [start, start + n), whether set or not (cma_clear_bitmap() does not check) */
void _cmasim_bitmap_clear_any(CmasimBitmap *bm, guint64 start, guint64 n);
/* first zero bit >= start, or nbits */
guint64 _cmasim_bitmap_next_zero(const CmasimBitmap *bm, guint64 start);
/* first set bit in [start, end), or end */
guint64 _cmasim_bitmap_next_set(const CmasimBitmap *bm, guint64 start, guint64 end);
/*
 * bitmap_find_next_zero_area_off(): the lowest index >= start such that
 * (index + align_offset) is a multiple of (align_mask + 1) and [index,
 * index + nr) is all zero; returns a value > nbits - nr when none. Adds the
 * number of bits it looked at to *examined.
 */
guint64 _cmasim_bitmap_find_area(const CmasimBitmap *bm, guint64 start, guint64 nr,
				 guint64 align_mask, guint64 align_offset, guint64 *examined);

G_END_DECLS
