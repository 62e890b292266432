/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * A small YAML writer on libyaml's event emitter, used for summary.yaml and
 * config.effective.yaml. It adds what the bare emitter leaves to its caller:
 * typed scalars printed without the C locale (integers in decimal, doubles
 * in their shortest round-trip form), quoting of strings that a reader would
 * otherwise resolve to a number, boolean or null, and one sticky error that
 * finish() reports. No kernel code is mirrored here.
 */
#define G_LOG_DOMAIN "CmasimReport"

#include <math.h>
#include <string.h>
#include <yaml.h>

#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-report.h"

struct _CmasimYamlOut {
	yaml_emitter_t emitter;
	GString *text;
	guint depth;		/* open mappings and sequences */
	gboolean root_started;	/* a root node has been emitted (or opened) */
	gboolean finished;
	GError *error;		/* first failure, sticky */
};

static int
cmasim_yaml_out_write(void *data, unsigned char *buffer, size_t size)
{
	GString *text = data;

	g_string_append_len(text, (const gchar *)buffer, (gssize)size);
	return 1;
}

static void
cmasim_yaml_out_set_error(CmasimYamlOut *self, const gchar *problem)
{
	if (self->error != NULL)
		return;
	self->error = g_error_new(CMASIM_ERROR, CMASIM_ERROR_INTERNAL, "YAML output: %s",
				  problem != NULL ? problem : "emitter error");
}

/* hand one initialised event to libyaml, which takes ownership of it */
static void
cmasim_yaml_out_emit(CmasimYamlOut *self, yaml_event_t *event, gboolean initialised)
{
	if (!initialised) {
		cmasim_yaml_out_set_error(self, "cannot create an event");
		return;
	}
	if (!yaml_emitter_emit(&self->emitter, event))
		cmasim_yaml_out_set_error(self, self->emitter.problem);
}

/* FALSE when nothing more may be emitted */
static gboolean
cmasim_yaml_out_usable(CmasimYamlOut *self)
{
	if (self->finished) {
		cmasim_yaml_out_set_error(self, "emit after finish");
		return FALSE;
	}
	return self->error == NULL;
}

/**
 * cmasim_yaml_out_new:
 *
 * Returns: (transfer full): a writer positioned at the start of one document
 */
CmasimYamlOut *
cmasim_yaml_out_new(void)
{
	CmasimYamlOut *self = g_new0(CmasimYamlOut, 1);
	yaml_event_t event;
	gboolean ok;

	self->text = g_string_sized_new(4096);
	if (!yaml_emitter_initialize(&self->emitter)) {
		/* only fails on memory exhaustion; remember it for finish() */
		cmasim_yaml_out_set_error(self, "cannot initialise the emitter");
		self->finished = TRUE;
		return self;
	}
	yaml_emitter_set_output(&self->emitter, cmasim_yaml_out_write, self->text);
	yaml_emitter_set_unicode(&self->emitter, 1);
	yaml_emitter_set_indent(&self->emitter, 2);
	/* no line folding: long flow mappings stay on one line */
	yaml_emitter_set_width(&self->emitter, -1);
	yaml_emitter_set_break(&self->emitter, YAML_LN_BREAK);

	ok = yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING);
	cmasim_yaml_out_emit(self, &event, ok);
	ok = yaml_document_start_event_initialize(&event, NULL, NULL, NULL, 1);
	cmasim_yaml_out_emit(self, &event, ok);
	return self;
}

void
cmasim_yaml_out_free(CmasimYamlOut *self)
{
	if (self == NULL)
		return;
	yaml_emitter_delete(&self->emitter);
	if (self->text != NULL)
		g_string_free(self->text, TRUE);
	g_clear_error(&self->error);
	g_free(self);
}

/* TRUE if a YAML 1.1 or 1.2 reader would resolve the plain text to a non-string */
static gboolean
cmasim_yaml_out_needs_quotes(const gchar *value)
{
	static const gchar *const special[] = {
	    "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
	    ".inf", "-.inf", "+.inf", ".nan",
	};
	const gchar *p = value;
	gboolean seen_digit = FALSE;

	if (*value == '\0')
		return TRUE;
	for (guint i = 0; i < G_N_ELEMENTS(special); i++) {
		if (g_ascii_strcasecmp(value, special[i]) == 0)
			return TRUE;
	}
	/* numbers: decimal, 0x/0o/0b, exponents, 1.1's '_' separators and 60-base "1:30" */
	if (*p == '+' || *p == '-')
		p++;
	if (!g_ascii_isdigit(*p) && *p != '.')
		return FALSE;
	for (; *p != '\0'; p++) {
		if (g_ascii_isdigit(*p))
			seen_digit = TRUE;
		else if (!g_ascii_isxdigit(*p) && strchr("xXoO_+-.:", *p) == NULL)
			return FALSE;
	}
	return seen_digit;
}

