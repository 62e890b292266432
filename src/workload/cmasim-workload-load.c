/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Reading workload files into a CmasimScenario: the top-level schema,
 * include: (fragments merged in order, the including file last), machine
 * presets from configs/machines/, CPU cost profiles from configs/cpus/, the
 * registered parameter sections, and the resolution of everything into
 * checked values with defaults. Resolution runs again after each --set, so
 * a value that depends on another (the default alignment of a device task
 * follows its size, like CONFIG_CMA_ALIGNMENT in dma_alloc_contiguous())
 * stays consistent.
 *
 * The machine checks mirror what a kernel would refuse at boot: page sizes
 * of 4 to 64 KiB, pageblock_order <= MAX_PAGE_ORDER, memory banks that do
 * not overlap, zones that tile the banks' span, CMA areas that lie in one
 * zone (kernel-facts 1.5).
 */
#define G_LOG_DOMAIN "CmasimWorkload"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmasim/cmasim-units.h"
#include "workload/cmasim-workload-private.h"

static const gchar *const cmasim_zone_names[] = {"DMA", "DMA32", "Normal", "HighMem", "Movable"};

typedef struct {
	GPtrArray *stack; /* canonical paths of the files being read, for include cycles */
} CmasimLoadContext;

/* a file (or memory) to read */
typedef struct {
	const gchar *display; /* in messages */
	const gchar *path;    /* on disk, NULL for memory */
	GBytes *bytes;        /* memory */
	const gchar *dir;     /* base of relative include: and events: file: paths */
} CmasimSource;

typedef struct {
	gchar *text;
	CmasimPos pos;
} CmasimInclude;

static void
cmasim_include_free(CmasimInclude *self)
{
	g_free(self->text);
	g_free(self);
}

static gboolean
cmasim_open_source(CmasimReader *reader, const CmasimSource *src, GError **error)
{
	if (src->bytes != NULL) {
		_cmasim_reader_open_bytes(reader, src->display, src->bytes);
		return TRUE;
	}
	return _cmasim_reader_open_file(reader, src->display, src->path, error);
}

static gint
cmasim_strcmp_indirect(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const gchar *const *)a, *(const gchar *const *)b);
}

/* the keys of a string-keyed table, sorted (transfer container) */
static GPtrArray *
cmasim_sorted_keys(GHashTable *table)
{
	GPtrArray *keys = g_ptr_array_new();
	GHashTableIter iter;
	gpointer key;
	g_hash_table_iter_init(&iter, table);
	while (g_hash_table_iter_next(&iter, &key, NULL))
		g_ptr_array_add(keys, key);
	g_ptr_array_sort(keys, cmasim_strcmp_indirect);
	return keys;
}

static gchar *
cmasim_join(const gchar *prefix, const gchar *key)
{
	if (prefix == NULL || *prefix == '\0')
		return g_strdup(key);
	return g_strconcat(prefix, ".", key, NULL);
}

/* ---- parameter sections: nested mappings flattened to registered keys ---- */

static gboolean
cmasim_parse_params(CmasimReader *reader, const gchar *prefix, GHashTable *params,
                    GHashTable *seen_flat, GError **error)
{
	CmasimPos start = _cmasim_reader_pos(reader);
	g_autoptr(GHashTable) seen = NULL;

	if (_cmasim_reader_is_null(reader))
		return TRUE;
	if (reader->event.type != YAML_MAPPING_START_EVENT) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &start,
		                     "%s: found %s (expected a mapping of parameters, see `cmasim "
		                     "list params`)",
		                     prefix, _cmasim_reader_node_kind(reader));
		return FALSE;
	}
	seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (;;) {
		CmasimPos key_pos, value_pos;
		g_autofree gchar *full = NULL;
		CmasimParamDraft *param;
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (reader->event.type == YAML_MAPPING_END_EVENT)
			return TRUE;
		key_pos = _cmasim_reader_pos(reader);
		if (!_cmasim_reader_expect_scalar(reader, prefix, "a parameter name", error))
			return FALSE;
		full = cmasim_join(prefix, _cmasim_reader_scalar(reader));
		if (g_hash_table_contains(seen, _cmasim_reader_scalar(reader)) ||
		    g_hash_table_contains(seen_flat, full)) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			                     "duplicate key '%s' (expected each parameter once)",
			                     full);
			return FALSE;
		}
		g_hash_table_add(seen, g_strdup(_cmasim_reader_scalar(reader)));
		if (cmasim_param_def_lookup(full) == NULL && !_cmasim_param_prefix_exists(full)) {
			g_autofree gchar *valid = _cmasim_param_suggest(full);
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			                     "unknown parameter '%s' (expected one of: %s)", full,
			                     valid);
			return FALSE;
		}
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		value_pos = _cmasim_reader_pos(reader);
		if (reader->event.type == YAML_MAPPING_START_EVENT &&
		    cmasim_param_def_lookup(full) == NULL) {
			if (!cmasim_parse_params(reader, full, params, seen_flat, error))
				return FALSE;
			continue;
		}
		if (cmasim_param_def_lookup(full) == NULL) {
			g_autofree gchar *valid = _cmasim_param_suggest(full);
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			                     "'%s' is a group of parameters (expected a mapping of "
			                     "%s)",
			                     full, valid);
			return FALSE;
		}
		if (!_cmasim_reader_expect_scalar(reader, full, "a scalar value", error))
			return FALSE;
		if (!_cmasim_param_check(full, _cmasim_reader_scalar(reader), &value_pos, error))
			return FALSE;
		g_hash_table_add(seen_flat, g_strdup(full));
		param = g_new0(CmasimParamDraft, 1);
		param->text = g_strdup(_cmasim_reader_scalar(reader));
		param->pos = value_pos;
		g_hash_table_replace(params, g_steal_pointer(&full), param);
	}
}

/* ---- entities: the machine, a region, a task ---- */

static const CmasimKeyDef *
cmasim_tables_lookup(const CmasimKeyDef *const *tables, const gchar *key)
{
	for (guint t = 0; tables[t] != NULL; t++) {
		const CmasimKeyDef *def = _cmasim_key_lookup(tables[t], key);
		if (def != NULL)
			return def;
	}
	return NULL;
}

static gchar *
cmasim_tables_list(const CmasimKeyDef *const *tables)
{
	GString *list = g_string_new(NULL);
	for (guint t = 0; tables[t] != NULL; t++) {
		g_autofree gchar *part = _cmasim_key_list(tables[t]);
		if (list->len > 0)
			g_string_append(list, ", ");
		g_string_append(list, part);
	}
	return g_string_free(list, FALSE);
}

/* "machine", "regions.fimc", "regions[2]" */
static gchar *
cmasim_entity_what(const gchar *section, const CmasimEntity *entity, guint index)
{
	if (entity->name != NULL)
		return g_strdup_printf("%s.%s", section, entity->name);
	if (index == G_MAXUINT)
		return g_strdup(section);
	return g_strdup_printf("%s[%u]", section, index);
}

static gboolean
cmasim_parse_entity(CmasimReader *reader, const CmasimKeyDef *const *tables, const gchar *section,
                    guint index, CmasimEntity *entity, GError **error)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GHashTable) key_pos_of =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	static const gchar *const conflicts[][2] = {{"reg", "size"},
	                                            {"reg", "base"},
	                                            {"base", "alloc-ranges"},
	                                            {"reg", "alloc-ranges"},
	                                            {"align", "alignment"},
	                                            {"rate", "bandwidth"}};

	for (;;) {
		CmasimPos key_pos;
		g_autofree gchar *key = NULL;
		g_autofree gchar *what = NULL;
		g_autofree gchar *where = NULL;
		const CmasimKeyDef *def;
		g_autoptr(CmasimValue) value = NULL;

		where = cmasim_entity_what(section, entity, index);
		gboolean done;
		if (!_cmasim_reader_next_key(reader, seen, where, TRUE, &key_pos, &done,
		                             error))
			return FALSE;
		if (done)
			break;
		key = g_strdup(_cmasim_reader_scalar(reader));
		g_hash_table_insert(key_pos_of, g_strdup(key),
		                    g_memdup2(&key_pos, sizeof(key_pos)));
		def = cmasim_tables_lookup(tables, key);
		if (def == NULL) {
			g_autofree gchar *valid = cmasim_tables_list(tables);
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			                     "%s: unknown key '%s' (expected one of: %s)", where,
			                     key, valid);
			return FALSE;
		}
		what = cmasim_join(where, key);
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		value = _cmasim_value_parse(reader, def, what, &key_pos, error);
		if (value == NULL)
			return FALSE;
		if (def->kind == CMASIM_KEY_REG) {
			const CmasimRange *range = &g_array_index(value->array, CmasimRange, 0);
			g_autoptr(CmasimValue) base =
			    _cmasim_value_new(cmasim_tables_lookup(tables, "base"), &key_pos);
			g_autoptr(CmasimValue) size =
			    _cmasim_value_new(cmasim_tables_lookup(tables, "size"), &key_pos);
			base->value_pos = value->value_pos;
			base->u = range->base_bytes;
			size->value_pos = value->value_pos;
			size->u = range->size_bytes;
			_cmasim_entity_set(entity, base);
			_cmasim_entity_set(entity, size);
			continue;
		}
		if (g_strcmp0(key, "name") == 0 && entity->name == NULL) {
			entity->name = g_strdup(value->text);
			entity->name_pos = key_pos;
		}
		_cmasim_entity_set(entity, value);
	}
	for (guint i = 0; i < G_N_ELEMENTS(conflicts); i++) {
		const CmasimPos *pos = g_hash_table_lookup(key_pos_of, conflicts[i][1]);
		if (pos != NULL && g_hash_table_contains(seen, conflicts[i][0])) {
			g_autofree gchar *where = cmasim_entity_what(section, entity, index);
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
			                     "%s: '%s' and '%s' exclude each other (expected only "
			                     "one of them)",
			                     where, conflicts[i][0], conflicts[i][1]);
			return FALSE;
		}
	}
	return TRUE;
}

static CmasimEntity *
cmasim_find_entity(GPtrArray *entities, const gchar *name)
{
	for (guint i = 0; i < entities->len; i++) {
		CmasimEntity *entity = g_ptr_array_index(entities, i);
		if (g_strcmp0(entity->name, name) == 0)
			return entity;
	}
	return NULL;
}

/* regions: or tasks: a sequence of mappings with unique names */
static gboolean
cmasim_parse_entity_list(CmasimReader *reader, gboolean tasks, GPtrArray *out, GError **error)
{
	static const CmasimKeyDef *const region_tables[] = {_cmasim_region_keys, NULL};
	static const CmasimKeyDef *const task_tables[] = {
	    _cmasim_task_keys, _cmasim_background_keys, _cmasim_device_keys, NULL};
	const gchar *section = tasks ? "tasks" : "regions";
	const gchar *expected = tasks ? "a list of tasks such as - {name: cam, type: device, ...}"
	                              : "a list of regions such as - {name: cma, size: 64MiB}";
	CmasimPos pos = _cmasim_reader_pos(reader);

	if (_cmasim_reader_is_null(reader))
		return TRUE;
	if (reader->event.type != YAML_SEQUENCE_START_EVENT) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
		                     "%s: found %s (expected %s)", section,
		                     _cmasim_reader_node_kind(reader), expected);
		return FALSE;
	}
	for (guint index = 0;; index++) {
		g_autoptr(CmasimEntity) entity = NULL;
		CmasimEntity *other;
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (reader->event.type == YAML_SEQUENCE_END_EVENT)
			return TRUE;
		pos = _cmasim_reader_pos(reader);
		if (reader->event.type != YAML_MAPPING_START_EVENT) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
			                     "%s[%u]: found %s (expected a mapping)", section,
			                     index, _cmasim_reader_node_kind(reader));
			return FALSE;
		}
		entity = _cmasim_entity_new(&pos);
		if (!cmasim_parse_entity(reader, tasks ? task_tables : region_tables, section,
		                         index, entity, error))
			return FALSE;
		if (entity->name == NULL) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
			                     "%s[%u]: no name (expected name: NAME)", section,
			                     index);
			return FALSE;
		}
		other = cmasim_find_entity(out, entity->name);
		if (other != NULL) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &entity->name_pos,
			                     "duplicate %s name '%s' (expected a name not already "
			                     "used at %s:%u:%u)",
			                     tasks ? "task" : "region", entity->name,
			                     other->name_pos.file, other->name_pos.line,
			                     other->name_pos.column);
			return FALSE;
		}
		if (tasks) {
			const CmasimValue *type = _cmasim_entity_get(entity, "type");
			const CmasimKeyDef *allowed;
			GHashTableIter iter;
			gpointer key, value;
			if (type == NULL) {
				_cmasim_set_error_at(
				    error, CMASIM_ERROR_INVALID_CONFIG, &pos,
				    "tasks.%s: no type (expected type: background or "
				    "type: device)",
				    entity->name);
				return FALSE;
			}
			allowed = g_strcmp0(type->text, "device") == 0 ? _cmasim_device_keys
			                                               : _cmasim_background_keys;
			g_hash_table_iter_init(&iter, entity->values);
			while (g_hash_table_iter_next(&iter, &key, &value)) {
				const CmasimValue *v = value;
				if (_cmasim_key_lookup(_cmasim_task_keys, key) != NULL ||
				    _cmasim_key_lookup(allowed, key) != NULL)
					continue;
				{
					g_autofree gchar *valid = _cmasim_key_list(allowed);
					_cmasim_set_error_at(
					    error, CMASIM_ERROR_INVALID_CONFIG, &v->pos,
					    "tasks.%s: '%s' does not apply to a %s task (expected "
					    "name, type, %s)",
					    entity->name, (const gchar *)key, type->text, valid);
				}
				return FALSE;
			}
		}
		g_ptr_array_add(out, g_steal_pointer(&entity));
	}
}

