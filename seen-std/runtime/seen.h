/*
 * seen.h — the ABI of the Seen runtime (crate seen-std).
 *
 * Compiled Seen code (Cranelift, through Seen IR) calls these functions and
 * lays out its heap objects as described here; docs/runtime.md explains the
 * whole contract. The runtime is portable C11 over libc and libm only; it
 * builds for x86_64, aarch64 and riscv64 Linux, all 64-bit.
 *
 * Conventions that hold for every function below unless it says otherwise:
 *
 *  - Ownership. Reference arguments are BORROWED: the callee neither retains
 *    nor releases them. Returned references are OWNED (+1): the caller must
 *    release them. Returned static strings are immortal, so releasing them
 *    is harmless and the rule needs no exception.
 *  - Strings are never NULL where a `SeenString *` is taken, unless the
 *    parameter says "may be NULL". Seen's `null` is converted to the text
 *    "null" by the compiler before it reaches the runtime.
 *  - Source locations are `const char *path` (NUL-terminated, may be NULL
 *    when unknown), `uint32_t line`, `uint32_t col` (both from 1; characters).
 *  - Booleans are `bool` (one byte, 0 or 1), as the IR's `bool`.
 *  - Nothing is thread-safe yet: reference counts are non-atomic, and the
 *    global state (stdout buffer, arguments, leak counters, debug flag)
 *    belongs to the one thread that runs Seen code.
 */
#ifndef SEEN_RUNTIME_H
#define SEEN_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ========================================================================
 * Objects
 * ======================================================================== */

/* The strong count of an immortal object (static strings, static arrays):
 * retain and release leave it alone, it is never freed or counted. */
#define SEEN_IMMORTAL UINT32_MAX

/* SeenType.flags: the object is an array (SeenArray layout). */
#define SEEN_TYPE_ARRAY 1u
/* SeenType.flags: the object is a string (SeenString layout). */
#define SEEN_TYPE_STRING 2u

/* A type descriptor, one per object type; the compiler emits them as
 * read-only data. `name` is the Seen type's name (NUL-terminated; used by
 * the leak report). `size` is the object's whole size in bytes, header
 * included (ignored for arrays and strings, whose size depends on their
 * length). `drop`, when not NULL, runs when the strong count reaches zero:
 * it runs the type's deinit, then releases the object's reference fields
 * (and weak-releases its weak fields), in the order docs/ir.md section 3
 * gives; it must not free the object itself. `flags` is a set of
 * SEEN_TYPE_* bits. Layout: name at 0, size at 8, drop at 16, flags at 24;
 * 32 bytes. */
typedef struct SeenType {
    const char *name;
    uint64_t size;
    void (*drop)(void *obj);
    uint32_t flags;
} SeenType;

/* The header that starts every heap object (16 bytes):
 *   offset 0: uint32_t strong — the strong count; SEEN_IMMORTAL for static
 *             objects; 0 once the object has been dropped;
 *   offset 4: uint32_t weak   — the number of weak references;
 *   offset 8: const SeenType *type.
 * Inline fast paths the compiler may emit (equivalent to the calls):
 *   retain:  if (o && o->strong != SEEN_IMMORTAL) o->strong += 1;
 *   release: if (o && o->strong != SEEN_IMMORTAL && --o->strong == 0)
 *                seen_drop_object(o);
 * A strong count that would reach SEEN_IMMORTAL (2^32 - 1 live references)
 * saturates there: the object becomes immortal (leaks) instead of
 * overflowing. */
typedef struct SeenHeader {
    uint32_t strong;
    uint32_t weak;
    const SeenType *type;
} SeenHeader;

/* Allocates a zeroed object of `t->size` bytes (at least the header) with
 * strong = 1, weak = 0, type = t. Panics "out of memory" on failure. */
void *seen_alloc(const SeenType *t);

/* Adds one to the strong count. NULL and immortal objects: no effect. */
void seen_retain(void *o);

/* Takes one from the strong count; at zero calls seen_drop_object.
 * NULL and immortal objects: no effect. */
