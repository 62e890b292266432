/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Tests of the workload reader: every documented key, the effective-config
 * round trip, includes, presets, CPU profiles, --set, timed events, the
 * data search path and the bad-input corpus of tests/data/bad/ (plus huge
 * hostile inputs generated at run time).
 */
#define G_LOG_DOMAIN "CmasimWorkload"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cmasim-config.h"
#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-scenario.h"
#include "cmasim/cmasim-units.h"
#include "cmasim/cmasim-workload.h"
#include "workload/cmasim-workload-private.h"

static const gchar *
test_datadir(void)
{
	const gchar *dir = g_getenv("CMASIM_TEST_DATADIR");
	return dir != NULL ? dir : CMASIM_TEST_DATADIR;
}

static gchar *
test_path(const gchar *first, ...)
{
	va_list args;
	GString *path = g_string_new(test_datadir());
	const gchar *part;
	va_start(args, first);
	for (part = first; part != NULL; part = va_arg(args, const gchar *))
		g_string_append_printf(path, "/%s", part);
	va_end(args);
	return g_string_free(path, FALSE);
}

static gchar *
test_source_path(const gchar *relpath)
{
	return g_build_filename(CMASIM_SOURCE_DIR, relpath, NULL);
}

/* a fresh temporary directory, removed by test_rmdir() */
static gchar *
test_tmpdir(void)
{
	GError *error = NULL;
	gchar *dir = g_dir_make_tmp("cmasim-test-XXXXXX", &error);
	assert_non_null(dir);
	return dir;
}

static void
test_rmdir(const gchar *path)
{
	GDir *dir = g_dir_open(path, 0, NULL);
	const gchar *name;
	if (dir == NULL) {
		g_remove(path);
		return;
	}
	while ((name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *child = g_build_filename(path, name, NULL);
		if (g_file_test(child, G_FILE_TEST_IS_DIR))
			test_rmdir(child);
		else
			g_remove(child);
	}
	g_dir_close(dir);
	g_rmdir(path);
}

static void
test_write(const gchar *path, const gchar *contents)
{
	g_autoptr(GError) error = NULL;
	assert_true(g_file_set_contents(path, contents, -1, &error));
}

static CmasimScenario *
test_load_ok(const gchar *path)
{
	g_autoptr(GError) error = NULL;
	CmasimScenario *scenario = cmasim_scenario_load(path, &error);
	if (scenario == NULL)
		fail_msg("%s: %s", path, error->message);
	return scenario;
}

static CmasimScenario *
test_load_data_ok(const gchar *name, const gchar *yaml)
{
	g_autoptr(GError) error = NULL;
	CmasimScenario *scenario = cmasim_scenario_load_from_data(name, yaml, strlen(yaml), &error);
	if (scenario == NULL)
		fail_msg("%s: %s", name, error->message);
	return scenario;
}

/* the error of loading @yaml (as @name) must start "@name:@line:@column: " and contain @sub */
static void
test_load_data_fails(const gchar *name, const gchar *yaml, guint line, guint column,
                     const gchar *sub)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario =
	    cmasim_scenario_load_from_data(name, yaml, strlen(yaml), &error);
	g_autofree gchar *prefix = g_strdup_printf("%s:%u:%u: ", name, line, column);
	if (scenario != NULL)
		fail_msg("%s: loaded, expected an error containing '%s'", name, sub);
	assert_non_null(error);
	if (!g_str_has_prefix(error->message, prefix) || strstr(error->message, sub) == NULL)
		fail_msg("expected '%s...%s', got '%s'", prefix, sub, error->message);
}

static void
test_set_ok(CmasimScenario *scenario, const gchar *assignment)
{
	g_autoptr(GError) error = NULL;
	if (!cmasim_scenario_apply_set(scenario, assignment, &error))
		fail_msg("--set %s: %s", assignment, error->message);
}

static void
test_set_fails(CmasimScenario *scenario, const gchar *assignment, const gchar *prefix,
               const gchar *sub)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *before = cmasim_scenario_to_yaml(scenario);
	g_autofree gchar *after = NULL;
	if (cmasim_scenario_apply_set(scenario, assignment, &error))
		fail_msg("--set %s: accepted, expected '%s'", assignment, sub);
	if (!g_str_has_prefix(error->message, prefix) || strstr(error->message, sub) == NULL)
		fail_msg("--set %s: expected '%s...%s', got '%s'", assignment, prefix, sub,
		         error->message);
	/* a failed --set leaves the scenario as it was */
	after = cmasim_scenario_to_yaml(scenario);
	assert_string_equal(before, after);
}

/* load -> to_yaml -> load -> to_yaml gives the same text twice */
static void
test_round_trip(const CmasimScenario *scenario, const gchar *what)
{
	g_autofree gchar *y1 = cmasim_scenario_to_yaml(scenario);
	g_autoptr(CmasimScenario) again = NULL;
	g_autofree gchar *y2 = NULL;
	g_autoptr(GError) error = NULL;

	again = cmasim_scenario_load_from_data("config.effective.yaml", y1, strlen(y1), &error);
	if (again == NULL)
		fail_msg("%s: effective config does not load: %s\n%s", what, error->message, y1);
	y2 = cmasim_scenario_to_yaml(again);
	if (g_strcmp0(y1, y2) != 0)
		fail_msg("%s: round trip differs:\n--- first\n%s\n--- second\n%s", what, y1, y2);
	assert_int_equal(scenario->n_events, again->n_events);
}

/* ---- the bad corpus ---- */

static void
test_bad_corpus(void **state)
{
	g_autofree gchar *dir = test_path("bad", NULL);
	g_autofree gchar *manifest = g_build_filename(dir, "expected.txt", NULL);
	g_autofree gchar *contents = NULL;
	g_auto(GStrv) lines = NULL;
	g_autoptr(GHashTable) listed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GDir) d = NULL;
	const gchar *name;
	guint n = 0;

	assert_true(g_file_get_contents(manifest, &contents, NULL, NULL));
	lines = g_strsplit(contents, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		g_auto(GStrv) fields = NULL;
		g_autofree gchar *path = NULL;
		g_autofree gchar *prefix = NULL;
		g_autoptr(GError) error = NULL;
		g_autoptr(CmasimScenario) scenario = NULL;
		const gchar *where;
		const gchar *colon;

		if (lines[i][0] == '#' || lines[i][0] == '\0')
			continue;
		fields = g_strsplit(lines[i], "\t", 3);
		assert_int_equal(g_strv_length(fields), 3);
		path = g_build_filename(dir, fields[0], NULL);
		/* "L:C" or "other.yaml:L:C" */
		where = fields[1];
		colon = strchr(where, ':');
		assert_non_null(colon);
		if (strchr(colon + 1, ':') != NULL) {
			g_autofree gchar *other = g_strndup(where, colon - where);
			g_autofree gchar *other_path = g_build_filename(dir, other, NULL);
			prefix = g_strdup_printf("%s:%s: ", other_path, colon + 1);
		} else {
			prefix = g_strdup_printf("%s:%s: ", path, where);
		}
		scenario = cmasim_scenario_load(path, &error);
		if (scenario != NULL)
			fail_msg("%s: loaded, expected an error", fields[0]);
		assert_true(error->domain == CMASIM_ERROR);
		if (!g_str_has_prefix(error->message, prefix) ||
		    strstr(error->message, fields[2]) == NULL)
			fail_msg("%s: expected '%s...%s', got '%s'", fields[0], prefix, fields[2],
			         error->message);
		g_hash_table_add(listed, g_strdup(fields[0]));
		n++;
	}
	assert_true(n >= 45);
	/* every root file of the corpus is listed */
	d = g_dir_open(dir, 0, NULL);
	assert_non_null(d);
	while ((name = g_dir_read_name(d)) != NULL) {
		if (!g_str_has_suffix(name, ".yaml") || name[0] == '_')
			continue;
		if (!g_hash_table_contains(listed, name))
			fail_msg("tests/data/bad/%s is not in expected.txt", name);
	}
}

