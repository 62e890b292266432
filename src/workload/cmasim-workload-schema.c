/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The schema of workload files: which keys each mapping takes and how each
 * value is parsed (sizes, times, rates, distributions, order mixes, address
 * ranges). Values keep the position they were written at, so checks made
 * after includes, presets and --set are merged still point at the line the
 * user has to fix. Region keys follow the device-tree reserved-memory
 * binding (reg, size, alignment, alloc-ranges, reusable, no-map,
 * linux,cma-default).
 */
#define G_LOG_DOMAIN "CmasimWorkload"

#include <math.h>
#include <string.h>

#include "cmasim/cmasim-units.h"
#include "workload/cmasim-workload-private.h"

#define CMASIM_U64_MAX G_MAXUINT64

const CmasimKeyDef _cmasim_top_keys[] = {
    {"version", CMASIM_KEY_UINT, 0, CMASIM_U64_MAX},
    {"name", CMASIM_KEY_TEXT, 0, 0},
    {"seed", CMASIM_KEY_UINT, 0, CMASIM_U64_MAX},
    {"duration", CMASIM_KEY_TIME, 1, 0},
    {NULL, 0, 0, 0},
};

const CmasimKeyDef _cmasim_machine_keys[] = {
    {"preset", CMASIM_KEY_NAME, 0, 0},
    {"arch", CMASIM_KEY_ARCH, 0, 0},
    {"cpu", CMASIM_KEY_CPU, 0, 0},
    {"cpus", CMASIM_KEY_UINT, 1, 1024},
    {"ram", CMASIM_KEY_SIZE, 1, 0},
    {"page_size", CMASIM_KEY_SIZE, 1, 0},
    {"max_order", CMASIM_KEY_UINT, 0, CMASIM_MAX_ORDER_LIMIT},
    {"pageblock_order", CMASIM_KEY_UINT, 0, CMASIM_MAX_ORDER_LIMIT},
    {"banks", CMASIM_KEY_BANKS, 0, 0},
    {"zones", CMASIM_KEY_ZONES, 0, 0},
    {"min_free_kbytes", CMASIM_KEY_UINT, 0, CMASIM_MAX_RAM_BYTES / 1024},
    {"watermark_scale_factor", CMASIM_KEY_UINT, 1, 3000},
    {"reserved", CMASIM_KEY_SIZE, 0, 0},
    {"boot_unmovable", CMASIM_KEY_SIZE, 0, 0},
    {"coherent_pool", CMASIM_KEY_SIZE, 0, 0},
    {"coherent_pools", CMASIM_KEY_UINT, 0, CMASIM_MAX_COHERENT_POOLS},
    {NULL, 0, 0, 0},
};

const CmasimKeyDef _cmasim_region_keys[] = {
    {"name", CMASIM_KEY_NAME, 0, 0},
    {"size", CMASIM_KEY_SIZE, 1, 0},
    {"alignment", CMASIM_KEY_POW2_SIZE, 0, 0},
    {"reg", CMASIM_KEY_REG, 0, 0},
    {"base", CMASIM_KEY_ADDRESS, 0, 0},
    {"alloc-ranges", CMASIM_KEY_RANGES, 0, 0},
    {"zone", CMASIM_KEY_NAME, 0, 0},
    {"reusable", CMASIM_KEY_BOOL, 0, 0},
    {"no-map", CMASIM_KEY_BOOL, 0, 0},
    {"linux,cma-default", CMASIM_KEY_BOOL, 0, 0},
    {"order_per_bit", CMASIM_KEY_UINT, 0, CMASIM_MAX_ORDER_LIMIT},
    {"devices", CMASIM_KEY_NAMES, 0, 0},
    {NULL, 0, 0, 0},
};

const CmasimKeyDef _cmasim_task_keys[] = {
    {"name", CMASIM_KEY_NAME, 0, 0},
    {"type", CMASIM_KEY_TASK_TYPE, 0, 0},
    {NULL, 0, 0, 0},
};

const CmasimKeyDef _cmasim_background_keys[] = {
    {"kind", CMASIM_KEY_OWNER, 0, 0},
    {"rate", CMASIM_KEY_RATE, 0, 0},
    {"orders", CMASIM_KEY_ORDERS, 0, 0},
    {"lifetime", CMASIM_KEY_DIST, 0, 0},
    {"fill", CMASIM_KEY_PERCENT, 0, 0},
    {"dirty", CMASIM_KEY_FRACTION, 0, 0},
    {"writeback", CMASIM_KEY_FRACTION, 0, 0},
    {"pin_rate", CMASIM_KEY_RATE, 0, 0},
    {"pin_duration", CMASIM_KEY_DIST, 0, 0},
    {"longterm_pin", CMASIM_KEY_FRACTION, 0, 0},
    {"start", CMASIM_KEY_TIME, 0, 0},
    {"stop", CMASIM_KEY_TIME, 0, 0},
    {"stream", CMASIM_KEY_SIZE, 1, 0},
    {"bandwidth", CMASIM_KEY_BANDWIDTH, 0, 0},
    {NULL, 0, 0, 0},
};

const CmasimKeyDef _cmasim_device_keys[] = {
    {"device", CMASIM_KEY_NAME, 0, 0},
    {"size", CMASIM_KEY_SIZE, 1, 0},
    {"buffers", CMASIM_KEY_UINT, 1, 1024},
    {"align", CMASIM_KEY_UINT, 0, CMASIM_MAX_ALIGN_ORDER},
    {"alignment", CMASIM_KEY_POW2_SIZE, 0, 0},
    {"hold", CMASIM_KEY_DIST, 0, 0},
    {"period", CMASIM_KEY_TIME, 1, 0},
    {"loops", CMASIM_KEY_UINT, 0, CMASIM_U64_MAX},
    {"start_delay", CMASIM_KEY_DIST, 0, 0},
    {"gfp_atomic", CMASIM_KEY_BOOL, 0, 0},
    {NULL, 0, 0, 0},
};

/* keys that replace each other when a later layer sets one of them */
static const gchar *const cmasim_exclusive_keys[][2] = {
    {"align", "alignment"},
    {"base", "alloc-ranges"},
    {"rate", "bandwidth"},
};

const CmasimKeyDef *
_cmasim_key_lookup(const CmasimKeyDef *table, const gchar *key)
{
	for (const CmasimKeyDef *def = table; def->key != NULL; def++) {
		if (g_strcmp0(def->key, key) == 0)
			return def;
	}
	return NULL;
}

gchar *
_cmasim_key_list(const CmasimKeyDef *table)
{
	GString *list = g_string_new(NULL);
	for (const CmasimKeyDef *def = table; def->key != NULL; def++) {
		if (list->len > 0)
			g_string_append(list, ", ");
		g_string_append(list, def->key);
	}
	return g_string_free(list, FALSE);
}

