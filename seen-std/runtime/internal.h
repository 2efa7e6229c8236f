/*
 * internal.h — helpers shared by the runtime's own files; not part of the
 * ABI (seen.h is).
 */
#ifndef SEEN_INTERNAL_H
#define SEEN_INTERNAL_H

#include "seen.h"

/* Allocates `size` bytes of zeroed memory for an object of type `t` with
 * strong = 1 and weak = 0, counted for the leak check. `size` includes the
 * header. Panics "out of memory" on failure. */
void *seen_alloc_sized(const SeenType *t, uint64_t size);

/* Allocates a string of `byte_len` bytes (content uninitialised except for
 * the trailing NUL) with the given char_len and flags. Panics "out of
 * memory" when the size overflows or allocation fails. */
SeenString *seen_str_alloc(uint64_t byte_len, uint64_t char_len, uint32_t flags);

/* Counts characters (bytes that are not UTF-8 continuation bytes) and tells
 * whether every byte is ASCII. */
uint64_t seen_utf8_count(const uint8_t *p, uint64_t len, bool *ascii);

/* Encodes a scalar value (U+FFFD if it is not one) into `out` (4 bytes of
 * room); returns the number of bytes. */
size_t seen_utf8_encode(uint32_t c, uint8_t *out);

/* Decodes the scalar value at p[0..len) (valid UTF-8 assumed, len >= 1);
 * stores its byte length in *n. */
uint32_t seen_utf8_decode(const uint8_t *p, uint64_t len, size_t *n);

/* Byte offset of character `i` (0 <= i <= char count) in valid UTF-8. */
uint64_t seen_utf8_offset(const uint8_t *p, uint64_t len, uint64_t i);

/* Panics with a message built by printf-style formatting (at most 255
 * bytes of message). */
_Noreturn void seen_panicf(const char *path, uint32_t line, uint32_t col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Panics "out of memory" with no location. */
_Noreturn void seen_out_of_memory(void);

/* Formats a double as Double.toString() into buf (SEEN_NUM_BUF bytes). */
size_t seen_fmt_f64(char *buf, double v);

/* True when the leak check counts objects (read on every allocation). */
extern bool seen_leak_enabled;

/* Leak-check bookkeeping, called only when seen_leak_enabled: an object of
 * type t was allocated / dropped / kept after its drop because weak
 * references hold its memory / freed after having been kept. */
void seen_leak_on_alloc(const SeenType *t);
void seen_leak_on_drop(const SeenType *t);
void seen_leak_on_kept(const SeenType *t);
void seen_leak_on_kept_free(const SeenType *t);

#endif /* SEEN_INTERNAL_H */
