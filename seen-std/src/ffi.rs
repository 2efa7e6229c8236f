//! The runtime's C ABI in Rust: the `#[repr(C)]` layouts of `seen.h` and
//! `extern "C"` declarations of every runtime function and descriptor.
//!
//! Each item mirrors the declaration of the same name in
//! `runtime/seen.h`, whose comments (and `docs/runtime.md`) give the
//! contract: borrowed arguments, owned (+1) results, locations as
//! `(path, line, col)` with a NUL-terminated path.

use core::ffi::{c_char, c_int, c_void};

/// The strong count of an immortal object.
pub const SEEN_IMMORTAL: u32 = u32::MAX;
/// `SeenType::flags`: the object is an array.
pub const SEEN_TYPE_ARRAY: u32 = 1;
/// `SeenType::flags`: the object is a string.
pub const SEEN_TYPE_STRING: u32 = 2;
/// `SeenString::flags`: every byte is ASCII.
pub const SEEN_STR_ASCII: u32 = 1;
/// The size of the buffers the `seen_fmt_*` functions write into.
pub const SEEN_NUM_BUF: usize = 72;
/// Offset of the first element of an array.
pub const SEEN_ARRAY_DATA_OFFSET: usize = 32;
/// Offset of the first byte of a string.
pub const SEEN_STRING_BYTES_OFFSET: usize = 40;

/// `SeenFmtArg::tag`: a signed integer (`v.i`).
pub const SEEN_FMT_INT: u32 = 0;
/// `SeenFmtArg::tag`: an unsigned integer (`v.u`).
pub const SEEN_FMT_UINT: u32 = 1;
/// `SeenFmtArg::tag`: a `Double` (`v.d`).
pub const SEEN_FMT_DOUBLE: u32 = 2;
/// `SeenFmtArg::tag`: a `Float` (`v.f`).
pub const SEEN_FMT_FLOAT: u32 = 3;
/// `SeenFmtArg::tag`: a `Boolean` (`v.b`).
pub const SEEN_FMT_BOOL: u32 = 4;
/// `SeenFmtArg::tag`: a `Char` (`v.c`).
pub const SEEN_FMT_CHAR: u32 = 5;
/// `SeenFmtArg::tag`: a string (`v.s`), any other value after `toString()`.
pub const SEEN_FMT_STRING: u32 = 6;
/// `SeenFmtArg::tag`: `null`.
pub const SEEN_FMT_NULL: u32 = 7;

/// A type descriptor (`SeenType` in C): 32 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct SeenType {
    /// The type's name, NUL-terminated.
    pub name: *const c_char,
    /// The object's size in bytes, header included.
    pub size: u64,
    /// Releases the object's fields and runs its deinit; NULL for none.
    pub drop: Option<unsafe extern "C" fn(*mut c_void)>,
    /// `SEEN_TYPE_*` bits.
    pub flags: u32,
}

// SAFETY: a descriptor is immutable data shared by every object of its
// type; its pointers lead to read-only data and code.
unsafe impl Sync for SeenType {}

/// The header of every heap object (`SeenHeader`): 16 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct SeenHeader {
    /// Strong count (`SEEN_IMMORTAL` for static objects, 0 once dropped).
    pub strong: u32,
    /// Weak count.
    pub weak: u32,
    /// The type descriptor.
    pub type_: *const SeenType,
}

/// An array (`SeenArray`); the elements follow at offset 32.
#[repr(C)]
#[derive(Debug)]
pub struct SeenArray {
    /// The header.
    pub h: SeenHeader,
    /// Number of elements.
    pub len: u64,
    /// Bytes per element.
    pub elem_size: u64,
    /// The elements (a flexible array member in C).
    pub data: [u8; 0],
}

/// An immutable UTF-8 string (`SeenString`); the bytes follow at offset 40,
/// then a NUL.
#[repr(C)]
#[derive(Debug)]
pub struct SeenString {
    /// The header.
    pub h: SeenHeader,
    /// Number of bytes.
    pub byte_len: u64,
    /// Number of Unicode scalar values.
    pub char_len: u64,
    /// `SEEN_STR_ASCII` or 0.
    pub flags: u32,
    /// Always 0.
    pub reserved: u32,
    /// The bytes (a flexible array member in C).
    pub bytes: [u8; 0],
}

