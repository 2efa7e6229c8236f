//! Objects: allocation, counts, drops and their order, weak references,
//! immortal objects, arrays.

mod common;

use common::Str;
use seen_std::ffi::{self, SeenHeader, SeenType};
use std::cell::RefCell;
use std::ffi::c_void;

#[repr(C)]
struct Node {
    h: SeenHeader,
    next: *mut Node,
    weak_other: *mut c_void,
    id: i64,
}

thread_local! {
    /// What the drops of this thread did: (id, weak_load of weak_other during the drop was null).
    static DROPS: RefCell<Vec<(i64, bool)>> = const { RefCell::new(Vec::new()) };
}

unsafe extern "C" fn node_drop(o: *mut c_void) {
    // SAFETY: the runtime passes a Node whose strong count is 0.
    unsafe {
        let n = o.cast::<Node>();
        let seen = ffi::seen_weak_load((*n).weak_other);
        let seen_null = seen.is_null();
        ffi::seen_release(seen);
        DROPS.with(|d| d.borrow_mut().push(((*n).id, seen_null)));
        ffi::seen_release((*n).next.cast());
        ffi::seen_weak_release((*n).weak_other);
    }
}

static NODE: SeenType = SeenType {
    name: c"Node".as_ptr(),
    size: std::mem::size_of::<Node>() as u64,
    drop: Some(node_drop),
    flags: 0,
};

fn node(id: i64) -> *mut Node {
    // SAFETY: NODE describes Node.
    let n = unsafe { ffi::seen_alloc(&NODE) }.cast::<Node>();
    // SAFETY: fresh object.
    unsafe { (*n).id = id };
    n
}

fn drops() -> Vec<(i64, bool)> {
    DROPS.with(|d| std::mem::take(&mut *d.borrow_mut()))
}

#[test]
fn alloc_gives_a_zeroed_object_with_one_reference() {
    let n = node(1);
    // SAFETY: live object.
    unsafe {
        assert_eq!((*n).h.strong, 1);
        assert_eq!((*n).h.weak, 0);
        assert_eq!((*n).h.type_, &raw const NODE);
        assert!((*n).next.is_null());
        assert!((*n).weak_other.is_null());
        ffi::seen_retain(n.cast());
        assert_eq!(ffi::seen_strong_count(n.cast()), 2);
        ffi::seen_release(n.cast());
        assert_eq!(ffi::seen_strong_count(n.cast()), 1);
        assert!(drops().is_empty());
        ffi::seen_release(n.cast());
    }
    assert_eq!(drops(), [(1, true)]);
}

#[test]
fn null_is_ignored_everywhere() {
    // SAFETY: NULL is documented as a no-op.
    unsafe {
        ffi::seen_retain(std::ptr::null_mut());
        ffi::seen_release(std::ptr::null_mut());
        assert!(ffi::seen_weak_new(std::ptr::null_mut()).is_null());
        ffi::seen_weak_retain(std::ptr::null_mut());
        ffi::seen_weak_release(std::ptr::null_mut());
        assert!(ffi::seen_weak_load(std::ptr::null_mut()).is_null());
        assert_eq!(ffi::seen_strong_count(std::ptr::null()), 0);
    }
}

#[test]
fn drops_run_depth_first_in_field_order() {
    // a -> b -> c; releasing a drops a, then b (its field), then c
    let (a, b, c) = (node(1), node(2), node(3));
    // SAFETY: live objects; ownership moves into the fields.
    unsafe {
        (*a).next = b;
        (*b).next = c;
        ffi::seen_retain(c.cast()); // an outside reference keeps c
        ffi::seen_release(a.cast());
        assert_eq!(drops(), [(1, true), (2, true)]);
        assert_eq!(ffi::seen_strong_count(c.cast()), 1);
        ffi::seen_release(c.cast());
    }
    assert_eq!(drops(), [(3, true)]);
}

