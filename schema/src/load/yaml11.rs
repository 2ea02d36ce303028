//! YAML 1.1 readings that YAML 1.2 does not share, for the hints of the strict loader.

/// YAML 1.1 spellings of booleans that YAML 1.2 reads as strings.
const YAML11_BOOLEANS: &[(&str, bool)] = &[
    ("yes", true),
    ("no", false),
    ("on", true),
    ("off", false),
    ("y", true),
    ("n", false),
];

pub(super) fn yaml11_boolean(text: &str) -> Option<bool> {
    YAML11_BOOLEANS
        .iter()
        .find(|(spelling, _)| spelling.eq_ignore_ascii_case(text))
        .map(|(_, value)| *value)
}
