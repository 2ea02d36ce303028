fn main() {
    confspec_build::scan("src");
}