gboolean
_cmasim_key_is_compound(const CmasimKeyDef *def)
{
	switch (def->kind) {
	case CMASIM_KEY_DIST:
	case CMASIM_KEY_ORDERS:
	case CMASIM_KEY_BANKS:
	case CMASIM_KEY_ZONES:
	case CMASIM_KEY_RANGES:
	case CMASIM_KEY_REG:
	case CMASIM_KEY_NAMES:
		return TRUE;
	case CMASIM_KEY_TEXT:
	case CMASIM_KEY_NAME:
	case CMASIM_KEY_ARCH:
	case CMASIM_KEY_CPU:
	case CMASIM_KEY_OWNER:
	case CMASIM_KEY_TASK_TYPE:
	case CMASIM_KEY_SIZE:
	case CMASIM_KEY_ADDRESS:
	case CMASIM_KEY_POW2_SIZE:
	case CMASIM_KEY_TIME:
	case CMASIM_KEY_RATE:
	case CMASIM_KEY_BANDWIDTH:
	case CMASIM_KEY_UINT:
	case CMASIM_KEY_FRACTION:
	case CMASIM_KEY_PERCENT:
	case CMASIM_KEY_BOOL:
	default:
		return FALSE;
	}
}

static const gchar *
cmasim_key_expected(const CmasimKeyDef *def)
{
	switch (def->kind) {
	case CMASIM_KEY_TEXT:
		return "text";
	case CMASIM_KEY_NAME:
		return "a name of letters, digits and . _ , @ + -";
	case CMASIM_KEY_ARCH:
		return "arm32, arm64 or x86-64";
	case CMASIM_KEY_CPU:
		return "a CPU profile name from configs/cpus/, or none";
	case CMASIM_KEY_OWNER:
		return "anon, file, shmem, reclaimable or unmovable";
	case CMASIM_KEY_TASK_TYPE:
		return "background or device";
	case CMASIM_KEY_SIZE:
		return "a size such as 4096, 64KiB, 16M or 1GiB";
	case CMASIM_KEY_ADDRESS:
		return "a physical address such as 0x30000000 or 768MiB";
	case CMASIM_KEY_POW2_SIZE:
		return "a power-of-two size such as 4KiB or 1MiB";
	case CMASIM_KEY_TIME:
		return "a time such as 500ns, 250us, 10ms or 2s";
	case CMASIM_KEY_RATE:
		return "a rate such as 2000/s or 5/ms";
	case CMASIM_KEY_BANDWIDTH:
		return "a bandwidth such as 200MiB/s or 4KiB/ms";
	case CMASIM_KEY_UINT:
		return "a non-negative integer";
	case CMASIM_KEY_FRACTION:
		return "a fraction between 0 and 1";
	case CMASIM_KEY_PERCENT:
		return "a percentage such as 60% or 60";
	case CMASIM_KEY_BOOL:
		return "true or false";
	case CMASIM_KEY_DIST:
		return "a time distribution such as 10ms, 1ms-5ms, exp(10ms), lognormal(2ms, 0.5) "
		       "or {dist: uniform, min: 1ms, max: 5ms}";
	case CMASIM_KEY_ORDERS:
		return "an order such as 0, or a mapping of order to weight such as {0: 0.9, 2: "
		       "0.1}";
	case CMASIM_KEY_BANKS:
		return "a list of {base, size} mappings";
	case CMASIM_KEY_ZONES:
		return "a list of {name, size} mappings";
	case CMASIM_KEY_RANGES:
		return "a list of [base, size] pairs";
	case CMASIM_KEY_REG:
		return "[base, size]";
	case CMASIM_KEY_NAMES:
		return "a list of names";
	default:
		return "a value";
	}
}

/* ---- values, entities, drafts ---- */

static void
cmasim_value_clear(CmasimValue *value)
{
	g_free(value->text);
	if (value->array != NULL)
		g_array_unref(value->array);
	if (value->names != NULL)
		g_ptr_array_unref(value->names);
}

CmasimValue *
_cmasim_value_new(const CmasimKeyDef *def, const CmasimPos *pos)
{
	CmasimValue *value = g_rc_box_new0(CmasimValue);
	value->def = def;
	value->pos = *pos;
	value->value_pos = *pos;
	return value;
}

CmasimValue *
_cmasim_value_ref(CmasimValue *value)
{
	return g_rc_box_acquire(value);
}

void
_cmasim_value_unref(CmasimValue *value)
{
	if (value != NULL)
		g_rc_box_release_full(value, (GDestroyNotify)cmasim_value_clear);
}

CmasimEntity *
_cmasim_entity_new(const CmasimPos *pos)
{
	CmasimEntity *self = g_new0(CmasimEntity, 1);
	self->pos = *pos;
	self->name_pos = *pos;
	self->values = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	                                     (GDestroyNotify)_cmasim_value_unref);
	return self;
}

CmasimEntity *
_cmasim_entity_copy(const CmasimEntity *self)
{
	CmasimEntity *copy = _cmasim_entity_new(&self->pos);
	GHashTableIter iter;
	gpointer key, value;

	copy->name = g_strdup(self->name);
	copy->name_pos = self->name_pos;
	g_hash_table_iter_init(&iter, self->values);
	while (g_hash_table_iter_next(&iter, &key, &value))
		g_hash_table_insert(copy->values, key, _cmasim_value_ref(value));
	return copy;
}

void
_cmasim_entity_free(CmasimEntity *self)
{
	if (self == NULL)
		return;
	g_free(self->name);
	g_hash_table_unref(self->values);
	g_free(self);
}

const CmasimValue *
_cmasim_entity_get(const CmasimEntity *self, const gchar *key)
{
	if (self == NULL)
		return NULL;
	return g_hash_table_lookup(self->values, key);
}

void
_cmasim_entity_set(CmasimEntity *self, CmasimValue *value)
{
	const gchar *key = value->def->key;
	for (guint i = 0; i < G_N_ELEMENTS(cmasim_exclusive_keys); i++) {
		if (g_strcmp0(key, cmasim_exclusive_keys[i][0]) == 0)
			g_hash_table_remove(self->values, cmasim_exclusive_keys[i][1]);
		if (g_strcmp0(key, cmasim_exclusive_keys[i][1]) == 0)
			g_hash_table_remove(self->values, cmasim_exclusive_keys[i][0]);
	}
	g_hash_table_insert(self->values, (gpointer)key, _cmasim_value_ref(value));
}

void
_cmasim_entity_overlay(CmasimEntity *self, const CmasimEntity *src)
{
	GHashTableIter iter;
	gpointer key, value;
	g_hash_table_iter_init(&iter, src->values);
	while (g_hash_table_iter_next(&iter, &key, &value))
		_cmasim_entity_set(self, value);
}

CmasimEventsSource *
_cmasim_events_source_copy(const CmasimEventsSource *self)
{
	CmasimEventsSource *copy = g_new0(CmasimEventsSource, 1);
	copy->pos = self->pos;
	copy->path = g_strdup(self->path);
	copy->display = g_strdup(self->display);
	copy->bytes = self->bytes != NULL ? g_bytes_ref(self->bytes) : NULL;
	return copy;
}

