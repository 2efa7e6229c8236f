/*
 * leak.c — the leak check (SEEN_LEAK_CHECK=1): live objects counted per
 * type descriptor in an open-addressing table, reported at exit.
 *
 * Global state (documented in docs/runtime.md): seen_leak_enabled and the
 * table below. Counts may go below zero for objects allocated before the
 * check was enabled and dropped after; only positive counts are reported.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

bool seen_leak_enabled = false;

typedef struct LeakEntry {
    const SeenType *type; /* NULL: empty slot */
    int64_t live;         /* allocated and not yet dropped */
    int64_t kept;         /* dropped, memory held by weak references */
} LeakEntry;

static LeakEntry *leak_table = NULL;
static size_t leak_cap = 0; /* a power of two, or 0 */
static size_t leak_used = 0;
static int64_t leak_live_total = 0;

static size_t slot_of(const SeenType *t, size_t cap) {
    uint64_t x = (uint64_t)(uintptr_t)t;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)(x & (cap - 1));
}

static const SeenType untyped = {"<untyped>", 0, NULL, 0};

static LeakEntry *leak_entry(const SeenType *t) {
    if (t == NULL) {
        t = &untyped;
    }
    if (leak_used * 2 >= leak_cap) {
        size_t ncap = leak_cap == 0 ? 64 : leak_cap * 2;
        LeakEntry *nt = calloc(ncap, sizeof(LeakEntry));
        if (nt == NULL) {
            seen_out_of_memory();
        }
        for (size_t i = 0; i < leak_cap; i++) {
            if (leak_table[i].type != NULL) {
                size_t j = slot_of(leak_table[i].type, ncap);
                while (nt[j].type != NULL) {
                    j = (j + 1) & (ncap - 1);
                }
                nt[j] = leak_table[i];
            }
        }
        free(leak_table);
        leak_table = nt;
        leak_cap = ncap;
    }
    size_t i = slot_of(t, leak_cap);
    while (leak_table[i].type != NULL && leak_table[i].type != t) {
        i = (i + 1) & (leak_cap - 1);
    }
    if (leak_table[i].type == NULL) {
        leak_table[i].type = t;
        leak_used++;
    }
    return &leak_table[i];
}

void seen_leak_on_alloc(const SeenType *t) {
    leak_entry(t)->live += 1;
    leak_live_total += 1;
}

void seen_leak_on_drop(const SeenType *t) {
    leak_entry(t)->live -= 1;
    leak_live_total -= 1;
}

void seen_leak_on_kept(const SeenType *t) { leak_entry(t)->kept += 1; }

void seen_leak_on_kept_free(const SeenType *t) { leak_entry(t)->kept -= 1; }

void seen_leak_check_enable(bool on) { seen_leak_enabled = on; }

int64_t seen_live_objects(void) { return leak_live_total; }

static const char *type_name(const SeenType *t) {
    return (t->name != NULL) ? t->name : "<unnamed>";
}

static int by_name(const void *a, const void *b) {
    const LeakEntry *x = a;
    const LeakEntry *y = b;
    return strcmp(type_name(x->type), type_name(y->type));
}

static void report_line(int64_t n, const char *name, const char *what) {
    char buf[512];
    int k = snprintf(buf, sizeof buf, "leak: %lld %s object%s %s\n", (long long)n, name,
                     n == 1 ? "" : "s", what);
    if (k > 0) {
        size_t len = (size_t)k < sizeof buf ? (size_t)k : sizeof buf - 1;
        seen_eprint_raw(buf, (int64_t)len);
    }
}

int64_t seen_leak_report(void) {
    if (!seen_leak_enabled || leak_used == 0) {
        return 0;
    }
    LeakEntry *rows = malloc(leak_used * sizeof(LeakEntry));
    if (rows == NULL) {
        seen_out_of_memory();
    }
    size_t n = 0;
    for (size_t i = 0; i < leak_cap; i++) {
        if (leak_table[i].type != NULL) {
            rows[n++] = leak_table[i];
        }
    }
    qsort(rows, n, sizeof(LeakEntry), by_name);
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].live > 0) {
            report_line(rows[i].live, type_name(rows[i].type), "still allocated");
            total += rows[i].live;
        }
        if (rows[i].kept > 0) {
            report_line(rows[i].kept, type_name(rows[i].type), "kept by weak references");
        }
    }
    free(rows);
    return total;
}
