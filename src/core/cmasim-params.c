/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The parameter registry and value store. Values are kept as canonical
 * text so that config.effective.yaml prints exactly what a run used, and
 * parsed on each typed get (parameters are read at set-up, never per event).
 */
#define G_LOG_DOMAIN "CmasimParams"

#include <string.h>

#include "core/cmasim-params-private.h"
#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-units.h"

static const CmasimParamTable *const cmasim_param_tables[] = {
    &_cmasim_sim_param_table,
    &_cmasim_policy_param_table,
    &_cmasim_cost_param_table,
};

struct _CmasimParams {
	GHashTable *values; /* key (borrowed from the def) -> gchar* */
	GHashTable *user_set;
};

const CmasimParamDef *
cmasim_param_def_lookup(const gchar *key)
{
	for (guint t = 0; t < G_N_ELEMENTS(cmasim_param_tables); t++) {
		const CmasimParamTable *table = cmasim_param_tables[t];
		for (guint i = 0; i < table->n_defs; i++) {
			if (g_strcmp0(table->defs[i].key, key) == 0)
				return &table->defs[i];
		}
	}
	return NULL;
}

static gint
cmasim_param_def_cmp(gconstpointer a, gconstpointer b)
{
	const CmasimParamDef *da = *(const CmasimParamDef *const *)a;
	const CmasimParamDef *db = *(const CmasimParamDef *const *)b;
	return strcmp(da->key, db->key);
}

GPtrArray *
cmasim_param_defs_sorted(void)
{
	GPtrArray *defs = g_ptr_array_new();
	for (guint t = 0; t < G_N_ELEMENTS(cmasim_param_tables); t++) {
		const CmasimParamTable *table = cmasim_param_tables[t];
		for (guint i = 0; i < table->n_defs; i++)
			g_ptr_array_add(defs, (gpointer)&table->defs[i]);
	}
	g_ptr_array_sort(defs, cmasim_param_def_cmp);
	return defs;
}

/* parse @value for @def; on success return its canonical text */
static gchar *
cmasim_params_canonical(const CmasimParamDef *def, const gchar *value, GError **error)
{
	switch (def->type) {
	case CMASIM_PARAM_UINT: {
		guint64 v = 0;
		if (!cmasim_parse_uint64(value, &v, error))
			return NULL;
		if (def->max_value != 0 && v > def->max_value) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				    "%" G_GUINT64_FORMAT " is out of range (expected at most "
				    "%" G_GUINT64_FORMAT ")",
				    v, def->max_value);
			return NULL;
		}
		return g_strdup_printf("%" G_GUINT64_FORMAT, v);
	}
	case CMASIM_PARAM_DOUBLE: {
		gdouble v = 0;
		gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
		if (!cmasim_parse_double(value, &v, error))
			return NULL;
		return g_strdup(g_ascii_dtostr(buf, sizeof(buf), v));
	}
	case CMASIM_PARAM_BOOL: {
		gboolean v = FALSE;
		if (!cmasim_parse_bool(value, &v, error))
			return NULL;
		return g_strdup(v ? "true" : "false");
	}
	case CMASIM_PARAM_ENUM: {
		g_auto(GStrv) choices = g_strsplit(def->choices, "|", -1);
		if (!g_strv_contains((const gchar *const *)choices, value)) {
			g_autofree gchar *list = g_strjoinv(", ", choices);
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				    "'%s' is not a valid value (expected one of: %s)", value, list);
			return NULL;
		}
		return g_strdup(value);
	}
	case CMASIM_PARAM_SIZE: {
		guint64 v = 0;
		if (!cmasim_parse_size_bytes(value, &v, error))
			return NULL;
		if (def->max_value != 0 && v > def->max_value) {
			g_autofree gchar *max = cmasim_format_size_bytes(def->max_value);
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				    "'%s' is out of range (expected at most %s)", value, max);
			return NULL;
		}
		return cmasim_format_size_bytes(v);
	}
	case CMASIM_PARAM_TIME: {
		CmasimTimeNs v = 0;
		if (!cmasim_parse_time_ns(value, &v, error))
			return NULL;
		if (def->max_value != 0 && v > def->max_value) {
			g_autofree gchar *max = cmasim_format_time_ns(def->max_value);
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				    "'%s' is out of range (expected at most %s)", value, max);
			return NULL;
		}
		return cmasim_format_time_ns(v);
	}
	default:
		g_assert_not_reached();
	}
	return NULL;
}

