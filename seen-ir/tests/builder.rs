//! The builders: SSA construction through loops and joins, and misuse
//! reported as sentences.

use seen_ir::interp::{DataValue, Interpreter};
use seen_ir::{
    BuildError, FunctionBuilder, FunctionBuilderContext, IntCC, Linkage, Module, Signature, Type,
    Variant, print, verify,
};

fn module_with(sig: Signature) -> (Module, seen_ir::FuncId) {
    let mut m = Module::new("t");
    let f = m.declare_function("f", sig, Linkage::Local);
    (m, f)
}

/// `fn f(n) { var i = 0; var acc = 1; var unused = 7; while i < n { acc = acc * 2; i = i + 1 }; return acc + unused }`
#[test]
fn loop_variables_become_block_parameters() {
    let (mut m, f) = module_with(Signature::new([Type::I32], Type::I32));
    let mut ctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut m, f, &mut ctx);
    let [entry, header, body, exit] = [(); 4].map(|_| b.create_block());
    let n = b.append_block_params_for_function_params(entry)[0];
    let (i, acc, unused) = (
        b.declare_var(Type::I32),
        b.declare_var(Type::I32),
        b.declare_var(Type::I32),
    );
    b.switch_to_block(entry);
    b.seal_block(entry);
    let zero = b.ins().iconst(Type::I32, 0);
    let one = b.ins().iconst(Type::I32, 1);
    let seven = b.ins().iconst(Type::I32, 7);
    b.def_var(i, zero);
    b.def_var(acc, one);
    b.def_var(unused, seven);
    b.ins().jump(header, &[]);

    b.switch_to_block(header);
    let iv = b.use_var(i);
    let c = b.ins().icmp(IntCC::Slt, iv, n);
    b.ins().brif(c, body, &[], exit, &[]);

    b.switch_to_block(body);
    b.seal_block(body);
    let a = b.use_var(acc);
    let two = b.ins().iconst(Type::I32, 2);
    let a2 = b.ins().imul(a, two);
    b.def_var(acc, a2);
    let iv = b.use_var(i);
    let one = b.ins().iconst(Type::I32, 1);
    let i2 = b.ins().iadd(iv, one);
    b.def_var(i, i2);
    b.ins().jump(header, &[]);
    b.seal_block(header);

    b.switch_to_block(exit);
    b.seal_block(exit);
    let a = b.use_var(acc);
    let u = b.use_var(unused);
    let r = b.ins().iadd(a, u);
    b.ins().ret(Some(r));
    b.finalize();

    verify(&m).unwrap_or_else(|e| panic!("{e}\n{}", print(&m)));
    let body = m.func(f).body.as_ref().expect("a body");
    let header_params = body.block_params(header).len();
    assert_eq!(
        header_params,
        2,
        "i and acc change in the loop, `unused` does not:\n{}",
        print(&m)
    );
    let mut interp = Interpreter::new(&m);
    assert_eq!(
        interp.call("f", &[DataValue::I32(5)]),
        Ok(DataValue::I32(39))
    );
    assert_eq!(
        interp.call("f", &[DataValue::I32(0)]),
        Ok(DataValue::I32(8))
    );
    assert_eq!(seen_ir::parse(&print(&m)).expect("parses"), m);
}

/// `x = a; if c { x = b }; return x` gives the join block one parameter.
#[test]
fn if_else_join() {
    let (mut m, f) = module_with(Signature::new(
        [Type::Bool, Type::I64, Type::I64],
        Type::I64,
    ));
    let mut ctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut m, f, &mut ctx);
    let [entry, then, join] = [(); 3].map(|_| b.create_block());
    let p = b.append_block_params_for_function_params(entry);
    let x = b.declare_var(Type::I64);
    b.switch_to_block(entry);
    b.def_var(x, p[1]);
    b.ins().brif(p[0], then, &[], join, &[]);
    b.switch_to_block(then);
    b.def_var(x, p[2]);
    b.ins().jump(join, &[]);
    b.switch_to_block(join);
    let v = b.use_var(x);
    b.ins().ret(Some(v));
    b.seal_all_blocks();
    b.finalize();
    verify(&m).unwrap_or_else(|e| panic!("{e}"));
    let mut interp = Interpreter::new(&m);
    let call = |i: &mut Interpreter, c| {
        i.call(
            "f",
            &[DataValue::Bool(c), DataValue::I64(1), DataValue::I64(2)],
        )
    };
    assert_eq!(call(&mut interp, true), Ok(DataValue::I64(2)));
    assert_eq!(call(&mut interp, false), Ok(DataValue::I64(1)));
}

