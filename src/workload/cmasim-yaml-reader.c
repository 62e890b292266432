/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * A pull reader over libyaml's event API (yaml_parser_parse), never a
 * document tree: callers walk the events with a schema. The reader enforces
 * the bounds that make hostile files cheap to reject (nesting depth, scalar
 * length, one document) and refuses YAML features the format does not use
 * (aliases, anchors, tags). Every problem, libyaml's own included, becomes
 * one GError "FILE:LINE:COLUMN: what is wrong (what was expected)".
 */
#define G_LOG_DOMAIN "CmasimWorkload"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "workload/cmasim-workload-private.h"

void
_cmasim_set_error_at(GError **error, gint code, const CmasimPos *pos, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *message = NULL;

	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	g_set_error(error, CMASIM_ERROR, code, "%s:%u:%u: %s", pos->file, pos->line, pos->column,
	            message);
}

void
_cmasim_propagate_at(GError **error, GError *src, const CmasimPos *pos, const gchar *what)
{
	if (what != NULL && *what != '\0')
		g_set_error(error, src->domain, src->code, "%s:%u:%u: %s: %s", pos->file, pos->line,
		            pos->column, what, src->message);
	else
		g_set_error(error, src->domain, src->code, "%s:%u:%u: %s", pos->file, pos->line,
		            pos->column, src->message);
	g_error_free(src);
}

static void
cmasim_reader_init_parser(CmasimReader *self)
{
	yaml_parser_initialize(&self->parser);
	yaml_parser_set_encoding(&self->parser, YAML_UTF8_ENCODING);
	self->parser_ready = TRUE;
}

gboolean
_cmasim_reader_open_file(CmasimReader *self, const gchar *display, const gchar *path,
                         GError **error)
{
	GStatBuf st;

	memset(self, 0, sizeof(*self));
	self->file = g_intern_string(display);
	if (g_stat(path, &st) != 0) {
		gint saved = errno;
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO,
		            "cannot read '%s': %s (expected a readable file)", display,
		            g_strerror(saved));
		return FALSE;
	}
	if (S_ISDIR(st.st_mode)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO,
		            "cannot read '%s': is a directory (expected a YAML file)", display);
		return FALSE;
	}
	self->fp = fopen(path, "rb");
	if (self->fp == NULL) {
		gint saved = errno;
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO,
		            "cannot read '%s': %s (expected a readable file)", display,
		            g_strerror(saved));
		return FALSE;
	}
	self->path = g_strdup(path);
	cmasim_reader_init_parser(self);
	yaml_parser_set_input_file(&self->parser, self->fp);
	return TRUE;
}

void
_cmasim_reader_open_bytes(CmasimReader *self, const gchar *display, GBytes *bytes)
{
	gsize len = 0;
	const guchar *data;

	memset(self, 0, sizeof(*self));
	self->file = g_intern_string(display);
	self->bytes = g_bytes_ref(bytes);
	data = g_bytes_get_data(bytes, &len);
	cmasim_reader_init_parser(self);
	yaml_parser_set_input_string(&self->parser, data != NULL ? data : (const guchar *)"", len);
}

void
_cmasim_reader_clear(CmasimReader *self)
{
	if (self->has_event)
		yaml_event_delete(&self->event);
	self->has_event = FALSE;
	if (self->parser_ready)
		yaml_parser_delete(&self->parser);
	self->parser_ready = FALSE;
	if (self->fp != NULL)
		fclose(self->fp);
	self->fp = NULL;
	g_clear_pointer(&self->path, g_free);
	g_clear_pointer(&self->bytes, g_bytes_unref);
}

static CmasimPos
cmasim_reader_mark_pos(const CmasimReader *self, const yaml_mark_t *mark)
{
	CmasimPos pos = {self->file, (guint)mark->line + 1, (guint)mark->column + 1};
	if (mark->line == 0)
		pos.column += self->column_offset;
	return pos;
}

CmasimPos
_cmasim_reader_pos(const CmasimReader *self)
{
	return cmasim_reader_mark_pos(self, &self->event.start_mark);
}

/*
 * Walk the raw input to @offset (a byte offset, as libyaml's reader errors
 * give) or to @line0:@column0 (0-based, columns in characters, as libyaml's
 * marks give). Returns the line and column reached and the byte there.
 */