/// A `StringBuilder` object; its fields belong to the runtime.
#[repr(C)]
#[derive(Debug)]
pub struct SeenStringBuilder {
    /// The header.
    pub h: SeenHeader,
    /// The buffer.
    pub buf: *mut u8,
    /// Bytes used.
    pub len: u64,
    /// Bytes allocated.
    pub cap: u64,
    /// Characters held.
    pub char_len: u64,
    /// Bytes >= 0x80 held.
    pub non_ascii: u64,
}

/// The value of a [`SeenFmtArg`].
#[repr(C)]
#[derive(Clone, Copy)]
pub union SeenFmtValue {
    /// `SEEN_FMT_INT`.
    pub i: i64,
    /// `SEEN_FMT_UINT`.
    pub u: u64,
    /// `SEEN_FMT_DOUBLE`.
    pub d: f64,
    /// `SEEN_FMT_FLOAT`.
    pub f: f32,
    /// `SEEN_FMT_BOOL`.
    pub b: bool,
    /// `SEEN_FMT_CHAR`.
    pub c: u32,
    /// `SEEN_FMT_STRING`.
    pub s: *const SeenString,
}

/// One argument of `seen_format`: 16 bytes.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct SeenFmtArg {
    /// `SEEN_FMT_*`.
    pub tag: u32,
    /// Bit width of an integer (8, 16, 32, 64; 0 means 64).
    pub bits: u32,
    /// The value.
    pub v: SeenFmtValue,
}