#[test]
fn weak_references_go_null_when_the_object_is_dropped() {
    let target = node(10);
    // SAFETY: live objects and weak handles used per the ABI.
    unsafe {
        let w = ffi::seen_weak_new(target.cast());
        assert_eq!(w, target.cast());
        assert_eq!(ffi::seen_weak_count(target.cast()), 1);
        let w2 = w;
        ffi::seen_weak_retain(w2);
        assert_eq!(ffi::seen_weak_count(target.cast()), 2);

        let loaded = ffi::seen_weak_load(w);
        assert_eq!(loaded, target.cast());
        assert_eq!(
            ffi::seen_strong_count(target.cast()),
            2,
            "weak_load retains"
        );
        ffi::seen_release(loaded);

        ffi::seen_release(target.cast());
        assert_eq!(drops(), [(10, true)]);
        // the memory stays while weak references remain; loads give null
        assert_eq!(ffi::seen_strong_count(w), 0);
        assert!(ffi::seen_weak_load(w).is_null());
        ffi::seen_weak_release(w2);
        assert!(ffi::seen_weak_load(w).is_null());
        ffi::seen_weak_release(w); // frees the memory
    }
}

#[test]
fn a_weak_reference_to_itself_reads_null_in_the_drop_and_is_released_safely() {
    let n = node(20);
    // SAFETY: the node holds a weak reference to itself, released by its drop.
    unsafe {
        (*n).weak_other = ffi::seen_weak_new(n.cast());
        ffi::seen_release(n.cast());
    }
    assert_eq!(drops(), [(20, true)]);
}

#[test]
fn a_weak_reference_to_a_live_object_reads_it_in_a_drop() {
    let (parent, child) = (node(1), node(2));
    // SAFETY: the child holds a weak reference to the parent.
    unsafe {
        (*child).weak_other = ffi::seen_weak_new(parent.cast());
        ffi::seen_release(child.cast());
        assert_eq!(drops(), [(2, false)]);
        assert_eq!(ffi::seen_weak_count(parent.cast()), 0);
        ffi::seen_release(parent.cast());
    }
    assert_eq!(drops(), [(1, true)]);
}

#[test]
fn immortal_objects_are_never_counted() {
    // SAFETY: the empty string is immortal.
    unsafe {
        let e = ffi::seen_str_empty();
        assert_eq!(ffi::seen_strong_count(e.cast()), ffi::SEEN_IMMORTAL);
        ffi::seen_retain(e.cast());
        ffi::seen_release(e.cast());
        ffi::seen_release(e.cast());
        assert_eq!(ffi::seen_strong_count(e.cast()), ffi::SEEN_IMMORTAL);
        let w = ffi::seen_weak_new(e.cast());
        assert_eq!(ffi::seen_weak_count(e.cast()), 0);
        assert_eq!(ffi::seen_weak_load(w), e.cast());
        ffi::seen_weak_release(w);
        assert_eq!(Str::own(e).text(), "");
    }
}

#[test]
fn a_static_string_in_the_documented_layout_works_with_every_function() {
    #[repr(C)]
    struct Static {
        h: SeenHeader,
        byte_len: u64,
        char_len: u64,
        flags: u32,
        reserved: u32,
        bytes: [u8; 8],
    }
    struct Wrapper(Static);
    // SAFETY: read-only data that the runtime never writes (immortal).
    unsafe impl Sync for Wrapper {}
    static HI: Wrapper = Wrapper(Static {
        h: SeenHeader {
            strong: ffi::SEEN_IMMORTAL,
            weak: 0,
            type_: &raw const ffi::seen_type_String,
        },
        byte_len: 6,
        char_len: 5,
        flags: 0,
        reserved: 0,
        bytes: *b"h\xc3\xa9llo\0\0",
    });
    let p = (&raw const HI.0).cast::<ffi::SeenString>();
    // SAFETY: a valid static string.
    unsafe {
        ffi::seen_retain(p as *mut c_void);
        ffi::seen_release(p as *mut c_void);
        let copy = Str::new("héllo");
        assert!(ffi::seen_str_eq(p, copy.ptr()));
        assert_eq!(ffi::seen_str_char_at(p, 1, common::LOC, 1, 1), 'é' as u32);
        let twice = Str::own(ffi::seen_str_concat(p, p));
        assert_eq!(twice.text(), "héllohéllo");
    }
}

unsafe extern "C" fn refs_array_drop(o: *mut c_void) {
    // SAFETY: an array of Node references.
    unsafe {
        let a = o.cast::<ffi::SeenArray>();
        let elems = (a as *mut u8)
            .add(ffi::SEEN_ARRAY_DATA_OFFSET)
            .cast::<*mut c_void>();
        for i in 0..(*a).len as usize {
            ffi::seen_release(*elems.add(i));
        }
    }
}

