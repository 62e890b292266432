/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Kernel reference captures: the ops.log parser, the debugfs chunk-list
 * walk, the workload writer of `cmasim import-kernel` and the per-op
 * comparison of `cmasim agree` (docs/kernel-agreement.md).
 *
 * ops.log is line oriented: a kind word, then fields separated by single
 * spaces. The kinds come in a fixed order (header, arch, kernel, cmdline,
 * scenario, page_size, pageblock_order, ram_bytes, zone..., area, boot,
 * background, ready, op..., end); '#' lines after the header are comments.
 * Every mistake is one "FILE:LINE:COLUMN: message" error.
 */
#define G_LOG_DOMAIN "CmasimKref"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-kref.h"
#include "cmasim/cmasim-scenario.h"
#include "cmasim/cmasim-units.h"
#include "check/cmasim-check-private.h"

#define CMASIM_KREF_HEADER                       "# cmasim-kref 1"
#define CMASIM_KREF_MAX_ORDER                    10
#define CMASIM_KREF_STREAM_BANDWIDTH_BYTES_PER_S (1024.0 * 1024 * 1024)

/* ---- the capture ---- */

static void
cmasim_kref_op_clear(gpointer data)
{
	CmasimKrefOp *op = data;
	g_clear_pointer(&op->released, g_array_unref);
}

void
cmasim_kref_capture_free(CmasimKrefCapture *self)
{
	if (self == NULL)
		return;
	g_free(self->path);
	g_free(self->arch);
	g_free(self->kernel);
	g_free(self->cmdline);
	g_free(self->scenario);
	g_free(self->area_name);
	if (self->zones != NULL)
		g_array_unref(self->zones);
	if (self->ops != NULL)
		g_array_unref(self->ops);
	g_free(self);
}

const gchar *
cmasim_kref_background_kind_to_string(CmasimKrefBackgroundKind kind)
{
	switch (kind) {
	case CMASIM_KREF_BACKGROUND_NONE:
		return "none";
	case CMASIM_KREF_BACKGROUND_ANON:
		return "anon";
	case CMASIM_KREF_BACKGROUND_PAGECACHE:
		return "pagecache";
	case CMASIM_KREF_BACKGROUND_SHMEM:
		return "shmem";
	default:
		return "?";
	}
}

/* ---- the parser ---- */

typedef enum {
	KREF_LINE_HEADER,
	KREF_LINE_ARCH,
	KREF_LINE_KERNEL,
	KREF_LINE_CMDLINE,
	KREF_LINE_SCENARIO,
	KREF_LINE_PAGE_SIZE,
	KREF_LINE_PAGEBLOCK_ORDER,
	KREF_LINE_RAM_BYTES,
	KREF_LINE_ZONE,
	KREF_LINE_AREA,
	KREF_LINE_BOOT,
	KREF_LINE_BACKGROUND,
	KREF_LINE_READY,
	KREF_LINE_OP,
	KREF_LINE_END,
	KREF_LINE_KINDS,
} KrefLineKind;

static const gchar *const kref_line_names[KREF_LINE_KINDS] = {
    "# cmasim-kref 1", "arch",      "kernel", "cmdline", "scenario", "page_size",
    "pageblock_order", "ram_bytes", "zone",   "area",    "boot",     "background",
    "ready",           "op",        "end",
};

typedef struct {
	const gchar *name; /* file name in messages */
	guint line;
	const gchar *text; /* the line, without its newline */
	gsize len;
	GError **error;
} KrefParser;

typedef struct {
	const gchar *value; /* not NUL-terminated: value_len bytes */
	gsize value_len;
	guint key_col;
	guint value_col;
	gboolean seen;
} KrefField;

static gboolean kref_fail(KrefParser *p, guint col, const gchar *format, ...) G_GNUC_PRINTF(3, 4);

static gboolean
kref_fail(KrefParser *p, guint col, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *message = NULL;

	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	g_set_error(p->error, CMASIM_ERROR, CMASIM_ERROR_PARSE, "%s:%u:%u: %s", p->name, p->line,
	            col, message);
	return FALSE;
}

