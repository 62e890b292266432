/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The run loop: pop the earliest event, advance the clock to it, call the
 * handler registered for its kind. Handlers schedule further events. A stop
 * request (from a signal handler) is honoured between two events, so the
 * model is always consistent when the loop returns.
 */
#define G_LOG_DOMAIN "CmasimEngine"

#include <signal.h>

#include "cmasim/cmasim-engine.h"

typedef struct {
	CmasimEventHandler handler;
	gpointer ctx;
} CmasimHandlerEntry;

struct _CmasimEngine {
	CmasimEventQueue *queue;
	CmasimTimeNs now_ns;
	GArray *handlers; /* (element-type CmasimHandlerEntry) */
	guint64 events_processed;
	guint64 stop_after_events; /* stop once this many events ran (G_MAXUINT64: never) */
	volatile sig_atomic_t stop_requested;
	CmasimEventHandler post_hook;
	gpointer post_hook_ctx;
};

CmasimEngine *
cmasim_engine_new(void)
{
	CmasimEngine *self = g_new0(CmasimEngine, 1);
	self->queue = cmasim_event_queue_new();
	self->handlers = g_array_new(FALSE, TRUE, sizeof(CmasimHandlerEntry));
	self->stop_after_events = G_MAXUINT64;
	return self;
}

void
cmasim_engine_free(CmasimEngine *self)
{
	if (self == NULL)
		return;
	cmasim_event_queue_free(self->queue);
	g_array_unref(self->handlers);
	g_free(self);
}

guint32
cmasim_engine_register(CmasimEngine *self, CmasimEventHandler handler, gpointer ctx)
{
	CmasimHandlerEntry entry = {handler, ctx};
	g_array_append_val(self->handlers, entry);
	return self->handlers->len - 1;
}

CmasimTimeNs
cmasim_engine_now(const CmasimEngine *self)
{
	return self->now_ns;
}

CmasimEventId
cmasim_engine_schedule_at(CmasimEngine *self, CmasimTimeNs time_ns, guint32 kind, guint32 arg32,
			  guint64 arg64, gpointer data)
{
	g_return_val_if_fail(kind < self->handlers->len, CMASIM_EVENT_ID_NONE);
	if (time_ns < self->now_ns)
		time_ns = self->now_ns;
	return cmasim_event_queue_push(self->queue, time_ns, kind, arg32, arg64, data);
}

CmasimEventId
cmasim_engine_schedule_in(CmasimEngine *self, CmasimTimeNs delay_ns, guint32 kind, guint32 arg32,
			  guint64 arg64, gpointer data)
{
	CmasimTimeNs at = self->now_ns + delay_ns;
	if (at < self->now_ns)
		at = CMASIM_TIME_NS_MAX;
	return cmasim_engine_schedule_at(self, at, kind, arg32, arg64, data);
}

guint
cmasim_engine_add_lane(CmasimEngine *self)
{
	return cmasim_event_queue_add_lane(self->queue);
}

void
cmasim_engine_schedule_in_lane(CmasimEngine *self, guint lane, CmasimTimeNs delay_ns, guint32 kind,
			       guint32 arg32, guint64 arg64, gpointer data)
{
	CmasimTimeNs at = self->now_ns + delay_ns;
	g_return_if_fail(kind < self->handlers->len);
	if (at < self->now_ns)
		at = CMASIM_TIME_NS_MAX;
	cmasim_event_queue_push_lane(self->queue, lane, at, kind, arg32, arg64, data);
}

gboolean
cmasim_engine_cancel(CmasimEngine *self, CmasimEventId id)
{
	return cmasim_event_queue_cancel(self->queue, id);
}

CmasimEventQueue *
cmasim_engine_get_queue(CmasimEngine *self)
{
	return self->queue;
}

CmasimEngineStatus
cmasim_engine_run(CmasimEngine *self, CmasimTimeNs until_ns)
{
	CmasimEvent event;
	CmasimTimeNs next;

	while (cmasim_event_queue_peek_time(self->queue, &next) && next <= until_ns) {
		const CmasimHandlerEntry *entry;
		if (self->stop_requested)
			return CMASIM_ENGINE_STOPPED;
		cmasim_event_queue_pop(self->queue, &event);
		self->now_ns = event.time_ns;
		entry = &g_array_index(self->handlers, CmasimHandlerEntry, event.kind);
		entry->handler(entry->ctx, &event);
		self->events_processed++;
		if (self->post_hook != NULL)
			self->post_hook(self->post_hook_ctx, &event);
		if (G_UNLIKELY(self->events_processed >= self->stop_after_events))
			self->stop_requested = 1;
	}
	if (self->stop_requested)
		return CMASIM_ENGINE_STOPPED;
	if (until_ns > self->now_ns)
		self->now_ns = until_ns;
	return CMASIM_ENGINE_DONE;
}

void
cmasim_engine_request_stop(CmasimEngine *self)
{
	self->stop_requested = 1;
}

void
cmasim_engine_set_stop_after(CmasimEngine *self, guint64 n_events)
{
	self->stop_after_events = n_events;
}

guint64
cmasim_engine_get_events_processed(const CmasimEngine *self)
{
	return self->events_processed;
}

void
cmasim_engine_set_post_event_hook(CmasimEngine *self, CmasimEventHandler hook, gpointer ctx)
{
	self->post_hook = hook;
	self->post_hook_ctx = ctx;
}