void seen_release(void *o);

/* The slow path of release, for inlined fast paths: the strong count of `o`
 * has just been stored as 0. Runs `type->drop` (if any) with the object,
 * then frees its memory unless weak references remain (then the last
 * seen_weak_release frees it). A weak reference released during the drop
 * does not free the object under the drop's feet. */
void seen_drop_object(void *o);

/* Makes a weak reference to `o` (weak count + 1) and returns the handle,
 * which is the object's address. NULL gives NULL. */
void *seen_weak_new(void *o);

/* Copies a weak reference (weak count + 1). NULL: no effect. */
void seen_weak_retain(void *w);

/* Drops a weak reference (weak count - 1); frees the memory when it was the
 * last weak reference of an already dropped object. NULL: no effect. */
void seen_weak_release(void *w);

/* The object of a weak reference, RETAINED (+1), or NULL when `w` is NULL or
 * the object has been dropped (also while its own drop runs). */
void *seen_weak_load(void *w);

/* The current strong count (SEEN_IMMORTAL for immortal objects); 0 for
 * NULL. For tests and debugging. */
uint32_t seen_strong_count(const void *o);

/* The current weak count; 0 for NULL. For tests and debugging. */
uint32_t seen_weak_count(const void *o);

/* ========================================================================
 * Arrays
 * ======================================================================== */

/* An array: header, then its length, then its element size in bytes, then
 * the elements from offset 32 (16-byte aligned), contiguous, without
 * padding between them beyond what elem_size includes. */
typedef struct SeenArray {
    SeenHeader h;
    uint64_t len;
    uint64_t elem_size;
    uint8_t data[];
} SeenArray;

/* Offset of the first element of a SeenArray. */
#define SEEN_ARRAY_DATA_OFFSET 32

/* Allocates an array of `len` zeroed elements of `elem_size` bytes, strong
 * count 1. `t` is its type descriptor; its `drop` must release the elements
 * that are references (the runtime does not know which are). NULL means an
 * array of plain values (seen_type_array, named "Array"). Panics "out of
 * memory" when the size overflows or allocation fails. Negative lengths are
 * the caller's to check (see seen_panic_negative_length). */
SeenArray *seen_array_new(const SeenType *t, uint64_t elem_size, uint64_t len);

/* The descriptor of plain arrays (no references inside; no drop). */
extern const SeenType seen_type_array;

/* ========================================================================
 * Strings
 * ======================================================================== */

/* SeenString.flags: every byte is below 0x80, so char index = byte index. */
#define SEEN_STR_ASCII 1u

/* An immutable UTF-8 string:
 *   offset  0: header (type = &seen_type_String)
 *   offset 16: uint64_t byte_len
 *   offset 24: uint64_t char_len — the number of Unicode scalar values
 *   offset 32: uint32_t flags    — SEEN_STR_ASCII when all bytes are ASCII
 *   offset 36: uint32_t reserved — 0
 *   offset 40: the bytes, followed by one NUL byte (not counted in byte_len)
 * The bytes are valid UTF-8. A static string the compiler emits as
 * read-only data has this exact layout with strong = SEEN_IMMORTAL,
 * weak = 0, type = &seen_type_String, byte_len, char_len and flags filled
 * in, and the trailing NUL (SEEN_STATIC_STRING below shows it in C). */
typedef struct SeenString {
    SeenHeader h;
    uint64_t byte_len;
    uint64_t char_len;
    uint32_t flags;
    uint32_t reserved;
    uint8_t bytes[];
} SeenString;

/* Offset of the first byte of a SeenString. */
#define SEEN_STRING_BYTES_OFFSET 40

/* The descriptor of strings (name "String", flags SEEN_TYPE_STRING). */
extern const SeenType seen_type_String;

/* Declares a static immortal string in C: SEEN_STATIC_STRING(name, "text",
 * byte_len, char_len, flags). The compiler emits the same bytes. */
