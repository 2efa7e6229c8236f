//! Keyword packs: TOML files that spell the language in one human language.
//!
//! A [`Pack`] maps every spelling to a canonical [`Entry`] of the
//! [`schema`]: keywords, word operators, literal words and contextual words
//! become [`Word`]s for the parser; prelude and type names become
//! identifiers with their canonical name; annotation names live in their own
//! namespace, looked up only after `@`. Loading checks that a pack is
//! complete, that every spelling is an identifier and that no two entries
//! share a spelling, and reports every problem with its line and column.

pub mod schema;

use std::path::Path;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use serde::Deserialize;

pub use schema::{DUAL_WORDS, ENTRIES, Entry, Section, Word};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));
}

/// A loaded, validated keyword pack.
#[derive(Debug, Clone)]
pub struct Pack {
    code: String,
    name: String,
    native_name: String,
    spellings: Vec<Box<str>>,
    words: FxHashMap<Box<str>, Entry>,
    annotations: FxHashMap<Box<str>, Entry>,
    habits: FxHashMap<Box<str>, Entry>,
}

/// One problem found while loading a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackProblem {
    /// 1-based line and column in the pack file, when the problem has one.
    pub position: Option<(u32, u32)>,
    /// What is wrong, in a sentence.
    pub message: String,
}

