/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * libFuzzer target: the bytes are a workload document, read the way
 * `cmasim validate` reads one (src/cli/cmasim-cmd-validate.c): the reader
 * with its schema, includes, machine preset and CPU profile, inline or
 * file events streamed once, then the machine build and region placement
 * of cmasim_sim_check_scenario(). Comment lines "#set key.path=value" of
 * an accepted document are then applied as `cmasim run --set` would apply
 * them. A rejected input or assignment must give one positioned message;
 * an accepted scenario must survive the config.effective.yaml round trip
 * (written, read back, written again: the same text).
 *
 * Build and run: scripts/fuzz.sh (docs/fuzzing.md).
 */
#define G_LOG_DOMAIN "CmasimFuzz"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-scenario.h"
#include "cmasim/cmasim-sim.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

static void
fuzz_round_trip(const CmasimScenario *scenario)
{
	g_autofree gchar *y1 = cmasim_scenario_to_yaml(scenario);
	g_autofree gchar *y2 = NULL;
	g_autoptr(CmasimScenario) again = NULL;
	g_autoptr(GError) error = NULL;

	again = cmasim_scenario_load_from_data("config.effective.yaml", y1, strlen(y1), &error);
	if (again == NULL) {
		fprintf(stderr, "cmasim fuzz: the effective config does not load: %s\n%s\n",
		        error->message, y1);
		abort();
	}
	y2 = cmasim_scenario_to_yaml(again);
	if (g_strcmp0(y1, y2) != 0) {
		fprintf(stderr, "cmasim fuzz: round trip differs:\n--- first\n%s\n--- second\n%s\n",
		        y1, y2);
		abort();
	}
}

/* every "#set ASSIGNMENT" line, in order; the reader sees comments */
static void
fuzz_apply_sets(CmasimScenario *scenario, const gchar *data, gsize size)
{
	static const gchar prefix[] = "#set ";
	const gchar *end = data + size;

	for (const gchar *line = data; line < end;) {
		const gchar *eol = memchr(line, '\n', (gsize)(end - line));
		gsize length = (gsize)((eol != NULL ? eol : end) - line);
		g_autofree gchar *assignment = NULL;
		g_autoptr(GError) error = NULL;
		const gchar *value;

		if (length > strlen(prefix) && memcmp(line, prefix, strlen(prefix)) == 0 &&
		    memchr(line, '\0', length) == NULL) {
			assignment = g_strndup(line + strlen(prefix), length - strlen(prefix));
			value = strchr(assignment, '=');
			if (value == NULL ||
			    !fuzz_text_names_a_file_outside(value + 1, strlen(value + 1))) {
				if (!cmasim_scenario_apply_set(scenario, assignment, &error))
					fuzz_check_rejection(error);
			}
		}
		line += length + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario = NULL;

	if (fuzz_names_a_file_outside(data, size))
		return -1; /* not added to the corpus */
	scenario = cmasim_scenario_load_from_data(fuzz_document_name(), (const gchar *)data, size,
	                                          &error);
	if (scenario == NULL) {
		fuzz_check_rejection(error);
		return 0;
	}
	fuzz_apply_sets(scenario, (const gchar *)data, size);
	if (!cmasim_sim_check_scenario(scenario, &error)) {
		if (error == NULL || error->domain != CMASIM_ERROR) {
			fprintf(stderr, "cmasim fuzz: machine check failed without a cmasim error\n");
			abort();
		}
		return 0;
	}
	fuzz_round_trip(scenario);
	return 0;
}