/* huge hostile inputs, written at run time */
static void
test_bad_generated(void **state)
{
	g_autofree gchar *tmp = test_tmpdir();
	g_autofree gchar *deep = g_build_filename(tmp, "deep-nesting.yaml", NULL);
	g_autofree gchar *deep_map = g_build_filename(tmp, "deep-mapping.yaml", NULL);
	g_autofree gchar *big = g_build_filename(tmp, "big-scalar.yaml", NULL);
	g_autofree gchar *deep_events = g_build_filename(tmp, "deep-events.yaml", NULL);
	GString *text = g_string_new("version: 1\nmachine: {ram: 64MiB}\nevents: ");
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario = NULL;
	g_autofree gchar *prefix = NULL;

	/* 100 000 nested sequences: rejected at the 65th level, without recursion */
	for (guint i = 0; i < 100000; i++)
		g_string_append_c(text, '[');
	for (guint i = 0; i < 100000; i++)
		g_string_append_c(text, ']');
	g_string_append_c(text, '\n');
	test_write(deep, text->str);
	scenario = cmasim_scenario_load(deep, &error);
	assert_null(scenario);
	prefix = g_strdup_printf("%s:3:72: nesting deeper than 64 levels", deep);
	if (!g_str_has_prefix(error->message, prefix))
		fail_msg("got '%s'", error->message);
	g_clear_error(&error);
	g_clear_pointer(&prefix, g_free);

	/* 100 000 levels of sequences of mappings in inline events */
	g_string_assign(text, "version: 1\nmachine: {ram: 64MiB}\nevents: ");
	for (guint i = 0; i < 50000; i++)
		g_string_append(text, "[{a: ");
	g_string_append(text, "1");
	for (guint i = 0; i < 50000; i++)
		g_string_append(text, "}]");
	test_write(deep_map, text->str);
	scenario = cmasim_scenario_load(deep_map, &error);
	assert_null(scenario);
	assert_non_null(strstr(error->message, "nesting deeper than 64 levels"));
	g_clear_error(&error);

	/* deep nesting inside an events file */
	g_string_assign(text, "other: ");
	for (guint i = 0; i < 100000; i++)
		g_string_append_c(text, '[');
	g_string_append(text, "\nevents: []\n");
	test_write(deep_events, text->str);
	g_string_printf(text, "version: 1\nmachine: {ram: 64MiB}\nevents: {file: %s}\n",
	                deep_events);
	scenario =
	    cmasim_scenario_load_from_data("deep-events-root.yaml", text->str, text->len, &error);
	assert_null(scenario);
	prefix = g_strdup_printf("%s:1:71: nesting deeper than 64 levels", deep_events);
	if (!g_str_has_prefix(error->message, prefix))
		fail_msg("got '%s'", error->message);
	g_clear_error(&error);
	g_clear_pointer(&prefix, g_free);
	g_string_free(text, TRUE);

	/* a 10 MiB scalar */
	text = g_string_new("version: 1\nname: ");
	for (guint i = 0; i < 10 * 1024 * 1024; i++)
		g_string_append_c(text, 'x');
	g_string_append_c(text, '\n');
	test_write(big, text->str);
	g_string_free(text, TRUE);
	scenario = cmasim_scenario_load(big, &error);
	assert_null(scenario);
	prefix = g_strdup_printf("%s:2:7: a value of 10485760 bytes is too long", big);
	if (!g_str_has_prefix(error->message, prefix))
		fail_msg("got '%s'", error->message);
	g_clear_error(&error);
	g_clear_pointer(&prefix, g_free);

	/* 20 nested includes: refused at the 17th level, in the file that includes it */
	for (guint i = 0; i < 20; i++) {
		g_autofree gchar *name = g_strdup_printf("%s/inc%u.yaml", tmp, i);
		g_autofree gchar *yaml = g_strdup_printf(
		    "version: 1\nmachine: {ram: 64MiB}\ninclude: inc%u.yaml\n", i + 1);
		test_write(name, yaml);
	}
	{
		g_autofree gchar *root = g_strdup_printf("%s/inc0.yaml", tmp);
		g_autofree gchar *last = g_strdup_printf("%s/inc20.yaml", tmp);
		test_write(last, "version: 1\n");
		scenario = cmasim_scenario_load(root, &error);
		assert_null(scenario);
		prefix = g_strdup_printf("%s/inc16.yaml:3:10: includes nested deeper than 16", tmp);
		if (!g_str_has_prefix(error->message, prefix))
			fail_msg("got '%s'", error->message);
		g_clear_error(&error);
	}
	test_rmdir(tmp);
}

/* more rejections whose position is a cross-reference */
static void
test_bad_inline(void **state)
{
	/* the device key of the task, not the task */
	test_load_data_fails("cross.yaml",
	                     "version: 1\n"
	                     "machine: {ram: 64MiB}\n"
	                     "regions:\n"
	                     "  - {name: cma, size: 8MiB, devices: [cam]}\n"
	                     "tasks:\n"
	                     "  - {name: isp, type: device, size: 1MiB, device: isp0}\n",
	                     6, 51, "device 'isp0' is in no region");
	/* a fixed region in the wrong zone */
	test_load_data_fails(
	    "zone.yaml",
	    "version: 1\n"
	    "machine: {ram: 64MiB, zones: [{name: DMA, size: 16MiB}, {name: Normal}]}\n"
	    "regions:\n"
	    "  - {name: r, reg: [0x2000000, 4MiB], zone: DMA}\n",
	    4, 20, "is in zone Normal, not DMA");
	/* fixed regions that overlap */
	test_load_data_fails("overlap.yaml",
	                     "version: 1\n"
	                     "machine: {ram: 64MiB}\n"
	                     "regions:\n"
	                     "  - {name: a, reg: [0x1000000, 8MiB]}\n"
	                     "  - {name: b, reg: [0x1400000, 8MiB]}\n",
	                     5, 15, "overlaps region 'a'");
	/* regions together larger than RAM */
	test_load_data_fails("sum.yaml",
	                     "version: 1\n"
	                     "machine: {ram: 64MiB}\n"
	                     "regions:\n"
	                     "  - {name: a, size: 40MiB}\n"
	                     "  - {name: b, size: 40MiB}\n",
	                     5, 15, "need more than RAM");
	/* ram above what the banks hold */
	test_load_data_fails("ram.yaml",
	                     "version: 1\n"
	                     "machine: {ram: 1GiB, banks: [{base: 0, size: 512MiB}]}\n",
	                     2, 16, "more than the banks hold");
	/* more pages than 32-bit pfns can number would need > 64 GiB: capped first */
	test_load_data_fails("pages.yaml", "version: 1\nmachine: {ram: 65GiB}\n", 2, 16,
	                     "more than can be simulated");
	/* a second linux,cma-default from an override of a preset region */
	{
		const gchar *yaml = "version: 1\n"
		                    "machine: {preset: goni-s5pc110}\n"
		                    "regions:\n"
		                    "  - name: fimc\n"
		                    "    linux,cma-default: true\n";
		g_autoptr(GError) error = NULL;
		g_autoptr(CmasimScenario) scenario = cmasim_scenario_load_from_data(
		    "preset-override.yaml", yaml, strlen(yaml), &error);
		assert_null(scenario);
		/* the preset's own default area is now the second one */
		assert_non_null(strstr(error->message, "configs/machines/goni-s5pc110.yaml:"));
		assert_non_null(strstr(error->message, "'fimc' is already the default"));
	}
	/* a preset override that cannot fit: ram below the zones' explicit sizes */
	{
		const gchar *yaml = "version: 1\nmachine: {preset: rpi4, ram: 512MiB}\n";
		g_autoptr(GError) error = NULL;
		g_autoptr(CmasimScenario) scenario =
		    cmasim_scenario_load_from_data("rpi-small.yaml", yaml, strlen(yaml), &error);
		assert_null(scenario);
		/* reported in the preset, where the zone sizes are */
		assert_non_null(strstr(error->message, "configs/machines/rpi4.yaml:"));
		assert_non_null(strstr(error->message, "exceed the banks' span of 512MiB"));
	}
}

/* ---- every documented key ---- */

static const CmasimBackgroundTask *
test_background(const CmasimScenario *s, const gchar *name)
{
	for (guint i = 0; i < s->background->len; i++) {
		const CmasimBackgroundTask *t = g_ptr_array_index(s->background, i);
		if (g_strcmp0(t->name, name) == 0)
			return t;
	}
	fail_msg("no background task %s", name);
	/* fail_msg() does not return; tell the compiler (-Wnull-dereference at -O3) */
	g_assert_not_reached();
}