static NODE_ARRAY: SeenType = SeenType {
    name: c"Array<Node>".as_ptr(),
    size: 0,
    drop: Some(refs_array_drop),
    flags: ffi::SEEN_TYPE_ARRAY,
};

#[test]
fn arrays_are_zeroed_and_their_type_drops_the_elements_in_order() {
    // SAFETY: arrays used within their lengths.
    unsafe {
        let plain = ffi::seen_array_new(std::ptr::null(), 8, 1000);
        assert_eq!((*plain).len, 1000);
        assert_eq!((*plain).elem_size, 8);
        assert_eq!((*plain).h.type_, &raw const ffi::seen_type_array);
        let data = (plain as *const u8).add(ffi::SEEN_ARRAY_DATA_OFFSET);
        assert_eq!(data as usize % 16, 0, "elements are 16-byte aligned");
        assert!(
            std::slice::from_raw_parts(data, 8000)
                .iter()
                .all(|&b| b == 0)
        );
        ffi::seen_release(plain.cast());

        let empty = ffi::seen_array_new(std::ptr::null(), 4, 0);
        assert_eq!((*empty).len, 0);
        ffi::seen_release(empty.cast());

        let refs = ffi::seen_array_new(&NODE_ARRAY, 8, 3);
        let elems = (refs as *mut u8)
            .add(ffi::SEEN_ARRAY_DATA_OFFSET)
            .cast::<*mut Node>();
        for i in 0..3 {
            *elems.add(i) = node(100 + i as i64);
        }
        ffi::seen_release(refs.cast());
    }
    assert_eq!(drops(), [(100, true), (101, true), (102, true)]);
}

#[test]
fn the_layouts_match_the_documented_offsets() {
    use std::mem::{offset_of, size_of};
    assert_eq!(size_of::<SeenHeader>(), 16);
    assert_eq!(offset_of!(SeenHeader, weak), 4);
    assert_eq!(offset_of!(SeenHeader, type_), 8);
    assert_eq!(size_of::<SeenType>(), 32);
    assert_eq!(offset_of!(SeenType, drop), 16);
    assert_eq!(offset_of!(SeenType, flags), 24);
    assert_eq!(
        offset_of!(ffi::SeenArray, data),
        ffi::SEEN_ARRAY_DATA_OFFSET
    );
    assert_eq!(
        offset_of!(ffi::SeenString, bytes),
        ffi::SEEN_STRING_BYTES_OFFSET
    );
    assert_eq!(offset_of!(ffi::SeenString, char_len), 24);
    assert_eq!(offset_of!(ffi::SeenString, flags), 32);
    assert_eq!(size_of::<ffi::SeenFmtArg>(), 16);
    assert_eq!(offset_of!(ffi::SeenFmtArg, v), 8);
}

#[test]
fn the_symbol_table_lists_every_function_once() {
    let syms = seen_std::runtime_symbols();
    let mut names: Vec<&str> = syms.iter().map(|(n, _)| *n).collect();
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), count, "duplicate symbols");
    for want in [
        "seen_alloc",
        "seen_release",
        "seen_drop_object",
        "seen_panic",
        "seen_format",
        "seen_run",
        "seen_type_String",
        "seen_str_from_f64",
        "seen_math_round_to_i64",
    ] {
        assert!(names.contains(&want), "{want} missing");
    }
    assert!(syms.iter().all(|(_, p)| !p.is_null()));
    // every function declared in seen.h is in the table
    let mut declared = 0;
    let header =
        std::fs::read_to_string(common::crate_dir().join("runtime/seen.h")).expect("seen.h");
    for line in header.lines() {
        let line = line.trim_start_matches("_Noreturn ").trim();
        if line.starts_with("/*") || line.starts_with('*') || line.starts_with('#') {
            continue;
        }
        if let Some(open) = line.find("seen_")
            && let Some(paren) = line[open..].find('(')
        {
            let name = &line[open..open + paren];
            let is_decl = line.ends_with(';') || line.ends_with(',');
            let looks_like_fn = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if is_decl && looks_like_fn && name != "seen_main" && line.contains(' ') {
                assert!(
                    names.contains(&name),
                    "{name} is declared in seen.h but not in ffi.rs"
                );
                declared += 1;
            }
        }
    }
    assert_eq!(
        declared,
        count - 3,
        "every function of seen.h (the table adds 3 descriptors)"
    );
}