typedef struct {
	guint64 offset;
	guint line;   /* 0-based */
	guint column; /* 0-based, characters */
	gint byte;    /* byte at the position, -1 at the end */
} CmasimSourceWalk;

static void
cmasim_reader_walk(const CmasimReader *self, gboolean by_offset, CmasimSourceWalk *walk)
{
	const guchar *data = NULL;
	gsize len = 0;
	FILE *fp = NULL;
	guchar buf[8192];
	gsize buf_len = 0;
	gsize buf_pos = 0;
	guint64 offset = 0;
	guint line = 0;
	guint column = 0;
	gboolean after_cr = FALSE;

	walk->byte = -1;
	if (self->bytes != NULL)
		data = g_bytes_get_data(self->bytes, &len);
	else if (self->path != NULL)
		fp = fopen(self->path, "rb");
	for (;;) {
		gint c;
		if (by_offset ? offset >= walk->offset
		              : (line == walk->line && column == walk->column))
			break;
		if (by_offset ? FALSE : line > walk->line)
			break;
		if (data != NULL) {
			if (offset >= len)
				break;
			c = data[offset];
		} else if (fp != NULL) {
			if (buf_pos == buf_len) {
				buf_len = fread(buf, 1, sizeof(buf), fp);
				buf_pos = 0;
				if (buf_len == 0)
					break;
			}
			c = buf[buf_pos++];
		} else {
			break;
		}
		offset++;
		if (c == '\n') {
			if (!after_cr)
				line++;
			column = 0;
		} else if (c == '\r') {
			line++;
			column = 0;
		} else if ((c & 0xc0) != 0x80) {
			column++;
		}
		after_cr = c == '\r';
	}
	/* the byte at the position reached */
	if (data != NULL && offset < len)
		walk->byte = data[offset];
	else if (fp != NULL && buf_pos < buf_len)
		walk->byte = buf[buf_pos];
	else if (fp != NULL) {
		gint c = fgetc(fp);
		walk->byte = c == EOF ? -1 : c;
	}
	if (fp != NULL)
		fclose(fp);
	walk->offset = offset;
	walk->line = line;
	walk->column = column;
}

static void
cmasim_reader_parser_error(CmasimReader *self, GError **error)
{
	const yaml_parser_t *parser = &self->parser;
	const gchar *problem = parser->problem != NULL ? parser->problem : "unknown problem";
	CmasimPos pos;

	switch (parser->error) {
	case YAML_MEMORY_ERROR:
		pos = cmasim_reader_mark_pos(self, &parser->mark);
		_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
		                     "out of memory while reading YAML (expected a smaller file)");
		return;
	case YAML_READER_ERROR: {
		CmasimSourceWalk walk = {.offset = parser->problem_offset};
		cmasim_reader_walk(self, TRUE, &walk);
		pos.file = self->file;
		pos.line = walk.line + 1;
		pos.column = walk.column + 1 + (walk.line == 0 ? self->column_offset : 0);
		if (g_strcmp0(problem, "input error") == 0) {
			_cmasim_set_error_at(error, CMASIM_ERROR_IO, &pos,
			                     "read error (expected a readable file)");
			return;
		}
		if (parser->problem_value >= 0)
			_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
			                     "%s (found #x%X; expected UTF-8 text without NUL or "
			                     "control characters)",
			                     problem, (guint)parser->problem_value);
		else
			_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
			                     "%s (expected UTF-8 text without NUL or control "
			                     "characters)",
			                     problem);
		return;
	}
	case YAML_SCANNER_ERROR:
	case YAML_PARSER_ERROR: {
		CmasimSourceWalk walk = {.line = (guint)parser->problem_mark.line,
		                         .column = (guint)parser->problem_mark.column};
		pos = cmasim_reader_mark_pos(self, &parser->problem_mark);
		cmasim_reader_walk(self, FALSE, &walk);
		if (walk.byte == '\t') {
			_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
			                     "tab character (expected spaces: YAML does not allow "
			                     "tabs for indentation)");
			return;
		}
		if (parser->context != NULL)
			_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
			                     "YAML syntax error %s (at %u:%u): %s (expected "
			                     "well-formed YAML)",
			                     parser->context, (guint)parser->context_mark.line + 1,
			                     (guint)parser->context_mark.column + 1, problem);
		else
			_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
			                     "YAML syntax error: %s (expected well-formed YAML)",
			                     problem);
		return;
	}
	case YAML_NO_ERROR:
	case YAML_COMPOSER_ERROR:
	case YAML_WRITER_ERROR:
	case YAML_EMITTER_ERROR:
	default:
		pos = cmasim_reader_mark_pos(self, &parser->mark);
		_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
		                     "YAML error: %s (expected well-formed YAML)", problem);
		return;
	}
}

