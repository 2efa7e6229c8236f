//! Reading `Seen.toml`: TOML and its shape through `toml` + `serde` (which
//! give the position of a syntax error, an unknown key or a wrong type),
//! then validation of names, versions, requirements and features, which
//! reports every problem at once.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;

use super::{DepKind, Dependency, FeatureValue, Manifest, PackageInfo, TargetSettings};
use crate::Error;
use crate::codes;
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::name::PackageName;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    package: Option<Spanned<RawPackage>>,
    #[serde(default)]
    dependencies: RawDeps,
    #[serde(default, rename = "dev-dependencies")]
    dev_dependencies: RawDeps,
    #[serde(default, rename = "build-dependencies")]
    build_dependencies: RawDeps,
    #[serde(default)]
    features: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    targets: BTreeMap<Spanned<String>, RawTarget>,
}

type RawDeps = BTreeMap<Spanned<String>, Spanned<RawDep>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPackage {
    name: Option<Spanned<String>>,
    version: Option<Spanned<String>>,
    #[serde(default)]
    authors: Vec<String>,
    description: Option<String>,
    license: Option<String>,
    language: Option<String>,
    edition: Option<String>,
    #[serde(default)]
    no_std: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    #[serde(default)]
    dependencies: RawDeps,
    #[serde(default, rename = "dev-dependencies")]
    dev_dependencies: RawDeps,
    #[serde(default, rename = "build-dependencies")]
    build_dependencies: RawDeps,
    no_std: Option<bool>,
}