static const CmasimDeviceTask *
test_device(const CmasimScenario *s, const gchar *name)
{
	for (guint i = 0; i < s->devices->len; i++) {
		const CmasimDeviceTask *t = g_ptr_array_index(s->devices, i);
		if (g_strcmp0(t->name, name) == 0)
			return t;
	}
	fail_msg("no device task %s", name);
	/* fail_msg() does not return; tell the compiler (-Wnull-dereference at -O3) */
	g_assert_not_reached();
}

static const CmasimRegionSpec *
test_region(const CmasimScenario *s, const gchar *name)
{
	for (guint i = 0; i < s->regions->len; i++) {
		const CmasimRegionSpec *r = g_ptr_array_index(s->regions, i);
		if (g_strcmp0(r->name, name) == 0)
			return r;
	}
	fail_msg("no region %s", name);
	/* fail_msg() does not return; tell the compiler (-Wnull-dereference at -O3) */
	g_assert_not_reached();
}

#define MiB (G_GUINT64_CONSTANT(1) << 20)
#define MS  CMASIM_NS_PER_MS

static void
test_every_key(void **state)
{
	g_autofree gchar *path = test_path("good", "every-key.yaml", NULL);
	g_autoptr(CmasimScenario) s = test_load_ok(path);
	const CmasimMachineSpec *m = &s->machine;
	const CmasimRegionSpec *carve, *hi;
	const CmasimBackgroundTask *files;
	const CmasimDeviceTask *cam, *dsp;
	const CmasimOrderWeight *ow;
	g_autofree gchar *yaml = NULL;

	assert_string_equal(s->path, path);
	assert_string_equal(s->name, "every-key");
	assert_int_equal(s->version, 1);
	assert_int_equal(s->seed, 42);
	assert_int_equal(s->duration_ns, 2500 * MS);

	assert_null(m->preset);
	assert_string_equal(m->arch, "arm32");
	assert_string_equal(m->cpu, "cortex-a8");
	assert_int_equal(m->ncpus, 2);
	assert_int_equal(m->ram_bytes, 768 * MiB);
	assert_int_equal(m->page_size_bytes, 16384);
	assert_int_equal(m->max_order, 11);
	assert_int_equal(m->pageblock_order, 9);
	/* ram trims the banks from the top, as mem= does */
	assert_int_equal(m->banks->len, 2);
	assert_int_equal(g_array_index(m->banks, CmasimRange, 0).base_bytes, 0x20000000);
	assert_int_equal(g_array_index(m->banks, CmasimRange, 0).size_bytes, 512 * MiB);
	assert_int_equal(g_array_index(m->banks, CmasimRange, 1).base_bytes, 0x60000000);
	assert_int_equal(g_array_index(m->banks, CmasimRange, 1).size_bytes, 256 * MiB);
	/* the last zone takes the rest of the span, hole included */
	assert_int_equal(m->zones->len, 2);
	assert_string_equal(g_array_index(m->zones, CmasimZoneSpec, 0).name, "Normal");
	assert_int_equal(g_array_index(m->zones, CmasimZoneSpec, 0).size_bytes, 768 * MiB);
	assert_string_equal(g_array_index(m->zones, CmasimZoneSpec, 1).name, "HighMem");
	assert_int_equal(g_array_index(m->zones, CmasimZoneSpec, 1).size_bytes, 512 * MiB);
	assert_int_equal(m->min_free_kbytes, 4096);
	assert_int_equal(m->watermark_scale_factor, 50);

	assert_int_equal(s->regions->len, 2);
	carve = g_ptr_array_index(s->regions, 0);
	assert_string_equal(carve->name, "carve");
	assert_int_equal(carve->size_bytes, 32 * MiB);
	assert_int_equal(carve->alignment_bytes, 16 * MiB);
	assert_true(carve->has_base);
	assert_int_equal(carve->base_bytes, 0x24000000);
	assert_int_equal(carve->alloc_ranges->len, 0);
	assert_string_equal(carve->zone, "Normal");
	assert_false(carve->reusable);
	assert_true(carve->no_map);
	assert_false(carve->is_default);
	assert_int_equal(carve->order_per_bit, 1);
	assert_int_equal(carve->devices->len, 1);
	assert_string_equal(g_ptr_array_index(carve->devices, 0), "dsp");
	hi = g_ptr_array_index(s->regions, 1);
	assert_string_equal(hi->name, "cma-hi");
	assert_int_equal(hi->size_bytes, 48 * MiB);
	assert_int_equal(hi->alignment_bytes, 0);
	assert_false(hi->has_base);
	assert_int_equal(hi->alloc_ranges->len, 1);
	assert_int_equal(g_array_index(hi->alloc_ranges, CmasimRange, 0).base_bytes, 0x60000000);
	assert_int_equal(g_array_index(hi->alloc_ranges, CmasimRange, 0).size_bytes, 256 * MiB);
	assert_string_equal(hi->zone, "HighMem");
	assert_true(hi->reusable);
	assert_false(hi->no_map);
	assert_true(hi->is_default);
	assert_int_equal(hi->order_per_bit, 2);
	assert_int_equal(hi->devices->len, 2);
	assert_string_equal(g_ptr_array_index(hi->devices, 1), "cam1");

	assert_int_equal(s->background->len, 1);
	files = test_background(s, "files");
	assert_int_equal(files->kind, CMASIM_OWNER_FILE);
	assert_true(files->rate_per_s == 1500.0);
	assert_int_equal(files->orders->len, 2);
	ow = &g_array_index(files->orders, CmasimOrderWeight, 1);
	assert_int_equal(ow->order, 3);
	assert_true(ow->weight == 0.25);
	assert_int_equal(files->lifetime_ns.kind, CMASIM_DIST_LOGNORMAL);
	assert_true(files->lifetime_ns.a == 3.0 * MS);
	assert_true(files->lifetime_ns.b == 0.75);
	assert_true(files->fill_percent == 12.5);
	assert_true(files->dirty_fraction == 0.25);
	assert_true(files->writeback_fraction == 0.125);
	assert_true(files->pin_rate_per_s == 10.0);
	assert_int_equal(files->pin_duration_ns.kind, CMASIM_DIST_EXPONENTIAL);
	assert_true(files->pin_duration_ns.a == 250000.0);
	assert_true(files->longterm_pin_fraction == 0.01);
	assert_int_equal(files->start_ns, 100 * MS);
	assert_int_equal(files->stop_ns, 2000 * MS);

	assert_int_equal(s->devices->len, 2);
	cam = test_device(s, "cam");
	assert_string_equal(cam->device, "cam0");
	assert_int_equal(cam->size_bytes, 6 * MiB);
	assert_int_equal(cam->buffers, 2);
	assert_int_equal(cam->align_order, 6);
	assert_int_equal(cam->hold_ns.kind, CMASIM_DIST_UNIFORM);
	assert_true(cam->hold_ns.a == 5.0 * MS && cam->hold_ns.b == 15.0 * MS);
	assert_int_equal(cam->period_ns, 40 * MS);
	assert_int_equal(cam->loops, 7);
	assert_int_equal(cam->start_delay_ns.kind, CMASIM_DIST_EXPONENTIAL);
	assert_true(cam->start_delay_ns.a == 3.0 * MS);
	assert_true(cam->gfp_atomic);
	dsp = test_device(s, "dsp-task");
	/* alignment: 64KiB with 16 KiB pages is order 2 */
	assert_int_equal(dsp->align_order, 2);
	assert_int_equal(dsp->hold_ns.kind, CMASIM_DIST_FIXED);
	assert_true(dsp->hold_ns.a == 2.0 * MS);
	assert_int_equal(dsp->start_delay_ns.kind, CMASIM_DIST_LOGNORMAL);
	assert_true(dsp->start_delay_ns.b == 0.5);

	assert_string_equal(cmasim_params_get_enum(s->params, "policy.cma.behaviour"), "v14");
	assert_int_equal(s->n_events, 8);
	assert_non_null(s->events_path);
	assert_true(g_path_is_absolute(s->events_path));

	/* every value comes back in config.effective.yaml */
	yaml = cmasim_scenario_to_yaml(s);
	{
		static const gchar *const lines[] = {
		    "name: every-key\n",
		    "seed: 42\n",
		    "duration: 2500ms\n",
		    "  arch: arm32\n",
		    "  cpu: cortex-a8\n",
		    "  cpus: 2\n",
		    "  ram: 768MiB\n",
		    "  page_size: 16KiB\n",
		    "  max_order: 11\n",
		    "  pageblock_order: 9\n",
		    "  - {base: 0x20000000, size: 512MiB}\n",
		    "  - {base: 0x60000000, size: 256MiB}\n",
		    "  - {name: Normal, size: 768MiB}\n",
		    "  - {name: HighMem, size: 512MiB}\n",
		    "  min_free_kbytes: 4096\n",
		    "  watermark_scale_factor: 50\n",
		    "  base: 0x24000000\n",
		    "  alignment: 16MiB\n",
		    "  zone: Normal\n",
		    "  no-map: true\n",
		    "  order_per_bit: 1\n",
		    "  devices: [dsp]\n",
		    "  alloc-ranges: [[0x60000000, 256MiB]]\n",
		    "  linux,cma-default: true\n",
		    "  devices: [cam0, cam1]\n",
		    "  kind: file\n",
		    "  rate: 1500/s\n",
		    "  orders: {0: 0.75, 3: 0.25}\n",
		    "  lifetime: lognormal(3ms, 0.75)\n",
		    "  fill: 12.5%\n",
		    "  dirty: 0.25\n",
		    "  writeback: 0.125\n",
		    "  pin_rate: 10/s\n",
		    "  pin_duration: exp(250us)\n",
		    "  longterm_pin: 0.01\n",
		    "  start: 100ms\n",
		    "  stop: 2s\n",
		    "  device: cam0\n",
		    "  size: 6MiB\n",
		    "  buffers: 2\n",
		    "  align: 6\n",
		    "  hold: 5ms-15ms\n",
		    "  period: 40ms\n",
		    "  loops: 7\n",
		    "  start_delay: exp(3ms)\n",
		    "  gfp_atomic: true\n",
		    "  align: 2\n",
		    "  start_delay: lognormal(1ms, 0.5)\n",
		    "    behaviour: v14\n",
		};
		for (guint i = 0; i < G_N_ELEMENTS(lines); i++) {
			if (strstr(yaml, lines[i]) == NULL)
				fail_msg("'%s' is missing from\n%s", lines[i], yaml);
		}
	}
	test_round_trip(s, path);
}