#define SEEN_STATIC_STRING(NAME, TEXT, BYTE_LEN, CHAR_LEN, FLAGS)          \
    static const struct {                                                 \
        SeenHeader h;                                                     \
        uint64_t byte_len;                                                \
        uint64_t char_len;                                                \
        uint32_t flags;                                                   \
        uint32_t reserved;                                                \
        uint8_t bytes[(BYTE_LEN) + 1];                                    \
    } NAME = {{SEEN_IMMORTAL, 0, &seen_type_String}, (BYTE_LEN), (CHAR_LEN), \
              (FLAGS), 0, TEXT}

/* A new string holding a copy of `len` bytes at `p`, which must be valid
 * UTF-8 (not checked; the compiler guarantees it). */
SeenString *seen_str_new(const char *p, uint64_t len);

/* A new string from bytes that may not be valid UTF-8 (input, arguments,
 * the environment, a ByteArray): every maximal invalid sequence becomes
 * U+FFFD, as Kotlin's decoder does. */
SeenString *seen_str_from_utf8_lossy(const char *p, uint64_t len);

/* The empty string (immortal). */
SeenString *seen_str_empty(void);

/* `a + b`: one allocation of the exact size (returns `a` or `b` retained
 * when the other is empty). */
SeenString *seen_str_concat(const SeenString *a, const SeenString *b);

/* Concatenates `n` strings with one allocation (string templates). */
SeenString *seen_str_concat_n(const SeenString *const *parts, uint64_t n);

/* Byte-wise equality (`==`). */
bool seen_str_eq(const SeenString *a, const SeenString *b);

/* Compares by code points (UTF-8 byte order is code point order):
 * -1, 0 or 1. */
int64_t seen_str_cmp(const SeenString *a, const SeenString *b);

/* A hash of the bytes (64-bit, not cryptographic); equal strings have equal
 * hashes, and the value is the same in every run and on every target. */
int64_t seen_str_hash(const SeenString *s);
/* `s.bytes()`: a new `Array<UInt8>` of the UTF-8 bytes. */
SeenArray *seen_str_bytes(const SeenString *s);
/* The identity hash of an object: its address, mixed, as a non-negative
 * 31-bit number (`hashCode()` of a class without its own). */
int64_t seen_identity_hash(const void *obj);
/* `Name@1b6d3586`: `name` then `@` and the object's identity hash in
 * hexadecimal (`toString()` of a class without its own). */
SeenString *seen_str_identity(const SeenString *name, const void *obj);

/* The number of characters (Unicode scalar values): `s.length`. */
int64_t seen_str_len_chars(const SeenString *s);

/* The number of bytes: `s.byteLength`. */
int64_t seen_str_len_bytes(const SeenString *s);

/* `s[i]`: the i-th scalar value. O(1) for ASCII strings, O(i) otherwise.
 * Panics "index I out of bounds for length N" at the location when i is
 * not in 0..length. */
uint32_t seen_str_char_at(const SeenString *s, int64_t i, const char *path, uint32_t line,
                          uint32_t col);

/* `s.substring(start, end)` in characters, end exclusive. Panics
 * "begin B, end E, length N" at the location unless 0 <= start <= end <=
 * length. Returns `s` retained when the range is the whole string. */
SeenString *seen_str_substring(const SeenString *s, int64_t start, int64_t end, const char *path,
                               uint32_t line, uint32_t col);

/* A substring by byte offsets, which must lie on character boundaries with
 * 0 <= start <= end <= byte_len (not checked beyond clamping: for library
 * code written in Seen that already works in byte offsets). */
SeenString *seen_str_substring_bytes(const SeenString *s, uint64_t start, uint64_t end);

/* The byte offset of character `i` (0 <= i <= length; length gives
 * byte_len; out of range gives byte_len). O(1) for ASCII. */
uint64_t seen_str_byte_offset(const SeenString *s, int64_t i);

/* Decodes the scalar value starting at byte offset `*pos` and advances
 * `*pos` past it (for `for (c in s)`). At or past the end returns
 * 0xFFFFFFFF and leaves `*pos` unchanged. */
