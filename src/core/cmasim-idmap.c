/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * A guint64 -> guint64 map for the ids of replayed events (alloc/free,
 * pin/unpin, cma_alloc/cma_release). Open addressing with linear probing
 * and backward-shift deletion (Knuth, TAOCP vol. 3, 6.4, algorithm R), so
 * there are no tombstones and no allocation per event: the arrays only grow
 * with the number of ids alive at once. Never iterated, so its order cannot
 * leak into outputs.
 */
#define G_LOG_DOMAIN "CmasimCore"

#include <string.h>

#include "core/cmasim-idmap.h"

#define CMASIM_IDMAP_MIN_CAP 64

static inline gsize
cmasim_idmap_hash(guint64 key, gsize mask)
{
	/* splitmix64 finaliser: ids are often sequential */
	key ^= key >> 30;
	key *= G_GUINT64_CONSTANT(0xbf58476d1ce4e5b9);
	key ^= key >> 27;
	key *= G_GUINT64_CONSTANT(0x94d049bb133111eb);
	key ^= key >> 31;
	return (gsize)key & mask;
}

void
_cmasim_idmap_init(CmasimIdMap *map)
{
	memset(map, 0, sizeof(*map));
}

void
_cmasim_idmap_clear(CmasimIdMap *map)
{
	g_clear_pointer(&map->keys, g_free);
	g_clear_pointer(&map->values, g_free);
	g_clear_pointer(&map->used, g_free);
	map->cap = 0;
	map->len = 0;
}

static gboolean
cmasim_idmap_find(const CmasimIdMap *map, guint64 key, gsize *slot)
{
	gsize mask;
	gsize i;

	if (map->cap == 0)
		return FALSE;
	mask = map->cap - 1;
	for (i = cmasim_idmap_hash(key, mask); map->used[i]; i = (i + 1) & mask) {
		if (map->keys[i] == key) {
			*slot = i;
			return TRUE;
		}
	}
	*slot = i;
	return FALSE;
}

static void
cmasim_idmap_grow(CmasimIdMap *map)
{
	CmasimIdMap old = *map;
	gsize cap = old.cap != 0 ? old.cap * 2 : CMASIM_IDMAP_MIN_CAP;

	map->keys = g_new(guint64, cap);
	map->values = g_new(guint64, cap);
	map->used = g_new0(guint8, cap);
	map->cap = cap;
	map->len = 0;
	for (gsize i = 0; i < old.cap; i++) {
		if (old.used[i])
			_cmasim_idmap_insert(map, old.keys[i], old.values[i]);
	}
	_cmasim_idmap_clear(&old);
}

gboolean
_cmasim_idmap_lookup(const CmasimIdMap *map, guint64 key, guint64 *value)
{
	gsize slot;

	if (!cmasim_idmap_find(map, key, &slot))
		return FALSE;
	if (value != NULL)
		*value = map->values[slot];
	return TRUE;
}

gboolean
_cmasim_idmap_insert(CmasimIdMap *map, guint64 key, guint64 value)
{
	gsize slot = 0; /* set by cmasim_idmap_find(); -O3 cannot tell */

	/* keep the load factor at or below 1/2 */
	if ((map->len + 1) * 2 > map->cap)
		cmasim_idmap_grow(map);
	if (cmasim_idmap_find(map, key, &slot))
		return FALSE;
	map->used[slot] = 1;
	map->keys[slot] = key;
	map->values[slot] = value;
	map->len++;
	return TRUE;
}

gboolean
_cmasim_idmap_remove(CmasimIdMap *map, guint64 key, guint64 *value)
{
	gsize mask;
	gsize hole;
	gsize i;

	if (!cmasim_idmap_find(map, key, &hole))
		return FALSE;
	if (value != NULL)
		*value = map->values[hole];
	mask = map->cap - 1;
	/* shift back every later entry of the cluster whose home is not between hole and it */
	for (i = (hole + 1) & mask; map->used[i]; i = (i + 1) & mask) {
		gsize home = cmasim_idmap_hash(map->keys[i], mask);
		gboolean movable =
		    (i > hole) ? (home <= hole || home > i) : (home <= hole && home > i);
		if (movable) {
			map->keys[hole] = map->keys[i];
			map->values[hole] = map->values[i];
			hole = i;
		}
	}
	map->used[hole] = 0;
	map->len--;
	return TRUE;
}
