/*
 * driver.c — a stand-in for a compiled Seen program, linked against the
 * runtime like one: it defines seen_main and lets the runtime's main run
 * it. The first argument picks a scenario; tests/process.rs runs each one
 * and checks standard output, standard error and the exit status.
 * "selftest" exercises most of the ABI with checks of its own, and is also
 * run under AddressSanitizer and UBSan (tests/portability.rs).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seen.h"

static SeenString *S(const char *t) { return seen_str_new(t, strlen(t)); }

static void say(const char *t) { seen_print_raw(t, (int64_t)strlen(t)); }

typedef struct Node {
    SeenHeader h;
    struct Node *next;
    void *weak_other;
    int64_t id;
} Node;

static void node_drop(void *o) {
    Node *n = o;
    seen_release(n->next);
    seen_weak_release(n->weak_other);
}

static const SeenType NodeType = {"Node", sizeof(Node), node_drop, 0};
static const SeenType TreeType = {"Tree", sizeof(Node), node_drop, 0};

static int failures = 0;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "selftest: check failed at line %d: %s\n", __LINE__, #cond);   \
            failures++;                                                                    \
        }                                                                                  \
    } while (0)

static bool str_is(SeenString *s, const char *t) {
    bool same = s != NULL && s->byte_len == strlen(t) && memcmp(s->bytes, t, s->byte_len) == 0;
    seen_release(s);
    return same;
}

static int selftest(void) {
    /* objects, weak references, drops */
    Node *a = seen_alloc(&NodeType);
    Node *b = seen_alloc(&NodeType);
    a->next = b;
    b->weak_other = seen_weak_new(a);
    a->weak_other = seen_weak_new(a); /* a weak reference to itself */
    void *w = seen_weak_new(b);
    seen_release(a); /* drops a and b */
    CHECK(seen_weak_load(w) == NULL);
    seen_weak_release(w);

    /* arrays */
    SeenArray *arr = seen_array_new(NULL, 8, 100);
    CHECK(arr->len == 100 && ((int64_t *)arr->data)[99] == 0);
    seen_release(arr);

    /* strings */
    SeenString *h = S("h\xc3\xa9llo");
    SeenString *w2 = S(" w\xc3\xb6rld \xf0\x9f\x98\x80");
    SeenString *hw = seen_str_concat(h, w2);
    CHECK(hw->char_len == 13);
    CHECK(seen_str_char_at(hw, 12, "t", 1, 1) == 0x1F600);
    CHECK(str_is(seen_str_substring(hw, 1, 8, "t", 1, 1), "\xc3\xa9llo w\xc3\xb6"));
    const SeenString *parts[3] = {h, w2, h};
    SeenString *three = seen_str_concat_n(parts, 3);
    CHECK(three->char_len == 18);
    CHECK(seen_str_cmp(h, w2) > 0 && seen_str_hash(h) != seen_str_hash(w2));
    seen_release(three);
    seen_release(hw);
    CHECK(str_is(seen_str_from_f64(0.1 + 0.2), "0.30000000000000004"));
    CHECK(str_is(seen_str_from_f64(5e-324), "4.9E-324"));
    CHECK(str_is(seen_str_from_f32(1.0f / 3.0f), "0.33333334"));
    CHECK(str_is(seen_str_from_f32(3.4028235e38f), "3.4028235E38"));
    CHECK(str_is(seen_str_from_i64(-9223372036854775807LL - 1), "-9223372036854775808"));
    CHECK(str_is(seen_str_from_utf8_lossy("a\xff", 2), "a\xef\xbf\xbd"));

    /* parsing */
    bool ok;
    SeenString *num = S(" 1e-3 ");
    CHECK(seen_str_to_f64(num, &ok) == 1e-3 && ok);
    CHECK(seen_str_to_i64(num, 10, &ok) == 0 && !ok);
    seen_release(num);

    /* builder */
    SeenStringBuilder *sb = seen_sb_new();
    for (int i = 0; i < 1000; i++) {
        seen_sb_append_str(sb, h);
        seen_sb_append_i64(sb, i);
        seen_sb_append_f64(sb, i / 7.0);
    }
    seen_sb_insert_str(sb, 3, w2, "t", 1, 1);
    seen_sb_reverse(sb);
    seen_sb_reverse(sb);
    SeenString *built = seen_sb_to_string(sb);
    CHECK(built->char_len == (uint64_t)seen_sb_len_chars(sb));
    seen_release(built);
    seen_sb_clear(sb);
    seen_release(sb);

    /* formatting */
    SeenFmtArg args[4];
    memset(args, 0, sizeof args);
    args[0].tag = SEEN_FMT_STRING;
    args[0].v.s = h;
    args[1].tag = SEEN_FMT_DOUBLE;
    args[1].v.d = 3.14159;
    args[2].tag = SEEN_FMT_INT;
    args[2].bits = 64;
    args[2].v.i = -42;
    args[3].tag = SEEN_FMT_CHAR;
    args[3].v.c = 0x65E5;
    SeenString *fmt = S("%-8s|%6.2f|%05d|%c|%.100f");
    args[1].v.d = 3.14159;
    SeenFmtArg five[5] = {args[0], args[1], args[2], args[3], args[1]};
    SeenString *out = seen_format(fmt, five, 5, "t", 1, 1);
    CHECK(out->byte_len > 20 && memcmp(out->bytes, "h\xc3\xa9llo   |  3.14|-0042|", 23) == 0);
    seen_release(out);
    seen_release(fmt);

    seen_release(h);
    seen_release(w2);
    if (failures == 0) {
        say("selftest ok\n");
    }
    return failures == 0 ? 0 : 1;
}

