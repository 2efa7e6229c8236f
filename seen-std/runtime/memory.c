/*
 * memory.c — objects, reference counts, weak references, arrays and the
 * leak check.
 */
#define _POSIX_C_SOURCE 200809L

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The layouts seen.h documents, which compiled code relies on. */
_Static_assert(sizeof(SeenHeader) == 16, "SeenHeader is 16 bytes");
_Static_assert(offsetof(SeenHeader, type) == 8, "SeenHeader.type at 8");
_Static_assert(sizeof(SeenType) == 32, "SeenType is 32 bytes");
_Static_assert(offsetof(SeenArray, data) == SEEN_ARRAY_DATA_OFFSET, "array data at 32");
_Static_assert(offsetof(SeenString, bytes) == SEEN_STRING_BYTES_OFFSET, "string bytes at 40");
_Static_assert(sizeof(SeenFmtArg) == 16, "SeenFmtArg is 16 bytes");

const SeenType seen_type_array = {"Array", 0, NULL, SEEN_TYPE_ARRAY};

/* ---- allocation ----
 *
 * Objects of small fixed-size types (not arrays, not strings: their size
 * is the descriptor's) come from per-thread free lists, one per size class
 * of 16 bytes up to POOL_MAX, carved from POOL_CHUNK-byte blocks of
 * malloc'ed memory that is kept for reuse; everything else is calloc'ed.
 * Which it was is decided again at free time from the descriptor alone
 * (`pooled_type`), and a pooled type always gets at least its descriptor's
 * size, so a block always goes back to a list of blocks at least as large. */

#define POOL_MAX 256u
#define POOL_CHUNK (64u * 1024u)

typedef struct PoolFree {
    struct PoolFree *next;
} PoolFree;

static _Thread_local PoolFree *pool_lists[POOL_MAX / 16 + 1];
static _Thread_local void *pool_chunks; /* the newest chunk; each starts with a link to the previous */
static _Thread_local char *pool_cur;
static _Thread_local size_t pool_left;

static inline bool pooled_type(const SeenType *t) {
    return t != NULL && (t->flags & (SEEN_TYPE_ARRAY | SEEN_TYPE_STRING)) == 0 && t->size <= POOL_MAX;
}

/* Zeroes a block of `cls` 16-byte units: small ones with plain stores
 * (`rep stos`, which memset uses for sizes not known in advance, costs more
 * than the whole allocation otherwise). */
static inline void zero_block(void *p, size_t cls) {
    uint64_t *w = p;
    switch (cls) {
    case 4:
        w[6] = 0;
        w[7] = 0;
        /* fall through */
    case 3:
        w[4] = 0;
        w[5] = 0;
        /* fall through */
    case 2:
        w[2] = 0;
        w[3] = 0;
        /* fall through */
    case 1:
        w[0] = 0;
        w[1] = 0;
        break;
    default:
        memset(p, 0, cls * 16);
    }
}

/* A zeroed block of the size class of `size` (at most POOL_MAX bytes). */
static void *pool_alloc(uint64_t size) {
    size_t cls = ((size_t)size + 15) / 16;
    size_t bytes = cls * 16;
    PoolFree *f = pool_lists[cls];
    if (f != NULL) {
        pool_lists[cls] = f->next;
        zero_block(f, cls);
        return f;
    }
    if (pool_left < bytes) {
        void **chunk = malloc(POOL_CHUNK);
        if (chunk == NULL) {
            seen_out_of_memory();
        }
        chunk[0] = pool_chunks; /* kept reachable (the memory is reused, never freed) */
        pool_chunks = chunk;
        pool_cur = (char *)chunk + 16;
        pool_left = POOL_CHUNK - 16;
    }
    void *p = pool_cur;
    pool_cur += bytes;
    pool_left -= bytes;
    zero_block(p, cls);
    return p;
}

static void pool_release(void *p, uint64_t size) {
    size_t cls = ((size_t)size + 15) / 16;
    PoolFree *f = p;
    f->next = pool_lists[cls];
    pool_lists[cls] = f;
}