/* ---- merging drafts ---- */

static gboolean
cmasim_merge_entities(GPtrArray *dst, GPtrArray *src, const gchar *what, GError **error)
{
	for (guint i = 0; i < src->len; i++) {
		const CmasimEntity *entity = g_ptr_array_index(src, i);
		const CmasimEntity *other = cmasim_find_entity(dst, entity->name);
		if (other != NULL) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &entity->name_pos,
			                     "duplicate %s name '%s' (expected a name not already "
			                     "used at %s:%u:%u)",
			                     what, entity->name, other->name_pos.file,
			                     other->name_pos.line, other->name_pos.column);
			return FALSE;
		}
		g_ptr_array_add(dst, _cmasim_entity_copy(entity));
	}
	return TRUE;
}

static void
cmasim_merge_params(GHashTable *dst, GHashTable *src)
{
	GHashTableIter iter;
	gpointer key, value;
	g_hash_table_iter_init(&iter, src);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		const CmasimParamDraft *param = value;
		CmasimParamDraft *copy = g_new0(CmasimParamDraft, 1);
		copy->text = g_strdup(param->text);
		copy->pos = param->pos;
		g_hash_table_replace(dst, g_strdup(key), copy);
	}
}

/* @src's values override @dst's; lists concatenate */
static gboolean
cmasim_draft_merge(CmasimDraft *dst, CmasimDraft *src, GError **error)
{
	_cmasim_entity_overlay(dst->top, src->top);
	_cmasim_entity_overlay(dst->machine, src->machine);
	if (!cmasim_merge_entities(dst->regions, src->regions, "region", error))
		return FALSE;
	if (!cmasim_merge_entities(dst->tasks, src->tasks, "task", error))
		return FALSE;
	cmasim_merge_params(dst->params, src->params);
	if (src->events != NULL) {
		_cmasim_events_source_free(dst->events);
		dst->events = _cmasim_events_source_copy(src->events);
	}
	return TRUE;
}

/* ---- one workload file ---- */

static CmasimDraft *cmasim_parse_workload(CmasimLoadContext *ctx, const CmasimSource *src,
                                          guint depth, gboolean is_root, GError **error);

static gboolean
cmasim_parse_include_list(CmasimReader *reader, GPtrArray *includes, GError **error)
{
	CmasimPos pos = _cmasim_reader_pos(reader);
	const gchar *expected = "a file name or a list of file names";

	if (_cmasim_reader_is_null(reader))
		return TRUE;
	if (_cmasim_reader_is_scalar(reader)) {
		CmasimInclude *inc = g_new0(CmasimInclude, 1);
		inc->text = g_strdup(_cmasim_reader_scalar(reader));
		inc->pos = pos;
		g_ptr_array_add(includes, inc);
		return TRUE;
	}
	if (reader->event.type != YAML_SEQUENCE_START_EVENT) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
		                     "include: found %s (expected %s)",
		                     _cmasim_reader_node_kind(reader), expected);
		return FALSE;
	}
	for (;;) {
		CmasimInclude *inc;
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (reader->event.type == YAML_SEQUENCE_END_EVENT)
			return TRUE;
		if (!_cmasim_reader_expect_scalar(reader, "include", expected, error))
			return FALSE;
		inc = g_new0(CmasimInclude, 1);
		inc->text = g_strdup(_cmasim_reader_scalar(reader));
		inc->pos = _cmasim_reader_pos(reader);
		g_ptr_array_add(includes, inc);
	}
}

static gchar *
cmasim_resolve_path(const gchar *dir, const gchar *name)
{
	if (g_path_is_absolute(name) || dir == NULL || g_strcmp0(dir, ".") == 0)
		return g_strdup(name);
	return g_build_filename(dir, name, NULL);
}

static gboolean
cmasim_parse_events_key(CmasimReader *reader, const CmasimSource *src, const CmasimPos *key_pos,
                        CmasimDraft *draft, GError **error)
{
	CmasimPos pos = _cmasim_reader_pos(reader);
	const gchar *expected = "a sequence of events or {file: trace.yaml}";
	g_autoptr(CmasimEventsSource) events = g_new0(CmasimEventsSource, 1);

	events->pos = *key_pos;
	if (_cmasim_reader_is_null(reader))
		return TRUE;
	if (reader->event.type == YAML_SEQUENCE_START_EVENT) {
		/* inline: checked and counted by the streaming pass after resolution */
		if (src->path != NULL)
			events->path = g_canonicalize_filename(src->path, NULL);
		else
			events->bytes = g_bytes_ref(src->bytes);
		events->display = g_strdup(src->display);
		if (!_cmasim_reader_skip(reader, error))
			return FALSE;
	} else if (reader->event.type == YAML_MAPPING_START_EVENT) {
		gboolean have_file = FALSE;
		for (;;) {
			CmasimPos inner_pos;
			const gchar *file;
			g_autofree gchar *display = NULL;
			if (!_cmasim_reader_next(reader, error))
				return FALSE;
			if (reader->event.type == YAML_MAPPING_END_EVENT)
				break;
			inner_pos = _cmasim_reader_pos(reader);
			if (!_cmasim_reader_expect_scalar(reader, "events", "a key", error))
				return FALSE;
			if (g_strcmp0(_cmasim_reader_scalar(reader), "file") != 0 || have_file) {
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &inner_pos,
				                     have_file ? "events: duplicate key '%s' "
				                                 "(expected file: once)"
				                               : "events: unknown key '%s' "
				                                 "(expected file)",
				                     _cmasim_reader_scalar(reader));
				return FALSE;
			}
			have_file = TRUE;
			if (!_cmasim_reader_next(reader, error))
				return FALSE;
			inner_pos = _cmasim_reader_pos(reader);
			if (!_cmasim_reader_expect_scalar(reader, "events.file", "a file name",
			                                  error))
				return FALSE;
			file = _cmasim_reader_scalar(reader);
			if (*file == '\0') {
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &inner_pos,
				                     "events.file: empty value (expected a file "
				                     "name)");
				return FALSE;
			}
			display = cmasim_resolve_path(src->dir, file);
			events->path = g_canonicalize_filename(display, NULL);
			events->display = g_steal_pointer(&display);
			events->pos = inner_pos;
		}
		if (!have_file) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
			                     "events: no file (expected %s)", expected);
			return FALSE;
		}
	} else {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
		                     "events: found %s (expected %s)",
		                     _cmasim_reader_node_kind(reader), expected);
		return FALSE;
	}
	_cmasim_events_source_free(draft->events);
	draft->events = g_steal_pointer(&events);
	return TRUE;
}

static gboolean
cmasim_is_param_section(const gchar *key)
{
	g_autoptr(GPtrArray) sections = _cmasim_param_sections();
	for (guint i = 0; i < sections->len; i++) {
		if (g_strcmp0(g_ptr_array_index(sections, i), key) == 0)
			return TRUE;
	}
	return FALSE;
}

static gchar *
cmasim_top_key_list(void)
{
	g_autoptr(GPtrArray) sections = _cmasim_param_sections();
	GString *list = g_string_new("version, name, seed, duration, include, machine, regions, "
	                             "tasks, events");
	for (guint i = 0; i < sections->len; i++)
		g_string_append_printf(list, ", %s", (const gchar *)g_ptr_array_index(sections, i));
	return g_string_free(list, FALSE);
}

static gboolean
cmasim_process_includes(CmasimLoadContext *ctx, const CmasimSource *src, GPtrArray *includes,
                        guint depth, CmasimDraft *acc, GError **error)
{
	for (guint i = 0; i < includes->len; i++) {
		const CmasimInclude *inc = g_ptr_array_index(includes, i);
		g_autofree gchar *display = NULL;
		g_autofree gchar *dir = NULL;
		g_autoptr(CmasimDraft) sub = NULL;
		gchar *real;
		CmasimSource child = {NULL, NULL, NULL, NULL};

		if (*inc->text == '\0') {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &inc->pos,
			                     "include: empty file name (expected a file name)");
			return FALSE;
		}
		if (depth + 1 > CMASIM_INCLUDE_MAX_DEPTH) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &inc->pos,
			                     "includes nested deeper than %u levels (expected at "
			                     "most %u)",
			                     CMASIM_INCLUDE_MAX_DEPTH, CMASIM_INCLUDE_MAX_DEPTH);
			return FALSE;
		}
		display = cmasim_resolve_path(src->dir, inc->text);
		real = realpath(display, NULL);
		if (real == NULL) {
			gint saved = errno;
			_cmasim_set_error_at(error, CMASIM_ERROR_IO, &inc->pos,
			                     "cannot read include '%s': %s (expected an existing "
			                     "file)",
			                     display, g_strerror(saved));
			return FALSE;
		}
		for (guint j = 0; j < ctx->stack->len; j++) {
			if (g_strcmp0(g_ptr_array_index(ctx->stack, j), real) == 0) {
				GString *chain = g_string_new(NULL);
				for (guint k = j; k < ctx->stack->len; k++)
					g_string_append_printf(
					    chain, "%s -> ",
					    (const gchar *)g_ptr_array_index(ctx->stack, k));
				g_string_append(chain, real);
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &inc->pos,
				                     "include cycle %s (expected a file that does "
				                     "not include itself)",
				                     chain->str);
				g_string_free(chain, TRUE);
				free(real);
				return FALSE;
			}
		}
		g_ptr_array_add(ctx->stack, g_strdup(real));
		free(real);
		dir = g_path_get_dirname(display);
		child.display = display;
		child.path = display;
		child.dir = dir;
		sub = cmasim_parse_workload(ctx, &child, depth + 1, FALSE, error);
		g_ptr_array_remove_index(ctx->stack, ctx->stack->len - 1);
		if (sub == NULL)
			return FALSE;
		if (!cmasim_draft_merge(acc, sub, error))
			return FALSE;
	}
	return TRUE;
}

