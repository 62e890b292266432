/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Names for the enums of cmasim-types.h. Migratetype names are the
 * kernel's migratetype_names[] (mm/page_alloc.c), as /proc/pagetypeinfo
 * prints them.
 */
#define G_LOG_DOMAIN "Cmasim"

#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-types.h"

G_DEFINE_QUARK(cmasim-error-quark, cmasim_error)

const gchar *
cmasim_migratetype_to_string(CmasimMigratetype mt)
{
	static const gchar *const names[CMASIM_MIGRATETYPES] = {
	    "Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
	};
	if ((guint)mt >= CMASIM_MIGRATETYPES)
		return "Unknown";
	return names[mt];
}

static const gchar *const owner_kind_names[CMASIM_OWNER_KINDS] = {
    "anon",
    "file",
    "reclaimable",
    "unmovable",
};

const gchar *
cmasim_owner_kind_to_string(CmasimOwnerKind kind)
{
	if ((guint)kind >= CMASIM_OWNER_KINDS)
		return "unknown";
	return owner_kind_names[kind];
}

gboolean
cmasim_owner_kind_from_string(const gchar *str, CmasimOwnerKind *kind)
{
	for (guint i = 0; i < CMASIM_OWNER_KINDS; i++) {
		if (g_strcmp0(str, owner_kind_names[i]) == 0) {
			*kind = (CmasimOwnerKind)i;
			return TRUE;
		}
	}
	return FALSE;
}

CmasimMigratetype
cmasim_owner_kind_to_migratetype(CmasimOwnerKind kind)
{
	switch (kind) {
	case CMASIM_OWNER_ANON:
	case CMASIM_OWNER_FILE:
		return CMASIM_MIGRATETYPE_MOVABLE;
	case CMASIM_OWNER_RECLAIMABLE:
		return CMASIM_MIGRATETYPE_RECLAIMABLE;
	case CMASIM_OWNER_UNMOVABLE:
	case CMASIM_OWNER_KINDS:
	default:
		return CMASIM_MIGRATETYPE_UNMOVABLE;
	}
}

const gchar *
cmasim_alloc_status_to_string(CmasimAllocStatus status)
{
	static const gchar *const names[CMASIM_ALLOC_STATUSES] = {
	    "OK", "ENOMEM", "EBUSY", "EINTR", "EINVAL",
	};
	if ((guint)status >= CMASIM_ALLOC_STATUSES)
		return "UNKNOWN";
	return names[status];
}

gint
cmasim_alloc_status_to_errno(CmasimAllocStatus status)
{
	switch (status) {
	case CMASIM_ALLOC_OK:
		return 0;
	case CMASIM_ALLOC_ENOMEM:
		return -12;
	case CMASIM_ALLOC_EBUSY:
		return -16;
	case CMASIM_ALLOC_EINTR:
		return -4;
	case CMASIM_ALLOC_EINVAL:
	case CMASIM_ALLOC_STATUSES:
	default:
		return -22;
	}
}
