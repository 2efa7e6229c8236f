//! What each pass does, checked on the printed result; every result must
//! verify. (The file tests also run every pass on every test file and
//! compare the interpreter's results before and after.)

use seen_ir::{Module, parse, passes, print, verify};

fn run(pass: fn(&mut Module) -> usize, text: &str) -> (String, usize) {
    let mut m = parse(text).unwrap_or_else(|e| panic!("{e}"));
    verify(&m).unwrap_or_else(|e| panic!("{e}"));
    let changes = pass(&mut m);
    verify(&m).unwrap_or_else(|e| panic!("after the pass: {e}\n{}", print(&m)));
    (print(&m), changes)
}

fn body(printed: &str) -> String {
    printed
        .lines()
        .filter(|l| l.starts_with("    ") || l.starts_with("block"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn folds_arithmetic_and_comparisons() {
    let (out, n) = run(
        passes::const_fold,
        "fn @f() -> bool {
block0:
    v0 = iconst.i32 2147483647
    v1 = iconst.i32 1
    v2 = iadd v0, v1
    v3 = iconst.i32 0
    v4 = icmp slt v2, v3
    ret v4
}",
    );
    assert_eq!(n, 2);
    assert!(
        out.contains("v2 = iconst.i32 -2147483648") && out.contains("v4 = bconst true"),
        "{out}"
    );
}

#[test]
fn never_folds_a_trap_away() {
    let text = "loc0 = \"a.seen\" 1:1
fn @f() -> i32 {
block0:
    v0 = iconst.i32 7
    v1 = iconst.i32 0
    v2 = sdiv v0, v1, loc0
    v3 = iconst.i32 2147483647
    v4 = sadd_trap v3, v3, loc0
    v5 = sadd_trap v0, v0, loc0
    ret v5
}";
    let (out, n) = run(passes::const_fold, text);
    assert_eq!(n, 1, "only the add that cannot trap is folded:\n{out}");
    assert!(
        out.contains("v2 = sdiv v0, v1, loc0") && out.contains("v4 = sadd_trap v3, v3, loc0"),
        "{out}"
    );
    assert!(out.contains("v5 = iconst.i32 14"), "{out}");
    let (out, _) = run(passes::optimize, text);
    assert!(
        out.contains("sdiv") && out.contains("sadd_trap v3, v3"),
        "dce keeps instructions that trap:\n{out}"
    );
}

#[test]
fn folds_branches_and_removes_dead_blocks() {
    let text = "fn @f(i64) -> i64 {
block0(v0: i64):
    v1 = bconst false
    brif v1, block1, block2(v0)

block1:
    v2 = iconst.i64 1
    jump block2(v2)

block2(v3: i64):
    v4 = iconst.i64 3
    switch v4, block3, [3: block4]

block3:
    ret v3

block4:
    v5 = iconst.i64 0
    v6 = iadd v3, v5
    v7 = imul v6, v6
    ret v7
}";
    let (out, _) = run(passes::optimize, text);
    assert_eq!(
        body(&out),
        "block0(v0: i64):\n    v7 = imul v0, v0\n    ret v7",
        "folded, merged and cleaned:\n{out}"
    );
}

#[test]
fn dce_removes_unused_values_and_parameters() {
    let text = "fn @f(i32) -> i32 {
block0(v0: i32):
    v1 = iconst.i32 5
    v2 = imul v0, v1
    jump block1(v0, v2)

block1(v3: i32, v4: i32):
    v5 = iadd v3, v3
    ret v3
}";
    let (out, n) = run(passes::dce, text);
    assert_eq!(n, 4, "{out}");
    assert_eq!(
        body(&out),
        "block0(v0: i32):\n    jump block1(v0)\nblock1(v3: i32):\n    ret v3"
    );
}

#[test]
fn dce_keeps_effects() {
    let text = "object %O { i64 }
fn @f() -> void {
block0:
    v0 = alloc %O
    v1 = iconst.i64 1
    field_set %O, v0, 0, v1
    v2 = field_get %O, v0, 0
    release v0
    ret
}";
    let (out, n) = run(passes::dce, text);
    assert_eq!(n, 1, "only the unused field_get goes:\n{out}");
    assert!(
        out.contains("alloc") && out.contains("field_set") && out.contains("release"),
        "{out}"
    );
}

