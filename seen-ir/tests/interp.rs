//! Interpreter behaviour that file tests cannot express: leaks, step
//! limits, host functions, misuse, deep structures, and integer semantics
//! checked against Rust's own operations on random operands.

use proptest::prelude::*;
use seen_ir::interp::{DataValue, Interpreter, ObjKind, Trap, TrapKind};
use seen_ir::{Module, parse};

fn module(text: &str) -> Module {
    parse(text).unwrap_or_else(|e| panic!("{e}"))
}

const OBJECTS: &str = r#"
object %Plain { i64 }
object %Node { ref } deinit @resurrect
global @keep: ref = null

fn @leak() -> void {
block0:
    v0 = alloc %Plain
    ret
}

fn @weak_leak() -> void {
block0:
    v0 = alloc %Plain
    v1 = weak_new v0
    release v0
    ret
}

fn @resurrect(ref) -> void {
block0(v0: ref):
    retain v0
    global_set @keep, v0
    ret
}

fn @zombie() -> void {
block0:
    v0 = alloc %Node
    release v0
    ret
}

; A list of n nodes without deinit, released from its head.
object %Link { ref }
fn @long_list(i64) -> void {
block0(v0: i64):
    v1 = null
    v2 = iconst.i64 0
    jump block1(v2, v1)

block1(v3: i64, v4: ref):
    v5 = icmp slt v3, v0
    brif v5, block2, block3

block2:
    v6 = alloc %Link
    field_set %Link, v6, 0, v4
    v7 = iconst.i64 1
    v8 = iadd v3, v7
    jump block1(v8, v6)

block3:
    release v4
    ret
}
"#;

#[test]
fn leaks_are_reported() {
    let m = module(OBJECTS);
    let mut i = Interpreter::new(&m);
    assert_eq!(i.call("leak", &[]), Ok(DataValue::Void));
    let leaks = i.leaks();
    assert_eq!(leaks.len(), 1);
    assert_eq!((leaks[0].strong, leaks[0].weak), (1, 0));
    assert_eq!(
        leaks[0].kind,
        ObjKind::Object(m.type_by_name("Plain").expect("declared"))
    );
    let mut i = Interpreter::new(&m);
    i.call("weak_leak", &[]).expect("runs");
    let leaks = i.leaks();
    assert_eq!(
        (leaks.len(), leaks[0].strong, leaks[0].weak),
        (1, 0, 1),
        "memory held by a weak reference"
    );
}

#[test]
fn resurrection_is_detected() {
    let m = module(OBJECTS);
    let mut i = Interpreter::new(&m);
    let trap = i
        .call("zombie", &[])
        .expect_err("a deinit may not keep its object");
    assert!(trap.to_string().contains("resurrected"), "{trap}");
}

#[test]
fn dropping_a_long_list_does_not_recurse() {
    let m = module(OBJECTS);
    let mut i = Interpreter::new(&m);
    assert_eq!(
        i.call("long_list", &[DataValue::I64(200_000)]),
        Ok(DataValue::Void)
    );
    assert!(i.leaks().is_empty());
    assert_eq!(i.live_objects(), 0);
}

const LOOPS: &str = "
fn @forever() -> void {
block0:
    jump block1

block1:
    jump block1
}

fn @count(i64) -> i64 {
block0(v0: i64):
    v1 = iconst.i64 0
    jump block1(v1)

block1(v2: i64):
    v3 = icmp slt v2, v0
    brif v3, block2, block3

block2:
    v4 = iconst.i64 1
    v5 = iadd v2, v4
    jump block1(v5)

block3:
    ret v2
}
";

#[test]
fn step_limit_stops_endless_loops() {
    let m = module(LOOPS);
    let mut i = Interpreter::new(&m);
    i.set_step_limit(Some(1000));
    let trap = i.call("forever", &[]).expect_err("stopped");
    assert_eq!(trap.kind, TrapKind::StepLimit(1000));
    assert_eq!(trap.function.as_deref(), Some("forever"));
    assert_eq!(
        i.call("count", &[DataValue::I64(10)]),
        Ok(DataValue::I64(10))
    );
    assert!(i.steps() > 40 && i.steps() < 100, "{}", i.steps());
    assert!(
        i.call("count", &[DataValue::I64(10_000)]).is_err(),
        "the limit counts per call"
    );
}

const HOST: &str = r#"
fn @host_add(i64, i64) -> i64 import "host_add"
fn @bad_host() -> i64 import "bad_host"
fn @seen_print_i64(i64) -> void import
fn @seen_exit(i32) -> void import
fn @seen_abort() -> void import

fn @main(i64) -> i64 {
block0(v0: i64):
    v1 = call @host_add(v0, v0)
    call @seen_print_i64(v1)
    v2 = sconst "done"
    call @print(v2)
    ret v1
}

fn @print(ref) -> void import "seen_print"

fn @quit() -> void {
block0:
    v0 = iconst.i32 3
    call @seen_exit(v0)
    ret
}

fn @abort() -> void {
block0:
    call @seen_abort()
    ret
}

fn @wrong() -> i64 {
block0:
    v0 = call @bad_host()
    ret v0
}
"#;