uint32_t seen_str_next_char(const SeenString *s, uint64_t *pos);

/* `s.bytes()`: a new array of byte_len one-byte elements (plain array). */
SeenArray *seen_str_to_byte_array(const SeenString *s);

/* ---- conversions to strings (toString) ---- */

/* An Int (any signed integer, sign-extended) in decimal. */
SeenString *seen_str_from_i64(int64_t v);
/* An unsigned integer (zero-extended) in decimal. */
SeenString *seen_str_from_u64(uint64_t v);
/* `v.toString(radix)` for 2 <= radix <= 36: lower-case digits, a leading
 * '-' for negative values (Kotlin's form). Panics "radix R was not in valid
 * range 2..36" at the location otherwise. */
SeenString *seen_str_from_i64_radix(int64_t v, int64_t radix, const char *path, uint32_t line,
                                    uint32_t col);
/* The unsigned form of seen_str_from_i64_radix. */
SeenString *seen_str_from_u64_radix(uint64_t v, int64_t radix, const char *path, uint32_t line,
                                    uint32_t col);
/* "true" or "false" (immortal). */
SeenString *seen_str_from_bool(bool v);
/* The UTF-8 encoding of one scalar value (U+FFFD for a value that is not
 * one: a surrogate or above 0x10FFFF). */
SeenString *seen_str_from_char(uint32_t c);
/* Double.toString(): Kotlin's shortest round-trip form (LANGUAGE.md
 * section 8): "0.1", "100.0", "1.0E-7", "4.9E-324", "NaN", "-Infinity". */
SeenString *seen_str_from_f64(double v);
/* Float.toString(): the same layout with the Float's own shortest digits
 * ("0.1" for 0.1f, "0.33333334"). */
SeenString *seen_str_from_f32(float v);

/* The same conversions into a caller buffer, without allocating; each
 * returns the number of bytes written (no NUL). Buffers must hold at least
 * SEEN_NUM_BUF bytes. */
#define SEEN_NUM_BUF 72
size_t seen_fmt_i64(char *buf, int64_t v);
/* Unsigned decimal into `buf`. */
size_t seen_fmt_u64(char *buf, uint64_t v);
/* Double.toString() into `buf`. */
size_t seen_fmt_f64(char *buf, double v);
/* Float.toString() into `buf`. */
size_t seen_fmt_f32(char *buf, float v);

/* ---- parsing (toInt, toLong, toDouble and their OrNull forms) ---- */

/* Kotlin's String.toLong(radix) syntax: an optional '+' or '-', then one or
 * more digits of the radix (letters in either case), nothing else (no
 * spaces, no underscores). Sets *ok to false (and returns 0) when the text
 * does not match, the value does not fit in 64 bits, or the radix is not in
 * 2..36. `ok` must not be NULL. */
int64_t seen_str_to_i64(const SeenString *s, int64_t radix, bool *ok);
/* Kotlin's String.toULong(radix) syntax: an optional '+', digits. */
uint64_t seen_str_to_u64(const SeenString *s, int64_t radix, bool *ok);
/* Java's Double.parseDouble syntax: leading and trailing characters up to
 * ' ' are ignored; an optional sign; "NaN", "Infinity", or decimal digits
 * with an optional '.', an optional exponent (e/E, optional sign, digits)
 * and an optional f/F/d/D suffix; or a hexadecimal float "0x1.8p3" (the
 * binary exponent is required). Rounds correctly. *ok as above. */
double seen_str_to_f64(const SeenString *s, bool *ok);
/* Float.parseFloat: the same syntax, rounded once to the nearest Float. */
float seen_str_to_f32(const SeenString *s, bool *ok);

/* ---- Unicode case and character classes (case.c) ----
 * Tables generated from one Unicode version (case_tables.h names it). The
 * mappings are Kotlin's on the JVM, i.e. Java's in the root locale: a
 * Char maps by the simple one-character mapping of UnicodeData.txt, a
 * string by the full mapping (SpecialCasing.txt without its language
 * conditions, plus the final sigma). Code points that are not scalar
 * values have no properties and map to themselves. */

