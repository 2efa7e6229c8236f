//! Every vector type against every vector operation: a generated program
//! computes each lane-wise operation, comparison, mask, shuffle,
//! reduction, conversion and memory round trip on constant vectors of
//! each of the 25 vector types and prints every lane; the executable and
//! the JIT (debug and release) must print what the interpreter prints.

mod common;

use common::{Expected, compare, expected, run_exe, run_jit};
use seen_codegen::{IrOptions, OptLevel, compile_ir};
use seen_ir::interp::Interpreter;
use std::fmt::Write;

const FLOATS: [&str; 12] = [
    "1.5", "-2.25", "0.0", "-0.0", "3.75", "nan", "inf", "1e10", "-7.0", "0.5", "-inf", "2.5",
];

/// One vector type: lane type name, lane bits, lanes.
#[derive(Copy, Clone)]
struct V {
    lane: &'static str,
    bits: u32,
    lanes: u32,
}

impl V {
    fn name(self) -> String {
        format!("v{}x{}", self.lanes, self.lane)
    }
    fn float(self) -> bool {
        self.lane.starts_with('f')
    }
    fn mask(self) -> V {
        V {
            lane: match self.bits {
                32 => "i32",
                64 => "i64",
                16 => "i16",
                _ => "i8",
            },
            ..self
        }
    }
}

fn all_types() -> Vec<V> {
    let mut out = Vec::new();
    for (lane, bits) in [
        ("i8", 8),
        ("i16", 16),
        ("i32", 32),
        ("i64", 64),
        ("f32", 32),
        ("f64", 64),
    ] {
        let mut lanes = 2;
        while lanes * bits <= 512 {
            out.push(V { lane, bits, lanes });
            lanes *= 2;
        }
    }
    out
}

struct Gen {
    out: String,
    next: u32,
}

impl Gen {
    fn def(&mut self, rhs: &str) -> String {
        self.next += 1;
        let v = format!("v{}", self.next);
        let _ = writeln!(self.out, "    {v} = {rhs}");
        v
    }
    fn line(&mut self, s: &str) {
        let _ = writeln!(self.out, "    {s}");
    }

    /// A scalar constant of lane type `v.lane`, number `k`.
    fn scalar(&mut self, v: V, k: u32) -> String {
        if v.float() {
            let f = FLOATS[(k as usize * 7 + 3) % FLOATS.len()];
            self.def(&format!("fconst.{} {f}", v.lane))
        } else {
            let x = (i64::from(k) * 73 + 29) % 251 - 125;
            let x = if k % 5 == 4 { x * 1_000_003 } else { x };
            let bits = v.bits;
            let wrapped = if bits == 64 {
                x
            } else {
                (x << (64 - bits)) >> (64 - bits)
            };
            self.def(&format!("iconst.{} {wrapped}", v.lane))
        }
    }

    /// A vector whose lanes are constants `seed`, `seed+1`...
    fn vector(&mut self, v: V, seed: u32) -> String {
        let first = self.scalar(v, seed);
        let mut acc = self.def(&format!("splat.{} {first}", v.name()));
        for lane in 1..v.lanes {
            let x = self.scalar(v, seed + lane);
            acc = self.def(&format!("insertlane {acc}, {lane}, {x}"));
        }
        acc
    }

    /// Prints one scalar of lane type `lane`.
    fn print_scalar(&mut self, x: &str, lane: &str) {
        let w = match lane {
            "i64" => x.to_string(),
            "i8" | "i16" | "i32" => self.def(&format!("sextend.i64 {x}")),
            "f32" | "f64" => {
                let (it, nan) = if lane == "f32" {
                    ("i32", "0x7fc00000")
                } else {
                    ("i64", "0x7ff8000000000000")
                };
                let uno = self.def(&format!("fcmp uno {x}, {x}"));
                let b = self.def(&format!("bitcast.{it} {x}"));
                let c = self.def(&format!("iconst.{it} {nan}"));
                let s = self.def(&format!("select {uno}, {c}, {b}"));
                return self.print_scalar(&s, it);
            }
            _ => self.def(&format!("bint.i64 {x}")),
        };
        self.line(&format!("call @print({w})"));
    }

    fn print_vector(&mut self, x: &str, v: V) {
        for lane in 0..v.lanes {
            let e = self.def(&format!("extractlane {x}, {lane}"));
            self.print_scalar(&e, v.lane);
        }
    }

    fn marker(&mut self, n: i64) {
        let m = self.def(&format!("iconst.i64 {n}"));
        self.line(&format!("call @print({m})"));
    }
}