static CmasimDraft *
cmasim_parse_workload(CmasimLoadContext *ctx, const CmasimSource *src, guint depth,
                      gboolean is_root, GError **error)
{
	g_auto(CmasimReader) reader = {0};
	g_autoptr(CmasimDraft) own = NULL;
	g_autoptr(CmasimDraft) acc = NULL;
	g_autoptr(GPtrArray) includes =
	    g_ptr_array_new_with_free_func((GDestroyNotify)cmasim_include_free);
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GHashTable) seen_params =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	gboolean empty = FALSE;
	CmasimPos root_pos;

	if (!cmasim_open_source(&reader, src, error))
		return NULL;
	if (!_cmasim_reader_begin(&reader, &empty, error))
		return NULL;
	root_pos = _cmasim_reader_pos(&reader);
	if (empty) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &root_pos,
		                     "empty workload (expected a mapping with version: 1)");
		return NULL;
	}
	if (reader.event.type != YAML_MAPPING_START_EVENT) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &root_pos,
		                     "the workload is %s (expected a mapping with version: 1)",
		                     _cmasim_reader_node_kind(&reader));
		return NULL;
	}
	own = _cmasim_draft_new(&root_pos);
	for (;;) {
		CmasimPos key_pos;
		g_autofree gchar *key = NULL;
		const CmasimKeyDef *def;

		gboolean done;
		if (!_cmasim_reader_next_key(&reader, seen, "workload", FALSE, &key_pos, &done,
		                             error))
			return NULL;
		if (done)
			break;
		key = g_strdup(_cmasim_reader_scalar(&reader));
		def = _cmasim_key_lookup(_cmasim_top_keys, key);
		if (def == NULL && g_strcmp0(key, "include") != 0 &&
		    g_strcmp0(key, "machine") != 0 && g_strcmp0(key, "regions") != 0 &&
		    g_strcmp0(key, "tasks") != 0 && g_strcmp0(key, "events") != 0 &&
		    !cmasim_is_param_section(key)) {
			g_autofree gchar *valid = cmasim_top_key_list();
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			                     "unknown key '%s' (expected one of: %s)", key, valid);
			return NULL;
		}
		if (!_cmasim_reader_next(&reader, error))
			return NULL;
		if (def != NULL) {
			g_autoptr(CmasimValue) value =
			    _cmasim_value_parse(&reader, def, key, &key_pos, error);
			if (value == NULL)
				return NULL;
			if (g_strcmp0(key, "version") == 0 && value->u != CMASIM_WORKLOAD_VERSION) {
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
				                     &value->value_pos,
				                     "unsupported version %" G_GUINT64_FORMAT
				                     " (expected version: %u)",
				                     value->u, CMASIM_WORKLOAD_VERSION);
				return NULL;
			}
			_cmasim_entity_set(own->top, value);
		} else if (g_strcmp0(key, "include") == 0) {
			if (!cmasim_parse_include_list(&reader, includes, error))
				return NULL;
		} else if (g_strcmp0(key, "machine") == 0) {
			static const CmasimKeyDef *const tables[] = {_cmasim_machine_keys, NULL};
			CmasimPos pos = _cmasim_reader_pos(&reader);
			if (_cmasim_reader_is_null(&reader))
				continue;
			if (reader.event.type != YAML_MAPPING_START_EVENT) {
				_cmasim_set_error_at(
				    error, CMASIM_ERROR_INVALID_CONFIG, &pos,
				    "machine: found %s (expected a mapping such as "
				    "{preset: goni-s5pc110})",
				    _cmasim_reader_node_kind(&reader));
				return NULL;
			}
			own->machine->pos = key_pos;
			if (!cmasim_parse_entity(&reader, tables, "machine", G_MAXUINT,
			                         own->machine, error))
				return NULL;
		} else if (g_strcmp0(key, "regions") == 0) {
			if (!cmasim_parse_entity_list(&reader, FALSE, own->regions, error))
				return NULL;
		} else if (g_strcmp0(key, "tasks") == 0) {
			if (!cmasim_parse_entity_list(&reader, TRUE, own->tasks, error))
				return NULL;
		} else if (g_strcmp0(key, "events") == 0) {
			if (!cmasim_parse_events_key(&reader, src, &key_pos, own, error))
				return NULL;
		} else {
			if (!cmasim_parse_params(&reader, key, own->params, seen_params, error))
				return NULL;
		}
	}
	if (!_cmasim_reader_end(&reader, error))
		return NULL;
	if (is_root && _cmasim_entity_get(own->top, "version") == NULL) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &root_pos,
		                     "missing key 'version' (expected version: %u)",
		                     CMASIM_WORKLOAD_VERSION);
		return NULL;
	}
	if (includes->len == 0)
		return g_steal_pointer(&own);
	acc = _cmasim_draft_new(&root_pos);
	if (!cmasim_process_includes(ctx, src, includes, depth, acc, error))
		return NULL;
	if (!cmasim_draft_merge(acc, own, error))
		return NULL;
	acc->machine->pos = own->machine->pos;
	return g_steal_pointer(&acc);
}

/* ---- presets and CPU profiles ---- */

static gchar *
cmasim_data_names(const gchar *subdir)
{
	g_autoptr(GPtrArray) names = cmasim_data_list(subdir);
	GString *list = g_string_new(NULL);
	for (guint i = 0; i < names->len; i++) {
		if (list->len > 0)
			g_string_append(list, ", ");
		g_string_append(list, g_ptr_array_index(names, i));
	}
	if (list->len == 0)
		g_string_append(list, "none found");
	return g_string_free(list, FALSE);
}

/* open configs/<subdir>/<name>.yaml from the search path; error at @pos */
static gboolean
cmasim_open_data(CmasimReader *reader, const gchar *subdir, const gchar *name, const gchar *what,
                 const CmasimPos *pos, GError **error)
{
	g_autofree gchar *relpath = g_strdup_printf("%s/%s.yaml", subdir, name);
	g_autofree gchar *origin = NULL;
	g_autoptr(GBytes) bytes = NULL;
	gchar *contents;
	gsize len = 0;

	contents = cmasim_data_lookup_full(relpath, &origin, &len, NULL);
	if (contents == NULL) {
		g_autofree gchar *valid = cmasim_data_names(subdir);
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
		                     "unknown %s '%s': no %s on the data search path (expected one "
		                     "of: %s)",
		                     what, name, relpath, valid);
		return FALSE;
	}
	bytes = g_bytes_new_take(contents, len);
	_cmasim_reader_open_bytes(reader, origin, bytes);
	return TRUE;
}

static gboolean
cmasim_begin_mapping(CmasimReader *reader, const gchar *what, CmasimPos *root_pos, GError **error)
{
	gboolean empty = FALSE;
	if (!_cmasim_reader_begin(reader, &empty, error))
		return FALSE;
	*root_pos = _cmasim_reader_pos(reader);
	if (empty || reader->event.type != YAML_MAPPING_START_EVENT) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, root_pos,
		                     "the %s is %s (expected a mapping with version: 1)", what,
		                     empty ? "empty" : _cmasim_reader_node_kind(reader));
		return FALSE;
	}
	return TRUE;
}

/* version: 1, name:, description: in presets and CPU profiles */
static gboolean
cmasim_parse_header_key(CmasimReader *reader, const gchar *key, const CmasimPos *key_pos,
                        gboolean *handled, GError **error)
{
	static const CmasimKeyDef text_def = {"description", CMASIM_KEY_TEXT, 0, 0};
	const CmasimKeyDef *def = NULL;
	g_autoptr(CmasimValue) value = NULL;

	*handled = FALSE;
	if (g_strcmp0(key, "version") == 0 || g_strcmp0(key, "name") == 0)
		def = _cmasim_key_lookup(_cmasim_top_keys, key);
	else if (g_strcmp0(key, "description") == 0)
		def = &text_def;
	if (def == NULL)
		return TRUE;
	*handled = TRUE;
	if (!_cmasim_reader_next(reader, error))
		return FALSE;
	value = _cmasim_value_parse(reader, def, key, key_pos, error);
	if (value == NULL)
		return FALSE;
	if (g_strcmp0(key, "version") == 0 && value->u != CMASIM_WORKLOAD_VERSION) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &value->value_pos,
		                     "unsupported version %" G_GUINT64_FORMAT
		                     " (expected version: %u)",
		                     value->u, CMASIM_WORKLOAD_VERSION);
		return FALSE;
	}
	return TRUE;
}

static CmasimDraft *
cmasim_load_preset(const gchar *name, const CmasimPos *pos, GError **error)
{
	static const CmasimKeyDef *const tables[] = {_cmasim_machine_keys, NULL};
	g_auto(CmasimReader) reader = {0};
	g_autoptr(CmasimDraft) draft = NULL;
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	CmasimPos root_pos;

	if (!cmasim_open_data(&reader, "configs/machines", name, "machine preset", pos, error))
		return NULL;
	if (!cmasim_begin_mapping(&reader, "machine preset", &root_pos, error))
		return NULL;
	draft = _cmasim_draft_new(&root_pos);
	for (;;) {
		CmasimPos key_pos;
		g_autofree gchar *key = NULL;
		gboolean handled = FALSE;
		const CmasimKeyDef *def;
		g_autoptr(CmasimValue) value = NULL;

		gboolean done;
		if (!_cmasim_reader_next_key(&reader, seen, "machine preset", FALSE, &key_pos, &done,
		                             error))
			return NULL;
		if (done)
			break;
		key = g_strdup(_cmasim_reader_scalar(&reader));
		if (!cmasim_parse_header_key(&reader, key, &key_pos, &handled, error))
			return NULL;
		if (handled)
			continue;
		if (g_strcmp0(key, "regions") == 0) {
			if (!_cmasim_reader_next(&reader, error))
				return NULL;
			if (!cmasim_parse_entity_list(&reader, FALSE, draft->regions, error))
				return NULL;
			continue;
		}
		def = _cmasim_key_lookup(_cmasim_machine_keys, key);
		if (def == NULL || g_strcmp0(key, "preset") == 0) {
			g_autofree gchar *valid = cmasim_tables_list(tables);
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			                     "unknown key '%s' in a machine preset (expected "
			                     "version, name, description, regions or a machine key "
			                     "other than preset: %s)",
			                     key, valid);
			return NULL;
		}
		{
			g_autofree gchar *what = g_strconcat("machine.", key, NULL);
			if (!_cmasim_reader_next(&reader, error))
				return NULL;
			value = _cmasim_value_parse(&reader, def, what, &key_pos, error);
		}
		if (value == NULL)
			return NULL;
		_cmasim_entity_set(draft->machine, value);
	}
	if (!_cmasim_reader_end(&reader, error))
		return NULL;
	return g_steal_pointer(&draft);
}

static void
cmasim_param_free(CmasimParamDraft *param)
{
	g_free(param->text);
	g_free(param);
}

static gboolean
cmasim_apply_cpu_profile(CmasimParams *params, const gchar *cpu, const CmasimPos *pos,
                         GError **error)
{
	g_auto(CmasimReader) reader = {0};
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GHashTable) seen_flat =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GHashTable) values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                                     (GDestroyNotify)cmasim_param_free);
	g_autoptr(GPtrArray) keys = NULL;
	CmasimPos root_pos;

	if (!cmasim_open_data(&reader, "configs/cpus", cpu, "CPU profile", pos, error))
		return FALSE;
	if (!cmasim_begin_mapping(&reader, "CPU profile", &root_pos, error))
		return FALSE;
	for (;;) {
		CmasimPos key_pos;
		g_autofree gchar *name = NULL;
		gboolean handled = FALSE;

		gboolean done;
		if (!_cmasim_reader_next_key(&reader, seen, "CPU profile", FALSE, &key_pos, &done,
		                             error))
			return FALSE;
		if (done)
			break;
		name = g_strdup(_cmasim_reader_scalar(&reader));
		if (!cmasim_parse_header_key(&reader, name, &key_pos, &handled, error))
			return FALSE;
		if (handled)
			continue;
		if (g_strcmp0(name, "cost") != 0) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			                     "unknown key '%s' in a CPU profile (expected version, "
			                     "name, description, cost)",
			                     name);
			return FALSE;
		}
		if (!_cmasim_reader_next(&reader, error))
			return FALSE;
		if (!cmasim_parse_params(&reader, "cost", values, seen_flat, error))
			return FALSE;
	}
	if (!_cmasim_reader_end(&reader, error))
		return FALSE;
	/* apply in key order so that any error is deterministic */
	keys = cmasim_sorted_keys(values);
	for (guint i = 0; i < keys->len; i++) {
		const CmasimParamDraft *param =
		    g_hash_table_lookup(values, g_ptr_array_index(keys, i));
		GError *local = NULL;
		if (!cmasim_params_set(params, g_ptr_array_index(keys, i), param->text, &local)) {
			_cmasim_propagate_at(error, local, &param->pos, NULL);
			return FALSE;
		}
	}
	return TRUE;
}

/* ---- resolution ---- */

static const CmasimPos *
cmasim_pos_of(const CmasimEntity *entity, const gchar *key, const CmasimPos *fallback)
{
	const CmasimValue *value = _cmasim_entity_get(entity, key);
	return value != NULL ? &value->pos : fallback;
}

static guint64
cmasim_get_u64(const CmasimEntity *entity, const gchar *key, guint64 fallback)
{
	const CmasimValue *value = _cmasim_entity_get(entity, key);
	return value != NULL ? value->u : fallback;
}

static gdouble
cmasim_get_double(const CmasimEntity *entity, const gchar *key, gdouble fallback)
{
	const CmasimValue *value = _cmasim_entity_get(entity, key);
	return value != NULL ? value->d : fallback;
}

static gboolean
cmasim_get_bool(const CmasimEntity *entity, const gchar *key, gboolean fallback)
{
	const CmasimValue *value = _cmasim_entity_get(entity, key);
	return value != NULL ? value->b : fallback;
}

static const gchar *
cmasim_get_text(const CmasimEntity *entity, const gchar *key, const gchar *fallback)
{
	const CmasimValue *value = _cmasim_entity_get(entity, key);
	return value != NULL ? value->text : fallback;
}

static CmasimDist
cmasim_get_dist(const CmasimEntity *entity, const gchar *key, CmasimDistKind kind, gdouble a)
{
	const CmasimValue *value = _cmasim_entity_get(entity, key);
	CmasimDist dist = {kind, a, 0};
	return value != NULL ? value->dist : dist;
}

static gint
cmasim_zone_rank(const gchar *name)
{
	for (guint i = 0; i < G_N_ELEMENTS(cmasim_zone_names); i++) {
		if (g_strcmp0(cmasim_zone_names[i], name) == 0)
			return (gint)i;
	}
	return -1;
}

static void
cmasim_zone_spec_clear(CmasimZoneSpec *zone)
{
	g_free(zone->name);
}

