/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * libFuzzer target: the bytes are a timed-events file (`events: {file:
 * trace.yaml}`: a sequence of events, or a mapping with an events: key),
 * streamed by the event reader of src/workload/cmasim-event-stream.c the
 * way a run replays it, under a fixed small workload with one CMA area for
 * device "cam" and no default area. A rejected file must give one
 * positioned message.
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
#include "fuzz-common.h"
#include "workload/cmasim-workload-private.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const gchar fuzz_base_workload[] = "version: 1\n"
                                          "machine: {ram: 64MiB, max_order: 10}\n"
                                          "regions:\n"
                                          "  - {name: cma, size: 16MiB, devices: [cam]}\n";

static CmasimScenario *fuzz_base;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	g_autoptr(GError) error = NULL;

	fuzz_setup();
	fuzz_base = cmasim_scenario_load_from_data("base.yaml", fuzz_base_workload,
	                                           strlen(fuzz_base_workload), &error);
	if (fuzz_base == NULL) {
		fprintf(stderr, "cmasim fuzz: the base workload does not load: %s\n",
		        error->message);
		abort();
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	CmasimEventsSource *events = g_new0(CmasimEventsSource, 1);

	/* the events of a workload read from memory, as the stream sees them */
	events->pos = (CmasimPos){g_intern_static_string("base.yaml"), 1, 1};
	events->display = g_strdup(fuzz_document_name());
	events->bytes = g_bytes_new(data, size);
	_cmasim_events_source_free(fuzz_base->priv->events);
	fuzz_base->priv->events = events;
	if (!_cmasim_events_validate(fuzz_base, &error))
		fuzz_check_rejection(error);
	return 0;
}
