/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Helpers of the libFuzzer harnesses: see fuzz-common.h. The filter scans
 * the input with libyaml's event API, so escapes in quoted scalars
 * ("\x2e\x2e/") are seen decoded, exactly as the reader would see them.
 */
#define G_LOG_DOMAIN "CmasimFuzz"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cmasim-config.h"
#include "cmasim/cmasim-error.h"
#include "fuzz-common.h"
#include "workload/cmasim-workload-private.h"

const gchar *
fuzz_document_name(void)
{
	static gchar *name = NULL;
	if (name == NULL)
		name = g_build_filename(CMASIM_SOURCE_DIR, "tests", "data", "good", "fuzz.yaml",
		                        NULL);
	return name;
}

void
fuzz_setup(void)
{
	/* before GLib reads them */
	g_setenv("G_SLICE", "always-malloc", FALSE);
	g_setenv("G_DEBUG", "fatal-criticals", FALSE);
	g_setenv("CMASIM_DATADIR", CMASIM_SOURCE_DIR, TRUE);
	g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
	_cmasim_data_set_builtin_only(TRUE);
	(void)fuzz_document_name();
}

gboolean
fuzz_text_names_a_file_outside(const gchar *text, gsize length)
{
	g_autofree gchar *copy = NULL;
	g_autofree gchar *dir = NULL;
	g_autofree gchar *root = NULL;
	g_autofree gchar *canonical = NULL;

	if (length == 0)
		return FALSE;
	/* the reader refuses NUL characters before it opens anything */
	if (memchr(text, '\0', length) != NULL)
		return FALSE;
	copy = g_strndup(text, length);
	dir = g_path_get_dirname(fuzz_document_name());
	root = g_build_filename(CMASIM_SOURCE_DIR, "tests", "data", NULL);
	/* as cmasim resolves it: against the document's directory, ".." taken
	 * lexically (tests/data/ holds no symbolic links) */
	canonical = g_canonicalize_filename(copy, dir);
	return !g_str_has_prefix(canonical, root) ||
	       (canonical[strlen(root)] != '\0' && canonical[strlen(root)] != G_DIR_SEPARATOR);
}

gboolean
fuzz_names_a_file_outside(const guint8 *data, gsize len)
{
	yaml_parser_t parser;
	gboolean outside = FALSE;

	yaml_parser_initialize(&parser);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&parser, data, len);
	/* a syntax error ends the scan: the reader stops there too, before it
	 * opens any include: or events: file */
	while (!outside) {
		yaml_event_t event;
		gboolean end;
		if (!yaml_parser_parse(&parser, &event))
			break;
		end = event.type == YAML_STREAM_END_EVENT;
		if (event.type == YAML_SCALAR_EVENT)
			outside = fuzz_text_names_a_file_outside(
			    (const gchar *)event.data.scalar.value, event.data.scalar.length);
		yaml_event_delete(&event);
		if (end)
			break;
	}
	yaml_parser_delete(&parser);
	return outside;
}

void
fuzz_check_rejection(const GError *error)
{
	static GRegex *positioned = NULL;
	if (positioned == NULL)
		positioned = g_regex_new("^[^\\n]+:[0-9]+:[0-9]+: .*[(;] ?expected ",
		                         G_REGEX_DOTALL, 0, NULL);
	if (error == NULL) {
		fprintf(stderr, "cmasim fuzz: rejected without an error\n");
		abort();
	}
	if (error->domain != CMASIM_ERROR) {
		fprintf(stderr, "cmasim fuzz: error outside CMASIM_ERROR: %s\n", error->message);
		abort();
	}
	if (!g_regex_match(positioned, error->message, 0, NULL)) {
		fprintf(stderr, "cmasim fuzz: unpositioned or unexplained error: '%s'\n",
		        error->message);
		abort();
	}
}