static void
cmasim_add_zone(GArray *zones, const gchar *name, guint64 size_bytes)
{
	CmasimZoneSpec zone = {g_strdup(name), size_bytes};
	g_array_append_val(zones, zone);
}

/* the kernel's zones for an arch when the workload names none */
static void
cmasim_default_zones(const gchar *arch, guint64 start, guint64 end, GArray *zones)
{
	const struct {
		const gchar *name;
		guint64 limit;
	} * layout;
	static const struct {
		const gchar *name;
		guint64 limit;
	} x86[] = {{"DMA", G_GUINT64_CONSTANT(16) << 20},
	           {"DMA32", G_GUINT64_CONSTANT(4) << 30},
	           {"Normal", G_MAXUINT64}},
	  arm64[] = {{"DMA32", G_GUINT64_CONSTANT(4) << 30}, {"Normal", G_MAXUINT64}},
	  arm32[] = {{"Normal", 0}, {"HighMem", G_MAXUINT64}};
	guint n;
	guint64 at = start;

	if (g_strcmp0(arch, "x86-64") == 0) {
		layout = (gconstpointer)x86;
		n = G_N_ELEMENTS(x86);
	} else if (g_strcmp0(arch, "arm32") == 0) {
		layout = (gconstpointer)arm32;
		n = G_N_ELEMENTS(arm32);
	} else {
		layout = (gconstpointer)arm64;
		n = G_N_ELEMENTS(arm64);
	}
	for (guint i = 0; i < n && at < end; i++) {
		guint64 limit = layout[i].limit;
		if (g_strcmp0(arch, "arm32") == 0 && i == 0)
			limit = start + MIN(CMASIM_ARM32_LOWMEM_BYTES, end - start);
		if (limit <= at)
			continue;
		limit = MIN(limit, end);
		cmasim_add_zone(zones, layout[i].name, limit - at);
		at = limit;
	}
}

/* a size key in whole pages (rounded up), at most @limit_pages */
static gboolean
cmasim_machine_pages(const CmasimEntity *m, const CmasimPos *mpos, const gchar *key,
                     guint64 page_size, guint64 limit_pages, const gchar *limit_what,
                     guint64 *pages, GError **error)
{
	guint64 bytes = cmasim_get_u64(m, key, 0);

	*pages = bytes / page_size + (bytes % page_size != 0);
	if (*pages > limit_pages) {
		g_autofree gchar *text = cmasim_format_size_bytes(bytes);
		g_autofree gchar *limit = cmasim_format_size_bytes(limit_pages * page_size);
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, cmasim_pos_of(m, key, mpos),
		                     "machine.%s: %s is more than %s (expected at most %s)", key,
		                     text, limit_what, limit);
		return FALSE;
	}
	return TRUE;
}

/*
 * What the kernel holds before any task: memblock reservations (the image,
 * memmap, page tables: a zone's present minus managed pages), its own
 * unmovable allocations, and the DMA atomic pools. The pools' defaults
 * are the kernel's: arm32 one pool of 256 KiB (DEFAULT_DMA_COHERENT_POOL_SIZE
 * in arch/arm/mm/dma-mapping.c); arm64 the kernel, DMA and DMA32 pools of
 * kernel/dma/pool.c, each max(128 KiB, 128 KiB per GiB of managed RAM,
 * capped at a max-order block); x86-64 none (pool.c is built only with
 * memory encryption).
 */
static gboolean
cmasim_machine_boot_memory(const CmasimEntity *m, const CmasimPos *mpos, CmasimMachineSpec *out,
                           guint64 total, guint64 page_size, GError **error)
{
	guint64 ram_pages = total / page_size;
	guint64 max_block = G_GUINT64_CONSTANT(1) << out->max_order;
	gboolean arm32 = g_strcmp0(out->arch, "arm32") == 0;
	gboolean arm64 = g_strcmp0(out->arch, "arm64") == 0;
	guint64 pool_pages;

	if (!cmasim_machine_pages(m, mpos, "reserved", page_size, ram_pages / 2, "half of RAM",
	                          &out->reserved_pages, error) ||
	    !cmasim_machine_pages(m, mpos, "boot_unmovable", page_size,
	                          ram_pages / 2, "half of RAM", &out->boot_unmovable_pages,
	                          error) ||
	    !cmasim_machine_pages(m, mpos, "coherent_pool", page_size, max_block,
	                          "a max-order block", &pool_pages, error))
		return FALSE;
	out->coherent_pools = (guint)cmasim_get_u64(m, "coherent_pools", arm32 ? 1 : arm64 ? 3 : 0);
	if (_cmasim_entity_get(m, "coherent_pool") == NULL) {
		if (arm32) {
			pool_pages = (256 * 1024) / page_size;
		} else {
			/* totalram_pages() / (SZ_1G / SZ_128K), at most MAX_ORDER_NR_PAGES */
			guint64 managed = ram_pages - out->reserved_pages;
			pool_pages = MIN(managed / 8192, max_block);
			pool_pages = MAX(pool_pages, (128 * 1024 + page_size - 1) / page_size);
		}
	}
	out->coherent_pool_bytes = pool_pages * page_size;
	return TRUE;
}

static gboolean
cmasim_resolve_machine(const CmasimEntity *m, CmasimMachineSpec *out, GError **error)
{
	const CmasimPos *mpos = &m->pos;
	const CmasimValue *banks = _cmasim_entity_get(m, "banks");
	const CmasimValue *zones = _cmasim_entity_get(m, "zones");
	const CmasimValue *ram = _cmasim_entity_get(m, "ram");
	guint64 page_size = cmasim_get_u64(m, "page_size", CMASIM_MIN_PAGE_SIZE_BYTES);
	guint page_shift = 0;
	guint64 total = 0;
	guint64 span_start, span_end, span;
	const gchar *cpu;
	g_autofree gchar *ram_text = NULL;

	out->preset = g_strdup(cmasim_get_text(m, "preset", NULL));
	out->arch = g_strdup(cmasim_get_text(m, "arch", "arm64"));
	cpu = cmasim_get_text(m, "cpu", NULL);
	out->cpu = g_strcmp0(cpu, "none") == 0 ? NULL : g_strdup(cpu);
	out->ncpus = (guint)cmasim_get_u64(m, "cpus", 1);
	if ((page_size & (page_size - 1)) != 0 || page_size < CMASIM_MIN_PAGE_SIZE_BYTES ||
	    page_size > CMASIM_MAX_PAGE_SIZE_BYTES) {
		g_autofree gchar *text = cmasim_format_size_bytes(page_size);
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
		                     &_cmasim_entity_get(m, "page_size")->value_pos,
		                     "machine.page_size: %s is not a power of two between 4KiB and "
		                     "64KiB (expected 4KiB, 16KiB or 64KiB)",
		                     text);
		return FALSE;
	}
	out->page_size_bytes = (guint32)page_size;
	while ((G_GUINT64_CONSTANT(1) << page_shift) < page_size)
		page_shift++;
	/* arm64 ARCH_FORCE_MAX_ORDER: 10 (4K), 11 (16K), 13 (64K); elsewhere 10 */
	out->max_order =
	    (guint)cmasim_get_u64(m, "max_order",
	                          g_strcmp0(out->arch, "arm64") == 0 && page_shift == 14   ? 11
	                          : g_strcmp0(out->arch, "arm64") == 0 && page_shift == 16 ? 13
	                                                                                   : 10);
	/* pageblock_order: the PMD order (page_shift - 3 more bits) on arm64 and
	 * x86-64; MAX_PAGE_ORDER on arm32 without LPAE (kernel-facts 0) */
	out->pageblock_order = (guint)cmasim_get_u64(m, "pageblock_order",
	                                             g_strcmp0(out->arch, "arm32") == 0
	                                                 ? out->max_order
	                                                 : MIN(page_shift - 3, out->max_order));
	if (out->pageblock_order > out->max_order) {
		_cmasim_set_error_at(
		    error, CMASIM_ERROR_INVALID_CONFIG,
		    _cmasim_entity_get(m, "pageblock_order") != NULL
		        ? &_cmasim_entity_get(m, "pageblock_order")->value_pos
		        : cmasim_pos_of(m, "max_order", mpos),
		    "machine.pageblock_order %u is above max_order %u (expected at "
		    "most %u)",
		    out->pageblock_order, out->max_order, out->max_order);
		return FALSE;
	}

	/* banks, and ram as the kernel's mem= (trims the banks from the top) */
	out->banks = g_array_new(FALSE, FALSE, sizeof(CmasimRange));
	if (banks != NULL) {
		for (guint i = 0; i < banks->array->len; i++) {
			const CmasimRange *bank = &g_array_index(banks->array, CmasimRange, i);
			if (bank->base_bytes % page_size != 0 ||
			    bank->size_bytes % page_size != 0) {
				g_autofree gchar *base = _cmasim_format_address(bank->base_bytes);
				g_autofree gchar *ps = cmasim_format_size_bytes(page_size);
				_cmasim_set_error_at(
				    error, CMASIM_ERROR_INVALID_CONFIG, &banks->value_pos,
				    "machine.banks: bank %u at %s is not aligned to "
				    "the page size (expected base and size "
				    "multiples of %s)",
				    i + 1, base, ps);
				return FALSE;
			}
			if (i > 0) {
				const CmasimRange *prev =
				    &g_array_index(banks->array, CmasimRange, i - 1);
				if (bank->base_bytes < prev->base_bytes + prev->size_bytes) {
					g_autofree gchar *base =
					    _cmasim_format_address(bank->base_bytes);
					g_autofree gchar *prev_end = _cmasim_format_address(
					    prev->base_bytes + prev->size_bytes);
					_cmasim_set_error_at(
					    error, CMASIM_ERROR_INVALID_CONFIG, &banks->value_pos,
					    "machine.banks: bank %u at %s overlaps or precedes "
					    "bank "
					    "%u ending at %s (expected disjoint banks in ascending "
					    "address order)",
					    i + 1, base, i, prev_end);
					return FALSE;
				}
			}
			if (!cmasim_add_u64(total, bank->size_bytes, &total) ||
			    total > CMASIM_MAX_RAM_BYTES) {
				_cmasim_set_error_at(
				    error, CMASIM_ERROR_INVALID_CONFIG, &banks->value_pos,
				    "machine.banks: more RAM than can be simulated "
				    "(expected at most 64GiB in all)");
				return FALSE;
			}
			g_array_append_val(out->banks, *bank);
		}
		if (out->banks->len == 0) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &banks->value_pos,
			                     "machine.banks: no bank (expected at least one {base, "
			                     "size})");
			return FALSE;
		}
	} else if (ram != NULL) {
		CmasimRange bank = {0, ram->u};
		if (ram->u > CMASIM_MAX_RAM_BYTES) {
			ram_text = cmasim_format_size_bytes(ram->u);
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &ram->value_pos,
			                     "machine.ram: %s is more than can be simulated "
			                     "(expected at most 64GiB)",
			                     ram_text);
			return FALSE;
		}
		g_array_append_val(out->banks, bank);
		total = ram->u;
	} else {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, mpos,
		                     "the machine has no memory (expected machine: {preset: NAME} "
		                     "or machine: {ram: SIZE})");
		return FALSE;
	}
	if (ram != NULL) {
		guint64 left = ram->u;
		g_clear_pointer(&ram_text, g_free);
		ram_text = cmasim_format_size_bytes(ram->u);
		if (ram->u > CMASIM_MAX_RAM_BYTES) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &ram->value_pos,
			                     "machine.ram: %s is more than can be simulated "
			                     "(expected at most 64GiB)",
			                     ram_text);
			return FALSE;
		}
		if (ram->u > total) {
			g_autofree gchar *total_text = cmasim_format_size_bytes(total);
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG, &ram->value_pos,
			    "machine.ram: %s is more than the banks hold (expected "
			    "at most %s, or banks that hold more)",
			    ram_text, total_text);
			return FALSE;
		}
		if (ram->u % page_size != 0) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &ram->value_pos,
			                     "machine.ram: %s is not a whole number of pages "
			                     "(expected a multiple of the page size)",
			                     ram_text);
			return FALSE;
		}
		for (guint i = 0; i < out->banks->len; i++) {
			CmasimRange *bank = &g_array_index(out->banks, CmasimRange, i);
			bank->size_bytes = MIN(bank->size_bytes, left);
			left -= bank->size_bytes;
			if (bank->size_bytes == 0) {
				g_array_set_size(out->banks, i);
				break;
			}
		}
		total = ram->u;
	}
	out->ram_bytes = total;
	if (total / page_size > CMASIM_MAX_PAGES) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
		                     ram != NULL ? &ram->value_pos : mpos,
		                     "machine: %" G_GUINT64_FORMAT
		                     " pages are more than can be simulated (expected at most %u "
		                     "pages)",
		                     total / page_size, CMASIM_MAX_PAGES);
		return FALSE;
	}
	span_start = g_array_index(out->banks, CmasimRange, 0).base_bytes;
	span_end = g_array_index(out->banks, CmasimRange, out->banks->len - 1).base_bytes +
	           g_array_index(out->banks, CmasimRange, out->banks->len - 1).size_bytes;
	span = span_end - span_start;
	if (span > CMASIM_MAX_SPAN_BYTES || span / page_size > CMASIM_MAX_PAGES) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
		                     banks != NULL ? &banks->value_pos : mpos,
		                     "machine.banks: the banks span more than can be simulated "
		                     "(expected at most 128GiB from the first base to the last "
		                     "end)");
		return FALSE;
	}

	/* zones tile [first bank base, last bank end) */
	out->zones = g_array_new(FALSE, FALSE, sizeof(CmasimZoneSpec));
	g_array_set_clear_func(out->zones, (GDestroyNotify)cmasim_zone_spec_clear);
	if (zones != NULL && zones->array->len > 0) {
		guint64 sum = 0;
		gint last_rank = -1;
		for (guint i = 0; i < zones->array->len; i++) {
			const CmasimZoneDraft *z = &g_array_index(zones->array, CmasimZoneDraft, i);
			gint rank = cmasim_zone_rank(z->name);
			guint64 size = z->size_bytes;
			if (rank < 0) {
				_cmasim_set_error_at(
				    error, CMASIM_ERROR_INVALID_CONFIG, &z->pos,
				    "machine.zones: unknown zone '%s' (expected DMA, "
				    "DMA32, Normal, HighMem or Movable)",
				    z->name);
				return FALSE;
			}
			if (rank <= last_rank) {
				_cmasim_set_error_at(
				    error, CMASIM_ERROR_INVALID_CONFIG, &z->pos,
				    "machine.zones: zone '%s' is repeated or out of "
				    "order (expected DMA, DMA32, Normal, HighMem, "
				    "Movable in this order, each once)",
				    z->name);
				return FALSE;
			}
			last_rank = rank;
			if (!z->has_size) {
				if (i + 1 != zones->array->len) {
					_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
					                     &z->pos,
					                     "machine.zones: zone '%s' has no size "
					                     "(expected a size; only the last zone "
					                     "may omit it)",
					                     z->name);
					return FALSE;
				}
				if (sum >= span) {
					_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
					                     &z->pos,
					                     "machine.zones: nothing is left for "
					                     "zone '%s' (expected the zones before "
					                     "it to leave room)",
					                     z->name);
					return FALSE;
				}
				size = span - sum;
			}
			if (size % page_size != 0) {
				_cmasim_set_error_at(
				    error, CMASIM_ERROR_INVALID_CONFIG, &z->pos,
				    "machine.zones: zone '%s' is not a whole number "
				    "of pages (expected a multiple of the page "
				    "size)",
				    z->name);
				return FALSE;
			}
			if (!cmasim_add_u64(sum, size, &sum) || sum > span) {
				g_autofree gchar *span_text = cmasim_format_size_bytes(span);
				_cmasim_set_error_at(
				    error, CMASIM_ERROR_INVALID_CONFIG, &z->pos,
				    "machine.zones: the zones up to '%s' exceed the "
				    "banks' span of %s (expected zones that add up "
				    "to %s)",
				    z->name, span_text, span_text);
				return FALSE;
			}
			cmasim_add_zone(out->zones, z->name, size);
		}
		if (sum != span) {
			g_autofree gchar *span_text = cmasim_format_size_bytes(span);
			g_autofree gchar *sum_text = cmasim_format_size_bytes(sum);
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG, &zones->value_pos,
			    "machine.zones: the zones add up to %s, not the banks' "
			    "span of %s (expected zones that add up to %s, or a "
			    "last zone without size)",
			    sum_text, span_text, span_text);
			return FALSE;
		}
	} else {
		cmasim_default_zones(out->arch, span_start, span_end, out->zones);
	}
	out->min_free_kbytes = cmasim_get_u64(m, "min_free_kbytes", 0);
	if (out->min_free_kbytes > total / 1024 / 4) {
		_cmasim_set_error_at(
		    error, CMASIM_ERROR_INVALID_CONFIG, cmasim_pos_of(m, "min_free_kbytes", mpos),
		    "machine.min_free_kbytes: %" G_GUINT64_FORMAT
		    " is more than a quarter of RAM (expected at most %" G_GUINT64_FORMAT
		    ", or 0 for the kernel's formula)",
		    out->min_free_kbytes, total / 1024 / 4);
		return FALSE;
	}
	out->watermark_scale_factor = (guint)cmasim_get_u64(m, "watermark_scale_factor", 10);
	return cmasim_machine_boot_memory(m, mpos, out, total, page_size, error);
}