CmasimParams *
cmasim_params_new(void)
{
	CmasimParams *self = g_new0(CmasimParams, 1);
	g_autoptr(GPtrArray) defs = cmasim_param_defs_sorted();

	self->values = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	self->user_set = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < defs->len; i++) {
		const CmasimParamDef *def = g_ptr_array_index(defs, i);
		g_autoptr(GError) error = NULL;
		gchar *text = cmasim_params_canonical(def, def->default_value, &error);
		if (text == NULL) {
			g_critical("default of parameter %s is invalid: %s", def->key,
				   error->message);
			text = g_strdup(def->default_value);
		}
		g_hash_table_insert(self->values, (gpointer)def->key, text);
	}
	return self;
}

CmasimParams *
cmasim_params_copy(const CmasimParams *self)
{
	CmasimParams *copy = g_new0(CmasimParams, 1);
	GHashTableIter iter;
	gpointer key, value;

	copy->values = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	copy->user_set = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_iter_init(&iter, self->values);
	while (g_hash_table_iter_next(&iter, &key, &value))
		g_hash_table_insert(copy->values, key, g_strdup(value));
	g_hash_table_iter_init(&iter, self->user_set);
	while (g_hash_table_iter_next(&iter, &key, &value))
		g_hash_table_add(copy->user_set, key);
	return copy;
}

void
cmasim_params_free(CmasimParams *self)
{
	if (self == NULL)
		return;
	g_hash_table_unref(self->values);
	g_hash_table_unref(self->user_set);
	g_free(self);
}

gboolean
cmasim_params_set(CmasimParams *self, const gchar *key, const gchar *value, GError **error)
{
	const CmasimParamDef *def;
	gchar *text;

	g_return_val_if_fail(self != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

	def = cmasim_param_def_lookup(key);
	if (def == NULL) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "unknown parameter '%s' (see `cmasim list params`)", key);
		return FALSE;
	}
	text = cmasim_params_canonical(def, value, error);
	if (text == NULL) {
		g_prefix_error(error, "%s: ", key);
		return FALSE;
	}
	g_hash_table_insert(self->values, (gpointer)def->key, text);
	g_hash_table_add(self->user_set, (gpointer)def->key);
	return TRUE;
}

gboolean
cmasim_params_is_set(const CmasimParams *self, const gchar *key)
{
	return g_hash_table_contains(self->user_set, key);
}

const gchar *
cmasim_params_get_text(const CmasimParams *self, const gchar *key)
{
	const gchar *text = g_hash_table_lookup(self->values, key);
	if (text == NULL)
		g_critical("parameter %s is not registered", key);
	return text;
}

static const gchar *
cmasim_params_get_typed(const CmasimParams *self, const gchar *key, CmasimParamType type)
{
	const CmasimParamDef *def = cmasim_param_def_lookup(key);
	if (def == NULL || def->type != type) {
		g_critical("parameter %s is not registered with the requested type", key);
		return NULL;
	}
	return cmasim_params_get_text(self, key);
}

guint64
cmasim_params_get_uint(const CmasimParams *self, const gchar *key)
{
	const gchar *text = cmasim_params_get_typed(self, key, CMASIM_PARAM_UINT);
	guint64 v = 0;
	if (text != NULL && !cmasim_parse_uint64(text, &v, NULL))
		g_critical("parameter %s holds '%s'", key, text);
	return v;
}

gdouble
cmasim_params_get_double(const CmasimParams *self, const gchar *key)
{
	const gchar *text = cmasim_params_get_typed(self, key, CMASIM_PARAM_DOUBLE);
	gdouble v = 0;
	if (text != NULL && !cmasim_parse_double(text, &v, NULL))
		g_critical("parameter %s holds '%s'", key, text);
	return v;
}

gboolean
cmasim_params_get_bool(const CmasimParams *self, const gchar *key)
{
	const gchar *text = cmasim_params_get_typed(self, key, CMASIM_PARAM_BOOL);
	return g_strcmp0(text, "true") == 0;
}

const gchar *
cmasim_params_get_enum(const CmasimParams *self, const gchar *key)
{
	const gchar *text = cmasim_params_get_typed(self, key, CMASIM_PARAM_ENUM);
	return text != NULL ? text : "";
}

guint64
cmasim_params_get_size(const CmasimParams *self, const gchar *key)
{
	const gchar *text = cmasim_params_get_typed(self, key, CMASIM_PARAM_SIZE);
	guint64 v = 0;
	if (text != NULL && !cmasim_parse_size_bytes(text, &v, NULL))
		g_critical("parameter %s holds '%s'", key, text);
	return v;
}

CmasimTimeNs
cmasim_params_get_time(const CmasimParams *self, const gchar *key)
{
	const gchar *text = cmasim_params_get_typed(self, key, CMASIM_PARAM_TIME);
	CmasimTimeNs v = 0;
	if (text != NULL && !cmasim_parse_time_ns(text, &v, NULL))
		g_critical("parameter %s holds '%s'", key, text);
	return v;
}