static gboolean
cmasim_reader_check_node(CmasimReader *self, const yaml_char_t *anchor, const yaml_char_t *tag,
                         GError **error)
{
	CmasimPos pos = _cmasim_reader_pos(self);
	if (anchor != NULL) {
		_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
		                     "anchors and aliases are not supported (expected every value "
		                     "written out)");
		return FALSE;
	}
	if (tag != NULL) {
		_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
		                     "tags are not supported (found tag '%s'; expected a value "
		                     "without a !tag)",
		                     (const gchar *)tag);
		return FALSE;
	}
	return TRUE;
}

gboolean
_cmasim_reader_next(CmasimReader *self, GError **error)
{
	CmasimPos pos;

	if (self->has_event) {
		yaml_event_delete(&self->event);
		self->has_event = FALSE;
	}
	if (!yaml_parser_parse(&self->parser, &self->event)) {
		cmasim_reader_parser_error(self, error);
		return FALSE;
	}
	self->has_event = TRUE;
	pos = _cmasim_reader_pos(self);
	switch (self->event.type) {
	case YAML_ALIAS_EVENT:
		_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
		                     "aliases are not supported (expected every value written "
		                     "out)");
		return FALSE;
	case YAML_SCALAR_EVENT:
		if (!cmasim_reader_check_node(self, self->event.data.scalar.anchor,
		                              self->event.data.scalar.tag, error))
			return FALSE;
		if (self->event.data.scalar.length > CMASIM_YAML_MAX_SCALAR_BYTES) {
			_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
			                     "a value of %" G_GSIZE_FORMAT
			                     " bytes is too long (expected at most %u bytes)",
			                     (gsize)self->event.data.scalar.length,
			                     CMASIM_YAML_MAX_SCALAR_BYTES);
			return FALSE;
		}
		if (memchr(self->event.data.scalar.value, '\0', self->event.data.scalar.length) !=
		    NULL) {
			_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
			                     "a value contains a NUL character (expected text)");
			return FALSE;
		}
		return TRUE;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (self->event.type == YAML_SEQUENCE_START_EVENT
		        ? !cmasim_reader_check_node(self, self->event.data.sequence_start.anchor,
		                                    self->event.data.sequence_start.tag, error)
		        : !cmasim_reader_check_node(self, self->event.data.mapping_start.anchor,
		                                    self->event.data.mapping_start.tag, error))
			return FALSE;
		if (++self->depth > CMASIM_YAML_MAX_DEPTH) {
			_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
			                     "nesting deeper than %u levels (expected a flatter "
			                     "document)",
			                     CMASIM_YAML_MAX_DEPTH);
			return FALSE;
		}
		return TRUE;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		self->depth--;
		return TRUE;
	case YAML_DOCUMENT_START_EVENT:
		if (++self->documents > 1) {
			_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
			                     "a second YAML document (expected one document per "
			                     "file)");
			return FALSE;
		}
		return TRUE;
	case YAML_NO_EVENT:
	case YAML_STREAM_START_EVENT:
	case YAML_STREAM_END_EVENT:
	case YAML_DOCUMENT_END_EVENT:
	default:
		return TRUE;
	}
}

gboolean
_cmasim_reader_begin(CmasimReader *self, gboolean *empty, GError **error)
{
	*empty = FALSE;
	if (!_cmasim_reader_next(self, error))
		return FALSE;
	if (self->event.type != YAML_STREAM_START_EVENT) {
		CmasimPos pos = _cmasim_reader_pos(self);
		_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
		                     "no YAML stream (expected a YAML document)");
		return FALSE;
	}
	if (!_cmasim_reader_next(self, error))
		return FALSE;
	if (self->event.type == YAML_STREAM_END_EVENT) {
		*empty = TRUE;
		return TRUE;
	}
	if (!_cmasim_reader_next(self, error))
		return FALSE;
	if (_cmasim_reader_is_null(self))
		*empty = TRUE;
	return TRUE;
}