/* `c.uppercaseChar()`: the simple upper-case mapping ('ß' stays 'ß'). */
uint32_t seen_char_to_upper(uint32_t c);
/* `c.lowercaseChar()`: the simple lower-case mapping ('İ' gives 'i'). */
uint32_t seen_char_to_lower(uint32_t c);
/* `c.uppercase()`: the full upper-case form as a new string ("SS" for
 * 'ß'). */
SeenString *seen_char_to_upper_str(uint32_t c);
/* `c.lowercase()`: the full lower-case form as a new string ('Σ' alone
 * gives "σ"). */
SeenString *seen_char_to_lower_str(uint32_t c);
/* `c.isUpperCase()`: Unicode's Uppercase property (Lu and
 * Other_Uppercase). */
bool seen_char_is_upper(uint32_t c);
/* `c.isLowerCase()`: Unicode's Lowercase property (Ll and
 * Other_Lowercase). */
bool seen_char_is_lower(uint32_t c);
/* `c.isLetter()`: general category Lu, Ll, Lt, Lm or Lo. */
bool seen_char_is_letter(uint32_t c);
/* `c.isDigit()`: general category Nd. */
bool seen_char_is_digit(uint32_t c);
/* `c.isLetterOrDigit()`. */
bool seen_char_is_letter_or_digit(uint32_t c);
/* The value of a decimal digit (category Nd: '7' and '٧' give 7), or -1
 * (`c.digitToIntOrNull()`). */
int64_t seen_char_digit_value(uint32_t c);
/* `c.digitToInt()`: the value of a decimal digit; panics "Char X is not a
 * decimal digit" at the location otherwise. */
int64_t seen_char_digit_to_int(uint32_t c, const char *path, uint32_t line, uint32_t col);
/* `s.uppercase()`: the full upper-case form ("ß" -> "SS"); returns `s`
 * retained when nothing changes. ASCII strings take a byte loop. */
SeenString *seen_str_to_upper(const SeenString *s);
/* `s.lowercase()`: the full lower-case form ("İ" -> "i̇", a capital sigma
 * at the end of a word -> 'ς'); returns `s` retained when nothing
 * changes. */
SeenString *seen_str_to_lower(const SeenString *s);

/* ========================================================================
 * StringBuilder
 * ======================================================================== */

/* A mutable UTF-8 buffer (Seen's StringBuilder); a counted object whose
 * type is seen_type_StringBuilder. Fields are private to the runtime. The
 * append functions return nothing: the compiler passes the builder on for
 * chained calls. */
typedef struct SeenStringBuilder {
    SeenHeader h;
    uint8_t *buf;
    uint64_t len;
    uint64_t cap;
    uint64_t char_len;
    uint64_t non_ascii; /* the number of bytes >= 0x80 */
} SeenStringBuilder;

/* The descriptor of StringBuilder objects (its drop frees the buffer). */
extern const SeenType seen_type_StringBuilder;

/* A new, empty builder. */
SeenStringBuilder *seen_sb_new(void);
/* A new, empty builder with room for `cap` bytes. */
SeenStringBuilder *seen_sb_with_capacity(uint64_t cap);
/* Appends valid UTF-8 bytes. */
void seen_sb_append_bytes(SeenStringBuilder *sb, const char *p, uint64_t len);
/* Appends a string. */
void seen_sb_append_str(SeenStringBuilder *sb, const SeenString *s);
/* Appends one scalar value (U+FFFD if it is not one). */
void seen_sb_append_char(SeenStringBuilder *sb, uint32_t c);
/* Appends an Int in decimal. */
void seen_sb_append_i64(SeenStringBuilder *sb, int64_t v);
/* Appends an unsigned integer in decimal. */
void seen_sb_append_u64(SeenStringBuilder *sb, uint64_t v);
/* Appends a Double as Double.toString(). */
void seen_sb_append_f64(SeenStringBuilder *sb, double v);
/* Appends a Float as Float.toString(). */
void seen_sb_append_f32(SeenStringBuilder *sb, float v);
/* Appends "true" or "false". */
void seen_sb_append_bool(SeenStringBuilder *sb, bool v);
/* `insert(index, s)`: inserts before character `index`. Panics "index I
 * out of bounds for length N" at the location unless 0 <= index <= length. */