/// The body of `@t_<type>`: every operation on `v`.
fn body(g: &mut Gen, v: V, index: usize) {
    let a = g.vector(v, 1);
    let b = g.vector(v, 5);
    g.marker(index as i64 * 1000);
    lanewise(g, v, &a, &b);
    g.marker(index as i64 * 1000 + 1);
    if v.float() {
        float_extras(g, v, &a, &b);
    } else {
        int_extras(g, v, &a, &b);
    }
    g.marker(index as i64 * 1000 + 2);
    masks_and_shuffles(g, v, &a, &b);
    conversions(g, v, &a);
    memory(g, v, &a, &b);
}

/// Two- and one-operand lane-wise arithmetic.
fn lanewise(g: &mut Gen, v: V, a: &str, b: &str) {
    let ops: &[&str] = if v.float() {
        &[
            "fadd",
            "fsub",
            "fmul",
            "fdiv",
            "frem",
            "fmin",
            "fmax",
            "fcopysign",
        ]
    } else {
        &["iadd", "isub", "imul", "band", "bor", "bxor"]
    };
    for op in ops {
        let r = g.def(&format!("{op} {a}, {b}"));
        g.print_vector(&r, v);
    }
    let unary: &[&str] = if v.float() {
        &["fneg", "fabs", "sqrt", "floor", "ceil", "trunc", "nearest"]
    } else {
        &["ineg", "bnot"]
    };
    for op in unary {
        let r = g.def(&format!("{op} {a}"));
        g.print_vector(&r, v);
    }
}

/// `fma`, every `fcmp` condition, the float reductions.
fn float_extras(g: &mut Gen, v: V, a: &str, b: &str) {
    let c = g.vector(v, 9);
    let r = g.def(&format!("fma {a}, {b}, {c}"));
    g.print_vector(&r, v);
    for cc in ["eq", "ne", "lt", "le", "gt", "ge", "ord", "uno"] {
        let m = g.def(&format!("fcmp {cc} {a}, {b}"));
        g.print_vector(&m, v.mask());
    }
    for op in ["reduce_add", "reduce_fmin", "reduce_fmax"] {
        let r = g.def(&format!("{op} {a}"));
        g.print_scalar(&r, v.lane);
    }
}

/// Shifts by several counts, every `icmp` condition, the integer reductions.
fn int_extras(g: &mut Gen, v: V, a: &str, b: &str) {
    for op in ["ishl", "sshr", "ushr"] {
        for amount in [1, 3, v.bits as i64 + 2] {
            let n = g.def(&format!("iconst.i32 {amount}"));
            let r = g.def(&format!("{op} {a}, {n}"));
            g.print_vector(&r, v);
        }
    }
    for cc in [
        "eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge",
    ] {
        let m = g.def(&format!("icmp {cc} {a}, {b}"));
        g.print_vector(&m, v);
    }
    for op in [
        "reduce_add",
        "reduce_smin",
        "reduce_umin",
        "reduce_smax",
        "reduce_umax",
    ] {
        let r = g.def(&format!("{op} {a}"));
        g.print_scalar(&r, v.lane);
    }
}

/// `vselect`, `select`, shuffles (reversed, interleaved).
fn masks_and_shuffles(g: &mut Gen, v: V, a: &str, b: &str) {
    let m = if v.float() {
        g.def(&format!("fcmp lt {a}, {b}"))
    } else {
        g.def(&format!("icmp slt {a}, {b}"))
    };
    let s = g.def(&format!("vselect {m}, {a}, {b}"));
    g.print_vector(&s, v);
    let t = g.def("bconst false");
    let s = g.def(&format!("select {t}, {a}, {b}"));
    g.print_vector(&s, v);
    let rev: Vec<String> = (0..v.lanes).rev().map(|i| i.to_string()).collect();
    let s = g.def(&format!("shuffle {a}, {b}, [{}]", rev.join(", ")));
    g.print_vector(&s, v);
    let mix: Vec<String> = (0..v.lanes)
        .map(|i| if i % 2 == 0 { i / 2 } else { v.lanes + i / 2 }.to_string())
        .collect();
    let s = g.def(&format!("shuffle {a}, {b}, [{}]", mix.join(", ")));
    g.print_vector(&s, v);
}

/// Bitcasts to bytes and back, to a scalar and back, and `zero`.
fn conversions(g: &mut Gen, v: V, a: &str) {
    let name = v.name();
    let bytes = V {
        lane: "i8",
        bits: 8,
        lanes: v.lanes * v.bits / 8,
    };
    if bytes.lanes <= 64 {
        let c = g.def(&format!("bitcast.{} {a}", bytes.name()));
        g.print_vector(&c, bytes);
        let back = g.def(&format!("bitcast.{name} {c}"));
        g.print_vector(&back, v);
    }
    let total = v.lanes * v.bits;
    if total <= 64 {
        let it = format!("i{total}");
        let c = g.def(&format!("bitcast.{it} {a}"));
        g.print_scalar(&c, &it);
        let back = g.def(&format!("bitcast.{name} {c}"));
        g.print_vector(&back, v);
    }
    let z = g.def(&format!("zero {name}"));
    g.print_vector(&z, v);
}

