//! Reads Rust's own `#[deprecated]` attributes from a model's sources: on a type, a field, an enum
//! variant or a field of a struct variant, with its note (`#[deprecated(note = "Use `retry`
//! instead")]` or `#[deprecated = "..."]`), named as serde names them (`rename`, `rename_all`,
//! `rename_all_fields`) under the type's schema name (`#[schemars(rename)]`, `#[serde(rename)]`,
//! else the identifier).
//!
//! schemars marks the same places `"deprecated": true` but drops the note. The model crate's
//! `build.rs` reads the notes for its loader's warnings (`schema::deprecated`); codegen's
//! `build.rs` reads them for the IR, and its tests for the IR of another model
//! (`tests/shapes`). Standalone: syn only.

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

/// What a `#[deprecated]` applies to.
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

/// Every `#[deprecated]` on a type deriving `JsonSchema` in a crate's files (modules included),
/// with the fields that
/// `macro_rules!` groups write into structs: a struct headed by `#[groups(name, ...)]` inside a
/// macro invocation gets the deprecated fields of each `macro_rules! name` of any of the files.
pub fn scan_files(files: &[syn::File]) -> Vec<Found> {
    let mut groups = Groups::new();
    for file in files {
        collect_groups(&file.items, &mut groups);
    }
    let mut found = Vec::new();
    for file in files {
        scan_items(&file.items, false, &groups, &mut found);
    }
    found
}

/// The fields written by each `macro_rules!` group (its name to its fields' attributes and names).
type Groups = std::collections::BTreeMap<String, Vec<(Vec<syn::Attribute>, syn::Ident)>>;

fn collect_groups(items: &[syn::Item], groups: &mut Groups) {
    for item in items {
        match item {
            syn::Item::Macro(m) if m.mac.path.is_ident("macro_rules") => {
                if let Some(name) = &m.ident {
                    let mut fields = Vec::new();
                    group_fields(m.mac.tokens.clone(), &mut fields);
                    groups.entry(name.to_string()).or_default().extend(fields);
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect_groups(inner, groups);
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

fn scan_items(items: &[syn::Item], test_only: bool, groups: &Groups, found: &mut Vec<Found>) {
    let start = found.len();
    for item in items {
        match item {
            syn::Item::Struct(s)
                if derives_json_schema(&s.attrs) && s.generics.params.is_empty() =>
            {
                let type_name = schema_name(&s.attrs, &s.ident);
                let rename_all = serde_value(&s.attrs, "rename_all");
                let serde_struct =
                    serde_value(&s.attrs, "rename").unwrap_or_else(|| ident_text(&s.ident));
                push_type(&s.attrs, &s.ident, &type_name, found);
                let fields_start = found.len();
                push_fields(&s.fields, rename_all.as_deref(), &type_name, found);
                for group in struct_groups(&s.attrs) {
                    for (attrs, ident) in groups.get(&group).into_iter().flatten() {
                        push_field(attrs, ident, rename_all.as_deref(), &type_name, found);
                    }
                }
                for field in &mut found[fields_start..] {
                    field.serde_struct = Some(serde_struct.clone());
                }
            }
            syn::Item::Enum(e) if derives_json_schema(&e.attrs) && e.generics.params.is_empty() => {
                let type_name = schema_name(&e.attrs, &e.ident);
                let rename_all = serde_value(&e.attrs, "rename_all");
                let rename_all_fields = serde_value(&e.attrs, "rename_all_fields");
                push_type(&e.attrs, &e.ident, &type_name, found);
                for variant in &e.variants {
                    if let Some(note) = deprecation(&variant.attrs) {
                        let name = serde_value(&variant.attrs, "rename").unwrap_or_else(|| {
                            rename_variant(&ident_text(&variant.ident), rename_all.as_deref())
                        });
                        found.push(Found {
                            type_name: type_name.clone(),
                            member: Member::Variant(name),
                            note,
                            line: variant.ident.span().start().line,
                            serde_struct: None,
                            test_only: false,
                        });
                    }
                    let fields_rule = serde_value(&variant.attrs, "rename_all")
                        .or_else(|| rename_all_fields.clone());
                    push_fields(&variant.fields, fields_rule.as_deref(), &type_name, found);
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    scan_items(inner, test_only || is_cfg_test(&m.attrs), groups, found);
                }
            }
            // A macro invocation whose body is Rust items (a struct assembled from groups).
            syn::Item::Macro(m) if m.ident.is_none() => {
                if let Ok(body) = syn::parse2::<syn::File>(m.mac.tokens.clone()) {
                    scan_items(&body.items, test_only, groups, found);
                }
            }
            _ => {}
        }
    }
    for f in &mut found[start..] {
        f.test_only |= test_only;
    }
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}

fn push_type(
    attrs: &[syn::Attribute],
    ident: &syn::Ident,
    type_name: &str,
    found: &mut Vec<Found>,
) {
    if let Some(note) = deprecation(attrs) {
        found.push(Found {
            type_name: type_name.to_owned(),
            member: Member::Type,
            note,
            line: ident.span().start().line,
            serde_struct: None,
            test_only: false,
        });
    }
}

fn push_fields(
    fields: &syn::Fields,
    rename_all: Option<&str>,
    type_name: &str,
    found: &mut Vec<Found>,
) {
    let syn::Fields::Named(named) = fields else {
        return;
    };
    for field in &named.named {
        if let Some(ident) = &field.ident {
            push_field(&field.attrs, ident, rename_all, type_name, found);
        }
    }
}

fn push_field(
    attrs: &[syn::Attribute],
    ident: &syn::Ident,
    rename_all: Option<&str>,
    type_name: &str,
    found: &mut Vec<Found>,
) {
    let Some(note) = deprecation(attrs) else {
        return;
    };
    let key = serde_value(attrs, "rename")
        .unwrap_or_else(|| rename_field(&ident_text(ident), rename_all));
    found.push(Found {
        type_name: type_name.to_owned(),
        member: Member::Field(key),
        note,
        line: ident.span().start().line,
        serde_struct: None,
        test_only: false,
    });
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
