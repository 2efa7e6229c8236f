/*
 * parse.c — text to numbers: toInt/toLong (Kotlin's syntax) and
 * toDouble/toFloat (Java's Double.parseDouble syntax), with an ok flag for
 * the OrNull forms.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int digit_value(uint8_t c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'Z') {
        return c - 'A' + 10;
    }
    return 99;
}

/* Parses digits of `radix` from p[0..len) into *mag; false on a bad digit,
 * no digits, or a value above `limit`. */
static bool parse_magnitude(const uint8_t *p, uint64_t len, unsigned radix, uint64_t limit,
                            uint64_t *mag) {
    if (len == 0) {
        return false;
    }
    uint64_t v = 0;
    for (uint64_t i = 0; i < len; i++) {
        int d = digit_value(p[i]);
        if (d >= (int)radix) {
            return false;
        }
        if (v > (limit - (uint64_t)d) / radix) {
            return false;
        }
        v = v * radix + (uint64_t)d;
    }
    *mag = v;
    return true;
}

int64_t seen_str_to_i64(const SeenString *s, int64_t radix, bool *ok) {
    *ok = false;
    if (radix < 2 || radix > 36) {
        return 0;
    }
    const uint8_t *p = s->bytes;
    uint64_t len = s->byte_len;
    bool neg = false;
    if (len > 0 && (p[0] == '-' || p[0] == '+')) {
        neg = p[0] == '-';
        p++;
        len--;
    }
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t mag;
    if (!parse_magnitude(p, len, (unsigned)radix, limit, &mag)) {
        return 0;
    }
    *ok = true;
    if (neg) {
        return mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
    }
    return (int64_t)mag;
}

uint64_t seen_str_to_u64(const SeenString *s, int64_t radix, bool *ok) {
    *ok = false;
    if (radix < 2 || radix > 36) {
        return 0;
    }
    const uint8_t *p = s->bytes;
    uint64_t len = s->byte_len;
    if (len > 0 && p[0] == '+') {
        p++;
        len--;
    }
    uint64_t mag;
    if (!parse_magnitude(p, len, (unsigned)radix, UINT64_MAX, &mag)) {
        return 0;
    }
    *ok = true;
    return mag;
}

static bool is_dec(uint8_t c) { return c >= '0' && c <= '9'; }

static bool is_hex(uint8_t c) { return digit_value(c) < 16; }

/* Checks Java's FloatValue grammar on p[0..len) (already trimmed) and
 * copies the text strtod should read (without a type suffix) to out.
 * Returns 0 when invalid, 1 for a number, 2 for NaN, 3 for Infinity. */
static int float_syntax(const uint8_t *p, uint64_t len, char *out, size_t out_cap) {
    uint64_t i = 0;
    if (i < len && (p[i] == '+' || p[i] == '-')) {
        i++;
    }
    if (len - i == 3 && memcmp(p + i, "NaN", 3) == 0) {
        return 2;
    }
    if (len - i == 8 && memcmp(p + i, "Infinity", 8) == 0) {
        return 3;
    }
    uint64_t body_end = len;
    if (i < len && is_dec(p[i]) == false && p[i] != '.') {
        return 0;
    }
    if (len - i >= 2 && p[i] == '0' && (p[i + 1] == 'x' || p[i + 1] == 'X')) {
        /* HexSignificand BinaryExponent FloatTypeSuffix? */
        uint64_t j = i + 2;
        uint64_t nd = 0;
        while (j < len && is_hex(p[j])) {
            j++;
            nd++;
        }
        if (j < len && p[j] == '.') {
            j++;
            while (j < len && is_hex(p[j])) {
                j++;
                nd++;
            }
        }
        if (nd == 0 || j >= len || (p[j] != 'p' && p[j] != 'P')) {
            return 0;
        }
        j++;
        if (j < len && (p[j] == '+' || p[j] == '-')) {
            j++;
        }
        uint64_t ne = 0;
        while (j < len && is_dec(p[j])) {
            j++;
            ne++;
        }
        if (ne == 0) {
            return 0;
        }
        if (j < len && p[j] != 0 && strchr("fFdD", p[j]) != NULL) {
            body_end = j;
            j++;
        }
        if (j != len) {
            return 0;
        }
    } else {
        uint64_t j = i;
        uint64_t nd = 0;
        while (j < len && is_dec(p[j])) {
            j++;
            nd++;
        }
        if (j < len && p[j] == '.') {
            j++;
            while (j < len && is_dec(p[j])) {
                j++;
                nd++;
            }
        }
        if (nd == 0) {
            return 0;
        }
        if (j < len && (p[j] == 'e' || p[j] == 'E')) {
            j++;
            if (j < len && (p[j] == '+' || p[j] == '-')) {
                j++;
            }
            uint64_t ne = 0;
            while (j < len && is_dec(p[j])) {
                j++;
                ne++;
            }
            if (ne == 0) {
                return 0;
            }
        }
        if (j < len && p[j] != 0 && strchr("fFdD", p[j]) != NULL) {
            body_end = j;
            j++;
        }
        if (j != len) {
            return 0;
        }
    }
    if (body_end + 1 > out_cap) {
        return 0;
    }
    memcpy(out, p, (size_t)body_end);
    out[body_end] = 0;
    return 1;
}

/* Trims Java's way (characters <= ' ') and classifies; on success *buf is
 * a malloc'ed copy for strtod (or NULL for NaN/Infinity), *neg the sign. */
static int prepare_float(const SeenString *s, char **buf, bool *neg) {
    const uint8_t *p = s->bytes;
    uint64_t len = s->byte_len;
    while (len > 0 && p[0] <= ' ') {
        p++;
        len--;
    }
    while (len > 0 && p[len - 1] <= ' ') {
        len--;
    }
    *buf = NULL;
    *neg = len > 0 && p[0] == '-';
    if (len == 0) {
        return 0;
    }
    char *out = malloc((size_t)len + 1);
    if (out == NULL) {
        seen_out_of_memory();
    }
    int kind = float_syntax(p, len, out, (size_t)len + 1);
    if (kind != 1) {
        free(out);
        return kind;
    }
    *buf = out;
    return 1;
}

double seen_str_to_f64(const SeenString *s, bool *ok) {
    char *buf;
    bool neg;
    int kind = prepare_float(s, &buf, &neg);
    *ok = kind != 0;
    if (kind == 0) {
        return 0.0;
    }
    if (kind == 2) {
        return NAN;
    }
    if (kind == 3) {
        return neg ? -INFINITY : INFINITY;
    }
    double v = strtod(buf, NULL);
    free(buf);
    return v;
}

float seen_str_to_f32(const SeenString *s, bool *ok) {
    char *buf;
    bool neg;
    int kind = prepare_float(s, &buf, &neg);
    *ok = kind != 0;
    if (kind == 0) {
        return 0.0f;
    }
    if (kind == 2) {
        return NAN;
    }
    if (kind == 3) {
        return neg ? -INFINITY : INFINITY;
    }
    float v = strtof(buf, NULL);
    free(buf);
    return v;
}
