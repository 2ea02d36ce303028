//! Field deserialisers for `#[serde(deserialize_with = "...")]` that models share: what serde's
//! derive cannot say of a field by itself (present but not `null`, a string but not empty).
//! A schema says the same with `#[schemars(...)]` beside them.

/// Deserialises a field that may be omitted but, when present, may not be `null`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Deserialises a string that may not be empty (a path the server opens, for instance); the
/// schema says the same with `#[schemars(length(min = 1))]`.
pub fn non_empty<'de, D>(deserializer: D) -> Result<String, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    if text.is_empty() {
        return Err(serde::de::Error::invalid_value(
            serde::de::Unexpected::Str(&text),
            &"a non-empty string",
        ));
    }
    Ok(text)
}

/// Deserialises an optional string that may be `null` (not given) but not empty: the schema says
/// the same with `#[schemars(length(min = 1))]`.
pub fn non_empty_or_null<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let text = <Option<String> as serde::Deserialize>::deserialize(deserializer)?;
    if text.as_deref() == Some("") {
        return Err(serde::de::Error::invalid_value(
            serde::de::Unexpected::Str(""),
            &"a non-empty string",
        ));
    }
    Ok(text)
}
