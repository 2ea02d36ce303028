fn main() {
    codegen_build::scan("src");
}
