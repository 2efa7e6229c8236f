//! The runtime's C sources on their own: complete as exported, clean
//! under AddressSanitizer and UBSan, and compilable by the cross C
//! compilers when they are installed.

mod common;

use common::{crate_dir, have, run};
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn runtime_sources_lists_every_file_of_the_runtime_directory() {
    let mut on_disk: Vec<String> = std::fs::read_dir(crate_dir().join("runtime"))
        .expect("runtime/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".c") || n.ends_with(".h"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = seen_std::RUNTIME_SOURCES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    listed.sort();
    assert_eq!(listed, on_disk);
    for (name, text) in seen_std::RUNTIME_SOURCES {
        let file = std::fs::read_to_string(crate_dir().join("runtime").join(name)).expect("file");
        assert_eq!(&file, text, "{name} is stale in RUNTIME_SOURCES");
    }
    assert!(seen_std::runtime_lib_path().is_file());
}

/// Compiles every runtime source with `cc_cmd` and `flags` into objects in
/// `dir`; returns the objects, or the compiler's complaint.
fn compile_all(cc_cmd: &str, flags: &[&str], dir: &Path) -> Result<Vec<PathBuf>, String> {
    let sources = seen_std::write_runtime_sources(&dir.join("src")).map_err(|e| e.to_string())?;
    let mut objects = Vec::new();
    for src in sources {
        let obj = dir
            .join(src.file_name().expect("a name"))
            .with_extension("o");
        let out = Command::new(cc_cmd)
            .args(flags)
            .arg("-c")
            .arg(&src)
            .arg("-o")
            .arg(&obj)
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!(
                "{}: {}",
                src.display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        objects.push(obj);
    }
    Ok(objects)
}

#[test]
fn the_exported_sources_build_with_the_exported_flags_and_pedantic_warnings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut flags = seen_std::RUNTIME_CFLAGS.to_vec();
    flags.push("-Wpedantic");
    let objects = compile_all("cc", &flags, dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(objects.len(), 12);
}

fn sanitizers_work(dir: &Path) -> bool {
    let src = dir.join("probe.c");
    std::fs::write(&src, "int main(void) { return 0; }\n").expect("probe written");
    Command::new("cc")
        .args(["-fsanitize=address,undefined", "-o"])
        .arg(dir.join("probe"))
        .arg(&src)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn clean_under_address_and_undefined_behaviour_sanitizers() {
    let dir = tempfile::tempdir().expect("tempdir");
    if !sanitizers_work(dir.path()) {
        eprintln!("note: this C toolchain has no AddressSanitizer/UBSan; test skipped");
        return;
    }
    let flags = [
        "-std=c11",
        "-O1",
        "-g",
        "-fno-omit-frame-pointer",
        "-fno-strict-aliasing",
        "-fsanitize=address,undefined,float-cast-overflow",
        "-fno-sanitize-recover=all",
        "-Wall",
        "-Wextra",
        "-Werror",
    ];
    let objects = compile_all("cc", &flags, dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let exe = dir.path().join("driver-asan");
    let out = Command::new("cc")
        .args(flags)
        .arg("-I")
        .arg(crate_dir().join("runtime"))
        .arg(crate_dir().join("tests/c/driver.c"))
        .args(&objects)
        .arg("-lm")
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("cc runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // leaks are the runtime's own report here; LeakSanitizer checks that
    // the runs which free everything do free everything
    for (args, stdout, leaks) in [
        (&["selftest"][..], "selftest ok\n", true),
        (&["fuzz"][..], "fuzz ok\n", true),
        (&["hello"][..], "hello\n", true),
        (
            &["format:[%s|%5.1f|%-3d|%b]:sfdb"][..],
            "[s|  1.5|1  |true]\n",
            true,
        ),
        (&["leak"][..], "done\n", false),
    ] {
        let asan = if leaks {
            "detect_leaks=1"
        } else {
            "detect_leaks=0"
        };
        let o = run(
            &exe,
            args,
            &[("ASAN_OPTIONS", asan), ("SEEN_LEAK_CHECK", "1")],
            b"",
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            !err.contains("Sanitizer") && !err.contains("runtime error"),
            "{args:?}: {err}"
        );
        assert_eq!(
            String::from_utf8_lossy(&o.stdout),
            stdout,
            "{args:?}: {err}"
        );
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
    }
    let o = run(&exe, &["echo"], &[], b"one\ntwo");
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "prompt> [one] 3\n[two] 3\neof\n"
    );
    let o = run(&exe, &["panic"], &[], b"");
    assert_eq!(o.status.code(), Some(101));
}

#[test]
fn cross_compilers_build_the_runtime_when_installed() {
    for compiler in ["aarch64-linux-gnu-gcc", "riscv64-linux-gnu-gcc"] {
        if !have(compiler) {
            eprintln!("note: {compiler} is not installed; cross build of the runtime skipped");
            continue;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let objects = compile_all(compiler, seen_std::RUNTIME_CFLAGS, dir.path())
            .unwrap_or_else(|e| panic!("{compiler}: {e}"));
        assert_eq!(objects.len(), 11);
    }
}
