//! `cargo xtask <command>`: the developer commands of the yew-hf-oauth workspace.
//!
//! Std-only on purpose, so a newcomer needs nothing but cargo and it builds in seconds.
//! Every command installs what it needs and skips what is already there.

#![warn(missing_docs)]

mod bench;
mod install;
mod serve;
mod showcase;
mod test;
mod util;

use std::process::ExitCode;

/// Help text printed by `cargo xtask help`.
const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  install                       install the wasm32 target, wasm-bindgen-cli (version from
                                Cargo.lock), rustfmt/clippy, Chromium and chromedriver
  test [--skip-install] [STEP..] run every CI step in order (or only the named ones)
  test --list                   list the test steps
  showcase [--port N] [--no-serve] [--skip-install]
                                build the showcase into dist/showcase and serve it on
                                http://127.0.0.1:N (default 8080, next free port if busy)
  bench                         rendering benchmark: 20,000 streamed tokens into the
                                InferencePanel in headless Chromium (long tasks, timings)
  help                          this text";

fn main() -> ExitCode {
    util::prepend_cargo_bin_to_path();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("install") => install::run(rest),
        Some("test") => test::run(rest),
        Some("showcase") => showcase::run(rest),
        Some("bench") => bench::run(rest),
        None | Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}").into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