static void
cmasim_region_spec_free(CmasimRegionSpec *region)
{
	g_free(region->name);
	if (region->alloc_ranges != NULL)
		g_array_unref(region->alloc_ranges);
	g_free(region->zone);
	if (region->devices != NULL)
		g_ptr_array_unref(region->devices);
	g_free(region);
}

static void
cmasim_background_task_free(CmasimBackgroundTask *task)
{
	g_free(task->name);
	if (task->orders != NULL)
		g_array_unref(task->orders);
	g_free(task);
}

static void
cmasim_device_task_free(CmasimDeviceTask *task)
{
	g_free(task->name);
	g_free(task->device);
	g_free(task);
}

/* which zone holds [base, base + size), or NULL when it straddles */
static const CmasimZoneSpec *
cmasim_zone_of(const CmasimMachineSpec *machine, guint64 base, guint64 size, gboolean *straddles)
{
	guint64 at = g_array_index(machine->banks, CmasimRange, 0).base_bytes;
	*straddles = FALSE;
	for (guint i = 0; i < machine->zones->len; i++) {
		const CmasimZoneSpec *zone = &g_array_index(machine->zones, CmasimZoneSpec, i);
		guint64 end = at + zone->size_bytes;
		if (base >= at && base < end) {
			if (base + size > end) {
				*straddles = TRUE;
				return NULL;
			}
			return zone;
		}
		at = end;
	}
	return NULL;
}

static gboolean
cmasim_in_one_bank(const CmasimMachineSpec *machine, guint64 base, guint64 size)
{
	for (guint i = 0; i < machine->banks->len; i++) {
		const CmasimRange *bank = &g_array_index(machine->banks, CmasimRange, i);
		if (base >= bank->base_bytes && base + size <= bank->base_bytes + bank->size_bytes)
			return TRUE;
	}
	return FALSE;
}

static gchar *
cmasim_bank_list(const CmasimMachineSpec *machine)
{
	GString *list = g_string_new(NULL);
	for (guint i = 0; i < machine->banks->len; i++) {
		const CmasimRange *bank = &g_array_index(machine->banks, CmasimRange, i);
		g_autofree gchar *base = _cmasim_format_address(bank->base_bytes);
		g_autofree gchar *end = _cmasim_format_address(bank->base_bytes + bank->size_bytes);
		g_string_append_printf(list, "%s[%s, %s)", i > 0 ? ", " : "", base, end);
	}
	return g_string_free(list, FALSE);
}

static gboolean
cmasim_resolve_region(const CmasimEntity *e, const CmasimMachineSpec *machine,
                      CmasimRegionSpec *out, GError **error)
{
	const CmasimValue *size = _cmasim_entity_get(e, "size");
	const CmasimValue *base = _cmasim_entity_get(e, "base");
	const CmasimValue *ranges = _cmasim_entity_get(e, "alloc-ranges");
	const CmasimValue *devices = _cmasim_entity_get(e, "devices");
	guint64 page = machine->page_size_bytes;
	g_autofree gchar *size_text = NULL;
	g_autofree gchar *ram_text = cmasim_format_size_bytes(machine->ram_bytes);

	out->name = g_strdup(e->name);
	if (size == NULL) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &e->pos,
		                     "region '%s' has no size (expected size: SIZE or reg: [base, "
		                     "size])",
		                     e->name);
		return FALSE;
	}
	out->size_bytes = size->u;
	size_text = cmasim_format_size_bytes(size->u);
	if (size->u % page != 0) {
		_cmasim_set_error_at(
		    error, CMASIM_ERROR_INVALID_CONFIG, &size->value_pos,
		    "regions.%s.size: %s is not a whole number of pages (expected a "
		    "multiple of the page size)",
		    e->name, size_text);
		return FALSE;
	}
	if (size->u > machine->ram_bytes) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &size->value_pos,
		                     "regions.%s.size: %s is larger than RAM (expected at most %s)",
		                     e->name, size_text, ram_text);
		return FALSE;
	}
	out->alignment_bytes = cmasim_get_u64(e, "alignment", 0);
	if (out->alignment_bytes != 0 && out->alignment_bytes < page) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
		                     &_cmasim_entity_get(e, "alignment")->value_pos,
		                     "regions.%s.alignment: smaller than a page (expected 0 or at "
		                     "least the page size)",
		                     e->name);
		return FALSE;
	}
	out->order_per_bit = (guint)cmasim_get_u64(e, "order_per_bit", 0);
	if (out->order_per_bit > machine->max_order) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
		                     &_cmasim_entity_get(e, "order_per_bit")->value_pos,
		                     "regions.%s.order_per_bit: %u is above max_order %u (expected "
		                     "at most %u)",
		                     e->name, out->order_per_bit, machine->max_order,
		                     machine->max_order);
		return FALSE;
	}
	if (size->u % (page << out->order_per_bit) != 0) {
		_cmasim_set_error_at(
		    error, CMASIM_ERROR_INVALID_CONFIG, &size->value_pos,
		    "regions.%s.size: %s is not a multiple of 2^order_per_bit pages "
		    "(expected a multiple of %" G_GUINT64_FORMAT " bytes)",
		    e->name, size_text, page << out->order_per_bit);
		return FALSE;
	}
	out->zone = g_strdup(cmasim_get_text(e, "zone", NULL));
	if (out->zone != NULL) {
		const CmasimZoneSpec *zone = NULL;
		for (guint i = 0; i < machine->zones->len; i++) {
			const CmasimZoneSpec *z = &g_array_index(machine->zones, CmasimZoneSpec, i);
			if (g_strcmp0(z->name, out->zone) == 0)
				zone = z;
		}
		if (zone == NULL) {
			GString *names = g_string_new(NULL);
			for (guint i = 0; i < machine->zones->len; i++)
				g_string_append_printf(
				    names, "%s%s", i > 0 ? ", " : "",
				    g_array_index(machine->zones, CmasimZoneSpec, i).name);
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
			                     &_cmasim_entity_get(e, "zone")->value_pos,
			                     "regions.%s.zone: the machine has no zone '%s' "
			                     "(expected one of: %s)",
			                     e->name, out->zone, names->str);
			g_string_free(names, TRUE);
			return FALSE;
		}
		if (zone->size_bytes < size->u) {
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG,
			    &_cmasim_entity_get(e, "zone")->value_pos,
			    "regions.%s.zone: zone '%s' is smaller than the region "
			    "(expected a zone of at least %s)",
			    e->name, out->zone, size_text);
			return FALSE;
		}
	}
	if (base != NULL) {
		const CmasimZoneSpec *zone;
		gboolean straddles = FALSE;
		g_autofree gchar *base_text = _cmasim_format_address(base->u);
		out->has_base = TRUE;
		out->base_bytes = base->u;
		if (base->u % page != 0 ||
		    (out->alignment_bytes != 0 && base->u % out->alignment_bytes != 0)) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &base->value_pos,
			                     "regions.%s: base %s is not aligned (expected a "
			                     "multiple of the page size and of alignment)",
			                     e->name, base_text);
			return FALSE;
		}
		if (!cmasim_in_one_bank(machine, base->u, size->u)) {
			g_autofree gchar *banks = cmasim_bank_list(machine);
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG, &base->value_pos,
			    "regions.%s: [%s, +%s) is outside RAM (expected a range "
			    "inside one bank: %s)",
			    e->name, base_text, size_text, banks);
			return FALSE;
		}
		zone = cmasim_zone_of(machine, base->u, size->u, &straddles);
		if (zone == NULL) {
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG, &base->value_pos,
			    "regions.%s: [%s, +%s) straddles two zones (expected a "
			    "range inside one zone, as CMA requires)",
			    e->name, base_text, size_text);
			return FALSE;
		}
		if (out->zone != NULL && g_strcmp0(zone->name, out->zone) != 0) {
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG, &base->value_pos,
			    "regions.%s: [%s, +%s) is in zone %s, not %s (expected "
			    "a base inside zone %s)",
			    e->name, base_text, size_text, zone->name, out->zone, out->zone);
			return FALSE;
		}
	}
	out->alloc_ranges = g_array_new(FALSE, FALSE, sizeof(CmasimRange));
	if (ranges != NULL && ranges->array->len > 0) {
		guint64 lo = g_array_index(machine->banks, CmasimRange, 0).base_bytes;
		const CmasimRange *last =
		    &g_array_index(machine->banks, CmasimRange, machine->banks->len - 1);
		guint64 hi = last->base_bytes + last->size_bytes;
		gboolean fits = FALSE;
		for (guint i = 0; i < ranges->array->len; i++) {
			const CmasimRange *r = &g_array_index(ranges->array, CmasimRange, i);
			if (r->base_bytes < lo || r->base_bytes + r->size_bytes > hi ||
			    r->base_bytes % page != 0 || r->size_bytes % page != 0) {
				g_autofree gchar *base_text = _cmasim_format_address(r->base_bytes);
				g_autofree gchar *banks = cmasim_bank_list(machine);
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
				                     &ranges->value_pos,
				                     "regions.%s.alloc-ranges: range %u at %s is "
				                     "outside RAM or not page-aligned (expected "
				                     "page-aligned ranges inside %s)",
				                     e->name, i + 1, base_text, banks);
				return FALSE;
			}
			fits |= r->size_bytes >= size->u;
			g_array_append_val(out->alloc_ranges, *r);
		}
		if (!fits) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &ranges->value_pos,
			                     "regions.%s.alloc-ranges: no range can hold %s "
			                     "(expected a range at least as large as the region)",
			                     e->name, size_text);
			return FALSE;
		}
	}
	out->no_map = cmasim_get_bool(e, "no-map", FALSE);
	out->reusable = cmasim_get_bool(e, "reusable", !out->no_map);
	if (out->reusable && out->no_map) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
		                     cmasim_pos_of(e, "no-map", &e->pos),
		                     "regions.%s: reusable and no-map together (expected reusable "
		                     "for a CMA area or no-map for a carve-out)",
		                     e->name);
		return FALSE;
	}
	out->is_default = cmasim_get_bool(e, "linux,cma-default", FALSE);
	out->devices = g_ptr_array_new_with_free_func(g_free);
	if (devices != NULL) {
		for (guint i = 0; i < devices->names->len; i++)
			g_ptr_array_add(out->devices,
			                g_strdup(g_ptr_array_index(devices->names, i)));
	}
	return TRUE;
}

