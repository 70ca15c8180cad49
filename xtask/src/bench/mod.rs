//! `cargo xtask bench`: the rendering benchmark of the InferencePanel (also the `bench` CI step),
//! and `cargo xtask bench --compare`, the same streaming side by side with React 18 +
//! `@huggingface/inference`.
//!
//! A loopback token server ([`server`]) streams [`TOKENS`] short chat-completion tokens as
//! fast as it can write them, and a release build of `tests/bench` runs the real panel against
//! it in headless Chromium. It asserts structure only (every token shown, in order; far fewer
//! DOM updates than tokens) and prints the timings as a `BENCH` line: the time from Generate to
//! the last token on screen and every long task (PerformanceObserver `longtask`). Timings are
//! never a gate: on a loaded 2-core machine they are noise-prone.

pub mod compare;
mod measurement;
mod server;

use crate::util::{self, Result};
pub use server::{token, TokenServer, TOKENS};

/// `cargo xtask bench [--compare [--runs N]]` ([`crate::cli::BenchArgs`]).
pub fn run(args: &crate::cli::BenchArgs) -> Result {
    if args.compare {
        return compare::run(args.runs);
    }
    let server = TokenServer::start()?;
    println!(
        "token server on {} ({TOKENS} tokens per answer)",
        server.url
    );
    util::run(&mut widget_command(&server, false))
}

/// The `cargo xtask test` step.
pub fn step() -> Result {
    run(&crate::cli::BenchArgs {
        compare: false,
        runs: compare::DEFAULT_RUNS,
    })
}

/// `cargo test` of `tests/bench` (release, headless Chromium) against `server`. It prints one
/// `BENCH` line ([`measurement::Measurement`]) and fails when the structure is wrong. With `build_only`, it
/// only builds (`--no-run`).
fn widget_command(server: &TokenServer, build_only: bool) -> std::process::Command {
    let mut cmd = util::cargo();
    cmd.args([
        "test",
        "--release",
        "--target",
        util::WASM_TARGET,
        "-p",
        "hf-oauth-tests",
        "--test",
        "bench",
    ]);
    if build_only {
        cmd.arg("--no-run");
    }
    cmd.args(["--", "--nocapture"])
        .env("HF_BENCH_URL", &server.url)
        .env("HF_BENCH_TOKENS", TOKENS.to_string());
    crate::install::use_headless_chromium(&mut cmd, 120);
    cmd
}
