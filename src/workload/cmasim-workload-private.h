/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Internals of the workload reader shared by its files: source positions,
 * the pull reader over libyaml events with its safety bounds, the schema of
 * keys and the "draft" (what the files said, key by key, with where they
 * said it) from which the scenario is resolved again after every --set.
 */
#pragma once

#include <stdio.h>
#include <yaml.h>

#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-scenario.h"
#include "cmasim/cmasim-workload.h"

G_BEGIN_DECLS

/* bounds that keep hostile input cheap to reject */
#define CMASIM_YAML_MAX_DEPTH        64   /* nested collections */
#define CMASIM_YAML_MAX_SCALAR_BYTES 4096 /* one scalar */
#define CMASIM_INCLUDE_MAX_DEPTH     16   /* nested include: */
#define CMASIM_NAME_MAX_BYTES        63   /* region, task, device names (CMA_MAX_NAME - 1) */

/* limits of what can be simulated */
#define CMASIM_MAX_RAM_BYTES       (G_GUINT64_CONSTANT(64) << 30)
#define CMASIM_MAX_SPAN_BYTES      (G_GUINT64_CONSTANT(128) << 30)
#define CMASIM_MAX_PAGES           G_MAXUINT32 /* pfns are 32-bit, CMASIM_PFN_NONE excluded */
#define CMASIM_MIN_PAGE_SIZE_BYTES (G_GUINT64_CONSTANT(4) << 10)
#define CMASIM_MAX_PAGE_SIZE_BYTES (G_GUINT64_CONSTANT(64) << 10)
#define CMASIM_MAX_ORDER_LIMIT     20
#define CMASIM_MAX_ALIGN_ORDER     20
#define CMASIM_MAX_TIME_NS         (G_GUINT64_CONSTANT(1000000) * CMASIM_NS_PER_S)
#define CMASIM_MAX_RATE_PER_S      1e9
#define CMASIM_ARM32_LOWMEM_BYTES                                                                  \
	(G_GUINT64_CONSTANT(760) << 20) /* 3G/1G split, 240 MiB vmalloc                            \
	                                 */

/* where something was written: 1-based line and column in a file */
typedef struct {
	const gchar *file; /* interned */
	guint line;
	guint column;
} CmasimPos;

void _cmasim_set_error_at(GError **error, gint code, const CmasimPos *pos, const gchar *format, ...)
    G_GNUC_PRINTF(4, 5);
/* "FILE:L:C: @what: <src's message>"; takes @src */
void _cmasim_propagate_at(GError **error, GError *src, const CmasimPos *pos, const gchar *what);

/* ---- the pull reader ---- */

typedef struct {
	yaml_parser_t parser;
	gboolean parser_ready;
	FILE *fp;
	const gchar *file;   /* interned display name */
	gchar *path;         /* file read, NULL for memory */
	GBytes *bytes;       /* memory input, kept alive */
	guint column_offset; /* added to columns of line 1 (--set values) */
	yaml_event_t event;  /* the current event */
	gboolean has_event;
	guint depth; /* open collections */
	guint documents;
} CmasimReader;

gboolean _cmasim_reader_open_file(CmasimReader *self, const gchar *display, const gchar *path,
                                  GError **error);
void _cmasim_reader_open_bytes(CmasimReader *self, const gchar *display, GBytes *bytes);
void _cmasim_reader_clear(CmasimReader *self);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(CmasimReader, _cmasim_reader_clear)
/* advance to the next event; rejects aliases, anchors, tags, deep nesting,
 * long scalars and a second document */
gboolean _cmasim_reader_next(CmasimReader *self, GError **error);
/* STREAM-START, DOCUMENT-START, then the root node's first event; *@empty
 * is set (and TRUE returned) when the stream holds no document */
gboolean _cmasim_reader_begin(CmasimReader *self, gboolean *empty, GError **error);
/* after the root node: DOCUMENT-END and STREAM-END */
gboolean _cmasim_reader_end(CmasimReader *self, GError **error);
/* skip the node whose first event is current (iteratively, any depth) */
gboolean _cmasim_reader_skip(CmasimReader *self, GError **error);
CmasimPos _cmasim_reader_pos(const CmasimReader *self);
gboolean _cmasim_reader_is_scalar(const CmasimReader *self);
gboolean _cmasim_reader_is_null(const CmasimReader *self); /* "", ~, null (plain) */
const gchar *_cmasim_reader_scalar(const CmasimReader *self);
const gchar *_cmasim_reader_node_kind(const CmasimReader *self); /* "a mapping" ... */
/* current event must be a scalar; else "@what: found a mapping (expected @expected)" */
gboolean _cmasim_reader_expect_scalar(CmasimReader *self, const gchar *what, const gchar *expected,
                                      GError **error);
