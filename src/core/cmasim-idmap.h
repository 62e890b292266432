/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * A guint64 -> guint64 map for the ids of replayed events, shared by the
 * event stream (static checks) and the simulation driver (cmasim-idmap.c).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* open addressing, linear probing, backward-shift deletion; keys are any guint64 */
typedef struct {
	guint64 *keys;
	guint64 *values;
	guint8 *used;
	gsize cap; /* power of two */
	gsize len;
} CmasimIdMap;

void _cmasim_idmap_init(CmasimIdMap *map);
void _cmasim_idmap_clear(CmasimIdMap *map);
gboolean _cmasim_idmap_lookup(const CmasimIdMap *map, guint64 key, guint64 *value);
/* FALSE (and nothing changed) if @key is already present */
gboolean _cmasim_idmap_insert(CmasimIdMap *map, guint64 key, guint64 value);
gboolean _cmasim_idmap_remove(CmasimIdMap *map, guint64 key, guint64 *value);

G_END_DECLS