/// A nested loop with a variable updated only in the outer loop, and a
/// context reused for a second function.
#[test]
fn nested_loops_and_context_reuse() {
    let mut m = Module::new("t");
    let sig = Signature::new([Type::I64], Type::I64);
    let f = m.declare_function("f", sig.clone(), Linkage::Local);
    let g = m.declare_function("g", sig, Linkage::Export("g_c".into()));
    let mut ctx = FunctionBuilderContext::new();
    build_nested(&mut m, f, &mut ctx);
    build_nested(&mut m, g, &mut ctx);
    verify(&m).unwrap_or_else(|e| panic!("{e}\n{}", print(&m)));
    let mut interp = Interpreter::new(&m);
    // sum over i < n of (sum over j < i of 1) = n(n-1)/2
    assert_eq!(
        interp.call("f", &[DataValue::I64(6)]),
        Ok(DataValue::I64(15))
    );
    assert_eq!(
        interp.call("g", &[DataValue::I64(4)]),
        Ok(DataValue::I64(6))
    );
}

fn build_nested(m: &mut Module, f: seen_ir::FuncId, ctx: &mut FunctionBuilderContext) {
    let mut b = FunctionBuilder::new(m, f, ctx);
    let [entry, outer, inner_head, inner, outer_end, exit] = [(); 6].map(|_| b.create_block());
    let n = b.append_block_params_for_function_params(entry)[0];
    let (i, j, total) = (
        b.declare_var(Type::I64),
        b.declare_var(Type::I64),
        b.declare_var(Type::I64),
    );
    b.switch_to_block(entry);
    let zero = b.ins().iconst(Type::I64, 0);
    b.def_var(i, zero);
    b.def_var(total, zero);
    b.ins().jump(outer, &[]);
    b.switch_to_block(outer);
    let iv = b.use_var(i);
    let c = b.ins().icmp(IntCC::Slt, iv, n);
    b.ins().brif(c, inner_head, &[], exit, &[]);
    b.switch_to_block(inner_head);
    let zero = b.ins().iconst(Type::I64, 0);
    b.def_var(j, zero);
    b.ins().jump(inner, &[]);
    b.switch_to_block(inner);
    let jv = b.use_var(j);
    let iv = b.use_var(i);
    let c = b.ins().icmp(IntCC::Slt, jv, iv);
    let step = b.create_block();
    b.ins().brif(c, step, &[], outer_end, &[]);
    b.switch_to_block(step);
    let one = b.ins().iconst(Type::I64, 1);
    let t = b.use_var(total);
    let t2 = b.ins().iadd(t, one);
    b.def_var(total, t2);
    let jv = b.use_var(j);
    let j2 = b.ins().iadd(jv, one);
    b.def_var(j, j2);
    b.ins().jump(inner, &[]);
    b.switch_to_block(outer_end);
    let iv = b.use_var(i);
    let one = b.ins().iconst(Type::I64, 1);
    let i2 = b.ins().iadd(iv, one);
    b.def_var(i, i2);
    b.ins().jump(outer, &[]);
    b.switch_to_block(exit);
    let t = b.use_var(total);
    b.ins().ret(Some(t));
    b.seal_all_blocks();
    b.finalize();
}

