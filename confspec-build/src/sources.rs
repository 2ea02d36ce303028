//! Reads what schemars drops from a model's sources, for the types that derive `JsonSchema`:
//! - Rust's own `#[deprecated]` attributes, on a type, a field, an enum variant or a field of a
//!   struct variant, with their notes (`#[deprecated(note = "Use `retry` instead")]` or
//!   `#[deprecated = "..."]`): schemars marks the same places `"deprecated": true` but drops the
//!   note;
//! - where each doc comment of a type or a field is written (its file and lines) and its text as
//!   written there: schemars keeps the text, trimmed, but not where it came from.
//!
//! Members are named as serde names them (`rename`, `rename_all`, `rename_all_fields`) under the
//! type's schema name (`#[schemars(rename)]`, `#[serde(rename)]`, else the identifier); fields
//! that `macro_rules!` groups write into structs are found in the group's file.
//!
//! One reader for every build script: a model crate's `build.rs` reads the notes for its
//! loader's warnings ([`crate::write_deprecated_fields`]); a confspec binary's `build.rs`
//! ([`crate::Scan`]) reads notes and doc comments for the IR. Standalone: syn only.

/// One `#[deprecated]` of the sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The schema name of the type that holds it (`Profile`).
    pub type_name: String,
    /// What is deprecated in that type.
    pub member: Member,
    /// The attribute's note, when it has one.
    pub note: Option<String>,
    /// The line of the deprecated item's name.
    pub line: usize,
    /// For a field of a struct: the struct's name as serde gives it to a deserializer
    /// (`#[serde(rename)]` or the identifier), which is how the loader recognises it.
    pub serde_struct: Option<String>,
    /// Whether it is inside a `#[cfg(test)]` module.
    pub test_only: bool,
}

/// What a `#[deprecated]` or a doc comment applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member {
    /// The type itself.
    Type,
    /// A field (of the struct, or of one of the enum's struct variants), by its serialised key.
    Field(String),
    /// An enum variant, by its serialised name.
    Variant(String),
}

/// Every `.rs` file under `dir`, sorted.
pub fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    fn collect(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    files
}

/// One doc comment of the sources: a type's or a field's (`Member::Field`, also of a struct
/// variant).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// The schema name of the type it documents or whose field it documents.
    pub type_name: String,
    /// `Member::Type` or `Member::Field`.
    pub member: Member,
    /// The index of its file in the files scanned (a group's field is in the group's file).
    pub file: usize,
    /// The line of the type's or the field's name.
    pub line: usize,
    /// Its lines as written: the line number and the text of each doc attribute (`/// x` is
    /// ` x`, `#[doc = "x "]` is `x `), several for a block comment; none for a field without a
    /// doc comment (recorded all the same: where it is).
    pub lines: Vec<(usize, String)>,
    /// Whether it is inside a `#[cfg(test)]` module.
    pub test_only: bool,
}

/// What [`scan`] finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scanned {
    /// Every `#[deprecated]`, in source order.
    pub deprecated: Vec<Found>,
    /// Every doc comment of a type or a field, in source order, and every field without one.
    pub docs: Vec<Doc>,
}

/// Every `#[deprecated]` on a type deriving `JsonSchema` in a crate's files (modules included),
/// with the fields that `macro_rules!` groups write into structs (see [`scan`]).
pub fn scan_files(files: &[syn::File]) -> Vec<Found> {
    scan(files).deprecated
}

/// The deprecations and doc comments of the types deriving `JsonSchema` in a crate's files
/// (modules included). A struct headed by `#[groups(name, ...)]` inside a macro invocation gets
/// the fields of each `macro_rules! name` of any of the files.
pub fn scan(files: &[syn::File]) -> Scanned {
    let mut groups = Groups::new();
    for (index, file) in files.iter().enumerate() {
        collect_groups(&file.items, index, &mut groups);
    }
    let mut out = Scanned::default();
    for (index, file) in files.iter().enumerate() {
        let mut walk = Walk {
            groups: &groups,
            file: index,
            test_only: false,
            out: &mut out,
        };
        walk.items(&file.items);
    }
    out
}

/// The fields written by each `macro_rules!` group: its name to its fields' file, attributes and
/// names.
type Groups = std::collections::BTreeMap<String, Vec<(usize, Vec<syn::Attribute>, syn::Ident)>>;