void
_cmasim_events_source_free(CmasimEventsSource *self)
{
	if (self == NULL)
		return;
	g_free(self->path);
	g_free(self->display);
	if (self->bytes != NULL)
		g_bytes_unref(self->bytes);
	g_free(self);
}

static void
cmasim_param_draft_free(CmasimParamDraft *self)
{
	g_free(self->text);
	g_free(self);
}

CmasimDraft *
_cmasim_draft_new(const CmasimPos *pos)
{
	CmasimDraft *self = g_new0(CmasimDraft, 1);
	self->pos = *pos;
	self->top = _cmasim_entity_new(pos);
	self->machine = _cmasim_entity_new(pos);
	self->regions = g_ptr_array_new_with_free_func((GDestroyNotify)_cmasim_entity_free);
	self->tasks = g_ptr_array_new_with_free_func((GDestroyNotify)_cmasim_entity_free);
	self->params = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                     (GDestroyNotify)cmasim_param_draft_free);
	return self;
}

void
_cmasim_draft_free(CmasimDraft *self)
{
	if (self == NULL)
		return;
	_cmasim_entity_free(self->top);
	_cmasim_entity_free(self->machine);
	g_ptr_array_unref(self->regions);
	g_ptr_array_unref(self->tasks);
	g_hash_table_unref(self->params);
	_cmasim_events_source_free(self->events);
	g_free(self);
}

/* ---- canonical text ---- */

gchar *
_cmasim_format_double(gdouble value)
{
	gchar buf[G_ASCII_DTOSTR_BUF_SIZE + 32];

	/* the shortest plain decimal that reads back exactly ("2000", "0.1") */
	if (value < 1e21) {
		for (guint decimals = 0; decimals <= 17; decimals++) {
			gchar format[8];
			g_snprintf(format, sizeof(format), "%%.%uf", decimals);
			g_ascii_formatd(buf, sizeof(buf), format, value);
			if (g_ascii_strtod(buf, NULL) == value)
				return g_strdup(buf);
		}
	}
	/* tiny or huge: the shortest exponent form */
	for (guint precision = 1; precision <= 17; precision++) {
		gchar format[8];
		g_snprintf(format, sizeof(format), "%%.%ug", precision);
		g_ascii_formatd(buf, sizeof(buf), format, value);
		if (g_ascii_strtod(buf, NULL) == value)
			break;
	}
	return g_strdup(buf);
}

gchar *
_cmasim_format_dist(const CmasimDist *dist)
{
	g_autofree gchar *a = cmasim_format_time_ns((CmasimTimeNs)dist->a);
	g_autofree gchar *b = NULL;

	switch (dist->kind) {
	case CMASIM_DIST_UNIFORM:
		b = cmasim_format_time_ns((CmasimTimeNs)dist->b);
		return g_strdup_printf("%s-%s", a, b);
	case CMASIM_DIST_EXPONENTIAL:
		return g_strdup_printf("exp(%s)", a);
	case CMASIM_DIST_LOGNORMAL:
		b = _cmasim_format_double(dist->b);
		return g_strdup_printf("lognormal(%s, %s)", a, b);
	case CMASIM_DIST_FIXED:
	default:
		return g_steal_pointer(&a);
	}
}

gchar *
_cmasim_format_address(guint64 address)
{
	return g_strdup_printf("0x%" G_GINT64_MODIFIER "x", address);
}

guint
_cmasim_get_order(guint64 size_bytes, guint32 page_size_bytes)
{
	guint order = 0;
	while (order < 63 && ((guint64)page_size_bytes << order) < size_bytes)
		order++;
	return order;
}

/* ---- scalar parsers ---- */

static gboolean
cmasim_name_is_valid(const gchar *text)
{
	gsize len = strlen(text);
	if (len == 0 || len > CMASIM_NAME_MAX_BYTES)
		return FALSE;
	for (const gchar *p = text; *p != '\0'; p++) {
		if (!g_ascii_isalnum(*p) && strchr("._,@+-", *p) == NULL)
			return FALSE;
	}
	return TRUE;
}

/* wrap a units parser error as "POS: what: message" */
static CmasimValue *
cmasim_fail(GError *local, const CmasimPos *pos, const gchar *what, GError **error)
{
	_cmasim_propagate_at(error, local, pos, what);
	return NULL;
}

static gboolean
cmasim_wrap(gboolean ok, GError *local, const CmasimPos *pos, const gchar *what, GError **error)
{
	if (ok)
		return TRUE;
	_cmasim_propagate_at(error, local, pos, what);
	return FALSE;
}

static gboolean
cmasim_check_u64_range(const CmasimKeyDef *def, guint64 v, const gchar *text, const CmasimPos *pos,
                       const gchar *what, GError **error)
{
	if (v < def->min) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
		                     "%s: '%s' is too small (expected at least %" G_GUINT64_FORMAT
		                     ")",
		                     what, text, def->min);
		return FALSE;
	}
	if (def->max != 0 && v > def->max) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
		                     "%s: '%s' is out of range (expected at most %" G_GUINT64_FORMAT
		                     ")",
		                     what, text, def->max);
		return FALSE;
	}
	return TRUE;
}

static gboolean
cmasim_parse_time_checked(const gchar *text, guint64 min, guint64 max, const CmasimPos *pos,
                          const gchar *what, CmasimTimeNs *out, GError **error)
{
	GError *local = NULL;
	if (!cmasim_parse_time_ns(text, out, &local))
		return cmasim_wrap(FALSE, local, pos, what, error);
	if (max == 0)
		max = CMASIM_MAX_TIME_NS;
	if (*out > max) {
		g_autofree gchar *limit = cmasim_format_time_ns(max);
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
		                     "%s: '%s' is too long (expected at most %s)", what, text,
		                     limit);
		return FALSE;
	}
	if (*out < min) {
		g_autofree gchar *limit = cmasim_format_time_ns(min);
		if (*out == 0)
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
			                     "%s: '%s' is zero (expected a time above 0)", what,
			                     text);
		else
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
			                     "%s: '%s' is too short (expected at least %s)", what,
			                     text, limit);
		return FALSE;
	}
	return TRUE;
}

static gboolean
cmasim_parse_size_checked(const gchar *text, guint64 min, guint64 max, const CmasimPos *pos,
                          const gchar *what, const gchar *expected, guint64 *out, GError **error)
{
	GError *local = NULL;
	if (!cmasim_parse_size_bytes(text, out, &local))
		return cmasim_wrap(FALSE, local, pos, what, error);
	if (*out < min) {
		if (*out == 0)
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
			                     "%s: '%s' is zero (expected a size above 0)", what,
			                     text);
		else
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG, pos,
			    "%s: '%s' is too small (expected at least %" G_GUINT64_FORMAT " bytes)",
			    what, text, min);
		return FALSE;
	}
	if (max != 0 && *out > max) {
		g_autofree gchar *limit = cmasim_format_size_bytes(max);
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
		                     "%s: '%s' is too large (expected at most %s)", what, text,
		                     limit);
		return FALSE;
	}
	return TRUE;
}