/* an unsigned number: decimal, or hex with 0x */
static gboolean
kref_parse_u64_text(const gchar *text, gsize len, guint64 *out)
{
	guint64 value = 0;
	guint base = 10;
	gsize i = 0;

	if (len >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return FALSE;
	for (; i < len; i++) {
		gint digit = g_ascii_xdigit_value(text[i]);
		if (digit < 0 || (base == 10 && !g_ascii_isdigit(text[i])))
			return FALSE;
		if (value > (G_MAXUINT64 - (guint64)digit) / base)
			return FALSE;
		value = value * base + (guint64)digit;
	}
	*out = value;
	return TRUE;
}

static gboolean
kref_field_u64(KrefParser *p, const gchar *key, const KrefField *f, guint64 *out)
{
	if (!kref_parse_u64_text(f->value, f->value_len, out))
		return kref_fail(
		    p, f->value_col,
		    "%s: '%.*s' is not a number (expected a decimal or 0x hex integer)", key,
		    (gint)f->value_len, f->value);
	return TRUE;
}

static gboolean
kref_field_rc(KrefParser *p, const KrefField *f, gint *out)
{
	guint64 magnitude = 0;
	gboolean negative = f->value_len > 0 && f->value[0] == '-';
	gsize skip = negative ? 1 : 0;

	if (!kref_parse_u64_text(f->value + skip, f->value_len - skip, &magnitude) ||
	    magnitude > 4095)
		return kref_fail(p, f->value_col, "rc: '%.*s' is not 0 or a negative errno",
		                 (gint)f->value_len, f->value);
	if (!negative && magnitude != 0)
		return kref_fail(p, f->value_col, "rc: '%.*s' is not 0 or a negative errno",
		                 (gint)f->value_len, f->value);
	*out = negative ? -(gint)magnitude : 0;
	return TRUE;
}

static gboolean
kref_field_pfn(KrefParser *p, const KrefField *f, guint64 *out)
{
	if (f->value_len == 4 && memcmp(f->value, "none", 4) == 0) {
		*out = CMASIM_KREF_PFN_NONE;
		return TRUE;
	}
	if (!kref_parse_u64_text(f->value, f->value_len, out) || *out == CMASIM_KREF_PFN_NONE)
		return kref_fail(p, f->value_col,
		                 "pfn: '%.*s' is not a pfn (expected 0xPFN or none)",
		                 (gint)f->value_len, f->value);
	return TRUE;
}

static gboolean
kref_field_is(const KrefField *f, const gchar *word)
{
	return f->value_len == strlen(word) && memcmp(f->value, word, f->value_len) == 0;
}

/* released=0xPFN+COUNT,...|none */
static gboolean
kref_field_ranges(KrefParser *p, const KrefField *f, GArray *out)
{
	gsize start = 0;

	if (kref_field_is(f, "none"))
		return TRUE;
	while (start <= f->value_len) {
		gsize end = start;
		const gchar *item = f->value + start;
		const gchar *plus;
		CmasimKrefRange range;

		while (end < f->value_len && f->value[end] != ',')
			end++;
		plus = memchr(item, '+', end - start);
		if (plus == NULL || !kref_parse_u64_text(item, (gsize)(plus - item), &range.pfn) ||
		    !kref_parse_u64_text(plus + 1, (gsize)(f->value + end - plus - 1),
		                         &range.count) ||
		    range.count == 0)
			return kref_fail(p, f->value_col + (guint)start,
			                 "released: '%.*s' is not a range (expected 0xPFN+COUNT, "
			                 "comma-separated, or none)",
			                 (gint)(end - start), item);
		g_array_append_val(out, range);
		start = end + 1;
	}
	return TRUE;
}

/*
 * The KEY=VALUE fields of the line from byte @from on, each name of @names
 * exactly once (in any order). Unknown, repeated and missing fields are
 * errors; a missing one is reported just past the end of the line.
 */
static gboolean
kref_parse_fields(KrefParser *p, gsize from, const gchar *const *names, KrefField *fields)
{
	guint n_names = g_strv_length((gchar **)names);
	gsize pos = from;

	memset(fields, 0, sizeof(KrefField) * n_names);
	while (pos < p->len) {
		gsize end = pos;
		const gchar *token = p->text + pos;
		const gchar *eq;
		guint i;

		while (end < p->len && p->text[end] != ' ')
			end++;
		if (end == pos)
			return kref_fail(p, (guint)pos + 1,
			                 "empty field (fields are separated by one space)");
		eq = memchr(token, '=', end - pos);
		if (eq == NULL || eq == token)
			return kref_fail(p, (guint)pos + 1,
			                 "'%.*s' is not a field (expected KEY=VALUE)",
			                 (gint)(end - pos), token);
		for (i = 0; i < n_names; i++) {
			if ((gsize)(eq - token) == strlen(names[i]) &&
			    memcmp(token, names[i], (gsize)(eq - token)) == 0)
				break;
		}
		if (i == n_names) {
			g_autofree gchar *expected = g_strjoinv(", ", (gchar **)names);
			return kref_fail(p, (guint)pos + 1, "unknown field '%.*s' (expected %s)",
			                 (gint)(eq - token), token, expected);
		}
		if (fields[i].seen)
			return kref_fail(p, (guint)pos + 1, "field '%s' given twice", names[i]);
		fields[i].seen = TRUE;
		fields[i].key_col = (guint)pos + 1;
		fields[i].value = eq + 1;
		fields[i].value_len = (gsize)(p->text + end - eq - 1);
		fields[i].value_col = (guint)(eq - p->text) + 2;
		if (fields[i].value_len == 0)
			return kref_fail(p, fields[i].value_col, "%s: empty value", names[i]);
		pos = end + 1;
		if (end + 1 == p->len)
			return kref_fail(p, (guint)p->len + 1, "trailing space");
	}
	for (guint i = 0; i < n_names; i++) {
		if (!fields[i].seen)
			return kref_fail(p, (guint)p->len + 1, "missing field '%s'", names[i]);
	}
	return TRUE;
}

/* the one word after the kind (arch, kernel, scenario, page_size...) */
static gboolean
kref_parse_word(KrefParser *p, gsize from, const gchar *kind, const gchar **word, gsize *len,
                guint *col)
{
	const gchar *space;

	if (from >= p->len)
		return kref_fail(p, (guint)p->len + 1, "%s: missing value", kind);
	space = memchr(p->text + from, ' ', p->len - from);
	if (space != NULL)
		return kref_fail(p, (guint)(space - p->text) + 1,
		                 "%s: unexpected text after the value (expected one word)", kind);
	*word = p->text + from;
	*len = p->len - from;
	*col = (guint)from + 1;
	return TRUE;
}

static gboolean
kref_parse_word_u64(KrefParser *p, gsize from, const gchar *kind, guint64 *out, guint *col)
{
	const gchar *word = NULL;
	gsize len = 0;

	if (!kref_parse_word(p, from, kind, &word, &len, col))
		return FALSE;
	if (!kref_parse_u64_text(word, len, out))
		return kref_fail(p, *col, "%s: '%.*s' is not a number (expected a decimal integer)",
		                 kind, (gint)len, word);
	return TRUE;
}

static const gchar *const kref_state_fields[] = {
    "used", "maxchunk", "nr_free_pages", "nr_free_cma", "nr_file_pages", "nr_anon_pages", NULL,
};

static gboolean
kref_parse_state(KrefParser *p, gsize from, CmasimKrefState *out)
{
	KrefField f[6];
	guint64 *slots[] = {&out->used,        &out->maxchunk,      &out->nr_free_pages,
	                    &out->nr_free_cma, &out->nr_file_pages, &out->nr_anon_pages};

	if (!kref_parse_fields(p, from, kref_state_fields, f))
		return FALSE;
	for (guint i = 0; i < G_N_ELEMENTS(slots); i++) {
		if (!kref_field_u64(p, kref_state_fields[i], &f[i], slots[i]))
			return FALSE;
	}
	return TRUE;
}

static gboolean
kref_parse_zone(KrefParser *p, gsize from, CmasimKrefCapture *c)
{
	static const gchar *const names[] = {"name",    "start_pfn", "spanned",
	                                     "present", "managed",   NULL};
	static const gchar *const zone_names[] = {"DMA",     "DMA32",   "Normal",
	                                          "HighMem", "Movable", NULL};
	KrefField f[5];
	CmasimKrefZone zone;
	guint rank = 0;

	memset(&zone, 0, sizeof(zone));
	if (!kref_parse_fields(p, from, names, f))
		return FALSE;
	for (rank = 0; zone_names[rank] != NULL; rank++) {
		if (kref_field_is(&f[0], zone_names[rank]))
			break;
	}
	if (zone_names[rank] == NULL)
		return kref_fail(p, f[0].value_col,
		                 "name: unknown zone '%.*s' (expected DMA, DMA32, Normal, HighMem "
		                 "or Movable)",
		                 (gint)f[0].value_len, f[0].value);
	memcpy(zone.name, f[0].value, f[0].value_len);
	if (!kref_field_u64(p, "start_pfn", &f[1], &zone.start_pfn) ||
	    !kref_field_u64(p, "spanned", &f[2], &zone.spanned) ||
	    !kref_field_u64(p, "present", &f[3], &zone.present) ||
	    !kref_field_u64(p, "managed", &f[4], &zone.managed))
		return FALSE;
	if (zone.spanned == 0)
		return kref_fail(p, f[2].value_col, "spanned: a populated zone has pages");
	if (zone.spanned > G_MAXUINT32 || zone.start_pfn > G_MAXUINT32)
		return kref_fail(p, f[1].value_col, "start_pfn: the zone is beyond 2^32 pages");
	if (zone.present > zone.spanned)
		return kref_fail(p, f[3].value_col,
		                 "present: more than spanned (%" G_GUINT64_FORMAT ")",
		                 zone.spanned);
	if (zone.managed > zone.present)
		return kref_fail(p, f[4].value_col,
		                 "managed: more than present (%" G_GUINT64_FORMAT ")",
		                 zone.present);
	if (c->zones->len > 0) {
		const CmasimKrefZone *prev =
		    &g_array_index(c->zones, CmasimKrefZone, c->zones->len - 1);
		guint prev_rank = 0;
		while (g_strcmp0(zone_names[prev_rank], prev->name) != 0)
			prev_rank++;
		if (rank <= prev_rank)
			return kref_fail(
			    p, f[0].value_col,
			    "name: zone %s after %s (expected DMA, DMA32, Normal, HighMem, "
			    "Movable in this order)",
			    zone.name, prev->name);
		if (zone.start_pfn < prev->start_pfn + prev->spanned)
			return kref_fail(
			    p, f[1].value_col,
			    "start_pfn: the zone overlaps %s (which ends at pfn 0x%" PRIx64 ")",
			    prev->name, prev->start_pfn + prev->spanned);
	}
	g_array_append_val(c->zones, zone);
	return TRUE;
}

static gboolean
kref_parse_area(KrefParser *p, gsize from, CmasimKrefCapture *c)
{
	static const gchar *const names[] = {"name", "base_pfn", "count", "order_per_bit", NULL};
	KrefField f[4];
	guint64 opb = 0;

	if (!kref_parse_fields(p, from, names, f))
		return FALSE;
	if (f[0].value_len > 63)
		return kref_fail(p, f[0].value_col, "name: longer than 63 characters");
	for (gsize i = 0; i < f[0].value_len; i++) {
		gchar ch = f[0].value[i];
		if (!g_ascii_isalnum(ch) && strchr("._,@+-", ch) == NULL)
			return kref_fail(p, f[0].value_col + (guint)i,
			                 "name: '%c' is not allowed in an area name", ch);
	}
	c->area_name = g_strndup(f[0].value, f[0].value_len);
	if (!kref_field_u64(p, "base_pfn", &f[1], &c->area_base_pfn) ||
	    !kref_field_u64(p, "count", &f[2], &c->area_count) ||
	    !kref_field_u64(p, "order_per_bit", &f[3], &opb))
		return FALSE;
	if (c->area_count == 0)
		return kref_fail(p, f[2].value_col, "count: the area has no pages");
	if (opb > CMASIM_KREF_MAX_ORDER)
		return kref_fail(p, f[3].value_col, "order_per_bit: above %u",
		                 CMASIM_KREF_MAX_ORDER);
	c->area_order_per_bit = (guint)opb;
	if (c->area_count % (G_GUINT64_CONSTANT(1) << opb) != 0)
		return kref_fail(p, f[2].value_col,
		                 "count: not a whole number of 2^order_per_bit pages");
	return TRUE;
}

static gboolean
kref_parse_background(KrefParser *p, gsize from, CmasimKrefCapture *c)
{
	static const gchar *const names[] = {"kind", "bytes", NULL};
	static const gchar *const kinds[] = {"none", "anon", "pagecache", "shmem", NULL};
	KrefField f[2];
	guint k;

	if (!kref_parse_fields(p, from, names, f))
		return FALSE;
	for (k = 0; kinds[k] != NULL; k++) {
		if (kref_field_is(&f[0], kinds[k]))
			break;
	}
	if (kinds[k] == NULL)
		return kref_fail(p, f[0].value_col,
		                 "kind: '%.*s' is not a background (expected none, anon, pagecache "
		                 "or shmem)",
		                 (gint)f[0].value_len, f[0].value);
	c->background_kind = (CmasimKrefBackgroundKind)k;
	if (!kref_field_u64(p, "bytes", &f[1], &c->background_bytes))
		return FALSE;
	if (c->background_kind != CMASIM_KREF_BACKGROUND_NONE && c->background_bytes == 0)
		return kref_fail(p, f[1].value_col, "bytes: a background of kind %s needs bytes",
		                 kinds[k]);
	/* a file may stream through the page cache; anon and shmem pages must all fit */
	if (c->background_bytes > c->ram_bytes &&
	    c->background_kind != CMASIM_KREF_BACKGROUND_PAGECACHE)
		return kref_fail(p, f[1].value_col, "bytes: more than ram_bytes for kind %s",
		                 kinds[k]);
	return TRUE;
}

static gboolean
kref_parse_op(KrefParser *p, gsize from, CmasimKrefCapture *c)
{
	static const gchar *const names[] = {
	    "seq",
	    "cmd",
	    "count",
	    "rc",
	    "pfn",
	    "released",
	    "used",
	    "maxchunk",
	    "pgmigrate_success",
	    "pgmigrate_fail",
	    "file_dropped",
	    "retries",
	    NULL,
	};
	KrefField f[12];
	CmasimKrefOp op;
	guint64 seq = 0;
	guint expected = c->ops->len + 1;

	memset(&op, 0, sizeof(op));
	if (!kref_parse_fields(p, from, names, f))
		return FALSE;
	if (!kref_field_u64(p, "seq", &f[0], &seq))
		return FALSE;
	if (seq != expected)
		return kref_fail(p, f[0].value_col,
		                 "seq: %" G_GUINT64_FORMAT " out of order (expected %u)", seq,
		                 expected);
	op.seq = (guint)seq;
	op.line = p->line;
	if (kref_field_is(&f[1], "alloc"))
		op.cmd = CMASIM_KREF_OP_ALLOC;
	else if (kref_field_is(&f[1], "free"))
		op.cmd = CMASIM_KREF_OP_FREE;
	else
		return kref_fail(p, f[1].value_col, "cmd: '%.*s' (expected alloc or free)",
		                 (gint)f[1].value_len, f[1].value);
	if (!kref_field_u64(p, "count", &f[2], &op.count) || !kref_field_rc(p, &f[3], &op.rc) ||
	    !kref_field_pfn(p, &f[4], &op.pfn))
		return FALSE;
	if (op.count == 0 || op.count > G_MAXUINT32)
		return kref_fail(p, f[2].value_col,
		                 "count: %" G_GUINT64_FORMAT " (expected 1 to 2^32 - 1 pages)",
		                 op.count);
	if (op.cmd == CMASIM_KREF_OP_ALLOC && op.rc == 0 && op.pfn == CMASIM_KREF_PFN_NONE)
		return kref_fail(p, f[4].value_col,
		                 "pfn: a successful alloc needs the chunk's pfn");
	if (op.pfn != CMASIM_KREF_PFN_NONE && (op.cmd == CMASIM_KREF_OP_FREE || op.rc != 0))
		return kref_fail(p, f[4].value_col, "pfn: only a successful alloc has a pfn");
	for (guint i = 6; i < 12; i++) {
		guint64 *slots[] = {&op.used,           &op.maxchunk,     &op.pgmigrate_success,
		                    &op.pgmigrate_fail, &op.file_dropped, &op.retries};
		if (!kref_field_u64(p, names[i], &f[i], slots[i - 6]))
			return FALSE;
	}
	op.released = g_array_new(FALSE, FALSE, sizeof(CmasimKrefRange));
	if (!kref_field_ranges(p, &f[5], op.released)) {
		g_array_unref(op.released);
		return FALSE;
	}
	if (op.cmd == CMASIM_KREF_OP_ALLOC && op.released->len > 0) {
		g_array_unref(op.released);
		return kref_fail(p, f[5].value_col, "released: an alloc releases nothing");
	}
	g_array_append_val(c->ops, op);
	return TRUE;
}

static gboolean
kref_parse_line(KrefParser *p, KrefLineKind kind, gsize from, CmasimKrefCapture *c)
{
	const gchar *word = NULL;
	gsize len = 0;
	guint col = 0;
	guint64 value = 0;

	switch (kind) {
	case KREF_LINE_ARCH:
		if (!kref_parse_word(p, from, "arch", &word, &len, &col))
			return FALSE;
		c->arch = g_strndup(word, len);
		if (g_strcmp0(c->arch, "arm32") != 0 && g_strcmp0(c->arch, "arm64") != 0 &&
		    g_strcmp0(c->arch, "x86-64") != 0)
			return kref_fail(p, col, "arch: '%s' (expected arm32, arm64 or x86-64)",
			                 c->arch);
		return TRUE;
	case KREF_LINE_KERNEL:
		if (!kref_parse_word(p, from, "kernel", &word, &len, &col))
			return FALSE;
		c->kernel = g_strndup(word, len);
		return TRUE;
	case KREF_LINE_CMDLINE:
		c->cmdline = g_strndup(p->text + MIN(from, p->len), p->len - MIN(from, p->len));
		return TRUE;
	case KREF_LINE_SCENARIO:
		if (!kref_parse_word(p, from, "scenario", &word, &len, &col))
			return FALSE;
		c->scenario = g_strndup(word, len);
		for (gsize i = 0; i < len; i++) {
			if (!g_ascii_isalnum(word[i]) && word[i] != '-' && word[i] != '_')
				return kref_fail(
				    p, col + (guint)i,
				    "scenario: '%c' is not allowed (letters, digits, - and _)",
				    word[i]);
		}
		return TRUE;
	case KREF_LINE_PAGE_SIZE:
		if (!kref_parse_word_u64(p, from, "page_size", &value, &col))
			return FALSE;
		if (value < 4096 || value > 65536 || (value & (value - 1)) != 0)
			return kref_fail(p, col,
			                 "page_size: %" G_GUINT64_FORMAT
			                 " (expected a power of two from 4096 to 65536)",
			                 value);
		c->page_size = value;
		return TRUE;
	case KREF_LINE_PAGEBLOCK_ORDER:
		if (!kref_parse_word_u64(p, from, "pageblock_order", &value, &col))
			return FALSE;
		if (value > CMASIM_KREF_MAX_ORDER)
			return kref_fail(p, col,
			                 "pageblock_order: %" G_GUINT64_FORMAT
			                 " is above the max_order %u",
			                 value, CMASIM_KREF_MAX_ORDER);
		c->pageblock_order = (guint)value;
		return TRUE;
	case KREF_LINE_RAM_BYTES:
		if (!kref_parse_word_u64(p, from, "ram_bytes", &value, &col))
			return FALSE;
		if (value == 0 || value % c->page_size != 0)
			return kref_fail(p, col,
			                 "ram_bytes: %" G_GUINT64_FORMAT
			                 " is not a whole number of pages",
			                 value);
		c->ram_bytes = value;
		return TRUE;
	case KREF_LINE_ZONE:
		return kref_parse_zone(p, from, c);
	case KREF_LINE_AREA:
		return kref_parse_area(p, from, c);
	case KREF_LINE_BOOT:
		return kref_parse_state(p, from, &c->boot);
	case KREF_LINE_BACKGROUND:
		return kref_parse_background(p, from, c);
	case KREF_LINE_READY:
		return kref_parse_state(p, from, &c->ready);
	case KREF_LINE_OP:
		return kref_parse_op(p, from, c);
	case KREF_LINE_END:
		return kref_parse_state(p, from, &c->end);
	case KREF_LINE_HEADER:
	case KREF_LINE_KINDS:
	default:
		break;
	}
	return kref_fail(p, 1, "internal: unexpected line kind");
}

/* the capture's area must lie inside one zone */
static gboolean
kref_check_area(const CmasimKrefCapture *c, guint area_line, GError **error)
{
	for (guint z = 0; z < c->zones->len; z++) {
		const CmasimKrefZone *zone = &g_array_index(c->zones, CmasimKrefZone, z);
		if (c->area_base_pfn >= zone->start_pfn &&
		    c->area_base_pfn + c->area_count <= zone->start_pfn + zone->spanned)
			return TRUE;
	}
	g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_PARSE,
	            "%s:%u:1: area: pfns 0x%" PRIx64 "+%" G_GUINT64_FORMAT
	            " are not inside one zone",
	            c->path, area_line, c->area_base_pfn, c->area_count);
	return FALSE;
}