/// A variable read in unreachable code (a block nothing branches to) reads as zero.
#[test]
fn unreachable_use_reads_zero() {
    let (mut m, f) = module_with(Signature::new([], Type::I32));
    let mut ctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut m, f, &mut ctx);
    let (entry, dead) = (b.create_block(), b.create_block());
    let x = b.declare_var(Type::I32);
    b.switch_to_block(entry);
    let one = b.ins().iconst(Type::I32, 1);
    b.def_var(x, one);
    b.ins().ret(Some(one));
    b.switch_to_block(dead);
    let v = b
        .try_use_var(x)
        .expect("unreachable code may read a variable");
    b.ins().ret(Some(v));
    b.seal_all_blocks();
    b.finalize();
    verify(&m).unwrap_or_else(|e| panic!("{e}"));
    assert!(print(&m).contains("zero i32"), "{}", print(&m));
}

fn fresh() -> (Module, seen_ir::FuncId, FunctionBuilderContext) {
    let (m, f) = module_with(Signature::new([Type::I32, Type::I8], Type::I32));
    (m, f, FunctionBuilderContext::new())
}

#[test]
fn misuse_is_a_typed_error() {
    let (mut m, f, mut ctx) = fresh();
    let mut b = FunctionBuilder::new(&mut m, f, &mut ctx);
    let (entry, next) = (b.create_block(), b.create_block());
    let p = b.append_block_params_for_function_params(entry);
    assert_eq!(
        b.try_ins().iconst(Type::I32, 1),
        Err(BuildError::NoCurrentBlock)
    );
    b.switch_to_block(entry);
    b.seal_block(entry);
    let err = b.try_ins().iadd(p[0], p[1]).expect_err("mixed widths");
    assert_eq!(
        err.to_string(),
        "`iadd`: arg 1 (v1) has type i8, expected i32"
    );
    let x = b.declare_var(Type::I64);
    assert!(matches!(
        b.try_use_var(x),
        Err(BuildError::UseBeforeDef { .. })
    ));
    assert!(matches!(
        b.try_def_var(x, p[0]),
        Err(BuildError::VarTypeMismatch { .. })
    ));
    assert_eq!(
        b.try_seal_block(entry),
        Err(BuildError::AlreadySealed { block: entry })
    );
    let late = b.try_append_block_param(entry, Type::I32);
    assert_eq!(late, Err(BuildError::LateBlockParam { block: entry }));
    b.ins().iconst(Type::I32, 1);
    assert_eq!(
        b.try_switch_to_block(next),
        Err(BuildError::BlockNotFilled { block: entry, next })
    );
    assert_eq!(
        b.try_ins().jump(entry, &[]),
        Err(BuildError::BranchToEntry { block: entry })
    );
    b.seal_block(next);
    assert_eq!(
        b.try_ins().jump(next, &[]),
        Err(BuildError::BranchToSealed { block: next })
    );
    b.ins().ret(Some(p[0]));
    assert_eq!(
        b.try_ins().ret(Some(p[0])),
        Err(BuildError::BlockFilled { block: entry })
    );
    assert_eq!(
        b.try_switch_to_block(entry),
        Err(BuildError::BlockFilled { block: entry })
    );
    let undeclared = seen_ir::Variable(99);
    assert_eq!(
        b.try_use_var(undeclared),
        Err(BuildError::UndeclaredVar { var: undeclared })
    );
    assert!(b.try_ins().iadd(seen_ir::Value(500), p[0]).is_err());
    b.switch_to_block(next);
    assert_eq!(b.try_finalize(), Err(BuildError::NotFilled { block: next }));
}

#[test]
fn finalize_needs_sealed_blocks() {
    let (mut m, f, mut ctx) = fresh();
    let mut b = FunctionBuilder::new(&mut m, f, &mut ctx);
    let entry = b.create_block();
    let p = b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.ins().ret(Some(p[0]));
    assert_eq!(
        b.try_finalize(),
        Err(BuildError::NotSealed { block: entry })
    );
}