/// Why a pack could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// The file has problems; each is listed with its position.
    #[error("{}", render_problems(path, problems))]
    Invalid {
        /// The path of the pack file, as given.
        path: String,
        /// Every problem found, in file order.
        problems: Vec<PackProblem>,
    },
    /// No built-in pack has this code and no file has this path.
    #[error(
        "unknown keyword pack `{name}` (built-in packs: {available}; or give the path of a pack file)"
    )]
    Unknown {
        /// The name that was asked for.
        name: String,
        /// The built-in codes, comma-separated.
        available: String,
    },
    /// The file could not be read.
    #[error("cannot read keyword pack `{path}`: {source}")]
    Io {
        /// The path that was read.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

fn render_problems(path: &str, problems: &[PackProblem]) -> String {
    let lines: Vec<String> = problems
        .iter()
        .map(|p| match p.position {
            Some((line, col)) => format!("{path}:{line}:{col}: error: {}", p.message),
            None => format!("{path}: error: {}", p.message),
        })
        .collect();
    lines.join("\n")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    pack: RawMeta,
    keywords: RawSection,
    operators: RawSection,
    literals: RawSection,
    words: RawSection,
    prelude: RawSection,
    types: RawSection,
    annotations: RawSection,
    #[serde(default)]
    habits: RawSection,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    code: String,
    name: String,
    native_name: String,
}

type RawSection = std::collections::BTreeMap<toml::Spanned<String>, toml::Spanned<String>>;

impl Pack {
    /// The built-in pack with this code (`"en"`, `"ar"`, ...).
    ///
    /// ```
    /// let en = seen_syntax::Pack::builtin("en").unwrap();
    /// assert_eq!(en.code(), "en");
    /// ```
    pub fn builtin(code: &str) -> Result<&'static Pack, PackError> {
        static LOADED: OnceLock<Vec<OnceLock<Result<Pack, String>>>> = OnceLock::new();
        let slots =
            LOADED.get_or_init(|| builtin::BUILTIN.iter().map(|_| OnceLock::new()).collect());
        let Some(index) = builtin::BUILTIN.iter().position(|(c, _)| *c == code) else {
            return Err(PackError::Unknown {
                name: code.to_string(),
                available: Pack::builtin_codes().collect::<Vec<_>>().join(", "),
            });
        };
        let (_, text) = builtin::BUILTIN[index];
        let loaded = slots[index].get_or_init(|| {
            Pack::from_toml(&format!("keywords/{code}.toml"), text).map_err(|e| e.to_string())
        });
        loaded.as_ref().map_err(|message| PackError::Invalid {
            path: format!("keywords/{code}.toml"),
            problems: vec![PackProblem {
                position: None,
                message: message.clone(),
            }],
        })
    }

    /// The English pack, the reference spelling.
    pub fn english() -> &'static Pack {
        Pack::builtin("en").expect("the English pack is built in and valid")
    }

    /// The codes of the built-in packs, sorted.
    pub fn builtin_codes() -> impl Iterator<Item = &'static str> {
        builtin::BUILTIN.iter().map(|(c, _)| *c)
    }

    /// The TOML text of a built-in pack.
    pub fn builtin_source(code: &str) -> Option<&'static str> {
        builtin::BUILTIN
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, t)| *t)
    }

    /// A built-in pack by code, or else a pack file by path.
    pub fn resolve(name_or_path: &str) -> Result<Pack, PackError> {
        match Pack::builtin(name_or_path) {
            Ok(pack) => Ok(pack.clone()),
            Err(PackError::Unknown { .. }) if Path::new(name_or_path).is_file() => {
                Pack::from_file(Path::new(name_or_path))
            }
            Err(e) => Err(e),
        }
    }

    /// Loads a pack file.
    pub fn from_file(path: &Path) -> Result<Pack, PackError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| PackError::Io {
            path: shown.clone(),
            source,
        })?;
        Pack::from_toml(&shown, &text)
    }

    /// Loads a pack from TOML text; `path` is only used in messages.
    pub fn from_toml(path: &str, text: &str) -> Result<Pack, PackError> {
        let invalid = |problems| PackError::Invalid {
            path: path.to_string(),
            problems,
        };
        let raw: RawPack = toml::from_str(text).map_err(|e| {
            let position = e.span().map(|s| line_col(text, s.start));
            invalid(vec![PackProblem {
                position,
                message: e.message().trim().to_string(),
            }])
        })?;
        let mut builder = Builder::new(text);
        builder.section(Section::Keywords, &raw.keywords);
        builder.section(Section::Operators, &raw.operators);
        builder.section(Section::Literals, &raw.literals);
        builder.section(Section::Words, &raw.words);
        builder.section(Section::Prelude, &raw.prelude);
        builder.section(Section::Types, &raw.types);
        builder.section(Section::Annotations, &raw.annotations);
        builder.missing();
        builder.habits(&raw.habits);
        if !builder.problems.is_empty() {
            builder.problems.sort_by_key(|p| p.position);
            return Err(invalid(builder.problems));
        }
        let spellings = builder
            .spellings
            .into_iter()
            .map(|s| s.unwrap_or_default())
            .collect();
        Ok(Pack {
            code: raw.pack.code,
            name: raw.pack.name,
            native_name: raw.pack.native_name,
            spellings,
            words: builder.words,
            annotations: builder.annotations,
            habits: builder.habits,
        })
    }

    /// The pack's code (`"en"`).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The language's name in English (`"Arabic"`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The language's name in itself (`"العربية"`).
    pub fn native_name(&self) -> &str {
        &self.native_name
    }

    /// The spelling of an entry in this pack.
    pub fn spelling(&self, entry: Entry) -> &str {
        &self.spellings[entry.0 as usize]
    }

    /// The spelling of a word in this pack.
    pub fn word(&self, word: Word) -> &str {
        self.spelling(Entry::of_word(word))
    }

    /// The entry a spelling stands for, outside annotations.
    #[inline]
    pub fn lookup(&self, spelling: &str) -> Option<Entry> {
        self.words.get(spelling).copied()
    }

    /// The annotation entry a spelling stands for (the word after `@`).
    pub fn annotation(&self, spelling: &str) -> Option<Entry> {
        self.annotations.get(spelling).copied()
    }

    /// The canonical word a foreign habit (`val`, `fn`) stands in for.
    pub fn habit(&self, spelling: &str) -> Option<Entry> {
        self.habits.get(spelling).copied()
    }

    /// Every habit with the entry it stands in for.
    pub fn habits(&self) -> impl Iterator<Item = (&str, Entry)> {
        self.habits.iter().map(|(k, v)| (&**k, *v))
    }

    /// Returns a copy of this pack with one entry spelled differently. The
    /// result is checked like a loaded pack.
    pub fn with_spelling(&self, entry: Entry, spelling: &str) -> Result<Pack, PackError> {
        let mut text = String::new();
        self.write_toml_with(&mut text, |e| {
            if e == entry {
                spelling
            } else {
                self.spelling(e)
            }
        });
        Pack::from_toml("<modified pack>", &text)
    }

    /// The pack as TOML text that loads back to an equal pack.
    pub fn to_toml(&self) -> String {
        let mut text = String::new();
        self.write_toml_with(&mut text, |e| self.spelling(e));
        text
    }

    fn write_toml_with<'s>(&'s self, out: &mut String, spell: impl Fn(Entry) -> &'s str) {
        use std::fmt::Write;
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let key = |s: &str| {
            if s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                s.to_string()
            } else {
                q(s)
            }
        };
        let _ = writeln!(
            out,
            "[pack]\ncode = {}\nname = {}",
            q(&self.code),
            q(&self.name)
        );
        let _ = writeln!(out, "native_name = {}", q(&self.native_name));
        for section in Section::ALL {
            let _ = writeln!(out, "\n[{}]", section.table());
            for entry in Entry::all().filter(|e| e.section() == section) {
                let _ = writeln!(out, "{} = {}", key(entry.canonical()), q(spell(entry)));
            }
        }
        let _ = writeln!(out, "\n[habits]");
        let mut habits: Vec<_> = self.habits().collect();
        habits.sort();
        for (habit, entry) in habits {
            let _ = writeln!(out, "{} = {}", key(habit), q(entry.canonical()));
        }
    }
}