static gboolean
cmasim_resolve_regions(GPtrArray *entities, const CmasimMachineSpec *machine, GPtrArray *out,
                       GError **error)
{
	guint64 total = 0;
	const CmasimRegionSpec *default_region = NULL;

	for (guint i = 0; i < entities->len; i++) {
		const CmasimEntity *e = g_ptr_array_index(entities, i);
		CmasimRegionSpec *region = g_new0(CmasimRegionSpec, 1);
		g_ptr_array_add(out, region);
		if (!cmasim_resolve_region(e, machine, region, error))
			return FALSE;
		if (region->is_default && default_region != NULL) {
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG,
			    cmasim_pos_of(e, "linux,cma-default", &e->pos),
			    "regions.%s: a second linux,cma-default region (expected "
			    "one default region; '%s' is already the default)",
			    e->name, default_region->name);
			return FALSE;
		}
		if (region->is_default)
			default_region = region;
		total += region->size_bytes;
		if (total > machine->ram_bytes) {
			g_autofree gchar *ram = cmasim_format_size_bytes(machine->ram_bytes);
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG, cmasim_pos_of(e, "size", &e->pos),
			    "regions.%s: the regions up to this one need more than "
			    "RAM (expected at most %s in all)",
			    e->name, ram);
			return FALSE;
		}
		for (guint j = 0; j < i; j++) {
			const CmasimRegionSpec *other = g_ptr_array_index(out, j);
			for (guint d = 0; d < region->devices->len; d++) {
				const gchar *device = g_ptr_array_index(region->devices, d);
				if (g_ptr_array_find_with_equal_func(other->devices, device,
				                                     g_str_equal, NULL)) {
					_cmasim_set_error_at(
					    error, CMASIM_ERROR_INVALID_CONFIG,
					    cmasim_pos_of(e, "devices", &e->pos),
					    "regions.%s.devices: device '%s' is already in region "
					    "'%s' (expected each device in one region)",
					    e->name, device, other->name);
					return FALSE;
				}
			}
			if (region->has_base && other->has_base &&
			    region->base_bytes < other->base_bytes + other->size_bytes &&
			    other->base_bytes < region->base_bytes + region->size_bytes) {
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
				                     cmasim_pos_of(e, "base", &e->pos),
				                     "regions.%s: overlaps region '%s' (expected "
				                     "fixed regions that do not overlap)",
				                     e->name, other->name);
				return FALSE;
			}
		}
	}
	return TRUE;
}

static const CmasimRegionSpec *
cmasim_region_for_device(GPtrArray *regions, const gchar *device)
{
	const CmasimRegionSpec *fallback = NULL;
	for (guint i = 0; i < regions->len; i++) {
		const CmasimRegionSpec *region = g_ptr_array_index(regions, i);
		if (device != NULL && *device != '\0' &&
		    g_ptr_array_find_with_equal_func(region->devices, device, g_str_equal, NULL))
			return region;
		if (region->is_default)
			fallback = region;
	}
	return fallback;
}

static gchar *
cmasim_device_list(GPtrArray *regions)
{
	GString *list = g_string_new(NULL);
	for (guint i = 0; i < regions->len; i++) {
		const CmasimRegionSpec *region = g_ptr_array_index(regions, i);
		for (guint d = 0; d < region->devices->len; d++)
			g_string_append_printf(
			    list, "%s%s", list->len > 0 ? ", " : "",
			    (const gchar *)g_ptr_array_index(region->devices, d));
	}
	if (list->len == 0)
		g_string_append(list, "none listed");
	return g_string_free(list, FALSE);
}

static gboolean
cmasim_resolve_background(const CmasimEntity *e, const CmasimMachineSpec *machine,
                          CmasimBackgroundTask *out, gdouble *fill_total, GError **error)
{
	const CmasimValue *orders = _cmasim_entity_get(e, "orders");
	const CmasimValue *dirty = _cmasim_entity_get(e, "dirty");
	const CmasimValue *writeback = _cmasim_entity_get(e, "writeback");
	CmasimOrderWeight only = {0, 1.0};

	const CmasimValue *kind = _cmasim_entity_get(e, "kind");
	const CmasimValue *bandwidth = _cmasim_entity_get(e, "bandwidth");
	const CmasimValue *stream = _cmasim_entity_get(e, "stream");

	out->name = g_strdup(e->name);
	out->kind = (CmasimOwnerKind)cmasim_get_u64(e, "kind", CMASIM_OWNER_ANON);
	out->shmem = kind != NULL && g_strcmp0(kind->text, "shmem") == 0;
	out->rate_per_s = cmasim_get_double(e, "rate", 0);
	out->orders = g_array_new(FALSE, FALSE, sizeof(CmasimOrderWeight));
	if (orders != NULL) {
		for (guint i = 0; i < orders->array->len; i++) {
			const CmasimOrderWeight *ow =
			    &g_array_index(orders->array, CmasimOrderWeight, i);
			if (ow->order > machine->max_order) {
				_cmasim_set_error_at(
				    error, CMASIM_ERROR_INVALID_CONFIG, &orders->value_pos,
				    "tasks.%s.orders: order %u is above max_order "
				    "%u (expected orders up to %u)",
				    e->name, ow->order, machine->max_order, machine->max_order);
				return FALSE;
			}
			g_array_append_val(out->orders, *ow);
		}
	} else {
		g_array_append_val(out->orders, only);
	}
	out->stream_bytes = cmasim_get_u64(e, "stream", 0);
	/* a stream's pages stay cached until reclaim or a contiguous allocation drops them */
	out->lifetime_ns = cmasim_get_dist(e, "lifetime",
					   out->stream_bytes != 0 ? CMASIM_DIST_FIXED
								  : CMASIM_DIST_EXPONENTIAL,
					   out->stream_bytes != 0 ? 0 : (gdouble)CMASIM_NS_PER_S);
	if (bandwidth != NULL) {
		/* bytes per second -> blocks per second of the order mix's mean size */
		gdouble total_w = 0, mean_pages = 0;
		for (guint i = 0; i < out->orders->len; i++)
			total_w += g_array_index(out->orders, CmasimOrderWeight, i).weight;
		for (guint i = 0; i < out->orders->len; i++) {
			const CmasimOrderWeight *ow =
			    &g_array_index(out->orders, CmasimOrderWeight, i);
			mean_pages += ow->weight / total_w * (gdouble)(G_GUINT64_CONSTANT(1) << ow->order);
		}
		out->rate_per_s = bandwidth->d / ((gdouble)machine->page_size_bytes * mean_pages);
		if (out->rate_per_s > CMASIM_MAX_RATE_PER_S) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
					     &bandwidth->value_pos,
					     "tasks.%s.bandwidth: more than 1000000000 "
					     "allocations/s (expected a lower bandwidth or larger "
					     "orders)",
					     e->name);
			return FALSE;
		}
	}
	if (stream != NULL && (out->rate_per_s == 0 || cmasim_get_double(e, "fill", 0) > 0)) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &stream->pos,
				     "tasks.%s.stream: a stream needs a rate or a bandwidth and no "
				     "fill (expected stream: SIZE with bandwidth: SIZE/s or rate: N/s)",
				     e->name);
		return FALSE;
	}
	out->fill_percent = cmasim_get_double(e, "fill", 0);
	out->dirty_fraction = cmasim_get_double(e, "dirty", 0);
	out->writeback_fraction = cmasim_get_double(e, "writeback", 0);
	if ((out->kind != CMASIM_OWNER_FILE || out->shmem) &&
	    (out->dirty_fraction > 0 || out->writeback_fraction > 0)) {
		const CmasimValue *v = out->dirty_fraction > 0 ? dirty : writeback;
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &v->pos,
		                     "tasks.%s.%s: only file pages are dirty or under writeback "
		                     "(expected kind: file, or no %s)",
		                     e->name, v->def->key, v->def->key);
		return FALSE;
	}
	if (out->dirty_fraction + out->writeback_fraction > 1.0) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
		                     writeback != NULL ? &writeback->pos : &dirty->pos,
		                     "tasks.%s: dirty + writeback is above 1 (expected fractions "
		                     "of the allocations that add up to at most 1)",
		                     e->name);
		return FALSE;
	}
	out->pin_rate_per_s = cmasim_get_double(e, "pin_rate", 0);
	out->pin_duration_ns =
	    cmasim_get_dist(e, "pin_duration", CMASIM_DIST_FIXED, 100.0 * CMASIM_NS_PER_US);
	out->longterm_pin_fraction = cmasim_get_double(e, "longterm_pin", 0);
	out->start_ns = cmasim_get_u64(e, "start", 0);
	out->stop_ns = cmasim_get_u64(e, "stop", 0);
	if (out->stop_ns != 0 && out->stop_ns <= out->start_ns) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
		                     cmasim_pos_of(e, "stop", &e->pos),
		                     "tasks.%s.stop: not after start (expected stop > start, or "
		                     "0 for the end of the run)",
		                     e->name);
		return FALSE;
	}
	if (out->rate_per_s == 0 && out->fill_percent == 0) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &e->pos,
		                     "tasks.%s: never allocates (expected a rate above 0 or a fill "
		                     "above 0)",
		                     e->name);
		return FALSE;
	}
	*fill_total += out->fill_percent;
	if (*fill_total > 100.0) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
		                     cmasim_pos_of(e, "fill", &e->pos),
		                     "tasks.%s.fill: the fills of the tasks add up to more than "
		                     "100%% (expected at most 100%% in all)",
		                     e->name);
		return FALSE;
	}
	return TRUE;
}

