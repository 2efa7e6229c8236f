//! The canonical names every keyword pack spells.
//!
//! This table is the pack *schema*: it lists each canonical name once, with
//! the section of the pack that spells it. The canonical names are keys, not
//! spellings: the lexer never compares source text with them, it asks the
//! loaded [`Pack`](super::Pack) which canonical entry a spelling stands for.
//! The parser works on [`Word`] values and canonical names only, so a pack
//! that changes every spelling parses every program to the same tree (the
//! tests prove it with a synthetic pack).

/// The sections of a pack, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// Reserved words.
    Keywords,
    /// Word operators (`and`, `in`, the infix words).
    Operators,
    /// `true`, `false`, `null`.
    Literals,
    /// Contextual words and modifiers.
    Words,
    /// Prelude function and value names.
    Prelude,
    /// Primitive and prelude type names.
    Types,
    /// Annotation names, a namespace of their own (looked up after `@`).
    Annotations,
}

impl Section {
    /// The TOML table name of this section.
    pub fn table(self) -> &'static str {
        match self {
            Section::Keywords => "keywords",
            Section::Operators => "operators",
            Section::Literals => "literals",
            Section::Words => "words",
            Section::Prelude => "prelude",
            Section::Types => "types",
            Section::Annotations => "annotations",
        }
    }

    /// Every section, in file order.
    pub const ALL: [Section; 7] = [
        Section::Keywords,
        Section::Operators,
        Section::Literals,
        Section::Words,
        Section::Prelude,
        Section::Types,
        Section::Annotations,
    ];
}

macro_rules! schema {
    (
        words { $( $section:ident : $( $variant:ident = $canon:literal ),+ ; )+ }
        names { $( $nsection:ident : $( $name:literal ),+ ; )+ }
    ) => {
        /// A word the grammar knows: a keyword, a word operator, a literal
        /// word or a contextual word. Its spelling comes from the pack.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        #[allow(missing_docs)]
        pub enum Word { $( $( $variant, )+ )+ }

        /// Every canonical entry: the words first (in [`Word`] order), then
        /// the prelude, type and annotation names.
        pub static ENTRIES: &[(Section, &str)] = &[
            $( $( (Section::$section, $canon), )+ )+
            $( $( (Section::$nsection, $name), )+ )+
        ];

        impl Word {
            /// Every word, in declaration order.
            pub const ALL: &'static [Word] = &[ $( $( Word::$variant, )+ )+ ];
        }
    };
}

schema! {
    words {
        Keywords: Fun = "fun", Let = "let", Var = "var", Const = "const", Class = "class",
            Struct = "struct", Trait = "trait", Interface = "interface", Object = "object",
            Typealias = "typealias", Import = "import", If = "if", Else = "else",
            When = "when", For = "for", While = "while", Do = "do", Return = "return",
            Break = "break", Continue = "continue", Throw = "throw", Try = "try",
            Catch = "catch", Finally = "finally", This = "this", Super = "super";
        Operators: And = "and", Or = "or", Not = "not", Xor = "xor", Is = "is", In = "in",
            As = "as", Until = "until", DownTo = "downTo", Step = "step", To = "to",
            Ushr = "ushr", Shl = "shl", Shr = "shr";
        Literals: True = "true", False = "false", Null = "null";
        Words: Enum = "enum", Extension = "extension", Module = "module", Type = "type",
            Constructor = "constructor", Init = "init", Deinit = "deinit",
            Companion = "companion", Data = "data", Sealed = "sealed", Open = "open",
            Abstract = "abstract", Final = "final", Override = "override",
            Private = "private", Protected = "protected", Internal = "internal",
            Public = "public", Inner = "inner", Inline = "inline", External = "external",
            Operator = "operator", Infix = "infix", Suspend = "suspend",
            Mutating = "mutating", Weak = "weak", Out = "out", Get = "get", Set = "set",
            Field = "field", It = "it", By = "by", Where = "where", Unsafe = "unsafe",
            SelfType = "Self", Simd = "simd", Mask = "mask";
    }
    names {
        Prelude: "main", "print", "println", "eprintln", "readLine", "panic", "assert",
            "require", "check", "TODO", "repeat", "run", "listOf", "mutableListOf",
            "arrayOf", "mapOf", "mutableMapOf", "setOf", "mutableSetOf", "emptyList",
            "emptyMap", "emptySet", "Ok", "Err", "maxOf", "minOf", "abs", "with", "also",
            "apply", "takeIf", "takeUnless", "compareBy";
        Types: "Int", "Int8", "Int16", "Int32", "Int64", "Long", "Short", "UInt", "UInt8",
            "UInt16", "UInt32", "UInt64", "Byte", "Float", "Float32", "Double", "Float64",
            "Boolean", "Bool", "Char", "String", "Unit", "Nothing", "Any", "Array",
            "IntArray", "FloatArray", "DoubleArray", "ByteArray", "List", "Vec", "Map",
            "Set", "Ptr", "Pair", "Result", "Error", "StringBuilder", "Comparable",
            "Iterable", "Iterator", "Debug", "Eq", "Hash", "Ord", "Default", "Serialize",
            "Deserialize";
        Annotations: "inline", "macro", "test", "benchmark", "derive", "compile_time",
            "vectorize", "export", "link", "repr", "file", "no_std", "deprecated",
            "debug_only", "platform_intrinsic", "builtin";
    }
}

