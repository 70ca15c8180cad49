//! `cargo xtask <command>`: the developer commands of the yew-hf-oauth workspace.
//!
//! Not a thin runner: besides calling cargo it installs the tools, builds and serves the
//! showcase (rebuilding on change), builds the widget and measures it, shoots and compares the
//! stories' pictures in headless Chromium, and checks the READMEs against the code, so that a
//! newcomer needs nothing but cargo. Its first build takes under a minute (43 s measured on a
//! 2-core machine, crates already downloaded), later ones seconds; its dependencies are
//! serde_json, clap (the command line, [`cli`]), `png` (the visual regression step's pictures)
//! and `notify` (the showcase's rebuild on change). The end-to-end harness, which drives browsers
//! with a WebDriver client, is its own crate (tests/e2e, `hf-oauth-e2e`) that `cargo xtask e2e`
//! runs. Every command installs what it needs and skips what is already there.

#![warn(missing_docs)]

mod bench;
mod cimd;
mod cli;
mod demo;
mod e2e;
mod firefox;
mod first_paint_check;
mod first_paint_server;
mod fuzz;
mod http_request;
mod install;
mod live_reload;
mod perf;
mod pinned_fonts;
mod readme_check;
mod screenshots;
mod serve;
mod showcase;
mod showcase_build;
mod size;
mod space;
mod stories;
mod test;
mod util;
mod visual;
mod visual_build;
mod visual_image;
mod watch;
mod webkit;
mod widget;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use cli::{Cli, Command};

fn main() -> ExitCode {
    util::prepend_cargo_bin_to_path();
    let Some(command) = Cli::parse().command else {
        // `cargo xtask` alone: the help, as `cargo xtask help` prints it.
        return match Cli::command().print_help() {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::FAILURE,
        };
    };
    let result = match &command {
        Command::Install => install::run(),
        Command::Test(args) => test::run(args),
        Command::Showcase(args) => showcase::run(args),
        Command::Screenshots(args) => screenshots::run(args),
        Command::Visual(args) => visual::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Perf(args) => perf::run(args),
        Command::Fuzz(args) => fuzz::run(args),
        Command::Widget(args) => widget::run(args),
        Command::Size(args) => size::run(args),
        Command::Space(args) => space::run(args),
        Command::E2e(args) => e2e::run(args),
        Command::Cimd(args) => cimd::run(args),
        Command::Demo(args) => demo::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
