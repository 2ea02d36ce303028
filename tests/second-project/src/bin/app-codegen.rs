fn main() {
    std::process::exit(codegen::run(codegen::types!()));
}
