fn main() {
    policygap::memory::tune();
    quiet_panics();
    std::process::exit(policygap::cli::run());
}

/// A panic inside a file's analysis is caught and becomes that file's
/// failed entry, with its reason; the default hook would also print a
/// message and a backtrace meant for programmers. Only a panic on the main
/// thread, which ends the run, is shown: in one line, asking for a report.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        if std::thread::current().name() == Some("main") {
            let what = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            eprintln!("policygap: internal error (please report it): {what}");
        }
    }));
}
