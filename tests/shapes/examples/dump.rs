fn main() {
    let g = schemars::generate::SchemaSettings::draft07().into_generator();
    let s = g.into_root_schema_for::<shapes::Catalogue>();
    println!("{}", serde_json::to_string_pretty(&s).unwrap());
}
