//! Embeds every keyword pack under `../keywords/` as a built-in pack.

use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../keywords");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut packs: Vec<String> = fs::read_dir(&dir)
        .expect("the keyword pack directory `keywords/` exists at the workspace root")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            p.file_stem()
                .expect("a .toml file has a stem")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    packs.sort();
    let mut out = String::from("/// The built-in packs: `(code, TOML text)`, sorted by code.\n");
    out.push_str("pub static BUILTIN: &[(&str, &str)] = &[\n");
    for code in &packs {
        let path = dir.join(format!("{code}.toml"));
        println!("cargo:rerun-if-changed={}", path.display());
        out.push_str(&format!(
            "    ({code:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_packs.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