CmasimKrefCapture *
cmasim_kref_capture_parse(const gchar *name, const gchar *data, gsize len, GError **error)
{
	g_autoptr(CmasimKrefCapture) c = g_new0(CmasimKrefCapture, 1);
	KrefParser p = {name, 0, NULL, 0, error};
	KrefLineKind last = KREF_LINE_HEADER;
	gboolean seen[KREF_LINE_KINDS] = {FALSE};
	guint area_line = 0;
	gsize pos = 0;

	c->path = g_strdup(name);
	c->zones = g_array_new(FALSE, FALSE, sizeof(CmasimKrefZone));
	c->ops = g_array_new(FALSE, FALSE, sizeof(CmasimKrefOp));
	g_array_set_clear_func(c->ops, cmasim_kref_op_clear);
	if (memchr(data, '\0', len) != NULL) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_PARSE, "%s:1:1: NUL byte in the file",
		            name);
		return NULL;
	}
	while (pos < len) {
		const gchar *nl = memchr(data + pos, '\n', len - pos);
		gsize line_len = nl != NULL ? (gsize)(nl - (data + pos)) : len - pos;
		KrefLineKind kind;
		gsize word_len;

		p.line++;
		p.text = data + pos;
		p.len = line_len;
		pos += line_len + 1;
		if (p.len > 0 && p.text[p.len - 1] == '\r')
			p.len--;
		if (p.line == 1) {
			if (p.len != strlen(CMASIM_KREF_HEADER) ||
			    memcmp(p.text, CMASIM_KREF_HEADER, p.len) != 0) {
				if (p.len > 14 && memcmp(p.text, "# cmasim-kref ", 14) == 0)
					return kref_fail(&p, 15,
					                 "unsupported capture version (expected "
					                 "'" CMASIM_KREF_HEADER "')"),
					       NULL;
				return kref_fail(
				           &p, 1,
				           "not a kernel capture (expected '" CMASIM_KREF_HEADER
				           "' on the first line)"),
				       NULL;
			}
			seen[KREF_LINE_HEADER] = TRUE;
			continue;
		}
		if (p.len == 0 || p.text[0] == '#')
			continue;
		if (!g_utf8_validate(p.text, (gssize)p.len, NULL))
			return kref_fail(&p, 1, "invalid UTF-8"), NULL;
		for (word_len = 0; word_len < p.len && p.text[word_len] != ' '; word_len++)
			;
		for (kind = KREF_LINE_ARCH; kind < KREF_LINE_KINDS; kind++) {
			if (word_len == strlen(kref_line_names[kind]) &&
			    memcmp(p.text, kref_line_names[kind], word_len) == 0)
				break;
		}
		if (kind == KREF_LINE_KINDS)
			return kref_fail(
			           &p, 1,
			           "unknown line kind '%.*s' (expected arch, kernel, cmdline, "
			           "scenario, page_size, pageblock_order, ram_bytes, zone, area, "
			           "boot, background, ready, op or end)",
			           (gint)word_len, p.text),
			       NULL;
		if (seen[KREF_LINE_END])
			return kref_fail(&p, 1, "'%s' line after the 'end' line",
			                 kref_line_names[kind]),
			       NULL;
		if (kind < last)
			return kref_fail(&p, 1, "'%s' line after the '%s' line (out of order)",
			                 kref_line_names[kind], kref_line_names[last]),
			       NULL;
		if (seen[kind] && kind != KREF_LINE_ZONE && kind != KREF_LINE_OP)
			return kref_fail(&p, 1, "a second '%s' line", kref_line_names[kind]), NULL;
		for (KrefLineKind k = last + 1; k < kind; k++) {
			if (k != KREF_LINE_OP && !seen[k])
				return kref_fail(&p, 1, "missing '%s' line before this '%s' line",
				                 kref_line_names[k], kref_line_names[kind]),
				       NULL;
		}
		if (kind == KREF_LINE_AREA)
			area_line = p.line;
		if (!kref_parse_line(&p, kind, word_len < p.len ? word_len + 1 : p.len, c))
			return NULL;
		seen[kind] = TRUE;
		last = kind;
	}
	if (p.line == 0) {
		p.line = 1;
		p.len = 0;
		return kref_fail(&p, 1, "empty file (expected '" CMASIM_KREF_HEADER "')"), NULL;
	}
	for (KrefLineKind k = last + 1; k < KREF_LINE_KINDS; k++) {
		if (k != KREF_LINE_OP && !seen[k]) {
			/* just past the last line */
			p.line++;
			return kref_fail(&p, 1, "missing '%s' line at the end of the file",
			                 kref_line_names[k]),
			       NULL;
		}
	}
	if (!kref_check_area(c, area_line, error))
		return NULL;
	return g_steal_pointer(&c);
}