fn collect_groups(items: &[syn::Item], file: usize, groups: &mut Groups) {
    for item in items {
        match item {
            syn::Item::Macro(m) if m.mac.path.is_ident("macro_rules") => {
                if let Some(name) = &m.ident {
                    let mut fields = Vec::new();
                    group_fields(m.mac.tokens.clone(), &mut fields);
                    groups.entry(name.to_string()).or_default().extend(
                        fields
                            .into_iter()
                            .map(|(attrs, ident)| (file, attrs, ident)),
                    );
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect_groups(inner, file, groups);
                }
            }
            _ => {}
        }
    }
}

/// Named fields (`#[attr]... pub name: Type`) anywhere in a macro's tokens, with their attributes.
fn group_fields(
    tokens: proc_macro2::TokenStream,
    out: &mut Vec<(Vec<syn::Attribute>, syn::Ident)>,
) {
    use proc_macro2::TokenTree;
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut attrs = proc_macro2::TokenStream::new();
    let mut i = 0;
    while i < tokens.len() {
        match (&tokens[i], tokens.get(i + 1)) {
            (TokenTree::Punct(p), Some(TokenTree::Group(g)))
                if p.as_char() == '#' && g.delimiter() == proc_macro2::Delimiter::Bracket =>
            {
                attrs.extend([tokens[i].clone(), tokens[i + 1].clone()]);
                i += 2;
                continue;
            }
            (TokenTree::Ident(vis), Some(TokenTree::Ident(name)))
                if vis == "pub"
                    && matches!(tokens.get(i + 2), Some(TokenTree::Punct(c)) if c.as_char() == ':') =>
            {
                let parsed = syn::parse::Parser::parse2(syn::Attribute::parse_outer, attrs.clone());
                out.push((parsed.unwrap_or_default(), name.clone()));
                i += 3;
            }
            (TokenTree::Group(g), _) => {
                group_fields(g.stream(), out);
                i += 1;
            }
            _ => i += 1,
        }
        attrs = proc_macro2::TokenStream::new();
    }
}

/// The groups a struct is assembled from: `#[groups(a, b)]`.
fn struct_groups(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut names = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("groups")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(ident) = meta.path.get_ident() {
                names.push(ident.to_string());
            }
            Ok(())
        });
    }
    names
}

/// The walk over one file's items: each member of a type deriving `JsonSchema` is recorded.
struct Walk<'a> {
    groups: &'a Groups,
    file: usize,
    test_only: bool,
    out: &'a mut Scanned,
}