/*
 * The step of every mapping loop: read the next event; at the mapping's end
 * set *@done; otherwise the event is a key: it must be a scalar not yet in
 * @seen (which takes a copy), its position goes to @key_pos (nullable) and
 * the reader stays on it. FALSE with @error set on a read error or a bad
 * key; key errors name the key's position and start with "@what: " when
 * @what_prefix is set.
 */
gboolean _cmasim_reader_next_key(CmasimReader *self, GHashTable *seen, const gchar *what,
                                 gboolean what_prefix, CmasimPos *key_pos, gboolean *done,
                                 GError **error);

/* ---- schema ---- */

typedef enum {
	CMASIM_KEY_TEXT,      /* free text */
	CMASIM_KEY_NAME,      /* identifier: letters, digits and . _ , @ + - */
	CMASIM_KEY_ARCH,      /* arm32 | arm64 | x86-64 */
	CMASIM_KEY_CPU,       /* a configs/cpus/ name, or none */
	CMASIM_KEY_OWNER,     /* anon | file | shmem | reclaimable | unmovable */
	CMASIM_KEY_TASK_TYPE, /* background | device */
	CMASIM_KEY_SIZE,      /* bytes */
	CMASIM_KEY_ADDRESS,   /* bytes, a physical address */
	CMASIM_KEY_POW2_SIZE, /* bytes, 0 or a power of two */
	CMASIM_KEY_TIME,      /* ns */
	CMASIM_KEY_RATE,      /* per second */
	CMASIM_KEY_BANDWIDTH, /* bytes per second */
	CMASIM_KEY_UINT,      /* integer in [min, max] */
	CMASIM_KEY_FRACTION,  /* 0..1 */
	CMASIM_KEY_PERCENT,   /* 0..100, "60%" or 60 */
	CMASIM_KEY_BOOL,
	CMASIM_KEY_DIST,   /* a time distribution */
	CMASIM_KEY_ORDERS, /* {order: weight} or one order */
	CMASIM_KEY_BANKS,  /* [{base, size}] */
	CMASIM_KEY_ZONES,  /* [{name, size}] */
	CMASIM_KEY_RANGES, /* [[base, size]] */
	CMASIM_KEY_REG,    /* [base, size]: stored as base and size */
	CMASIM_KEY_NAMES,  /* [name] */
} CmasimKeyKind;

typedef struct {
	const gchar *key;
	CmasimKeyKind kind;
	guint64 min; /* UINT */
	guint64 max; /* UINT; SIZE/TIME: upper bound, 0 = none */
} CmasimKeyDef;

typedef struct {
	gchar *name;
	guint64 size_bytes;
	gboolean has_size;
	CmasimPos pos;
} CmasimZoneDraft;

/* one key's value as written; immutable and reference counted */
typedef struct {
	const CmasimKeyDef *def;
	CmasimPos pos;       /* the key */
	CmasimPos value_pos; /* the value */
	gchar *text;         /* TEXT NAME ARCH CPU OWNER TASK_TYPE */
	guint64 u;           /* SIZE ADDRESS POW2_SIZE TIME UINT */
	gdouble d;           /* RATE FRACTION PERCENT */
	gboolean b;          /* BOOL */
	CmasimDist dist;     /* DIST */
	GArray *array;       /* ORDERS (CmasimOrderWeight), BANKS RANGES (CmasimRange),
	                        ZONES (CmasimZoneDraft) */
	GPtrArray *names;    /* NAMES */
} CmasimValue;

CmasimValue *_cmasim_value_new(const CmasimKeyDef *def, const CmasimPos *pos);
CmasimValue *_cmasim_value_ref(CmasimValue *value);
void _cmasim_value_unref(CmasimValue *value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimValue, _cmasim_value_unref)

/* a mapping of keys: the top level, the machine, one region, one task */
typedef struct {
	gchar *name;        /* regions and tasks */
	CmasimPos pos;      /* the mapping */
	CmasimPos name_pos; /* the `name:` key */
	GHashTable *values; /* def->key -> CmasimValue (ref) */
} CmasimEntity;