CmasimKrefCapture *
cmasim_kref_capture_load(const gchar *path, GError **error)
{
	g_autofree gchar *file = NULL;
	g_autofree gchar *data = NULL;
	g_autoptr(GError) local = NULL;
	gsize len = 0;

	if (g_file_test(path, G_FILE_TEST_IS_DIR))
		file = g_build_filename(path, "ops.log", NULL);
	else
		file = g_strdup(path);
	if (!g_file_get_contents(file, &data, &len, &local)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO, "%s", local->message);
		return NULL;
	}
	return cmasim_kref_capture_parse(file, data, len, error);
}

/* ---- the debugfs chunk list ---- */

typedef struct {
	guint id;      /* the seq of the alloc */
	guint64 count; /* pages it still holds */
} KrefChunk;

GArray *
cmasim_kref_release_walk(const CmasimKrefCapture *capture)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(CmasimKrefRelease));
	g_autoptr(GArray) chunks = g_array_new(FALSE, FALSE, sizeof(KrefChunk)); /* head last */

	for (guint i = 0; i < capture->ops->len; i++) {
		const CmasimKrefOp *op = &g_array_index(capture->ops, CmasimKrefOp, i);
		guint64 left = op->count;

		if (op->cmd == CMASIM_KREF_OP_ALLOC) {
			if (op->rc == 0) {
				KrefChunk chunk = {op->seq, op->count};
				g_array_append_val(chunks, chunk);
			}
			continue;
		}
		while (left > 0 && chunks->len > 0) {
			KrefChunk *head = &g_array_index(chunks, KrefChunk, chunks->len - 1);
			CmasimKrefRelease release = {op->seq, head->id, 0, FALSE};
			if (head->count <= left) {
				release.count = head->count;
				release.whole = TRUE;
				left -= head->count;
				g_array_append_val(out, release);
				g_array_set_size(chunks, chunks->len - 1);
				continue;
			}
			if (capture->area_order_per_bit == 0) {
				release.count = left;
				head->count -= left;
				g_array_append_val(out, release);
			}
			break;
		}
	}
	return out;
}