/* defaults fill every field with something meaningful */
static void
test_defaults(void **state)
{
	g_autoptr(CmasimScenario) s = test_load_data_ok(
	    "defaults.yaml", "version: 1\n"
	                     "machine: {ram: 256MiB}\n"
	                     "tasks:\n"
	                     "  - {name: bg, type: background, rate: 1/s}\n"
	                     "  - {name: dev, type: device, device: d, size: 3MiB}\n");
	const CmasimBackgroundTask *bg = test_background(s, "bg");
	const CmasimDeviceTask *dev = test_device(s, "dev");

	assert_string_equal(s->name, "defaults");
	assert_int_equal(s->seed, 1);
	assert_int_equal(s->duration_ns, 10 * CMASIM_NS_PER_S);
	assert_string_equal(s->machine.arch, "arm64");
	assert_null(s->machine.cpu);
	assert_int_equal(s->machine.ncpus, 1);
	assert_int_equal(s->machine.page_size_bytes, 4096);
	assert_int_equal(s->machine.max_order, 10);
	assert_int_equal(s->machine.pageblock_order, 9);
	assert_int_equal(s->machine.banks->len, 1);
	assert_int_equal(g_array_index(s->machine.banks, CmasimRange, 0).base_bytes, 0);
	assert_int_equal(s->machine.zones->len, 1);
	assert_string_equal(g_array_index(s->machine.zones, CmasimZoneSpec, 0).name, "DMA32");
	assert_int_equal(s->machine.min_free_kbytes, 0);
	assert_int_equal(s->machine.watermark_scale_factor, 10);
	assert_int_equal(bg->kind, CMASIM_OWNER_ANON);
	assert_int_equal(bg->orders->len, 1);
	assert_int_equal(bg->lifetime_ns.kind, CMASIM_DIST_EXPONENTIAL);
	assert_true(bg->lifetime_ns.a > 0);
	assert_true(bg->pin_duration_ns.a > 0);
	assert_int_equal(bg->stop_ns, 0);
	assert_string_equal(dev->device, "d");
	assert_int_equal(dev->buffers, 1);
	/* 3 MiB: get_order = 10, clamped to CONFIG_CMA_ALIGNMENT 8 */
	assert_int_equal(dev->align_order, 8);
	assert_true(dev->hold_ns.a > 0);
	assert_int_equal(dev->period_ns, CMASIM_NS_PER_S);
	assert_int_equal(dev->loops, 0);
	assert_false(dev->gfp_atomic);
	assert_null(s->events_path);
	assert_int_equal(s->n_events, 0);
	test_round_trip(s, "defaults");

	/* arch-dependent defaults: x86-64 zones, arm32 pageblocks and HighMem */
	{
		g_autoptr(CmasimScenario) x86 = test_load_data_ok(
		    "x86.yaml", "version: 1\nmachine: {arch: x86-64, ram: 8GiB}\n");
		g_autoptr(CmasimScenario) arm = test_load_data_ok(
		    "arm.yaml", "version: 1\nmachine: {arch: arm32, ram: 1GiB}\n");
		g_autoptr(CmasimScenario) arm64k = test_load_data_ok(
		    "arm64k.yaml",
		    "version: 1\nmachine: {arch: arm64, ram: 8GiB, page_size: 64KiB}\n");
		assert_int_equal(x86->machine.zones->len, 3);
		assert_int_equal(g_array_index(x86->machine.zones, CmasimZoneSpec, 0).size_bytes,
		                 16 * MiB);
		assert_int_equal(g_array_index(x86->machine.zones, CmasimZoneSpec, 2).size_bytes,
		                 4096 * MiB);
		assert_int_equal(arm->machine.pageblock_order, 10);
		assert_int_equal(arm->machine.zones->len, 2);
		assert_int_equal(g_array_index(arm->machine.zones, CmasimZoneSpec, 0).size_bytes,
		                 760 * MiB);
		assert_string_equal(g_array_index(arm->machine.zones, CmasimZoneSpec, 1).name,
		                    "HighMem");
		assert_int_equal(arm64k->machine.max_order, 13);
		assert_int_equal(arm64k->machine.pageblock_order, 13);
	}
}

/* ---- shipped files ---- */

static void
test_shipped_workloads(void **state)
{
	static const gchar *const dirs[] = {"workloads", "workloads/bench"};
	guint n = 0;
	for (guint d = 0; d < G_N_ELEMENTS(dirs); d++) {
		g_autofree gchar *dir = test_source_path(dirs[d]);
		g_autoptr(GDir) gdir = g_dir_open(dir, 0, NULL);
		const gchar *name;
		assert_non_null(gdir);
		while ((name = g_dir_read_name(gdir)) != NULL) {
			g_autofree gchar *path = g_build_filename(dir, name, NULL);
			g_autoptr(CmasimScenario) s = NULL;
			/* every *.yaml is a workload (traces are *.yml) */
			if (!g_str_has_suffix(name, ".yaml"))
				continue;
			s = test_load_ok(path);
			test_round_trip(s, path);
			n++;
		}
	}
	assert_true(n >= 7);
	/* what the product page promises */
	{
		g_autofree gchar *path = test_source_path("workloads/goni-camera.yaml");
		g_autoptr(CmasimScenario) s = test_load_ok(path);
		const CmasimDeviceTask *camera = test_device(s, "camera");
		assert_string_equal(s->machine.preset, "goni-s5pc110");
		assert_int_equal(s->machine.ram_bytes, 512 * MiB);
		assert_string_equal(camera->device, "s5p-fimc.0");
		assert_int_equal(camera->size_bytes, 8 * MiB);
		assert_int_equal(camera->buffers, 3);
		assert_true(test_region(s, "fimc")->size_bytes >= 24 * MiB);
	}
	{
		g_autofree gchar *path = test_source_path("workloads/bench/trace-stream.yaml");
		g_autoptr(CmasimScenario) s = test_load_ok(path);
		assert_int_equal(s->n_events, 2000);
	}
}

