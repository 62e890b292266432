/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Timed events (`events:`) read one at a time from their file with
 * constant memory, so a replayed trace of millions of allocations never
 * sits in memory: the stream re-opens the file, walks to the events
 * sequence and turns each entry into a CmasimTimedEvent. The operations are
 * those of a kernel trace: page allocations and frees (mm_page_alloc /
 * mm_page_free), contiguous requests (cma_alloc_start / cma_release) and
 * short-term pins (GUP).
 */
#define G_LOG_DOMAIN "CmasimWorkload"

#include <string.h>

#include "cmasim/cmasim-units.h"
#include "core/cmasim-idmap.h"
#include "workload/cmasim-workload-private.h"

struct _CmasimEventStream {
	CmasimReader reader;
	guint32 page_size_bytes;
	guint max_order;
	CmasimTimeNs last_at_ns;
	guint64 index; /* entries read so far */
	/*
	 * cma_alloc ids not yet wholly released -> pages still held: what a
	 * cma_release may name, checked from the events alone (a failed
	 * allocation's release is skipped at run time)
	 */
	CmasimIdMap held;
	gboolean done;
};

typedef enum {
	CMASIM_EVENT_KEY_AT,
	CMASIM_EVENT_KEY_OP,
	CMASIM_EVENT_KEY_ID,
	CMASIM_EVENT_KEY_KIND,
	CMASIM_EVENT_KEY_ORDER,
	CMASIM_EVENT_KEY_SIZE,
	CMASIM_EVENT_KEY_COUNT,
	CMASIM_EVENT_KEY_ALIGN,
	CMASIM_EVENT_KEY_DEVICE,
	CMASIM_EVENT_KEY_OFFSET,
	CMASIM_EVENT_KEYS,
} CmasimEventKey;

static const gchar *const cmasim_event_keys[CMASIM_EVENT_KEYS] = {
    "at", "op", "id", "kind", "order", "size", "count", "align", "device", "offset",
};

static const gchar *const cmasim_timed_op_names[] = {
    "alloc", "free", "cma_alloc", "cma_release", "pin", "unpin",
};

#define CMASIM_BIT(k) (1u << (k))
#define CMASIM_EVENT_COMMON                                                                        \
	(CMASIM_BIT(CMASIM_EVENT_KEY_AT) | CMASIM_BIT(CMASIM_EVENT_KEY_OP) |                       \
	 CMASIM_BIT(CMASIM_EVENT_KEY_ID))

/* the keys each operation takes */
static guint
cmasim_event_allowed(CmasimTimedOp op)
{
	switch (op) {
	case CMASIM_TIMED_ALLOC:
		return CMASIM_EVENT_COMMON | CMASIM_BIT(CMASIM_EVENT_KEY_KIND) |
		       CMASIM_BIT(CMASIM_EVENT_KEY_ORDER);
	case CMASIM_TIMED_CMA_ALLOC:
		return CMASIM_EVENT_COMMON | CMASIM_BIT(CMASIM_EVENT_KEY_SIZE) |
		       CMASIM_BIT(CMASIM_EVENT_KEY_COUNT) | CMASIM_BIT(CMASIM_EVENT_KEY_ALIGN) |
		       CMASIM_BIT(CMASIM_EVENT_KEY_DEVICE);
	case CMASIM_TIMED_CMA_RELEASE:
		return CMASIM_EVENT_COMMON | CMASIM_BIT(CMASIM_EVENT_KEY_COUNT) |
		       CMASIM_BIT(CMASIM_EVENT_KEY_OFFSET);
	case CMASIM_TIMED_FREE:
	case CMASIM_TIMED_PIN:
	case CMASIM_TIMED_UNPIN:
	default:
		return CMASIM_EVENT_COMMON;
	}
}

static gchar *
cmasim_event_key_list(guint mask)
{
	GString *list = g_string_new(NULL);
	for (guint k = 0; k < CMASIM_EVENT_KEYS; k++) {
		if (mask & CMASIM_BIT(k))
			g_string_append_printf(list, "%s%s", list->len > 0 ? ", " : "",
			                       cmasim_event_keys[k]);
	}
	return g_string_free(list, FALSE);
}

