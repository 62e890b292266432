/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Unit parsing. Sizes follow the kernel's memparse(): K, M, G (and the IEC
 * spellings KiB, MiB, GiB) are powers of 1024.
 */
#define G_LOG_DOMAIN "CmasimUnits"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-units.h"

gboolean
cmasim_mul_u64(guint64 a, guint64 b, guint64 *out)
{
	if (a != 0 && b > G_MAXUINT64 / a)
		return FALSE;
	*out = a * b;
	return TRUE;
}

gboolean
cmasim_add_u64(guint64 a, guint64 b, guint64 *out)
{
	if (b > G_MAXUINT64 - a)
		return FALSE;
	*out = a + b;
	return TRUE;
}

/* split "123.5MiB" into a number part and a suffix part */
static gboolean
cmasim_units_split(const gchar *text, gchar **number, const gchar **suffix, gboolean allow_fraction,
		   const gchar *expected, GError **error)
{
	const gchar *p = text;
	gboolean seen_digit = FALSE;
	gboolean seen_dot = FALSE;

	if (text == NULL || *text == '\0') {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG, "empty value (expected %s)",
			    expected);
		return FALSE;
	}
	if (*text == '-') {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "'%s' is negative (expected %s)", text, expected);
		return FALSE;
	}
	if (g_str_has_prefix(text, "0x") || g_str_has_prefix(text, "0X")) {
		p += 2;
		while (g_ascii_isxdigit(*p)) {
			seen_digit = TRUE;
			p++;
		}
	} else {
		while (g_ascii_isdigit(*p) || (allow_fraction && *p == '.' && !seen_dot)) {
			if (*p == '.')
				seen_dot = TRUE;
			else
				seen_digit = TRUE;
			p++;
		}
	}
	if (!seen_digit) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "'%s' is not a valid value (expected %s)", text, expected);
		return FALSE;
	}
	*number = g_strndup(text, p - text);
	while (*p == ' ')
		p++;
	*suffix = p;
	return TRUE;
}

static gboolean
cmasim_units_number(const gchar *number, const gchar *text, const gchar *expected, gboolean *is_int,
		    guint64 *ival, gdouble *dval, GError **error)
{
	gchar *end = NULL;

	errno = 0;
	if (strchr(number, '.') == NULL) {
		/* base 10 unless 0x: a leading zero is not octal */
		gboolean hex = number[0] == '0' && (number[1] == 'x' || number[1] == 'X');
		guint64 v = g_ascii_strtoull(hex ? number + 2 : number, &end, hex ? 16 : 10);
		if (errno == ERANGE || end == NULL || *end != '\0') {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				    "'%s' is out of range (expected %s)", text, expected);
			return FALSE;
		}
		*is_int = TRUE;
		*ival = v;
		*dval = (gdouble)v;
		return TRUE;
	}
	*dval = g_ascii_strtod(number, &end);
	if (errno == ERANGE || end == NULL || *end != '\0' || !isfinite(*dval)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "'%s' is not a valid number (expected %s)", text, expected);
		return FALSE;
	}
	*is_int = FALSE;
	return TRUE;
}

static guint64
cmasim_units_gcd(guint64 a, guint64 b)
{
	while (b != 0) {
		guint64 t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/*
 * Multiply a parsed number by a unit. Decimals ("1.5", from @number) are
 * scaled exactly in integers, never through a double, so "4.35ms" is
 * 4350000 ns on every host and a value that is not a whole number of the
 * base unit is reported instead of being rounded.
 */
static gboolean
cmasim_units_scale(const gchar *text, const gchar *expected, const gchar *number, gboolean is_int,
		   guint64 ival, guint64 unit, guint64 *out, GError **error)
{
	const gchar *dot;
	guint64 mantissa = 0;
	guint64 divisor = 1;
	guint64 g;
	gsize n_frac;

	if (is_int) {
		if (!cmasim_mul_u64(ival, unit, out)) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				    "'%s' overflows (expected %s)", text, expected);
			return FALSE;
		}
		return TRUE;
	}
	dot = strchr(number, '.');
	n_frac = strlen(dot + 1);
	while (n_frac > 0 && dot[n_frac] == '0')
		n_frac--;
	for (const gchar *p = number; p < dot + 1 + n_frac; p++) {
		if (p == dot)
			continue;
		if (!cmasim_mul_u64(mantissa, 10, &mantissa) ||
		    !cmasim_add_u64(mantissa, (guint64)(*p - '0'), &mantissa)) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				    "'%s' has too many digits (expected %s)", text, expected);
			return FALSE;
		}
	}
	for (gsize i = 0; i < n_frac; i++) {
		if (!cmasim_mul_u64(divisor, 10, &divisor)) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				    "'%s' has too many digits (expected %s)", text, expected);
			return FALSE;
		}
	}
	g = cmasim_units_gcd(unit, divisor);
	unit /= g;
	divisor /= g;
	if (mantissa % divisor != 0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "'%s' is not a whole number of the base unit (expected %s)", text,
			    expected);
		return FALSE;
	}
	if (!cmasim_mul_u64(mantissa / divisor, unit, out)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "'%s' overflows (expected %s)", text, expected);
		return FALSE;
	}
	return TRUE;
}