/* ---- the workload ---- */

void
cmasim_kref_write_options_init(CmasimKrefWriteOptions *options)
{
	/* this build's workload format has both (machine.reserved, cma_release count) */
	options->machine_reserved = TRUE;
	options->release_count = TRUE;
	options->op_spacing_ns = 0;
}

gchar *
cmasim_kref_workload_name(const CmasimKrefCapture *capture)
{
	return g_strdup_printf("kernel-%s-%s", capture->arch, capture->scenario);
}

/* the capture directory's name (or the file's, for an ops.log elsewhere) */
static gchar *
kref_capture_label(const CmasimKrefCapture *capture)
{
	g_autofree gchar *base = g_path_get_basename(capture->path);
	if (g_strcmp0(base, "ops.log") == 0) {
		g_autofree gchar *dir = g_path_get_dirname(capture->path);
		return g_path_get_basename(dir);
	}
	return g_steal_pointer(&base);
}

static void
kref_append_size(GString *out, guint64 bytes)
{
	g_autofree gchar *text = cmasim_format_size_bytes(bytes);
	g_string_append(out, text);
}

static void
kref_append_time(GString *out, CmasimTimeNs ns)
{
	g_autofree gchar *text = cmasim_format_time_ns(ns);
	g_string_append(out, text);
}

/* when the background load is in place: streams at 1 GiB/s, with a quarter more for the
 * Poisson arrivals, rounded up to a millisecond; a fill is done at time 0 */
static CmasimTimeNs
kref_background_end_ns(const CmasimKrefCapture *c)
{
	gdouble seconds;
	CmasimTimeNs ns;

	if (c->background_kind != CMASIM_KREF_BACKGROUND_PAGECACHE &&
	    c->background_kind != CMASIM_KREF_BACKGROUND_SHMEM)
		return 0;
	seconds = (gdouble)c->background_bytes / CMASIM_KREF_STREAM_BANDWIDTH_BYTES_PER_S * 1.25;
	ns = (CmasimTimeNs)ceil(seconds * 1000.0) * 1000000;
	return ns;
}