static gboolean
cmasim_parse_dist_time(const gchar *text, const CmasimPos *pos, const gchar *what, gdouble *out,
                       GError **error)
{
	CmasimTimeNs ns = 0;
	g_autofree gchar *stripped = g_strstrip(g_strdup(text));
	if (!cmasim_parse_time_checked(stripped, 0, 0, pos, what, &ns, error))
		return FALSE;
	*out = (gdouble)ns;
	return TRUE;
}

static gboolean
cmasim_check_dist(const CmasimDist *dist, const gchar *text, const CmasimPos *pos,
                  const gchar *what, GError **error)
{
	switch (dist->kind) {
	case CMASIM_DIST_UNIFORM:
		if (dist->a > dist->b) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
			                     "%s: '%s' has its minimum above its maximum (expected "
			                     "min-max)",
			                     what, text);
			return FALSE;
		}
		return TRUE;
	case CMASIM_DIST_EXPONENTIAL:
		if (dist->a <= 0) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
			                     "%s: '%s' has a zero mean (expected a mean above 0)",
			                     what, text);
			return FALSE;
		}
		return TRUE;
	case CMASIM_DIST_LOGNORMAL:
		if (dist->a <= 0) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
			                     "%s: '%s' has a zero median (expected a median above "
			                     "0)",
			                     what, text);
			return FALSE;
		}
		if (!(dist->b <= 10.0)) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
			                     "%s: '%s' has a sigma above 10 (expected a sigma "
			                     "between 0 and 10)",
			                     what, text);
			return FALSE;
		}
		return TRUE;
	case CMASIM_DIST_FIXED:
	default:
		return TRUE;
	}
}

/* "name(inner)" -> inner, or NULL */
static gchar *
cmasim_dist_call(const gchar *text, const gchar *name)
{
	gsize n = strlen(name);
	gsize len = strlen(text);
	if (len < n + 2 || strncmp(text, name, n) != 0 || text[n] != '(' || text[len - 1] != ')')
		return NULL;
	return g_strndup(text + n + 1, len - n - 2);
}

static gboolean
cmasim_parse_dist_text(const gchar *raw, const CmasimPos *pos, const gchar *what, CmasimDist *dist,
                       GError **error)
{
	g_autofree gchar *text = g_strstrip(g_strdup(raw));
	g_autofree gchar *inner = NULL;
	const gchar *dash;

	memset(dist, 0, sizeof(*dist));
	if ((inner = cmasim_dist_call(text, "exp")) != NULL ||
	    (inner = cmasim_dist_call(text, "exponential")) != NULL) {
		dist->kind = CMASIM_DIST_EXPONENTIAL;
		if (!cmasim_parse_dist_time(inner, pos, what, &dist->a, error))
			return FALSE;
	} else if ((inner = cmasim_dist_call(text, "fixed")) != NULL) {
		dist->kind = CMASIM_DIST_FIXED;
		if (!cmasim_parse_dist_time(inner, pos, what, &dist->a, error))
			return FALSE;
	} else if ((inner = cmasim_dist_call(text, "lognormal")) != NULL ||
	           (inner = cmasim_dist_call(text, "uniform")) != NULL) {
		g_auto(GStrv) parts = g_strsplit(inner, ",", -1);
		GError *local = NULL;
		dist->kind = g_str_has_prefix(text, "lognormal") ? CMASIM_DIST_LOGNORMAL
		                                                 : CMASIM_DIST_UNIFORM;
		if (g_strv_length(parts) != 2) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
			                     "%s: '%s' needs two arguments (expected %s)", what,
			                     text,
			                     dist->kind == CMASIM_DIST_LOGNORMAL
			                         ? "lognormal(median, sigma) such as "
			                           "lognormal(2ms, 0.5)"
			                         : "uniform(min, max) such as uniform(1ms, 5ms)");
			return FALSE;
		}
		if (!cmasim_parse_dist_time(parts[0], pos, what, &dist->a, error))
			return FALSE;
		if (dist->kind == CMASIM_DIST_LOGNORMAL) {
			g_strstrip(parts[1]);
			if (!cmasim_parse_double(parts[1], &dist->b, &local))
				return cmasim_wrap(FALSE, local, pos, what, error);
		} else if (!cmasim_parse_dist_time(parts[1], pos, what, &dist->b, error)) {
			return FALSE;
		}
	} else if (*text != '-' && (dash = strchr(text, '-')) != NULL) {
		/* "1ms-5ms"; "1-5ms" takes the unit of the upper bound */
		g_autofree gchar *low = g_strstrip(g_strndup(text, dash - text));
		g_autofree gchar *high = g_strstrip(g_strdup(dash + 1));
		const gchar *unit = high;
		gboolean bare = *low != '\0';
		while (*unit != '\0' && (g_ascii_isdigit(*unit) || *unit == '.'))
			unit++;
		for (const gchar *p = low; *p != '\0'; p++) {
			if (!g_ascii_isdigit(*p) && *p != '.')
				bare = FALSE;
		}
		if (bare && *unit != '\0') {
			gchar *with_unit = g_strconcat(low, unit, NULL);
			g_free(low);
			low = with_unit;
		}
		dist->kind = CMASIM_DIST_UNIFORM;
		if (!cmasim_parse_dist_time(low, pos, what, &dist->a, error) ||
		    !cmasim_parse_dist_time(high, pos, what, &dist->b, error))
			return FALSE;
	} else {
		dist->kind = CMASIM_DIST_FIXED;
		if (!cmasim_parse_dist_time(text, pos, what, &dist->a, error))
			return FALSE;
	}
	return cmasim_check_dist(dist, text, pos, what, error);
}