static void
test_presets(void **state)
{
	g_autoptr(GPtrArray) presets = cmasim_data_list("configs/machines");
	static const gchar *const expected[] = {"goni-s5pc110", "pixel-arm64", "rpi4",
	                                        "x86-server"};
	for (guint i = 0; i < G_N_ELEMENTS(expected); i++)
		assert_true(
		    g_ptr_array_find_with_equal_func(presets, expected[i], g_str_equal, NULL));
	for (guint i = 0; i < presets->len; i++) {
		const gchar *name = g_ptr_array_index(presets, i);
		g_autofree gchar *yaml =
		    g_strdup_printf("version: 1\nmachine: {preset: %s}\n", name);
		g_autoptr(CmasimScenario) s = test_load_data_ok(name, yaml);
		assert_string_equal(s->machine.preset, name);
		assert_non_null(s->machine.cpu);
		test_round_trip(s, name);
	}
	{
		g_autoptr(CmasimScenario) goni =
		    test_load_data_ok("goni.yaml", "version: 1\nmachine: {preset: goni-s5pc110}\n");
		g_autoptr(CmasimScenario) x86 =
		    test_load_data_ok("x86.yaml", "version: 1\nmachine: {preset: x86-server}\n");
		assert_string_equal(goni->machine.arch, "arm32");
		assert_int_equal(goni->machine.banks->len, 2);
		assert_int_equal(goni->machine.max_order, 10);
		assert_int_equal(goni->machine.pageblock_order, 10);
		assert_int_equal(test_region(goni, "linux,cma")->size_bytes, 16 * MiB);
		assert_true(test_region(goni, "linux,cma")->is_default);
		assert_int_equal(test_region(goni, "fimc")->devices->len, 3);
		assert_int_equal(x86->regions->len, 0);
		assert_int_equal(x86->machine.ram_bytes, 16384 * MiB);
		assert_int_equal(x86->machine.zones->len, 3);
	}
	/* the preset's overrides: ram trims the banks like mem= */
	{
		g_autoptr(CmasimScenario) s = test_load_data_ok(
		    "goni-256.yaml", "version: 1\nmachine: {preset: goni-s5pc110, ram: 256MiB}\n");
		assert_int_equal(s->machine.ram_bytes, 256 * MiB);
		assert_int_equal(s->machine.banks->len, 1);
		assert_int_equal(g_array_index(s->machine.zones, CmasimZoneSpec, 0).size_bytes,
		                 256 * MiB);
	}
}

static void
test_includes(void **state)
{
	g_autofree gchar *path = test_path("good", "include-main.yaml", NULL);
	g_autoptr(CmasimScenario) s = test_load_ok(path);
	const CmasimRegionSpec *fimc;

	/* the including file overrides its fragments, fragments override earlier ones */
	assert_int_equal(s->seed, 9);
	assert_int_equal(s->duration_ns, 3 * CMASIM_NS_PER_S);
	assert_int_equal(s->machine.ram_bytes, 256 * MiB);
	/* the workload's region of the preset's name overrides it key by key */
	assert_int_equal(s->regions->len, 2);
	fimc = g_ptr_array_index(s->regions, 0);
	assert_string_equal(fimc->name, "fimc");
	assert_int_equal(fimc->size_bytes, 8 * MiB);
	assert_int_equal(fimc->devices->len, 3);
	/* task lists concatenate in order */
	assert_int_equal(s->background->len, 2);
	assert_int_equal(s->devices->len, 1);
	assert_string_equal(((CmasimBackgroundTask *)g_ptr_array_index(s->background, 0))->name,
	                    "frag-task");
	assert_string_equal(((CmasimBackgroundTask *)g_ptr_array_index(s->background, 1))->name,
	                    "main-task");
	/* a nested include, relative to its includer's directory */
	assert_string_equal(cmasim_params_get_enum(s->params, "policy.cma.behaviour"), "v14");
	{
		g_autofree gchar *yaml = cmasim_scenario_to_yaml(s);
		const gchar *a = strstr(yaml, "- name: frag-task");
		const gchar *b = strstr(yaml, "- name: cam");
		const gchar *c = strstr(yaml, "- name: main-task");
		assert_true(a != NULL && b != NULL && c != NULL && a < b && b < c);
	}
	test_round_trip(s, path);
}

/* ---- --set ---- */

static void
test_apply_set(void **state)
{
	g_autofree gchar *path = test_source_path("workloads/goni-camera.yaml");
	g_autoptr(CmasimScenario) s = test_load_ok(path);
	const CmasimDeviceTask *camera;

	test_set_ok(s, "seed=77");
	assert_int_equal(s->seed, 77);
	test_set_ok(s, "duration=1.5s");
	assert_int_equal(s->duration_ns, 1500 * MS);
	test_set_ok(s, "name=renamed");
	assert_string_equal(s->name, "renamed");
	test_set_ok(s, "machine.ram=256MiB");
	assert_int_equal(s->machine.ram_bytes, 256 * MiB);
	assert_int_equal(s->machine.banks->len, 1);
	test_set_ok(s, "machine.pageblock_order=9");
	assert_int_equal(s->machine.pageblock_order, 9);
	test_set_ok(s, "machine.banks=[{base: 0x30000000, size: 128MiB}, [0x40000000, 128MiB]]");
	assert_int_equal(s->machine.banks->len, 2);
	assert_int_equal(s->machine.ram_bytes, 256 * MiB);
	/* a region of the preset */
	test_set_ok(s, "regions.fimc.size=32MiB");
	assert_int_equal(test_region(s, "fimc")->size_bytes, 32 * MiB);
	test_set_ok(s, "regions.linux,cma.devices=[a, b]");
	assert_int_equal(test_region(s, "linux,cma")->devices->len, 2);
	test_set_ok(s, "tasks.page-cache.rate=100/s");
	assert_true(test_background(s, "page-cache")->rate_per_s == 100.0);
	test_set_ok(s, "tasks.apps.lifetime={dist: exp, mean: 3ms}");
	assert_int_equal(test_background(s, "apps")->lifetime_ns.kind, CMASIM_DIST_EXPONENTIAL);
	test_set_ok(s, "tasks.apps.orders={0: 1, 1: 3}");
	assert_int_equal(test_background(s, "apps")->orders->len, 2);
	/* the default alignment follows the size */
	test_set_ok(s, "tasks.camera.size=512KiB");
	camera = test_device(s, "camera");
	assert_int_equal(camera->align_order, 7);
	test_set_ok(s, "tasks.camera.alignment=2MiB");
	assert_int_equal(test_device(s, "camera")->align_order, 9);
	test_set_ok(s, "tasks.camera.align=3");
	assert_int_equal(test_device(s, "camera")->align_order, 3);
	test_set_ok(s, "policy.cma.behaviour=v14");
	assert_string_equal(cmasim_params_get_enum(s->params, "policy.cma.behaviour"), "v14");
	test_round_trip(s, "after --set");

	/* errors name --set, the column of the value, and what is valid */
	test_set_fails(s, "machine.pageblock_order=11",
	               "--set:1:25: ", "pageblock_order 11 is above max_order 10");
	test_set_fails(s, "machine.rom=1", "--set:1:1: ", "machine.ram, machine.page_size");
	test_set_fails(s, "machine.ram=1TiB", "--set:1:13: ", "more than can be simulated");
	test_set_fails(s, "machine.ram=12Q", "--set:1:13: ", "unknown size suffix");
	test_set_fails(s, "regions.nope.size=1MiB", "--set:1:1: ", "fimc, linux,cma");
	test_set_fails(s, "regions.fimc.colour=red", "--set:1:1: ", "regions.fimc.size");
	test_set_fails(s, "tasks.camera.rate=1/s", "--set:1:1: ", "tasks.camera.hold");
	test_set_fails(s, "tasks.camera.name=x", "--set:1:1: ", "unknown key");
	test_set_fails(s, "tasks.apps.hold=1ms", "--set:1:1: ", "tasks.apps.lifetime");
	test_set_fails(s, "tasks.camera.hold=soon", "--set:1:19: ", "not a valid value");
	test_set_fails(s, "tasks.apps.orders={0: 1, 0: 2}", "--set:1:26: ", "duplicate key");
	test_set_fails(s, "bogus=1", "--set:1:1: ", "machine.<key>, regions.<name>.<key>");
	test_set_fails(s, "nothing", "--set:1:1: ", "is not an assignment");
	test_set_fails(s, "=1", "--set:1:1: ", "is not an assignment");
	test_set_fails(s, "policy.cma.nope=1", "--set:1:17: ", "policy.cma.behaviour");
	test_set_fails(s, "policy.cma.behaviour=v99", "--set:1:22: ", "'v99' is not a valid value");
	test_set_fails(s, "version=2", "--set:1:9: ", "unsupported version 2");
	test_set_fails(s, "seed=-3", "--set:1:6: ", "is negative");
	/* a --set that makes another value invalid: reported where that value is */
	test_set_fails(s, "machine.ram=16MiB", "", "regions.fimc.size: 32MiB is larger than RAM");
	test_set_fails(s, "events.file=/nonexistent/trace.yaml", "--set:1:13: ", "cannot read");
}

