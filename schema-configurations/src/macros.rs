//! Declarative helpers shared by the model modules.

/// Declares a struct whose fields are its own plus shared groups of fields, in a given order,
/// written once each (a group is a `macro_rules!` whose one rule appends its fields, e.g.
/// `profile_params` in `profiles.rs`). The struct is written as
/// ordinary Rust, preceded by `#[groups(...)]` naming the groups in order, with `fields` where
/// the struct's own fields go:
///
/// ```ignore
/// with_groups! {
///     #[groups(fields, base_run, profile_params)]
///     /// A task.
///     #[derive(Serialize, Deserialize, JsonSchema)]
///     pub struct TaskConfiguration {
///         /// Number of nodes
///         pub nodes: Option<IntRange>,
///     }
/// }
/// ```
///
/// Each struct stays a closed object listing its own fields (serde's `flatten` does not work
/// with `deny_unknown_fields`). The invocation's body parses as Rust items, so codegen's
/// registry scan finds the struct where it is written.
macro_rules! with_groups {
    (#[groups($($group:ident),+ $(,)?)] $(#[$meta:meta])* $vis:vis struct $name:ident { $($own:tt)* }) => {
        with_groups!(@munch [$($group)+] {} { $($own)* } { $(#[$meta])* $vis struct $name });
    };
    (@munch [] { $($fields:tt)* } $own:tt { $($head:tt)* }) => {
        $($head)* { $($fields)* }
    };
    (@munch [fields $($rest:ident)*] { $($fields:tt)* } { $($own:tt)* } $head:tt) => {
        with_groups!(@munch [$($rest)*] { $($fields)* $($own)* } { $($own)* } $head);
    };
    (@munch [$group:ident $($rest:ident)*] $fields:tt $own:tt $head:tt) => {
        $group!(@munch [$($rest)*] $fields $own $head);
    };
}
