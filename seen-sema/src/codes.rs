//! The checker's diagnostic codes and their explanations (`seen explain`).

pub use seen_syntax::diagnostics::codes::CodeDoc;

macro_rules! codes {
    ($( $name:ident = $code:literal, $title:literal, $explanation:expr; )*) => {
        $(
            #[doc = $title]
            pub const $name: &str = $code;
        )*
        /// Every code of the checker, in order.
        pub static CODES: &[CodeDoc] = &[
            $( CodeDoc { code: $code, title: $title, explanation: $explanation }, )*
        ];
    };
}

codes! {
    NO_STD = "E0099", "the standard library is missing",
        "The checker needs the standard library's sources (`seen-std/std`). This error means the tool \
that ran the checker did not pass them: it is a bug in that tool, not in your program.";
    UNRESOLVED = "E0100", "unresolved name",
        "A name is used that no declaration in scope has.\n\n```seen\nfun main() {\n    println(totl)\n}\n```\n\n\
Check the spelling (the message suggests close names), declare it, or import it \
(`import std.math.sqrt`).";
    UNRESOLVED_TYPE = "E0101", "unresolved type",
        "A type name is used that no declaration in scope has.\n\n```seen\nlet x: Integer = 1\n```\n\n\
Check the spelling (`Int`), or import the type.";
    UNRESOLVED_IMPORT = "E0102", "unresolved import",
        "An import names a module or declaration that does not exist.\n\n```seen\nimport std.maths.sqrt\n```\n\n\
Module paths follow file paths under `src/` (`src/net/http.seen` is `net.http`); the standard \
library's are listed in docs/language.md.";
    DUPLICATE = "E0103", "duplicate declaration",
        "Two declarations in one scope have the same name. Only functions may share a name, as \
overloads with different parameter types.\n\n```seen\nlet x = 1\nlet x = 2\n```";
    TOP_LEVEL_DESTRUCTURING = "E0104", "destructuring outside a function",
        "`let (a, b) = pair` declares local values; at the top level or in a class, declare each \
property by name.";
    TYPE_ARGS = "E0105", "wrong number of type arguments",
        "A generic type or function was given more or fewer type arguments than it declares.\n\n\
```seen\nlet m: Map<String> = mapOf()\n```\n\n`Map` takes two: `Map<String, Int>`.";
    NOT_A_TYPE = "E0106", "not a type",
        "A name that is not a type (a function, a value, a module) is used where a type belongs.";
    CYCLE = "E0107", "declaration depends on itself",
        "A declaration's type depends on itself: a type alias that refers to itself, a class that \
inherits from itself, or a function whose inferred return type needs its own result.\n\n\
```seen\nfun f() = f()\n```\n\nWrite the type explicitly (`fun f(): Int = f()`).";
    MISMATCH = "E0110", "mismatched types",
        "A value of one type is used where another is expected.\n\n```seen\nlet n: Int = \"42\"\n```\n\n\
Numbers are never converted implicitly: write `.toInt()`, `.toDouble()`, ... A `T?` is not a `T`: \
check it for null, or use `?:` or `!!`.";
    LITERAL_RANGE = "E0111", "literal out of range",
        "An integer literal does not fit in the type it is given.\n\n```seen\nlet b: UInt8 = 300\n```";
    NOT_A_VALUE = "E0112", "not a value",
        "A type or a function is used as a value. Call a function (`f()`) or take a reference (`::f`); \
make an instance of a type with its constructor (`Point(1, 2)`).";
    NO_THIS = "E0113", "no `this` here",
        "`this` is used outside a class, an extension or a lambda with a receiver, or `this@Name` names no \
enclosing class.";
    NO_MEMBER = "E0114", "no such member",
        "The receiver's type has no property or method with this name, and no extension in scope \
provides one.\n\n```seen\nlet s = \"abc\"\nprintln(s.size)   // a String has `length`\n```";
    NULLABLE_RECEIVER = "E0115", "member of a nullable value",
        "A member is reached through a value that may be null.\n\n```seen\nfun f(s: String?) = s.length\n```\n\n\
Use `s?.length` (null when `s` is), `s!!.length` (panics when it is), or check `if (s != null)` first.";
    OPERATOR = "E0116", "operator does not apply",
        "An operator is used on types it is not defined for. Arithmetic needs two numbers of the same \
type (`1 + 2.0` is an error: write `1.toDouble() + 2.0`); `+` on a `String` concatenates; other types \
define operators with `operator fun`.";
    INCOMPARABLE = "E0117", "values that are never equal",
        "`==`, `!=` or a `when` value compares values of unrelated types, which are never equal.\n\n\
```seen\nif (count == \"3\") { }\n```";
    IDENTITY = "E0118", "identity of a value type",
        "`===` and `!==` compare references; numbers, `Boolean`, `Char`, structs and data classes with \
only `let` properties have no identity. Use `==`.";
    REASSIGN = "E0119", "assignment to a `let`",
        "A `let` local or property is assigned after its initialisation.\n\n```seen\nlet n = 1\nn = 2\n```\n\n\
Declare it with `var`.";
    STRUCT_LET = "E0120", "field of a struct held by `let`",
        "A struct is a value: changing a field changes the binding that holds it, so that binding must \
be a `var`.\n\n```seen\nlet p = Point(1, 2)\np.x = 3      // declare `var p`\n```";
    UNASSIGNED = "E0121", "read before assignment",
        "A local declared without a value is read on a path where it has not been assigned.\n\n\
```seen\nlet x: Int\nif (c) { x = 1 }\nprintln(x)\n```";
    ABSTRACT_INSTANCE = "E0122", "instance of an abstract type",
        "Traits, `abstract` classes and `sealed` classes cannot be created directly; create one of \
their concrete subclasses.";
    NOT_CALLABLE = "E0123", "not callable",
        "Something that is neither a function nor a value of function type (nor has `operator fun \
invoke`) is called.";
    ARGUMENTS = "E0124", "wrong arguments",
        "A call gives too many or too few arguments, names a parameter that does not exist, or \
gives one twice.\n\n```seen\nfun area(w: Int, h: Int) = w * h\narea(3)\n```";
    NO_OVERLOAD = "E0125", "no overload fits",
        "Several functions have this name and none accepts these arguments. The message lists them.";
    CANNOT_INFER = "E0126", "cannot infer a type",
        "The checker cannot tell a type from the code: a variable with neither type nor value, `null` \
alone, `emptyList()` with nothing to say the element type, a lambda parameter without an expected \
function type. Write the type (`let xs: List<Int> = emptyList()`, `emptyList<Int>()`).";
    SUSPEND = "E0127", "suspending call outside a coroutine",
        "A `suspend` function is called from a function that is not `suspend` and not inside a \
coroutine builder (`runBlocking`, `launch`, `async`).";
    LAMBDA_PARAMS = "E0128", "lambda parameters",
        "A lambda without declared parameters has one implicit parameter, `it`; when the expected \
function takes several, name them: `{ a, b -> a + b }`.";
    MISSING_RETURN = "E0129", "missing return",
        "A function with a result type other than `Unit` can reach the end of its block body without \
`return`.\n\n```seen\nfun sign(x: Int): Int {\n    if (x < 0) return -1\n}\n```";
    NO_BODY = "E0130", "function without a body",
        "Only trait members, `abstract` members and `external` functions may omit their body.";
    DESTRUCTURE = "E0131", "cannot destructure",
        "A destructuring declaration or pattern names more parts than the value has, or the value is \
not a tuple, `Pair`, data class, map entry or indexed value.";
    NOT_ITERABLE = "E0132", "not iterable",
        "`for` takes ranges, strings, collections, maps and any value with `fun iterator()` whose \
result has `hasNext()` and `next()`.";
    JUMP = "E0133", "misplaced jump",
        "`break` or `continue` outside a loop (or out of a lambda into the loop around it), a label no \
enclosing loop or lambda has, or a bare `return` in a lambda that is not passed to an `inline` \
function (use `return@label`).";
    TRY_CONTEXT = "E0134", "`try` or `throw` outside a `Result` function",
        "Prefix `try` and `throw` return the error from the enclosing function, so it must return a \
`Result` (or they must be inside `try { } catch`).\n\n```seen\nfun main() {\n    let n = try parse(\"1\")\n}\n```\n\n\
Handle the error instead: `parse(\"1\").getOrElse { 0 }`, `.unwrap()`, or `try { } catch (e: E) { }`.";
    NOT_EXHAUSTIVE = "E0135", "`when` is not exhaustive",
        "A `when` used as a value, or any `when` over an enum, a sealed class or `Boolean`, must cover \
every case. The message names the missing ones; add arms for them or an `else` arm.";
    WHEN_SUBJECT = "E0136", "pattern in a `when` without a subject",
        "`is`, `in` and destructuring conditions match a subject: write `when (x) { ... }`.";
    OVERRIDE = "E0137", "bad override",
        "`override` marks a member that replaces one of a supertype: it must exist there, be `open`, \
`abstract` or a trait member, and have the same parameter types and a compatible type. A member \
that replaces one without `override` is an error too.";
    ABSTRACT_MEMBER = "E0138", "abstract member not implemented",
        "A concrete class inherits a trait member without a body or an `abstract` member and gives it \
none. Implement it with `override`, or mark the class `abstract`.";
    BAD_SUPERTYPE = "E0139", "bad supertype",
        "A class extends at most one class (and any number of traits); structs, enums and traits \
implement traits only; only classes and traits can be inherited from.";
    FINAL_BASE = "E0140", "final base class",
        "Classes are final unless marked `open`, `abstract` or `sealed`; a sealed class's cases are \
declared in its own module.";
    DATA_CLASS = "E0141", "data class without properties",
        "A data class needs a primary constructor with at least one property: \
`data class Point(let x: Int, let y: Int)`.";
    VISIBILITY = "E0142", "not visible",
        "A `private` declaration is used outside its file (a member: outside its class), or an \
`internal` one outside its package.";
    MUTATING = "E0143", "`mutating` method on a `let` struct",
        "A struct method that changes `this` is marked `mutating` and may be called only on a `var` \
binding (or another mutating method's `this`).";
    CONST = "E0144", "not a compile-time constant",
        "A `const` initialiser, an array size or a const generic argument must be computable by the \
compiler: literals, other constants, operators on them and `@compile_time` functions.";
    BOUND = "E0145", "type argument outside its bound",
        "A generic function or type is used with a type argument that does not satisfy the bound of \
its parameter.\n\n```seen\nfun <T : Comparable<T>> largest(a: T, b: T): T = if (a > b) a else b\n\
largest(listOf(1), listOf(2))   // a List is not Comparable\n```";
    MAIN = "E0146", "wrong signature for `main`",
        "The program's entry point is `fun main()` or `fun main(args: List<String>)`, either \
returning nothing or an `Int` (the exit status).";
    FFI = "E0147", "not allowed across the C boundary",
        "An `external` function (implemented in C) has a body, or an `external` or `@export` function \
takes or returns a type C cannot see. What crosses: integers, floats, `Boolean`, `Ptr<T>` and \
`@repr(C)` structs.\n\n```seen\n@link(\"m\")\nexternal fun cbrt(x: Double): Double\n\n\
@export(\"seen_add\")\nfun add(a: Int32, b: Int32): Int32 = a + b\n```";
    UNSAFE = "E0148", "raw pointer outside `unsafe`",
        "The members of `Ptr<T>` (`load`, `store`, `+`, `-`, `cast`, ...) read or write memory the \
program does not own; they are allowed only inside `unsafe { }`.\n\n```seen\n\
fun peek(p: Ptr<Int32>): Int32 = unsafe { p.load() }\n```";
    WEAK = "E0149", "misplaced `weak`",
        "A `weak` reference does not keep its target alive and reads as `null` once the target is \
gone, so it is a `var` of a nullable class type: `weak var parent: Node? = null`.";
    OPERATOR_DECL = "E0150", "bad operator function",
        "`operator` marks a function that gives an operator its meaning; it must be one of the \
operators LANGUAGE.md lists, with the right number of parameters (`+` one, or none for unary \
plus; `+=` one, returning `Unit`; `++` none; `compareTo` one, returning `Int`; `get` at least one; \
`set` at least two).";
    NOT_SUPPORTED = "E0190", "not supported by code generation yet",
        "The program is correct Seen, but the native code generator does not compile this construct \
yet (`seen check` accepts it). docs/codegen-status.md lists what `seen build` and `seen run` \
compile today; coroutines, SIMD, logging and `seen test` come with later releases.";
    NO_MAIN = "E0191", "no `main` function",
        "An executable starts at a top-level `fun main()` (or `fun main(args: List<String>)`, \
optionally returning `Int`, the exit status) in the package's own files.\n\n```seen\nfun main() {\n    println(\"hello\")\n}\n```";
    UNUSED = "W0100", "unused variable",
        "A local is declared and never read. Remove it, or start its name with `_` to say it is unused \
on purpose.";
    UNREACHABLE = "W0101", "unreachable code",
        "Code after a `return`, `throw`, `break`, `continue` or another `Nothing` expression never runs.";
    REDUNDANT_NULL_CHECK = "W0102", "null check on a non-null value",
        "`?.`, `!!` or `?:` is applied to a value whose type cannot be null; it has no effect.";
    IMPOSSIBLE_CAST = "W0103", "cast or `is` that never succeeds",
        "The value's type and the target type are unrelated, so `as` always fails (panics) and `is` is \
always false.";
    DUPLICATE_ARM = "W0104", "`when` arm that never matches",
        "An arm's condition is covered by an earlier arm (the same constant, entry or type).";
    UNUSED_RESULT = "W0105", "discarded `Result`",
        "A call's `Result` is thrown away, so its error is silently ignored. Handle it (`try`, \
`unwrap()`, `getOrElse`), or write `let _ = f()` to discard it on purpose.";
}
