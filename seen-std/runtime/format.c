/*
 * format.c — String.format: printf conversions over tagged arguments.
 *
 * Specifier: %[flags][width][.precision]conversion, flags from "-0+ ".
 * Integers are formatted here; %f and %e go through snprintf, which rounds
 * the exact binary value ties-to-even (glibc), as LANGUAGE.md asks.
 * Errors panic with the messages listed in docs/runtime.md.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Widths and precisions above this panic ("format width too large"). */
#define MAX_WIDTH 1000000

typedef struct Buf {
    char *p;
    size_t len;
    size_t cap;
} Buf;

static void buf_reserve(Buf *b, size_t extra) {
    if (extra <= b->cap - b->len) {
        return;
    }
    if (extra > SIZE_MAX / 2 - b->len) {
        seen_out_of_memory();
    }
    size_t ncap = b->cap < 64 ? 64 : b->cap;
    while (ncap < b->len + extra) {
        ncap *= 2;
    }
    char *np = realloc(b->p, ncap);
    if (np == NULL) {
        seen_out_of_memory();
    }
    b->p = np;
    b->cap = ncap;
}

static void buf_put(Buf *b, const char *p, size_t n) {
    if (n == 0) {
        return;
    }
    buf_reserve(b, n);
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

static void buf_fill(Buf *b, char c, size_t n) {
    if (n == 0) {
        return;
    }
    buf_reserve(b, n);
    memset(b->p + b->len, c, n);
    b->len += n;
}

typedef struct Spec {
    bool minus, zero, plus, space;
    int64_t width;     /* -1: none */
    int64_t precision; /* -1: none */
    char conv;
    const uint8_t *text; /* the specifier as written, for messages */
    size_t text_len;
} Spec;

typedef struct Loc {
    const char *path;
    uint32_t line, col;
} Loc;

static const char *tag_name(const SeenFmtArg *a) {
    static const char *const ints[] = {"Int8", "Int16", "Int32", "Int"};
    static const char *const uints[] = {"UInt8", "UInt16", "UInt32", "UInt"};
    int k = a->bits == 8 ? 0 : a->bits == 16 ? 1 : a->bits == 32 ? 2 : 3;
    switch (a->tag) {
    case SEEN_FMT_INT:
        return ints[k];
    case SEEN_FMT_UINT:
        return uints[k];
    case SEEN_FMT_DOUBLE:
        return "Double";
    case SEEN_FMT_FLOAT:
        return "Float";
    case SEEN_FMT_BOOL:
        return "Boolean";
    case SEEN_FMT_CHAR:
        return "Char";
    case SEEN_FMT_STRING:
        return "String";
    default:
        return "null";
    }
}

_Noreturn static void mismatch(const Spec *s, const SeenFmtArg *a, Loc loc) {
    seen_panicf(loc.path, loc.line, loc.col, "%c != %s", s->conv, tag_name(a));
}

_Noreturn static void bad_flag(const Spec *s, char flag, Loc loc) {
    seen_panicf(loc.path, loc.line, loc.col, "flag '%c' does not apply to %%%c", flag, s->conv);
}

/* Appends text of `chars` characters, padded to the width with spaces. */
static void put_padded(Buf *b, const Spec *s, const char *p, size_t n, uint64_t chars) {
    uint64_t w = s->width < 0 ? 0 : (uint64_t)s->width;
    size_t pad = w > chars ? (size_t)(w - chars) : 0;
    if (!s->minus) {
        buf_fill(b, ' ', pad);
    }
    buf_put(b, p, n);
    if (s->minus) {
        buf_fill(b, ' ', pad);
    }
}

/* Appends a number: sign, then digits, zero-padded after the sign with
 * the '0' flag, else space-padded. */
static void put_number(Buf *b, const Spec *s, const char *sign, const char *digits, size_t n) {
    size_t sl = strlen(sign);
    uint64_t w = s->width < 0 ? 0 : (uint64_t)s->width;
    size_t pad = w > sl + n ? (size_t)(w - sl - n) : 0;
    if (s->zero) {
        buf_put(b, sign, sl);
        buf_fill(b, '0', pad);
        buf_put(b, digits, n);
        return;
    }
    if (!s->minus) {
        buf_fill(b, ' ', pad);
    }
    buf_put(b, sign, sl);
    buf_put(b, digits, n);
    if (s->minus) {
        buf_fill(b, ' ', pad);
    }
}

static void put_null(Buf *b, const Spec *s) { put_padded(b, s, "null", 4, 4); }

static void conv_int(Buf *b, const Spec *s, const SeenFmtArg *a, Loc loc) {
    char digits[72];
    const char *sign = "";
    size_t n;
    if (s->conv == 'd') {
        if (a->tag == SEEN_FMT_INT) {
            uint64_t mag = a->v.i < 0 ? (uint64_t)0 - (uint64_t)a->v.i : (uint64_t)a->v.i;
            n = seen_fmt_u64(digits, mag);
            sign = a->v.i < 0 ? "-" : s->plus ? "+" : s->space ? " " : "";
        } else if (a->tag == SEEN_FMT_UINT) {
            n = seen_fmt_u64(digits, a->v.u);
            sign = s->plus ? "+" : s->space ? " " : "";
        } else {
            mismatch(s, a, loc);
        }
    } else {
        uint64_t u;
        if (a->tag == SEEN_FMT_INT) {
            u = (uint64_t)a->v.i;
            if (a->bits == 8 || a->bits == 16 || a->bits == 32) {
                u &= (1ULL << a->bits) - 1;
            }
        } else if (a->tag == SEEN_FMT_UINT) {
            u = a->v.u;
        } else {
            mismatch(s, a, loc);
        }
        const char *set = s->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        unsigned shift = s->conv == 'o' ? 3 : 4;
        unsigned mask = s->conv == 'o' ? 7 : 15;
        char tmp[72];
        size_t k = 0;
        do {
            tmp[k++] = set[u & mask];
            u >>= shift;
        } while (u != 0);
        n = 0;
        while (k > 0) {
            digits[n++] = tmp[--k];
        }
    }
    put_number(b, s, sign, digits, n);
}

static void conv_float(Buf *b, const Spec *s, const SeenFmtArg *a, Loc loc) {
    double x;
    if (a->tag == SEEN_FMT_DOUBLE) {
        x = a->v.d;
    } else if (a->tag == SEEN_FMT_FLOAT) {
        x = (double)a->v.f;
    } else {
        mismatch(s, a, loc);
    }
    if (!isfinite(x)) {
        const char *t = isnan(x) ? "NaN" : x < 0 ? "-Infinity" : s->plus ? "+Infinity"
                                                               : s->space ? " Infinity"
                                                                          : "Infinity";
        size_t n = strlen(t);
        put_padded(b, s, t, n, n);
        return;
    }
    /* rebuild the C specifier from the validated parts */
    char spec[48];
    size_t k = 0;
    spec[k++] = '%';
    if (s->minus) {
        spec[k++] = '-';
    }
    if (s->zero) {
        spec[k++] = '0';
    }
    if (s->plus) {
        spec[k++] = '+';
    }
    if (s->space) {
        spec[k++] = ' ';
    }
    if (s->width >= 0) {
        k += seen_fmt_i64(spec + k, s->width);
    }
    spec[k++] = '.';
    k += seen_fmt_i64(spec + k, s->precision < 0 ? 6 : s->precision);
    spec[k++] = s->conv;
    spec[k] = 0;
    char small[128];
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
    int n = snprintf(small, sizeof small, spec, x);
    if (n < 0) {
        seen_out_of_memory();
    }
    if ((size_t)n < sizeof small) {
        buf_put(b, small, (size_t)n);
    } else {
        buf_reserve(b, (size_t)n + 1);
        snprintf(b->p + b->len, (size_t)n + 1, spec, x);
        b->len += (size_t)n;
    }
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
}

/* Appends at most `precision` characters of valid UTF-8, padded. */
static void put_text(Buf *b, const Spec *s, const char *p, size_t n) {
    uint64_t chars = seen_utf8_count((const uint8_t *)p, n, NULL);
    if (s->precision >= 0 && (uint64_t)s->precision < chars) {
        n = (size_t)seen_utf8_offset((const uint8_t *)p, n, (uint64_t)s->precision);
        chars = (uint64_t)s->precision;
    }
    put_padded(b, s, p, n, chars);
}

static void conv_string(Buf *b, const Spec *s, const SeenFmtArg *a) {
    char tmp[SEEN_NUM_BUF];
    size_t n;
    switch (a->tag) {
    case SEEN_FMT_INT:
        n = seen_fmt_i64(tmp, a->v.i);
        break;
    case SEEN_FMT_UINT:
        n = seen_fmt_u64(tmp, a->v.u);
        break;
    case SEEN_FMT_DOUBLE:
        n = seen_fmt_f64(tmp, a->v.d);
        break;
    case SEEN_FMT_FLOAT:
        n = seen_fmt_f32(tmp, a->v.f);
        break;
    case SEEN_FMT_BOOL:
        put_text(b, s, a->v.b ? "true" : "false", a->v.b ? 4 : 5);
        return;
    case SEEN_FMT_CHAR:
        n = seen_utf8_encode(a->v.c, (uint8_t *)tmp);
        break;
    case SEEN_FMT_STRING:
        put_text(b, s, (const char *)a->v.s->bytes, (size_t)a->v.s->byte_len);
        return;
    default:
        put_text(b, s, "null", 4);
        return;
    }
    put_text(b, s, tmp, n);
}

/* Parses a decimal number for a width or precision. */
static int64_t parse_num(const uint8_t *p, uint64_t len, uint64_t *i, Loc loc) {
    int64_t v = 0;
    while (*i < len && p[*i] >= '0' && p[*i] <= '9') {
        v = v * 10 + (p[*i] - '0');
        if (v > MAX_WIDTH) {
            seen_panicf(loc.path, loc.line, loc.col, "format width too large");
        }
        (*i)++;
    }
    return v;
}

static void check_spec(const Spec *s, Loc loc) {
    char c = s->conv;
    if ((s->minus || s->zero) && s->width < 0 && c != 'n') {
        seen_panicf(loc.path, loc.line, loc.col, "missing format width in '%.*s'",
                    (int)s->text_len, (const char *)s->text);
    }
    if ((s->minus && s->zero) || (s->plus && s->space)) {
        seen_panicf(loc.path, loc.line, loc.col, "illegal format flags in '%.*s'",
                    (int)s->text_len, (const char *)s->text);
    }
    bool numeric = c == 'd' || c == 'f' || c == 'e';
    bool unsigned_form = c == 'x' || c == 'X' || c == 'o';
    if (!numeric && !unsigned_form && s->zero) {
        bad_flag(s, '0', loc);
    }
    if (!numeric && s->plus) {
        bad_flag(s, '+', loc);
    }
    if (!numeric && s->space) {
        bad_flag(s, ' ', loc);
    }
    if (s->precision >= 0 && c != 'f' && c != 'e' && c != 's' && c != 'b') {
        seen_panicf(loc.path, loc.line, loc.col, "precision not allowed with %%%c", c);
    }
    if (c == 'n' && (s->minus || s->width >= 0)) {
        seen_panicf(loc.path, loc.line, loc.col, "width not allowed with %%n");
    }
}

SeenString *seen_format(const SeenString *fmt, const SeenFmtArg *args, uint64_t nargs,
                        const char *path, uint32_t line, uint32_t col) {
    Loc loc = {path, line, col};
    const uint8_t *p = fmt->bytes;
    uint64_t len = fmt->byte_len;
    Buf b = {NULL, 0, 0};
    uint64_t next_arg = 0;
    uint64_t i = 0;
    while (i < len) {
        uint64_t start = i;
        while (i < len && p[i] != '%') {
            i++;
        }
        buf_put(&b, (const char *)p + start, (size_t)(i - start));
        if (i >= len) {
            break;
        }
        Spec s = {false, false, false, false, -1, -1, 0, p + i, 0};
        i++; /* '%' */
        for (; i < len; i++) {
            bool *flag = p[i] == '-'   ? &s.minus
                         : p[i] == '0' ? &s.zero
                         : p[i] == '+' ? &s.plus
                         : p[i] == ' ' ? &s.space
                                       : NULL;
            if (flag == NULL) {
                break;
            }
            if (*flag) {
                seen_panicf(path, line, col, "duplicate format flag '%c'", p[i]);
            }
            *flag = true;
        }
        if (i < len && p[i] >= '1' && p[i] <= '9') {
            s.width = parse_num(p, len, &i, loc);
        }
        if (i < len && p[i] == '.') {
            i++;
            if (i >= len || p[i] < '0' || p[i] > '9') {
                seen_panicf(path, line, col, "missing format precision in '%.*s'",
                            (int)(i - (uint64_t)(s.text - p)), (const char *)s.text);
            }
            s.precision = parse_num(p, len, &i, loc);
        }
        if (i >= len) {
            seen_panicf(path, line, col, "incomplete format specifier '%.*s'",
                        (int)(i - (uint64_t)(s.text - p)), (const char *)s.text);
        }
        s.conv = (char)p[i];
        i++;
        s.text_len = (size_t)(i - (uint64_t)(s.text - p));
        if (strchr("dfesbcxXo%n", s.conv) == NULL || s.conv == 0) {
            size_t n;
            uint32_t c = seen_utf8_decode(p + i - 1, len - (i - 1), &n);
            uint8_t enc[4];
            size_t k = seen_utf8_encode(c, enc);
            seen_panicf(path, line, col, "unknown format conversion '%.*s'", (int)k,
                        (const char *)enc);
        }
        check_spec(&s, loc);
        if (s.conv == 'n') {
            buf_put(&b, "\n", 1);
            continue;
        }
        if (s.conv == '%') {
            put_padded(&b, &s, "%", 1, 1);
            continue;
        }
        if (next_arg >= nargs) {
            seen_panicf(path, line, col, "missing argument for format specifier '%.*s'",
                        (int)s.text_len, (const char *)s.text);
        }
        const SeenFmtArg *a = &args[next_arg++];
        switch (s.conv) {
        case 'd':
        case 'x':
        case 'X':
        case 'o':
            if (a->tag == SEEN_FMT_NULL) {
                put_null(&b, &s);
            } else {
                conv_int(&b, &s, a, loc);
            }
            break;
        case 'f':
        case 'e':
            if (a->tag == SEEN_FMT_NULL) {
                put_null(&b, &s);
            } else {
                conv_float(&b, &s, a, loc);
            }
            break;
        case 'c':
            if (a->tag == SEEN_FMT_NULL) {
                put_null(&b, &s);
            } else if (a->tag == SEEN_FMT_CHAR) {
                uint8_t enc[4];
                size_t k = seen_utf8_encode(a->v.c, enc);
                put_padded(&b, &s, (const char *)enc, k, 1);
            } else {
                mismatch(&s, a, loc);
            }
            break;
        case 'b':
            if (a->tag == SEEN_FMT_NULL) {
                put_text(&b, &s, "false", 5);
            } else if (a->tag == SEEN_FMT_BOOL) {
                put_text(&b, &s, a->v.b ? "true" : "false", a->v.b ? 4 : 5);
            } else {
                mismatch(&s, a, loc);
            }
            break;
        default: /* 's' */
            conv_string(&b, &s, a);
            break;
        }
    }
    SeenString *out = seen_str_new(b.p == NULL ? "" : b.p, b.len);
    free(b.p);
    return out;
}