/// A stack slot, a tuple, an enum payload, a call, an array.
fn memory(g: &mut Gen, v: V, a: &str, b: &str) {
    let name = v.name();
    let p = g.def("stack_addr ss0");
    g.line(&format!("store {a}, {p}, 16"));
    let l = g.def(&format!("load.{name} {p}, 16"));
    g.print_vector(&l, v);
    let one = g.def("iconst.i8 7");
    let st = g.def(&format!("struct_new {{i8, {name}}}, {one}, {b}"));
    let x = g.def(&format!("extract {st}, 1"));
    g.print_vector(&x, v);
    let e = g.def(&format!("enum_new %E_{name}, B({a}, {one})"));
    let x = g.def(&format!("enum_payload %E_{name}, {e}, B, 0"));
    g.print_vector(&x, v);
    let x = g.def(&format!("enum_payload %E_{name}, {e}, B, 1"));
    g.print_scalar(&x, "i8");
    let r = g.def(&format!("call @swap_{name}({a}, {one}, {b})"));
    let x = g.def(&format!("extract {r}, 0"));
    g.print_vector(&x, v);
    let n = g.def("iconst.i64 3");
    let arr = g.def(&format!("array_new {name}, {n}"));
    let i1 = g.def("iconst.i64 1");
    g.line(&format!("array_set {name}, {arr}, {i1}, {b}"));
    let x = g.def(&format!("array_get {name}, {arr}, {i1}"));
    g.print_vector(&x, v);
    g.line(&format!("release {arr}"));
}

fn program() -> String {
    let mut out = String::from("module \"simd_matrix\"\n\n");
    let types = all_types();
    for v in &types {
        let n = v.name();
        let _ = writeln!(out, "enum %E_{n} {{ A(i8), B({n}, i8) }}");
    }
    out.push_str("\nfn @print(i64) -> void import \"seen_print_i64\"\n");
    for v in &types {
        let n = v.name();
        let _ = write!(
            out,
            "\nfn @swap_{n}({n}, i8, {n}) -> {{{n}, i8}} {{\nblock0(v0: {n}, v1: i8, v2: {n}):\n    v3 = struct_new {{{n}, i8}}, v2, v1\n    ret v3\n}}\n"
        );
    }
    for (i, v) in types.iter().enumerate() {
        let mut g = Gen {
            out: String::new(),
            next: 0,
        };
        body(&mut g, *v, i);
        let _ = write!(
            out,
            "\nfn @t_{}() -> void {{\n    ss0 = stack_slot 96, align 16\nblock0:\n{}    ret\n}}\n",
            v.name(),
            g.out
        );
    }
    out.push_str("\nfn @main() -> void {\nblock0:\n");
    for v in &types {
        let _ = writeln!(out, "    call @t_{}()", v.name());
    }
    out.push_str("    ret\n}\n");
    out
}

#[test]
fn every_vector_type_and_operation_matches_the_interpreter() {
    let text = program();
    let module = match seen_ir::parse(&text) {
        Ok(m) => m,
        Err(e) => panic!("the generated program does not parse: {e}"),
    };
    if let Err(e) = seen_ir::verify(&module) {
        panic!("the generated program does not verify: {e}");
    }
    let mut interp = Interpreter::new(&module);
    let result = interp.call("main", &[]);
    let want = expected(&result, interp.output());
    assert!(
        matches!(want, Expected::Outcome { code: 0, .. }),
        "the interpreter: {result:?}"
    );
    let lines = interp.output().iter().filter(|&&b| b == b'\n').count();
    assert!(lines > 10_000, "only {lines} lanes printed");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut failures = Vec::new();
    for level in [OptLevel::Debug, OptLevel::Release] {
        let exe = dir.path().join(format!("simd-{level:?}"));
        match compile_ir(&module, &IrOptions::new(&exe).opt_level(level)) {
            Ok(_) => {
                if let Err(e) = compare(&want, &run_exe(&exe, &[], &[])) {
                    failures.push(format!("executable {level:?}: {e}"));
                }
            }
            Err(e) => failures.push(format!("compile {level:?}: {e}")),
        }
    }
    for debug in [true, false] {
        match run_jit(&module, &[], debug, false) {
            Ok(got) => {
                if let Err(e) = compare(&want, &got) {
                    failures.push(format!("JIT debug={debug}: {e}"));
                }
            }
            Err(e) => failures.push(format!("JIT debug={debug}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