CmasimValue *
_cmasim_value_parse_text(const CmasimKeyDef *def, const gchar *what, const gchar *text,
                         const CmasimPos *key_pos, const CmasimPos *value_pos, GError **error)
{
	g_autoptr(CmasimValue) value = _cmasim_value_new(def, key_pos);
	GError *local = NULL;

	value->value_pos = *value_pos;
	switch (def->kind) {
	case CMASIM_KEY_TEXT:
		if (*text == '\0') {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, value_pos,
			                     "%s: empty value (expected %s)", what,
			                     cmasim_key_expected(def));
			return NULL;
		}
		value->text = g_strdup(text);
		break;
	case CMASIM_KEY_NAME:
	case CMASIM_KEY_CPU:
		if (!cmasim_name_is_valid(text)) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, value_pos,
			                     "%s: '%s' is not a valid name (expected 1 to %u "
			                     "letters, digits or . _ , @ + -)",
			                     what, text, CMASIM_NAME_MAX_BYTES);
			return NULL;
		}
		value->text = g_strdup(text);
		break;
	case CMASIM_KEY_ARCH:
		if (g_strcmp0(text, "arm32") != 0 && g_strcmp0(text, "arm64") != 0 &&
		    g_strcmp0(text, "x86-64") != 0) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, value_pos,
			                     "%s: unknown architecture '%s' (expected %s)", what,
			                     text, cmasim_key_expected(def));
			return NULL;
		}
		value->text = g_strdup(text);
		break;
	case CMASIM_KEY_OWNER: {
		CmasimOwnerKind kind;
		/* shmem/tmpfs: swap-backed, so to the memory model anon (the anon
		 * LRU, migratable, never reclaimed without swap); the text tells it apart */
		if (g_strcmp0(text, "shmem") == 0) {
			kind = CMASIM_OWNER_ANON;
		} else if (!cmasim_owner_kind_from_string(text, &kind)) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, value_pos,
			                     "%s: unknown kind '%s' (expected %s)", what, text,
			                     cmasim_key_expected(def));
			return NULL;
		}
		value->text = g_strdup(text);
		value->u = kind;
		break;
	}
	case CMASIM_KEY_TASK_TYPE:
		if (g_strcmp0(text, "background") != 0 && g_strcmp0(text, "device") != 0) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, value_pos,
			                     "%s: unknown task type '%s' (expected %s)", what, text,
			                     cmasim_key_expected(def));
			return NULL;
		}
		value->text = g_strdup(text);
		break;
	case CMASIM_KEY_SIZE:
	case CMASIM_KEY_ADDRESS:
		if (!cmasim_parse_size_checked(text, def->min, def->max, value_pos, what,
		                               cmasim_key_expected(def), &value->u, error))
			return NULL;
		break;
	case CMASIM_KEY_POW2_SIZE:
		if (!cmasim_parse_size_checked(text, 0, 0, value_pos, what,
		                               cmasim_key_expected(def), &value->u, error))
			return NULL;
		if (value->u != 0 && (value->u & (value->u - 1)) != 0) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, value_pos,
			                     "%s: '%s' is not a power of two (expected %s)", what,
			                     text, cmasim_key_expected(def));
			return NULL;
		}
		break;
	case CMASIM_KEY_TIME:
		if (!cmasim_parse_time_checked(text, def->min, def->max, value_pos, what, &value->u,
		                               error))
			return NULL;
		break;
	case CMASIM_KEY_RATE:
		if (!cmasim_parse_rate_per_s(text, &value->d, &local))
			return cmasim_fail(local, value_pos, what, error);
		if (value->d > CMASIM_MAX_RATE_PER_S) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, value_pos,
			                     "%s: '%s' is too fast (expected at most 1000000000/s)",
			                     what, text);
			return NULL;
		}
		break;
	case CMASIM_KEY_BANDWIDTH:
		if (!cmasim_parse_bandwidth(text, &value->d, &local))
			return cmasim_fail(local, value_pos, what, error);
		break;
	case CMASIM_KEY_UINT:
		if (!cmasim_parse_uint64(text, &value->u, &local))
			return cmasim_fail(local, value_pos, what, error);
		if (!cmasim_check_u64_range(def, value->u, text, value_pos, what, error))
			return NULL;
		break;
	case CMASIM_KEY_FRACTION:
		if (!cmasim_parse_double(text, &value->d, &local))
			return cmasim_fail(local, value_pos, what, error);
		if (value->d > 1.0) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, value_pos,
			                     "%s: '%s' is above 1 (expected %s)", what, text,
			                     cmasim_key_expected(def));
			return NULL;
		}
		break;
	case CMASIM_KEY_PERCENT: {
		g_autofree gchar *number = g_strstrip(g_strdup(text));
		gsize len = strlen(number);
		if (len > 0 && number[len - 1] == '%') {
			number[len - 1] = '\0';
			g_strchomp(number);
		}
		if (!cmasim_parse_double(number, &value->d, &local))
			return cmasim_fail(local, value_pos, what, error);
		if (value->d > 100.0) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, value_pos,
			                     "%s: '%s' is above 100%% (expected %s)", what, text,
			                     cmasim_key_expected(def));
			return NULL;
		}
		break;
	}
	case CMASIM_KEY_BOOL:
		if (!cmasim_parse_bool(text, &value->b, &local))
			return cmasim_fail(local, value_pos, what, error);
		break;
	case CMASIM_KEY_DIST:
		if (!cmasim_parse_dist_text(text, value_pos, what, &value->dist, error))
			return NULL;
		break;
	case CMASIM_KEY_ORDERS: {
		CmasimOrderWeight ow = {0, 1.0};
		guint64 order = 0;
		if (!cmasim_parse_uint64(text, &order, &local))
			return cmasim_fail(local, value_pos, what, error);
		if (order > CMASIM_MAX_ORDER_LIMIT) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, value_pos,
			                     "%s: order %" G_GUINT64_FORMAT
			                     " is out of range (expected at most %u)",
			                     what, order, CMASIM_MAX_ORDER_LIMIT);
			return NULL;
		}
		ow.order = (guint)order;
		value->array = g_array_new(FALSE, FALSE, sizeof(CmasimOrderWeight));
		g_array_append_val(value->array, ow);
		break;
	}
	case CMASIM_KEY_BANKS:
	case CMASIM_KEY_ZONES:
	case CMASIM_KEY_RANGES:
	case CMASIM_KEY_REG:
	case CMASIM_KEY_NAMES:
	default:
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, value_pos,
		                     "%s: found a scalar (expected %s)", what,
		                     cmasim_key_expected(def));
		return NULL;
	}
	return g_steal_pointer(&value);
}

/* ---- compound values from the reader ---- */

/* read a scalar value after a key (the reader is on the key) */
static gboolean
cmasim_read_scalar_value(CmasimReader *reader, const gchar *what, const gchar *expected,
                         gchar **text, CmasimPos *pos, GError **error)
{
	if (!_cmasim_reader_next(reader, error))
		return FALSE;
	*pos = _cmasim_reader_pos(reader);
	if (!_cmasim_reader_expect_scalar(reader, what, expected, error))
		return FALSE;
	*text = g_strdup(_cmasim_reader_scalar(reader));
	return TRUE;
}

