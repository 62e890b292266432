/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Bitmap helpers; the area search follows the algorithm of
 * bitmap_find_next_zero_area_off() in lib/bitmap.c (kernel-facts 1.2).
 */
#define G_LOG_DOMAIN "CmasimPolicy"

#include "policy/cmasim-bitmap.h"

void
_cmasim_bitmap_init(CmasimBitmap *bm, guint64 nbits)
{
	bm->nbits = nbits;
	bm->words = g_new0(guint64, (nbits + 63) / 64 + 1);
	bm->used = 0;
}

void
_cmasim_bitmap_clear_all(CmasimBitmap *bm)
{
	g_clear_pointer(&bm->words, g_free);
	bm->nbits = bm->used = 0;
}

gboolean
_cmasim_bitmap_test(const CmasimBitmap *bm, guint64 bit)
{
	return (bm->words[bit / 64] >> (bit % 64)) & 1;
}

void
_cmasim_bitmap_set(CmasimBitmap *bm, guint64 start, guint64 n)
{
	for (guint64 b = start; b < start + n; b++) {
		g_assert(!_cmasim_bitmap_test(bm, b));
		bm->words[b / 64] |= G_GUINT64_CONSTANT(1) << (b % 64);
	}
	bm->used += n;
}

void
_cmasim_bitmap_clear(CmasimBitmap *bm, guint64 start, guint64 n)
{
	for (guint64 b = start; b < start + n; b++) {
		g_assert(_cmasim_bitmap_test(bm, b));
		bm->words[b / 64] &= ~(G_GUINT64_CONSTANT(1) << (b % 64));
	}
	bm->used -= n;
}

void
_cmasim_bitmap_clear_any(CmasimBitmap *bm, guint64 start, guint64 n)
{
	for (guint64 b = start; b < start + n; b++) {
		if (_cmasim_bitmap_test(bm, b)) {
			bm->words[b / 64] &= ~(G_GUINT64_CONSTANT(1) << (b % 64));
			bm->used--;
		}
	}
}

guint64
_cmasim_bitmap_next_zero(const CmasimBitmap *bm, guint64 start)
{
	while (start < bm->nbits) {
		guint64 w = ~bm->words[start / 64] >> (start % 64);
		if (w != 0) {
			start += (guint64)__builtin_ctzll(w);
			return MIN(start, bm->nbits);
		}
		start = (start / 64 + 1) * 64;
	}
	return bm->nbits;
}

guint64
_cmasim_bitmap_next_set(const CmasimBitmap *bm, guint64 start, guint64 end)
{
	while (start < end) {
		guint64 w = bm->words[start / 64] >> (start % 64);
		if (w != 0) {
			start += (guint64)__builtin_ctzll(w);
			return MIN(start, end);
		}
		start = (start / 64 + 1) * 64;
	}
	return end;
}

guint64
_cmasim_bitmap_find_area(const CmasimBitmap *bm, guint64 start, guint64 nr, guint64 align_mask,
			 guint64 align_offset, guint64 *examined)
{
	for (;;) {
		guint64 index = _cmasim_bitmap_next_zero(bm, start);
		guint64 end, busy;
		index = ((index + align_offset + align_mask) & ~align_mask) - align_offset;
		end = index + nr;
		*examined += (MIN(end, bm->nbits) > start ? MIN(end, bm->nbits) - start : 0) + 1;
		if (end > bm->nbits)
			return end;
		busy = _cmasim_bitmap_next_set(bm, index, end);
		if (busy == end)
			return index;
		start = busy + 1;
	}
}