impl Walk<'_> {
    fn items(&mut self, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Struct(s)
                    if derives_json_schema(&s.attrs) && s.generics.params.is_empty() =>
                {
                    let type_name = schema_name(&s.attrs, &s.ident);
                    let rename_all = serde_value(&s.attrs, "rename_all");
                    let serde_struct =
                        serde_value(&s.attrs, "rename").unwrap_or_else(|| ident_text(&s.ident));
                    self.member(
                        &type_name,
                        Member::Type,
                        &s.attrs,
                        &s.ident,
                        self.file,
                        None,
                    );
                    self.fields(
                        &s.fields,
                        rename_all.as_deref(),
                        &type_name,
                        Some(&serde_struct),
                    );
                    for group in struct_groups(&s.attrs) {
                        for (file, attrs, ident) in self.groups.get(&group).into_iter().flatten() {
                            let key = field_key(attrs, ident, rename_all.as_deref());
                            self.member(
                                &type_name,
                                Member::Field(key),
                                attrs,
                                ident,
                                *file,
                                Some(&serde_struct),
                            );
                        }
                    }
                }
                syn::Item::Enum(e)
                    if derives_json_schema(&e.attrs) && e.generics.params.is_empty() =>
                {
                    let type_name = schema_name(&e.attrs, &e.ident);
                    let rename_all = serde_value(&e.attrs, "rename_all");
                    let rename_all_fields = serde_value(&e.attrs, "rename_all_fields");
                    self.member(
                        &type_name,
                        Member::Type,
                        &e.attrs,
                        &e.ident,
                        self.file,
                        None,
                    );
                    for variant in &e.variants {
                        let name = serde_value(&variant.attrs, "rename").unwrap_or_else(|| {
                            rename_variant(&ident_text(&variant.ident), rename_all.as_deref())
                        });
                        self.member(
                            &type_name,
                            Member::Variant(name),
                            &variant.attrs,
                            &variant.ident,
                            self.file,
                            None,
                        );
                        let fields_rule = serde_value(&variant.attrs, "rename_all")
                            .or_else(|| rename_all_fields.clone());
                        self.fields(&variant.fields, fields_rule.as_deref(), &type_name, None);
                    }
                }
                syn::Item::Mod(m) => {
                    if let Some((_, inner)) = &m.content {
                        let outer = self.test_only;
                        self.test_only |= is_cfg_test(&m.attrs);
                        self.items(inner);
                        self.test_only = outer;
                    }
                }
                // A macro invocation whose body is Rust items (a struct assembled from groups).
                syn::Item::Macro(m) if m.ident.is_none() => {
                    if let Ok(body) = syn::parse2::<syn::File>(m.mac.tokens.clone()) {
                        self.items(&body.items);
                    }
                }
                _ => {}
            }
        }
    }

    fn fields(
        &mut self,
        fields: &syn::Fields,
        rename_all: Option<&str>,
        type_name: &str,
        serde_struct: Option<&str>,
    ) {
        let syn::Fields::Named(named) = fields else {
            return;
        };
        for field in &named.named {
            if let Some(ident) = &field.ident {
                let key = field_key(&field.attrs, ident, rename_all);
                self.member(
                    type_name,
                    Member::Field(key),
                    &field.attrs,
                    ident,
                    self.file,
                    serde_struct,
                );
            }
        }
    }

    /// Records a member's deprecation and (types and fields) its doc comment; a field without one
    /// is recorded too, with its line.
    fn member(
        &mut self,
        type_name: &str,
        member: Member,
        attrs: &[syn::Attribute],
        ident: &syn::Ident,
        file: usize,
        serde_struct: Option<&str>,
    ) {
        if !matches!(member, Member::Variant(_)) {
            let lines = doc_lines(attrs);
            if !lines.is_empty() || matches!(member, Member::Field(_)) {
                self.out.docs.push(Doc {
                    type_name: type_name.to_owned(),
                    member: member.clone(),
                    file,
                    line: ident.span().start().line,
                    lines,
                    test_only: self.test_only,
                });
            }
        }
        if let Some(note) = deprecation(attrs) {
            self.out.deprecated.push(Found {
                type_name: type_name.to_owned(),
                member,
                note,
                line: ident.span().start().line,
                serde_struct: serde_struct.map(str::to_owned),
                test_only: self.test_only,
            });
        }
    }
}

/// A field's key: `#[serde(rename)]`, else its name under the `rename_all` rule.
fn field_key(attrs: &[syn::Attribute], ident: &syn::Ident, rename_all: Option<&str>) -> String {
    serde_value(attrs, "rename").unwrap_or_else(|| rename_field(&ident_text(ident), rename_all))
}

/// The doc attributes' lines: each attribute's line and text (a block comment's text split at
/// its newlines, one line each).
fn doc_lines(attrs: &[syn::Attribute]) -> Vec<(usize, String)> {
    let mut lines = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        let syn::Meta::NameValue(nv) = &attr.meta else {
            continue;
        };
        let Some(text) = string_literal(&nv.value) else {
            continue;
        };
        let first = attr.pound_token.span.start().line;
        for (i, line) in text.split('\n').enumerate() {
            lines.push((first + i, line.to_owned()));
        }
    }
    lines
}

/// The text of a source line that is a `///` doc comment (what follows `///`), or `None`.
pub fn doc_comment_text(line: &str) -> Option<&str> {
    let comment = line.trim_start().strip_prefix("///")?;
    (!comment.starts_with('/')).then_some(comment)
}

/// The digest of a source file's text with the text of the `///` doc comments on `lines`
/// (1-based, sorted) left out: two versions of a file that differ only there have the same
/// digest. FNV-1a (64 bits), byte for byte; `confspec` computes the same at run time.
pub fn digest(text: &str, lines: &[usize]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for (index, line) in text.split('\n').enumerate() {
        let kept = match doc_comment_text(line) {
            Some(comment) if lines.binary_search(&(index + 1)).is_ok() => {
                &line[..line.len() - comment.len()]
            }
            _ => line,
        };
        feed(kept.as_bytes());
        feed(b"\n");
    }
    hash
}

