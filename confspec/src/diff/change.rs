//! What `codegen diff` reports: each [`Change`] between two schemas, its [`Class`] (breaking,
//! meaning changed, compatible, deprecation) and [`Kind`], and [`SchemaError`].

use serde::Serialize;
use serde_json::Value;

/// How a change affects the documents users have written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// A document valid before is invalid now.
    Breaking,
    /// Documents stay valid but are read differently.
    MeaningChanged,
    /// Every document valid before is still valid.
    Compatible,
    /// A deprecation was added or removed.
    Deprecation,
}

impl Class {
    /// Every class, in report order.
    pub const ALL: [Class; 4] = [
        Class::Breaking,
        Class::MeaningChanged,
        Class::Compatible,
        Class::Deprecation,
    ];

    /// The class as reports write it (`meaning-changed`).
    pub fn name(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::MeaningChanged => "meaning-changed",
            Class::Compatible => "compatible",
            Class::Deprecation => "deprecation",
        }
    }

    /// A heading for the class.
    pub fn title(self) -> &'static str {
        match self {
            Class::Breaking => "Breaking",
            Class::MeaningChanged => "Meaning changed",
            Class::Compatible => "Compatible",
            Class::Deprecation => "Deprecations",
        }
    }
}

macro_rules! kinds {
    ($($variant:ident => $name:literal, $doc:literal;)*) => {
        /// What changed. Acknowledgements name it (`kind = "key-removed"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $(#[doc = $doc] $variant,)*
        }

        impl Kind {
            /// Every kind.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            /// The kind as reports and acknowledgements write it.
            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)*
                }
            }

            /// What the kind means, in a few words.
            pub fn description(self) -> &'static str {
                match self {
                    $(Kind::$variant => $doc,)*
                }
            }

            /// The kind named `name`.
            pub fn from_name(name: &str) -> Option<Kind> {
                Kind::ALL.iter().copied().find(|k| k.name() == name)
            }
        }
    };
}

kinds! {
    KeyRemoved => "key-removed", "key removed; the object refuses unknown keys";
    KeyMadeRequired => "key-made-required", "key made required";
    RequiredKeyAdded => "required-key-added", "key added as required";
    KeyRenamed => "key-renamed", "key renamed (a key removed and one of the same schema added)";
    ObjectClosed => "object-closed", "unknown keys no longer accepted";
    TypeNarrowed => "type-narrowed", "type narrowed";
    ValueRemoved => "value-removed", "value removed";
    VariantRemoved => "variant-removed", "union variant (a form of the value) removed";
    RangeNarrowed => "range-narrowed", "range narrowed";
    LengthNarrowed => "length-narrowed", "length narrowed";
    CountNarrowed => "count-narrowed", "number of items or keys narrowed";
    PatternChanged => "pattern-changed", "pattern added or changed";
    Unclassified => "unclassified", "a validation keyword changed that the classifier does not know";
    DefaultChanged => "default-changed", "default changed";
    KeyIgnored => "key-ignored", "key no longer declared; still accepted as an unknown key";
    KeyAdded => "key-added", "key added as optional";
    KeyMadeOptional => "key-made-optional", "key made optional";
    ObjectOpened => "object-opened", "unknown keys now accepted";
    TypeWidened => "type-widened", "type widened";
    ValueAdded => "value-added", "value added";
    VariantAdded => "variant-added", "union variant (a form of the value) added";
    RangeWidened => "range-widened", "range widened";
    LengthWidened => "length-widened", "length widened";
    CountWidened => "count-widened", "number of items or keys widened";
    PatternRemoved => "pattern-removed", "pattern removed";
    DescriptionChanged => "description-changed", "description changed";
    SchemaAdded => "schema-added", "schema added (none to compare with)";
    DeprecationAdded => "deprecation-added", "deprecated";
    DeprecationRemoved => "deprecation-removed", "no longer deprecated";
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// How it affects users' documents.
    pub class: Class,
    /// What changed.
    pub kind: Kind,
    /// Where, YAML-style: `projects[].backends[type=aws].vpc_ids` (`(root)` for the document).
    pub path: String,
    /// The schema fragment, value or text before (absent when there was none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    /// The same after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
    /// For a breaking change: a document the old schema accepts and the new one refuses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness: Option<Value>,
    /// The reason given in the acknowledgements file, when the change is acknowledged there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<String>,
}

/// A schema could not be compared: it is not a JSON Schema the classifier can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