macro_rules! runtime_api {
    ($( $(#[$m:meta])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)?; )*) => {
        unsafe extern "C" {
            $( $(#[$m])* pub fn $name($($arg: $ty),*) $(-> $ret)?; )*
        }

        /// Every runtime function and descriptor as `(symbol, address)`, for
        /// the JIT's symbol table (referencing them also keeps them linked
        /// into the host).
        pub fn runtime_symbols() -> Vec<(&'static str, *const u8)> {
            let mut v: Vec<(&'static str, *const u8)> = vec![
                $( (stringify!($name), $name as *const u8) ),*
            ];
            v.push(("seen_type_String", (&raw const seen_type_String).cast()));
            v.push(("seen_type_StringBuilder", (&raw const seen_type_StringBuilder).cast()));
            v.push(("seen_type_array", (&raw const seen_type_array).cast()));
            v
        }
    };
}

#[allow(non_upper_case_globals)]
unsafe extern "C" {
    /// The descriptor of strings.
    pub static seen_type_String: SeenType;
    /// The descriptor of `StringBuilder` objects.
    pub static seen_type_StringBuilder: SeenType;
    /// The descriptor of plain arrays.
    pub static seen_type_array: SeenType;
}

runtime_api! {
    /// Allocates a zeroed object of `t->size` bytes, strong 1.
    fn seen_alloc(t: *const SeenType) -> *mut c_void;
    /// Strong count + 1 (NULL and immortal: nothing).
    fn seen_retain(o: *mut c_void);
    /// Strong count - 1; drops at 0 (NULL and immortal: nothing).
    fn seen_release(o: *mut c_void);
    /// The slow path of release: the strong count was just set to 0.
    fn seen_drop_object(o: *mut c_void);
    /// A weak reference to `o` (weak count + 1).
    fn seen_weak_new(o: *mut c_void) -> *mut c_void;
    /// Copies a weak reference.
    fn seen_weak_retain(w: *mut c_void);
    /// Drops a weak reference.
    fn seen_weak_release(w: *mut c_void);
    /// The object, retained, or NULL once dropped.
    fn seen_weak_load(w: *mut c_void) -> *mut c_void;
    /// The strong count (0 for NULL).
    fn seen_strong_count(o: *const c_void) -> u32;
    /// The weak count (0 for NULL).
    fn seen_weak_count(o: *const c_void) -> u32;
    /// A zeroed array of `len` elements of `elem_size` bytes.
    fn seen_array_new(t: *const SeenType, elem_size: u64, len: u64) -> *mut SeenArray;

    /// A string copying valid UTF-8 bytes.
    fn seen_str_new(p: *const c_char, len: u64) -> *mut SeenString;
    /// A string from bytes, invalid UTF-8 replaced by U+FFFD.
    fn seen_str_from_utf8_lossy(p: *const c_char, len: u64) -> *mut SeenString;
    /// The empty string (immortal).
    fn seen_str_empty() -> *mut SeenString;
    /// `a + b`.
    fn seen_str_concat(a: *const SeenString, b: *const SeenString) -> *mut SeenString;
    /// Concatenation of `n` strings.
    fn seen_str_concat_n(parts: *const *const SeenString, n: u64) -> *mut SeenString;
    /// Equality.
    fn seen_str_eq(a: *const SeenString, b: *const SeenString) -> bool;
    /// Comparison by code points: -1, 0, 1.
    fn seen_str_cmp(a: *const SeenString, b: *const SeenString) -> i64;
    /// Hash of the bytes.
    fn seen_str_hash(s: *const SeenString) -> i64;
    /// `s.bytes()`: a new array of the UTF-8 bytes.
    fn seen_str_bytes(s: *const SeenString) -> *mut u8;
    /// The identity hash of an object (31 bits, from its address).
    fn seen_identity_hash(obj: *const u8) -> i64;
    /// `Name@hash`: the text of an object without its own `toString()`.
    fn seen_str_identity(name: *const SeenString, obj: *const u8) -> *mut SeenString;
    /// Length in characters.
    fn seen_str_len_chars(s: *const SeenString) -> i64;
    /// Length in bytes.
    fn seen_str_len_bytes(s: *const SeenString) -> i64;
    /// `s[i]`; panics when out of bounds.
    fn seen_str_char_at(s: *const SeenString, i: i64, path: *const c_char, line: u32, col: u32) -> u32;
    /// `s.substring(start, end)` in characters; panics when out of range.
    fn seen_str_substring(s: *const SeenString, start: i64, end: i64, path: *const c_char, line: u32, col: u32) -> *mut SeenString;
    /// A substring by byte offsets.
    fn seen_str_substring_bytes(s: *const SeenString, start: u64, end: u64) -> *mut SeenString;
    /// Byte offset of character `i`.
    fn seen_str_byte_offset(s: *const SeenString, i: i64) -> u64;
    /// Decodes the character at `*pos` and advances; 0xFFFFFFFF at the end.
    fn seen_str_next_char(s: *const SeenString, pos: *mut u64) -> u32;
    /// `s.bytes()`.
    fn seen_str_to_byte_array(s: *const SeenString) -> *mut SeenArray;
    /// Int to decimal.
    fn seen_str_from_i64(v: i64) -> *mut SeenString;
    /// Unsigned to decimal.
    fn seen_str_from_u64(v: u64) -> *mut SeenString;
    /// `v.toString(radix)`.
    fn seen_str_from_i64_radix(v: i64, radix: i64, path: *const c_char, line: u32, col: u32) -> *mut SeenString;
    /// Unsigned `v.toString(radix)`.
    fn seen_str_from_u64_radix(v: u64, radix: i64, path: *const c_char, line: u32, col: u32) -> *mut SeenString;
    /// "true" / "false".
    fn seen_str_from_bool(v: bool) -> *mut SeenString;
    /// A one-character string.
    fn seen_str_from_char(c: u32) -> *mut SeenString;
    /// `Double.toString()`.
    fn seen_str_from_f64(v: f64) -> *mut SeenString;
    /// `Float.toString()`.
    fn seen_str_from_f32(v: f32) -> *mut SeenString;
    /// Int to decimal into a buffer of `SEEN_NUM_BUF` bytes.
    fn seen_fmt_i64(buf: *mut c_char, v: i64) -> usize;
    /// Unsigned to decimal into a buffer.
    fn seen_fmt_u64(buf: *mut c_char, v: u64) -> usize;
    /// `Double.toString()` into a buffer.
    fn seen_fmt_f64(buf: *mut c_char, v: f64) -> usize;
    /// `Float.toString()` into a buffer.
    fn seen_fmt_f32(buf: *mut c_char, v: f32) -> usize;
    /// `toLong(radix)` / `toLongOrNull(radix)`.
    fn seen_str_to_i64(s: *const SeenString, radix: i64, ok: *mut bool) -> i64;
    /// `toULong(radix)`.
    fn seen_str_to_u64(s: *const SeenString, radix: i64, ok: *mut bool) -> u64;
    /// `toDouble()` / `toDoubleOrNull()`.
    fn seen_str_to_f64(s: *const SeenString, ok: *mut bool) -> f64;
    /// `toFloat()` / `toFloatOrNull()`.
    fn seen_str_to_f32(s: *const SeenString, ok: *mut bool) -> f32;

    /// `c.uppercaseChar()`: the simple upper-case mapping.
    fn seen_char_to_upper(c: u32) -> u32;
    /// `c.lowercaseChar()`: the simple lower-case mapping.
    fn seen_char_to_lower(c: u32) -> u32;
    /// `c.uppercase()`: the full upper-case form.
    fn seen_char_to_upper_str(c: u32) -> *mut SeenString;
    /// `c.lowercase()`: the full lower-case form.
    fn seen_char_to_lower_str(c: u32) -> *mut SeenString;
    /// `c.isUpperCase()` (Unicode Uppercase).
    fn seen_char_is_upper(c: u32) -> bool;
    /// `c.isLowerCase()` (Unicode Lowercase).
    fn seen_char_is_lower(c: u32) -> bool;
    /// `c.isLetter()` (categories L*).
    fn seen_char_is_letter(c: u32) -> bool;
    /// `c.isDigit()` (category Nd).
    fn seen_char_is_digit(c: u32) -> bool;
    /// `c.isLetterOrDigit()`.
    fn seen_char_is_letter_or_digit(c: u32) -> bool;
    /// A decimal digit's value, or -1.
    fn seen_char_digit_value(c: u32) -> i64;
    /// `c.digitToInt()`; panics on a non-digit.
    fn seen_char_digit_to_int(c: u32, path: *const c_char, line: u32, col: u32) -> i64;
    /// `s.uppercase()`: the full upper-case form.
    fn seen_str_to_upper(s: *const SeenString) -> *mut SeenString;
    /// `s.lowercase()`: the full lower-case form (final sigma included).
    fn seen_str_to_lower(s: *const SeenString) -> *mut SeenString;

    /// A new `StringBuilder`.
    fn seen_sb_new() -> *mut SeenStringBuilder;
    /// A new `StringBuilder` with room for `cap` bytes.
    fn seen_sb_with_capacity(cap: u64) -> *mut SeenStringBuilder;
    /// Appends UTF-8 bytes.
    fn seen_sb_append_bytes(sb: *mut SeenStringBuilder, p: *const c_char, len: u64);
    /// Appends a string.
    fn seen_sb_append_str(sb: *mut SeenStringBuilder, s: *const SeenString);
    /// Appends a character.
    fn seen_sb_append_char(sb: *mut SeenStringBuilder, c: u32);
    /// Appends an Int.
    fn seen_sb_append_i64(sb: *mut SeenStringBuilder, v: i64);
    /// Appends an unsigned integer.
    fn seen_sb_append_u64(sb: *mut SeenStringBuilder, v: u64);
    /// Appends a Double.
    fn seen_sb_append_f64(sb: *mut SeenStringBuilder, v: f64);
    /// Appends a Float.
    fn seen_sb_append_f32(sb: *mut SeenStringBuilder, v: f32);
    /// Appends a Boolean.
    fn seen_sb_append_bool(sb: *mut SeenStringBuilder, v: bool);
    /// Inserts a string before character `index`.
    fn seen_sb_insert_str(sb: *mut SeenStringBuilder, index: i64, s: *const SeenString, path: *const c_char, line: u32, col: u32);
    /// Reverses the characters.
    fn seen_sb_reverse(sb: *mut SeenStringBuilder);
    /// Length in characters.
    fn seen_sb_len_chars(sb: *const SeenStringBuilder) -> i64;
    /// Empties the builder.
    fn seen_sb_clear(sb: *mut SeenStringBuilder);
    /// The contents as a new string.
    fn seen_sb_to_string(sb: *const SeenStringBuilder) -> *mut SeenString;

    /// `String.format`.
    fn seen_format(fmt: *const SeenString, args: *const SeenFmtArg, nargs: u64, path: *const c_char, line: u32, col: u32) -> *mut SeenString;

    /// Panics with a message and a location (exit status 101).
    fn seen_panic(msg: *const c_char, len: u64, path: *const c_char, line: u32, col: u32) -> !;
    /// `panic(msg)` with a string.
    fn seen_panic_str(msg: *const SeenString, path: *const c_char, line: u32, col: u32) -> !;
    /// `!!` on null.
    fn seen_panic_unwrap_null(path: *const c_char, line: u32, col: u32) -> !;
    /// Index out of bounds.
    fn seen_panic_index(index: i64, len: i64, path: *const c_char, line: u32, col: u32) -> !;
    /// Division by zero.
    fn seen_panic_div_zero(path: *const c_char, line: u32, col: u32) -> !;
    /// Integer overflow.
    fn seen_panic_overflow(path: *const c_char, line: u32, col: u32) -> !;
    /// Negative array length.
    fn seen_panic_negative_length(len: i64, path: *const c_char, line: u32, col: u32) -> !;
    /// `require` failed.
    fn seen_panic_require(msg: *const SeenString, path: *const c_char, line: u32, col: u32) -> !;
    /// `check` failed.
    fn seen_panic_check(msg: *const SeenString, path: *const c_char, line: u32, col: u32) -> !;
    /// `assert` failed.
    fn seen_panic_assert(path: *const c_char, line: u32, col: u32) -> !;
    /// `TODO()`.
    fn seen_panic_todo(path: *const c_char, line: u32, col: u32) -> !;
    /// `unreachable` reached.
    fn seen_panic_unreachable(path: *const c_char, line: u32, col: u32) -> !;
    /// Sets the debug flag (stack traces on panic).
    fn seen_set_debug(on: bool);
    /// The debug flag.
    fn seen_is_debug() -> bool;

    /// Appends bytes to standard output.
    fn seen_print_raw(p: *const c_char, n: i64);
    /// Prints a one-byte-element array.
    fn seen_print(bytes: *const SeenArray);
    /// Prints a string.
    fn seen_print_str(s: *const SeenString);
    /// Prints a string and a newline.
    fn seen_println_str(s: *const SeenString);
    /// Prints a newline.
    fn seen_println();
    /// Prints an Int and a newline.
    fn seen_print_i64(v: i64);
    /// Prints an Int.
    fn seen_print_int(v: i64);
    /// Prints an unsigned integer.
    fn seen_print_uint(v: u64);
    /// Prints a Double.
    fn seen_print_f64(v: f64);
    /// Prints a Float.
    fn seen_print_f32(v: f32);
    /// Prints a Boolean.
    fn seen_print_bool(v: bool);
    /// Prints a character.
    fn seen_print_char(c: u32);
    /// Flushes standard output.
    fn seen_flush();
    /// Writes bytes to standard error.
    fn seen_eprint_raw(p: *const c_char, n: i64);
    /// Writes a string to standard error.
    fn seen_eprint_str(s: *const SeenString);
    /// Writes a string and a newline to standard error.
    fn seen_eprintln_str(s: *const SeenString);
    /// `readLine()`: a line, or NULL at the end of input.
    fn seen_read_line() -> *mut SeenString;
    /// Number of program arguments (without the program's name).
    fn seen_argc() -> i64;
    /// Argument `i`, or NULL.
    fn seen_argv(i: i64) -> *mut SeenString;
    /// Stores the program's arguments (`argv[0]` is its name).
    fn seen_set_args(argc: c_int, argv: *mut *mut c_char);
    /// An environment variable, or NULL.
    fn seen_getenv(name: *const SeenString) -> *mut SeenString;
    /// Flushes, runs the leak check, exits.
    fn seen_exit(code: i32) -> !;
    /// Flushes and aborts.
    fn seen_abort() -> !;
    /// Runs a program's entry as `main` does.
    fn seen_run(argc: c_int, argv: *mut *mut c_char, entry: extern "C" fn() -> i64) -> c_int;

    /// Turns the leak check's counting on or off.
    fn seen_leak_check_enable(on: bool);
    /// Counted objects not yet dropped.
    fn seen_live_objects() -> i64;
    /// Writes the leak report to standard error; returns the undropped count.
    fn seen_leak_report() -> i64;

    /// `cbrt`.
    fn seen_math_cbrt(x: f64) -> f64;
    /// `pow`.
    fn seen_math_pow(x: f64, y: f64) -> f64;
    /// `exp`.
    fn seen_math_exp(x: f64) -> f64;
    /// `ln`.
    fn seen_math_ln(x: f64) -> f64;
    /// `log10`.
    fn seen_math_log10(x: f64) -> f64;
    /// `log2`.
    fn seen_math_log2(x: f64) -> f64;
    /// `sin`.
    fn seen_math_sin(x: f64) -> f64;
    /// `cos`.
    fn seen_math_cos(x: f64) -> f64;
    /// `tan`.
    fn seen_math_tan(x: f64) -> f64;
    /// `asin`.
    fn seen_math_asin(x: f64) -> f64;
    /// `acos`.
    fn seen_math_acos(x: f64) -> f64;
    /// `atan`.
    fn seen_math_atan(x: f64) -> f64;
    /// `atan2(y, x)`.
    fn seen_math_atan2(y: f64, x: f64) -> f64;
    /// `sinh`.
    fn seen_math_sinh(x: f64) -> f64;
    /// `cosh`.
    fn seen_math_cosh(x: f64) -> f64;
    /// `tanh`.
    fn seen_math_tanh(x: f64) -> f64;
    /// `hypot`.
    fn seen_math_hypot(x: f64, y: f64) -> f64;
    /// `fmod` (float `%`).
    fn seen_math_fmod(x: f64, y: f64) -> f64;
    /// `cbrt` on Float.
    fn seen_math_cbrt_f32(x: f32) -> f32;
    /// `pow` on Float.
    fn seen_math_pow_f32(x: f32, y: f32) -> f32;
    /// `exp` on Float.
    fn seen_math_exp_f32(x: f32) -> f32;
    /// `ln` on Float.
    fn seen_math_ln_f32(x: f32) -> f32;
    /// `log10` on Float.
    fn seen_math_log10_f32(x: f32) -> f32;
    /// `log2` on Float.
    fn seen_math_log2_f32(x: f32) -> f32;
    /// `sin` on Float.
    fn seen_math_sin_f32(x: f32) -> f32;
    /// `cos` on Float.
    fn seen_math_cos_f32(x: f32) -> f32;
    /// `tan` on Float.
    fn seen_math_tan_f32(x: f32) -> f32;
    /// `asin` on Float.
    fn seen_math_asin_f32(x: f32) -> f32;
    /// `acos` on Float.
    fn seen_math_acos_f32(x: f32) -> f32;
    /// `atan` on Float.
    fn seen_math_atan_f32(x: f32) -> f32;
    /// `atan2` on Float.
    fn seen_math_atan2_f32(y: f32, x: f32) -> f32;
    /// `sinh` on Float.
    fn seen_math_sinh_f32(x: f32) -> f32;
    /// `cosh` on Float.
    fn seen_math_cosh_f32(x: f32) -> f32;
    /// `tanh` on Float.
    fn seen_math_tanh_f32(x: f32) -> f32;
    /// `hypot` on Float.
    fn seen_math_hypot_f32(x: f32, y: f32) -> f32;
    /// `fmod` on Float.
    fn seen_math_fmod_f32(x: f32, y: f32) -> f32;
    /// `round(x)`, ties to even.
    fn seen_math_round(x: f64) -> f64;
    /// `round(x)` on Float, ties to even.
    fn seen_math_round_f32(x: f32) -> f32;
    /// `roundToInt()` / `roundToLong()`: ties toward +infinity; NaN panics.
    fn seen_math_round_to_i64(x: f64, path: *const c_char, line: u32, col: u32) -> i64;
}
