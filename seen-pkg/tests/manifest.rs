//! Manifest errors: each case is a manifest and the diagnostics it must
//! produce, as `path:line:col: error[CODE]: message` lines.

use std::path::Path;

use seen_pkg::Error;
use seen_pkg::manifest::{DepKind, FeatureValue, Manifest};

fn errors(text: &str) -> String {
    match Manifest::parse(text, Path::new("Seen.toml")) {
        Ok(_) => "ok".to_string(),
        Err(Error::File(f)) => f.to_string(),
        Err(other) => format!("unexpected error: {other}"),
    }
}

fn help(text: &str) -> Vec<Option<String>> {
    match Manifest::parse(text, Path::new("Seen.toml")) {
        Err(Error::File(f)) => f.diagnostics.iter().map(|d| d.help.clone()).collect(),
        other => panic!("expected diagnostics, got {other:?}"),
    }
}

const PACKAGE: &str = "[package]\nname = \"app\"\nversion = \"0.1.0\"\n";

#[test]
fn errors_carry_positions() {
    let cases: &[(&str, &str)] = &[
        (
            "[package\n",
            "Seen.toml:1:9: error[E0600]: unclosed table, expected `]`",
        ),
        (
            "[package]\nname = \"app\"\nverison = \"0.1.0\"\n",
            "Seen.toml:3:1: error[E0601]: unknown key `verison`",
        ),
        (
            "[packages]\n",
            "Seen.toml:1:2: error[E0601]: unknown key `packages`",
        ),
        (
            "[package]\nname = \"My_App\"\nversion = \"0.1.0\"\n",
            "Seen.toml:2:8: error[E0602]: invalid package name `My_App`: names start with a lowercase ASCII letter",
        ),
        (
            "[package]\nname = \"app\"\nversion = \"1.0\"\n",
            "Seen.toml:3:11: error[E0603]: invalid version `1.0`: unexpected end of input while parsing minor version number",
        ),
        (
            "[package]\nname = \"app\"\n",
            "Seen.toml:1:1: error[E0606]: `[package]` has no `version`",
        ),
        (
            "[dependencies]\n",
            "Seen.toml:1:1: error[E0606]: missing `[package]` section",
        ),
        (
            "[package]\nname = 3\nversion = \"0.1.0\"\n",
            "Seen.toml:2:8: error[E0606]: invalid type: integer `3`, expected a string",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(errors(text), *expected, "for:\n{text}");
    }
}

#[test]
fn dependency_errors_are_all_reported() {
    let text = format!(
        "{PACKAGE}\n[dependencies]\ngood = \"1.2\"\nbad-req = \"> = 1\"\nBad_Name = \"1\"\nno-version = {{ features = [\"x\"] }}\napp = \"1\"\n\
unknown-key = {{ version = \"1\", flavour = \"x\" }}\n"
    );
    // A key the manifest does not know stops the reading: it is reported alone.
    assert_eq!(
        errors(&text),
        "Seen.toml:11:32: error[E0601]: unknown key `flavour`"
    );
    let text = format!(
        "{PACKAGE}\n[dependencies]\nbad-req = \"> = 1\"\nno-version = {{ features = [\"x\"] }}\napp = \"1\"\n"
    );
    assert_eq!(
        errors(&text),
        "Seen.toml:6:11: error[E0604]: invalid version requirement `> = 1`: unexpected character '=' while parsing major version number\n\
Seen.toml:7:14: error[E0605]: dependency has neither `version` nor `path`\n\
Seen.toml:8:1: error[E0605]: `app` depends on itself"
    );
}

#[test]
fn feature_errors() {
    let text = format!(
        "{PACKAGE}[dependencies]\nfft = {{ version = \"1\", optional = true }}\nutf8 = \"1\"\n\n\
[features]\ndefault = [\"fast\", \"dep:utf8\", \"missing/x\", \"nope\", \"a//b\"]\nfast = [\"dep:fft\", \"utf8/simd\"]\n"
    );
    assert_eq!(
        errors(&text),
        "Seen.toml:9:20: error[E0607]: `dep:utf8` needs an optional dependency named `utf8`\n\
Seen.toml:9:32: error[E0607]: `missing` is not a dependency of this package\n\
Seen.toml:9:45: error[E0607]: `nope` is neither a feature nor an optional dependency of this package\n\
Seen.toml:9:53: error[E0607]: invalid feature entry `a//b`"
    );
}

#[test]
fn help_suggests_fixes() {
    assert_eq!(
        help("[package]\nname = \"app\"\nverison = \"1.0.0\"\n"),
        [Some("did you mean `version`?".to_string())]
    );
    assert_eq!(
        help("[package]\nname = \"My_App\"\nversion = \"0.1.0\"\n"),
        [Some("a valid name is `my-app`".to_string())]
    );
}

#[test]
fn a_full_manifest_reads() {
    let text = r#"
[package]
name = "seen-gpu"
version = "0.3.1"
authors = ["Ada <ada@example.com>"]
description = "GPU kernels"
license = "MIT"
language = "en"
edition = "2025"
no_std = false

[dependencies]
vec-math = "1.2"
shader = { version = "0.4", features = ["spirv"], default-features = false }
local = { path = "../local" }
fast-fft = { version = "2", optional = true }

[dev-dependencies]
bench-kit = "0.1"

[build-dependencies]
codegen-helper = "1"

[features]
default = ["fft"]
fft = ["dep:fast-fft", "shader/fast"]

[targets.riscv64]
no_std = true

[targets.riscv64.dependencies]
riscv-rt = "0.8"
"#;
    let m = Manifest::parse(text, Path::new("Seen.toml")).unwrap();
    assert_eq!(m.package.name.import_name(), "seen_gpu");
    assert_eq!(m.package.language.as_deref(), Some("en"));
    let deps: Vec<String> = m
        .dependencies
        .iter()
        .map(|d| {
            format!(
                "{} {} {:?} {:?} opt={} path={:?}",
                d.name, d.req, d.kind, d.target, d.optional, d.path
            )
        })
        .collect();
    assert_eq!(
        deps,
        [
            "fast-fft ^2 Normal None opt=true path=None",
            "local * Normal None opt=false path=Some(\"../local\")",
            "shader ^0.4 Normal None opt=false path=None",
            "vec-math ^1.2 Normal None opt=false path=None",
            "bench-kit ^0.1 Dev None opt=false path=None",
            "codegen-helper ^1 Build None opt=false path=None",
            "riscv-rt ^0.8 Normal Some(\"riscv64\") opt=false path=None",
        ]
    );
    assert_eq!(
        m.features["fft"],
        [
            FeatureValue::Dep("fast-fft".into()),
            FeatureValue::DepFeature {
                dep: "shader".into(),
                feature: "fast".into()
            }
        ]
    );
    assert_eq!(m.targets["riscv64"].no_std, Some(true));
    assert_eq!(m.dependencies_for(Some("x86_64"), false).count(), 5);
    assert!(m.dependencies.iter().any(|d| d.kind == DepKind::Build));
}
