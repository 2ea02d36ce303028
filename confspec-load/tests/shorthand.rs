//! Shorthand types and the YAML text: with the YAML 1.1 guard, a shorthand that takes a plain
//! scalar as text refuses one that YAML 1.1 reads otherwise (`no`, `1:30`, a date), except the words it lists as its own
//! (`Shorthand::YAML11_WORDS`); a type that keeps any value (`serde_json::Value`) gets the YAML
//! 1.2 reading. And a value read with a conversion reports a warning at the value
//! (`warn_value`), collected by the loads that collect warnings.

use confspec_load::shorthand::{Reject, Shorthand};
use confspec_load::{ErrorKind, Loader, Pos, Yaml11Guard, deprecated};
use serde::Deserialize;

/// A label: any text, or a number (its digits).
#[derive(Debug, PartialEq)]
struct Label(String);

impl Shorthand for Label {
    const EXPECTING: &'static str = "a label";
    fn from_text(value: &str) -> Result<Self, Reject> {
        Ok(Label(value.to_owned()))
    }
    fn from_int(value: i128) -> Result<Self, Reject> {
        Ok(Label(value.to_string()))
    }
}

/// A limit in minutes, the word `off`, or hours as a decimal (read with a warning).
#[derive(Debug, PartialEq)]
enum Limit {
    Off,
    Minutes(u32),
}

impl Shorthand for Limit {
    const EXPECTING: &'static str = "minutes, hours as a decimal, or `off`";
    const YAML11_WORDS: &'static [&'static str] = &["off"];
    fn from_text(value: &str) -> Result<Self, Reject> {
        match value {
            "off" => Ok(Limit::Off),
            _ => Err(Self::unexpected()),
        }
    }
    fn from_int(value: i128) -> Result<Self, Reject> {
        u32::try_from(value)
            .map(Limit::Minutes)
            .map_err(|_| Self::unexpected())
    }
    fn from_float(value: f64) -> Result<Self, Reject> {
        let minutes = (value * 60.0).round() as u32;
        confspec_load::warn_value(
            format!("{value} is read as hours: {minutes} minutes"),
            Some(format!("write `{minutes}`")),
        );
        Ok(Limit::Minutes(minutes))
    }
}

confspec_load::deserialize_shorthand!(Label, Limit);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Job {
    label: Option<Label>,
    limit: Option<Limit>,
}
confspec_load::no_rules!(Job);

#[test]
fn a_shorthand_refuses_a_plain_word_yaml11_reads_otherwise_when_it_takes_it_as_text() {
    let guarded = Loader::new().with_yaml11(Yaml11Guard::new());
    for word in ["no", "On", "1:30", "2024-01-01"] {
        // Without the guard, the files are YAML 1.2: the word is the text.
        let job: Job = confspec_load::from_str(&format!("label: {word}\n")).unwrap();
        assert_eq!(job.label, Some(Label(word.to_owned())));
        let errors = guarded
            .from_str::<Job>(&format!("label: {word}\n"))
            .unwrap_err();
        assert_eq!(errors[0].kind, ErrorKind::WrongType, "{word}");
        assert_eq!(errors[0].path, "label");
        assert!(errors[0].text_only, "{word}");
        assert_eq!(
            errors[0].hint.as_deref(),
            Some(format!("quote it: `\"{word}\"`").as_str())
        );
        // Quoted, it is the text.
        let job: Job = guarded.from_str(&format!("label: \"{word}\"\n")).unwrap();
        assert_eq!(job.label, Some(Label(word.to_owned())));
    }
    // What both readings share is untouched.
    let job: Job = guarded.from_str("label: y\n").unwrap();
    assert_eq!(job.label, Some(Label("y".into())));
}

#[test]
fn a_shorthand_reads_its_own_words_as_written() {
    let job: Job = confspec_load::from_str("limit: off\n").unwrap();
    assert_eq!(job.limit, Some(Limit::Off));
    // Another word YAML 1.1 reads otherwise is the type's own error (not text it takes).
    let errors = confspec_load::from_str::<Job>("limit: no\n").unwrap_err();
    assert!(
        errors[0].message.contains("minutes, hours as a decimal"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_type_keeping_any_value_gets_the_yaml12_reading() {
    let node = confspec_load::parse("a: no\nb: 2024-01-01\n").unwrap();
    let value: serde_json::Value = confspec_load::from_node(&node).unwrap();
    assert_eq!(value, serde_json::json!({"a": "no", "b": "2024-01-01"}));
}

#[test]
fn a_value_read_with_a_conversion_warns_at_the_value() {
    let (job, warnings) = deprecated::from_str::<Job>("label: x\nlimit: 1.5\n", &[]).unwrap();
    assert_eq!(job.limit, Some(Limit::Minutes(90)));
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].path, "limit");
    assert_eq!(warnings[0].key, "limit");
    assert_eq!(warnings[0].pos, Pos { line: 2, column: 8 });
    assert_eq!(warnings[0].note.as_deref(), Some("write `90`"));
    assert_eq!(
        warnings[0].to_string(),
        "2:8: warning: limit: 1.5 is read as hours: 90 minutes"
    );
    // The same warnings, collected around any load; none when nothing collects them.
    let (loaded, collected) =
        confspec_load::collect_warnings(|| confspec_load::from_str::<Job>("limit: 0.5\n"));
    assert_eq!(loaded.unwrap().limit, Some(Limit::Minutes(30)));
    assert_eq!(collected.len(), 1);
    confspec_load::from_str::<Job>("limit: 0.5\n").unwrap();
    let (_, none) = confspec_load::collect_warnings(|| ());
    assert!(
        none.is_empty(),
        "a load that did not collect leaves nothing behind"
    );
}