#[test]
fn host_functions() {
    let m = module(HOST);
    let mut i = Interpreter::new(&m);
    i.register_host("host_add", |cx, args| {
        cx.output().extend_from_slice(b"[host] ");
        match args {
            [DataValue::I64(a), DataValue::I64(b)] => Ok(DataValue::I64(a + b)),
            _ => Err(TrapKind::Host("bad arguments".into()).into()),
        }
    });
    i.register_host("bad_host", |_, _| Ok(DataValue::I32(1)));
    assert_eq!(
        i.call("main", &[DataValue::I64(21)]),
        Ok(DataValue::I64(42))
    );
    assert_eq!(String::from_utf8_lossy(&i.take_output()), "[host] 42\ndone");
    assert_eq!(
        i.call("quit", &[]).map_err(|t| t.kind),
        Err(TrapKind::Exit(3))
    );
    assert_eq!(
        i.call("abort", &[]).map_err(|t| t.kind),
        Err(TrapKind::Abort)
    );
    let trap = i
        .call("wrong", &[])
        .expect_err("a host result of the wrong type");
    assert!(
        trap.to_string().contains("its signature says i64"),
        "{trap}"
    );
}

#[test]
fn bad_calls_are_traps() {
    let m = module(LOOPS);
    let mut i = Interpreter::new(&m);
    let kind = |r: Result<DataValue, Trap>| r.expect_err("fails").kind;
    assert!(matches!(
        kind(i.call("nope", &[])),
        TrapKind::InvalidCall(_)
    ));
    assert!(matches!(
        kind(i.call("count", &[DataValue::I32(1)])),
        TrapKind::InvalidCall(_)
    ));
    assert!(matches!(
        kind(i.call("count", &[])),
        TrapKind::InvalidCall(_)
    ));
    let broken = module("fn @f() -> i32 {\nblock0:\n    ret\n}\n");
    let mut i = Interpreter::new(&broken);
    let msg = i.call("f", &[]).expect_err("does not verify").to_string();
    assert!(
        msg.contains("does not verify") && msg.contains("returns nothing"),
        "{msg}"
    );
}

/// One function per integer operation on i32, for the property tests.
const INT_OPS: &str = "
loc0 = \"ops.seen\" 1:1
fn @iadd(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    v2 = iadd v0, v1
    ret v2
}
fn @sadd_trap(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    v2 = sadd_trap v0, v1, loc0
    ret v2
}
fn @smul_trap(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    v2 = smul_trap v0, v1, loc0
    ret v2
}
fn @usub_trap(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    v2 = usub_trap v0, v1, loc0
    ret v2
}
fn @sdiv(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    v2 = sdiv v0, v1, loc0
    ret v2
}
fn @srem(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    v2 = srem v0, v1, loc0
    ret v2
}
fn @udiv(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    v2 = udiv v0, v1, loc0
    ret v2
}
fn @sshr(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    v2 = sshr v0, v1
    ret v2
}
fn @ushr(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    v2 = ushr v0, v1
    ret v2
}
fn @ishl(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    v2 = ishl v0, v1
    ret v2
}
fn @to_int(f64) -> i32 {
block0(v0: f64):
    v1 = fcvt_to_sint_sat.i32 v0
    ret v1
}
";

fn reference(op: &str, a: i32, b: i32) -> Option<i32> {
    let shift = (b as u32) % 32;
    Some(match op {
        "iadd" => a.wrapping_add(b),
        "sadd_trap" => a.checked_add(b)?,
        "smul_trap" => a.checked_mul(b)?,
        "usub_trap" => (a as u32).checked_sub(b as u32)? as i32,
        "sdiv" if b == 0 => return None,
        "sdiv" => a.wrapping_div(b),
        "srem" if b == 0 => return None,
        "srem" => a.wrapping_rem(b),
        "udiv" => (a as u32).checked_div(b as u32)? as i32,
        "sshr" => a >> shift,
        "ushr" => ((a as u32) >> shift) as i32,
        _ => a << shift,
    })
}

proptest! {
    #[test]
    fn integer_ops_match_rust(a in any::<i32>(), b in prop_oneof![any::<i32>(), -2i32..3, Just(i32::MIN)]) {
        let m = module(INT_OPS);
        let mut i = Interpreter::new(&m);
        for op in ["iadd", "sadd_trap", "smul_trap", "usub_trap", "sdiv", "srem", "udiv", "sshr", "ushr", "ishl"] {
            let got = i.call(op, &[DataValue::I32(a), DataValue::I32(b)]);
            match reference(op, a, b) {
                Some(want) => prop_assert_eq!(got, Ok(DataValue::I32(want)), "{}({}, {})", op, a, b),
                None => {
                    let trap = got.expect_err("a trap");
                    prop_assert!(trap.to_string().starts_with("ops.seen:1:1: "), "{}", trap);
                }
            }
        }
    }

    #[test]
    fn float_to_int_saturates(x in any::<f64>()) {
        let m = module(INT_OPS);
        let mut i = Interpreter::new(&m);
        let want = if x.is_nan() { 0 } else { x.trunc().clamp(i32::MIN as f64, i32::MAX as f64) as i32 };
        prop_assert_eq!(i.call("to_int", &[DataValue::F64(x)]), Ok(DataValue::I32(want)));
    }
}
