/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Event queue: an indexed 4-ary min-heap ordered by (time, seq), with a
 * small sorted buffer of the nearest events in front of it.
 *
 * The heap array holds only the keys and a slot number, so sifting moves
 * 24-byte entries and compares without touching the payload. Payloads live
 * in a slot table that grows by doubling and recycles freed slots through a
 * free list: once warmed up, push and pop never call malloc. Each slot
 * records its heap position (for cancel and reschedule in O(log n)) and a
 * generation counter so that a stale CmasimEventId is recognised.
 *
 * A 4-ary heap halves the depth of a binary heap; with hundreds of
 * thousands of pending events (one pending free per live background
 * allocation) that matters more than the extra comparisons per level.
 *
 * The near buffer holds up to CMASIM_NEAR_CAP entries sorted by descending
 * key, every one of them below every heap entry. A push whose key is below
 * the heap's minimum goes into it by insertion from the small end (the
 * buffer's largest entry moves to the heap, as its new root, when the buffer
 * is full); any other push goes to the heap. A pop takes the buffer's last
 * entry, or the heap's root when the buffer is empty. When only a handful
 * of events are pending (a few tasks' next death and next arrival, as in
 * the benchmarks), all of them sit in the buffer: a pop is O(1) and a push
 * moves only the entries earlier than it, where the heap would sift on
 * both. The order is the heap's exactly: it is the (time, seq) order of
 * unique keys, whichever of the two holds an entry.
 *
 * FIFO lanes sit beside the heap. Events scheduled at now + a constant delay
 * (a writeback that completes 10 ms later) are pushed in non-decreasing
 * (time, seq) order, so they need no sifting: a lane is a ring buffer
 * (power-of-two capacity, doubling, no malloc once warm) of whole events,
 * and its head is its minimum. Without lanes the few hot events (a task's
 * death and next arrival) sift through every pending writeback on each push
 * and pop; with them the heap holds only the events that need it. Lane
 * pushes take their seq from the same counter as heap pushes, and a push
 * earlier than the lane's tail goes to the heap instead, so the events come
 * out in exactly the order (times, seqs) they would if every lane push had
 * been a heap push. The minimum lane head is cached (lane_min_*; an empty
 * lane's head key is (G_MAXUINT64, G_MAXUINT64), above any real key), so a
 * pop compares the heap top with one key and rescans the lanes' heads only
 * when it takes a lane event. Lane events have no CmasimEventId: they cannot
 * be cancelled or rescheduled.
 */
#define G_LOG_DOMAIN "CmasimEngine"

#include <string.h>

#include "cmasim/cmasim-engine.h"

#define CMASIM_HEAP_ARITY       4
#define CMASIM_NEAR_CAP         16
#define CMASIM_SLOT_FREE        G_MAXUINT32
#define CMASIM_POS_NEAR         (1u << 31) /* CmasimSlot.pos: in the near buffer */
#define CMASIM_LANE_INITIAL_CAP 256
#define CMASIM_LANE_KEY_EMPTY   G_MAXUINT64

typedef struct {
	CmasimTimeNs time_ns;
	guint64 seq;
	guint32 slot;
} CmasimHeapEntry;

typedef struct {
	guint32 kind;
	guint32 arg32;
	guint64 arg64;
	gpointer data;
	guint32 pos;	  /* heap index, CMASIM_POS_NEAR (found by a scan: the buffer's
			   * entries move on every insertion), CMASIM_SLOT_FREE when not pending */
	guint32 gen;	  /* bumped on every release; ids carry it */
	guint32 next_free;
} CmasimSlot;

/* a lane's entries are whole events: time, seq and payload */
typedef struct {
	CmasimTimeNs head_time_ns; /* key of buf[head]; CMASIM_LANE_KEY_EMPTY when empty */
	guint64 head_seq;
	CmasimEvent *buf;
	guint32 head;
	guint32 len;
	guint32 mask;		   /* capacity - 1, capacity a power of two */
	CmasimTimeNs tail_time_ns; /* time of the last pushed event; 0 when empty */
} CmasimLane;

struct _CmasimEventQueue {
	/* the nearest entries, sorted by descending key: near[near_len - 1] is the smallest */
	CmasimHeapEntry near[CMASIM_NEAR_CAP];
	guint32 near_len;
	CmasimHeapEntry *heap;
	guint32 heap_len;
	guint32 heap_cap;
	CmasimSlot *slots;
	guint32 slots_len;
	guint32 slots_cap;
	guint32 free_head; /* CMASIM_SLOT_FREE = none */
	guint64 next_seq;
	/* the smallest lane head, CMASIM_LANE_KEY_EMPTY for both when every lane is empty */
	CmasimTimeNs lane_min_time_ns;
	guint64 lane_min_seq;
	guint32 lane_min;
	guint32 lanes_len; /* events in all lanes together */
	guint32 n_lanes;
	CmasimLane lanes[CMASIM_EVENT_QUEUE_MAX_LANES];
};

CmasimEventQueue *
cmasim_event_queue_new(void)
{
	CmasimEventQueue *self = g_new0(CmasimEventQueue, 1);
	self->heap_cap = 1024;
	self->heap = g_new(CmasimHeapEntry, self->heap_cap);
	self->slots_cap = 1024;
	self->slots = g_new(CmasimSlot, self->slots_cap);
	self->free_head = CMASIM_SLOT_FREE;
	self->lane_min_time_ns = CMASIM_LANE_KEY_EMPTY;
	self->lane_min_seq = CMASIM_LANE_KEY_EMPTY;
	return self;
}

void
cmasim_event_queue_free(CmasimEventQueue *self)
{
	if (self == NULL)
		return;
	for (guint i = 0; i < self->n_lanes; i++)
		g_free(self->lanes[i].buf);
	g_free(self->heap);
	g_free(self->slots);
	g_free(self);
}

static inline gboolean
cmasim_heap_less(const CmasimHeapEntry *a, const CmasimHeapEntry *b)
{
	if (a->time_ns != b->time_ns)
		return a->time_ns < b->time_ns;
	return a->seq < b->seq;
}

static inline void
cmasim_heap_place(CmasimEventQueue *self, guint32 pos, const CmasimHeapEntry *entry)
{
	self->heap[pos] = *entry;
	self->slots[entry->slot].pos = pos;
}

static void
cmasim_heap_sift_up(CmasimEventQueue *self, guint32 pos)
{
	CmasimHeapEntry entry = self->heap[pos];
	while (pos > 0) {
		guint32 parent = (pos - 1) / CMASIM_HEAP_ARITY;
		if (!cmasim_heap_less(&entry, &self->heap[parent]))
			break;
		cmasim_heap_place(self, pos, &self->heap[parent]);
		pos = parent;
	}
	cmasim_heap_place(self, pos, &entry);
}

static void
cmasim_heap_sift_down(CmasimEventQueue *self, guint32 pos)
{
	CmasimHeapEntry entry = self->heap[pos];
	for (;;) {
		guint32 first = pos * CMASIM_HEAP_ARITY + 1;
		guint32 best;
		if (first >= self->heap_len)
			break;
		best = first;
		for (guint32 c = first + 1; c < first + CMASIM_HEAP_ARITY && c < self->heap_len;
		     c++) {
			if (cmasim_heap_less(&self->heap[c], &self->heap[best]))
				best = c;
		}
		if (!cmasim_heap_less(&self->heap[best], &entry))
			break;
		cmasim_heap_place(self, pos, &self->heap[best]);
		pos = best;
	}
	cmasim_heap_place(self, pos, &entry);
}

static guint32
cmasim_slot_take(CmasimEventQueue *self)
{
	guint32 slot;
	if (self->free_head != CMASIM_SLOT_FREE) {
		slot = self->free_head;
		self->free_head = self->slots[slot].next_free;
		return slot;
	}
	if (self->slots_len == self->slots_cap) {
		g_assert(self->slots_cap < G_MAXUINT32 / 2);
		self->slots_cap *= 2;
		self->slots = g_renew(CmasimSlot, self->slots, self->slots_cap);
	}
	slot = self->slots_len++;
	self->slots[slot].gen = 1;
	return slot;
}

static void
cmasim_slot_release(CmasimEventQueue *self, guint32 slot)
{
	CmasimSlot *s = &self->slots[slot];
	s->pos = CMASIM_SLOT_FREE;
	s->gen = s->gen == G_MAXUINT32 ? 1 : s->gen + 1;
	s->next_free = self->free_head;
	self->free_head = slot;
}

static void
cmasim_heap_insert(CmasimEventQueue *self, const CmasimHeapEntry *entry)
{
	if (self->heap_len == self->heap_cap) {
		g_assert(self->heap_cap < G_MAXUINT32 / 4);
		self->heap_cap *= 2;
		self->heap = g_renew(CmasimHeapEntry, self->heap, self->heap_cap);
	}
	cmasim_heap_place(self, self->heap_len, entry);
	cmasim_heap_sift_up(self, self->heap_len++);
}

static inline void
cmasim_near_place(CmasimEventQueue *self, guint32 i, const CmasimHeapEntry *entry)
{
	self->near[i] = *entry;
}

/* @entry comes into the near buffer at @i */
static inline void
cmasim_near_enter(CmasimEventQueue *self, guint32 i, const CmasimHeapEntry *entry)
{
	self->near[i] = *entry;
	self->slots[entry->slot].pos = CMASIM_POS_NEAR;
}

/*
 * into the near buffer if below the heap's minimum, else into the heap;
 * @entry has just taken its sequence number, the largest in the queue, so
 * it comes after every entry of the same time and comparing times is enough
 */
static void
cmasim_queue_insert(CmasimEventQueue *self, const CmasimHeapEntry *entry)
{
	CmasimTimeNs time_ns = entry->time_ns;
	guint32 i;

	g_assert(entry->seq + 1 == self->next_seq);
	if (self->heap_len > 0 && time_ns >= self->heap[0].time_ns) {
		cmasim_heap_insert(self, entry);
		return;
	}
	if (G_UNLIKELY(self->near_len == CMASIM_NEAR_CAP)) {
		CmasimHeapEntry largest = self->near[0];
		if (time_ns >= largest.time_ns) {
			/* above the whole buffer, below the heap: the heap's new root */
			cmasim_heap_insert(self, entry);
			return;
		}
		/* the largest entry leaves for the heap; the larger ones move down over it */
		cmasim_heap_insert(self, &largest);
		for (i = 0; i + 1 < self->near_len && time_ns < self->near[i + 1].time_ns; i++)
			cmasim_near_place(self, i, &self->near[i + 1]);
		cmasim_near_enter(self, i, entry);
		return;
	}
	/* from the small end: only the entries below the new one move up */
	for (i = self->near_len++; i > 0 && self->near[i - 1].time_ns <= time_ns; i--)
		cmasim_near_place(self, i, &self->near[i - 1]);
	cmasim_near_enter(self, i, entry);
}

/* take the near entry at @i out; the smaller ones after it move down */
static void
cmasim_near_remove_at(CmasimEventQueue *self, guint32 i)
{
	for (self->near_len--; i < self->near_len; i++)
		cmasim_near_place(self, i, &self->near[i + 1]);
}

CmasimEventId
cmasim_event_queue_push(CmasimEventQueue *self, CmasimTimeNs time_ns, guint32 kind, guint32 arg32,
			guint64 arg64, gpointer data)
{
	guint32 slot = cmasim_slot_take(self);
	CmasimSlot *s = &self->slots[slot];
	CmasimHeapEntry e = {time_ns, self->next_seq++, slot};

	s->kind = kind;
	s->arg32 = arg32;
	s->arg64 = arg64;
	s->data = data;
	cmasim_queue_insert(self, &e);
	return ((guint64)s->gen << 32) | slot;
}

/* take the entry at @pos out of the heap, keeping the heap property */
static void
cmasim_heap_remove_at(CmasimEventQueue *self, guint32 pos)
{
	self->heap_len--;
	if (pos == self->heap_len)
		return;
	cmasim_heap_place(self, pos, &self->heap[self->heap_len]);
	if (pos > 0 &&
	    cmasim_heap_less(&self->heap[pos], &self->heap[(pos - 1) / CMASIM_HEAP_ARITY]))
		cmasim_heap_sift_up(self, pos);
	else
		cmasim_heap_sift_down(self, pos);
}

/* (time, seq) order without short-circuit branches */
static inline gboolean
cmasim_key_less(CmasimTimeNs a_time_ns, guint64 a_seq, CmasimTimeNs b_time_ns, guint64 b_seq)
{
	return (a_time_ns < b_time_ns) | ((a_time_ns == b_time_ns) & (a_seq < b_seq));
}

/* recompute the cached smallest lane head; empty lanes carry the largest key */
static void
cmasim_lanes_update_min(CmasimEventQueue *self)
{
	CmasimTimeNs best_time_ns = CMASIM_LANE_KEY_EMPTY;
	guint64 best_seq = CMASIM_LANE_KEY_EMPTY;
	guint32 best = 0;

	for (guint32 i = 0; i < self->n_lanes; i++) {
		const CmasimLane *l = &self->lanes[i];
		gboolean less =
		    cmasim_key_less(l->head_time_ns, l->head_seq, best_time_ns, best_seq);
		best = less ? i : best;
		best_time_ns = less ? l->head_time_ns : best_time_ns;
		best_seq = less ? l->head_seq : best_seq;
	}
	self->lane_min = best;
	self->lane_min_time_ns = best_time_ns;
	self->lane_min_seq = best_seq;
}

guint
cmasim_event_queue_add_lane(CmasimEventQueue *self)
{
	CmasimLane *l;

	g_return_val_if_fail(self->n_lanes < CMASIM_EVENT_QUEUE_MAX_LANES, G_MAXUINT);
	l = &self->lanes[self->n_lanes];
	l->head_time_ns = CMASIM_LANE_KEY_EMPTY;
	l->head_seq = CMASIM_LANE_KEY_EMPTY;
	l->buf = g_new(CmasimEvent, CMASIM_LANE_INITIAL_CAP);
	l->head = 0;
	l->len = 0;
	l->mask = CMASIM_LANE_INITIAL_CAP - 1;
	l->tail_time_ns = 0;
	return self->n_lanes++;
}

/* double a full lane; the wrapped part [0, head) moves to just after the old end */
static void
cmasim_lane_grow(CmasimLane *l)
{
	guint32 cap = l->mask + 1;

	g_assert(cap < G_MAXUINT32 / 2);
	l->buf = g_renew(CmasimEvent, l->buf, (gsize)cap * 2);
	memcpy(l->buf + cap, l->buf, (gsize)l->head * sizeof(CmasimEvent));
	l->mask = cap * 2 - 1;
}

void
cmasim_event_queue_push_lane(CmasimEventQueue *self, guint lane, CmasimTimeNs time_ns, guint32 kind,
			     guint32 arg32, guint64 arg64, gpointer data)
{
	CmasimLane *l;
	CmasimEvent *e;

	g_return_if_fail(lane < self->n_lanes);
	l = &self->lanes[lane];
	/* out of order for this lane: the heap keeps it correct */
	if (G_UNLIKELY(time_ns < l->tail_time_ns)) {
		cmasim_event_queue_push(self, time_ns, kind, arg32, arg64, data);
		return;
	}
	if (G_UNLIKELY(l->len > l->mask))
		cmasim_lane_grow(l);
	e = &l->buf[(l->head + l->len) & l->mask];
	e->time_ns = time_ns;
	e->seq = self->next_seq++;
	e->kind = kind;
	e->arg32 = arg32;
	e->arg64 = arg64;
	e->data = data;
	l->tail_time_ns = time_ns;
	self->lanes_len++;
	if (l->len++ > 0)
		return;
	/* the lane was empty: its new head may be the smallest */
	l->head_time_ns = time_ns;
	l->head_seq = e->seq;
	if (cmasim_key_less(time_ns, e->seq, self->lane_min_time_ns, self->lane_min_seq)) {
		self->lane_min = lane;
		self->lane_min_time_ns = time_ns;
		self->lane_min_seq = e->seq;
	}
}

static void
cmasim_lane_pop(CmasimEventQueue *self, CmasimEvent *out)
{
	CmasimLane *l = &self->lanes[self->lane_min];

	*out = l->buf[l->head];
	l->head = (l->head + 1) & l->mask;
	l->len--;
	self->lanes_len--;
	if (l->len > 0) {
		l->head_time_ns = l->buf[l->head].time_ns;
		l->head_seq = l->buf[l->head].seq;
	} else {
		l->head_time_ns = CMASIM_LANE_KEY_EMPTY;
		l->head_seq = CMASIM_LANE_KEY_EMPTY;
		l->tail_time_ns = 0;
	}
	cmasim_lanes_update_min(self);
}

/* the smallest entry of the near buffer and the heap, NULL if both are empty */
static inline const CmasimHeapEntry *
cmasim_queue_top(const CmasimEventQueue *self)
{
	if (self->near_len > 0)
		return &self->near[self->near_len - 1];
	return self->heap_len > 0 ? &self->heap[0] : NULL;
}

gboolean
cmasim_event_queue_pop(CmasimEventQueue *self, CmasimEvent *out)
{
	const CmasimHeapEntry *top = cmasim_queue_top(self);
	CmasimHeapEntry entry;
	CmasimSlot *s;

	/* without lane events this costs one test more than the plain heap */
	if (self->lanes_len > 0 &&
	    (top == NULL || cmasim_key_less(self->lane_min_time_ns, self->lane_min_seq,
					    top->time_ns, top->seq))) {
		cmasim_lane_pop(self, out);
		return TRUE;
	}
	if (top == NULL)
		return FALSE;
	entry = *top;
	if (self->near_len > 0)
		self->near_len--;
	else
		cmasim_heap_remove_at(self, 0);
	s = &self->slots[entry.slot];
	out->time_ns = entry.time_ns;
	out->seq = entry.seq;
	out->kind = s->kind;
	out->arg32 = s->arg32;
	out->arg64 = s->arg64;
	out->data = s->data;
	cmasim_slot_release(self, entry.slot);
	return TRUE;
}

gboolean
cmasim_event_queue_peek_time(const CmasimEventQueue *self, CmasimTimeNs *time_ns)
{
	const CmasimHeapEntry *top = cmasim_queue_top(self);

	if (top == NULL) {
		if (self->lanes_len == 0)
			return FALSE;
		*time_ns = self->lane_min_time_ns;
		return TRUE;
	}
	/* lane_min_time_ns is the largest time when the lanes are empty */
	*time_ns = MIN(top->time_ns, self->lane_min_time_ns);
	return TRUE;
}

static CmasimSlot *
cmasim_event_queue_lookup(const CmasimEventQueue *self, CmasimEventId id)
{
	guint32 slot = (guint32)(id & G_MAXUINT32);
	guint32 gen = (guint32)(id >> 32);
	CmasimSlot *s;

	if (id == CMASIM_EVENT_ID_NONE || slot >= self->slots_len)
		return NULL;
	s = &self->slots[slot];
	if (s->gen != gen || s->pos == CMASIM_SLOT_FREE)
		return NULL;
	return s;
}

gboolean
cmasim_event_queue_is_pending(const CmasimEventQueue *self, CmasimEventId id)
{
	return cmasim_event_queue_lookup(self, id) != NULL;
}

/* take @s's entry out of the near buffer or the heap */
static CmasimHeapEntry
cmasim_queue_remove(CmasimEventQueue *self, const CmasimSlot *s)
{
	CmasimHeapEntry entry;

	if (s->pos == CMASIM_POS_NEAR) {
		guint32 slot = (guint32)(s - self->slots);
		guint32 i = 0;
		while (i < self->near_len && self->near[i].slot != slot)
			i++;
		g_assert(i < self->near_len);
		entry = self->near[i];
		cmasim_near_remove_at(self, i);
	} else {
		entry = self->heap[s->pos];
		cmasim_heap_remove_at(self, s->pos);
	}
	return entry;
}

gboolean
cmasim_event_queue_cancel(CmasimEventQueue *self, CmasimEventId id)
{
	CmasimSlot *s = cmasim_event_queue_lookup(self, id);
	if (s == NULL)
		return FALSE;
	(void)cmasim_queue_remove(self, s);
	cmasim_slot_release(self, (guint32)(id & G_MAXUINT32));
	return TRUE;
}

gboolean
cmasim_event_queue_reschedule(CmasimEventQueue *self, CmasimEventId id, CmasimTimeNs time_ns)
{
	CmasimSlot *s = cmasim_event_queue_lookup(self, id);
	CmasimHeapEntry entry;

	if (s == NULL)
		return FALSE;
	/* out and in again: the new key may belong in the other part */
	entry = cmasim_queue_remove(self, s);
	entry.time_ns = time_ns;
	entry.seq = self->next_seq++;
	cmasim_queue_insert(self, &entry);
	return TRUE;
}

guint
cmasim_event_queue_length(const CmasimEventQueue *self)
{
	return self->near_len + self->heap_len + self->lanes_len;
}

gsize
cmasim_event_queue_get_memory_bytes(const CmasimEventQueue *self)
{
	gsize bytes = sizeof(*self) + (gsize)self->heap_cap * sizeof(CmasimHeapEntry) +
		      (gsize)self->slots_cap * sizeof(CmasimSlot);
	for (guint i = 0; i < self->n_lanes; i++)
		bytes += ((gsize)self->lanes[i].mask + 1) * sizeof(CmasimEvent);
	return bytes;
}