void seen_sb_insert_str(SeenStringBuilder *sb, int64_t index, const SeenString *s,
                        const char *path, uint32_t line, uint32_t col);
/* Reverses the characters (scalar values, so non-ASCII text stays valid). */
void seen_sb_reverse(SeenStringBuilder *sb);
/* `length`: the number of characters. */
int64_t seen_sb_len_chars(const SeenStringBuilder *sb);
/* Removes every character (keeps the buffer). */
void seen_sb_clear(SeenStringBuilder *sb);
/* `toString()`: a new string with the current contents. */
SeenString *seen_sb_to_string(const SeenStringBuilder *sb);

/* ========================================================================
 * Formatting (String.format)
 * ======================================================================== */

/* SeenFmtArg.tag values. */
enum {
    SEEN_FMT_INT = 0,    /* v.i: a signed integer, sign-extended; bits = its width */
    SEEN_FMT_UINT = 1,   /* v.u: an unsigned integer, zero-extended; bits = its width */
    SEEN_FMT_DOUBLE = 2, /* v.d */
    SEEN_FMT_FLOAT = 3,  /* v.f */
    SEEN_FMT_BOOL = 4,   /* v.b */
    SEEN_FMT_CHAR = 5,   /* v.c: a scalar value */
    SEEN_FMT_STRING = 6, /* v.s: any other value, already converted by toString() */
    SEEN_FMT_NULL = 7    /* null */
};

/* One argument of String.format, 16 bytes: tag at 0, bits at 4 (8, 16, 32
 * or 64 for integers: the width %x and %o use for negative values; 0 means
 * 64), the value at 8. */
typedef struct SeenFmtArg {
    uint32_t tag;
    uint32_t bits;
    union {
        int64_t i;
        uint64_t u;
        double d;
        float f;
        bool b;
        uint32_t c;
        const SeenString *s;
    } v;
} SeenFmtArg;

/* `fmt.format(args...)`: printf conversions %d %f %e %s %c %b %x %X %o %%
 * %n with an optional width, an optional precision (%f %e: decimals; %s %b:
 * at most that many characters) and the flags '-' '0' '+' ' '. Floats are
 * rounded from their exact binary value, ties to even (C's printf). A
 * conversion that does not suit its argument, a missing argument, or a bad
 * specifier panics at the location (docs/runtime.md lists the messages);
 * extra arguments are ignored. */
SeenString *seen_format(const SeenString *fmt, const SeenFmtArg *args, uint64_t nargs,
                        const char *path, uint32_t line, uint32_t col);

/* ========================================================================
 * Panics
 * ======================================================================== */

/* Stops the program: flushes standard output, writes to standard error
 *   panic: <msg>
 *     at <path>:<line>:<col>          (left out when path is NULL)
 * and, in debug builds (seen_set_debug(true)), "stack backtrace:" and the
 * frames; then exits with status 101. `msg` is `len` bytes of UTF-8. */
_Noreturn void seen_panic(const char *msg, uint64_t len, const char *path, uint32_t line,
                          uint32_t col);
/* panic(msg) with a Seen string. */
_Noreturn void seen_panic_str(const SeenString *msg, const char *path, uint32_t line,
                              uint32_t col);
/* `x!!` on null: "!! on a null value". */
_Noreturn void seen_panic_unwrap_null(const char *path, uint32_t line, uint32_t col);
/* Bad index: "index I out of bounds for length N". */
_Noreturn void seen_panic_index(int64_t index, int64_t len, const char *path, uint32_t line,
                                uint32_t col);