static gboolean
cmasim_resolve_device(const CmasimEntity *e, const CmasimMachineSpec *machine, GPtrArray *regions,
                      CmasimDeviceTask *out, GError **error)
{
	const CmasimValue *device = _cmasim_entity_get(e, "device");
	const CmasimValue *size = _cmasim_entity_get(e, "size");
	const CmasimValue *align = _cmasim_entity_get(e, "align");
	const CmasimValue *alignment = _cmasim_entity_get(e, "alignment");
	guint64 total = 0;

	out->name = g_strdup(e->name);
	if (device == NULL || size == NULL) {
		_cmasim_set_error_at(
		    error, CMASIM_ERROR_INVALID_CONFIG, &e->pos,
		    "tasks.%s: no %s (expected a device task with device: NAME and "
		    "size: SIZE)",
		    e->name, device == NULL ? "device" : "size");
		return FALSE;
	}
	out->device = g_strdup(device->text);
	out->size_bytes = size->u;
	out->buffers = (guint)cmasim_get_u64(e, "buffers", 1);
	if (!cmasim_mul_u64(out->size_bytes, out->buffers, &total) || total > machine->ram_bytes) {
		g_autofree gchar *ram = cmasim_format_size_bytes(machine->ram_bytes);
		g_autofree gchar *size_text = cmasim_format_size_bytes(out->size_bytes);
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
		                     cmasim_pos_of(e, "buffers", &size->pos),
		                     "tasks.%s: %u buffers of %s do not fit in RAM (expected at "
		                     "most %s in all)",
		                     e->name, out->buffers, size_text, ram);
		return FALSE;
	}
	if (align != NULL) {
		out->align_order = (guint)align->u;
	} else if (alignment != NULL) {
		out->align_order = alignment->u <= machine->page_size_bytes
		                       ? 0
		                       : _cmasim_get_order(alignment->u, machine->page_size_bytes);
		if (out->align_order > CMASIM_MAX_ALIGN_ORDER) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
			                     &alignment->value_pos,
			                     "tasks.%s.alignment: order %u is above %u (expected a "
			                     "smaller alignment)",
			                     e->name, out->align_order, CMASIM_MAX_ALIGN_ORDER);
			return FALSE;
		}
	} else {
		/* like dma_alloc_contiguous(): min(get_order(size), CONFIG_CMA_ALIGNMENT) */
		out->align_order = MIN(_cmasim_get_order(out->size_bytes, machine->page_size_bytes),
		                       CMASIM_CMA_ALIGNMENT);
	}
	out->hold_ns = cmasim_get_dist(e, "hold", CMASIM_DIST_FIXED, 100.0 * CMASIM_NS_PER_MS);
	out->period_ns = cmasim_get_u64(e, "period", CMASIM_NS_PER_S);
	out->loops = cmasim_get_u64(e, "loops", 0);
	out->start_delay_ns = cmasim_get_dist(e, "start_delay", CMASIM_DIST_FIXED, 0);
	out->gfp_atomic = cmasim_get_bool(e, "gfp_atomic", FALSE);
	if (regions->len > 0 && cmasim_region_for_device(regions, out->device) == NULL) {
		g_autofree gchar *valid = cmasim_device_list(regions);
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &device->value_pos,
		                     "tasks.%s.device: device '%s' is in no region and no region "
		                     "is linux,cma-default (expected one of: %s, or a region with "
		                     "linux,cma-default: true)",
		                     e->name, out->device, valid);
		return FALSE;
	}
	return TRUE;
}

/* ---- the scenario ---- */

static void
cmasim_machine_clear(CmasimMachineSpec *machine)
{
	g_clear_pointer(&machine->preset, g_free);
	g_clear_pointer(&machine->arch, g_free);
	g_clear_pointer(&machine->cpu, g_free);
	g_clear_pointer(&machine->banks, g_array_unref);
	g_clear_pointer(&machine->zones, g_array_unref);
}

/* free every public field but the path */
static void
cmasim_scenario_clear_public(CmasimScenario *self)
{
	g_clear_pointer(&self->name, g_free);
	cmasim_machine_clear(&self->machine);
	g_clear_pointer(&self->regions, g_ptr_array_unref);
	g_clear_pointer(&self->background, g_ptr_array_unref);
	g_clear_pointer(&self->devices, g_ptr_array_unref);
	g_clear_pointer(&self->params, cmasim_params_free);
	g_clear_pointer(&self->events_path, g_free);
}

static void
cmasim_scenario_private_free(struct _CmasimScenarioPrivate *priv)
{
	if (priv == NULL)
		return;
	_cmasim_draft_free(priv->draft);
	g_free(priv->default_name);
	if (priv->task_order != NULL)
		g_array_unref(priv->task_order);
	_cmasim_events_source_free(priv->events);
	g_free(priv);
}

/**
 * cmasim_scenario_free:
 * @self: (nullable): a scenario from cmasim_scenario_load()
 */
void
cmasim_scenario_free(CmasimScenario *self)
{
	if (self == NULL)
		return;
	cmasim_scenario_clear_public(self);
	g_free(self->path);
	cmasim_scenario_private_free(self->priv);
	g_free(self);
}

static CmasimDraft *
cmasim_draft_copy(const CmasimDraft *src)
{
	CmasimDraft *copy = _cmasim_draft_new(&src->pos);
	_cmasim_entity_free(copy->top);
	copy->top = _cmasim_entity_copy(src->top);
	_cmasim_entity_free(copy->machine);
	copy->machine = _cmasim_entity_copy(src->machine);
	for (guint i = 0; i < src->regions->len; i++)
		g_ptr_array_add(copy->regions,
		                _cmasim_entity_copy(g_ptr_array_index(src->regions, i)));
	for (guint i = 0; i < src->tasks->len; i++)
		g_ptr_array_add(copy->tasks, _cmasim_entity_copy(g_ptr_array_index(src->tasks, i)));
	cmasim_merge_params(copy->params, src->params);
	if (src->events != NULL)
		copy->events = _cmasim_events_source_copy(src->events);
	return copy;
}

/* everything the draft says, checked, with defaults filled in */
static CmasimScenario *
cmasim_resolve(const CmasimDraft *draft, const gchar *default_name, gboolean validate_events,
               guint64 n_events, GError **error)
{
	g_autoptr(CmasimScenario) s = g_new0(CmasimScenario, 1);
	g_autoptr(CmasimDraft) preset = NULL;
	g_autoptr(CmasimEntity) machine = NULL;
	g_autoptr(GPtrArray) regions =
	    g_ptr_array_new_with_free_func((GDestroyNotify)_cmasim_entity_free);
	const CmasimValue *preset_name = _cmasim_entity_get(draft->machine, "preset");
	const CmasimValue *cpu = NULL;
	g_autoptr(GPtrArray) param_keys = NULL;
	gdouble fill_total = 0;

	s->priv = g_new0(struct _CmasimScenarioPrivate, 1);
	s->priv->task_order = g_array_new(FALSE, FALSE, sizeof(guint));
	s->regions = g_ptr_array_new_with_free_func((GDestroyNotify)cmasim_region_spec_free);
	s->background = g_ptr_array_new_with_free_func((GDestroyNotify)cmasim_background_task_free);
	s->devices = g_ptr_array_new_with_free_func((GDestroyNotify)cmasim_device_task_free);

	/* the machine: preset, then the workload's keys */
	if (preset_name != NULL) {
		preset = cmasim_load_preset(preset_name->text, &preset_name->value_pos, error);
		if (preset == NULL)
			return NULL;
		machine = _cmasim_entity_copy(preset->machine);
		machine->pos = draft->machine->pos;
		_cmasim_entity_overlay(machine, draft->machine);
	} else {
		machine = _cmasim_entity_copy(draft->machine);
	}
	if (!cmasim_resolve_machine(machine, &s->machine, error))
		return NULL;

	/* regions: the preset's (with the workload's same-name overrides), then the workload's */
	if (preset != NULL) {
		for (guint i = 0; i < preset->regions->len; i++) {
			const CmasimEntity *base = g_ptr_array_index(preset->regions, i);
			CmasimEntity *region = _cmasim_entity_copy(base);
			const CmasimEntity *over = cmasim_find_entity(draft->regions, base->name);
			if (over != NULL)
				_cmasim_entity_overlay(region, over);
			g_ptr_array_add(regions, region);
		}
	}
	for (guint i = 0; i < draft->regions->len; i++) {
		const CmasimEntity *region = g_ptr_array_index(draft->regions, i);
		if (preset != NULL && cmasim_find_entity(preset->regions, region->name) != NULL)
			continue;
		g_ptr_array_add(regions, _cmasim_entity_copy(region));
	}
	if (!cmasim_resolve_regions(regions, &s->machine, s->regions, error))
		return NULL;

	/* tasks, in file order */
	for (guint i = 0; i < draft->tasks->len; i++) {
		const CmasimEntity *e = g_ptr_array_index(draft->tasks, i);
		guint index;
		if (g_strcmp0(cmasim_get_text(e, "type", ""), "device") == 0) {
			CmasimDeviceTask *task = g_new0(CmasimDeviceTask, 1);
			g_ptr_array_add(s->devices, task);
			if (!cmasim_resolve_device(e, &s->machine, s->regions, task, error))
				return NULL;
			index = (s->devices->len - 1) | CMASIM_TASK_DEVICE;
		} else {
			CmasimBackgroundTask *task = g_new0(CmasimBackgroundTask, 1);
			g_ptr_array_add(s->background, task);
			if (!cmasim_resolve_background(e, &s->machine, task, &fill_total, error))
				return NULL;
			index = s->background->len - 1;
		}
		g_array_append_val(s->priv->task_order, index);
	}

	/* parameters: defaults < CPU profile < the workload's sections < --set */
	s->params = cmasim_params_new();
	cpu = _cmasim_entity_get(machine, "cpu");
	if (s->machine.cpu != NULL &&
	    !cmasim_apply_cpu_profile(s->params, s->machine.cpu, &cpu->value_pos, error))
		return NULL;
	param_keys = cmasim_sorted_keys(draft->params);
	for (guint i = 0; i < param_keys->len; i++) {
		const gchar *key = g_ptr_array_index(param_keys, i);
		const CmasimParamDraft *param = g_hash_table_lookup(draft->params, key);
		GError *local = NULL;
		if (!cmasim_params_set(s->params, key, param->text, &local)) {
			_cmasim_propagate_at(error, local, &param->pos, NULL);
			return NULL;
		}
	}

	s->version = CMASIM_WORKLOAD_VERSION;
	s->name = g_strdup(cmasim_get_text(draft->top, "name", default_name));
	s->seed = cmasim_get_u64(draft->top, "seed", 1);
	s->duration_ns = cmasim_get_u64(draft->top, "duration", 10 * CMASIM_NS_PER_S);

	if (draft->events != NULL) {
		s->priv->events = _cmasim_events_source_copy(draft->events);
		s->events_path = g_strdup(draft->events->path);
	}
	s->n_events = n_events;
	if (validate_events && s->priv->events != NULL && !_cmasim_events_validate(s, error))
		return NULL;
	return g_steal_pointer(&s);
}

static gchar *
cmasim_default_name(const gchar *path)
{
	g_autofree gchar *base = g_path_get_basename(path);
	if (g_str_has_suffix(base, ".yaml"))
		base[strlen(base) - 5] = '\0';
	else if (g_str_has_suffix(base, ".yml"))
		base[strlen(base) - 4] = '\0';
	return g_steal_pointer(&base);
}

static CmasimScenario *
cmasim_scenario_load_source(const CmasimSource *src, GError **error)
{
	CmasimLoadContext ctx = {NULL};
	g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(CmasimDraft) draft = NULL;
	g_autofree gchar *default_name = cmasim_default_name(src->display);
	CmasimScenario *scenario;

	ctx.stack = stack;
	if (src->path != NULL) {
		gchar *real = realpath(src->path, NULL);
		if (real != NULL) {
			g_ptr_array_add(stack, g_strdup(real));
			free(real);
		}
	}
	draft = cmasim_parse_workload(&ctx, src, 0, TRUE, error);
	if (draft == NULL)
		return NULL;
	scenario = cmasim_resolve(draft, default_name, TRUE, 0, error);
	if (scenario == NULL)
		return NULL;
	scenario->path = g_strdup(src->path);
	scenario->priv->draft = g_steal_pointer(&draft);
	scenario->priv->default_name = g_steal_pointer(&default_name);
	return scenario;
}

/**
 * cmasim_scenario_load:
 * @path: a workload file
 * @error: (nullable): "FILE:LINE:COLUMN: what is wrong (what was expected)"
 *
 * Reads @path with its includes, machine preset and CPU profile, checks
 * everything, and streams its timed events once to check and count them.
 *
 * Returns: (transfer full) (nullable): the scenario
 */