/* Prints random doubles and floats and reads them back: exercises the
 * number code under the sanitizers. */
static int fuzz_numbers(void) {
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    char buf[SEEN_NUM_BUF];
    for (int i = 0; i < 300000; i++) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        uint64_t r = x * 0x2545F4914F6CDD1DULL;
        double d;
        memcpy(&d, &r, 8);
        float f;
        uint32_t r32 = (uint32_t)(r >> 32);
        memcpy(&f, &r32, 4);
        size_t n = seen_fmt_f64(buf, d);
        SeenString *s = seen_str_new(buf, n);
        bool ok;
        double back = seen_str_to_f64(s, &ok);
        CHECK(ok);
        CHECK(d != d || memcmp(&back, &d, 8) == 0);
        seen_release(s);
        n = seen_fmt_f32(buf, f);
        s = seen_str_new(buf, n);
        float fback = seen_str_to_f32(s, &ok);
        CHECK(ok);
        CHECK(f != f || memcmp(&fback, &f, 4) == 0);
        seen_release(s);
        seen_release(seen_str_from_i64((int64_t)r));
        if (failures > 10) {
            break;
        }
    }
    if (failures == 0) {
        say("fuzz ok\n");
    }
    return failures == 0 ? 0 : 1;
}

int64_t seen_main(void) {
    SeenString *mode_s = seen_argv(0);
    const char *mode = mode_s != NULL ? (const char *)mode_s->bytes : "";
    int64_t result = 0;
    if (strcmp(mode, "hello") == 0) {
        say("hello\n");
    } else if (strcmp(mode, "status") == 0) {
        say("returning 7\n");
        result = 7;
    } else if (strcmp(mode, "exit") == 0) {
        say("exiting with 3");
        seen_release(mode_s);
        seen_exit(3);
    } else if (strcmp(mode, "args") == 0) {
        int64_t n = seen_argc();
        seen_print_int(n);
        seen_println();
        for (int64_t i = 0; i < n; i++) {
            SeenString *a = seen_argv(i);
            say("[");
            seen_print_str(a);
            say("]\n");
            seen_release(a);
        }
        CHECK(seen_argv(n) == NULL && seen_argv(-1) == NULL);
    } else if (strcmp(mode, "echo") == 0) {
        say("prompt> "); /* must be visible before reading */
        SeenString *line;
        while ((line = seen_read_line()) != NULL) {
            say("[");
            seen_print_str(line);
            say("] ");
            seen_print_int((int64_t)line->char_len);
            seen_println();
            seen_release(line);
        }
        say("eof\n");
    } else if (strcmp(mode, "env") == 0) {
        SeenString *name = S("SEEN_TEST_VAR");
        SeenString *v = seen_getenv(name);
        if (v == NULL) {
            say("unset\n");
        } else {
            seen_println_str(v);
            seen_release(v);
        }
        seen_release(name);
        SeenString *missing = S("SEEN_TEST_VAR_THAT_IS_NOT_SET");
        CHECK(seen_getenv(missing) == NULL);
        seen_release(missing);
    } else if (strcmp(mode, "print") == 0) {
        /* every printing function, and more output than the buffer holds */
        seen_print_int(-5);
        seen_print_raw(" ", 1);
        seen_print_uint(18446744073709551615ULL);
        seen_print_raw(" ", 1);
        seen_print_f64(1e-7);
        seen_print_raw(" ", 1);
        seen_print_f32(0.1f);
        seen_print_raw(" ", 1);
        seen_print_bool(true);
        seen_print_raw(" ", 1);
        seen_print_char(0x1F600);
        seen_println();
        seen_print_i64(42);
        static const struct {
            SeenHeader h;
            uint64_t len, elem_size;
            uint8_t data[4];
        } bytes = {{SEEN_IMMORTAL, 0, &seen_type_array}, 4, 1, {'a', 'b', 'c', '\n'}};
        seen_print((const SeenArray *)&bytes);
        SeenString *err = S("to stderr");
        seen_eprintln_str(err);
        seen_release(err);
        for (int i = 0; i < 100000; i++) {
            seen_print_int(i);
            seen_println();
        }
        char big[200000];
        memset(big, 'x', sizeof big);
        seen_print_raw(big, (int64_t)sizeof big);
        seen_println();
    } else if (strcmp(mode, "panic") == 0 || strcmp(mode, "panic-debug") == 0) {
        if (mode[5] == '-') {
            seen_set_debug(true);
        }
        say("before the panic\n");
        say("partial line");
        SeenString *msg = S("balance went negative: -3");
        seen_panic_str(msg, "src/main.seen", 12, 9);
    } else if (strcmp(mode, "panic-index") == 0) {
        seen_panic_index(5, 3, "src/list.seen", 4, 17);
    } else if (strcmp(mode, "panic-null") == 0) {
        seen_panic_unwrap_null("a.seen", 1, 2);
    } else if (strcmp(mode, "panic-div") == 0) {
        seen_panic_div_zero("a.seen", 3, 4);
    } else if (strcmp(mode, "panic-overflow") == 0) {
        seen_panic_overflow("a.seen", 5, 6);
    } else if (strcmp(mode, "panic-require") == 0) {
        seen_panic_require(NULL, "a.seen", 7, 8);
    } else if (strcmp(mode, "panic-check") == 0) {
        SeenString *m = S("state was bad");
        seen_panic_check(m, "a.seen", 9, 10);
    } else if (strcmp(mode, "panic-char-at") == 0) {
        SeenString *s = S("h\xc3\xa9");
        seen_str_char_at(s, 2, "a.seen", 11, 12);
    } else if (strcmp(mode, "panic-substring") == 0) {
        SeenString *s = S("abc");
        seen_str_substring(s, 2, 5, "a.seen", 1, 1);
    } else if (strcmp(mode, "panic-insert") == 0) {
        SeenStringBuilder *sb = seen_sb_new();
        SeenString *s = S("x");
        seen_sb_insert_str(sb, 1, s, "a.seen", 1, 1);
    } else if (strcmp(mode, "panic-round-nan") == 0) {
        seen_math_round_to_i64(0.0 / 0.0, "a.seen", 1, 1);
    } else if (strcmp(mode, "panic-radix") == 0) {
        seen_str_from_i64_radix(5, 37, "a.seen", 1, 1);
    } else if (strncmp(mode, "format:", 7) == 0) {
        /* format:<fmt>:<tags> with tags d (int 1), f (double 1.5), s ("s") */
        const char *spec = mode + 7;
        const char *colon = strchr(spec, ':');
        size_t flen = colon != NULL ? (size_t)(colon - spec) : strlen(spec);
        SeenString *fmt = seen_str_new(spec, flen);
        SeenFmtArg args[8];
        uint64_t n = 0;
        SeenString *sarg = S("s");
        for (const char *t = colon != NULL ? colon + 1 : ""; *t != 0 && n < 8; t++, n++) {
            args[n].bits = 64;
            if (*t == 'd') {
                args[n].tag = SEEN_FMT_INT;
                args[n].v.i = 1;
            } else if (*t == 'f') {
                args[n].tag = SEEN_FMT_DOUBLE;
                args[n].v.d = 1.5;
            } else if (*t == 'b') {
                args[n].tag = SEEN_FMT_BOOL;
                args[n].v.b = true;
            } else {
                args[n].tag = SEEN_FMT_STRING;
                args[n].v.s = sarg;
            }
        }
        SeenString *out = seen_format(fmt, args, n, "fmt.seen", 2, 3);
        seen_println_str(out);
        seen_release(out);
        seen_release(sarg);
        seen_release(fmt);
    } else if (strcmp(mode, "leak") == 0) {
        for (int i = 0; i < 3; i++) {
            seen_alloc(&NodeType); /* never released */
        }
        seen_alloc(&TreeType);
        seen_release(seen_alloc(&NodeType)); /* freed: not reported */
        Node *kept = seen_alloc(&TreeType);
        void *w = seen_weak_new(kept); /* the weak reference leaks */
        (void)w;
        seen_release(kept);
        SeenString *s = S("a leaked string");
        (void)s;
        say("done\n");
    } else if (strcmp(mode, "noleak") == 0) {
        Node *n = seen_alloc(&NodeType);
        n->next = seen_alloc(&NodeType);
        SeenString *s = seen_str_from_f64(2.5);
        seen_release(s);
        seen_release(n);
        say("clean\n");
    } else if (strcmp(mode, "fuzz") == 0) {
        result = fuzz_numbers();
    } else if (strcmp(mode, "selftest") == 0) {
        result = selftest();
    } else {
        say("unknown scenario\n");
        result = 2;
    }
    seen_release(mode_s);
    return failures != 0 ? 1 : result;
}