gboolean
cmasim_kref_write_workload(const CmasimKrefCapture *c, GString *out,
                           const CmasimKrefWriteOptions *options, GError **error)
{
	CmasimKrefWriteOptions defaults;
	g_autoptr(GArray) releases = cmasim_kref_release_walk(c);
	g_autofree gchar *name = cmasim_kref_workload_name(c);
	g_autofree gchar *label = kref_capture_label(c);
	const CmasimKrefZone *first = &g_array_index(c->zones, CmasimKrefZone, 0);
	const CmasimKrefZone *last = &g_array_index(c->zones, CmasimKrefZone, c->zones->len - 1);
	guint64 pageblock_pages = G_GUINT64_CONSTANT(1) << c->pageblock_order;
	guint64 base_pfn = first->start_pfn / pageblock_pages * pageblock_pages;
	guint64 end_pfn = last->start_pfn + last->spanned;
	guint64 bank_bytes = (end_pfn - base_pfn) * c->page_size;
	guint64 ram_bytes = bank_bytes;
	guint64 managed = 0;
	CmasimTimeNs first_ns = kref_background_end_ns(c) + 1000000;
	CmasimTimeNs spacing_ns;
	g_autofree gchar *spacing_text = NULL;
	CmasimTimeNs last_ns = 0;
	guint r = 0;

	if (c->ram_bytes < bank_bytes) {
		/* e.g. x86-64 above 3 GiB: the PCI hole would need a second bank */
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_NOT_SUPPORTED,
		            "%s: the zones span %" G_GUINT64_FORMAT " bytes from pfn 0x%" PRIx64
		            " but ram_bytes is %" G_GUINT64_FORMAT
		            ": memory with holes is not imported (one bank only)",
		            c->path, bank_bytes, base_pfn, c->ram_bytes);
		return FALSE;
	}
	if (options == NULL) {
		cmasim_kref_write_options_init(&defaults);
		options = &defaults;
	}
	spacing_ns =
	    options->op_spacing_ns > 0 ? options->op_spacing_ns : CMASIM_KREF_DEFAULT_OP_SPACING_NS;
	spacing_text = cmasim_format_time_ns(spacing_ns);
	/* the first op on a whole multiple of the spacing: op seq k at k s when the background
	 * takes less than a second */
	first_ns = (first_ns + spacing_ns - 1) / spacing_ns * spacing_ns;
	for (guint i = 0; i < releases->len; i++) {
		const CmasimKrefRelease *rel = &g_array_index(releases, CmasimKrefRelease, i);
		if (!rel->whole && !options->release_count) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_NOT_SUPPORTED,
			            "%s: op seq=%u frees part of the chunk of op seq=%u, and this "
			            "cmasim's cma_release has no count",
			            c->path, rel->seq, rel->id);
			return FALSE;
		}
	}

	g_string_append_printf(out,
	                       "# Imported by cmasim import-kernel from the kernel capture %s:\n"
	                       "# Linux %s, %s, scenario %s, background %s (%" G_GUINT64_FORMAT
	                       " bytes).\n"
	                       "# The capture's machine, CMA area and background, then its %u "
	                       "debugfs cma\n"
	                       "# alloc/free writes as timed events, one every %s.\n",
	                       label, c->kernel, c->arch, c->scenario,
	                       cmasim_kref_background_kind_to_string(c->background_kind),
	                       c->background_bytes, c->ops->len, spacing_text);
	g_string_append_printf(out, "version: 1\nname: %s\nseed: 1\nduration: ", name);
	for (guint i = 0; i < c->ops->len; i++)
		last_ns = first_ns + (CmasimTimeNs)i * spacing_ns;
	kref_append_time(out, (c->ops->len > 0 ? last_ns : first_ns) + 1000000000);
	g_string_append_printf(out, "\nmachine:\n  arch: %s\n  ram: ", c->arch);
	kref_append_size(out, ram_bytes);
	g_string_append(out, "\n  page_size: ");
	kref_append_size(out, c->page_size);
	g_string_append_printf(out, "\n  max_order: %u\n  pageblock_order: %u\n",
	                       CMASIM_KREF_MAX_ORDER, c->pageblock_order);
	g_string_append_printf(
	    out, "  banks:\n    - {base: 0x%" PRIx64 ", size: ", base_pfn * c->page_size);
	kref_append_size(out, bank_bytes);
	g_string_append(out, "}\n  zones:\n");
	for (guint z = 0; z < c->zones->len; z++) {
		const CmasimKrefZone *zone = &g_array_index(c->zones, CmasimKrefZone, z);
		guint64 from = z == 0 ? base_pfn : zone->start_pfn;
		guint64 to = z + 1 < c->zones->len
		                 ? g_array_index(c->zones, CmasimKrefZone, z + 1).start_pfn
		                 : zone->start_pfn + zone->spanned;
		g_string_append_printf(out, "    - {name: %s, size: ", zone->name);
		kref_append_size(out, (to - from) * c->page_size);
		g_string_append(out, "}\n");
		managed += zone->managed;
	}
	if (options->machine_reserved) {
		guint64 held = c->boot.nr_free_pages + c->boot.used;
		guint64 boot_unmovable = managed > held ? managed - held : 0;
		/* every page of the bank the kernel does not manage: memblock reservations
		 * (present - managed) and the holes of the firmware's memory map (spanned -
		 * present, pages before the first zone), which are never free either */
		g_string_append(out, "  reserved: ");
		kref_append_size(out, (end_pfn - base_pfn - managed) * c->page_size);
		g_string_append(out, "\n  boot_unmovable: ");
		kref_append_size(out, boot_unmovable * c->page_size);
		g_string_append_c(out, '\n');
	}

	g_string_append_printf(out, "regions:\n  - name: %s\n    base: 0x%" PRIx64 "\n    size: ",
	                       c->area_name, c->area_base_pfn * c->page_size);
	kref_append_size(out, c->area_count * c->page_size);
	g_string_append_printf(out, "\n    order_per_bit: %u\n    linux,cma-default: true\n",
	                       c->area_order_per_bit);

	switch (c->background_kind) {
	case CMASIM_KREF_BACKGROUND_NONE:
		break;
	case CMASIM_KREF_BACKGROUND_ANON: {
		/* fill owns floor(ram pages x fill / 100) pages: aim at the middle of the page */
		guint64 pages = (c->background_bytes + c->page_size - 1) / c->page_size;
		gdouble percent =
		    ((gdouble)pages + 0.5) * 100.0 / (gdouble)(ram_bytes / c->page_size);
		gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
		g_ascii_formatd(buf, sizeof(buf), "%.6f", MIN(percent, 100.0));
		g_string_append_printf(
		    out,
		    "tasks:\n  - name: anon\n    type: background\n    kind: anon\n"
		    "    fill: %s%%\n    lifetime: 0\n",
		    buf);
		break;
	}
	case CMASIM_KREF_BACKGROUND_PAGECACHE:
	case CMASIM_KREF_BACKGROUND_SHMEM:
		g_string_append_printf(
		    out, "tasks:\n  - name: %s\n    type: background\n    kind: %s\n    stream: ",
		    cmasim_kref_background_kind_to_string(c->background_kind),
		    c->background_kind == CMASIM_KREF_BACKGROUND_SHMEM ? "shmem" : "file");
		kref_append_size(out, c->background_bytes);
		g_string_append(out, "\n    bandwidth: 1GiB/s\n");
		break;
	default:
		break;
	}

	if (c->ops->len > 0)
		g_string_append(out, "events:\n");
	for (guint i = 0; i < c->ops->len; i++) {
		const CmasimKrefOp *op = &g_array_index(c->ops, CmasimKrefOp, i);
		CmasimTimeNs at = first_ns + (CmasimTimeNs)i * spacing_ns;
		if (op->cmd == CMASIM_KREF_OP_ALLOC) {
			g_string_append(out, "  - {at: ");
			kref_append_time(out, at);
			g_string_append_printf(out,
			                       ", op: cma_alloc, id: %u, count: %" G_GUINT64_FORMAT
			                       ", align: 0}\n",
			                       op->seq, op->count);
			continue;
		}
		if (r == releases->len ||
		    g_array_index(releases, CmasimKrefRelease, r).seq != op->seq) {
			g_string_append_printf(
			    out, "  # seq %u: free %" G_GUINT64_FORMAT " releases nothing\n",
			    op->seq, op->count);
			continue;
		}
		for (; r < releases->len &&
		       g_array_index(releases, CmasimKrefRelease, r).seq == op->seq;
		     r++) {
			const CmasimKrefRelease *rel =
			    &g_array_index(releases, CmasimKrefRelease, r);
			g_string_append(out, "  - {at: ");
			kref_append_time(out, at);
			g_string_append_printf(out, ", op: cma_release, id: %u", rel->id);
			if (!rel->whole)
				g_string_append_printf(out, ", count: %" G_GUINT64_FORMAT,
				                       rel->count);
			g_string_append(out, "}\n");
		}
	}
	g_string_append(out, "policy:\n  name: cma\n  cma:\n    behaviour: mainline\n");
	return TRUE;
}

/* ---- agreement ---- */

gboolean
cmasim_kref_count_agrees(guint64 kernel, guint64 sim, gdouble tolerance_pct,
                         guint64 pageblock_pages)
{
	gdouble diff = fabs((gdouble)sim - (gdouble)kernel);
	gdouble allowed = MAX((gdouble)kernel * tolerance_pct / 100.0, (gdouble)pageblock_pages);
	return diff <= allowed;
}

/* one replay row of requests.tsv */
typedef struct {
	guint64 id;
	guint64 count;
	gchar status[16];
	gint64 pfn;
	guint64 migrated;
	guint64 dropped;
	guint64 arrival_ns;
	guint64 finish_ns;
	guint line;
} KrefSimRow;

static gint
kref_sim_row_cmp(gconstpointer a, gconstpointer b)
{
	const KrefSimRow *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id ? 1 : 0;
}