gboolean
_cmasim_reader_end(CmasimReader *self, GError **error)
{
	while (self->event.type != YAML_STREAM_END_EVENT) {
		if (!_cmasim_reader_next(self, error))
			return FALSE;
	}
	return TRUE;
}

gboolean
_cmasim_reader_skip(CmasimReader *self, GError **error)
{
	guint depth;

	if (self->event.type != YAML_SEQUENCE_START_EVENT &&
	    self->event.type != YAML_MAPPING_START_EVENT)
		return TRUE;
	depth = self->depth - 1;
	for (;;) {
		if (!_cmasim_reader_next(self, error))
			return FALSE;
		if ((self->event.type == YAML_SEQUENCE_END_EVENT ||
		     self->event.type == YAML_MAPPING_END_EVENT) &&
		    self->depth == depth)
			return TRUE;
		if (self->event.type == YAML_STREAM_END_EVENT)
			return TRUE;
	}
}

gboolean
_cmasim_reader_is_scalar(const CmasimReader *self)
{
	return self->has_event && self->event.type == YAML_SCALAR_EVENT;
}

gboolean
_cmasim_reader_is_null(const CmasimReader *self)
{
	const gchar *text;
	if (!_cmasim_reader_is_scalar(self) ||
	    self->event.data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return FALSE;
	text = (const gchar *)self->event.data.scalar.value;
	return *text == '\0' || g_strcmp0(text, "~") == 0 || g_strcmp0(text, "null") == 0 ||
	       g_strcmp0(text, "Null") == 0 || g_strcmp0(text, "NULL") == 0;
}

const gchar *
_cmasim_reader_scalar(const CmasimReader *self)
{
	if (!_cmasim_reader_is_scalar(self))
		return NULL;
	return (const gchar *)self->event.data.scalar.value;
}

const gchar *
_cmasim_reader_node_kind(const CmasimReader *self)
{
	switch (self->event.type) {
	case YAML_SCALAR_EVENT:
		return _cmasim_reader_is_null(self) ? "nothing" : "a scalar";
	case YAML_SEQUENCE_START_EVENT:
		return "a sequence";
	case YAML_MAPPING_START_EVENT:
		return "a mapping";
	case YAML_NO_EVENT:
	case YAML_STREAM_START_EVENT:
	case YAML_STREAM_END_EVENT:
	case YAML_DOCUMENT_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
	case YAML_ALIAS_EVENT:
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
	default:
		return "the end of a collection";
	}
}

gboolean
_cmasim_reader_expect_scalar(CmasimReader *self, const gchar *what, const gchar *expected,
                             GError **error)
{
	CmasimPos pos;
	if (_cmasim_reader_is_scalar(self))
		return TRUE;
	pos = _cmasim_reader_pos(self);
	_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos, "%s: found %s (expected %s)",
	                     what, _cmasim_reader_node_kind(self), expected);
	return FALSE;
}

static gboolean
cmasim_reader_check_key(CmasimReader *self, GHashTable *seen, const gchar *what,
                        gboolean what_prefix, GError **error)
{
	CmasimPos pos = _cmasim_reader_pos(self);
	const gchar *key;
	if (!_cmasim_reader_expect_scalar(self, what, "a key", error))
		return FALSE;
	key = _cmasim_reader_scalar(self);
	if (g_hash_table_contains(seen, key)) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
		                     "%s%sduplicate key '%s' (expected each key once)",
		                     what_prefix ? what : "", what_prefix ? ": " : "", key);
		return FALSE;
	}
	g_hash_table_add(seen, g_strdup(key));
	return TRUE;
}

gboolean
_cmasim_reader_next_key(CmasimReader *self, GHashTable *seen, const gchar *what,
                        gboolean what_prefix, CmasimPos *key_pos, gboolean *done, GError **error)
{
	*done = FALSE;
	if (!_cmasim_reader_next(self, error))
		return FALSE;
	if (self->event.type == YAML_MAPPING_END_EVENT) {
		*done = TRUE;
		return TRUE;
	}
	if (key_pos != NULL)
		*key_pos = _cmasim_reader_pos(self);
	return cmasim_reader_check_key(self, seen, what, what_prefix, error);
}