#[test]
fn simplify_merges_chains_and_trivial_branches() {
    let text = "fn @f(bool, i32) -> i32 {
block0(v0: bool, v1: i32):
    brif v0, block1(v1), block1(v1)

block1(v2: i32):
    jump block2

block2:
    v3 = iadd v2, v2
    jump block3(v3)

block3(v4: i32):
    ret v4

block4:
    jump block3(v1)
}";
    let (out, n) = run(passes::simplify_cfg, text);
    assert!(n >= 4, "{n} changes:\n{out}");
    assert_eq!(
        body(&out),
        "block0(v0: bool, v1: i32):\n    v3 = iadd v1, v1\n    ret v3"
    );
}

#[test]
fn json_round_trip() {
    let text = "struct %P { i32, {i64, f64} }
enum %E { A, B(%P) }
object %O { %E, weak } deinit @d
loc0 = \"x.seen\" 2:3
global @g: %P = {1, {2, 2.5}}
data @t = [@d]
fn @d(ref) -> void inline {
    ss0 = stack_slot 8, align 8
    sig0 = (ref) -> void
block0(v0: ref):
    v1 = data_addr @t
    v2 = load.ptr v1
    ret
}";
    let m = parse(text).unwrap_or_else(|e| panic!("{e}"));
    verify(&m).unwrap_or_else(|e| panic!("{e}"));
    let json = serde_json::to_string_pretty(&m).expect("serialises");
    let back: Module = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, m);
    assert_eq!(
        back.func_by_name("d"),
        m.func_by_name("d"),
        "name indexes are rebuilt"
    );
    assert_eq!(back.type_by_name("P"), m.type_by_name("P"));
}

#[test]
fn inlines_small_functions() {
    let text = "fn @twice(i64) -> i64 {
block0(v0: i64):
    v1 = iconst.i64 0
    v2 = icmp slt v0, v1
    brif v2, block1, block2

block1:
    v3 = ineg v0
    ret v3

block2:
    v4 = iadd v0, v0
    ret v4
}

fn @f(i64) -> i64 {
block0(v0: i64):
    v1 = call @twice(v0)
    v2 = iconst.i64 1
    v3 = iadd v1, v2
    ret v3
}";
    let (out, n) = run(passes::inline, text);
    assert_eq!(n, 1);
    let f = &out[out.find("fn @f").expect("@f is printed")..];
    assert!(!f.contains("call"), "{out}");
    let m = parse(&out).expect("parses");
    let mut i = seen_ir::interp::Interpreter::new(&m);
    use seen_ir::interp::DataValue::I64;
    assert_eq!(i.call("f", &[I64(5)]), Ok(I64(11)));
    assert_eq!(i.call("f", &[I64(-5)]), Ok(I64(6)));
}

#[test]
fn does_not_inline_recursion_or_imports() {
    let text = "fn @ext(i64) -> i64 import
fn @f(i64) -> i64 {
block0(v0: i64):
    v1 = call @f(v0)
    v2 = call @ext(v1)
    ret v2
}";
    let (_, n) = run(passes::inline, text);
    assert_eq!(n, 0);
}

#[test]
fn elides_retain_release_pairs() {
    let text = "object %O { i64 }
fn @f(ref) -> i64 {
block0(v0: ref):
    retain v0
    v1 = iconst.i64 1
    release v0
    retain v0
    v2 = field_get %O, v0, 0
    call @g(v0)
    release v0
    v3 = iadd v1, v2
    ret v3
}
fn @g(ref) -> void import";
    let (out, n) = run(passes::elide_rc, text);
    assert_eq!(n, 1, "the second pair has a call between:\n{out}");
    assert_eq!(out.matches("retain").count(), 1, "{out}");
}