static GArray *
kref_read_requests(const gchar *path, GError **error)
{
	static const gchar *const wanted[] = {
	    "id",         "task",      "count", "status", "pfn", "pages_migrated", "pages_dropped",
	    "arrival_ns", "finish_ns", NULL};
	g_autofree gchar *data = NULL;
	g_autoptr(GError) local = NULL;
	g_autoptr(GArray) rows = g_array_new(FALSE, TRUE, sizeof(KrefSimRow));
	g_auto(GStrv) lines = NULL;
	gint col[9] = {-1, -1, -1, -1, -1, -1, -1, -1, -1};
	guint n_cols = 0;

	if (!g_file_get_contents(path, &data, NULL, &local)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO, "%s", local->message);
		return NULL;
	}
	lines = g_strsplit(data, "\n", -1);
	if (lines[0] == NULL || !g_str_has_prefix(lines[0], "# ")) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_PARSE,
		            "%s:1:1: no header (expected '# id<TAB>task<TAB>...')", path);
		return NULL;
	}
	{
		g_auto(GStrv) names = g_strsplit(lines[0] + 2, "\t", -1);
		n_cols = g_strv_length(names);
		for (guint w = 0; wanted[w] != NULL; w++) {
			for (guint i = 0; i < n_cols; i++) {
				if (g_strcmp0(names[i], wanted[w]) == 0)
					col[w] = (gint)i;
			}
			if (col[w] < 0) {
				g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_PARSE,
				            "%s:1:1: no '%s' column", path, wanted[w]);
				return NULL;
			}
		}
	}
	for (guint l = 1; lines[l] != NULL; l++) {
		g_auto(GStrv) cells = NULL;
		KrefSimRow row;
		const gchar *bad = NULL;
		gint64 pfn = 0;
		gchar *end = NULL;

		if (lines[l][0] == '\0' || lines[l][0] == '#')
			continue;
		cells = g_strsplit(lines[l], "\t", -1);
		if (g_strv_length(cells) != n_cols) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_PARSE,
			            "%s:%u:1: %u cells (expected %u, as in the header)", path,
			            l + 1, g_strv_length(cells), n_cols);
			return NULL;
		}
		if (g_strcmp0(cells[col[1]], "replay") != 0)
			continue;
		memset(&row, 0, sizeof(row));
		row.line = l + 1;
		if (!kref_parse_u64_text(cells[col[0]], strlen(cells[col[0]]), &row.id))
			bad = "id";
		else if (!kref_parse_u64_text(cells[col[2]], strlen(cells[col[2]]), &row.count))
			bad = "count";
		else if (!kref_parse_u64_text(cells[col[5]], strlen(cells[col[5]]), &row.migrated))
			bad = "pages_migrated";
		else if (!kref_parse_u64_text(cells[col[6]], strlen(cells[col[6]]), &row.dropped))
			bad = "pages_dropped";
		else if (!kref_parse_u64_text(cells[col[7]], strlen(cells[col[7]]),
		                              &row.arrival_ns))
			bad = "arrival_ns";
		else if (!kref_parse_u64_text(cells[col[8]], strlen(cells[col[8]]), &row.finish_ns))
			bad = "finish_ns";
		else {
			errno = 0;
			pfn = g_ascii_strtoll(cells[col[4]], &end, 10);
			if (errno != 0 || end == cells[col[4]] || *end != '\0' || pfn < -1)
				bad = "pfn";
		}
		if (bad != NULL) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_PARSE,
			            "%s:%u:1: %s is not a number", path, l + 1, bad);
			return NULL;
		}
		row.pfn = pfn;
		g_strlcpy(row.status, cells[col[3]], sizeof(row.status));
		g_array_append_val(rows, row);
	}
	g_array_sort(rows, kref_sim_row_cmp);
	return g_steal_pointer(&rows);
}

/* append @text padded with spaces to @width characters (UTF-8 aware) */
static void
kref_cell(GString *out, const gchar *text, guint width, gboolean right)
{
	glong n = g_utf8_strlen(text, -1);
	if (right)
		for (glong i = n; i < (glong)width; i++)
			g_string_append_c(out, ' ');
	g_string_append(out, text);
	if (!right)
		for (glong i = n; i < (glong)width; i++)
			g_string_append_c(out, ' ');
	g_string_append_c(out, ' ');
}

#define KREF_YES "\u2713"
#define KREF_NO  "\u2717"

/*
 * one exact line about the boot: kernel @pages against @summary's (the run's
 * summary.yaml, NULL when it has none) memory.boot.@field
 */
static guint
kref_agree_boot(GString *out, const gchar *label, GHashTable *summary, const gchar *field,
                const gchar *what, guint64 pages)
{
	g_autofree gchar *metric = g_strconcat("memory.boot.", field, NULL);
	const CmasimSummaryValue *value =
	    summary != NULL ? g_hash_table_lookup(summary, metric) : NULL;
	guint64 sim = 0;

	if (value == NULL || value->text == NULL ||
	    !kref_parse_u64_text(value->text, strlen(value->text), &sim)) {
		g_string_append_printf(out,
		                       "%s: %s kernel %" G_GUINT64_FORMAT
		                       " pages, sim unknown (summary.yaml has no memory.boot)\n",
		                       label, what, pages);
		return 0;
	}
	g_string_append_printf(out,
	                       "%s: %s kernel %" G_GUINT64_FORMAT " pages, sim %" G_GUINT64_FORMAT
	                       " pages %s\n",
	                       label, what, pages, sim, sim == pages ? KREF_YES : KREF_NO);
	return sim != pages;
}