/* Integer division or remainder by zero: "integer division by zero". */
_Noreturn void seen_panic_div_zero(const char *path, uint32_t line, uint32_t col);
/* Trapping arithmetic: "integer overflow". */
_Noreturn void seen_panic_overflow(const char *path, uint32_t line, uint32_t col);
/* array_new with a negative length: "negative array length N". */
_Noreturn void seen_panic_negative_length(int64_t len, const char *path, uint32_t line,
                                          uint32_t col);
/* require(cond) { msg }: the message, or "Failed requirement." when `msg`
 * is NULL. */
_Noreturn void seen_panic_require(const SeenString *msg, const char *path, uint32_t line,
                                  uint32_t col);
/* check(cond) { msg }: the message, or "Check failed." when `msg` is NULL. */
_Noreturn void seen_panic_check(const SeenString *msg, const char *path, uint32_t line,
                                uint32_t col);
/* assert(cond): "Assertion failed". */
_Noreturn void seen_panic_assert(const char *path, uint32_t line, uint32_t col);
/* TODO(): "An operation is not implemented." (Kotlin's NotImplementedError). */
_Noreturn void seen_panic_todo(const char *path, uint32_t line, uint32_t col);
/* The IR's `unreachable` in a debug build: "unreachable code was reached". */
_Noreturn void seen_panic_unreachable(const char *path, uint32_t line, uint32_t col);

/* Debug builds: the compiler's startup code (or the JIT host) calls
 * seen_set_debug(true), which makes panics print a stack trace. */
void seen_set_debug(bool on);
/* Whether seen_set_debug(true) was called. */
bool seen_is_debug(void);

/* ========================================================================
 * Input, output, process
 * ======================================================================== */

/* Appends `n` bytes to the standard output buffer (64 KiB; flushed when
 * full, at exit, before reading standard input and before a panic). */
void seen_print_raw(const char *p, int64_t n);
/* Prints the bytes of a one-byte-element array (the IR's `sconst` data). */
void seen_print(const SeenArray *bytes);
/* Prints a string. */
void seen_print_str(const SeenString *s);
/* Prints a string and a newline. */
void seen_println_str(const SeenString *s);
/* Prints a newline. */
void seen_println(void);
/* Prints an Int in decimal AND a newline (the IR interpreter's built-in of
 * the same name). */
void seen_print_i64(int64_t v);
/* Prints an Int in decimal (no newline). */
void seen_print_int(int64_t v);
/* Prints an unsigned integer in decimal (no newline). */
void seen_print_uint(uint64_t v);
/* Prints a Double as Double.toString() (no newline). */
void seen_print_f64(double v);
/* Prints a Float as Float.toString() (no newline). */
void seen_print_f32(float v);
/* Prints "true" or "false" (no newline). */
void seen_print_bool(bool v);
/* Prints one scalar value in UTF-8 (no newline). */
void seen_print_char(uint32_t c);
/* Writes the standard output buffer out. */
void seen_flush(void);
/* Writes bytes to standard error at once (unbuffered). */
void seen_eprint_raw(const char *p, int64_t n);
/* Writes a string to standard error. */
void seen_eprint_str(const SeenString *s);
/* Writes a string and a newline to standard error. */
void seen_eprintln_str(const SeenString *s);

/* readLine(): flushes standard output, reads one line of standard input and
 * returns it without its "\n" or "\r\n" (invalid UTF-8 becomes U+FFFD), or
 * NULL at the end of input. */
SeenString *seen_read_line(void);

/* The number of program arguments, the program's name not included. */
int64_t seen_argc(void);
/* Argument `i` (0 is the first argument after the program's name) as a new
 * string (invalid UTF-8 becomes U+FFFD), or NULL when i is out of range. */
SeenString *seen_argv(int64_t i);
/* Stores the program's arguments (argv[0] is the program's name). main and
 * seen_run call it; a host that calls seen_main itself calls it first. */