static void
cmasim_yaml_out_scalar(CmasimYamlOut *self, const gchar *text, yaml_scalar_style_t style)
{
	yaml_event_t event;
	gboolean ok;

	if (!cmasim_yaml_out_usable(self))
		return;
	self->root_started = TRUE;
	ok = yaml_scalar_event_initialize(&event, NULL, NULL, (yaml_char_t *)text,
					  (int)strlen(text), 1, 1, style);
	cmasim_yaml_out_emit(self, &event, ok);
}

void
cmasim_yaml_out_scalar_str(CmasimYamlOut *self, const gchar *value)
{
	g_autofree gchar *valid = NULL;
	const gchar *text = value;

	g_return_if_fail(self != NULL);
	g_return_if_fail(value != NULL);

	/* libyaml refuses invalid UTF-8; replace the bad bytes rather than fail */
	if (!g_utf8_validate(value, -1, NULL)) {
		valid = g_utf8_make_valid(value, -1);
		text = valid;
	}
	cmasim_yaml_out_scalar(self, text,
			       cmasim_yaml_out_needs_quotes(text) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
								  : YAML_ANY_SCALAR_STYLE);
}

void
cmasim_yaml_out_key(CmasimYamlOut *self, const gchar *key)
{
	cmasim_yaml_out_scalar_str(self, key);
}

void
cmasim_yaml_out_scalar_uint(CmasimYamlOut *self, guint64 value)
{
	gchar buf[32];

	g_return_if_fail(self != NULL);

	g_snprintf(buf, sizeof(buf), "%" G_GUINT64_FORMAT, value);
	cmasim_yaml_out_scalar(self, buf, YAML_PLAIN_SCALAR_STYLE);
}

void
cmasim_yaml_out_scalar_int(CmasimYamlOut *self, gint64 value)
{
	gchar buf[32];

	g_return_if_fail(self != NULL);

	g_snprintf(buf, sizeof(buf), "%" G_GINT64_FORMAT, value);
	cmasim_yaml_out_scalar(self, buf, YAML_PLAIN_SCALAR_STYLE);
}

/**
 * cmasim_yaml_format_double:
 *
 * The shortest "%.Ng" (N = 1..17) that reads back to exactly @value, with
 * ".0" added to the mantissa when it has no '.', so that both YAML 1.1 and
 * 1.2 readers resolve it as a float. Infinities and NaN use the YAML names.
 *
 * Returns: @buf
 */
const gchar *
cmasim_yaml_format_double(gchar *buf, gsize buf_len, gdouble value)
{
	gchar mantissa[CMASIM_YAML_DOUBLE_BUF_SIZE];
	const gchar *exponent;

	g_return_val_if_fail(buf != NULL, NULL);
	g_return_val_if_fail(buf_len >= CMASIM_YAML_DOUBLE_BUF_SIZE, NULL);

	if (isnan(value)) {
		g_strlcpy(buf, ".nan", buf_len);
		return buf;
	}
	if (isinf(value)) {
		g_strlcpy(buf, value > 0 ? ".inf" : "-.inf", buf_len);
		return buf;
	}
	for (gint precision = 1; precision <= 17; precision++) {
		gchar format[8];

		g_snprintf(format, sizeof(format), "%%.%dg", precision);
		g_ascii_formatd(mantissa, sizeof(mantissa), format, value);
		if (g_ascii_strtod(mantissa, NULL) == value)
			break;
	}
	if (strchr(mantissa, '.') != NULL) {
		g_strlcpy(buf, mantissa, buf_len);
		return buf;
	}
	exponent = strchr(mantissa, 'e');
	if (exponent == NULL) {
		g_snprintf(buf, buf_len, "%s.0", mantissa);
		return buf;
	}
	g_snprintf(buf, buf_len, "%.*s.0%s", (gint)(exponent - mantissa), mantissa, exponent);
	return buf;
}