/// A dependency's value: a requirement string or a table.
enum RawDep {
    Req(String),
    Detail(RawDetail),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDetail {
    version: Option<Spanned<String>>,
    path: Option<String>,
    #[serde(default)]
    features: Vec<Spanned<String>>,
    default_features: Option<bool>,
    #[serde(default)]
    optional: bool,
}

impl<'de> Deserialize<'de> for RawDep {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawDep, D::Error> {
        struct DepVisitor;
        impl<'de> Visitor<'de> for DepVisitor {
            type Value = RawDep;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a version requirement such as \"1.2\" or a table such as { version = \"1.2\" }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDep, E> {
                Ok(RawDep::Req(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawDep, A::Error> {
                RawDetail::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawDep::Detail)
            }
        }
        deserializer.deserialize_any(DepVisitor)
    }
}

/// Parses and validates; see [`Manifest::parse`].
pub(super) fn parse(text: &str, path: &Path) -> Result<Manifest, Error> {
    let fail = |diagnostics: Vec<Diagnostic>| {
        let mut diagnostics = diagnostics;
        diagnostics.sort_by_key(|d| d.span.start);
        Error::File(Box::new(FileDiagnostics {
            path: path.to_path_buf(),
            text: text.to_string(),
            diagnostics,
        }))
    };
    if let Err(e) = text.parse::<toml::Table>() {
        return Err(fail(vec![toml_error(codes::TOML_SYNTAX, &e)]));
    }
    let raw: RawManifest = toml::from_str(text).map_err(|e| fail(vec![shape_error(&e)]))?;
    let mut v = Validator {
        diagnostics: Vec::new(),
    };
    let manifest = v.manifest(raw);
    match manifest {
        Some(m) if v.diagnostics.is_empty() => Ok(m),
        _ => Err(fail(v.diagnostics)),
    }
}

fn toml_error(code: &'static str, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let message = e.message().trim_end_matches('\n').replace('\n', "; ");
    Diagnostic::new(code, span, message)
}

/// An error of shape: an unknown key, a missing key or a wrong type.
fn shape_error(e: &toml::de::Error) -> Diagnostic {
    let message = e.message();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let unknown = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let d = Diagnostic::new(
            codes::UNKNOWN_KEY,
            e.span().unwrap_or(0..0),
            format!("unknown key `{unknown}`"),
        )
        .label("not a key of this section");
        return match did_you_mean(unknown, &expected) {
            Some(best) => d.help(format!("did you mean `{best}`?")),
            None => d.help(format!(
                "the keys here are {}",
                expected
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
    }
    toml_error(codes::BAD_FIELD, e)
}

/// The candidate closest to `word`, if it is close (edit distance <= 2).
fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

struct Validator {
    diagnostics: Vec<Diagnostic>,
}

impl Validator {
    fn error(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        message: String,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::new(code, span, message);
        d.help = help;
        self.diagnostics.push(d);
    }

    fn manifest(&mut self, raw: RawManifest) -> Option<Manifest> {
        let Some(package) = raw.package else {
            let help =
                "start the file with `[package]`, `name = \"...\"` and `version = \"0.1.0\"`";
            self.error(
                codes::BAD_FIELD,
                0..0,
                "missing `[package]` section".into(),
                Some(help.into()),
            );
            return None;
        };
        let package = self.package(package);
        let mut dependencies = Vec::new();
        let tables = [
            raw.dependencies,
            raw.dev_dependencies,
            raw.build_dependencies,
        ];
        self.tables(tables, None, &mut dependencies);
        let targets = self.targets(raw.targets, &mut dependencies);
        let features = self.features(raw.features, &dependencies);
        if let Some(package) = &package {
            self.self_dependency(package, &dependencies);
        }
        Some(Manifest {
            package: package?,
            dependencies: dependencies.into_iter().map(|(d, _)| d).collect(),
            features,
            targets,
        })
    }

    /// The `[dependencies]`, `[dev-dependencies]` and
    /// `[build-dependencies]` of the manifest or of one target.
    fn tables(
        &mut self,
        tables: [RawDeps; 3],
        target: Option<String>,
        out: &mut Vec<(Dependency, Range<usize>)>,
    ) {
        let [normal, dev, build] = tables;
        self.deps(normal, DepKind::Normal, target.clone(), out);
        self.deps(dev, DepKind::Dev, target.clone(), out);
        self.deps(build, DepKind::Build, target, out);
    }

    fn targets(
        &mut self,
        raw: BTreeMap<Spanned<String>, RawTarget>,
        out: &mut Vec<(Dependency, Range<usize>)>,
    ) -> BTreeMap<String, TargetSettings> {
        let mut targets = BTreeMap::new();
        for (name, target) in raw {
            if !super::is_feature_name(name.get_ref()) {
                let message = format!("invalid target name `{}`", name.get_ref());
                let help =
                    Some("name a target like `riscv64`, `aarch64` or a full triple".to_string());
                self.error(codes::BAD_FIELD, name.span(), message, help);
            }
            let tables = [
                target.dependencies,
                target.dev_dependencies,
                target.build_dependencies,
            ];
            self.tables(tables, Some(name.get_ref().clone()), out);
            targets.insert(
                name.into_inner(),
                TargetSettings {
                    no_std: target.no_std,
                },
            );
        }
        targets
    }

    fn package(&mut self, raw: Spanned<RawPackage>) -> Option<PackageInfo> {
        let span = raw.span();
        let raw = raw.into_inner();
        let header = span.start..span.start + "[package]".len().min(span.len());
        let name = match raw.name {
            Some(n) => self.name(&n),
            None => {
                self.error(
                    codes::BAD_FIELD,
                    header.clone(),
                    "`[package]` has no `name`".into(),
                    Some("add `name = \"my-package\"`".into()),
                );
                None
            }
        };
        let version = match raw.version {
            Some(v) => self.version(&v),
            None => {
                self.error(
                    codes::BAD_FIELD,
                    header,
                    "`[package]` has no `version`".into(),
                    Some("add `version = \"0.1.0\"`".into()),
                );
                None
            }
        };
        Some(PackageInfo {
            name: name?,
            version: version?,
            authors: raw.authors,
            description: raw.description,
            license: raw.license,
            language: raw.language,
            edition: raw.edition,
            no_std: raw.no_std,
        })
    }

    fn name(&mut self, name: &Spanned<String>) -> Option<PackageName> {
        match PackageName::new(name.get_ref()) {
            Ok(n) => Some(n),
            Err(e) => {
                let help = e.suggestion.map(|s| format!("a valid name is `{s}`"));
                self.error(
                    codes::BAD_NAME,
                    name.span(),
                    format!("invalid package name `{}`: {}", e.name, e.reason),
                    help,
                );
                None
            }
        }
    }

    fn version(&mut self, v: &Spanned<String>) -> Option<semver::Version> {
        match semver::Version::parse(v.get_ref()) {
            Ok(version) => Some(version),
            Err(e) => {
                let help =
                    "a version has three numbers, like `1.0.0` (or `1.0.0-beta.1`)".to_string();
                self.error(
                    codes::BAD_VERSION,
                    v.span(),
                    format!("invalid version `{}`: {e}", v.get_ref()),
                    Some(help),
                );
                None
            }
        }
    }

    fn req(&mut self, req: &str, span: Range<usize>) -> Option<semver::VersionReq> {
        match semver::VersionReq::parse(req) {
            Ok(r) => Some(r),
            Err(e) => {
                let help =
                    "write a requirement like `1.2`, `^1.2.3`, `~1.2`, `=1.2.3` or `>=1.2, <1.5`"
                        .to_string();
                self.error(
                    codes::BAD_REQUIREMENT,
                    span,
                    format!("invalid version requirement `{req}`: {e}"),
                    Some(help),
                );
                None
            }
        }
    }

    fn deps(
        &mut self,
        raw: RawDeps,
        kind: DepKind,
        target: Option<String>,
        out: &mut Vec<(Dependency, Range<usize>)>,
    ) {
        for (name, value) in raw {
            let span = name.span();
            let pkg = self.name(&name);
            let dep = self.dep(value, kind, target.clone());
            if let (Some(pkg), Some(mut dep)) = (pkg, dep) {
                dep.name = pkg;
                out.push((dep, span));
            }
        }
    }

    fn dep(
        &mut self,
        value: Spanned<RawDep>,
        kind: DepKind,
        target: Option<String>,
    ) -> Option<Dependency> {
        let span = value.span();
        let placeholder = PackageName::new("placeholder").expect("`placeholder` is a valid name");
        let mut dep = Dependency {
            name: placeholder,
            req: semver::VersionReq::STAR,
            path: None,
            features: Vec::new(),
            default_features: true,
            optional: false,
            kind,
            target,
        };
        match value.into_inner() {
            RawDep::Req(req) => dep.req = self.req(&req, span.clone())?,
            RawDep::Detail(detail) => self.detail(detail, span.clone(), &mut dep)?,
        }
        if dep.optional && kind == DepKind::Dev {
            self.error(
                codes::BAD_DEPENDENCY,
                span,
                "dev-dependencies cannot be optional".into(),
                None,
            );
        }
        Some(dep)
    }

    /// Fills `dep` from a dependency table; `None` when it is unusable.
    fn detail(
        &mut self,
        detail: RawDetail,
        span: Range<usize>,
        dep: &mut Dependency,
    ) -> Option<()> {
        if detail.version.is_none() && detail.path.is_none() {
            let help =
                "add `version = \"...\"` (or `path = \"...\"` for a local package)".to_string();
            self.error(
                codes::BAD_DEPENDENCY,
                span,
                "dependency has neither `version` nor `path`".into(),
                Some(help),
            );
            return None;
        }
        if let Some(v) = &detail.version {
            dep.req = self.req(v.get_ref(), v.span())?;
        }
        for f in &detail.features {
            if !super::is_feature_name(f.get_ref()) {
                self.error(
                    codes::BAD_FEATURE,
                    f.span(),
                    format!("invalid feature name `{}`", f.get_ref()),
                    None,
                );
            }
        }
        dep.path = detail.path.map(PathBuf::from);
        dep.features = detail
            .features
            .into_iter()
            .map(Spanned::into_inner)
            .collect();
        dep.default_features = detail.default_features.unwrap_or(true);
        dep.optional = detail.optional;
        Some(())
    }

    fn features(
        &mut self,
        raw: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
        deps: &[(Dependency, Range<usize>)],
    ) -> BTreeMap<String, Vec<FeatureValue>> {
        let names: Vec<String> = raw.keys().map(|k| k.get_ref().clone()).collect();
        let mut out = BTreeMap::new();
        for (name, values) in raw {
            if !super::is_feature_name(name.get_ref()) {
                self.error(
                    codes::BAD_FEATURE,
                    name.span(),
                    format!("invalid feature name `{}`", name.get_ref()),
                    None,
                );
            }
            let mut parsed = Vec::new();
            for value in values {
                if let Some(v) = self.feature_value(&value, &names, deps) {
                    parsed.push(v);
                }
            }
            out.insert(name.into_inner(), parsed);
        }
        out
    }

    fn feature_value(
        &mut self,
        value: &Spanned<String>,
        features: &[String],
        deps: &[(Dependency, Range<usize>)],
    ) -> Option<FeatureValue> {
        let text = value.get_ref();
        let Some(parsed) = FeatureValue::parse(text) else {
            let help = "write `FEATURE`, `dep:DEPENDENCY` or `DEPENDENCY/FEATURE`".to_string();
            self.error(
                codes::BAD_FEATURE,
                value.span(),
                format!("invalid feature entry `{text}`"),
                Some(help),
            );
            return None;
        };
        let dep = |n: &str| {
            deps.iter()
                .find(|(d, _)| d.name.as_str() == n)
                .map(|(d, _)| d)
        };
        let problem = match &parsed {
            FeatureValue::Feature(f)
                if !features.contains(f) && !dep(f).is_some_and(|d| d.optional) =>
            {
                Some(format!(
                    "`{f}` is neither a feature nor an optional dependency of this package"
                ))
            }
            FeatureValue::Dep(d) if !dep(d).is_some_and(|d| d.optional) => Some(format!(
                "`dep:{d}` needs an optional dependency named `{d}`"
            )),
            FeatureValue::DepFeature { dep: d, .. } if dep(d).is_none() => {
                Some(format!("`{d}` is not a dependency of this package"))
            }
            _ => None,
        };
        if let Some(message) = problem {
            self.error(codes::BAD_FEATURE, value.span(), message, None);
            return None;
        }
        Some(parsed)
    }

    fn self_dependency(&mut self, package: &PackageInfo, deps: &[(Dependency, Range<usize>)]) {
        for (d, span) in deps {
            if d.name == package.name {
                let message = format!("`{}` depends on itself", d.name);
                self.error(codes::BAD_DEPENDENCY, span.clone(), message, None);
            }
        }
    }
}
