//! `cargo xtask fuzz`: runs the cargo-fuzz (libFuzzer) targets of `fuzz/` for a while each.
//!
//! The fuzz crate is its own workspace (excluded from the main one) and builds into
//! `fuzz/target`. cargo-fuzz needs nightly compiler flags; the stable toolchain accepts them
//! with `RUSTC_BOOTSTRAP=1`, which is set on every cargo-fuzz command and nowhere else.
//!
//! Each target starts from its committed seeds (`fuzz/seeds/<target>/`), copied into the
//! ignored working corpus `fuzz/corpus/<target>/`, so fuzzing never writes to the seeds. A
//! crashing input lands in `fuzz/artifacts/<target>/`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::install;
use crate::util::{self, Result};

/// The fuzz targets, as named in `fuzz/Cargo.toml`.
pub const TARGETS: &[&str] = &["sse", "callback_query", "provider_json"];

/// Seconds per target of `cargo xtask fuzz`.
pub const DEFAULT_SECONDS: u64 = 60;

/// Seconds per target of the `fuzz` step of `cargo xtask test` (the CI budget).
pub const CI_SECONDS: u64 = 15;

/// libFuzzer options added to every run: a single input taking over 10 s is a finding.
const LIBFUZZER_OPTIONS: &[&str] = &["-timeout=10"];

/// cargo-fuzz options of every build and run, measured on the 2-core machine:
/// - no sanitizer: the library has no `unsafe`, and AddressSanitizer made the targets about 8x
///   slower and the cold build a minute longer;
/// - 16 codegen units instead of 1: a quarter less CPU for the cold build (web-sys, yew and
///   gloo are instrumented too) for about 10% fewer runs per second.
///
/// Debug assertions and overflow checks stay on (cargo-fuzz's default).
const CARGO_FUZZ_OPTIONS: &[&str] = &["--sanitizer", "none", "--codegen-units", "16"];

/// Entry point of `cargo xtask fuzz [--seconds N] [--fresh] [--skip-install] [TARGET..]`.
pub fn run(args: &crate::cli::FuzzArgs) -> Result {
    if args.list {
        for target in TARGETS {
            println!("{target}");
        }
        return Ok(());
    }
    let mut targets: Vec<&'static str> = args
        .targets
        .iter()
        .filter_map(|name| TARGETS.iter().copied().find(|target| target == name))
        .collect();
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    if !args.skip_install {
        install::ensure_cargo_fuzz()?;
    }
    fuzz(&targets, args.seconds, args.fresh)
}

/// The `fuzz` step of `cargo xtask test`: every target for [`CI_SECONDS`] (from the seeds, plus
/// whatever earlier local runs left in the working corpus).
pub fn step() -> Result {
    fuzz(TARGETS, CI_SECONDS, false)
}

/// The fuzz crate's directory.
fn fuzz_dir() -> PathBuf {
    util::root().join("fuzz")
}

/// A `cargo fuzz <subcommand>` command with `RUSTC_BOOTSTRAP=1`, run from the workspace root.
fn cargo_fuzz(subcommand: &str) -> Command {
    let mut cmd = util::cargo();
    cmd.env("RUSTC_BOOTSTRAP", "1")
        .args(["fuzz", subcommand])
        .args(CARGO_FUZZ_OPTIONS);
    cmd
}

/// How one target's run went.
struct Run {
    target: &'static str,
    passed: bool,
    /// From libFuzzer's closing `Done N runs in M second(s)` line.
    runs: Option<(u64, u64)>,
    elapsed: Duration,
    /// The crashing input, when libFuzzer wrote one.
    artifact: Option<String>,
}