#[test]
fn removes_provable_bounds_checks() {
    let text = "loc0 = \"a.seen\" 1:1
fn @f(ref, i64) -> i64 {
block0(v0: ref, v1: i64):
    v2 = iconst.i64 4
    v3 = array_new i64, v2
    v4 = iconst.i64 3
    v5 = array_get i64, v3, v4, loc0
    v6 = iconst.i64 4
    v7 = array_get i64, v3, v6, loc0
    v8 = array_len v0
    v9 = icmp ult v1, v8
    brif v9, block1, block2

block1:
    v10 = array_get i64, v0, v1, loc0
    release v3
    ret v10

block2:
    v11 = array_get i64, v0, v1, loc0
    release v3
    ret v11
}";
    let (out, n) = run(passes::eliminate_bounds_checks, text);
    assert_eq!(n, 2, "{out}");
    assert!(
        out.contains("v5 = array_get_unchecked i64, v3, v4"),
        "{out}"
    );
    assert!(
        out.contains("v7 = array_get i64, v3, v6, loc0"),
        "index 4 of 4 stays checked:\n{out}"
    );
    assert!(
        out.contains("v10 = array_get_unchecked i64, v0, v1"),
        "{out}"
    );
    assert!(
        out.contains("v11 = array_get i64, v0, v1, loc0"),
        "the false edge proves nothing:\n{out}"
    );
}

#[test]
fn inlines_bottom_up_through_call_chains() {
    let text = "fn @leaf(i64) -> i64 {
block0(v0: i64):
    v1 = iconst.i64 3
    v2 = imul v0, v1
    ret v2
}

fn @middle(i64) -> i64 {
block0(v0: i64):
    v1 = call @leaf(v0)
    v2 = call @leaf(v1)
    v3 = iadd v1, v2
    ret v3
}

fn @outer(i64) -> i64 {
block0(v0: i64):
    v1 = call @middle(v0)
    ret v1
}";
    let (out, n) = run(passes::inline, text);
    assert_eq!(n, 3, "{out}");
    let outer = &out[out.find("fn @outer").expect("@outer is printed")..];
    assert!(!outer.contains("call"), "{out}");
}

#[test]
fn promotes_constant_globals() {
    let text = "global @k: i64 = zero
global @n: i64 = zero
fn @get() -> i64 {
block0:
    v0 = global_get @k
    v1 = global_get @n
    v2 = iadd v0, v1
    ret v2
}
fn @main() -> i64 {
block0:
    v0 = iconst.i64 5
    global_set @k, v0
    v1 = call @get()
    global_set @n, v0
    ret v1
}";
    let (out, n) = run(passes::promote_const_globals, text);
    assert_eq!(n, 1, "{out}");
    let get = &out[out.find("fn @get").expect("@get is printed")..];
    assert!(
        get.contains("iconst.i64 5") && get.contains("global_get @n"),
        "{out}"
    );
}

#[test]
fn threads_jumps_through_short_circuit_blocks() {
    let text = "fn @f(i64, i64) -> i64 {
block0(v0: i64, v1: i64):
    v2 = icmp slt v0, v1
    brif v2, block1, block2(v2)

block1:
    v3 = icmp sgt v0, v1
    jump block2(v3)

block2(v4: bool):
    brif v4, block3, block4

block3:
    ret v0

block4:
    ret v1
}";
    let (out, n) = run(passes::optimize, text);
    assert!(n > 0, "{out}");
    assert!(!out.contains("bool"), "the join on a bool is gone:\n{out}");
}

#[test]
fn removes_counts_of_constant_nulls() {
    let text = "fn @f(ref) -> void {
block0(v0: ref):
    v1 = zero ref
    v2 = null
    retain v0
    release v1
    retain v2
    release v0
    ret
}";
    let (out, n) = run(passes::elide_rc, text);
    assert_eq!(n, 3, "{out}");
    assert!(!out.contains("retain") && !out.contains("release"), "{out}");
}

#[test]
fn a_passed_check_covers_later_accesses_to_the_same_element() {
    let text = "fn @swap(ref, i64, i64) -> void {
block0(v0: ref, v1: i64, v2: i64):
    v3 = array_get i64, v0, v1
    v4 = array_get i64, v0, v2
    array_set i64, v0, v1, v4
    array_set i64, v0, v2, v3
    ret
}";
    let (out, n) = run(passes::eliminate_bounds_checks, text);
    assert_eq!(n, 2, "{out}");
    assert_eq!(out.matches("_unchecked").count(), 2, "{out}");
}
