//! Prints what the loader says about each YAML document given as an argument file.
fn main() {
    for file in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&file).unwrap();
        match schema::load::from_str::<schema::ServerConfig>(&text) {
            Ok(v) => println!("{file}: OK {}", serde_json::to_string(&v).unwrap()),
            Err(errors) => {
                for e in errors {
                    println!(
                        "{file}: {:?} {}:{} path={:?} msg={:?} hint={:?} expected={:?}",
                        e.kind, e.pos.line, e.pos.column, e.path, e.message, e.hint, e.expected
                    )
                }
            }
        }
    }
}