/// Builds every target once, then fuzzes each for `seconds`; fails if any target failed.
fn fuzz(targets: &[&'static str], seconds: u64, fresh: bool) -> Result {
    if util::which("cargo-fuzz").is_none() {
        return Err("cargo-fuzz is not installed: run `cargo xtask install` \
                    (or `cargo install cargo-fuzz --locked`)"
            .into());
    }
    println!("\n== fuzz build (fuzz/target)");
    let start = Instant::now();
    util::run(&mut cargo_fuzz("build"))?;
    let build_time = start.elapsed();

    let mut results = Vec::new();
    for target in targets {
        println!("\n== fuzz {target} ({seconds} s)");
        let corpus = prepare_corpus(target, fresh)?;
        results.push(fuzz_one(target, &corpus, seconds)?);
    }

    println!("\n== fuzz summary (build {})", util::secs(build_time));
    println!(
        "  {:<14}  {:<6}  {:>10}  {:>8}  {:>8}",
        "target", "status", "runs", "runs/s", "time"
    );
    for run in &results {
        let (runs, rate) = match run.runs {
            Some((runs, secs)) => (runs.to_string(), (runs / secs.max(1)).to_string()),
            None => ("?".into(), "?".into()),
        };
        println!(
            "  {:<14}  {:<6}  {runs:>10}  {rate:>8}  {:>8}",
            run.target,
            if run.passed { "ok" } else { "FAILED" },
            util::secs(run.elapsed)
        );
    }
    let failed: Vec<&Run> = results.iter().filter(|r| !r.passed).collect();
    if failed.is_empty() {
        return Ok(());
    }
    for run in &failed {
        match &run.artifact {
            Some(artifact) => println!(
                "  {}: crashing input {artifact}\n    reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run {} {} {artifact}",
                run.target,
                CARGO_FUZZ_OPTIONS.join(" "),
                run.target
            ),
            None => println!("  {}: failed without a crashing input (see above)", run.target),
        }
    }
    let names: Vec<&str> = failed.iter().map(|r| r.target).collect();
    Err(format!("fuzz target(s) failed: {}", names.join(", ")).into())
}

/// Copies the target's seeds into its working corpus (emptied first when `fresh`).
fn prepare_corpus(target: &str, fresh: bool) -> Result<PathBuf> {
    let dir = fuzz_dir();
    let seeds = dir.join("seeds").join(target);
    let corpus = dir.join("corpus").join(target);
    if fresh && corpus.exists() {
        std::fs::remove_dir_all(&corpus)
            .map_err(|e| format!("cannot empty {}: {e}", corpus.display()))?;
    }
    if seeds.is_dir() {
        util::copy_dir(&seeds, &corpus).map_err(|e| {
            format!(
                "cannot copy {} to {}: {e}",
                seeds.display(),
                corpus.display()
            )
        })?;
    } else {
        std::fs::create_dir_all(&corpus)?;
    }
    Ok(corpus)
}

/// Runs one target for `seconds`, echoing libFuzzer's output without the per-input
/// `NEW`/`REDUCE` lines, and reads its closing line.
fn fuzz_one(target: &'static str, corpus: &Path, seconds: u64) -> Result<Run> {
    let mut cmd = cargo_fuzz("run");
    cmd.arg(target)
        .arg(corpus)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .args(LIBFUZZER_OPTIONS);
    let shown = util::display(&cmd);
    println!("$ {shown}");
    let start = Instant::now();
    // libFuzzer reports on stderr; stdout (the target's own prints) is passed through.
    let mut child = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    let stderr = child.stderr.take().ok_or("no stderr pipe")?;
    let mut runs = None;
    let mut artifact = None;
    for line in BufReader::new(stderr).lines() {
        let line = line?;
        if let Some(done) = parse_done(&line) {
            runs = Some(done);
        }
        if let Some(path) = parse_artifact(&line) {
            artifact = Some(path);
        }
        if !is_progress(&line) {
            eprintln!("{line}");
        }
    }
    let status = child.wait()?;
    Ok(Run {
        target,
        passed: status.success() && runs.is_some() && artifact.is_none(),
        runs,
        elapsed: start.elapsed(),
        artifact,
    })
}

/// `(runs, seconds)` from libFuzzer's closing line `Done 123456 runs in 15 second(s)`.
pub fn parse_done(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim().strip_prefix("Done ")?;
    let (runs, rest) = rest.split_once(" runs in ")?;
    let secs = rest.strip_suffix(" second(s)")?;
    Some((runs.parse().ok()?, secs.parse().ok()?))
}

/// The path in libFuzzer's `Test unit written to <path>` line (a crash, leak or timeout).
pub fn parse_artifact(line: &str) -> Option<String> {
    let path = line.split_once("Test unit written to ")?.1.trim();
    (!path.is_empty()).then(|| path.to_string())
}

/// Whether a libFuzzer line is routine noise, not echoed: the per-input `#1234\tNEW ...` /
/// `REDUCE` lines and their `NEW_FUNC` details, the recommended dictionary printed at the end,
/// and the warnings about sanitizer hooks (expected: no sanitizer is used). `pulse`, `INITED`,
/// `DONE`, `Done` and everything about a crash are kept.
fn is_progress(line: &str) -> bool {
    if line.starts_with("\tNEW_FUNC[")
        || (line.starts_with('"') && line.contains("\" # Uses: "))
        || line.starts_with("###### ")
        || line.starts_with("WARNING: Failed to find function \"__sanitizer_")
    {
        return true;
    }
    let Some(rest) = line.strip_prefix('#') else {
        return false;
    };
    let mut words = rest.split_whitespace();
    let counter = words
        .next()
        .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()));
    counter && matches!(words.next(), Some("NEW" | "REDUCE"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libfuzzer_lines() {
        assert_eq!(
            parse_done("Done 113020 runs in 11 second(s)"),
            Some((113020, 11))
        );
        assert_eq!(parse_done("Done 1 runs in 0 second(s)\n"), Some((1, 0)));
        assert_eq!(parse_done("#113020\tDONE   cov: 491 ft: 1875"), None);
        assert_eq!(
            parse_artifact("artifact_prefix='fuzz/artifacts/sse/'; Test unit written to fuzz/artifacts/sse/crash-ab12"),
            Some("fuzz/artifacts/sse/crash-ab12".into())
        );
        assert_eq!(
            parse_artifact("==1== ERROR: libFuzzer: deadly signal"),
            None
        );
        assert!(is_progress(
            "#37944\tREDUCE cov: 491 ft: 1875 corp: 504/27Kb"
        ));
        assert!(is_progress("#12\tNEW    cov: 10 ft: 12 corp: 2/3b"));
        assert!(!is_progress("#1024\tpulse  cov: 491 ft: 1875"));
        assert!(!is_progress("#7\tINITED cov: 1030 ft: 1824"));
        assert!(is_progress("\tNEW_FUNC[1/2]: 0x55ced9b73f51"));
        assert!(is_progress("\"isPro\" # Uses: 16"));
        assert!(is_progress("###### Recommended dictionary. ######"));
        assert!(!is_progress("Done 155411 runs in 16 second(s)"));
        assert!(!is_progress(
            "thread '<unnamed>' panicked at fuzz_targets/sse.rs:1:1:"
        ));
    }

    #[test]
    fn every_target_has_a_source_and_seeds() {
        let dir = fuzz_dir();
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        for target in TARGETS {
            assert!(
                manifest.contains(&format!("name = \"{target}\"")),
                "{target}"
            );
            assert!(dir
                .join("fuzz_targets")
                .join(format!("{target}.rs"))
                .is_file());
            let seeds = std::fs::read_dir(dir.join("seeds").join(target))
                .unwrap()
                .count();
            assert!(seeds > 0, "{target} has no seeds");
        }
    }
}