static gboolean
cmasim_parse_range(CmasimReader *reader, const gchar *what, gboolean allow_zero_size,
                   CmasimRange *range, GError **error)
{
	const gchar *expected = "[base, size] or {base: ADDRESS, size: SIZE}";
	CmasimPos start = _cmasim_reader_pos(reader);
	g_autofree gchar *base_text = NULL;
	g_autofree gchar *size_text = NULL;
	CmasimPos base_pos = start;
	CmasimPos size_pos = start;
	guint64 end = 0;

	if (reader->event.type == YAML_SEQUENCE_START_EVENT) {
		if (!cmasim_read_scalar_value(reader, what, expected, &base_text, &base_pos, error))
			return FALSE;
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		size_pos = _cmasim_reader_pos(reader);
		if (reader->event.type == YAML_SEQUENCE_END_EVENT) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &size_pos,
			                     "%s: missing size (expected %s)", what, expected);
			return FALSE;
		}
		if (!_cmasim_reader_expect_scalar(reader, what, expected, error))
			return FALSE;
		size_text = g_strdup(_cmasim_reader_scalar(reader));
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (reader->event.type != YAML_SEQUENCE_END_EVENT) {
			CmasimPos pos = _cmasim_reader_pos(reader);
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
			                     "%s: more than two values (expected %s)", what,
			                     expected);
			return FALSE;
		}
	} else if (reader->event.type == YAML_MAPPING_START_EVENT) {
		g_autoptr(GHashTable) seen =
		    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		for (;;) {
			CmasimPos key_pos;
			const gchar *key;
			gboolean done;
			if (!_cmasim_reader_next_key(reader, seen, what, TRUE, &key_pos, &done,
			                             error))
				return FALSE;
			if (done)
				break;
			key = _cmasim_reader_scalar(reader);
			if (g_strcmp0(key, "base") == 0) {
				if (!cmasim_read_scalar_value(reader, what, expected, &base_text,
				                              &base_pos, error))
					return FALSE;
			} else if (g_strcmp0(key, "size") == 0) {
				if (!cmasim_read_scalar_value(reader, what, expected, &size_text,
				                              &size_pos, error))
					return FALSE;
			} else {
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
				                     "%s: unknown key '%s' (expected base, size)",
				                     what, key);
				return FALSE;
			}
		}
		if (base_text == NULL || size_text == NULL) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &start,
			                     "%s: missing %s (expected %s)", what,
			                     base_text == NULL ? "base" : "size", expected);
			return FALSE;
		}
	} else {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &start,
		                     "%s: found %s (expected %s)", what,
		                     _cmasim_reader_node_kind(reader), expected);
		return FALSE;
	}
	if (!cmasim_parse_size_checked(base_text, 0, 0, &base_pos, what, "an address",
	                               &range->base_bytes, error))
		return FALSE;
	if (!cmasim_parse_size_checked(size_text, allow_zero_size ? 0 : 1, 0, &size_pos, what,
	                               "a size", &range->size_bytes, error))
		return FALSE;
	if (!cmasim_add_u64(range->base_bytes, range->size_bytes, &end)) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &size_pos,
		                     "%s: base + size overflows (expected a range inside the "
		                     "64-bit address space)",
		                     what);
		return FALSE;
	}
	return TRUE;
}

static gboolean
cmasim_expect_sequence(CmasimReader *reader, const CmasimKeyDef *def, const gchar *what,
                       gboolean *is_null, GError **error)
{
	CmasimPos pos = _cmasim_reader_pos(reader);
	*is_null = _cmasim_reader_is_null(reader);
	if (*is_null || reader->event.type == YAML_SEQUENCE_START_EVENT)
		return TRUE;
	_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos, "%s: found %s (expected %s)",
	                     what, _cmasim_reader_node_kind(reader), cmasim_key_expected(def));
	return FALSE;
}

static gboolean
cmasim_parse_ranges(CmasimReader *reader, CmasimValue *value, const gchar *what, GError **error)
{
	gboolean is_null = FALSE;
	value->array = g_array_new(FALSE, FALSE, sizeof(CmasimRange));
	if (!cmasim_expect_sequence(reader, value->def, what, &is_null, error))
		return FALSE;
	if (is_null)
		return TRUE;
	for (;;) {
		CmasimRange range = {0, 0};
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (reader->event.type == YAML_SEQUENCE_END_EVENT)
			return TRUE;
		if (!cmasim_parse_range(reader, what, FALSE, &range, error))
			return FALSE;
		g_array_append_val(value->array, range);
	}
}

static void
cmasim_zone_draft_clear(CmasimZoneDraft *zone)
{
	g_free(zone->name);
}

static gboolean
cmasim_parse_zones(CmasimReader *reader, CmasimValue *value, const gchar *what, GError **error)
{
	const gchar *expected = "{name: Normal, size: 512MiB}; the last zone may omit size";
	gboolean is_null = FALSE;

	value->array = g_array_new(FALSE, TRUE, sizeof(CmasimZoneDraft));
	g_array_set_clear_func(value->array, (GDestroyNotify)cmasim_zone_draft_clear);
	if (!cmasim_expect_sequence(reader, value->def, what, &is_null, error))
		return FALSE;
	if (is_null)
		return TRUE;
	for (;;) {
		CmasimZoneDraft zone = {NULL, 0, FALSE, {NULL, 0, 0}};
		g_autoptr(GHashTable) seen = NULL;
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (reader->event.type == YAML_SEQUENCE_END_EVENT)
			return TRUE;
		zone.pos = _cmasim_reader_pos(reader);
		if (reader->event.type != YAML_MAPPING_START_EVENT) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &zone.pos,
			                     "%s: found %s (expected %s)", what,
			                     _cmasim_reader_node_kind(reader), expected);
			return FALSE;
		}
		seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		g_array_append_val(value->array, zone);
		for (;;) {
			CmasimZoneDraft *z =
			    &g_array_index(value->array, CmasimZoneDraft, value->array->len - 1);
			CmasimPos key_pos, value_pos;
			g_autofree gchar *text = NULL;
			gchar *key;
			gboolean done;
			if (!_cmasim_reader_next_key(reader, seen, what, TRUE, &key_pos, &done,
			                             error))
				return FALSE;
			if (done)
				break;
			key = g_strdup(_cmasim_reader_scalar(reader));
			if (!cmasim_read_scalar_value(reader, what, expected, &text, &value_pos,
			                              error)) {
				g_free(key);
				return FALSE;
			}
			if (g_strcmp0(key, "name") == 0) {
				if (!cmasim_name_is_valid(text)) {
					_cmasim_set_error_at(
					    error, CMASIM_ERROR_INVALID_CONFIG, &value_pos,
					    "%s: '%s' is not a zone name (expected "
					    "DMA, DMA32, Normal, HighMem or Movable)",
					    what, text);
					g_free(key);
					return FALSE;
				}
				z->name = g_steal_pointer(&text);
			} else if (g_strcmp0(key, "size") == 0) {
				if (!cmasim_parse_size_checked(text, 1, 0, &value_pos, what,
				                               "a size", &z->size_bytes, error)) {
					g_free(key);
					return FALSE;
				}
				z->has_size = TRUE;
			} else {
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
				                     "%s: unknown key '%s' (expected name, size)",
				                     what, key);
				g_free(key);
				return FALSE;
			}
			g_free(key);
		}
		if (g_array_index(value->array, CmasimZoneDraft, value->array->len - 1).name ==
		    NULL) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &zone.pos,
			                     "%s: zone without a name (expected %s)", what,
			                     expected);
			return FALSE;
		}
	}
}