void *seen_alloc_sized(const SeenType *t, uint64_t size) {
    if (size < sizeof(SeenHeader)) {
        size = sizeof(SeenHeader);
    }
    if (size > (uint64_t)SIZE_MAX) {
        seen_out_of_memory();
    }
    SeenHeader *h;
    if (pooled_type(t) && size <= t->size) {
        h = pool_alloc(t->size < sizeof(SeenHeader) ? sizeof(SeenHeader) : t->size);
    } else {
        h = calloc(1, (size_t)size);
    }
    if (h == NULL) {
        seen_out_of_memory();
    }
    h->strong = 1;
    h->weak = 0;
    h->type = t;
    if (seen_leak_enabled) {
        seen_leak_on_alloc(t);
    }
    return h;
}

void *seen_alloc(const SeenType *t) { return seen_alloc_sized(t, t->size); }

SeenArray *seen_array_new(const SeenType *t, uint64_t elem_size, uint64_t len) {
    if (t == NULL) {
        t = &seen_type_array;
    }
    uint64_t bytes;
    if (elem_size != 0 && len > (UINT64_MAX - sizeof(SeenArray)) / elem_size) {
        seen_out_of_memory();
    }
    bytes = elem_size * len + sizeof(SeenArray);
    SeenArray *a = seen_alloc_sized(t, bytes);
    a->len = len;
    a->elem_size = elem_size;
    return a;
}

/* ---- counts ---- */

void seen_retain(void *o) {
    if (o == NULL) {
        return;
    }
    SeenHeader *h = o;
    if (h->strong != SEEN_IMMORTAL) {
        h->strong += 1; /* reaching SEEN_IMMORTAL saturates: the object leaks */
    }
}

void seen_release(void *o) {
    if (o == NULL) {
        return;
    }
    SeenHeader *h = o;
    if (h->strong == SEEN_IMMORTAL) {
        return;
    }
    h->strong -= 1;
    if (h->strong == 0) {
        seen_drop_object(o);
    }
}

static void free_object(SeenHeader *h) {
    const SeenType *t = h->type;
    if (pooled_type(t)) {
        pool_release(h, t->size < sizeof(SeenHeader) ? sizeof(SeenHeader) : t->size);
    } else {
        free(h);
    }
}

void seen_drop_object(void *o) {
    SeenHeader *h = o;
    const SeenType *t = h->type;
    if (seen_leak_enabled) {
        seen_leak_on_drop(t);
    }
    if (t != NULL && t->drop != NULL) {
        /* Hold an extra weak count while the drop runs, so that releasing a
         * weak reference to this very object does not free it early. */
        bool hold = h->weak != UINT32_MAX; /* a saturated count never frees anyway */
        if (hold) {
            h->weak += 1;
        }
        t->drop(o);
        if (hold) {
            h->weak -= 1;
        }
    }
    if (h->weak == 0) {
        free_object(h);
    } else if (seen_leak_enabled) {
        seen_leak_on_kept(t);
    }
}

uint32_t seen_strong_count(const void *o) { return o == NULL ? 0 : ((const SeenHeader *)o)->strong; }

uint32_t seen_weak_count(const void *o) { return o == NULL ? 0 : ((const SeenHeader *)o)->weak; }

/* ---- weak references ---- */

void *seen_weak_new(void *o) {
    seen_weak_retain(o);
    return o;
}

void seen_weak_retain(void *w) {
    if (w == NULL) {
        return;
    }
    SeenHeader *h = w;
    if (h->strong == SEEN_IMMORTAL || h->weak == UINT32_MAX) {
        return; /* immortal: never freed; a saturated count keeps the memory */
    }
    h->weak += 1;
}

void seen_weak_release(void *w) {
    if (w == NULL) {
        return;
    }
    SeenHeader *h = w;
    if (h->strong == SEEN_IMMORTAL || h->weak == UINT32_MAX) {
        return;
    }
    h->weak -= 1;
    if (h->weak == 0 && h->strong == 0) {
        if (seen_leak_enabled) {
            seen_leak_on_kept_free(h->type);
        }
        free_object(h);
    }
}

void *seen_weak_load(void *w) {
    if (w == NULL) {
        return NULL;
    }
    SeenHeader *h = w;
    if (h->strong == 0) {
        return NULL;
    }
    if (h->strong != SEEN_IMMORTAL) {
        h->strong += 1;
    }
    return w;
}
