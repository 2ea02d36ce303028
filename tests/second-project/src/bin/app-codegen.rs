fn main() {
    std::process::exit(confspec::run(confspec::types!()));
}
