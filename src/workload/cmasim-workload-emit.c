/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * config.effective.yaml: the resolved scenario written back as a workload
 * with libyaml's emitter API, every value explicit (defaults, preset and
 * CPU profile values, --set), keys in the fixed order documented in
 * docs/workload-format.md, regions and tasks in file order and every
 * registered parameter sorted by key. Reading the output again gives the
 * same scenario, so the output is also a reproducible input (the role of
 * gem5's config.ini).
 */
#define G_LOG_DOMAIN "CmasimWorkload"

#include <string.h>

#include "cmasim/cmasim-units.h"
#include "workload/cmasim-workload-private.h"

typedef struct {
	yaml_emitter_t emitter;
	GString *out;
	gboolean ok;
} CmasimEmitter;

static int
cmasim_emit_write(void *data, unsigned char *buffer, size_t size)
{
	g_string_append_len(data, (const gchar *)buffer, (gssize)size);
	return 1;
}

static void
cmasim_emit(CmasimEmitter *self, yaml_event_t *event)
{
	if (!self->ok) {
		yaml_event_delete(event);
		return;
	}
	if (!yaml_emitter_emit(&self->emitter, event)) {
		g_critical("cannot emit config.effective.yaml: %s",
		           self->emitter.problem != NULL ? self->emitter.problem : "unknown");
		self->ok = FALSE;
	}
}

static void
cmasim_emit_scalar(CmasimEmitter *self, const gchar *text)
{
	yaml_event_t event;
	/* text the reader would take for "nothing" must be quoted */
	gboolean quote =
	    *text == '\0' || g_strcmp0(text, "~") == 0 || g_ascii_strcasecmp(text, "null") == 0;
	yaml_scalar_event_initialize(
	    &event, NULL, NULL, (yaml_char_t *)text, (int)strlen(text), 1, 1,
	    quote ? YAML_SINGLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
	cmasim_emit(self, &event);
}

static void
cmasim_emit_take(CmasimEmitter *self, gchar *text)
{
	cmasim_emit_scalar(self, text);
	g_free(text);
}

static void
cmasim_emit_map_start(CmasimEmitter *self, gboolean flow)
{
	yaml_event_t event;
	yaml_mapping_start_event_initialize(
	    &event, NULL, NULL, 1, flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
	cmasim_emit(self, &event);
}

static void
cmasim_emit_map_end(CmasimEmitter *self)
{
	yaml_event_t event;
	yaml_mapping_end_event_initialize(&event);
	cmasim_emit(self, &event);
}

static void
cmasim_emit_seq_start(CmasimEmitter *self, gboolean flow)
{
	yaml_event_t event;
	yaml_sequence_start_event_initialize(
	    &event, NULL, NULL, 1, flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
	cmasim_emit(self, &event);
}

static void
cmasim_emit_seq_end(CmasimEmitter *self)
{
	yaml_event_t event;
	yaml_sequence_end_event_initialize(&event);
	cmasim_emit(self, &event);
}

static void
cmasim_emit_kv(CmasimEmitter *self, const gchar *key, const gchar *value)
{
	cmasim_emit_scalar(self, key);
	cmasim_emit_scalar(self, value);
}

static void
cmasim_emit_kv_take(CmasimEmitter *self, const gchar *key, gchar *value)
{
	cmasim_emit_kv(self, key, value);
	g_free(value);
}

static void
cmasim_emit_kv_u64(CmasimEmitter *self, const gchar *key, guint64 value)
{
	cmasim_emit_kv_take(self, key, g_strdup_printf("%" G_GUINT64_FORMAT, value));
}

static void
cmasim_emit_kv_bool(CmasimEmitter *self, const gchar *key, gboolean value)
{
	cmasim_emit_kv(self, key, value ? "true" : "false");
}

static void
cmasim_emit_kv_size(CmasimEmitter *self, const gchar *key, guint64 bytes)
{
	cmasim_emit_kv_take(self, key, cmasim_format_size_bytes(bytes));
}

static void
cmasim_emit_kv_time(CmasimEmitter *self, const gchar *key, CmasimTimeNs ns)
{
	cmasim_emit_kv_take(self, key, cmasim_format_time_ns(ns));
}

static void
cmasim_emit_kv_double(CmasimEmitter *self, const gchar *key, gdouble value)
{
	cmasim_emit_kv_take(self, key, _cmasim_format_double(value));
}

static void
cmasim_emit_kv_rate(CmasimEmitter *self, const gchar *key, gdouble per_s)
{
	g_autofree gchar *number = _cmasim_format_double(per_s);
	cmasim_emit_kv_take(self, key, g_strconcat(number, "/s", NULL));
}

static void
cmasim_emit_kv_dist(CmasimEmitter *self, const gchar *key, const CmasimDist *dist)
{
	cmasim_emit_kv_take(self, key, _cmasim_format_dist(dist));
}

static void
cmasim_emit_machine(CmasimEmitter *self, const CmasimMachineSpec *m)
{
	cmasim_emit_scalar(self, "machine");
	cmasim_emit_map_start(self, FALSE);
	if (m->preset != NULL)
		cmasim_emit_kv(self, "preset", m->preset);
	cmasim_emit_kv(self, "arch", m->arch);
	cmasim_emit_kv(self, "cpu", m->cpu != NULL ? m->cpu : "none");
	cmasim_emit_kv_u64(self, "cpus", m->ncpus);
	cmasim_emit_kv_size(self, "ram", m->ram_bytes);
	cmasim_emit_kv_size(self, "page_size", m->page_size_bytes);
	cmasim_emit_kv_u64(self, "max_order", m->max_order);
	cmasim_emit_kv_u64(self, "pageblock_order", m->pageblock_order);
	cmasim_emit_scalar(self, "banks");
	cmasim_emit_seq_start(self, FALSE);
	for (guint i = 0; i < m->banks->len; i++) {
		const CmasimRange *bank = &g_array_index(m->banks, CmasimRange, i);
		cmasim_emit_map_start(self, TRUE);
		cmasim_emit_kv_take(self, "base", _cmasim_format_address(bank->base_bytes));
		cmasim_emit_kv_size(self, "size", bank->size_bytes);
		cmasim_emit_map_end(self);
	}
	cmasim_emit_seq_end(self);
	cmasim_emit_scalar(self, "zones");
	cmasim_emit_seq_start(self, FALSE);
	for (guint i = 0; i < m->zones->len; i++) {
		const CmasimZoneSpec *zone = &g_array_index(m->zones, CmasimZoneSpec, i);
		cmasim_emit_map_start(self, TRUE);
		cmasim_emit_kv(self, "name", zone->name);
		cmasim_emit_kv_size(self, "size", zone->size_bytes);
		cmasim_emit_map_end(self);
	}
	cmasim_emit_seq_end(self);
	cmasim_emit_kv_u64(self, "min_free_kbytes", m->min_free_kbytes);
	cmasim_emit_kv_u64(self, "watermark_scale_factor", m->watermark_scale_factor);
	cmasim_emit_kv_size(self, "reserved", m->reserved_pages * m->page_size_bytes);
	cmasim_emit_kv_size(self, "boot_unmovable", m->boot_unmovable_pages * m->page_size_bytes);
	cmasim_emit_kv_size(self, "coherent_pool", m->coherent_pool_bytes);
	cmasim_emit_kv_u64(self, "coherent_pools", m->coherent_pools);
	cmasim_emit_map_end(self);
}

static void
cmasim_emit_region(CmasimEmitter *self, const CmasimRegionSpec *r)
{
	cmasim_emit_map_start(self, FALSE);
	cmasim_emit_kv(self, "name", r->name);
	cmasim_emit_kv_size(self, "size", r->size_bytes);
	cmasim_emit_kv_size(self, "alignment", r->alignment_bytes);
	if (r->has_base)
		cmasim_emit_kv_take(self, "base", _cmasim_format_address(r->base_bytes));
	if (r->alloc_ranges != NULL && r->alloc_ranges->len > 0) {
		cmasim_emit_scalar(self, "alloc-ranges");
		cmasim_emit_seq_start(self, TRUE);
		for (guint i = 0; i < r->alloc_ranges->len; i++) {
			const CmasimRange *range = &g_array_index(r->alloc_ranges, CmasimRange, i);
			cmasim_emit_seq_start(self, TRUE);
			cmasim_emit_take(self, _cmasim_format_address(range->base_bytes));
			cmasim_emit_take(self, cmasim_format_size_bytes(range->size_bytes));
			cmasim_emit_seq_end(self);
		}
		cmasim_emit_seq_end(self);
	}
	if (r->zone != NULL)
		cmasim_emit_kv(self, "zone", r->zone);
	cmasim_emit_kv_bool(self, "reusable", r->reusable);
	cmasim_emit_kv_bool(self, "no-map", r->no_map);
	cmasim_emit_kv_bool(self, "linux,cma-default", r->is_default);
	cmasim_emit_kv_u64(self, "order_per_bit", r->order_per_bit);
	cmasim_emit_scalar(self, "devices");
	cmasim_emit_seq_start(self, TRUE);
	for (guint i = 0; r->devices != NULL && i < r->devices->len; i++)
		cmasim_emit_scalar(self, g_ptr_array_index(r->devices, i));
	cmasim_emit_seq_end(self);
	cmasim_emit_map_end(self);
}

static void
cmasim_emit_background(CmasimEmitter *self, const CmasimBackgroundTask *t)
{
	g_autofree gchar *fill = NULL;

	cmasim_emit_map_start(self, FALSE);
	cmasim_emit_kv(self, "name", t->name);
	cmasim_emit_kv(self, "type", "background");
	cmasim_emit_kv(self, "kind", t->shmem ? "shmem" : cmasim_owner_kind_to_string(t->kind));
	cmasim_emit_kv_rate(self, "rate", t->rate_per_s);
	if (t->stream_bytes != 0)
		cmasim_emit_kv_size(self, "stream", t->stream_bytes);
	cmasim_emit_scalar(self, "orders");
	cmasim_emit_map_start(self, TRUE);
	for (guint i = 0; t->orders != NULL && i < t->orders->len; i++) {
		const CmasimOrderWeight *ow = &g_array_index(t->orders, CmasimOrderWeight, i);
		g_autofree gchar *order = g_strdup_printf("%u", ow->order);
		cmasim_emit_kv_double(self, order, ow->weight);
	}
	cmasim_emit_map_end(self);
	cmasim_emit_kv_dist(self, "lifetime", &t->lifetime_ns);
	fill = _cmasim_format_double(t->fill_percent);
	cmasim_emit_kv_take(self, "fill", g_strconcat(fill, "%", NULL));
	cmasim_emit_kv_double(self, "dirty", t->dirty_fraction);
	cmasim_emit_kv_double(self, "writeback", t->writeback_fraction);
	cmasim_emit_kv_rate(self, "pin_rate", t->pin_rate_per_s);
	cmasim_emit_kv_dist(self, "pin_duration", &t->pin_duration_ns);
	cmasim_emit_kv_double(self, "longterm_pin", t->longterm_pin_fraction);
	cmasim_emit_kv_time(self, "start", t->start_ns);
	cmasim_emit_kv_time(self, "stop", t->stop_ns);
	cmasim_emit_map_end(self);
}

static void
cmasim_emit_device(CmasimEmitter *self, const CmasimDeviceTask *t)
{
	cmasim_emit_map_start(self, FALSE);
	cmasim_emit_kv(self, "name", t->name);
	cmasim_emit_kv(self, "type", "device");
	cmasim_emit_kv(self, "device", t->device);
	cmasim_emit_kv_size(self, "size", t->size_bytes);
	cmasim_emit_kv_u64(self, "buffers", t->buffers);
	cmasim_emit_kv_u64(self, "align", t->align_order);
	cmasim_emit_kv_dist(self, "hold", &t->hold_ns);
	cmasim_emit_kv_time(self, "period", t->period_ns);
	cmasim_emit_kv_u64(self, "loops", t->loops);
	cmasim_emit_kv_dist(self, "start_delay", &t->start_delay_ns);
	cmasim_emit_kv_bool(self, "gfp_atomic", t->gfp_atomic);
	cmasim_emit_map_end(self);
}

static void
cmasim_emit_tasks(CmasimEmitter *self, const CmasimScenario *s)
{
	guint n_bg = s->background != NULL ? s->background->len : 0;
	guint n_dev = s->devices != NULL ? s->devices->len : 0;
	const GArray *order = s->priv != NULL ? s->priv->task_order : NULL;

	cmasim_emit_scalar(self, "tasks");
	cmasim_emit_seq_start(self, n_bg + n_dev == 0);
	if (order != NULL && order->len == n_bg + n_dev) {
		for (guint i = 0; i < order->len; i++) {
			guint index = g_array_index(order, guint, i);
			if (index & CMASIM_TASK_DEVICE)
				cmasim_emit_device(
				    self,
				    g_ptr_array_index(s->devices, index & ~CMASIM_TASK_DEVICE));
			else
				cmasim_emit_background(self,
				                       g_ptr_array_index(s->background, index));
		}
	} else {
		for (guint i = 0; i < n_bg; i++)
			cmasim_emit_background(self, g_ptr_array_index(s->background, i));
		for (guint i = 0; i < n_dev; i++)
			cmasim_emit_device(self, g_ptr_array_index(s->devices, i));
	}
	cmasim_emit_seq_end(self);
}

/* inline events of a workload read from memory: written out again */
static void
cmasim_emit_inline_events(CmasimEmitter *self, const CmasimScenario *s)
{
	static const gchar *const ops[] = {"alloc",       "free", "cma_alloc",
	                                   "cma_release", "pin",  "unpin"};
	g_autoptr(CmasimEventStream) stream = NULL;
	g_autoptr(GError) error = NULL;
	CmasimTimedEvent event;

	stream = cmasim_event_stream_open(s, &error);
	if (stream == NULL)
		return;
	cmasim_emit_scalar(self, "events");
	cmasim_emit_seq_start(self, FALSE);
	while (cmasim_event_stream_next(stream, &event, &error)) {
		cmasim_emit_map_start(self, TRUE);
		cmasim_emit_kv_time(self, "at", event.at_ns);
		cmasim_emit_kv(self, "op", ops[event.op]);
		cmasim_emit_kv_u64(self, "id", event.id);
		if (event.op == CMASIM_TIMED_ALLOC) {
			cmasim_emit_kv(self, "kind", cmasim_owner_kind_to_string(event.kind));
			cmasim_emit_kv_u64(self, "order", event.order);
		} else if (event.op == CMASIM_TIMED_CMA_ALLOC) {
			cmasim_emit_kv_u64(self, "count", event.count_pages);
			cmasim_emit_kv_u64(self, "align", event.align_order);
			if (event.device[0] != '\0')
				cmasim_emit_kv(self, "device", event.device);
		} else if (event.op == CMASIM_TIMED_CMA_RELEASE) {
			if (event.offset_pages != 0)
				cmasim_emit_kv_u64(self, "offset", event.offset_pages);
			if (event.count_pages != 0)
				cmasim_emit_kv_u64(self, "count", event.count_pages);
		}
		cmasim_emit_map_end(self);
	}
	if (error != NULL)
		g_critical("cannot write the inline events again: %s", error->message);
	cmasim_emit_seq_end(self);
}

/* does some registered key continue @key with a '.'? */
static gboolean
cmasim_key_is_prefix(GPtrArray *defs, const gchar *key)
{
	gsize n = strlen(key);
	for (guint i = 0; i < defs->len; i++) {
		const CmasimParamDef *def = g_ptr_array_index(defs, i);
		if (strncmp(def->key, key, n) == 0 && def->key[n] == '.')
			return TRUE;
	}
	return FALSE;
}

/* one parameter section, nested by the dots of the keys */
static void
cmasim_emit_param_section(CmasimEmitter *self, const CmasimParams *params, GPtrArray *defs,
                          const gchar *section)
{
	g_autofree gchar *prefix = g_strconcat(section, ".", NULL);
	g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func(g_free);
	gboolean flat = FALSE;

	/* a key that is also a group cannot nest: write that section with dotted keys */
	for (guint i = 0; i < defs->len; i++) {
		const CmasimParamDef *def = g_ptr_array_index(defs, i);
		if (g_str_has_prefix(def->key, prefix) && cmasim_key_is_prefix(defs, def->key))
			flat = TRUE;
	}
	cmasim_emit_scalar(self, section);
	cmasim_emit_map_start(self, FALSE);
	for (guint i = 0; i < defs->len; i++) {
		const CmasimParamDef *def = g_ptr_array_index(defs, i);
		g_auto(GStrv) parts = NULL;
		guint n_parts, common = 0;

		if (!g_str_has_prefix(def->key, prefix))
			continue;
		if (flat) {
			cmasim_emit_kv(self, def->key + strlen(prefix),
			               cmasim_params_get_text(params, def->key));
			continue;
		}
		parts = g_strsplit(def->key + strlen(prefix), ".", -1);
		n_parts = g_strv_length(parts);
		while (common < open->len && common + 1 < n_parts &&
		       g_strcmp0(g_ptr_array_index(open, common), parts[common]) == 0)
			common++;
		while (open->len > common) {
			cmasim_emit_map_end(self);
			g_ptr_array_remove_index(open, open->len - 1);
		}
		while (open->len + 1 < n_parts) {
			cmasim_emit_scalar(self, parts[open->len]);
			cmasim_emit_map_start(self, FALSE);
			g_ptr_array_add(open, g_strdup(parts[open->len]));
		}
		cmasim_emit_kv(self, parts[n_parts - 1], cmasim_params_get_text(params, def->key));
	}
	while (open->len > 0) {
		cmasim_emit_map_end(self);
		g_ptr_array_remove_index(open, open->len - 1);
	}
	cmasim_emit_map_end(self);
}

/**
 * cmasim_scenario_to_yaml:
 * @self: a scenario
 *
 * Returns: (transfer full): config.effective.yaml
 */
gchar *
cmasim_scenario_to_yaml(const CmasimScenario *self)
{
	CmasimEmitter emitter = {.ok = TRUE};
	yaml_event_t event;
	g_autoptr(GPtrArray) defs = cmasim_param_defs_sorted();
	g_autoptr(GPtrArray) sections = _cmasim_param_sections();

	g_return_val_if_fail(self != NULL, NULL);

	emitter.out = g_string_new(NULL);
	yaml_emitter_initialize(&emitter.emitter);
	yaml_emitter_set_output(&emitter.emitter, cmasim_emit_write, emitter.out);
	yaml_emitter_set_unicode(&emitter.emitter, 1);
	yaml_emitter_set_width(&emitter.emitter, 100);
	yaml_emitter_set_indent(&emitter.emitter, 2);

	yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING);
	cmasim_emit(&emitter, &event);
	yaml_document_start_event_initialize(&event, NULL, NULL, NULL, 1);
	cmasim_emit(&emitter, &event);
	cmasim_emit_map_start(&emitter, FALSE);

	cmasim_emit_kv_u64(&emitter, "version", CMASIM_WORKLOAD_VERSION);
	cmasim_emit_kv(&emitter, "name", self->name != NULL ? self->name : "workload");
	cmasim_emit_kv_u64(&emitter, "seed", self->seed);
	cmasim_emit_kv_time(&emitter, "duration", self->duration_ns);
	cmasim_emit_machine(&emitter, &self->machine);

	cmasim_emit_scalar(&emitter, "regions");
	cmasim_emit_seq_start(&emitter, self->regions == NULL || self->regions->len == 0);
	for (guint i = 0; self->regions != NULL && i < self->regions->len; i++)
		cmasim_emit_region(&emitter, g_ptr_array_index(self->regions, i));
	cmasim_emit_seq_end(&emitter);

	cmasim_emit_tasks(&emitter, self);

	if (self->events_path != NULL) {
		cmasim_emit_scalar(&emitter, "events");
		cmasim_emit_map_start(&emitter, TRUE);
		cmasim_emit_kv(&emitter, "file", self->events_path);
		cmasim_emit_map_end(&emitter);
	} else if (self->priv != NULL && self->priv->events != NULL) {
		cmasim_emit_inline_events(&emitter, self);
	}

	for (guint i = 0; self->params != NULL && i < sections->len; i++)
		cmasim_emit_param_section(&emitter, self->params, defs,
		                          g_ptr_array_index(sections, i));

	cmasim_emit_map_end(&emitter);
	yaml_document_end_event_initialize(&event, 1);
	cmasim_emit(&emitter, &event);
	yaml_stream_end_event_initialize(&event);
	cmasim_emit(&emitter, &event);
	yaml_emitter_delete(&emitter.emitter);
	return g_string_free(emitter.out, FALSE);
}