static gboolean
cmasim_parse_names(CmasimReader *reader, CmasimValue *value, const gchar *what, GError **error)
{
	gboolean is_null = FALSE;
	value->names = g_ptr_array_new_with_free_func(g_free);
	if (_cmasim_reader_is_scalar(reader) && !_cmasim_reader_is_null(reader)) {
		/* a single name */
		CmasimPos pos = _cmasim_reader_pos(reader);
		const gchar *text = _cmasim_reader_scalar(reader);
		if (!cmasim_name_is_valid(text)) {
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG, &pos,
			    "%s: '%s' is not a valid name (expected 1 to %u letters, "
			    "digits or . _ , @ + -)",
			    what, text, CMASIM_NAME_MAX_BYTES);
			return FALSE;
		}
		g_ptr_array_add(value->names, g_strdup(text));
		return TRUE;
	}
	if (!cmasim_expect_sequence(reader, value->def, what, &is_null, error))
		return FALSE;
	if (is_null)
		return TRUE;
	for (;;) {
		CmasimPos pos;
		const gchar *text;
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (reader->event.type == YAML_SEQUENCE_END_EVENT)
			return TRUE;
		pos = _cmasim_reader_pos(reader);
		if (!_cmasim_reader_expect_scalar(reader, what, "a name", error))
			return FALSE;
		text = _cmasim_reader_scalar(reader);
		if (!cmasim_name_is_valid(text)) {
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG, &pos,
			    "%s: '%s' is not a valid name (expected 1 to %u letters, "
			    "digits or . _ , @ + -)",
			    what, text, CMASIM_NAME_MAX_BYTES);
			return FALSE;
		}
		for (guint i = 0; i < value->names->len; i++) {
			if (g_strcmp0(g_ptr_array_index(value->names, i), text) == 0) {
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
				                     "%s: '%s' is listed twice (expected each name "
				                     "once)",
				                     what, text);
				return FALSE;
			}
		}
		g_ptr_array_add(value->names, g_strdup(text));
	}
}

static gboolean
cmasim_parse_orders(CmasimReader *reader, CmasimValue *value, const gchar *what, GError **error)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	value->array = g_array_new(FALSE, FALSE, sizeof(CmasimOrderWeight));
	for (;;) {
		CmasimOrderWeight ow = {0, 0};
		CmasimPos key_pos, weight_pos;
		guint64 order = 0;
		GError *local = NULL;
		g_autofree gchar *weight = NULL;
		gboolean done;
		if (!_cmasim_reader_next_key(reader, seen, what, TRUE, &key_pos, &done,
		                             error))
			return FALSE;
		if (done)
			break;
		if (!cmasim_parse_uint64(_cmasim_reader_scalar(reader), &order, &local))
			return cmasim_wrap(FALSE, local, &key_pos, what, error);
		if (order > CMASIM_MAX_ORDER_LIMIT) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			                     "%s: order %" G_GUINT64_FORMAT
			                     " is out of range (expected at most %u)",
			                     what, order, CMASIM_MAX_ORDER_LIMIT);
			return FALSE;
		}
		if (!cmasim_read_scalar_value(reader, what, "a weight such as 0.9", &weight,
		                              &weight_pos, error))
			return FALSE;
		if (!cmasim_parse_double(weight, &ow.weight, &local))
			return cmasim_wrap(FALSE, local, &weight_pos, what, error);
		if (!(ow.weight > 0)) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &weight_pos,
			                     "%s: weight '%s' of order %" G_GUINT64_FORMAT
			                     " is zero (expected a weight above 0)",
			                     what, weight, order);
			return FALSE;
		}
		ow.order = (guint)order;
		for (guint i = 0; i < value->array->len; i++) {
			if (g_array_index(value->array, CmasimOrderWeight, i).order == ow.order) {
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
				                     "%s: order %u is listed twice (expected each "
				                     "order once)",
				                     what, ow.order);
				return FALSE;
			}
		}
		g_array_append_val(value->array, ow);
	}
	if (value->array->len == 0) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &value->value_pos,
		                     "%s: no orders (expected %s)", what,
		                     cmasim_key_expected(value->def));
		return FALSE;
	}
	return TRUE;
}

static gboolean
cmasim_parse_dist_mapping(CmasimReader *reader, CmasimValue *value, const gchar *what,
                          GError **error)
{
	static const gchar *const arg_keys[] = {"value", "min", "max", "mean", "median", "sigma"};
	const gchar *expected = "{dist: fixed, value: T}, {dist: uniform, min: T, max: T}, "
	                        "{dist: exp, mean: T} or {dist: lognormal, median: T, sigma: S}";
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	gchar *args[G_N_ELEMENTS(arg_keys)] = {NULL};
	CmasimPos arg_pos[G_N_ELEMENTS(arg_keys)];
	g_autofree gchar *kind = NULL;
	CmasimPos kind_pos = value->value_pos;
	CmasimDist *dist = &value->dist;
	gboolean ok = FALSE;
	/* which arguments each kind takes, as indices into arg_keys */
	guint need_a = 0, need_b = G_MAXUINT;

	for (;;) {
		CmasimPos key_pos;
		const gchar *key;
		guint idx = G_MAXUINT;
		gboolean done;
		if (!_cmasim_reader_next_key(reader, seen, what, TRUE, &key_pos, &done,
		                             error))
			break;
		if (done) {
			ok = TRUE;
			break;
		}
		key = _cmasim_reader_scalar(reader);
		if (g_strcmp0(key, "dist") == 0) {
			if (!cmasim_read_scalar_value(reader, what, expected, &kind, &kind_pos,
			                              error))
				break;
			continue;
		}
		for (guint i = 0; i < G_N_ELEMENTS(arg_keys); i++) {
			if (g_strcmp0(key, arg_keys[i]) == 0)
				idx = i;
		}
		if (idx == G_MAXUINT) {
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			    "%s: unknown key '%s' (expected dist, value, min, max, "
			    "mean, median, sigma)",
			    what, key);
			break;
		}
		if (!cmasim_read_scalar_value(reader, what, expected, &args[idx], &arg_pos[idx],
		                              error))
			break;
	}
	if (ok && kind == NULL) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &value->value_pos,
		                     "%s: missing dist (expected %s)", what, expected);
		ok = FALSE;
	}
	if (ok) {
		memset(dist, 0, sizeof(*dist));
		if (g_strcmp0(kind, "fixed") == 0) {
			dist->kind = CMASIM_DIST_FIXED;
			need_a = 0;
		} else if (g_strcmp0(kind, "uniform") == 0) {
			dist->kind = CMASIM_DIST_UNIFORM;
			need_a = 1;
			need_b = 2;
		} else if (g_strcmp0(kind, "exp") == 0 || g_strcmp0(kind, "exponential") == 0) {
			dist->kind = CMASIM_DIST_EXPONENTIAL;
			need_a = 3;
		} else if (g_strcmp0(kind, "lognormal") == 0) {
			dist->kind = CMASIM_DIST_LOGNORMAL;
			need_a = 4;
			need_b = 5;
		} else {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &kind_pos,
			                     "%s: unknown distribution '%s' (expected fixed, "
			                     "uniform, exp or lognormal)",
			                     what, kind);
			ok = FALSE;
		}
	}
	for (guint i = 0; ok && i < G_N_ELEMENTS(arg_keys); i++) {
		if (args[i] != NULL && i != need_a && i != need_b) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &arg_pos[i],
			                     "%s: '%s' does not apply to dist %s (expected %s)",
			                     what, arg_keys[i], kind, expected);
			ok = FALSE;
		}
		if (args[i] == NULL && (i == need_a || i == need_b)) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &value->value_pos,
			                     "%s: dist %s needs '%s' (expected %s)", what, kind,
			                     arg_keys[i], expected);
			ok = FALSE;
		}
	}
	if (ok)
		ok = cmasim_parse_dist_time(args[need_a], &arg_pos[need_a], what, &dist->a, error);
	if (ok && need_b == 5) {
		GError *local = NULL;
		ok = cmasim_parse_double(args[5], &dist->b, &local);
		if (!ok)
			cmasim_wrap(FALSE, local, &arg_pos[5], what, error);
	} else if (ok && need_b != G_MAXUINT) {
		ok = cmasim_parse_dist_time(args[need_b], &arg_pos[need_b], what, &dist->b, error);
	}
	if (ok) {
		g_autofree gchar *text = _cmasim_format_dist(dist);
		ok = cmasim_check_dist(dist, text, &value->value_pos, what, error);
	}
	for (guint i = 0; i < G_N_ELEMENTS(arg_keys); i++)
		g_free(args[i]);
	return ok;
}