static gboolean
cmasim_event_fail(GError *local, const CmasimPos *pos, guint64 index, const gchar *key,
                  GError **error)
{
	g_autofree gchar *what = g_strdup_printf("events[%" G_GUINT64_FORMAT "].%s", index, key);
	_cmasim_propagate_at(error, local, pos, what);
	return FALSE;
}

static gboolean
cmasim_event_uint(const gchar *text, guint64 min, guint64 max, const CmasimPos *pos, guint64 index,
                  const gchar *key, guint64 *out, GError **error)
{
	GError *local = NULL;
	if (!cmasim_parse_uint64(text, out, &local))
		return cmasim_event_fail(local, pos, index, key, error);
	if (*out < min || *out > max) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
		                     "events[%" G_GUINT64_FORMAT "].%s: '%s' is out of range "
		                     "(expected %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT ")",
		                     index, key, text, min, max);
		return FALSE;
	}
	return TRUE;
}

/*
 * A cma_release of a cma_alloc seen earlier in the stream: count (0 = all
 * that is still held) pages at offset pages from the head of what is still
 * held must be held, and leave one piece (the head, the tail or all of it
 * go), as a buffer's pages are given back with cma_release(cma, page,
 * count). An id never allocated in the stream is skipped at run time.
 */
static gboolean
cmasim_event_check_release(CmasimEventStream *self, const CmasimTimedEvent *event, guint64 index,
                           const CmasimPos *pos, GError **error)
{
	guint64 held, count;

	if (!_cmasim_idmap_lookup(&self->held, event->id, &held))
		return TRUE;
	if (event->offset_pages >= held ||
	    (event->count_pages != 0 && event->offset_pages + event->count_pages > held)) {
		_cmasim_set_error_at(
		    error, CMASIM_ERROR_INVALID_CONFIG, pos,
		    "events[%" G_GUINT64_FORMAT "]: cma_release of id %" G_GUINT64_FORMAT
		    " names pages %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT
		    " of what it still holds, but it holds %" G_GUINT64_FORMAT
		    " pages (expected offset + count <= %" G_GUINT64_FORMAT ")",
		    index, event->id, event->offset_pages,
		    event->offset_pages + MAX(event->count_pages, 1) - 1, held, held);
		return FALSE;
	}
	count = event->count_pages != 0 ? event->count_pages : held - event->offset_pages;
	if (event->offset_pages > 0 && event->offset_pages + count < held) {
		_cmasim_set_error_at(
		    error, CMASIM_ERROR_INVALID_CONFIG, pos,
		    "events[%" G_GUINT64_FORMAT "]: cma_release of id %" G_GUINT64_FORMAT
		    " would split the %" G_GUINT64_FORMAT " pages it holds in two (expected "
		    "offset 0, a release that ends at the last page held, or all of it)",
		    index, event->id, held);
		return FALSE;
	}
	_cmasim_idmap_remove(&self->held, event->id, NULL);
	if (count < held)
		_cmasim_idmap_insert(&self->held, event->id, held - count);
	return TRUE;
}

