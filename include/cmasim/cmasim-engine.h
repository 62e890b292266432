/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The discrete-event engine: simulated time in integer nanoseconds, an event
 * queue ordered by (time, sequence number) so that events at the same time
 * run in the order they were scheduled, and named random-number streams
 * derived from one seed.
 */
#pragma once

#include <glib.h>
#include <math.h>

#include "cmasim/cmasim-types.h"

G_BEGIN_DECLS

/* ---- events ---- */

/* an opaque, stable name for a pending event: (generation << 32) | slot; 0 = none */
typedef guint64 CmasimEventId;
#define CMASIM_EVENT_ID_NONE G_GUINT64_CONSTANT(0)

typedef struct {
	CmasimTimeNs time_ns; /* when it fires */
	guint64 seq;	      /* scheduling order, breaks ties */
	guint32 kind;	      /* handler index (see CmasimEngine) */
	guint32 arg32;	      /* payload, meaning defined by the handler */
	guint64 arg64;
	gpointer data;
} CmasimEvent;

typedef struct _CmasimEventQueue CmasimEventQueue;

CmasimEventQueue *cmasim_event_queue_new(void);
void cmasim_event_queue_free(CmasimEventQueue *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimEventQueue, cmasim_event_queue_free)

/* schedule; the sequence number is taken from the queue's counter */
CmasimEventId cmasim_event_queue_push(CmasimEventQueue *self, CmasimTimeNs time_ns, guint32 kind,
				      guint32 arg32, guint64 arg64, gpointer data);
/* remove the earliest event into @out; FALSE when empty */
gboolean cmasim_event_queue_pop(CmasimEventQueue *self, CmasimEvent *out);
/* time of the earliest event; FALSE when empty */
gboolean cmasim_event_queue_peek_time(const CmasimEventQueue *self, CmasimTimeNs *time_ns);
/* FALSE if @id already fired or was cancelled */
gboolean cmasim_event_queue_cancel(CmasimEventQueue *self, CmasimEventId id);
/* move a pending event to @time_ns; it gets a new sequence number, as if scheduled now */
gboolean cmasim_event_queue_reschedule(CmasimEventQueue *self, CmasimEventId id,
				       CmasimTimeNs time_ns);
gboolean cmasim_event_queue_is_pending(const CmasimEventQueue *self, CmasimEventId id);

/*
 * FIFO lanes, for events scheduled at now + a constant delay: such events
 * arrive in non-decreasing time order, so a lane keeps them in a ring buffer
 * instead of the heap. A lane push takes its seq from the same counter as
 * cmasim_event_queue_push(), and pop and peek_time take the minimum over the
 * heap and every lane, so the events come out exactly as if every lane push
 * had been a heap push. A lane push earlier than the lane's last pushed
 * (still pending) event goes to the heap instead, so any time is correct,
 * only slower. Lane events have no CmasimEventId: they cannot be cancelled,
 * rescheduled or asked about with is_pending().
 */
#define CMASIM_EVENT_QUEUE_MAX_LANES 4

/* returns the new lane's index; G_MAXUINT (and a critical) beyond CMASIM_EVENT_QUEUE_MAX_LANES */
guint cmasim_event_queue_add_lane(CmasimEventQueue *self);
void cmasim_event_queue_push_lane(CmasimEventQueue *self, guint lane, CmasimTimeNs time_ns,
				  guint32 kind, guint32 arg32, guint64 arg64, gpointer data);
/* pending events, heap and lanes together */
guint cmasim_event_queue_length(const CmasimEventQueue *self);
/* bytes held (heap, slots and lane buffers), for the memory benchmarks */
gsize cmasim_event_queue_get_memory_bytes(const CmasimEventQueue *self);

/* ---- random streams ---- */

/* xoshiro256** state; one per stream, seeded from (seed, stream name) */
typedef struct {
	guint64 s[4];
} CmasimRng;

/* the same (seed, name) always gives the same stream; distinct names are independent */
void cmasim_rng_init(CmasimRng *rng, guint64 seed, const gchar *name);

