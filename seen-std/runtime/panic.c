/*
 * panic.c — panics: flush standard output, print the message, the source
 * location and (debug builds) a stack trace to standard error, exit 101.
 *
 * Global state: the debug flag (seen_set_debug) and a guard against a panic
 * while panicking.
 */
#define _GNU_SOURCE

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<execinfo.h>)
#include <execinfo.h>
#define SEEN_HAVE_BACKTRACE 1
#endif
#endif

#include "internal.h"

static bool debug_build = false;
static bool panicking = false;

void seen_set_debug(bool on) { debug_build = on; }

bool seen_is_debug(void) { return debug_build; }

static void err_str(const char *s) { seen_eprint_raw(s, (int64_t)strlen(s)); }

static void print_backtrace(void) {
#if defined(SEEN_HAVE_BACKTRACE)
    void *frames[128];
    int n = backtrace(frames, 128);
    err_str("stack backtrace:\n");
    /* skip the runtime's own panic frames where they are recognisable: the
     * listing starts at this function, so drop it and its caller chain in
     * panic.c (at most 3 frames) */
    int skip = n > 3 ? 2 : 0;
    backtrace_symbols_fd(frames + skip, n - skip, STDERR_FILENO);
#else
    err_str("stack backtrace: not available on this platform\n");
#endif
}

_Noreturn void seen_panic(const char *msg, uint64_t len, const char *path, uint32_t line,
                          uint32_t col) {
    if (panicking) {
        err_str("panic while panicking\n");
        _exit(101);
    }
    panicking = true;
    seen_flush();
    err_str("panic: ");
    seen_eprint_raw(msg, (int64_t)len);
    err_str("\n");
    if (path != NULL) {
        char loc[64];
        err_str("  at ");
        err_str(path);
        int k = snprintf(loc, sizeof loc, ":%u:%u\n", (unsigned)line, (unsigned)col);
        if (k > 0) {
            seen_eprint_raw(loc, k);
        }
    }
    if (debug_build) {
        print_backtrace();
    }
    fflush(NULL); /* C stdio used by foreign code */
    _exit(101);
}

_Noreturn void seen_panicf(const char *path, uint32_t line, uint32_t col, const char *fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    size_t n = k < 0 ? 0 : (size_t)k < sizeof buf ? (size_t)k : sizeof buf - 1;
    seen_panic(buf, n, path, line, col);
}

_Noreturn void seen_out_of_memory(void) {
    static const char msg[] = "out of memory";
    seen_panic(msg, sizeof msg - 1, NULL, 0, 0);
}

_Noreturn void seen_panic_str(const SeenString *msg, const char *path, uint32_t line,
                              uint32_t col) {
    seen_panic((const char *)msg->bytes, msg->byte_len, path, line, col);
}

_Noreturn void seen_panic_unwrap_null(const char *path, uint32_t line, uint32_t col) {
    seen_panicf(path, line, col, "!! on a null value");
}

_Noreturn void seen_panic_index(int64_t index, int64_t len, const char *path, uint32_t line,
                                uint32_t col) {
    seen_panicf(path, line, col, "index %lld out of bounds for length %lld", (long long)index,
                (long long)len);
}

_Noreturn void seen_panic_div_zero(const char *path, uint32_t line, uint32_t col) {
    seen_panicf(path, line, col, "integer division by zero");
}

_Noreturn void seen_panic_overflow(const char *path, uint32_t line, uint32_t col) {
    seen_panicf(path, line, col, "integer overflow");
}

_Noreturn void seen_panic_negative_length(int64_t len, const char *path, uint32_t line,
                                          uint32_t col) {
    seen_panicf(path, line, col, "negative array length %lld", (long long)len);
}

_Noreturn void seen_panic_require(const SeenString *msg, const char *path, uint32_t line,
                                  uint32_t col) {
    if (msg == NULL) {
        seen_panicf(path, line, col, "Failed requirement.");
    }
    seen_panic_str(msg, path, line, col);
}

_Noreturn void seen_panic_check(const SeenString *msg, const char *path, uint32_t line,
                                uint32_t col) {
    if (msg == NULL) {
        seen_panicf(path, line, col, "Check failed.");
    }
    seen_panic_str(msg, path, line, col);
}

_Noreturn void seen_panic_assert(const char *path, uint32_t line, uint32_t col) {
    seen_panicf(path, line, col, "Assertion failed");
}

_Noreturn void seen_panic_todo(const char *path, uint32_t line, uint32_t col) {
    seen_panicf(path, line, col, "An operation is not implemented.");
}

_Noreturn void seen_panic_unreachable(const char *path, uint32_t line, uint32_t col) {
    seen_panicf(path, line, col, "unreachable code was reached");
}