/* one `{at: ..., op: ...}` mapping; the reader is on its MAPPING-START */
static gboolean
cmasim_event_parse(CmasimEventStream *self, CmasimTimedEvent *event, GError **error)
{
	CmasimReader *reader = &self->reader;
	CmasimPos entry = _cmasim_reader_pos(reader);
	CmasimPos pos[CMASIM_EVENT_KEYS];
	guint seen = 0;
	guint64 size_bytes = 0;
	guint64 count = 0;
	guint64 value = 0;
	guint64 index = self->index;
	guint allowed;

	memset(event, 0, sizeof(*event));
	event->line = entry.line;
	event->column = entry.column;
	event->kind = CMASIM_OWNER_ANON;
	for (;;) {
		CmasimPos key_pos;
		const gchar *text;
		guint k;
		GError *local = NULL;

		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (reader->event.type == YAML_MAPPING_END_EVENT)
			break;
		key_pos = _cmasim_reader_pos(reader);
		if (!_cmasim_reader_expect_scalar(reader, "events", "a key", error))
			return FALSE;
		text = _cmasim_reader_scalar(reader);
		for (k = 0; k < CMASIM_EVENT_KEYS; k++) {
			if (strcmp(text, cmasim_event_keys[k]) == 0)
				break;
		}
		if (k == CMASIM_EVENT_KEYS) {
			g_autofree gchar *valid = cmasim_event_key_list(G_MAXUINT);
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			                     "events[%" G_GUINT64_FORMAT "]: unknown key '%s' "
			                     "(expected one of: %s)",
			                     index, text, valid);
			return FALSE;
		}
		if (seen & CMASIM_BIT(k)) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			                     "events[%" G_GUINT64_FORMAT "]: duplicate key '%s' "
			                     "(expected each key once)",
			                     index, text);
			return FALSE;
		}
		seen |= CMASIM_BIT(k);
		pos[k] = key_pos;
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (!_cmasim_reader_expect_scalar(reader, cmasim_event_keys[k], "a scalar value",
		                                  error))
			return FALSE;
		text = _cmasim_reader_scalar(reader);
		pos[k] = _cmasim_reader_pos(reader);
		switch ((CmasimEventKey)k) {
		case CMASIM_EVENT_KEY_AT:
			if (!cmasim_parse_time_ns(text, &event->at_ns, &local))
				return cmasim_event_fail(local, &pos[k], index, "at", error);
			if (event->at_ns > CMASIM_MAX_TIME_NS) {
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos[k],
				                     "events[%" G_GUINT64_FORMAT
				                     "].at: '%s' is too "
				                     "late (expected at most 1000000s)",
				                     index, text);
				return FALSE;
			}
			break;
		case CMASIM_EVENT_KEY_OP: {
			guint op;
			for (op = 0; op < G_N_ELEMENTS(cmasim_timed_op_names); op++) {
				if (strcmp(text, cmasim_timed_op_names[op]) == 0)
					break;
			}
			if (op == G_N_ELEMENTS(cmasim_timed_op_names)) {
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos[k],
				                     "events[%" G_GUINT64_FORMAT "].op: unknown "
				                     "operation '%s' (expected alloc, free, "
				                     "cma_alloc, cma_release, pin or unpin)",
				                     index, text);
				return FALSE;
			}
			event->op = (CmasimTimedOp)op;
			break;
		}
		case CMASIM_EVENT_KEY_ID:
			if (!cmasim_event_uint(text, 1, G_MAXUINT64, &pos[k], index, "id",
			                       &event->id, error))
				return FALSE;
			break;
		case CMASIM_EVENT_KEY_KIND:
			if (!cmasim_owner_kind_from_string(text, &event->kind)) {
				_cmasim_set_error_at(
				    error, CMASIM_ERROR_INVALID_CONFIG, &pos[k],
				    "events[%" G_GUINT64_FORMAT "].kind: unknown "
				    "kind '%s' (expected anon, file, reclaimable or "
				    "unmovable)",
				    index, text);
				return FALSE;
			}
			break;
		case CMASIM_EVENT_KEY_ORDER:
			if (!cmasim_event_uint(text, 0, self->max_order, &pos[k], index, "order",
			                       &value, error))
				return FALSE;
			event->order = (guint)value;
			break;
		case CMASIM_EVENT_KEY_SIZE:
			if (!cmasim_parse_size_bytes(text, &size_bytes, &local))
				return cmasim_event_fail(local, &pos[k], index, "size", error);
			if (size_bytes == 0) {
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos[k],
				                     "events[%" G_GUINT64_FORMAT
				                     "].size: zero bytes "
				                     "(expected a size above 0)",
				                     index);
				return FALSE;
			}
			break;
		case CMASIM_EVENT_KEY_COUNT:
			if (!cmasim_event_uint(text, 1, CMASIM_MAX_PAGES, &pos[k], index, "count",
			                       &count, error))
				return FALSE;
			break;
		case CMASIM_EVENT_KEY_OFFSET:
			if (!cmasim_event_uint(text, 0, CMASIM_MAX_PAGES - 1, &pos[k], index,
			                       "offset", &value, error))
				return FALSE;
			event->offset_pages = value;
			break;
		case CMASIM_EVENT_KEY_ALIGN:
			if (!cmasim_event_uint(text, 0, CMASIM_MAX_ALIGN_ORDER, &pos[k], index,
			                       "align", &value, error))
				return FALSE;
			event->align_order = (guint)value;
			break;
		case CMASIM_EVENT_KEY_DEVICE:
			if (strlen(text) >= sizeof(event->device)) {
				_cmasim_set_error_at(
				    error, CMASIM_ERROR_INVALID_CONFIG, &pos[k],
				    "events[%" G_GUINT64_FORMAT "].device: name is "
				    "longer than %u bytes (expected a device name)",
				    index, (guint)sizeof(event->device) - 1);
				return FALSE;
			}
			g_strlcpy(event->device, text, sizeof(event->device));
			break;
		case CMASIM_EVENT_KEYS:
		default:
			break;
		}
	}
	for (guint k = 0; k < 3; k++) {
		if (!(seen & CMASIM_BIT(k))) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &entry,
			                     "events[%" G_GUINT64_FORMAT "]: missing key '%s' "
			                     "(expected at, op and id in every event)",
			                     index, cmasim_event_keys[k]);
			return FALSE;
		}
	}
	allowed = cmasim_event_allowed(event->op);
	for (guint k = 0; k < CMASIM_EVENT_KEYS; k++) {
		if ((seen & CMASIM_BIT(k)) && !(allowed & CMASIM_BIT(k))) {
			g_autofree gchar *valid = cmasim_event_key_list(allowed);
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG, &pos[k],
			    "events[%" G_GUINT64_FORMAT "]: '%s' does not apply to "
			    "op %s (expected %s)",
			    index, cmasim_event_keys[k], cmasim_timed_op_names[event->op], valid);
			return FALSE;
		}
	}
	if (event->op == CMASIM_TIMED_CMA_ALLOC) {
		gboolean has_size = (seen & CMASIM_BIT(CMASIM_EVENT_KEY_SIZE)) != 0;
		gboolean has_count = (seen & CMASIM_BIT(CMASIM_EVENT_KEY_COUNT)) != 0;
		if (has_size == has_count) {
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG,
			    has_count ? &pos[CMASIM_EVENT_KEY_COUNT] : &entry,
			    "events[%" G_GUINT64_FORMAT "]: cma_alloc needs %s "
			    "(expected size: BYTES or count: PAGES)",
			    index, has_size ? "size or count, not both" : "size or count");
			return FALSE;
		}
		if (has_size) {
			count = size_bytes / self->page_size_bytes +
			        (size_bytes % self->page_size_bytes != 0 ? 1 : 0);
			if (count > CMASIM_MAX_PAGES) {
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG,
				                     &pos[CMASIM_EVENT_KEY_SIZE],
				                     "events[%" G_GUINT64_FORMAT "].size: too many "
				                     "pages (expected at most %u pages)",
				                     index, CMASIM_MAX_PAGES);
				return FALSE;
			}
		}
		event->count_pages = count;
		if (!(seen & CMASIM_BIT(CMASIM_EVENT_KEY_ALIGN)))
			event->align_order = MIN(
			    _cmasim_get_order(count * self->page_size_bytes, self->page_size_bytes),
			    CMASIM_CMA_ALIGNMENT);
		/* an id still held is skipped at run time: keep the first */
		_cmasim_idmap_insert(&self->held, event->id, count);
	}
	if (event->op == CMASIM_TIMED_CMA_RELEASE) {
		event->count_pages = count;
		if (!cmasim_event_check_release(self, event, index,
		                                (seen & CMASIM_BIT(CMASIM_EVENT_KEY_COUNT))
		                                    ? &pos[CMASIM_EVENT_KEY_COUNT]
		                                : (seen & CMASIM_BIT(CMASIM_EVENT_KEY_OFFSET))
		                                    ? &pos[CMASIM_EVENT_KEY_OFFSET]
		                                    : &entry,
		                                error))
			return FALSE;
	}
	if (self->index > 0 && event->at_ns < self->last_at_ns) {
		g_autofree gchar *at = cmasim_format_time_ns(event->at_ns);
		g_autofree gchar *last = cmasim_format_time_ns(self->last_at_ns);
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos[CMASIM_EVENT_KEY_AT],
		                     "events[%" G_GUINT64_FORMAT "].at: %s is before the previous "
		                     "event's %s (expected non-decreasing times)",
		                     index, at, last);
		return FALSE;
	}
	self->last_at_ns = event->at_ns;
	self->index++;
	return TRUE;
}

