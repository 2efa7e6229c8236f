/*
 * string.c — immutable UTF-8 strings: making, comparing, hashing,
 * indexing by character, substrings, and toString of integers, booleans
 * and characters (floats are in number.c, parsing in parse.c).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>

#include "internal.h"

const SeenType seen_type_String = {"String", 0, NULL, SEEN_TYPE_STRING};

SEEN_STATIC_STRING(str_empty, "", 0, 0, SEEN_STR_ASCII);
SEEN_STATIC_STRING(str_true, "true", 4, 4, SEEN_STR_ASCII);
SEEN_STATIC_STRING(str_false, "false", 5, 5, SEEN_STR_ASCII);

SeenString *seen_str_empty(void) { return (SeenString *)&str_empty; }

/* ---- UTF-8 ---- */

static uint64_t load64(const uint8_t *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

uint64_t seen_utf8_count(const uint8_t *p, uint64_t len, bool *ascii) {
    uint64_t i = 0;
    uint64_t cont = 0; /* continuation bytes */
    bool all_ascii = true;
    while (i + 8 <= len) {
        uint64_t w = load64(p + i);
        if ((w & 0x8080808080808080ULL) != 0) {
            all_ascii = false;
            /* a continuation byte is 10xxxxxx: bit 7 set and bit 6 clear */
            uint64_t c = w & ~(w << 1) & 0x8080808080808080ULL;
            while (c != 0) {
                cont++;
                c &= c - 1;
            }
        }
        i += 8;
    }
    for (; i < len; i++) {
        if (p[i] >= 0x80) {
            all_ascii = false;
            if ((p[i] & 0xC0) == 0x80) {
                cont++;
            }
        }
    }
    if (ascii != NULL) {
        *ascii = all_ascii;
    }
    return len - cont;
}

size_t seen_utf8_encode(uint32_t c, uint8_t *out) {
    if (c < 0x80) {
        out[0] = (uint8_t)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (uint8_t)(0xC0 | (c >> 6));
        out[1] = (uint8_t)(0x80 | (c & 0x3F));
        return 2;
    }
    if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
        c = 0xFFFD;
    }
    if (c < 0x10000) {
        out[0] = (uint8_t)(0xE0 | (c >> 12));
        out[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (uint8_t)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | (c >> 18));
    out[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (uint8_t)(0x80 | (c & 0x3F));
    return 4;
}

uint32_t seen_utf8_decode(const uint8_t *p, uint64_t len, size_t *n) {
    uint8_t b = p[0];
    if (b < 0x80 || len < 2) {
        *n = 1;
        return b;
    }
    if (b < 0xE0) {
        *n = 2;
        return ((uint32_t)(b & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if (b < 0xF0 || len < 4) {
        *n = len < 3 ? (size_t)len : 3;
        if (len < 3) {
            return 0xFFFD;
        }
        return ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
    *n = 4;
    return ((uint32_t)(b & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
           ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

uint64_t seen_utf8_offset(const uint8_t *p, uint64_t len, uint64_t i) {
    uint64_t pos = 0;
    while (i > 0 && pos < len) {
        pos++;
        while (pos < len && (p[pos] & 0xC0) == 0x80) {
            pos++;
        }
        i--;
    }
    return pos;
}

/* ---- making strings ---- */

SeenString *seen_str_alloc(uint64_t byte_len, uint64_t char_len, uint32_t flags) {
    if (byte_len > UINT64_MAX - sizeof(SeenString) - 1) {
        seen_out_of_memory();
    }
    SeenString *s = seen_alloc_sized(&seen_type_String, sizeof(SeenString) + byte_len + 1);
    s->byte_len = byte_len;
    s->char_len = char_len;
    s->flags = flags;
    s->bytes[byte_len] = 0;
    return s;
}

/* A string with known character count and ASCII-ness. */
static SeenString *str_known(const uint8_t *p, uint64_t len, uint64_t chars, bool ascii) {
    if (len == 0) {
        return seen_str_empty();
    }
    SeenString *s = seen_str_alloc(len, chars, ascii ? SEEN_STR_ASCII : 0);
    memcpy(s->bytes, p, (size_t)len);
    return s;
}

SeenString *seen_str_new(const char *p, uint64_t len) {
    bool ascii;
    uint64_t chars = seen_utf8_count((const uint8_t *)p, len, &ascii);
    return str_known((const uint8_t *)p, len, chars, ascii);
}

/* Length of the valid UTF-8 sequence at p[0..len), or 0 when it is not
 * one; *bad gets the length of its maximal valid prefix (at least 1). */
static size_t utf8_valid_len(const uint8_t *p, uint64_t len, size_t *bad) {
    uint8_t b = p[0];
    size_t need;
    uint8_t lo = 0x80;
    uint8_t hi = 0xBF;
    *bad = 1;
    if (b < 0x80) {
        return 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
        need = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 3;
        if (b == 0xE0) {
            lo = 0xA0;
        } else if (b == 0xED) {
            hi = 0x9F;
        }
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 4;
        if (b == 0xF0) {
            lo = 0x90;
        } else if (b == 0xF4) {
            hi = 0x8F;
        }
    } else {
        return 0;
    }
    for (size_t k = 1; k < need; k++) {
        if (k >= len) {
            *bad = k;
            return 0;
        }
        uint8_t c = p[k];
        if (k == 1 ? (c < lo || c > hi) : (c & 0xC0) != 0x80) {
            *bad = k;
            return 0;
        }
    }
    return need;
}

SeenString *seen_str_from_utf8_lossy(const char *p, uint64_t len) {
    const uint8_t *b = (const uint8_t *)p;
    uint64_t out_len = 0;
    uint64_t chars = 0;
    bool changed = false;
    for (uint64_t i = 0; i < len;) {
        size_t bad;
        size_t n = utf8_valid_len(b + i, len - i, &bad);
        if (n == 0) {
            changed = true;
            out_len += 3;
            i += bad;
        } else {
            out_len += n;
            i += n;
        }
        chars++;
    }
    if (!changed) {
        return seen_str_new(p, len);
    }
    SeenString *s = seen_str_alloc(out_len, chars, 0);
    uint64_t o = 0;
    for (uint64_t i = 0; i < len;) {
        size_t bad;
        size_t n = utf8_valid_len(b + i, len - i, &bad);
        if (n == 0) {
            s->bytes[o++] = 0xEF;
            s->bytes[o++] = 0xBF;
            s->bytes[o++] = 0xBD;
            i += bad;
        } else {
            memcpy(s->bytes + o, b + i, n);
            o += n;
            i += n;
        }
    }
    return s;
}

/* ---- concatenation ---- */

SeenString *seen_str_concat(const SeenString *a, const SeenString *b) {
    if (b->byte_len == 0) {
        seen_retain((void *)a);
        return (SeenString *)a;
    }
    if (a->byte_len == 0) {
        seen_retain((void *)b);
        return (SeenString *)b;
    }
    SeenString *s = seen_str_alloc(a->byte_len + b->byte_len, a->char_len + b->char_len,
                                   a->flags & b->flags & SEEN_STR_ASCII);
    memcpy(s->bytes, a->bytes, (size_t)a->byte_len);
    memcpy(s->bytes + a->byte_len, b->bytes, (size_t)b->byte_len);
    return s;
}

SeenString *seen_str_concat_n(const SeenString *const *parts, uint64_t n) {
    uint64_t bytes = 0;
    uint64_t chars = 0;
    uint32_t flags = SEEN_STR_ASCII;
    uint64_t nonempty = 0;
    const SeenString *last = NULL;
    for (uint64_t i = 0; i < n; i++) {
        bytes += parts[i]->byte_len;
        chars += parts[i]->char_len;
        flags &= parts[i]->flags;
        if (parts[i]->byte_len != 0) {
            nonempty++;
            last = parts[i];
        }
    }
    if (nonempty == 0) {
        return seen_str_empty();
    }
    if (nonempty == 1) {
        seen_retain((void *)last);
        return (SeenString *)last;
    }
    SeenString *s = seen_str_alloc(bytes, chars, flags & SEEN_STR_ASCII);
    uint64_t o = 0;
    for (uint64_t i = 0; i < n; i++) {
        memcpy(s->bytes + o, parts[i]->bytes, (size_t)parts[i]->byte_len);
        o += parts[i]->byte_len;
    }
    return s;
}

/* ---- comparing and hashing ---- */

bool seen_str_eq(const SeenString *a, const SeenString *b) {
    if (a == b) {
        return true;
    }
    return a->byte_len == b->byte_len && memcmp(a->bytes, b->bytes, (size_t)a->byte_len) == 0;
}

int64_t seen_str_cmp(const SeenString *a, const SeenString *b) {
    uint64_t n = a->byte_len < b->byte_len ? a->byte_len : b->byte_len;
    int c = memcmp(a->bytes, b->bytes, (size_t)n);
    if (c != 0) {
        return c < 0 ? -1 : 1;
    }
    if (a->byte_len == b->byte_len) {
        return 0;
    }
    return a->byte_len < b->byte_len ? -1 : 1;
}

static uint64_t load64_le(const uint8_t *p) {
    uint64_t w = 0;
    for (int k = 7; k >= 0; k--) {
        w = (w << 8) | p[k];
    }
    return w;
}

static uint64_t mix64(uint64_t x) {
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    return x;
}

int64_t seen_str_hash(const SeenString *s) {
    const uint8_t *p = s->bytes;
    uint64_t len = s->byte_len;
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (len * 0xff51afd7ed558ccdULL);
    uint64_t i = 0;
    for (; i + 8 <= len; i += 8) {
        h = (h ^ load64_le(p + i)) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    uint64_t tail = 0;
    for (uint64_t k = len; k > i; k--) {
        tail = (tail << 8) | p[k - 1];
    }
    h = (h ^ tail) * 0x100000001b3ULL;
    return (int64_t)mix64(h);
}

/* ---- bytes ---- */

SeenArray *seen_str_bytes(const SeenString *s) {
    SeenArray *a = seen_array_new(NULL, 1, s->byte_len);
    memcpy(a->data, s->bytes, (size_t)s->byte_len);
    return a;
}

/* ---- identity ---- */

int64_t seen_identity_hash(const void *obj) {
    /* an object's address, mixed, as a non-negative 31-bit number (Java's
     * identityHashCode range) */
    return (int64_t)(mix64((uint64_t)(uintptr_t)obj) & 0x7fffffffULL);
}

SeenString *seen_str_identity(const SeenString *name, const void *obj) {
    char buf[24];
    int n = snprintf(buf, sizeof buf, "@%llx", (unsigned long long)seen_identity_hash(obj));
    uint64_t len = name->byte_len + (uint64_t)n;
    SeenString *s = seen_str_alloc(len, name->char_len + (uint64_t)n, name->flags & SEEN_STR_ASCII);
    memcpy(s->bytes, name->bytes, (size_t)name->byte_len);
    memcpy(s->bytes + name->byte_len, buf, (size_t)n);
    return s;
}

/* ---- lengths, indexing, substrings ---- */

int64_t seen_str_len_chars(const SeenString *s) { return (int64_t)s->char_len; }

int64_t seen_str_len_bytes(const SeenString *s) { return (int64_t)s->byte_len; }

uint64_t seen_str_byte_offset(const SeenString *s, int64_t i) {
    if (i <= 0) {
        return 0;
    }
    if ((uint64_t)i >= s->char_len) {
        return s->byte_len;
    }
    if (s->flags & SEEN_STR_ASCII) {
        return (uint64_t)i;
    }
    return seen_utf8_offset(s->bytes, s->byte_len, (uint64_t)i);
}

uint32_t seen_str_char_at(const SeenString *s, int64_t i, const char *path, uint32_t line,
                          uint32_t col) {
    if (i < 0 || (uint64_t)i >= s->char_len) {
        seen_panic_index(i, (int64_t)s->char_len, path, line, col);
    }
    if (s->flags & SEEN_STR_ASCII) {
        return s->bytes[i];
    }
    uint64_t off = seen_utf8_offset(s->bytes, s->byte_len, (uint64_t)i);
    size_t n;
    return seen_utf8_decode(s->bytes + off, s->byte_len - off, &n);
}

uint32_t seen_str_next_char(const SeenString *s, uint64_t *pos) {
    uint64_t p = *pos;
    if (p >= s->byte_len) {
        return 0xFFFFFFFFu;
    }
    size_t n;
    uint32_t c = seen_utf8_decode(s->bytes + p, s->byte_len - p, &n);
    *pos = p + n;
    return c;
}

SeenString *seen_str_substring_bytes(const SeenString *s, uint64_t start, uint64_t end) {
    if (end > s->byte_len) {
        end = s->byte_len;
    }
    if (start > end) {
        start = end;
    }
    if (start == 0 && end == s->byte_len) {
        seen_retain((void *)s);
        return (SeenString *)s;
    }
    if (s->flags & SEEN_STR_ASCII) {
        return str_known(s->bytes + start, end - start, end - start, true);
    }
    return seen_str_new((const char *)s->bytes + start, end - start);
}

SeenString *seen_str_substring(const SeenString *s, int64_t start, int64_t end, const char *path,
                               uint32_t line, uint32_t col) {
    if (start < 0 || end > (int64_t)s->char_len || start > end) {
        seen_panicf(path, line, col, "begin %lld, end %lld, length %lld", (long long)start,
                    (long long)end, (long long)s->char_len);
    }
    if (start == 0 && (uint64_t)end == s->char_len) {
        seen_retain((void *)s);
        return (SeenString *)s;
    }
    if (s->flags & SEEN_STR_ASCII) {
        return str_known(s->bytes + start, (uint64_t)(end - start), (uint64_t)(end - start), true);
    }
    uint64_t b0 = seen_utf8_offset(s->bytes, s->byte_len, (uint64_t)start);
    uint64_t b1 = b0 + seen_utf8_offset(s->bytes + b0, s->byte_len - b0, (uint64_t)(end - start));
    bool ascii;
    uint64_t chars = seen_utf8_count(s->bytes + b0, b1 - b0, &ascii);
    return str_known(s->bytes + b0, b1 - b0, chars, ascii);
}

SeenArray *seen_str_to_byte_array(const SeenString *s) {
    SeenArray *a = seen_array_new(NULL, 1, s->byte_len);
    if (s->byte_len != 0) {
        memcpy(a->data, s->bytes, (size_t)s->byte_len);
    }
    return a;
}

/* ---- toString of integers, booleans, characters ---- */

SeenString *seen_str_from_i64(int64_t v) {
    char buf[SEEN_NUM_BUF];
    size_t n = seen_fmt_i64(buf, v);
    return str_known((const uint8_t *)buf, n, n, true);
}

SeenString *seen_str_from_u64(uint64_t v) {
    char buf[SEEN_NUM_BUF];
    size_t n = seen_fmt_u64(buf, v);
    return str_known((const uint8_t *)buf, n, n, true);
}

static size_t fmt_radix(char *buf, uint64_t mag, bool neg, unsigned radix) {
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char tmp[72];
    size_t n = 0;
    do {
        tmp[n++] = digits[mag % radix];
        mag /= radix;
    } while (mag != 0);
    size_t o = 0;
    if (neg) {
        buf[o++] = '-';
    }
    while (n > 0) {
        buf[o++] = tmp[--n];
    }
    return o;
}

static void check_radix(int64_t radix, const char *path, uint32_t line, uint32_t col) {
    if (radix < 2 || radix > 36) {
        seen_panicf(path, line, col, "radix %lld was not in valid range 2..36", (long long)radix);
    }
}

SeenString *seen_str_from_i64_radix(int64_t v, int64_t radix, const char *path, uint32_t line,
                                    uint32_t col) {
    check_radix(radix, path, line, col);
    char buf[SEEN_NUM_BUF];
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    size_t n = fmt_radix(buf, mag, v < 0, (unsigned)radix);
    return str_known((const uint8_t *)buf, n, n, true);
}

SeenString *seen_str_from_u64_radix(uint64_t v, int64_t radix, const char *path, uint32_t line,
                                    uint32_t col) {
    check_radix(radix, path, line, col);
    char buf[SEEN_NUM_BUF];
    size_t n = fmt_radix(buf, v, false, (unsigned)radix);
    return str_known((const uint8_t *)buf, n, n, true);
}

SeenString *seen_str_from_bool(bool v) {
    return v ? (SeenString *)&str_true : (SeenString *)&str_false;
}

SeenString *seen_str_from_char(uint32_t c) {
    uint8_t buf[4];
    size_t n = seen_utf8_encode(c, buf);
    return str_known(buf, n, 1, n == 1);
}

SeenString *seen_str_from_f64(double v) {
    char buf[SEEN_NUM_BUF];
    size_t n = seen_fmt_f64(buf, v);
    return str_known((const uint8_t *)buf, n, n, true);
}

SeenString *seen_str_from_f32(float v) {
    char buf[SEEN_NUM_BUF];
    size_t n = seen_fmt_f32(buf, v);
    return str_known((const uint8_t *)buf, n, n, true);
}