/*
 * The draws below are on every background event's path, so they are
 * inline here (src/engine/cmasim-rng.c holds the rest of the streams).
 */
static inline guint64
cmasim_rng_rotl(guint64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline guint64
cmasim_rng_next(CmasimRng *rng)
{
	guint64 *s = rng->s;
	guint64 result = cmasim_rng_rotl(s[1] * 5, 7) * 9;
	guint64 t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = cmasim_rng_rotl(s[3], 45);
	return result;
}

/* uniform in [0, bound), unbiased; bound > 0 */
static inline guint64
cmasim_rng_below(CmasimRng *rng, guint64 bound)
{
	/* rejection of the biased low zone (Lemire's threshold, plain modulo form);
	 * the threshold is below @bound, so a draw at or above @bound is taken
	 * without computing it (one division instead of two, the same values) */
	guint64 threshold;
	guint64 r;
	g_return_val_if_fail(bound > 0, 0);
	r = cmasim_rng_next(rng);
	if (G_LIKELY(r >= bound))
		return r % bound;
	threshold = (0 - bound) % bound;
	while (r < threshold)
		r = cmasim_rng_next(rng);
	return r % bound;
}

/* the high 64 bits of @a * @b from 32-bit halves (where the compiler has no 128-bit type) */
static inline guint64
cmasim_mul_hi64_halves(guint64 a, guint64 b)
{
	guint64 a_lo = (guint32)a, a_hi = a >> 32, b_lo = (guint32)b, b_hi = b >> 32;
	guint64 lo_lo = a_lo * b_lo, hi_lo = a_hi * b_lo, lo_hi = a_lo * b_hi;
	guint64 cross = (lo_lo >> 32) + (guint32)hi_lo + lo_hi;
	return a_hi * b_hi + (hi_lo >> 32) + (cross >> 32);
}

/* the high 64 bits of @a * @b */
static inline guint64
cmasim_mul_hi64(guint64 a, guint64 b)
{
#ifdef __SIZEOF_INT128__
	return (guint64)(((unsigned __int128)a * b) >> 64);
#else
	return cmasim_mul_hi64_halves(a, b);
#endif
}

/*
 * Uniform in [0, bound) from @u, a uniform 64-bit number drawn earlier:
 * Lemire's multiply-shift (the high half of u * bound), unbiased by
 * rejecting the low zone, where a fresh number is drawn from @rng (for a
 * bound below 2^32, less than once in 2^32 calls). Lets a caller draw its
 * numbers ahead of the bound they will be scaled to. bound > 0.
 */
static inline guint64
cmasim_rng_scale_below(CmasimRng *rng, guint64 u, guint64 bound)
{
	guint64 low = u * bound;
	g_return_val_if_fail(bound > 0, 0);
	if (G_UNLIKELY(low < bound)) {
		guint64 threshold = (0 - bound) % bound;
		while (low < threshold) {
			u = cmasim_rng_next(rng);
			low = u * bound;
		}
	}
	return cmasim_mul_hi64(u, bound);
}

/* uniform in [0, 1) with 53 random bits */
static inline gdouble
cmasim_rng_double(CmasimRng *rng)
{
	return (gdouble)(cmasim_rng_next(rng) >> 11) * (1.0 / 9007199254740992.0);
}

/* the exponential ziggurat's 256 layers (src/engine/cmasim-rng-ziggurat.c) */
extern const gdouble _cmasim_rng_exp_r;
extern const guint64 _cmasim_rng_exp_k[256];
extern const gdouble _cmasim_rng_exp_w[256];
extern const gdouble _cmasim_rng_exp_f[256];
gdouble _cmasim_rng_exponential_slow(CmasimRng *rng, guint64 r);

/*
 * Exponential with the given mean, by the ziggurat method (Marsaglia and
 * Tsang, 2000; scripts/gen-ziggurat.py builds the layers): one 64-bit draw
 * gives the layer (low 8 bits) and a 53-bit uniform (high bits), accepted
 * at once below the next layer's edge, 97.8% of draws; the rest go through
 * the rejection test or the tail in _cmasim_rng_exponential_slow(). Inline:
 * every death and arrival draws one.
 */
static inline gdouble
cmasim_rng_exponential(CmasimRng *rng, gdouble mean)
{
	guint64 r = cmasim_rng_next(rng);
	guint i = (guint)(r & 0xff);
	guint64 j = r >> 11;

	if (G_LIKELY(j < _cmasim_rng_exp_k[i]))
		return mean * ((gdouble)j * _cmasim_rng_exp_w[i]);
	return mean * _cmasim_rng_exponential_slow(rng, r);
}
/* standard normal (Box-Muller, one value per call) */
gdouble cmasim_rng_normal(CmasimRng *rng);
/* lognormal with the given median and sigma of the underlying normal */
gdouble cmasim_rng_lognormal(CmasimRng *rng, gdouble median, gdouble sigma);

/* ---- the engine: clock + queue + handlers ---- */

typedef struct _CmasimEngine CmasimEngine;
typedef void (*CmasimEventHandler)(gpointer ctx, const CmasimEvent *event);

typedef enum {
	CMASIM_ENGINE_DONE,	   /* reached the end time or the queue ran dry */
	CMASIM_ENGINE_STOPPED,	   /* cmasim_engine_request_stop() */
} CmasimEngineStatus;

CmasimEngine *cmasim_engine_new(void);
void cmasim_engine_free(CmasimEngine *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimEngine, cmasim_engine_free)

/* returns the event kind to use with cmasim_engine_schedule() */
guint32 cmasim_engine_register(CmasimEngine *self, CmasimEventHandler handler, gpointer ctx);
CmasimTimeNs cmasim_engine_now(const CmasimEngine *self);
/* schedule at absolute time (clamped to now if earlier) */
CmasimEventId cmasim_engine_schedule_at(CmasimEngine *self, CmasimTimeNs time_ns, guint32 kind,
					guint32 arg32, guint64 arg64, gpointer data);
/* schedule after @delay_ns (saturating) */
CmasimEventId cmasim_engine_schedule_in(CmasimEngine *self, CmasimTimeNs delay_ns, guint32 kind,
					guint32 arg32, guint64 arg64, gpointer data);
/* a FIFO lane of the queue (see cmasim_event_queue_add_lane()) */
guint cmasim_engine_add_lane(CmasimEngine *self);
/*
 * schedule after @delay_ns (saturating) in @lane; meant for a delay that is
 * the same for every event of the lane. Not cancellable: no id.
 */
void cmasim_engine_schedule_in_lane(CmasimEngine *self, guint lane, CmasimTimeNs delay_ns,
				    guint32 kind, guint32 arg32, guint64 arg64, gpointer data);
gboolean cmasim_engine_cancel(CmasimEngine *self, CmasimEventId id);
CmasimEventQueue *cmasim_engine_get_queue(CmasimEngine *self);
/* run every event with time <= @until_ns; the clock ends at @until_ns when done */
CmasimEngineStatus cmasim_engine_run(CmasimEngine *self, CmasimTimeNs until_ns);
/* async-signal-safe: the run loop stops at the next event boundary */
void cmasim_engine_request_stop(CmasimEngine *self);
/*
 * Stop, as cmasim_engine_request_stop() does, once @n_events events have run
 * in all (G_MAXUINT64, the default: never). Lets tests interrupt a run at
 * an exact event instead of at whatever moment a signal lands.
 */
void cmasim_engine_set_stop_after(CmasimEngine *self, guint64 n_events);
guint64 cmasim_engine_get_events_processed(const CmasimEngine *self);
/* called after every event (e.g. the invariant checker); NULL to remove */
void cmasim_engine_set_post_event_hook(CmasimEngine *self, CmasimEventHandler hook, gpointer ctx);

G_END_DECLS