CmasimScenario *
cmasim_scenario_load(const gchar *path, GError **error)
{
	g_autofree gchar *dir = NULL;
	CmasimSource src = {NULL, NULL, NULL, NULL};

	g_return_val_if_fail(path != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	dir = g_path_get_dirname(path);
	src.display = path;
	src.path = path;
	src.dir = dir;
	return cmasim_scenario_load_source(&src, error);
}

/**
 * cmasim_scenario_load_from_data:
 * @name: the name used in messages and as the default `name:`; relative
 *   include: and events: file: paths are resolved against its directory
 * @data: YAML text
 * @len: its length in bytes
 * @error: (nullable): the first problem found
 *
 * Returns: (transfer full) (nullable): the scenario
 */
CmasimScenario *
cmasim_scenario_load_from_data(const gchar *name, const gchar *data, gsize len, GError **error)
{
	g_autofree gchar *dir = NULL;
	g_autoptr(GBytes) bytes = NULL;
	CmasimSource src = {NULL, NULL, NULL, NULL};

	g_return_val_if_fail(name != NULL, NULL);
	g_return_val_if_fail(data != NULL || len == 0, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	dir = g_path_get_dirname(name);
	bytes = g_bytes_new(data, len);
	src.display = name;
	src.bytes = bytes;
	src.dir = dir;
	return cmasim_scenario_load_source(&src, error);
}

/* ---- --set key.path=value ---- */

static gchar *
cmasim_set_paths(void)
{
	g_autoptr(GPtrArray) sections = _cmasim_param_sections();
	GString *list = g_string_new(NULL);
	for (const CmasimKeyDef *def = _cmasim_top_keys; def->key != NULL; def++)
		g_string_append_printf(list, "%s, ", def->key);
	g_string_append(list, "machine.<key>, regions.<name>.<key>, tasks.<name>.<key>, "
	                      "events.file");
	for (guint i = 0; i < sections->len; i++)
		g_string_append_printf(list, ", %s.<key>",
		                       (const gchar *)g_ptr_array_index(sections, i));
	return g_string_free(list, FALSE);
}

static gchar *
cmasim_prefixed_key_list(const gchar *prefix, const CmasimKeyDef *table, gboolean skip_ids)
{
	GString *list = g_string_new(NULL);
	for (const CmasimKeyDef *def = table; def->key != NULL; def++) {
		if (skip_ids &&
		    (g_strcmp0(def->key, "name") == 0 || g_strcmp0(def->key, "type") == 0))
			continue;
		g_string_append_printf(list, "%s%s.%s", list->len > 0 ? ", " : "", prefix,
		                       def->key);
	}
	return g_string_free(list, FALSE);
}

static gchar *
cmasim_entity_names(GPtrArray *entities, GPtrArray *more)
{
	GString *list = g_string_new(NULL);
	for (guint i = 0; i < entities->len; i++)
		g_string_append_printf(
		    list, "%s%s", list->len > 0 ? ", " : "",
		    ((const CmasimEntity *)g_ptr_array_index(entities, i))->name);
	for (guint i = 0; more != NULL && i < more->len; i++) {
		const CmasimRegionSpec *region = g_ptr_array_index(more, i);
		if (cmasim_find_entity(entities, region->name) == NULL)
			g_string_append_printf(list, "%s%s", list->len > 0 ? ", " : "",
			                       region->name);
	}
	if (list->len == 0)
		g_string_append(list, "none defined");
	return g_string_free(list, FALSE);
}

/* parse @text for @def as --set gives it; compound values are YAML flow text */
static CmasimValue *
cmasim_set_parse_value(const CmasimKeyDef *def, const gchar *path, const gchar *text,
                       const CmasimPos *key_pos, const CmasimPos *value_pos, GError **error)
{
	g_auto(CmasimReader) reader = {0};
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(CmasimValue) value = NULL;
	gboolean empty = FALSE;

	if (!_cmasim_key_is_compound(def))
		return _cmasim_value_parse_text(def, path, text, key_pos, value_pos, error);
	bytes = g_bytes_new(text, strlen(text));
	_cmasim_reader_open_bytes(&reader, value_pos->file, bytes);
	reader.column_offset = value_pos->column - 1;
	if (!_cmasim_reader_begin(&reader, &empty, error))
		return NULL;
	if (empty && def->kind != CMASIM_KEY_BANKS && def->kind != CMASIM_KEY_ZONES &&
	    def->kind != CMASIM_KEY_RANGES && def->kind != CMASIM_KEY_NAMES) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, value_pos,
		                     "%s: empty value (expected a value)", path);
		return NULL;
	}
	value = _cmasim_value_parse(&reader, def, path, key_pos, error);
	if (value == NULL)
		return NULL;
	if (!_cmasim_reader_end(&reader, error))
		return NULL;
	return g_steal_pointer(&value);
}

static gboolean
cmasim_set_entity_value(CmasimEntity *entity, const CmasimKeyDef *table, const CmasimKeyDef *def,
                        const gchar *path, const gchar *text, const CmasimPos *key_pos,
                        const CmasimPos *value_pos, GError **error)
{
	g_autoptr(CmasimValue) value =
	    cmasim_set_parse_value(def, path, text, key_pos, value_pos, error);
	if (value == NULL)
		return FALSE;
	if (def->kind == CMASIM_KEY_REG) {
		const CmasimRange *range = &g_array_index(value->array, CmasimRange, 0);
		g_autoptr(CmasimValue) base =
		    _cmasim_value_new(_cmasim_key_lookup(table, "base"), key_pos);
		g_autoptr(CmasimValue) size =
		    _cmasim_value_new(_cmasim_key_lookup(table, "size"), key_pos);
		base->value_pos = *value_pos;
		base->u = range->base_bytes;
		size->value_pos = *value_pos;
		size->u = range->size_bytes;
		_cmasim_entity_set(entity, base);
		_cmasim_entity_set(entity, size);
		return TRUE;
	}
	_cmasim_entity_set(entity, value);
	return TRUE;
}

/* apply one assignment to @draft (a copy the caller may throw away) */
static gboolean
cmasim_set_draft(CmasimScenario *self, CmasimDraft *draft, const gchar *path, const gchar *text,
                 const CmasimPos *key_pos, const CmasimPos *value_pos, GError **error)
{
	const gchar *dot = strchr(path, '.');
	g_autofree gchar *section = dot != NULL ? g_strndup(path, dot - path) : g_strdup(path);

	if (dot == NULL) {
		const CmasimKeyDef *def = _cmasim_key_lookup(_cmasim_top_keys, path);
		if (def == NULL) {
			g_autofree gchar *valid = cmasim_set_paths();
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, key_pos,
			                     "unknown key '%s' (expected one of: %s)", path, valid);
			return FALSE;
		}
		if (!cmasim_set_entity_value(draft->top, _cmasim_top_keys, def, path, text, key_pos,
		                             value_pos, error))
			return FALSE;
		if (g_strcmp0(path, "version") == 0 &&
		    _cmasim_entity_get(draft->top, "version")->u != CMASIM_WORKLOAD_VERSION) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, value_pos,
			                     "unsupported version %s (expected version: %u)", text,
			                     CMASIM_WORKLOAD_VERSION);
			return FALSE;
		}
		return TRUE;
	}
	if (g_strcmp0(section, "machine") == 0) {
		const CmasimKeyDef *def = _cmasim_key_lookup(_cmasim_machine_keys, dot + 1);
		if (def == NULL) {
			g_autofree gchar *valid =
			    cmasim_prefixed_key_list("machine", _cmasim_machine_keys, FALSE);
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, key_pos,
			                     "unknown key '%s' (expected one of: %s)", path, valid);
			return FALSE;
		}
		return cmasim_set_entity_value(draft->machine, _cmasim_machine_keys, def, path,
		                               text, key_pos, value_pos, error);
	}
	if (g_strcmp0(section, "regions") == 0 || g_strcmp0(section, "tasks") == 0) {
		gboolean tasks = g_strcmp0(section, "tasks") == 0;
		const gchar *last = strrchr(dot + 1, '.');
		g_autofree gchar *name = last != NULL ? g_strndup(dot + 1, last - dot - 1) : NULL;
		GPtrArray *entities = tasks ? draft->tasks : draft->regions;
		CmasimEntity *entity = name != NULL ? cmasim_find_entity(entities, name) : NULL;
		const CmasimKeyDef *table = _cmasim_region_keys;
		const CmasimKeyDef *def;

		if (entity == NULL && !tasks && name != NULL) {
			/* a region of the machine preset: add an override */
			for (guint i = 0; i < self->regions->len; i++) {
				const CmasimRegionSpec *region =
				    g_ptr_array_index(self->regions, i);
				if (g_strcmp0(region->name, name) != 0)
					continue;
				entity = _cmasim_entity_new(key_pos);
				entity->name = g_strdup(name);
				g_ptr_array_add(draft->regions, entity);
				break;
			}
		}
		if (entity == NULL) {
			g_autofree gchar *valid =
			    cmasim_entity_names(entities, tasks ? NULL : self->regions);
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG, key_pos,
			    "no %s named '%s' (expected %s.<name>.<key> with one of: "
			    "%s)",
			    tasks ? "task" : "region", name != NULL ? name : dot + 1, section,
			    valid);
			return FALSE;
		}
		if (tasks)
			table = g_strcmp0(cmasim_get_text(entity, "type", ""), "device") == 0
			            ? _cmasim_device_keys
			            : _cmasim_background_keys;
		def = _cmasim_key_lookup(table, last + 1);
		if (def == NULL || g_strcmp0(def->key, "name") == 0) {
			g_autofree gchar *prefix = g_strdup_printf("%s.%s", section, name);
			g_autofree gchar *valid = cmasim_prefixed_key_list(prefix, table, TRUE);
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, key_pos,
			                     "unknown key '%s' (expected one of: %s)", path, valid);
			return FALSE;
		}
		return cmasim_set_entity_value(entity, table, def, path, text, key_pos, value_pos,
		                               error);
	}
	if (g_strcmp0(path, "events.file") == 0) {
		CmasimEventsSource *events = g_new0(CmasimEventsSource, 1);
		if (*text == '\0') {
			g_free(events);
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, value_pos,
			                     "events.file: empty value (expected a file name)");
			return FALSE;
		}
		events->pos = *value_pos;
		events->display = g_strdup(text);
		events->path = g_canonicalize_filename(text, NULL);
		_cmasim_events_source_free(draft->events);
		draft->events = events;
		return TRUE;
	}
	if (cmasim_is_param_section(section)) {
		CmasimParamDraft *param;
		if (!_cmasim_param_check(path, text, value_pos, error))
			return FALSE;
		param = g_new0(CmasimParamDraft, 1);
		param->text = g_strdup(text);
		param->pos = *value_pos;
		g_hash_table_replace(draft->params, g_strdup(path), param);
		return TRUE;
	}
	{
		g_autofree gchar *valid = cmasim_set_paths();
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, key_pos,
		                     "unknown key '%s' (expected one of: %s)", path, valid);
	}
	return FALSE;
}

/**
 * cmasim_scenario_apply_set:
 * @self: a scenario from cmasim_scenario_load()
 * @assignment: "key.path=value", as `--set` takes it
 * @error: (nullable): "--set:1:COLUMN: ..." or the position of the value
 *   the assignment makes invalid
 *
 * Parses the value with the parser of the key, then resolves and checks
 * the whole scenario again. On error @self is unchanged.
 *
 * Returns: %TRUE on success
 */
gboolean
cmasim_scenario_apply_set(CmasimScenario *self, const gchar *assignment, GError **error)
{
	const gchar *eq;
	g_autofree gchar *path = NULL;
	g_autoptr(CmasimDraft) draft = NULL;
	g_autoptr(CmasimScenario) fresh = NULL;
	struct _CmasimScenarioPrivate *priv;
	struct _CmasimScenarioPrivate *fresh_priv;
	gchar *saved_path;
	CmasimPos key_pos = {g_intern_string("--set"), 1, 1};
	CmasimPos value_pos = key_pos;
	gboolean revalidate;

	g_return_val_if_fail(self != NULL, FALSE);
	g_return_val_if_fail(assignment != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

	if (self->priv == NULL || self->priv->draft == NULL) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INTERNAL,
		            "the scenario was not read by cmasim_scenario_load()");
		return FALSE;
	}
	eq = strchr(assignment, '=');
	if (eq == NULL || eq == assignment) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
		                     "'%s' is not an assignment (expected key.path=value such as "
		                     "machine.ram=256MiB)",
		                     assignment);
		return FALSE;
	}
	path = g_strndup(assignment, eq - assignment);
	value_pos.column = (guint)(eq - assignment) + 2;
	draft = cmasim_draft_copy(self->priv->draft);
	if (!cmasim_set_draft(self, draft, path, eq + 1, &key_pos, &value_pos, error))
		return FALSE;
	/* the events depend on the machine (page size) and the regions (devices) */
	revalidate = g_str_has_prefix(path, "events.") || g_str_has_prefix(path, "machine.") ||
	             g_str_has_prefix(path, "regions.");
	fresh = cmasim_resolve(draft, self->priv->default_name, revalidate, self->n_events, error);
	if (fresh == NULL)
		return FALSE;

	/* move the fresh values into @self, keeping its path and draft */
	saved_path = g_steal_pointer(&self->path);
	priv = g_steal_pointer(&self->priv);
	fresh_priv = g_steal_pointer(&fresh->priv);
	cmasim_scenario_clear_public(self);
	*self = *fresh;
	memset(fresh, 0, sizeof(*fresh));
	self->path = saved_path;
	self->priv = priv;
	g_clear_pointer(&priv->task_order, g_array_unref);
	priv->task_order = g_steal_pointer(&fresh_priv->task_order);
	_cmasim_events_source_free(priv->events);
	priv->events = g_steal_pointer(&fresh_priv->events);
	cmasim_scenario_private_free(fresh_priv);
	_cmasim_draft_free(priv->draft);
	priv->draft = g_steal_pointer(&draft);
	return TRUE;
}