gboolean
cmasim_parse_size_bytes(const gchar *text, guint64 *out, GError **error)
{
	static const struct {
		const gchar *suffix;
		guint64 unit;
	} suffixes[] = {
	    {"", 1},
	    {"B", 1},
	    {"K", G_GUINT64_CONSTANT(1) << 10},
	    {"KiB", G_GUINT64_CONSTANT(1) << 10},
	    {"M", G_GUINT64_CONSTANT(1) << 20},
	    {"MiB", G_GUINT64_CONSTANT(1) << 20},
	    {"G", G_GUINT64_CONSTANT(1) << 30},
	    {"GiB", G_GUINT64_CONSTANT(1) << 30},
	    {"T", G_GUINT64_CONSTANT(1) << 40},
	    {"TiB", G_GUINT64_CONSTANT(1) << 40},
	};
	const gchar *expected = "a size such as 4096, 64KiB, 16M or 1GiB";
	g_autofree gchar *number = NULL;
	const gchar *suffix = NULL;
	gboolean is_int = FALSE;
	guint64 ival = 0;
	gdouble dval = 0;

	if (!cmasim_units_split(text, &number, &suffix, TRUE, expected, error))
		return FALSE;
	if (!cmasim_units_number(number, text, expected, &is_int, &ival, &dval, error))
		return FALSE;
	for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
		if (strcmp(suffix, suffixes[i].suffix) == 0)
			return cmasim_units_scale(text, expected, number, is_int, ival,
						  suffixes[i].unit, out, error);
	}
	g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		    "'%s' has an unknown size suffix '%s' (expected %s)", text, suffix, expected);
	return FALSE;
}

static gboolean
cmasim_units_time_suffix(const gchar *suffix, guint64 *unit)
{
	static const struct {
		const gchar *suffix;
		guint64 unit;
	} suffixes[] = {
	    {"ns", 1},
	    {"us", CMASIM_NS_PER_US},
	    {"ms", CMASIM_NS_PER_MS},
	    {"s", CMASIM_NS_PER_S},
	};
	for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
		if (strcmp(suffix, suffixes[i].suffix) == 0) {
			*unit = suffixes[i].unit;
			return TRUE;
		}
	}
	return FALSE;
}

gboolean
cmasim_parse_time_ns(const gchar *text, CmasimTimeNs *out, GError **error)
{
	const gchar *expected = "a time such as 500ns, 250us, 10ms or 2s";
	g_autofree gchar *number = NULL;
	const gchar *suffix = NULL;
	gboolean is_int = FALSE;
	guint64 ival = 0;
	gdouble dval = 0;
	guint64 unit = 1;

	if (!cmasim_units_split(text, &number, &suffix, TRUE, expected, error))
		return FALSE;
	if (!cmasim_units_number(number, text, expected, &is_int, &ival, &dval, error))
		return FALSE;
	if (*suffix != '\0' && !cmasim_units_time_suffix(suffix, &unit)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "'%s' has an unknown time suffix '%s' (expected %s)", text, suffix,
			    expected);
		return FALSE;
	}
	return cmasim_units_scale(text, expected, number, is_int, ival, unit, out, error);
}

gboolean
cmasim_parse_rate_per_s(const gchar *text, gdouble *out, GError **error)
{
	const gchar *expected = "a rate such as 2000/s or 5/ms";
	g_autofree gchar *number = NULL;
	const gchar *suffix = NULL;
	gboolean is_int = FALSE;
	guint64 ival = 0;
	gdouble dval = 0;
	guint64 unit = 1;

	if (!cmasim_units_split(text, &number, &suffix, TRUE, expected, error))
		return FALSE;
	if (!cmasim_units_number(number, text, expected, &is_int, &ival, &dval, error))
		return FALSE;
	if (suffix[0] != '/' || !cmasim_units_time_suffix(suffix + 1, &unit)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "'%s' is not a rate (expected %s)", text, expected);
		return FALSE;
	}
	*out = dval * ((gdouble)CMASIM_NS_PER_S / (gdouble)unit);
	if (!isfinite(*out) || *out > 1e15) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "'%s' is out of range (expected %s, at most 1e15/s)", text, expected);
		return FALSE;
	}
	return TRUE;
}

