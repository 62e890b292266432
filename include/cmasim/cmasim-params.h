/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Named, typed, documented parameters: the knobs of the policies, the cost
 * model and the simulation (everything that is not machine geometry, a
 * region or a task). Each module declares a static table of CmasimParamDef;
 * the registry is the union of those tables. A CmasimParams holds one value
 * (as canonical text) per registered key, starting from the defaults; a CPU
 * profile, the workload's `policy:`/`cost:`/`sim:` sections and `--set`
 * override them in that order. Keys are dotted paths ("policy.cma.behaviour",
 * "cost.migrate_copy_bytes_per_ns") and are exactly what users write.
 */
#pragma once

#include <glib.h>

#include "cmasim/cmasim-types.h"

G_BEGIN_DECLS

typedef enum {
	CMASIM_PARAM_UINT,   /* non-negative integer, decimal or 0x hex */
	CMASIM_PARAM_DOUBLE, /* non-negative decimal */
	CMASIM_PARAM_BOOL,   /* true/false */
	CMASIM_PARAM_ENUM,   /* one of `choices`, '|'-separated */
	CMASIM_PARAM_SIZE,   /* bytes, with suffixes */
	CMASIM_PARAM_TIME,   /* nanoseconds, with suffixes */
} CmasimParamType;

typedef struct {
	const gchar *key;	    /* dotted path, e.g. "policy.cma.behaviour" */
	CmasimParamType type;
	const gchar *default_value; /* text, parsed like user input */
	const gchar *unit;	    /* "ns", "pages", "bytes/ns", "" ... */
	const gchar *choices;	    /* ENUM only: "v14|mainline" */
	const gchar *doc;	    /* one sentence for docs and `cmasim list params` */
	const gchar *source;	    /* where the default comes from, or "estimate" */
	guint64 max_value;	    /* UINT/SIZE/TIME: upper bound, 0 = none */
} CmasimParamDef;

typedef struct {
	const gchar *section; /* "policy", "cost", "sim" */
	const CmasimParamDef *defs;
	guint n_defs;
} CmasimParamTable;

/* registry */
const CmasimParamDef *cmasim_param_def_lookup(const gchar *key);
/* every registered definition, sorted by key; (transfer container) */
GPtrArray *cmasim_param_defs_sorted(void);

typedef struct _CmasimParams CmasimParams;

CmasimParams *cmasim_params_new(void); /* every key at its default */
CmasimParams *cmasim_params_copy(const CmasimParams *self);
void cmasim_params_free(CmasimParams *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimParams, cmasim_params_free)

/* validate @value against the definition and store it; error names the key */
gboolean cmasim_params_set(CmasimParams *self, const gchar *key, const gchar *value, GError **error);
/* TRUE if the user (not the default) set the key */
gboolean cmasim_params_is_set(const CmasimParams *self, const gchar *key);
/* canonical text of the current value */
const gchar *cmasim_params_get_text(const CmasimParams *self, const gchar *key);

/* typed getters; the key must be registered with a matching type (g_critical otherwise) */
guint64 cmasim_params_get_uint(const CmasimParams *self, const gchar *key);
gdouble cmasim_params_get_double(const CmasimParams *self, const gchar *key);
gboolean cmasim_params_get_bool(const CmasimParams *self, const gchar *key);
const gchar *cmasim_params_get_enum(const CmasimParams *self, const gchar *key);
guint64 cmasim_params_get_size(const CmasimParams *self, const gchar *key);
CmasimTimeNs cmasim_params_get_time(const CmasimParams *self, const gchar *key);

G_END_DECLS