void seen_set_args(int argc, char **argv);

/* The value of an environment variable as a new string, or NULL when it is
 * not set. */
SeenString *seen_getenv(const SeenString *name);

/* exit(code): flushes standard output, runs the leak check, exits. */
_Noreturn void seen_exit(int32_t code);
/* Flushes standard output and aborts (SIGABRT) without the leak check. */
_Noreturn void seen_abort(void);

/* The compiled program's entry: `fun main()` compiled to return the exit
 * status (0 for a main that returns nothing). Defined by the compiler. */
int64_t seen_main(void);

/* Runs a program: stores the arguments, enables the leak check when
 * SEEN_LEAK_CHECK=1, calls `entry`, flushes standard output, runs the leak
 * check and returns the exit status (entry's result truncated to int). The
 * runtime's `main` is `return seen_run(argc, argv, seen_main);`; the JIT
 * calls seen_run with its own entry. */
int seen_run(int argc, char **argv, int64_t (*entry)(void));

/* ========================================================================
 * Leak check
 * ======================================================================== */

/* Turns live-object counting on or off (seen_run turns it on when the
 * environment has SEEN_LEAK_CHECK=1). Only objects allocated while it is on
 * are counted; immortal objects never are. */
void seen_leak_check_enable(bool on);
/* The number of counted objects not yet dropped. */
int64_t seen_live_objects(void);
/* When counting is on: writes "leak: N Name objects still allocated" for
 * every type with undropped objects, and "leak: N Name objects kept by weak
 * references" for dropped objects whose memory weak references still hold,
 * to standard error, in order of type name; returns the number of
 * undropped objects. Does not change the exit status. */
int64_t seen_leak_report(void);

/* ========================================================================
 * Math (std.math over libm)
 * ======================================================================== */

/* Thin wrappers over libm for Double; each has a Float form with the suffix
 * _f32 (computed in float by libm's f functions). `ln` is the natural
 * logarithm. */
double seen_math_cbrt(double x);
double seen_math_pow(double x, double y);
double seen_math_exp(double x);
double seen_math_ln(double x);
double seen_math_log10(double x);
double seen_math_log2(double x);
double seen_math_sin(double x);
double seen_math_cos(double x);
double seen_math_tan(double x);
double seen_math_asin(double x);
double seen_math_acos(double x);
double seen_math_atan(double x);
double seen_math_atan2(double y, double x);
double seen_math_sinh(double x);
double seen_math_cosh(double x);
double seen_math_tanh(double x);
double seen_math_hypot(double x, double y);
double seen_math_fmod(double x, double y);
float seen_math_cbrt_f32(float x);
float seen_math_pow_f32(float x, float y);
float seen_math_exp_f32(float x);
float seen_math_ln_f32(float x);
float seen_math_log10_f32(float x);
float seen_math_log2_f32(float x);
float seen_math_sin_f32(float x);
float seen_math_cos_f32(float x);
float seen_math_tan_f32(float x);
float seen_math_asin_f32(float x);
float seen_math_acos_f32(float x);
float seen_math_atan_f32(float x);
float seen_math_atan2_f32(float y, float x);
float seen_math_sinh_f32(float x);
float seen_math_cosh_f32(float x);
float seen_math_tanh_f32(float x);
float seen_math_hypot_f32(float x, float y);
float seen_math_fmod_f32(float x, float y);
/* `round(x)`: to the nearest integer, ties to even (2.5 -> 2.0). */
double seen_math_round(double x);
/* The Float form of seen_math_round. */
float seen_math_round_f32(float x);
/* `x.roundToInt()` / `x.roundToLong()`: ties toward positive infinity
 * (2.5 -> 3, -2.5 -> -2), saturating at the Int limits; NaN panics
 * "Cannot round NaN value." at the location. */
int64_t seen_math_round_to_i64(double x, const char *path, uint32_t line, uint32_t col);

#ifdef __cplusplus
}
#endif

#endif /* SEEN_RUNTIME_H */
