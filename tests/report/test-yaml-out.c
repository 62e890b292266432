/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * YAML emitter: the text parses back with libyaml to the same values, flow
 * mappings look like "{min: 1, p50: 2}", strings that look like other types
 * are quoted, doubles round-trip, misuse is reported by finish().
 */
#define G_LOG_DOMAIN "CmasimTest"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <yaml.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-report.h"

typedef struct {
	yaml_document_t document;
	gboolean loaded;
} TestYaml;

static void
test_yaml_clear(TestYaml *yaml)
{
	if (yaml->loaded)
		yaml_document_delete(&yaml->document);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(TestYaml, test_yaml_clear)

static yaml_node_t *
test_yaml_load(TestYaml *yaml, const gchar *text)
{
	yaml_parser_t parser;
	yaml_node_t *root;

	assert_true(yaml_parser_initialize(&parser));
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, strlen(text));
	if (!yaml_parser_load(&parser, &yaml->document)) {
		g_printerr("# parse error: %s\n", parser.problem);
		yaml_parser_delete(&parser);
		fail();
	}
	yaml->loaded = TRUE;
	yaml_parser_delete(&parser);
	root = yaml_document_get_root_node(&yaml->document);
	assert_non_null(root);
	return root;
}

static yaml_node_t *
test_yaml_get(TestYaml *yaml, yaml_node_t *mapping, const gchar *key)
{
	assert_int_equal(mapping->type, YAML_MAPPING_NODE);
	for (yaml_node_pair_t *pair = mapping->data.mapping.pairs.start;
	     pair < mapping->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_document_get_node(&yaml->document, pair->key);

		if (k->type == YAML_SCALAR_NODE &&
		    strcmp((const gchar *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(&yaml->document, pair->value);
	}
	g_printerr("# missing key %s\n", key);
	fail();
	return NULL;
}

static const gchar *
test_scalar(yaml_node_t *node, yaml_scalar_style_t *style)
{
	assert_int_equal(node->type, YAML_SCALAR_NODE);
	if (style != NULL)
		*style = node->data.scalar.style;
	return (const gchar *)node->data.scalar.value;
}

static gchar *
test_emit_summary(void)
{
	g_autoptr(CmasimYamlOut) yaml = cmasim_yaml_out_new();
	g_autoptr(GError) error = NULL;
	gchar *text;

	cmasim_yaml_out_mapping_start(yaml, FALSE);
	cmasim_yaml_out_key(yaml, "policy");
	cmasim_yaml_out_scalar_str(yaml, "cma");
	cmasim_yaml_out_key(yaml, "seed");
	cmasim_yaml_out_scalar_uint(yaml, 1);
	cmasim_yaml_out_key(yaml, "contiguous");
	cmasim_yaml_out_mapping_start(yaml, FALSE);
	cmasim_yaml_out_key(yaml, "requests");
	cmasim_yaml_out_scalar_uint(yaml, G_MAXUINT64);
	cmasim_yaml_out_key(yaml, "failed");
	cmasim_yaml_out_mapping_start(yaml, TRUE);
	cmasim_yaml_out_key(yaml, "ENOMEM");
	cmasim_yaml_out_scalar_uint(yaml, 0);
	cmasim_yaml_out_key(yaml, "EBUSY");
	cmasim_yaml_out_scalar_uint(yaml, 2);
	cmasim_yaml_out_mapping_end(yaml);
	cmasim_yaml_out_key(yaml, "latency_ns");
	cmasim_yaml_out_mapping_start(yaml, TRUE);
	cmasim_yaml_out_key(yaml, "min");
	cmasim_yaml_out_scalar_uint(yaml, 1);
	cmasim_yaml_out_key(yaml, "p50");
	cmasim_yaml_out_scalar_uint(yaml, 2);
	cmasim_yaml_out_key(yaml, "mean");
	cmasim_yaml_out_scalar_double(yaml, 2.5);
	cmasim_yaml_out_mapping_end(yaml);
	cmasim_yaml_out_mapping_end(yaml);
	cmasim_yaml_out_key(yaml, "offset");
	cmasim_yaml_out_scalar_int(yaml, G_MININT64);
	cmasim_yaml_out_key(yaml, "enabled");
	cmasim_yaml_out_scalar_bool(yaml, TRUE);
	cmasim_yaml_out_key(yaml, "disabled");
	cmasim_yaml_out_scalar_bool(yaml, FALSE);
	cmasim_yaml_out_key(yaml, "nothing");
	cmasim_yaml_out_scalar_null(yaml);
	cmasim_yaml_out_key(yaml, "orders");
	cmasim_yaml_out_sequence_start(yaml, TRUE);
	for (guint i = 0; i < 3; i++)
		cmasim_yaml_out_scalar_uint(yaml, i);
	cmasim_yaml_out_sequence_end(yaml);
	cmasim_yaml_out_key(yaml, "areas");
	cmasim_yaml_out_sequence_start(yaml, FALSE);
	cmasim_yaml_out_scalar_str(yaml, "linux,cma");
	cmasim_yaml_out_scalar_str(yaml, "camera: isp");
	cmasim_yaml_out_sequence_end(yaml);
	cmasim_yaml_out_key(yaml, "empty");
	cmasim_yaml_out_mapping_start(yaml, FALSE);
	cmasim_yaml_out_mapping_end(yaml);
	cmasim_yaml_out_mapping_end(yaml);

	text = cmasim_yaml_out_finish(yaml, &error);
	assert_null(error);
	assert_non_null(text);
	return text;
}

static void
test_yaml_out_round_trip(void **state)
{
	g_autofree gchar *text = test_emit_summary();
	g_auto(TestYaml) yaml = {0};
	yaml_node_t *root = test_yaml_load(&yaml, text);
	yaml_node_t *contiguous;
	yaml_node_t *failed;
	yaml_node_t *latency;
	yaml_node_t *orders;
	yaml_node_t *areas;

	assert_string_equal(test_scalar(test_yaml_get(&yaml, root, "policy"), NULL), "cma");
	assert_string_equal(test_scalar(test_yaml_get(&yaml, root, "seed"), NULL), "1");
	contiguous = test_yaml_get(&yaml, root, "contiguous");
	assert_string_equal(test_scalar(test_yaml_get(&yaml, contiguous, "requests"), NULL),
			    "18446744073709551615");
	failed = test_yaml_get(&yaml, contiguous, "failed");
	assert_int_equal(failed->data.mapping.style, YAML_FLOW_MAPPING_STYLE);
	assert_string_equal(test_scalar(test_yaml_get(&yaml, failed, "EBUSY"), NULL), "2");
	latency = test_yaml_get(&yaml, contiguous, "latency_ns");
	assert_string_equal(test_scalar(test_yaml_get(&yaml, latency, "mean"), NULL), "2.5");
	assert_string_equal(test_scalar(test_yaml_get(&yaml, root, "offset"), NULL),
			    "-9223372036854775808");
	assert_string_equal(test_scalar(test_yaml_get(&yaml, root, "enabled"), NULL), "true");
	assert_string_equal(test_scalar(test_yaml_get(&yaml, root, "disabled"), NULL), "false");
	assert_string_equal(test_scalar(test_yaml_get(&yaml, root, "nothing"), NULL), "null");
	orders = test_yaml_get(&yaml, root, "orders");
	assert_int_equal(orders->type, YAML_SEQUENCE_NODE);
	assert_int_equal(orders->data.sequence.items.top - orders->data.sequence.items.start, 3);
	areas = test_yaml_get(&yaml, root, "areas");
	assert_int_equal(areas->type, YAML_SEQUENCE_NODE);
	assert_string_equal(
	    test_scalar(yaml_document_get_node(&yaml.document, areas->data.sequence.items.start[1]),
			NULL),
	    "camera: isp");
	assert_int_equal(test_yaml_get(&yaml, root, "empty")->type, YAML_MAPPING_NODE);
}

static void
test_yaml_out_text(void **state)
{
	g_autofree gchar *text = test_emit_summary();

	/* the shape people read and grep */
	assert_true(g_str_has_prefix(text, "policy: cma\nseed: 1\ncontiguous:\n"));
	assert_non_null(strstr(text, "\n  failed: {ENOMEM: 0, EBUSY: 2}\n"));
	assert_non_null(strstr(text, "\n  latency_ns: {min: 1, p50: 2, mean: 2.5}\n"));
	assert_non_null(strstr(text, "\norders: [0, 1, 2]\n"));
	assert_non_null(strstr(text, "\nenabled: true\n"));
	assert_non_null(strstr(text, "\nempty: {}\n"));
	assert_null(strstr(text, "---"));
	assert_null(strstr(text, "..."));
	assert_true(g_str_has_suffix(text, "\n"));
}

static void
test_yaml_out_quoting(void **state)
{
	static const gchar *const strings[] = {
	    "", "1", "-1", "+2", "0x10", "0o17", "1.5", ".5", "1e5", "1_000", "1:30", "true",
	    "False", "yes", "NO", "on", "Off", "y", "n", "null", "Null", "~", ".inf", "-.inf",
	    ".NaN", "4KiB", "24MiB", "linux,cma", "- item", "key: value", "#hash", "x #y",
	    "multi\nline", "trailing ", " leading", "'single'", "\"double\"", "ünïcode", "[a]",
	    "{b}", "&anchor", "*alias", "!tag", "%pct", "@at", "`tick", "|", ">",
	};
	static const gchar *const plain[] = {"4KiB", "24MiB", "linux,cma"};
	g_autoptr(CmasimYamlOut) out = cmasim_yaml_out_new();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = NULL;
	g_auto(TestYaml) yaml = {0};
	yaml_node_t *root;
	yaml_node_item_t *items;

	cmasim_yaml_out_sequence_start(out, FALSE);
	for (guint i = 0; i < G_N_ELEMENTS(strings); i++)
		cmasim_yaml_out_scalar_str(out, strings[i]);
	cmasim_yaml_out_sequence_end(out);
	text = cmasim_yaml_out_finish(out, &error);
	assert_non_null(text);

	root = test_yaml_load(&yaml, text);
	assert_int_equal(root->type, YAML_SEQUENCE_NODE);
	items = root->data.sequence.items.start;
	assert_int_equal(root->data.sequence.items.top - items, G_N_ELEMENTS(strings));
	for (guint i = 0; i < G_N_ELEMENTS(strings); i++) {
		yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
		const gchar *value =
		    test_scalar(yaml_document_get_node(&yaml.document, items[i]), &style);
		gboolean expect_plain = g_strv_contains(plain, strings[i]);

		assert_string_equal(value, strings[i]);
		/* anything a resolver could take for a number, bool or null is quoted */
		if (i <= 24)
			assert_int_not_equal(style, YAML_PLAIN_SCALAR_STYLE);
		if (expect_plain)
			assert_int_equal(style, YAML_PLAIN_SCALAR_STYLE);
	}
}

static void
test_yaml_out_doubles(void **state)
{
	static const gdouble values[] = {
	    0.0, -0.0, 1.0, -1.0, 0.1, 2.5, 1.0 / 3.0, 123456789.0, 1e20, 1e-20, 1e300, 4.9e-324,
	    1.7976931348623157e308, 99.9, 0.30000000000000004, 12345.678901, G_PI,
	};
	g_autoptr(CmasimYamlOut) out = cmasim_yaml_out_new();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = NULL;
	g_auto(TestYaml) yaml = {0};
	g_autofree gchar *saved = g_strdup(setlocale(LC_NUMERIC, NULL));
	yaml_node_t *root;
	gchar buf[CMASIM_YAML_DOUBLE_BUF_SIZE];

	/* a comma-decimal locale, if installed, must not leak into the output */
	(void)setlocale(LC_NUMERIC, "de_DE.UTF-8");
	cmasim_yaml_out_sequence_start(out, FALSE);
	for (guint i = 0; i < G_N_ELEMENTS(values); i++)
		cmasim_yaml_out_scalar_double(out, values[i]);
	cmasim_yaml_out_scalar_double(out, INFINITY);
	cmasim_yaml_out_scalar_double(out, -INFINITY);
	cmasim_yaml_out_scalar_double(out, NAN);
	cmasim_yaml_out_sequence_end(out);
	text = cmasim_yaml_out_finish(out, &error);
	setlocale(LC_NUMERIC, saved);
	assert_non_null(text);

	root = test_yaml_load(&yaml, text);
	for (guint i = 0; i < G_N_ELEMENTS(values); i++) {
		yaml_scalar_style_t style;
		const gchar *value = test_scalar(
		    yaml_document_get_node(&yaml.document, root->data.sequence.items.start[i]),
		    &style);

		assert_int_equal(style, YAML_PLAIN_SCALAR_STYLE);
		assert_true(g_ascii_strtod(value, NULL) == values[i]);
		/* a '.' in the mantissa: a float to YAML 1.1 and 1.2 readers */
		assert_non_null(strchr(value, '.'));
		assert_null(strchr(value, ','));
	}
	assert_string_equal(cmasim_yaml_format_double(buf, sizeof(buf), 0.1), "0.1");
	assert_string_equal(cmasim_yaml_format_double(buf, sizeof(buf), 1.0), "1.0");
	assert_string_equal(cmasim_yaml_format_double(buf, sizeof(buf), -0.0), "-0.0");
	assert_string_equal(cmasim_yaml_format_double(buf, sizeof(buf), 1e20), "1.0e+20");
	assert_string_equal(cmasim_yaml_format_double(buf, sizeof(buf), 1.5e-7), "1.5e-07");
	assert_string_equal(cmasim_yaml_format_double(buf, sizeof(buf), 99.9), "99.9");
	assert_string_equal(cmasim_yaml_format_double(buf, sizeof(buf), INFINITY), ".inf");
	assert_string_equal(cmasim_yaml_format_double(buf, sizeof(buf), -INFINITY), "-.inf");
	assert_string_equal(cmasim_yaml_format_double(buf, sizeof(buf), NAN), ".nan");
	assert_non_null(strstr(text, "\n- .inf\n- -.inf\n- .nan\n"));
}

static void
test_yaml_out_errors(void **state)
{
	g_autoptr(GError) error = NULL;
	gchar *text;

	{
		g_autoptr(CmasimYamlOut) out = cmasim_yaml_out_new();

		/* unclosed */
		cmasim_yaml_out_mapping_start(out, FALSE);
		cmasim_yaml_out_key(out, "a");
		cmasim_yaml_out_scalar_uint(out, 1);
		text = cmasim_yaml_out_finish(out, &error);
		assert_null(text);
		assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_INTERNAL));
		g_clear_error(&error);
	}
	{
		g_autoptr(CmasimYamlOut) out = cmasim_yaml_out_new();

		/* too many ends */
		cmasim_yaml_out_sequence_start(out, FALSE);
		cmasim_yaml_out_sequence_end(out);
		cmasim_yaml_out_sequence_end(out);
		text = cmasim_yaml_out_finish(out, &error);
		assert_null(text);
		assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_INTERNAL));
		g_clear_error(&error);
	}
	{
		g_autoptr(CmasimYamlOut) out = cmasim_yaml_out_new();

		/* a key without a value: libyaml refuses the mapping end */
		cmasim_yaml_out_mapping_start(out, FALSE);
		cmasim_yaml_out_key(out, "a");
		cmasim_yaml_out_mapping_end(out);
		text = cmasim_yaml_out_finish(out, &error);
		assert_null(text);
		assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_INTERNAL));
		g_clear_error(&error);
	}
	{
		g_autoptr(CmasimYamlOut) out = cmasim_yaml_out_new();

		/* nothing at all */
		text = cmasim_yaml_out_finish(out, &error);
		assert_null(text);
		assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_INTERNAL));
		g_clear_error(&error);
	}
	{
		g_autoptr(CmasimYamlOut) out = cmasim_yaml_out_new();

		/* a single scalar document, then nothing more may follow */
		cmasim_yaml_out_scalar_str(out, "only");
		text = cmasim_yaml_out_finish(out, &error);
		assert_non_null(text);
		assert_null(error);
		assert_string_equal(text, "only\n");
		g_free(text);
		cmasim_yaml_out_scalar_str(out, "late");
		text = cmasim_yaml_out_finish(out, &error);
		assert_null(text);
		assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_INTERNAL));
		g_clear_error(&error);
	}
	{
		g_autoptr(CmasimYamlOut) out = cmasim_yaml_out_new();
		g_auto(TestYaml) yaml = {0};
		yaml_node_t *root;

		/* invalid UTF-8 is repaired rather than refused */
		cmasim_yaml_out_scalar_str(out, "bad\xff");
		text = cmasim_yaml_out_finish(out, &error);
		assert_non_null(text);
		root = test_yaml_load(&yaml, text);
		assert_true(g_str_has_prefix(test_scalar(root, NULL), "bad"));
		g_free(text);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_yaml_out_round_trip),
	    cmocka_unit_test(test_yaml_out_text),
	    cmocka_unit_test(test_yaml_out_quoting),
	    cmocka_unit_test(test_yaml_out_doubles),
	    cmocka_unit_test(test_yaml_out_errors),
	};

	return cmocka_run_group_tests_name("yaml-out", tests, NULL, NULL);
}