/* every registered parameter can be set to a value other than its default */
static gchar *
test_other_value(const CmasimParamDef *def)
{
	switch (def->type) {
	case CMASIM_PARAM_UINT: {
		guint64 v = 0;
		assert_true(cmasim_parse_uint64(def->default_value, &v, NULL));
		if (def->max_value != 0 && v + 1 > def->max_value)
			return g_strdup_printf("%" G_GUINT64_FORMAT, v - 1);
		return g_strdup_printf("%" G_GUINT64_FORMAT, v + 1);
	}
	case CMASIM_PARAM_DOUBLE: {
		gdouble v = 0;
		assert_true(cmasim_parse_double(def->default_value, &v, NULL));
		return g_strdup_printf("%.3f", v + 0.25);
	}
	case CMASIM_PARAM_BOOL: {
		gboolean v = FALSE;
		assert_true(cmasim_parse_bool(def->default_value, &v, NULL));
		return g_strdup(v ? "false" : "true");
	}
	case CMASIM_PARAM_ENUM: {
		g_auto(GStrv) choices = g_strsplit(def->choices, "|", -1);
		for (guint i = 0; choices[i] != NULL; i++) {
			if (g_strcmp0(choices[i], def->default_value) != 0)
				return g_strdup(choices[i]);
		}
		return g_strdup(def->default_value);
	}
	case CMASIM_PARAM_SIZE: {
		guint64 v = 0;
		assert_true(cmasim_parse_size_bytes(def->default_value, &v, NULL));
		if (def->max_value != 0 && v + 1 > def->max_value)
			return g_strdup_printf("%" G_GUINT64_FORMAT, v - 1);
		return g_strdup_printf("%" G_GUINT64_FORMAT, v + 1);
	}
	case CMASIM_PARAM_TIME: {
		guint64 v = 0;
		assert_true(cmasim_parse_time_ns(def->default_value, &v, NULL));
		if (def->max_value != 0 && v + 1 > def->max_value)
			return g_strdup_printf("%" G_GUINT64_FORMAT "ns", v - 1);
		return g_strdup_printf("%" G_GUINT64_FORMAT "ns", v + 1);
	}
	default:
		fail();
	}
	return NULL;
}

static void
test_every_param(void **state)
{
	g_autoptr(CmasimScenario) s =
	    test_load_data_ok("params.yaml", "version: 1\nmachine: {ram: 64MiB}\n");
	g_autoptr(GPtrArray) defs = cmasim_param_defs_sorted();

	for (guint i = 0; i < defs->len; i++) {
		const CmasimParamDef *def = g_ptr_array_index(defs, i);
		g_autofree gchar *value = test_other_value(def);
		g_autofree gchar *assignment = g_strdup_printf("%s=%s", def->key, value);
		test_set_ok(s, assignment);
		assert_true(cmasim_params_is_set(s->params, def->key));
	}
	test_round_trip(s, "every parameter set");
	/* the flat (dotted) form of the sections reads the same values */
	{
		GString *flat = g_string_new("version: 1\nmachine: {ram: 64MiB}\n");
		g_autoptr(GPtrArray) sections = _cmasim_param_sections();
		g_autoptr(CmasimScenario) again = NULL;
		for (guint j = 0; j < sections->len; j++) {
			const gchar *section = g_ptr_array_index(sections, j);
			g_string_append_printf(flat, "%s:\n", section);
			for (guint i = 0; i < defs->len; i++) {
				const CmasimParamDef *def = g_ptr_array_index(defs, i);
				if (!g_str_has_prefix(def->key, section) ||
				    def->key[strlen(section)] != '.')
					continue;
				g_string_append_printf(flat, "  %s: '%s'\n",
				                       def->key + strlen(section) + 1,
				                       cmasim_params_get_text(s->params, def->key));
			}
		}
		again = test_load_data_ok("flat.yaml", flat->str);
		for (guint i = 0; i < defs->len; i++) {
			const CmasimParamDef *def = g_ptr_array_index(defs, i);
			assert_string_equal(cmasim_params_get_text(again->params, def->key),
			                    cmasim_params_get_text(s->params, def->key));
		}
		g_string_free(flat, TRUE);
	}
}

/* ---- CPU profiles: defaults < profile < workload cost: < --set ---- */

static void
test_cpu_profile(void **state)
{
	g_autoptr(GPtrArray) defs = cmasim_param_defs_sorted();
	const CmasimParamDef *a = NULL, *b = NULL;
	g_autofree gchar *tmp = test_tmpdir();
	g_autofree gchar *cpus = g_build_filename(tmp, "configs", "cpus", NULL);
	g_autofree gchar *profile = g_build_filename(cpus, "test-cpu.yaml", NULL);
	g_autofree gchar *saved = g_strdup(g_getenv("CMASIM_DATADIR"));
	g_autofree gchar *a_value = NULL, *b_value = NULL, *b_workload = NULL;
	g_autofree gchar *yaml = NULL, *workload = NULL;
	g_autoptr(CmasimScenario) s = NULL;
	g_autoptr(GError) error = NULL;

	/* two registered cost parameters, whatever src/cost/ defines today */
	for (guint i = 0; i < defs->len; i++) {
		const CmasimParamDef *def = g_ptr_array_index(defs, i);
		if (!g_str_has_prefix(def->key, "cost.") || def->type == CMASIM_PARAM_ENUM)
			continue;
		if (a == NULL)
			a = def;
		else if (b == NULL)
			b = def;
	}
	if (a == NULL || b == NULL)
		skip();
	a_value = test_other_value(a);
	b_value = test_other_value(b);
	assert_int_equal(g_mkdir_with_parents(cpus, 0755), 0);
	yaml = g_strdup_printf("version: 1\nname: test-cpu\ndescription: a test profile\n"
	                       "cost:\n  %s: '%s'\n  %s: '%s'\n",
	                       a->key + 5, a_value, b->key + 5, b_value);
	test_write(profile, yaml);
	g_setenv("CMASIM_DATADIR", tmp, TRUE);

	/* the profile's values */
	s = test_load_data_ok("cpu.yaml", "version: 1\nmachine: {ram: 64MiB, cpu: test-cpu}\n");
	{
		g_autoptr(CmasimParams) expect = cmasim_params_new();
		assert_true(cmasim_params_set(expect, a->key, a_value, NULL));
		assert_true(cmasim_params_set(expect, b->key, b_value, NULL));
		assert_string_equal(cmasim_params_get_text(s->params, a->key),
		                    cmasim_params_get_text(expect, a->key));
		assert_string_equal(cmasim_params_get_text(s->params, b->key),
		                    cmasim_params_get_text(expect, b->key));
	}
	g_clear_pointer(&s, cmasim_scenario_free);
	/* the workload's cost: section beats the profile, --set beats both */
	b_workload = g_strdup(b->default_value);
	workload = g_strdup_printf("version: 1\nmachine: {ram: 64MiB, cpu: test-cpu}\n"
	                           "cost: {%s: '%s'}\n",
	                           b->key + 5, b_workload);
	s = test_load_data_ok("cpu2.yaml", workload);
	{
		g_autoptr(CmasimParams) expect = cmasim_params_new();
		assert_string_equal(cmasim_params_get_text(s->params, b->key),
		                    cmasim_params_get_text(expect, b->key));
	}
	{
		g_autofree gchar *assignment = g_strdup_printf("%s=%s", a->key, a->default_value);
		g_autoptr(CmasimParams) expect = cmasim_params_new();
		test_set_ok(s, assignment);
		assert_string_equal(cmasim_params_get_text(s->params, a->key),
		                    cmasim_params_get_text(expect, a->key));
	}
	test_round_trip(s, "cpu profile");
	g_clear_pointer(&s, cmasim_scenario_free);

	/* a profile that is nowhere: the cpu: value's position */
	test_load_data_fails("nocpu.yaml", "version: 1\nmachine:\n  ram: 64MiB\n  cpu: nowhere\n",
	                     4, 8, "unknown CPU profile 'nowhere'");
	/* a bad value in the profile: the profile's position */
	test_write(profile, "version: 1\ncost:\n  no_such_cost_key: 1\n");
	{
		const gchar *text = "version: 1\nmachine: {ram: 64MiB, cpu: test-cpu}\n";
		s = cmasim_scenario_load_from_data("cpu3.yaml", text, strlen(text), &error);
	}
	assert_null(s);
	{
		g_autofree gchar *prefix = g_strdup_printf("%s:3:3: unknown parameter", profile);
		if (!g_str_has_prefix(error->message, prefix))
			fail_msg("got '%s'", error->message);
	}
	if (saved != NULL)
		g_setenv("CMASIM_DATADIR", saved, TRUE);
	else
		g_unsetenv("CMASIM_DATADIR");
	test_rmdir(tmp);
}