CmasimEntity *_cmasim_entity_new(const CmasimPos *pos);
CmasimEntity *_cmasim_entity_copy(const CmasimEntity *self);
void _cmasim_entity_free(CmasimEntity *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimEntity, _cmasim_entity_free)
const CmasimValue *_cmasim_entity_get(const CmasimEntity *self, const gchar *key);
/* set @value (ref taken), dropping keys it excludes (align vs alignment) */
void _cmasim_entity_set(CmasimEntity *self, CmasimValue *value);
/* @src's keys override @self's */
void _cmasim_entity_overlay(CmasimEntity *self, const CmasimEntity *src);

typedef struct {
	gchar *text;
	CmasimPos pos;
} CmasimParamDraft;

/* where the timed events are */
typedef struct {
	CmasimPos pos;  /* the `events:` key */
	gchar *path;    /* absolute path of the file holding them, or NULL */
	gchar *display; /* the file as named in messages */
	GBytes *bytes;  /* inline events of a workload read from memory */
} CmasimEventsSource;

CmasimEventsSource *_cmasim_events_source_copy(const CmasimEventsSource *self);
void _cmasim_events_source_free(CmasimEventsSource *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimEventsSource, _cmasim_events_source_free)

/* everything the workload files (and --set) said */
typedef struct {
	CmasimPos pos;     /* the root mapping of the main file */
	CmasimEntity *top; /* version name seed duration */
	CmasimEntity *machine;
	GPtrArray *regions;         /* (element-type CmasimEntity) in file order */
	GPtrArray *tasks;           /* (element-type CmasimEntity) in file order */
	GHashTable *params;         /* key -> CmasimParamDraft */
	CmasimEventsSource *events; /* NULL: none */
} CmasimDraft;

CmasimDraft *_cmasim_draft_new(const CmasimPos *pos);
void _cmasim_draft_free(CmasimDraft *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimDraft, _cmasim_draft_free)

/* the schema tables */
extern const CmasimKeyDef _cmasim_top_keys[];
extern const CmasimKeyDef _cmasim_machine_keys[];
extern const CmasimKeyDef _cmasim_region_keys[];
extern const CmasimKeyDef _cmasim_task_keys[]; /* name, type */
extern const CmasimKeyDef _cmasim_background_keys[];
extern const CmasimKeyDef _cmasim_device_keys[];
const CmasimKeyDef *_cmasim_key_lookup(const CmasimKeyDef *table, const gchar *key);
gchar *_cmasim_key_list(const CmasimKeyDef *table); /* "a, b, c" */
gboolean _cmasim_key_is_compound(const CmasimKeyDef *def);

/* parse a value: scalars from text, compound values from the reader */
CmasimValue *_cmasim_value_parse_text(const CmasimKeyDef *def, const gchar *what, const gchar *text,
                                      const CmasimPos *key_pos, const CmasimPos *value_pos,
                                      GError **error);
CmasimValue *_cmasim_value_parse(CmasimReader *reader, const CmasimKeyDef *def, const gchar *what,
                                 const CmasimPos *key_pos, GError **error);
/* parse one registered parameter value (checked against the registry) */
gboolean _cmasim_param_check(const gchar *key, const gchar *text, const CmasimPos *pos,
                             GError **error);
/* does any registered parameter start with "@prefix." or equal it? */
gboolean _cmasim_param_prefix_exists(const gchar *prefix);
/* registered keys under the longest known prefix of @key, for messages */
gchar *_cmasim_param_suggest(const gchar *key);
/* top-level sections of the registry ("cost", "mm", "policy", "sim"), sorted */
GPtrArray *_cmasim_param_sections(void);

/* canonical texts of config.effective.yaml */
gchar *_cmasim_format_double(gdouble value);
gchar *_cmasim_format_dist(const CmasimDist *dist);
gchar *_cmasim_format_address(guint64 address);
guint _cmasim_get_order(guint64 size_bytes, guint32 page_size_bytes);

/* ---- scenario internals ---- */

struct _CmasimScenarioPrivate {
	CmasimDraft *draft;  /* what the files and --set said */
	gchar *default_name; /* the file's basename, when `name:` is not given */
	GArray *task_order;  /* (element-type guint) file order: index | CMASIM_TASK_DEVICE */
	CmasimEventsSource *events;
};
#define CMASIM_TASK_DEVICE 0x80000000u

/* read the resolved events once to check and count them */
gboolean _cmasim_events_validate(CmasimScenario *scenario, GError **error);
/* builtin (GResource) copy of a data file, for tests */
gchar *_cmasim_data_lookup_builtin(const gchar *relpath, gsize *len);
/* tests: search only the compiled-in copies, as a binary far from its data would */
void _cmasim_data_set_builtin_only(gboolean builtin_only);

G_END_DECLS
