/*
 * io.c — standard output (buffered), standard error (unbuffered), readLine,
 * program arguments, the environment, exit, and seen_run (the body of the
 * program's entry).
 *
 * Global state: the standard output buffer and its mode, the arguments.
 * Standard output is fully buffered (64 KiB) when it is not a terminal and
 * line buffered when it is; it is flushed when full, at exit, before
 * reading standard input and before a panic.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define OUT_CAP 65536

static char out_buf[OUT_CAP];
static size_t out_len = 0;
static int out_line_mode = -1; /* -1: not decided yet; 1: line buffered (a terminal) */

static int program_argc = 0;
static char **program_argv = NULL;

static void write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR) {
                continue;
            }
            return; /* a closed pipe or a full disk: the output is lost */
        }
        p += k;
        n -= (size_t)k;
    }
}

void seen_flush(void) {
    if (out_len > 0) {
        write_all(STDOUT_FILENO, out_buf, out_len);
        out_len = 0;
    }
}

void seen_print_raw(const char *p, int64_t n) {
    if (n <= 0) {
        return;
    }
    size_t len = (size_t)n;
    if (out_line_mode < 0) {
        out_line_mode = isatty(STDOUT_FILENO) ? 1 : 0;
    }
    if (len > OUT_CAP - out_len) {
        seen_flush();
        if (len >= OUT_CAP) {
            write_all(STDOUT_FILENO, p, len);
            return;
        }
    }
    memcpy(out_buf + out_len, p, len);
    out_len += len;
    if (out_line_mode == 1 && memchr(p, '\n', len) != NULL) {
        seen_flush();
    }
}

void seen_print(const SeenArray *bytes) {
    if (bytes != NULL) {
        seen_print_raw((const char *)bytes->data, (int64_t)(bytes->len * bytes->elem_size));
    }
}

void seen_print_str(const SeenString *s) { seen_print_raw((const char *)s->bytes, (int64_t)s->byte_len); }

void seen_println_str(const SeenString *s) {
    seen_print_str(s);
    seen_print_raw("\n", 1);
}

void seen_println(void) {
    if (out_line_mode == 0 && out_len < OUT_CAP) {
        out_buf[out_len++] = '\n';
        return;
    }
    seen_print_raw("\n", 1);
}

void seen_print_i64(int64_t v) {
    char buf[SEEN_NUM_BUF];
    size_t n = seen_fmt_i64(buf, v);
    buf[n++] = '\n';
    seen_print_raw(buf, (int64_t)n);
}

void seen_print_int(int64_t v) {
    char buf[SEEN_NUM_BUF];
    seen_print_raw(buf, (int64_t)seen_fmt_i64(buf, v));
}

void seen_print_uint(uint64_t v) {
    char buf[SEEN_NUM_BUF];
    seen_print_raw(buf, (int64_t)seen_fmt_u64(buf, v));
}

void seen_print_f64(double v) {
    char buf[SEEN_NUM_BUF];
    seen_print_raw(buf, (int64_t)seen_fmt_f64(buf, v));
}

void seen_print_f32(float v) {
    char buf[SEEN_NUM_BUF];
    seen_print_raw(buf, (int64_t)seen_fmt_f32(buf, v));
}

void seen_print_bool(bool v) {
    if (v) {
        seen_print_raw("true", 4);
    } else {
        seen_print_raw("false", 5);
    }
}

void seen_print_char(uint32_t c) {
    /* The common case first: an ASCII character other than a newline into a
     * buffer with room (a newline may need a flush in line mode). */
    if (c < 0x80 && c != '\n' && out_len < OUT_CAP && out_line_mode >= 0) {
        out_buf[out_len++] = (char)c;
        return;
    }
    uint8_t buf[4];
    seen_print_raw((const char *)buf, (int64_t)seen_utf8_encode(c, buf));
}

void seen_eprint_raw(const char *p, int64_t n) {
    if (n > 0) {
        write_all(STDERR_FILENO, p, (size_t)n);
    }
}

void seen_eprint_str(const SeenString *s) { seen_eprint_raw((const char *)s->bytes, (int64_t)s->byte_len); }

void seen_eprintln_str(const SeenString *s) {
    /* one write, so that lines from several processes do not interleave */
    if (s->byte_len < 4096) {
        char buf[4096];
        memcpy(buf, s->bytes, (size_t)s->byte_len);
        buf[s->byte_len] = '\n';
        seen_eprint_raw(buf, (int64_t)s->byte_len + 1);
        return;
    }
    seen_eprint_str(s);
    seen_eprint_raw("\n", 1);
}

SeenString *seen_read_line(void) {
    seen_flush();
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0) {
        free(line);
        return NULL;
    }
    size_t len = (size_t)n;
    if (len > 0 && line[len - 1] == '\n') {
        len--;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
    }
    SeenString *s = seen_str_from_utf8_lossy(line, len);
    free(line);
    return s;
}

void seen_set_args(int argc, char **argv) {
    program_argc = argc < 0 ? 0 : argc;
    program_argv = argv;
}

int64_t seen_argc(void) { return program_argc > 1 ? program_argc - 1 : 0; }

SeenString *seen_argv(int64_t i) {
    if (i < 0 || i >= seen_argc() || program_argv == NULL || program_argv[i + 1] == NULL) {
        return NULL;
    }
    const char *a = program_argv[i + 1];
    return seen_str_from_utf8_lossy(a, strlen(a));
}

SeenString *seen_getenv(const SeenString *name) {
    if (memchr(name->bytes, 0, (size_t)name->byte_len) != NULL) {
        return NULL;
    }
    const char *v = getenv((const char *)name->bytes);
    if (v == NULL) {
        return NULL;
    }
    return seen_str_from_utf8_lossy(v, strlen(v));
}

_Noreturn void seen_exit(int32_t code) {
    seen_flush();
    seen_leak_report();
    fflush(NULL);
    exit(code);
}

_Noreturn void seen_abort(void) {
    seen_flush();
    abort();
}

int seen_run(int argc, char **argv, int64_t (*entry)(void)) {
    seen_set_args(argc, argv);
    const char *leak = getenv("SEEN_LEAK_CHECK");
    if (leak != NULL && strcmp(leak, "1") == 0) {
        seen_leak_check_enable(true);
    }
    int64_t status = entry();
    seen_flush();
    seen_leak_report();
    return (int)(status & 0xFF);
}