/// Canonical names that are a word of the grammar and a prelude name at
/// once (LANGUAGE.md, "Keyword packs"): a pack spells them once, as words.
pub const DUAL_WORDS: &[Word] = &[Word::Let, Word::To];

/// The entry with this canonical name in this section.
pub fn entry(section: Section, canonical: &str) -> Option<Entry> {
    Entry::all().find(|e| e.section() == section && e.canonical() == canonical)
}

/// The `file` annotation target (`@file:no_std`).
pub fn file_annotation() -> Entry {
    entry(Section::Annotations, "file").expect("the schema has the `file` annotation")
}

/// The `Unit` type, named in messages about `()`.
pub fn unit_type() -> Entry {
    entry(Section::Types, "Unit").expect("the schema has the `Unit` type")
}

/// Index of an entry in [`ENTRIES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Entry(pub u16);

impl Entry {
    /// The entry of a word.
    pub fn of_word(word: Word) -> Entry {
        Entry(word as u16)
    }

    /// The word this entry stands for, when it is one.
    pub fn word(self) -> Option<Word> {
        Word::ALL.get(self.0 as usize).copied()
    }

    /// The canonical name.
    pub fn canonical(self) -> &'static str {
        ENTRIES[self.0 as usize].1
    }

    /// The section of the pack that spells this entry.
    pub fn section(self) -> Section {
        ENTRIES[self.0 as usize].0
    }

    /// Every entry, in schema order.
    pub fn all() -> impl Iterator<Item = Entry> {
        (0..ENTRIES.len() as u16).map(Entry)
    }
}

impl Word {
    /// The canonical name (the schema key, not a spelling).
    pub fn canonical(self) -> &'static str {
        ENTRIES[self as usize].1
    }

    /// Whether the word is reserved: never an identifier without backticks.
    pub fn is_reserved(self) -> bool {
        matches!(
            Entry::of_word(self).section(),
            Section::Keywords | Section::Literals
        ) || matches!(
            self,
            Word::And | Word::Or | Word::Not | Word::Xor | Word::Is | Word::In | Word::As
        )
    }

    /// Whether the word is a modifier that may precede a declaration.
    pub fn is_modifier(self) -> bool {
        matches!(
            self,
            Word::Data
                | Word::Sealed
                | Word::Open
                | Word::Abstract
                | Word::Final
                | Word::Override
                | Word::Private
                | Word::Protected
                | Word::Internal
                | Word::Public
                | Word::Inner
                | Word::Inline
                | Word::External
                | Word::Operator
                | Word::Infix
                | Word::Suspend
                | Word::Mutating
                | Word::Weak
                | Word::Enum
        )
    }

    /// Whether the word is an infix word at the precedence of ranges
    /// (`until`, `downTo`, `step`, `to`, `ushr`, `shl`, `shr`).
    pub fn is_infix_word(self) -> bool {
        matches!(
            self,
            Word::Until | Word::DownTo | Word::Step | Word::To | Word::Ushr | Word::Shl | Word::Shr
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_first_in_entry_order() {
        for (i, w) in Word::ALL.iter().enumerate() {
            assert_eq!(*w as usize, i);
            assert_eq!(Entry::of_word(*w).word(), Some(*w));
        }
        assert!(ENTRIES.len() > Word::ALL.len());
        assert_eq!(Entry(Word::ALL.len() as u16).word(), None);
    }

    #[test]
    fn canonical_names_are_unique_per_namespace() {
        let mut seen = std::collections::HashSet::new();
        for (section, name) in ENTRIES {
            let namespace = *section == Section::Annotations;
            assert!(seen.insert((namespace, *name)), "{name} twice");
        }
    }
}
