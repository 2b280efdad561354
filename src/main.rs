fn main() {
    std::process::exit(policygap::cli::run());
}