gboolean
cmasim_kref_agree(const CmasimKrefCapture *c, const gchar *rundir, gdouble tolerance_pct,
                  GString *out, guint *n_disagree, GError **error)
{
	g_autofree gchar *path = g_build_filename(rundir, "requests.tsv", NULL);
	g_autofree gchar *summary_path = g_build_filename(rundir, "summary.yaml", NULL);
	g_autoptr(GHashTable) summary = NULL;
	g_autofree gchar *label = kref_capture_label(c);
	g_autoptr(GArray) rows = kref_read_requests(path, error);
	guint64 pageblock_pages = G_GUINT64_CONSTANT(1) << c->pageblock_order;
	g_autoptr(GArray) walk = cmasim_kref_release_walk(c);
	guint n_alloc = 0, outcome_ok = 0, pfn_ok = 0, migrated_ok = 0, dropped_ok = 0;
	guint n_free = 0, walk_ok = 0, w = 0, n_overlap = 0;
	guint disagree = 0;
	guint64 k_migrated = 0, s_migrated = 0, k_dropped = 0, s_dropped = 0;
	gboolean t_migrated, t_dropped;
	guint k = 0;

	if (rows == NULL)
		return FALSE;
	for (guint i = 0; i < c->ops->len; i++) {
		const CmasimKrefOp *op = &g_array_index(c->ops, CmasimKrefOp, i);
		if (op->cmd != CMASIM_KREF_OP_ALLOC)
			continue;
		if (k < rows->len && g_array_index(rows, KrefSimRow, k).count != op->count) {
			g_set_error(
			    error, CMASIM_ERROR, CMASIM_ERROR_PARSE,
			    "%s:%u:1: request %" G_GUINT64_FORMAT " asked for %" G_GUINT64_FORMAT
			    " pages but op seq=%u of %s allocs %" G_GUINT64_FORMAT
			    " (not a run of this capture?)",
			    path, g_array_index(rows, KrefSimRow, k).line,
			    g_array_index(rows, KrefSimRow, k).id,
			    g_array_index(rows, KrefSimRow, k).count, op->seq, c->path, op->count);
			return FALSE;
		}
		k++;
	}
	if (rows->len > k) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_PARSE,
		            "%s:%u:1: %u replayed requests but %s has %u alloc ops (not a run of "
		            "this capture?)",
		            path, g_array_index(rows, KrefSimRow, k).line, rows->len, c->path, k);
		return FALSE;
	}

	g_string_append_printf(out, "%s (Linux %s, %s, scenario %s) against %s\n", label, c->kernel,
	                       c->arch, c->scenario, rundir);
	kref_cell(out, "seq", 4, TRUE);
	kref_cell(out, "cmd", 5, FALSE);
	kref_cell(out, "count", 7, TRUE);
	kref_cell(out, "kernel rc/pfn", 16, FALSE);
	kref_cell(out, "sim status/pfn", 16, FALSE);
	kref_cell(out, "outcome", 7, FALSE);
	kref_cell(out, "pfn", 3, FALSE);
	kref_cell(out, "migrated k/s", 18, FALSE);
	g_string_append(out, "dropped k/s\n");
	k = 0;
	for (guint i = 0; i < c->ops->len; i++) {
		const CmasimKrefOp *op = &g_array_index(c->ops, CmasimKrefOp, i);
		g_autofree gchar *seq = g_strdup_printf("%u", op->seq);
		g_autofree gchar *count = g_strdup_printf("%" G_GUINT64_FORMAT, op->count);
		g_autofree gchar *kernel = NULL;
		g_autofree gchar *sim = NULL;
		g_autofree gchar *migrated = NULL;
		g_autofree gchar *dropped = NULL;
		const KrefSimRow *row;
		gboolean k_ok, s_ok, o_agree, p_agree, m_agree, d_agree;

		kref_cell(out, seq, 4, TRUE);
		kref_cell(out, op->cmd == CMASIM_KREF_OP_ALLOC ? "alloc" : "free", 5, FALSE);
		kref_cell(out, count, 7, TRUE);
		if (op->cmd == CMASIM_KREF_OP_FREE) {
			guint64 released = 0;
			for (guint j = 0; j < op->released->len; j++)
				released += g_array_index(op->released, CmasimKrefRange, j).count;
			guint64 walked = 0;
			for (; w < walk->len &&
			       g_array_index(walk, CmasimKrefRelease, w).seq == op->seq;
			     w++)
				walked += g_array_index(walk, CmasimKrefRelease, w).count;
			n_free++;
			walk_ok += walked == released;
			disagree += walked != released;
			kernel = g_strdup_printf("released %" G_GUINT64_FORMAT, released);
			sim = g_strdup_printf("releases %" G_GUINT64_FORMAT, walked);
			kref_cell(out, kernel, 16, FALSE);
			kref_cell(out, sim, 16, FALSE);
			g_string_append_printf(out, "%s\n",
			                       walked == released ? KREF_YES : KREF_NO);
			continue;
		}
		n_alloc++;
		k_ok = op->rc == 0;
		kernel = k_ok ? g_strdup_printf("0/0x%" PRIx64, op->pfn)
		              : g_strdup_printf("%d/none", op->rc);
		kref_cell(out, kernel, 16, FALSE);
		if (k >= rows->len) {
			/* the sim never finished it */
			kref_cell(out, "unfinished", 16, FALSE);
			g_string_append(out, KREF_NO "       " KREF_NO "   -\n");
			disagree++;
			continue;
		}
		row = &g_array_index(rows, KrefSimRow, k++);
		s_ok = g_strcmp0(row->status, "OK") == 0;
		sim = s_ok ? g_strdup_printf("OK/0x%" PRIx64, (guint64)row->pfn)
		           : g_strdup_printf("%s/none", row->status);
		kref_cell(out, sim, 16, FALSE);
		o_agree = k_ok == s_ok;
		p_agree = o_agree && (!k_ok || op->pfn == (guint64)row->pfn);
		m_agree = cmasim_kref_count_agrees(op->pgmigrate_success, row->migrated,
		                                   tolerance_pct, pageblock_pages);
		d_agree = cmasim_kref_count_agrees(op->file_dropped, row->dropped, tolerance_pct,
		                                   pageblock_pages);
		k_migrated += op->pgmigrate_success;
		s_migrated += row->migrated;
		k_dropped += op->file_dropped;
		s_dropped += row->dropped;
		outcome_ok += o_agree;
		pfn_ok += p_agree;
		migrated_ok += m_agree;
		dropped_ok += d_agree;
		if (!o_agree || !p_agree || !m_agree || !d_agree)
			disagree++;
		kref_cell(out, o_agree ? KREF_YES : KREF_NO, 7, FALSE);
		kref_cell(out, p_agree ? KREF_YES : KREF_NO, 3, FALSE);
		migrated = g_strdup_printf("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " %s",
		                           op->pgmigrate_success, row->migrated,
		                           m_agree ? KREF_YES : KREF_NO);
		kref_cell(out, migrated, 18, FALSE);
		dropped =
		    g_strdup_printf("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " %s",
		                    op->file_dropped, row->dropped, d_agree ? KREF_YES : KREF_NO);
		g_string_append_printf(out, "%s\n", dropped);
	}
	g_string_append_printf(out,
	                       "%s: %u ops (%u alloc), outcome agree %u/%u, pfn agree %u/%u, "
	                       "migrated within tolerance %u/%u, dropped within tolerance %u/%u "
	                       "(\u00b1%g%% or \u00b1%" G_GUINT64_FORMAT " pages), "
	                       "free walk agree %u/%u\n",
	                       label, c->ops->len, n_alloc, outcome_ok, n_alloc, pfn_ok, n_alloc,
	                       migrated_ok, n_alloc, dropped_ok, n_alloc, tolerance_pct,
	                       pageblock_pages, walk_ok, n_free);
	t_migrated = cmasim_kref_count_agrees(k_migrated, s_migrated,
	                                      CMASIM_KREF_TOTAL_TOLERANCE_PCT,
	                                      CMASIM_KREF_TOTAL_SLACK_PAGES);
	t_dropped = cmasim_kref_count_agrees(k_dropped, s_dropped, CMASIM_KREF_TOTAL_TOLERANCE_PCT,
	                                     CMASIM_KREF_TOTAL_SLACK_PAGES);
	disagree += !t_migrated + !t_dropped;
	g_string_append_printf(out,
	                       "%s: totals migrated kernel %" G_GUINT64_FORMAT " sim %" G_GUINT64_FORMAT
	                       " %s, dropped kernel %" G_GUINT64_FORMAT " sim %" G_GUINT64_FORMAT
	                       " %s (\u00b1%g%% or \u00b1%u pages)\n",
	                       label, k_migrated, s_migrated, t_migrated ? KREF_YES : KREF_NO,
	                       k_dropped, s_dropped, t_dropped ? KREF_YES : KREF_NO,
	                       CMASIM_KREF_TOTAL_TOLERANCE_PCT, CMASIM_KREF_TOTAL_SLACK_PAGES);
	for (guint i = 1; i < rows->len; i++) {
		const KrefSimRow *prev = &g_array_index(rows, KrefSimRow, i - 1);
		n_overlap += g_array_index(rows, KrefSimRow, i).arrival_ns < prev->finish_ns;
	}
	if (n_overlap > 0)
		g_string_append_printf(
		    out,
		    "%s: warning: %u allocs began before the previous one finished "
		    "in the sim (debugfs runs them one after another: import with "
		    "a larger --spacing)\n",
		    label, n_overlap);
	/* the DMA atomic pools the boot took from the area, and what machine.reserved,
	 * boot_unmovable and the pools leave free: exact, like a pfn */
	if (g_file_test(summary_path, G_FILE_TEST_EXISTS) &&
	    (summary = _cmasim_summary_load(summary_path, error)) == NULL)
		return FALSE;
	disagree += kref_agree_boot(out, label, summary, "coherent_pool_cma_pages", "boot used",
	                            c->boot.used);
	disagree += kref_agree_boot(out, label, summary, "free_pages", "free at boot",
	                            c->boot.nr_free_pages);
	*n_disagree = disagree;
	return TRUE;
}