#[test]
fn panicking_forms_panic_with_the_sentence() {
    let (mut m, f, mut ctx) = fresh();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut b = FunctionBuilder::new(&mut m, f, &mut ctx);
        let (entry, next) = (b.create_block(), b.create_block());
        b.switch_to_block(entry);
        b.ins().iconst(Type::I32, 1);
        b.switch_to_block(next);
    }));
    let payload = result.expect_err("switching away from a partial block panics");
    let msg = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        msg,
        "block0 is not filled (it has no terminator) before switching to block1"
    );
}

#[test]
fn module_builder_misuse() {
    let mut m = Module::new("t");
    m.declare_struct("P", &[Type::I32]);
    assert!(matches!(
        m.try_declare_struct("P", &[]),
        Err(BuildError::DuplicateName { .. })
    ));
    let err = m
        .try_declare_struct("Q", &[Type::Void])
        .expect_err("void field");
    assert_eq!(
        err.to_string(),
        "field 0 of `%Q`: `void` is not a value type"
    );
    let f = m.declare_function("d", Signature::new([Type::I64], Type::Void), Linkage::Local);
    let err = m
        .try_declare_object("O", &[], Some(f))
        .expect_err("bad deinit");
    assert_eq!(
        err.to_string(),
        "deinit `@d` must have the signature (ref) -> void"
    );
    let variants = vec![
        Variant {
            name: "A".into(),
            fields: vec![],
        },
        Variant {
            name: "A".into(),
            fields: vec![],
        },
    ];
    assert!(m.try_declare_enum("E", variants).is_err());
    let imp = m.declare_function(
        "imp",
        Signature::new([], Type::Void),
        Linkage::Import("imp".into()),
    );
    let mut ctx = FunctionBuilderContext::new();
    let err = FunctionBuilder::try_new(&mut m, imp, &mut ctx)
        .err()
        .expect("an import has no body");
    assert_eq!(
        err.to_string(),
        "`@imp` is imported, so it cannot have a body"
    );
    assert!(matches!(
        m.try_declare_function("d", Signature::new([], Type::Void), Linkage::Local),
        Err(BuildError::DuplicateName { .. })
    ));
    let t1 = m.tuple(&[Type::I32, Type::F64]);
    assert_eq!(m.tuple(&[Type::I32, Type::F64]), t1, "tuples are interned");
    assert_eq!(
        m.add_loc("a.seen", 1, 2),
        m.add_loc("a.seen", 1, 2),
        "locations are interned"
    );
    let err = m
        .try_add_global("g", Type::I8, seen_ir::Const::Float(0))
        .expect_err("a float for an i8");
    assert_eq!(
        err.to_string(),
        "global `@g`: the constant does not fit type i8"
    );
}

/// Objects, arrays and calls through the builder, run in the interpreter.
#[test]
fn objects_through_the_builder() {
    let mut m = Module::new("t");
    let obj = m.declare_object("Box", &[Type::I64], None);
    let f = m.declare_function("f", Signature::new([Type::I64], Type::I64), Linkage::Local);
    let mut ctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut m, f, &mut ctx);
    let entry = b.create_block();
    let x = b.append_block_params_for_function_params(entry)[0];
    b.switch_to_block(entry);
    b.seal_block(entry);
    let loc = b.loc("t.seen", 1, 1);
    let r = b.ins().alloc(obj);
    b.ins().field_set(obj, r, 0, x);
    let len = b.ins().iconst(Type::I64, 2);
    let arr = b.ins().array_new(Type::Ref, len, Some(loc));
    let zero = b.ins().iconst(Type::I64, 0);
    b.ins().array_set(Type::Ref, arr, zero, r, Some(loc));
    let back = b.ins().array_get(Type::Ref, arr, zero, Some(loc));
    let v = b.ins().field_get(obj, back, 0);
    b.ins().release(arr);
    b.ins().ret(Some(v));
    b.finalize();
    verify(&m).unwrap_or_else(|e| panic!("{e}"));
    let mut interp = Interpreter::new(&m);
    assert_eq!(
        interp.call("f", &[DataValue::I64(3)]),
        Ok(DataValue::I64(3))
    );
    assert!(interp.leaks().is_empty(), "{:?}", interp.leaks());
}
