//! Prints the tree and diagnostics of a file: `cargo run -p seen-syntax --example dump FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump FILE");
    let text = std::fs::read_to_string(&path).expect("readable file");
    let arena = seen_syntax::Arena::new();
    let parsed = seen_syntax::parse(&text, seen_syntax::Pack::english(), &arena);
    print!("{}", seen_syntax::ast::print::file(&parsed.ast));
    let mut files = seen_syntax::SourceMap::new();
    files.add(path, text.clone());
    for d in &parsed.diagnostics {
        print!(
            "{}",
            seen_syntax::diagnostics::render::render_text(d, &files, Default::default())
        );
    }
}
