/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/* test-event-stream.c with ten million events (suite 'slow'). */
#define CMASIM_TEST_STREAM_EVENTS 10000000
#include "test-event-stream.c"