/* walk from the document start to the first event of the events sequence */
static gboolean
cmasim_event_stream_seek(CmasimEventStream *self, GError **error)
{
	CmasimReader *reader = &self->reader;
	const gchar *expected = "a sequence of events, or a mapping with events: [...]";
	gboolean empty = FALSE;
	CmasimPos root;

	if (!_cmasim_reader_begin(reader, &empty, error))
		return FALSE;
	root = _cmasim_reader_pos(reader);
	if (empty) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &root,
		                     "empty events file (expected %s)", expected);
		return FALSE;
	}
	if (reader->event.type == YAML_SEQUENCE_START_EVENT)
		return TRUE;
	if (reader->event.type != YAML_MAPPING_START_EVENT) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &root,
		                     "the events file is %s (expected %s)",
		                     _cmasim_reader_node_kind(reader), expected);
		return FALSE;
	}
	for (;;) {
		CmasimPos pos;
		gboolean is_events;
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (reader->event.type == YAML_MAPPING_END_EVENT) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &root,
			                     "no events: key (expected %s)", expected);
			return FALSE;
		}
		if (!_cmasim_reader_expect_scalar(reader, "events file", "a key", error))
			return FALSE;
		is_events = g_strcmp0(_cmasim_reader_scalar(reader), "events") == 0;
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (!is_events) {
			if (!_cmasim_reader_skip(reader, error))
				return FALSE;
			continue;
		}
		pos = _cmasim_reader_pos(reader);
		if (_cmasim_reader_is_null(reader)) {
			self->done = TRUE;
			return TRUE;
		}
		if (reader->event.type != YAML_SEQUENCE_START_EVENT) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
			                     "events: found %s (expected a sequence of events such "
			                     "as - {at: 1ms, op: alloc, id: 1})",
			                     _cmasim_reader_node_kind(reader));
			return FALSE;
		}
		return TRUE;
	}
}