void
cmasim_yaml_out_scalar_double(CmasimYamlOut *self, gdouble value)
{
	gchar buf[CMASIM_YAML_DOUBLE_BUF_SIZE];

	g_return_if_fail(self != NULL);

	cmasim_yaml_out_scalar(self, cmasim_yaml_format_double(buf, sizeof(buf), value),
			       YAML_PLAIN_SCALAR_STYLE);
}

void
cmasim_yaml_out_scalar_bool(CmasimYamlOut *self, gboolean value)
{
	g_return_if_fail(self != NULL);
	cmasim_yaml_out_scalar(self, value ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
}

void
cmasim_yaml_out_scalar_null(CmasimYamlOut *self)
{
	g_return_if_fail(self != NULL);
	cmasim_yaml_out_scalar(self, "null", YAML_PLAIN_SCALAR_STYLE);
}

void
cmasim_yaml_out_mapping_start(CmasimYamlOut *self, gboolean flow)
{
	yaml_event_t event;
	gboolean ok;

	g_return_if_fail(self != NULL);

	if (!cmasim_yaml_out_usable(self))
		return;
	self->root_started = TRUE;
	self->depth++;
	ok = yaml_mapping_start_event_initialize(
	    &event, NULL, NULL, 1, flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
	cmasim_yaml_out_emit(self, &event, ok);
}

void
cmasim_yaml_out_sequence_start(CmasimYamlOut *self, gboolean flow)
{
	yaml_event_t event;
	gboolean ok;

	g_return_if_fail(self != NULL);

	if (!cmasim_yaml_out_usable(self))
		return;
	self->root_started = TRUE;
	self->depth++;
	ok = yaml_sequence_start_event_initialize(
	    &event, NULL, NULL, 1, flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
	cmasim_yaml_out_emit(self, &event, ok);
}

static gboolean
cmasim_yaml_out_close(CmasimYamlOut *self)
{
	if (!cmasim_yaml_out_usable(self))
		return FALSE;
	if (self->depth == 0) {
		cmasim_yaml_out_set_error(self, "end without a matching start");
		return FALSE;
	}
	self->depth--;
	return TRUE;
}

void
cmasim_yaml_out_mapping_end(CmasimYamlOut *self)
{
	yaml_event_t event;
	gboolean ok;

	g_return_if_fail(self != NULL);

	if (!cmasim_yaml_out_close(self))
		return;
	ok = yaml_mapping_end_event_initialize(&event);
	cmasim_yaml_out_emit(self, &event, ok);
}

void
cmasim_yaml_out_sequence_end(CmasimYamlOut *self)
{
	yaml_event_t event;
	gboolean ok;

	g_return_if_fail(self != NULL);

	if (!cmasim_yaml_out_close(self))
		return;
	ok = yaml_sequence_end_event_initialize(&event);
	cmasim_yaml_out_emit(self, &event, ok);
}

/**
 * cmasim_yaml_out_finish:
 * @error: (nullable): return location for a CMASIM_ERROR_INTERNAL error
 *
 * Returns: (transfer full) (nullable): the document text, or NULL on error
 */
gchar *
cmasim_yaml_out_finish(CmasimYamlOut *self, GError **error)
{
	yaml_event_t event;
	gboolean ok;

	g_return_val_if_fail(self != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	if (cmasim_yaml_out_usable(self)) {
		if (self->depth != 0)
			cmasim_yaml_out_set_error(self, "unclosed mapping or sequence");
		else if (!self->root_started)
			cmasim_yaml_out_set_error(self, "empty document");
	}
	if (cmasim_yaml_out_usable(self)) {
		ok = yaml_document_end_event_initialize(&event, 1);
		cmasim_yaml_out_emit(self, &event, ok);
	}
	if (cmasim_yaml_out_usable(self)) {
		ok = yaml_stream_end_event_initialize(&event);
		cmasim_yaml_out_emit(self, &event, ok);
	}
	if (cmasim_yaml_out_usable(self) && !yaml_emitter_flush(&self->emitter))
		cmasim_yaml_out_set_error(self, self->emitter.problem);
	self->finished = TRUE;
	if (self->error != NULL) {
		if (error != NULL)
			*error = g_error_copy(self->error);
		return NULL;
	}
	return g_strndup(self->text->str, self->text->len);
}