/* ---- timed events ---- */

typedef struct {
	CmasimTimeNs at_ns;
	CmasimTimedOp op;
	guint64 id;
	CmasimOwnerKind kind;
	guint order;
	guint64 count_pages;
	guint align_order;
	const gchar *device;
} TestEvent;

static void
test_stream_expect(const CmasimScenario *s, const TestEvent *expected, guint n)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimEventStream) stream = cmasim_event_stream_open(s, &error);
	CmasimTimedEvent event;
	guint i = 0;

	assert_non_null(stream);
	while (cmasim_event_stream_next(stream, &event, &error)) {
		assert_true(i < n);
		assert_int_equal(event.at_ns, expected[i].at_ns);
		assert_int_equal(event.op, expected[i].op);
		assert_int_equal(event.id, expected[i].id);
		if (event.op == CMASIM_TIMED_ALLOC) {
			assert_int_equal(event.kind, expected[i].kind);
			assert_int_equal(event.order, expected[i].order);
		}
		if (event.op == CMASIM_TIMED_CMA_ALLOC) {
			assert_int_equal(event.count_pages, expected[i].count_pages);
			assert_int_equal(event.align_order, expected[i].align_order);
			assert_string_equal(event.device, expected[i].device);
		}
		assert_true(event.line > 0 && event.column > 0);
		i++;
	}
	assert_null(error);
	assert_int_equal(i, n);
	/* the end is sticky */
	assert_false(cmasim_event_stream_next(stream, &event, &error));
	assert_null(error);
}

static void
test_events(void **state)
{
	static const TestEvent every_key[] = {
	    {0, CMASIM_TIMED_ALLOC, 1, CMASIM_OWNER_FILE, 2, 0, 0, ""},
	    {1500000, CMASIM_TIMED_PIN, 1, 0, 0, 0, 0, ""},
	    {1500000, CMASIM_TIMED_UNPIN, 1, 0, 0, 0, 0, ""},
	    /* 8 MiB of 16 KiB pages; align min(get_order, 8) */
	    {2000000, CMASIM_TIMED_CMA_ALLOC, 7, 0, 0, 512, 8, "cam0"},
	    {3000000, CMASIM_TIMED_CMA_ALLOC, 8, 0, 0, 3, 1, "cam1"},
	    {4000000, CMASIM_TIMED_CMA_RELEASE, 7, 0, 0, 0, 0, ""},
	    {5000000, CMASIM_TIMED_FREE, 1, 0, 0, 0, 0, ""},
	    {5000000, CMASIM_TIMED_ALLOC, 2, CMASIM_OWNER_ANON, 0, 0, 0, ""},
	};
	static const TestEvent seq[] = {
	    {10000, CMASIM_TIMED_ALLOC, 1, CMASIM_OWNER_UNMOVABLE, 1, 0, 0, ""},
	    /* 12 KiB = 3 pages of 4 KiB: order 2 */
	    {20000, CMASIM_TIMED_CMA_ALLOC, 2, 0, 0, 3, 2, "cam"},
	    {30000, CMASIM_TIMED_CMA_RELEASE, 2, 0, 0, 0, 0, ""},
	    {40000, CMASIM_TIMED_FREE, 1, 0, 0, 0, 0, ""},
	};
	static const TestEvent map[] = {
	    {1000000, CMASIM_TIMED_ALLOC, 1, CMASIM_OWNER_ANON, 0, 0, 0, ""},
	    {2000000, CMASIM_TIMED_FREE, 1, 0, 0, 0, 0, ""},
	};
	g_autofree gchar *every = test_path("good", "every-key.yaml", NULL);
	g_autofree gchar *file = test_path("good", "events-file.yaml", NULL);
	g_autofree gchar *mapping = test_path("good", "events-file-mapping.yaml", NULL);
	g_autofree gchar *trace = test_path("good", "_trace-seq.yaml", NULL);
	g_autoptr(CmasimScenario) s1 = test_load_ok(every);
	g_autoptr(CmasimScenario) s2 = test_load_ok(file);
	g_autoptr(CmasimScenario) s3 = test_load_ok(mapping);
	g_autoptr(CmasimScenario) none =
	    test_load_data_ok("none.yaml", "version: 1\nmachine: {ram: 64MiB}\n");
	g_autoptr(GError) error = NULL;
	g_autofree gchar *canonical = g_canonicalize_filename(trace, NULL);

	test_stream_expect(s1, every_key, G_N_ELEMENTS(every_key));
	test_stream_expect(s2, seq, G_N_ELEMENTS(seq));
	test_stream_expect(s3, map, G_N_ELEMENTS(map));
	assert_int_equal(s2->n_events, 4);
	assert_string_equal(s2->events_path, canonical);
	/* no events: NULL without an error */
	assert_null(cmasim_event_stream_open(none, &error));
	assert_null(error);

	/* inline events of a workload in memory are streamed from memory and written
	 * back inline */
	{
		g_autofree gchar *contents = NULL;
		g_autoptr(CmasimScenario) mem = NULL;
		g_autofree gchar *yaml = NULL;
		assert_true(g_file_get_contents(every, &contents, NULL, NULL));
		mem = test_load_data_ok("memory.yaml", contents);
		assert_null(mem->events_path);
		assert_int_equal(mem->n_events, 8);
		test_stream_expect(mem, every_key, G_N_ELEMENTS(every_key));
		yaml = cmasim_scenario_to_yaml(mem);
		assert_non_null(strstr(yaml,
		                       "- {at: 2ms, op: cma_alloc, id: 7, count: 512, align: 8, "
		                       "device: cam0}"));
		test_round_trip(mem, "inline events in memory");
	}
	/* a --set of the page size re-reads the events */
	test_set_fails(s2, "machine.max_order=0", "", "events[0].order: '1' is out of range");
}

/* ---- the data search path ---- */