struct Builder<'t> {
    text: &'t str,
    spellings: Vec<Option<Box<str>>>,
    words: FxHashMap<Box<str>, Entry>,
    annotations: FxHashMap<Box<str>, Entry>,
    habits: FxHashMap<Box<str>, Entry>,
    problems: Vec<PackProblem>,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        Builder {
            text,
            spellings: vec![None; ENTRIES.len()],
            words: FxHashMap::default(),
            annotations: FxHashMap::default(),
            habits: FxHashMap::default(),
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, offset: Option<usize>, message: String) {
        let position = offset.map(|o| line_col(self.text, o));
        self.problems.push(PackProblem { position, message });
    }

    fn section(&mut self, section: Section, raw: &RawSection) {
        for (key, value) in raw {
            let Some(entry) =
                Entry::all().find(|e| e.section() == section && e.canonical() == key.get_ref())
            else {
                let msg = format!(
                    "`{}` is not a canonical name of [{}]",
                    key.get_ref(),
                    section.table()
                );
                self.problem(Some(key.span().start), msg);
                continue;
            };
            let spelling = value.get_ref().as_str();
            if let Err(why) = check_spelling(spelling) {
                let msg = format!("the spelling `{spelling}` of `{}` {why}", entry.canonical());
                self.problem(Some(value.span().start), msg);
                continue;
            }
            let map = if section == Section::Annotations {
                &mut self.annotations
            } else {
                &mut self.words
            };
            if let Some(other) = map.insert(spelling.into(), entry) {
                let msg = format!(
                    "`{spelling}` spells both `{}` and `{}`; every entry needs its own spelling",
                    other.canonical(),
                    entry.canonical()
                );
                self.problem(Some(value.span().start), msg);
            }
            self.spellings[entry.0 as usize] = Some(spelling.into());
        }
    }

    fn missing(&mut self) {
        for entry in Entry::all() {
            if self.spellings[entry.0 as usize].is_none() {
                let msg = format!(
                    "[{}] does not spell `{}`",
                    entry.section().table(),
                    entry.canonical()
                );
                self.problem(None, msg);
            }
        }
    }

    fn habits(&mut self, raw: &RawSection) {
        for (key, value) in raw {
            let habit = key.get_ref().as_str();
            let target = Entry::all()
                .find(|e| e.word().is_some() && e.canonical() == value.get_ref().as_str());
            let Some(target) = target else {
                let msg = format!(
                    "habit `{habit}` names `{}`, which is not a canonical word",
                    value.get_ref()
                );
                self.problem(Some(value.span().start), msg);
                continue;
            };
            if check_spelling(habit).is_err() || self.words.contains_key(habit) {
                let msg =
                    format!("habit `{habit}` must be an identifier that the pack does not spell");
                self.problem(Some(key.span().start), msg);
                continue;
            }
            self.habits.insert(habit.into(), target);
        }
    }
}

/// Checks that a spelling lexes as one identifier.
fn check_spelling(spelling: &str) -> Result<(), &'static str> {
    let mut chars = spelling.chars();
    match chars.next() {
        None => return Err("is empty"),
        Some(c) if !(c == '_' || unicode_ident::is_xid_start(c)) => {
            return Err("must start with a letter or `_`");
        }
        _ => {}
    }
    if spelling == "_" {
        return Err("cannot be `_`, the wildcard");
    }
    if !chars.all(unicode_ident::is_xid_continue) {
        return Err("must be one identifier (letters, digits, `_`; no spaces)");
    }
    Ok(())
}

fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, col)
}

#[cfg(test)]
mod tests;