CmasimValue *
_cmasim_value_parse(CmasimReader *reader, const CmasimKeyDef *def, const gchar *what,
                    const CmasimPos *key_pos, GError **error)
{
	g_autoptr(CmasimValue) value = NULL;
	CmasimPos value_pos = _cmasim_reader_pos(reader);

	if (_cmasim_reader_is_scalar(reader) &&
	    (!_cmasim_key_is_compound(def) || def->kind == CMASIM_KEY_DIST ||
	     def->kind == CMASIM_KEY_ORDERS))
		return _cmasim_value_parse_text(def, what, _cmasim_reader_scalar(reader), key_pos,
		                                &value_pos, error);
	value = _cmasim_value_new(def, key_pos);
	value->value_pos = value_pos;
	switch (def->kind) {
	case CMASIM_KEY_DIST:
		if (reader->event.type != YAML_MAPPING_START_EVENT)
			break;
		if (!cmasim_parse_dist_mapping(reader, value, what, error))
			return NULL;
		return g_steal_pointer(&value);
	case CMASIM_KEY_ORDERS:
		if (reader->event.type != YAML_MAPPING_START_EVENT)
			break;
		if (!cmasim_parse_orders(reader, value, what, error))
			return NULL;
		return g_steal_pointer(&value);
	case CMASIM_KEY_BANKS:
	case CMASIM_KEY_RANGES:
		if (!cmasim_parse_ranges(reader, value, what, error))
			return NULL;
		return g_steal_pointer(&value);
	case CMASIM_KEY_ZONES:
		if (!cmasim_parse_zones(reader, value, what, error))
			return NULL;
		return g_steal_pointer(&value);
	case CMASIM_KEY_REG: {
		CmasimRange range = {0, 0};
		if (!cmasim_parse_range(reader, what, FALSE, &range, error))
			return NULL;
		value->array = g_array_new(FALSE, FALSE, sizeof(CmasimRange));
		g_array_append_val(value->array, range);
		return g_steal_pointer(&value);
	}
	case CMASIM_KEY_NAMES:
		if (!cmasim_parse_names(reader, value, what, error))
			return NULL;
		return g_steal_pointer(&value);
	case CMASIM_KEY_TEXT:
	case CMASIM_KEY_NAME:
	case CMASIM_KEY_ARCH:
	case CMASIM_KEY_CPU:
	case CMASIM_KEY_OWNER:
	case CMASIM_KEY_TASK_TYPE:
	case CMASIM_KEY_SIZE:
	case CMASIM_KEY_ADDRESS:
	case CMASIM_KEY_POW2_SIZE:
	case CMASIM_KEY_TIME:
	case CMASIM_KEY_RATE:
	case CMASIM_KEY_BANDWIDTH:
	case CMASIM_KEY_UINT:
	case CMASIM_KEY_FRACTION:
	case CMASIM_KEY_PERCENT:
	case CMASIM_KEY_BOOL:
	default:
		break;
	}
	_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &value_pos,
	                     "%s: found %s (expected %s)", what, _cmasim_reader_node_kind(reader),
	                     cmasim_key_expected(def));
	return NULL;
}

/* ---- registered parameters ---- */

gboolean
_cmasim_param_prefix_exists(const gchar *prefix)
{
	g_autoptr(GPtrArray) defs = cmasim_param_defs_sorted();
	gsize n = strlen(prefix);
	for (guint i = 0; i < defs->len; i++) {
		const CmasimParamDef *def = g_ptr_array_index(defs, i);
		if (strncmp(def->key, prefix, n) == 0 &&
		    (def->key[n] == '\0' || def->key[n] == '.'))
			return TRUE;
	}
	return FALSE;
}

gchar *
_cmasim_param_suggest(const gchar *key)
{
	g_autoptr(GPtrArray) defs = cmasim_param_defs_sorted();
	g_autofree gchar *prefix = g_strdup(key);
	GString *list = g_string_new(NULL);

	/* the longest dotted prefix of @key under which something is registered */
	for (;;) {
		gchar *dot = strrchr(prefix, '.');
		if (dot == NULL) {
			prefix[0] = '\0';
			break;
		}
		*dot = '\0';
		if (_cmasim_param_prefix_exists(prefix))
			break;
	}
	for (guint i = 0; i < defs->len; i++) {
		const CmasimParamDef *def = g_ptr_array_index(defs, i);
		gsize n = strlen(prefix);
		if (n > 0 && (strncmp(def->key, prefix, n) != 0 || def->key[n] != '.'))
			continue;
		if (list->len > 0)
			g_string_append(list, ", ");
		g_string_append(list, def->key);
	}
	return g_string_free(list, FALSE);
}

static gint
cmasim_strcmp_indirect(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const gchar *const *)a, *(const gchar *const *)b);
}

GPtrArray *
_cmasim_param_sections(void)
{
	g_autoptr(GPtrArray) defs = cmasim_param_defs_sorted();
	GPtrArray *sections = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < defs->len; i++) {
		const CmasimParamDef *def = g_ptr_array_index(defs, i);
		const gchar *dot = strchr(def->key, '.');
		g_autofree gchar *section =
		    dot != NULL ? g_strndup(def->key, dot - def->key) : g_strdup(def->key);
		gboolean found = FALSE;
		for (guint j = 0; j < sections->len; j++)
			found |= g_strcmp0(g_ptr_array_index(sections, j), section) == 0;
		if (!found)
			g_ptr_array_add(sections, g_steal_pointer(&section));
	}
	g_ptr_array_sort(sections, cmasim_strcmp_indirect);
	return sections;
}

gboolean
_cmasim_param_check(const gchar *key, const gchar *text, const CmasimPos *pos, GError **error)
{
	g_autoptr(CmasimParams) scratch = NULL;
	GError *local = NULL;

	if (cmasim_param_def_lookup(key) == NULL) {
		g_autofree gchar *valid = _cmasim_param_suggest(key);
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
		                     "unknown parameter '%s' (expected one of: %s)", key, valid);
		return FALSE;
	}
	scratch = cmasim_params_new();
	if (!cmasim_params_set(scratch, key, text, &local)) {
		_cmasim_propagate_at(error, local, pos, NULL);
		return FALSE;
	}
	return TRUE;
}
