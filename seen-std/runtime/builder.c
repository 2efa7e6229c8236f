/*
 * builder.c — StringBuilder: a growable UTF-8 buffer that knows its
 * character count and whether it is ASCII.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void sb_drop(void *o) {
    SeenStringBuilder *sb = o;
    free(sb->buf);
    sb->buf = NULL;
}

const SeenType seen_type_StringBuilder = {"StringBuilder", sizeof(SeenStringBuilder), sb_drop, 0};

SeenStringBuilder *seen_sb_with_capacity(uint64_t cap) {
    SeenStringBuilder *sb = seen_alloc(&seen_type_StringBuilder);
    if (cap > 0) {
        if (cap > (uint64_t)SIZE_MAX) {
            seen_out_of_memory();
        }
        sb->buf = malloc((size_t)cap);
        if (sb->buf == NULL) {
            seen_out_of_memory();
        }
        sb->cap = cap;
    }
    return sb;
}

SeenStringBuilder *seen_sb_new(void) { return seen_sb_with_capacity(0); }

/* Makes room for `extra` more bytes. */
static void sb_reserve(SeenStringBuilder *sb, uint64_t extra) {
    if (extra <= sb->cap - sb->len) {
        return;
    }
    if (extra > UINT64_MAX / 2 - sb->len) {
        seen_out_of_memory();
    }
    uint64_t need = sb->len + extra;
    uint64_t ncap = sb->cap < 16 ? 16 : sb->cap;
    while (ncap < need) {
        ncap *= 2;
    }
    if (ncap > (uint64_t)SIZE_MAX) {
        seen_out_of_memory();
    }
    uint8_t *nb = realloc(sb->buf, (size_t)ncap);
    if (nb == NULL) {
        seen_out_of_memory();
    }
    sb->buf = nb;
    sb->cap = ncap;
}

/* Appends bytes whose character count and non-ASCII byte count are known. */
static void sb_push(SeenStringBuilder *sb, const uint8_t *p, uint64_t len, uint64_t chars,
                    uint64_t non_ascii) {
    if (len == 0) {
        return;
    }
    sb_reserve(sb, len);
    memcpy(sb->buf + sb->len, p, (size_t)len);
    sb->len += len;
    sb->char_len += chars;
    sb->non_ascii += non_ascii;
}

static uint64_t count_non_ascii(const uint8_t *p, uint64_t len) {
    uint64_t n = 0;
    for (uint64_t i = 0; i < len; i++) {
        n += p[i] >> 7;
    }
    return n;
}

void seen_sb_append_bytes(SeenStringBuilder *sb, const char *p, uint64_t len) {
    bool ascii;
    uint64_t chars = seen_utf8_count((const uint8_t *)p, len, &ascii);
    sb_push(sb, (const uint8_t *)p, len, chars,
            ascii ? 0 : count_non_ascii((const uint8_t *)p, len));
}

void seen_sb_append_str(SeenStringBuilder *sb, const SeenString *s) {
    uint64_t non_ascii = (s->flags & SEEN_STR_ASCII) ? 0 : count_non_ascii(s->bytes, s->byte_len);
    sb_push(sb, s->bytes, s->byte_len, s->char_len, non_ascii);
}

void seen_sb_append_char(SeenStringBuilder *sb, uint32_t c) {
    uint8_t buf[4];
    size_t n = seen_utf8_encode(c, buf);
    sb_push(sb, buf, n, 1, n == 1 ? 0 : n);
}

void seen_sb_append_i64(SeenStringBuilder *sb, int64_t v) {
    char buf[SEEN_NUM_BUF];
    size_t n = seen_fmt_i64(buf, v);
    sb_push(sb, (const uint8_t *)buf, n, n, 0);
}

void seen_sb_append_u64(SeenStringBuilder *sb, uint64_t v) {
    char buf[SEEN_NUM_BUF];
    size_t n = seen_fmt_u64(buf, v);
    sb_push(sb, (const uint8_t *)buf, n, n, 0);
}

void seen_sb_append_f64(SeenStringBuilder *sb, double v) {
    char buf[SEEN_NUM_BUF];
    size_t n = seen_fmt_f64(buf, v);
    sb_push(sb, (const uint8_t *)buf, n, n, 0);
}

void seen_sb_append_f32(SeenStringBuilder *sb, float v) {
    char buf[SEEN_NUM_BUF];
    size_t n = seen_fmt_f32(buf, v);
    sb_push(sb, (const uint8_t *)buf, n, n, 0);
}

void seen_sb_append_bool(SeenStringBuilder *sb, bool v) {
    if (v) {
        sb_push(sb, (const uint8_t *)"true", 4, 4, 0);
    } else {
        sb_push(sb, (const uint8_t *)"false", 5, 5, 0);
    }
}

void seen_sb_insert_str(SeenStringBuilder *sb, int64_t index, const SeenString *s,
                        const char *path, uint32_t line, uint32_t col) {
    if (index < 0 || (uint64_t)index > sb->char_len) {
        seen_panic_index(index, (int64_t)sb->char_len, path, line, col);
    }
    uint64_t off = sb->non_ascii == 0 ? (uint64_t)index
                                      : seen_utf8_offset(sb->buf, sb->len, (uint64_t)index);
    uint64_t n = s->byte_len;
    if (n == 0) {
        return;
    }
    sb_reserve(sb, n);
    memmove(sb->buf + off + n, sb->buf + off, (size_t)(sb->len - off));
    memcpy(sb->buf + off, s->bytes, (size_t)n);
    sb->len += n;
    sb->char_len += s->char_len;
    sb->non_ascii += (s->flags & SEEN_STR_ASCII) ? 0 : count_non_ascii(s->bytes, n);
}

static void reverse_bytes(uint8_t *p, uint64_t len) {
    if (len < 2) {
        return;
    }
    uint64_t i = 0;
    uint64_t j = len - 1;
    while (i < j) {
        uint8_t t = p[i];
        p[i] = p[j];
        p[j] = t;
        i++;
        j--;
    }
}

void seen_sb_reverse(SeenStringBuilder *sb) {
    reverse_bytes(sb->buf, sb->len);
    if (sb->non_ascii == 0) {
        return;
    }
    /* Every multi-byte sequence is now backwards (continuation bytes first,
     * then its lead byte): turn each one around again. */
    uint64_t i = 0;
    while (i < sb->len) {
        if (sb->buf[i] < 0x80) {
            i++;
            continue;
        }
        uint64_t start = i;
        while (i < sb->len && (sb->buf[i] & 0xC0) == 0x80) {
            i++;
        }
        if (i < sb->len) {
            i++; /* the lead byte */
        }
        reverse_bytes(sb->buf + start, i - start);
    }
}

int64_t seen_sb_len_chars(const SeenStringBuilder *sb) { return (int64_t)sb->char_len; }

void seen_sb_clear(SeenStringBuilder *sb) {
    sb->len = 0;
    sb->char_len = 0;
    sb->non_ascii = 0;
}

SeenString *seen_sb_to_string(const SeenStringBuilder *sb) {
    if (sb->len == 0) {
        return seen_str_empty();
    }
    SeenString *s = seen_str_alloc(sb->len, sb->char_len, sb->non_ascii == 0 ? SEEN_STR_ASCII : 0);
    memcpy(s->bytes, sb->buf, (size_t)sb->len);
    return s;
}