static void
test_data(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *origin = NULL;
	g_autofree gchar *origin_builtin = NULL;
	g_autofree gchar *contents = NULL;
	g_autofree gchar *builtin = NULL;
	g_autoptr(GPtrArray) cpus = cmasim_data_list("configs/cpus");
	g_autoptr(GPtrArray) workloads = cmasim_data_list("workloads");
	g_autoptr(GPtrArray) dirs = cmasim_data_search_path();
	gsize len = 0;

	contents =
	    cmasim_data_lookup_full("configs/machines/goni-s5pc110.yaml", &origin, &len, &error);
	assert_non_null(contents);
	assert_int_equal(strlen(contents), len);
	assert_true(g_str_has_suffix(origin, "configs/machines/goni-s5pc110.yaml"));
	assert_true(dirs->len >= 2);
	/* the compiled-in copies: presets, CPU profiles and the default workload */
	builtin = _cmasim_data_lookup_builtin(CMASIM_DEFAULT_WORKLOAD, &len);
	assert_non_null(builtin);
	{
		g_autoptr(CmasimScenario) demo = test_load_data_ok("goni-camera.yaml", builtin);
		assert_string_equal(demo->name, "goni-camera");
	}
	g_clear_pointer(&builtin, g_free);
	builtin = _cmasim_data_lookup_builtin("configs/machines/rpi4.yaml", NULL);
	assert_non_null(builtin);
	for (guint i = 0; i < cpus->len; i++) {
		g_autofree gchar *rel = g_strdup_printf("configs/cpus/%s.yaml",
		                                        (const gchar *)g_ptr_array_index(cpus, i));
		g_autofree gchar *copy = _cmasim_data_lookup_builtin(rel, NULL);
		if (copy == NULL)
			fail_msg(
			    "%s is not compiled in (reconfigure with meson setup --reconfigure)",
			    rel);
	}
	/* sorted, without .yaml, without duplicates */
	assert_true(g_ptr_array_find_with_equal_func(workloads, "goni-camera", g_str_equal, NULL));
	for (guint i = 1; i < workloads->len; i++)
		assert_true(strcmp(g_ptr_array_index(workloads, i - 1),
		                   g_ptr_array_index(workloads, i)) < 0);
	/* refused or missing */
	assert_null(cmasim_data_lookup("../etc/passwd", NULL, &error));
	assert_int_equal(error->code, CMASIM_ERROR_IO);
	g_clear_error(&error);
	assert_null(cmasim_data_lookup("/etc/passwd", NULL, &error));
	g_clear_error(&error);
	assert_null(cmasim_data_lookup("configs/machines/none.yaml", NULL, &error));
	assert_int_equal(error->code, CMASIM_ERROR_IO);
	g_clear_error(&error);
	/* far from any data directory: the demo still loads, from the compiled-in copies */
	_cmasim_data_set_builtin_only(TRUE);
	{
		g_autoptr(GPtrArray) presets = cmasim_data_list("configs/machines");
		g_autofree gchar *demo_yaml =
		    cmasim_data_lookup_full(CMASIM_DEFAULT_WORKLOAD, &origin_builtin, NULL, &error);
		g_autoptr(CmasimScenario) demo = NULL;
		assert_non_null(demo_yaml);
		assert_true(g_str_has_prefix(origin_builtin, "resource:///org/cmasim/"));
		assert_true(g_ptr_array_find_with_equal_func(presets, "rpi4", g_str_equal, NULL));
		demo = test_load_data_ok("goni-camera.yaml", demo_yaml);
		assert_string_equal(demo->machine.cpu, "cortex-a8");
		assert_int_equal(demo->regions->len, 2);
	}
	_cmasim_data_set_builtin_only(FALSE);
	/* $CMASIM_DATADIR comes first and may list several directories */
	{
		g_autofree gchar *tmp = test_tmpdir();
		g_autofree gchar *machines = g_build_filename(tmp, "configs", "machines", NULL);
		g_autofree gchar *mine = g_build_filename(machines, "my-board.yaml", NULL);
		g_autofree gchar *saved = g_strdup(g_getenv("CMASIM_DATADIR"));
		g_autofree gchar *path = g_strdup_printf("%s:%s", tmp, CMASIM_SOURCE_DIR);
		g_autoptr(GPtrArray) presets = NULL;
		assert_int_equal(g_mkdir_with_parents(machines, 0755), 0);
		test_write(mine, "version: 1\narch: x86-64\nram: 2GiB\n");
		g_setenv("CMASIM_DATADIR", path, TRUE);
		presets = cmasim_data_list("configs/machines");
		assert_true(
		    g_ptr_array_find_with_equal_func(presets, "my-board", g_str_equal, NULL));
		assert_true(g_ptr_array_find_with_equal_func(presets, "rpi4", g_str_equal, NULL));
		{
			g_autoptr(CmasimScenario) s = test_load_data_ok(
			    "mine.yaml", "version: 1\nmachine: {preset: my-board}\n");
			assert_int_equal(s->machine.ram_bytes, 2048 * MiB);
		}
		if (saved != NULL)
			g_setenv("CMASIM_DATADIR", saved, TRUE);
		else
			g_unsetenv("CMASIM_DATADIR");
		test_rmdir(tmp);
	}
}

/* ---- mutated inputs: never a crash, always one positioned message ---- */

static void
test_mutations(void **state)
{
	static const gchar *const files[] = {
	    "workloads/goni-camera.yaml",        "workloads/android-app-switch.yaml",
	    "tests/data/good/every-key.yaml",    "configs/machines/goni-s5pc110.yaml",
	    "tests/data/good/include-main.yaml", "workloads/bench/trace-stream.events.yml",
	};
	g_autoptr(GRand) rand = g_rand_new_with_seed(20260101);
	g_autoptr(GRegex) positioned =
	    g_regex_new("^[^\\n]+:[0-9]+:[0-9]+: .*[(;] ?expected ", G_REGEX_DOTALL, 0, NULL);
	guint n_errors = 0;
	/* CMASIM_TEST_MUTATIONS=N for a longer run */
	guint rounds = g_getenv("CMASIM_TEST_MUTATIONS") != NULL
	                   ? (guint)g_ascii_strtoull(g_getenv("CMASIM_TEST_MUTATIONS"), NULL, 10)
	                   : 400;

	for (guint f = 0; f < G_N_ELEMENTS(files); f++) {
		g_autofree gchar *path = test_source_path(files[f]);
		g_autofree gchar *original = NULL;
		gsize len = 0;
		assert_true(g_file_get_contents(path, &original, &len, NULL));
		for (guint round = 0; round < rounds; round++) {
			g_autoptr(GArray) bytes = g_array_new(FALSE, FALSE, 1);
			g_autoptr(GError) error = NULL;
			g_autoptr(CmasimScenario) scenario = NULL;
			g_autofree gchar *name = NULL;
			guint n = 1 + g_rand_int_range(rand, 0, 4);
			g_array_append_vals(bytes, original, (guint)len);
			for (guint i = 0; i < n && bytes->len > 0; i++) {
				guint at = g_rand_int_range(rand, 0, (gint32)bytes->len);
				guint8 c = (guint8)g_rand_int_range(rand, 0, 256);
				static const guint8 specials[] = {
				    ':', '-', '[', ']', '{', '}',  ',', '\n', ' ', '\t',
				    '&', '*', '!', '#', '"', '\'', '0', '9',  '%'};
				if (g_rand_boolean(rand))
					c = specials[g_rand_int_range(rand, 0,
					                              G_N_ELEMENTS(specials))];
				switch (g_rand_int_range(rand, 0, 4)) {
				case 0:
					g_array_index(bytes, guint8, at) = c;
					break;
				case 1:
					g_array_insert_val(bytes, at, c);
					break;
				case 2:
					g_array_remove_index(bytes, at);
					break;
				default:
					g_array_set_size(bytes, at);
					break;
				}
			}
			/* includes and events files stay resolvable next to the original */
			name = g_strdup_printf("%s", path);
			scenario = cmasim_scenario_load_from_data(name, (const gchar *)bytes->data,
			                                          bytes->len, &error);
			if (scenario != NULL) {
				g_autofree gchar *yaml = cmasim_scenario_to_yaml(scenario);
				assert_non_null(yaml);
				continue;
			}
			n_errors++;
			assert_true(error->domain == CMASIM_ERROR);
			if (!g_regex_match(positioned, error->message, 0, NULL))
				fail_msg("unpositioned or unexplained error: '%s'", error->message);
		}
	}
	assert_true(n_errors > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bad_corpus),  cmocka_unit_test(test_bad_generated),
	    cmocka_unit_test(test_bad_inline),  cmocka_unit_test(test_every_key),
	    cmocka_unit_test(test_defaults),    cmocka_unit_test(test_shipped_workloads),
	    cmocka_unit_test(test_presets),     cmocka_unit_test(test_includes),
	    cmocka_unit_test(test_apply_set),   cmocka_unit_test(test_every_param),
	    cmocka_unit_test(test_cpu_profile), cmocka_unit_test(test_events),
	    cmocka_unit_test(test_data),        cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests_name("workload", tests, NULL, NULL);
}