/**
 * cmasim_event_stream_open:
 * @scenario: a loaded scenario
 * @error: (nullable): I/O or syntax problem
 *
 * Returns: (transfer full) (nullable): a stream positioned before the first
 * event, or %NULL with @error unset when the scenario has no timed events
 */
CmasimEventStream *
cmasim_event_stream_open(const CmasimScenario *scenario, GError **error)
{
	const CmasimEventsSource *src;
	g_autoptr(CmasimEventStream) self = NULL;

	g_return_val_if_fail(scenario != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	src = scenario->priv != NULL ? scenario->priv->events : NULL;
	if (scenario->events_path == NULL && (src == NULL || src->bytes == NULL))
		return NULL;
	self = g_new0(CmasimEventStream, 1);
	_cmasim_idmap_init(&self->held);
	self->page_size_bytes = scenario->machine.page_size_bytes != 0
	                            ? scenario->machine.page_size_bytes
	                            : (guint32)CMASIM_MIN_PAGE_SIZE_BYTES;
	self->max_order = scenario->machine.max_order;
	if (scenario->events_path == NULL) {
		_cmasim_reader_open_bytes(&self->reader, src->display, src->bytes);
	} else {
		const gchar *display = src != NULL && src->display != NULL && src->path != NULL &&
		                               g_strcmp0(src->path, scenario->events_path) == 0
		                           ? src->display
		                           : scenario->events_path;
		GError *local = NULL;
		if (!_cmasim_reader_open_file(&self->reader, display, scenario->events_path,
		                              &local)) {
			if (src != NULL)
				_cmasim_propagate_at(error, local, &src->pos, "events");
			else
				g_propagate_error(error, local);
			return NULL;
		}
	}
	if (!cmasim_event_stream_seek(self, error))
		return NULL;
	return g_steal_pointer(&self);
}

/**
 * cmasim_event_stream_next:
 * @self: a stream
 * @event: (out caller-allocates): the next event
 * @error: (nullable): a problem in the entry, or times going backwards
 *
 * Returns: %TRUE with @event filled; %FALSE at the end (error unset) or on
 * error (error set)
 */
gboolean
cmasim_event_stream_next(CmasimEventStream *self, CmasimTimedEvent *event, GError **error)
{
	CmasimReader *reader;
	CmasimPos pos;

	g_return_val_if_fail(self != NULL, FALSE);
	g_return_val_if_fail(event != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

	if (self->done)
		return FALSE;
	reader = &self->reader;
	if (!_cmasim_reader_next(reader, error)) {
		self->done = TRUE;
		return FALSE;
	}
	if (reader->event.type == YAML_SEQUENCE_END_EVENT) {
		self->done = TRUE;
		return FALSE;
	}
	if (reader->event.type != YAML_MAPPING_START_EVENT) {
		pos = _cmasim_reader_pos(reader);
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
		                     "events[%" G_GUINT64_FORMAT "]: found %s (expected an event "
		                     "such as {at: 1ms, op: alloc, id: 1})",
		                     self->index, _cmasim_reader_node_kind(reader));
		self->done = TRUE;
		return FALSE;
	}
	if (!cmasim_event_parse(self, event, error)) {
		self->done = TRUE;
		return FALSE;
	}
	return TRUE;
}

void
cmasim_event_stream_free(CmasimEventStream *self)
{
	if (self == NULL)
		return;
	_cmasim_reader_clear(&self->reader);
	_cmasim_idmap_clear(&self->held);
	g_free(self);
}

static gboolean
cmasim_device_has_region(const CmasimScenario *scenario, const gchar *device)
{
	for (guint i = 0; i < scenario->regions->len; i++) {
		const CmasimRegionSpec *region = g_ptr_array_index(scenario->regions, i);
		if (region->is_default)
			return TRUE;
		for (guint d = 0; *device != '\0' && d < region->devices->len; d++) {
			if (strcmp(g_ptr_array_index(region->devices, d), device) == 0)
				return TRUE;
		}
	}
	return FALSE;
}

gboolean
_cmasim_events_validate(CmasimScenario *scenario, GError **error)
{
	g_autoptr(CmasimEventStream) stream = NULL;
	CmasimTimedEvent event;
	GError *local = NULL;
	guint64 count = 0;
	/* the last device checked, so a trace of one device costs one lookup */
	gchar last_device[sizeof(event.device)] = "";
	gboolean last_ok = FALSE;

	stream = cmasim_event_stream_open(scenario, error);
	if (stream == NULL)
		return error == NULL || *error == NULL;
	while (cmasim_event_stream_next(stream, &event, &local)) {
		count++;
		if (event.op != CMASIM_TIMED_CMA_ALLOC || scenario->regions->len == 0)
			continue;
		if (!last_ok || strcmp(last_device, event.device) != 0) {
			last_ok = cmasim_device_has_region(scenario, event.device);
			g_strlcpy(last_device, event.device, sizeof(last_device));
		}
		if (!last_ok) {
			CmasimPos pos = {stream->reader.file, event.line, event.column};
			_cmasim_set_error_at(
			    error, CMASIM_ERROR_INVALID_CONFIG, &pos,
			    "events[%" G_GUINT64_FORMAT "]: device '%s' is in no "
			    "region and no region is linux,cma-default (expected a "
			    "device listed in a region's devices)",
			    count - 1, event.device);
			return FALSE;
		}
	}
	if (local != NULL) {
		g_propagate_error(error, local);
		return FALSE;
	}
	/* the rest of the document must be well-formed too */
	if (!_cmasim_reader_end(&stream->reader, error))
		return FALSE;
	scenario->n_events = count;
	return TRUE;
}