gboolean
cmasim_parse_bandwidth(const gchar *text, gdouble *out, GError **error)
{
	const gchar *expected = "a bandwidth such as 200MiB/s or 4KiB/ms";
	const gchar *slash = strrchr(text, '/');
	g_autofree gchar *size_text = NULL;
	g_autoptr(GError) local = NULL;
	guint64 unit = 1;
	guint64 bytes = 0;

	if (slash == NULL || !cmasim_units_time_suffix(slash + 1, &unit)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "'%s' is not a bandwidth (expected %s)", text, expected);
		return FALSE;
	}
	size_text = g_strndup(text, (gsize)(slash - text));
	if (!cmasim_parse_size_bytes(size_text, &bytes, &local)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "'%s' is not a bandwidth (expected %s)", text, expected);
		return FALSE;
	}
	*out = (gdouble)bytes * ((gdouble)CMASIM_NS_PER_S / (gdouble)unit);
	if (!isfinite(*out) || *out > 1e18) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "'%s' is out of range (expected %s, at most 1e18 bytes/s)", text,
			    expected);
		return FALSE;
	}
	return TRUE;
}

gboolean
cmasim_parse_uint64(const gchar *text, guint64 *out, GError **error)
{
	const gchar *expected = "a non-negative integer";
	g_autofree gchar *number = NULL;
	const gchar *suffix = NULL;
	gboolean is_int = FALSE;
	guint64 ival = 0;
	gdouble dval = 0;

	if (!cmasim_units_split(text, &number, &suffix, FALSE, expected, error))
		return FALSE;
	if (*suffix != '\0') {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "'%s' is not an integer (expected %s)", text, expected);
		return FALSE;
	}
	if (!cmasim_units_number(number, text, expected, &is_int, &ival, &dval, error))
		return FALSE;
	*out = ival;
	return TRUE;
}

gboolean
cmasim_parse_double(const gchar *text, gdouble *out, GError **error)
{
	const gchar *expected = "a non-negative decimal number";
	g_autofree gchar *number = NULL;
	const gchar *suffix = NULL;
	gboolean is_int = FALSE;
	guint64 ival = 0;

	if (!cmasim_units_split(text, &number, &suffix, TRUE, expected, error))
		return FALSE;
	/* an exponent, "1e6" or "2.5E-3", right after the digits */
	if ((*suffix == 'e' || *suffix == 'E') && suffix == text + strlen(number) &&
	    !g_str_has_prefix(number, "0x") && !g_str_has_prefix(number, "0X")) {
		const gchar *p = suffix + 1;
		gchar *end = NULL;
		if (*p == '+' || *p == '-')
			p++;
		if (!g_ascii_isdigit(*p)) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				    "'%s' is not a number (expected %s)", text, expected);
			return FALSE;
		}
		while (g_ascii_isdigit(*p))
			p++;
		if (*p != '\0') {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				    "'%s' is not a number (expected %s)", text, expected);
			return FALSE;
		}
		errno = 0;
		*out = g_ascii_strtod(text, &end);
		if (errno == ERANGE || end == NULL || *end != '\0' || !isfinite(*out)) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
				    "'%s' is out of range (expected %s)", text, expected);
			return FALSE;
		}
		return TRUE;
	}
	if (*suffix != '\0') {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			    "'%s' is not a number (expected %s)", text, expected);
		return FALSE;
	}
	return cmasim_units_number(number, text, expected, &is_int, &ival, out, error);
}

gboolean
cmasim_parse_bool(const gchar *text, gboolean *out, GError **error)
{
	static const gchar *const yes[] = {"true", "yes", "on", "1"};
	static const gchar *const no[] = {"false", "no", "off", "0"};
	for (guint i = 0; i < G_N_ELEMENTS(yes); i++) {
		if (g_strcmp0(text, yes[i]) == 0) {
			*out = TRUE;
			return TRUE;
		}
		if (g_strcmp0(text, no[i]) == 0) {
			*out = FALSE;
			return TRUE;
		}
	}
	g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		    "'%s' is not a boolean (expected true or false)", text ? text : "");
	return FALSE;
}

gchar *
cmasim_format_size_bytes(guint64 bytes)
{
	static const struct {
		const gchar *suffix;
		guint shift;
	} units[] = {{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}};
	for (guint i = 0; i < G_N_ELEMENTS(units); i++) {
		guint64 unit = G_GUINT64_CONSTANT(1) << units[i].shift;
		if (bytes != 0 && bytes % unit == 0)
			return g_strdup_printf("%" G_GUINT64_FORMAT "%s", bytes / unit,
					       units[i].suffix);
	}
	return g_strdup_printf("%" G_GUINT64_FORMAT, bytes);
}

gchar *
cmasim_format_time_ns(CmasimTimeNs ns)
{
	if (ns != 0 && ns % CMASIM_NS_PER_S == 0)
		return g_strdup_printf("%" G_GUINT64_FORMAT "s", ns / CMASIM_NS_PER_S);
	if (ns != 0 && ns % CMASIM_NS_PER_MS == 0)
		return g_strdup_printf("%" G_GUINT64_FORMAT "ms", ns / CMASIM_NS_PER_MS);
	if (ns != 0 && ns % CMASIM_NS_PER_US == 0)
		return g_strdup_printf("%" G_GUINT64_FORMAT "us", ns / CMASIM_NS_PER_US);
	return g_strdup_printf("%" G_GUINT64_FORMAT "ns", ns);
}
