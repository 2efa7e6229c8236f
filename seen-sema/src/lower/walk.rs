//! A walk over the expressions of a body, for the analyses the lowering
//! makes before it lowers a function (which lambdas become values, which
//! `var`s they capture).

use seen_syntax::ast;

/// Calls `f` on every expression of `block`, outermost first; `f`
/// returns whether to walk into the expression's parts.
pub(super) fn block<'a>(b: &'a ast::Block<'a>, f: &mut impl FnMut(&'a ast::Expr<'a>) -> bool) {
    for s in b.stmts {
        match &s.kind {
            ast::StmtKind::Expr(e) => expr(e, f),
            ast::StmtKind::Decl(item) => decl(item, f),
            ast::StmtKind::Assign(a) => {
                expr(&a.target, f);
                expr(&a.value, f);
            }
            ast::StmtKind::For(l) => {
                expr(&l.iterable, f);
                block(&l.body, f);
            }
            ast::StmtKind::While(w) | ast::StmtKind::DoWhile(w) => {
                expr(&w.cond, f);
                block(&w.body, f);
            }
        }
    }
}

/// A local declaration's initialiser, or a local function's body (which
/// sees, and may capture, the locals around it; local classes are bodies
/// of their own).
fn decl<'a>(item: &'a ast::Item<'a>, f: &mut impl FnMut(&'a ast::Expr<'a>) -> bool) {
    match &item.kind {
        ast::ItemKind::Property(p) => {
            if let Some(init) = &p.init {
                expr(init, f);
            }
        }
        ast::ItemKind::Fun(fun) => match &fun.body {
            Some(ast::FunBody::Block(b)) => block(b, f),
            Some(ast::FunBody::Expr(x)) => expr(x, f),
            None => {}
        },
        _ => {}
    }
}

/// Calls `f` on `e` and, when it says so, on its parts.
pub(super) fn expr<'a>(e: &'a ast::Expr<'a>, f: &mut impl FnMut(&'a ast::Expr<'a>) -> bool) {
    if !f(e) {
        return;
    }
    use ast::ExprKind as K;
    match &e.kind {
        K::Str(s) => {
            for p in s.parts {
                if let ast::StrPart::Expr(x) = p {
                    expr(x, f);
                }
            }
        }
        K::Paren(x) | K::Unary { expr: x, .. } | K::Postfix { expr: x, .. } => expr(x, f),
        K::Is { expr: x, .. } | K::As { expr: x, .. } | K::TryOp(x) | K::Throw(x) => expr(x, f),
        K::Annotated { expr: x, .. } => expr(x, f),
        K::Member { receiver, .. } | K::TupleIndex { receiver, .. } => expr(receiver, f),
        K::Ref {
            receiver: Some(r), ..
        } => expr(r, f),
        K::Tuple(xs) => xs.iter().for_each(|x| expr(x, f)),
        K::Binary { lhs, rhs, .. } | K::Infix { lhs, rhs, .. } => {
            expr(lhs, f);
            expr(rhs, f);
        }
        K::Call {
            callee,
            args,
            trailing,
            ..
        } => {
            expr(callee, f);
            args.iter().for_each(|a| expr(&a.value, f));
            if let Some(l) = trailing {
                block(&l.body, f);
            }
        }
        K::Index { receiver, indices } => {
            expr(receiver, f);
            indices.iter().for_each(|x| expr(x, f));
        }
        K::Lambda(l) => block(&l.body, f),
        K::AnonFun(fun) => match &fun.body {
            Some(ast::FunBody::Block(b)) => block(b, f),
            Some(ast::FunBody::Expr(x)) => expr(x, f),
            None => {}
        },
        K::If(i) => {
            expr(&i.cond, f);
            block(&i.then, f);
            if let Some(els) = &i.els {
                block(els, f);
            }
        }
        K::When(w) => {
            if let Some(s) = &w.subject {
                expr(&s.expr, f);
            }
            for arm in w.arms {
                for c in arm.conds {
                    match c {
                        ast::WhenCond::Expr(x) | ast::WhenCond::In { expr: x, .. } => expr(x, f),
                        _ => {}
                    }
                }
                if let Some(g) = &arm.guard {
                    expr(g, f);
                }
                block(&arm.body, f);
            }
        }
        K::Try(t) => {
            block(&t.body, f);
            t.catches.iter().for_each(|c| block(&c.body, f));
            if let Some(fin) = &t.finally {
                block(fin, f);
            }
        }
        K::Return { value: Some(x), .. } => expr(x, f),
        K::Unsafe(b) | K::Block(b) => block(b, f),
        _ => {}
    }
}
