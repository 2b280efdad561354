fn main() {
    policygap::memory::tune();
    std::process::exit(policygap::cli::run());
}