/// Whether the attributes hold `#[cfg(test)]`.
pub fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}

fn ident_text(ident: &syn::Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(str::to_owned).unwrap_or(text)
}

/// `Some(note)` when the attributes hold `#[deprecated]` (the note, when it has one).
fn deprecation(attrs: &[syn::Attribute]) -> Option<Option<String>> {
    let attr = attrs.iter().find(|a| a.path().is_ident("deprecated"))?;
    Some(match &attr.meta {
        syn::Meta::Path(_) => None,
        syn::Meta::NameValue(nv) => string_literal(&nv.value),
        syn::Meta::List(_) => {
            let mut note = None;
            let _ = attr.parse_nested_meta(|meta| {
                let value: syn::Expr = meta.value()?.parse()?;
                if meta.path.is_ident("note") {
                    note = string_literal(&value);
                }
                Ok(())
            });
            note
        }
    })
}

fn string_literal(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// Whether the attributes derive `JsonSchema`.
pub fn derives_json_schema(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        if !attr.path().is_ident("derive") {
            return false;
        }
        let mut found = false;
        let _ = attr.parse_nested_meta(|meta| {
            if meta
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "JsonSchema")
            {
                found = true;
            }
            Ok(())
        });
        found
    })
}

/// The value of `#[serde(NAME = "...")]` (or of its `serialize = "..."` form).
fn serde_value(attrs: &[syn::Attribute], name: &str) -> Option<String> {
    attr_value(attrs, "serde", name)
}

/// The name schemars gives the type: `#[schemars(rename)]`, `#[serde(rename)]`, the identifier.
fn schema_name(attrs: &[syn::Attribute], ident: &syn::Ident) -> String {
    attr_value(attrs, "schemars", "rename")
        .or_else(|| serde_value(attrs, "rename"))
        .unwrap_or_else(|| ident_text(ident))
}

fn attr_value(attrs: &[syn::Attribute], attr_name: &str, name: &str) -> Option<String> {
    let mut out = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident(attr_name)) {
        let _ = attr.parse_nested_meta(|meta| {
            let wanted = meta.path.is_ident(name);
            if meta.input.peek(syn::Token![=]) {
                let value: syn::Expr = meta.value()?.parse()?;
                if wanted {
                    out = string_literal(&value).or(out.take());
                }
            } else if meta.input.peek(syn::token::Paren) {
                meta.parse_nested_meta(|inner| {
                    let value: syn::Expr = inner.value()?.parse()?;
                    if wanted && inner.path.is_ident("serialize") {
                        out = string_literal(&value).or(out.take());
                    }
                    Ok(())
                })?;
            }
            Ok(())
        });
    }
    out
}

/// A field's key under serde's `rename_all` rule (fields are written in snake case).
fn rename_field(field: &str, rule: Option<&str>) -> String {
    match rule {
        Some("UPPERCASE") | Some("SCREAMING_SNAKE_CASE") => field.to_ascii_uppercase(),
        Some("PascalCase") => pascal(field),
        Some("camelCase") => lower_first(&pascal(field)),
        Some("kebab-case") => field.replace('_', "-"),
        Some("SCREAMING-KEBAB-CASE") => field.to_ascii_uppercase().replace('_', "-"),
        _ => field.to_owned(),
    }
}

/// A variant's name under serde's `rename_all` rule (variants are written in Pascal case).
fn rename_variant(variant: &str, rule: Option<&str>) -> String {
    let snake = || {
        let mut out = String::new();
        for (i, c) in variant.char_indices() {
            if c.is_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    };
    match rule {
        Some("lowercase") => variant.to_ascii_lowercase(),
        Some("UPPERCASE") => variant.to_ascii_uppercase(),
        Some("camelCase") => lower_first(variant),
        Some("snake_case") => snake(),
        Some("SCREAMING_SNAKE_CASE") => snake().to_ascii_uppercase(),
        Some("kebab-case") => snake().replace('_', "-"),
        Some("SCREAMING-KEBAB-CASE") => snake().to_ascii_uppercase().replace('_', "-"),
        _ => variant.to_owned(),
    }
}

fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_ascii_lowercase().to_string() + chars.as_str()
    })
}
