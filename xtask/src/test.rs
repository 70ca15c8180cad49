//! `cargo xtask test`: everything CI runs, in order, failing fast.
//!
//! The steps are the [`STEPS`] table; adding a step is adding one line to it.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use crate::install::{self, Tools};
use crate::util::{self, Result};

/// What a step does.
pub enum Action {
    /// `cargo <args>` in the workspace root with env changes (`None` removes a variable).
    Cargo(
        &'static [&'static str],
        &'static [(&'static str, Option<&'static str>)],
    ),
    /// A check written in Rust, with a one-line description.
    Custom(fn() -> Result, &'static str),
}

/// One step of `cargo xtask test`.
pub struct Step {
    /// Name used on the command line (`cargo xtask test <name>`) and in the summary.
    pub name: &'static str,
    /// Tools the step needs installed.
    pub tools: Tools,
    /// What the step runs.
    pub action: Action,
}

/// Shorthand constructor for a [`Step`] running cargo.
const fn cargo(
    name: &'static str,
    tools: Tools,
    args: &'static [&'static str],
    env: &'static [(&'static str, Option<&'static str>)],
) -> Step {
    Step {
        name,
        tools,
        action: Action::Cargo(args, env),
    }
}

/// Shorthand constructor for a [`Step`] running a Rust function.
const fn custom(
    name: &'static str,
    tools: Tools,
    check: fn() -> Result,
    about: &'static str,
) -> Step {
    Step {
        name,
        tools,
        action: Action::Custom(check, about),
    }
}

/// Environment of the headless browser tests (CHROMEDRIVER is resolved at run time).
const BROWSER_ENV: &[(&str, Option<&str>)] = &[
    (
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        Some("wasm-bindgen-test-runner"),
    ),
    ("WASM_BINDGEN_TEST_TIMEOUT", Some("120")),
    ("GECKODRIVER", None),
    ("SAFARIDRIVER", None),
];

/// `cargo` arguments of the browser tests, the same in every engine (`browser`, `firefox`,
/// `webkit`): the crate's own wasm tests (the test kit's example too) and `tests/browser`.
pub const BROWSER_TEST_ARGS: &[&str] = &[
    "test",
    "--target",
    util::WASM_TARGET,
    "-p",
    "yew-hf-oauth",
    "-p",
    "hf-oauth-tests",
    "--tests",
    "--features",
    "yew-hf-oauth/testing",
];

/// The CI steps, in the order they run.
#[rustfmt::skip]
pub const STEPS: &[Step] = &[
    cargo("fmt", Tools::Native, &["fmt", "--all", "--", "--check"], &[]),
    cargo("clippy", Tools::Native, &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[]),
    cargo("clippy-wasm", Tools::Wasm, &["clippy", "--workspace", "--exclude", "xtask", "--exclude", "hf-oauth-e2e", "--all-targets", "--target", util::WASM_TARGET, "--", "-D", "warnings"], &[]),
    cargo("test", Tools::Native, &["test", "--workspace"], &[]),
    cargo("doc", Tools::Native, &["doc", "--no-deps", "-p", "yew-hf-oauth", "--features", "testing"], &[("RUSTDOCFLAGS", Some("-D warnings"))]),
    cargo("publish", Tools::Native, &["publish", "--dry-run", "--allow-dirty", "-p", "yew-hf-oauth"], &[]),
    cargo("example", Tools::Wasm, &["build", "-p", "yew-hf-oauth", "--example", "minimal", "--target", util::WASM_TARGET], &[]),
    custom("readme", Tools::Native, crate::readme_check::step, "the READMEs' storage table lists the storage keys of components/src/auth/storage_keys.rs, and README.md states the budget of widget-size-budget.txt"),
    custom("duplicates", Tools::Native, check_duplicates, "cargo tree -d: yew, gloo*, web-sys, js-sys, wasm-bindgen must have one version each"),
    cargo("browser", Tools::Browser, BROWSER_TEST_ARGS, BROWSER_ENV),
    custom("stories", Tools::Browser, crate::stories::step, "every showcase story in headless Chromium, light and dark: no panic, no console error, no axe-core violation (npm axe-core into target/node)"),
    custom("visual", Tools::Browser, crate::visual::step, "visual regression: every story alone, light and dark, in headless Chromium against showcase/visual/*.png (diffs in target/visual/diff; cargo xtask visual --update accepts)"),
    custom("firefox", Tools::Browser, crate::firefox::step, "the browser tests again in headless Firefox (firefox-esr + geckodriver)"),
    custom("webkit", Tools::Browser, crate::webkit::step, "the browser tests again in WebKit: WebKitGTK's MiniBrowser through WebKitWebDriver under xvfb-run (apt webkit2gtk-driver + xvfb)"),
    custom("e2e", Tools::Browser, e2e_step, "end to end: oidc-provider + llama.cpp (Gemma 3 270M) behind a token gate + the widget, driven through chromedriver"),
    custom("e2e-webkit", Tools::Browser, crate::e2e::webkit_step, "the same end-to-end scenario in WebKit: WebKitGTK's MiniBrowser through WebKitWebDriver on its own Xvfb display"),
    custom("bench", Tools::Browser, crate::bench::step, "20,000 streamed tokens into the InferencePanel: every token shown, far fewer DOM updates than tokens; timings printed, not asserted"),
    custom("size", Tools::Wasm, crate::size::step, "build dist/widget (wasm-opt -Oz) and fail if its gzipped wasm+js+css exceed widget-size-budget.txt"),
    custom("widget", Tools::Browser, crate::widget::step, "the widget mounts from a plain HTML page with window.HF_OAUTH_CLIENT_ID / HF_INFERENCE_MODEL and shows the model (headless Chromium --dump-dom)"),
    custom("space", Tools::Wasm, crate::space::step, "cargo xtask space: dist/space holds the Space's README.md (hf_oauth metadata), index.html and the widget"),
    custom(FUZZ_STEP, Tools::Native, crate::fuzz::step, "cargo fuzz run (RUSTC_BOOTSTRAP=1, no sanitizer): each fuzz target of fuzz/ for 15 s, from fuzz/seeds"),
];

/// The step that fuzzes; selecting it makes the install phase ensure cargo-fuzz too.
const FUZZ_STEP: &str = "fuzz";

/// Outcome of a step, for the summary table.
enum Outcome {
    /// Finished successfully.
    Ok(Duration),
    /// Failed.
    Failed(Duration),
    /// Not reached because an earlier step failed.
    NotRun,
}

/// The names of the steps, in CI's order (what `cargo xtask test` accepts).
pub fn step_names() -> impl Iterator<Item = &'static str> {
    STEPS.iter().map(|step| step.name)
}

/// Entry point of `cargo xtask test` ([`crate::cli::TestArgs`]): the named steps in the order
/// given, or all in CI's order.
pub fn run(args: &crate::cli::TestArgs) -> Result {
    if args.list {
        for step in STEPS {
            println!("{:<12} {}", step.name, describe(step));
        }
        return Ok(());
    }
    let mut selected: Vec<&Step> = args
        .steps
        .iter()
        .filter_map(|name| STEPS.iter().find(|step| step.name == name))
        .collect();
    if selected.is_empty() {
        selected = STEPS.iter().collect();
    }
    let skip_install = args.skip_install;

    let mut rows: Vec<(&str, Outcome)> = Vec::new();
    let mut failure = None;
    if !skip_install {
        let tools = selected
            .iter()
            .map(|s| s.tools)
            .max()
            .unwrap_or(Tools::Native);
        let start = Instant::now();
        let fuzzing = selected.iter().any(|s| s.name == FUZZ_STEP);
        let ensured = install::ensure(tools).and_then(|()| {
            if fuzzing {
                install::ensure_cargo_fuzz()
            } else {
                Ok(())
            }
        });
        match ensured {
            Ok(()) => rows.push(("install", Outcome::Ok(start.elapsed()))),
            Err(e) => {
                rows.push(("install", Outcome::Failed(start.elapsed())));
                failure = Some(("install", e));
            }
        }
    }
    if std::env::var_os("CHROMEDRIVER").is_none() {
        if let Some(driver) = install::find_chromedriver() {
            // Single-threaded here; the browser step's children inherit it.
            std::env::set_var("CHROMEDRIVER", driver);
        }
    }

    for step in selected {
        if failure.is_some() {
            rows.push((step.name, Outcome::NotRun));
            continue;
        }
        println!("\n== {} ({})", step.name, describe(step));
        let start = Instant::now();
        match run_step(step) {
            Ok(()) => rows.push((step.name, Outcome::Ok(start.elapsed()))),
            Err(e) => {
                rows.push((step.name, Outcome::Failed(start.elapsed())));
                failure = Some((step.name, e));
            }
        }
    }

    print_summary(&rows);
    match failure {
        None => Ok(()),
        Some(("install", e)) => Err(format!("step `install` failed: {e}").into()),
        Some((name, e)) => Err(format!(
            "step `{name}` failed: {e}\n  rerun just this step: cargo xtask test --skip-install {name}"
        )
        .into()),
    }
}

/// One-line description of a step: its command line, or "custom check".
fn describe(step: &Step) -> String {
    match &step.action {
        Action::Cargo(args, env) => {
            let mut cmd = util::cargo();
            apply(&mut cmd, args, env);
            util::display(&cmd)
        }
        Action::Custom(_, about) => (*about).to_string(),
    }
}

/// Adds args and env changes to a command.
fn apply(cmd: &mut std::process::Command, args: &[&str], env: &[(&str, Option<&str>)]) {
    cmd.args(args);
    for (key, value) in env {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
}

/// Runs one step.
fn run_step(step: &Step) -> Result {
    match &step.action {
        Action::Cargo(args, env) => {
            let mut cmd = util::cargo();
            apply(&mut cmd, args, env);
            util::run(&mut cmd)
        }
        Action::Custom(check, _) => check(),
    }
}

/// Prints the summary table of steps, outcomes and durations.
fn print_summary(rows: &[(&str, Outcome)]) {
    let width = rows.iter().map(|(n, _)| n.len()).max().unwrap_or(4).max(4);
    println!("\n== summary");
    println!("  {:<width$}  {:<7}  {:>8}", "step", "status", "time");
    let mut total = Duration::ZERO;
    for (name, outcome) in rows {
        let (status, time) = match outcome {
            Outcome::Ok(d) => ("ok", Some(*d)),
            Outcome::Failed(d) => ("FAILED", Some(*d)),
            Outcome::NotRun => ("not run", None),
        };
        total += time.unwrap_or_default();
        let time = time.map(util::secs).unwrap_or_else(|| "-".into());
        println!("  {name:<width$}  {status:<7}  {time:>8}");
    }
    println!("  {:<width$}  {:<7}  {:>8}", "total", "", util::secs(total));
}

/// Crates that must resolve to a single version (a trailing `*` matches a prefix).
const SINGLE_VERSION: &[&str] = &["yew", "gloo*", "web-sys", "js-sys", "wasm-bindgen"];

/// Fails if any crate of [`SINGLE_VERSION`] appears in two versions in the dependency graph.
fn check_duplicates() -> Result {
    let mut cmd = util::cargo();
    cmd.args([
        "tree",
        "-d",
        "-e",
        "normal",
        "--target",
        "all",
        "--workspace",
    ]);
    println!("$ {}", util::display(&cmd));
    let tree = util::output(&mut cmd)?;
    let dups = duplicated(&tree, SINGLE_VERSION);
    if dups.is_empty() {
        println!("no duplicate versions of {}", SINGLE_VERSION.join(", "));
        return Ok(());
    }
    println!("{tree}");
    let list: Vec<String> = dups
        .iter()
        .map(|(name, versions)| {
            let versions: Vec<&str> = versions.iter().map(String::as_str).collect();
            format!("{name} ({})", versions.join(", "))
        })
        .collect();
    Err(format!("duplicate crate versions: {}", list.join("; ")).into())
}

/// Watched crates that `cargo tree -d` output lists in more than one version.
pub fn duplicated(tree: &str, watched: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in tree.lines() {
        // Roots of the inverted trees start at column 0 with "<name> v<version>".
        if !line.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(name), Some(version)) = (words.next(), words.next()) else {
            continue;
        };
        if version.starts_with('v') && matches(name, watched) {
            seen.entry(name.to_string())
                .or_default()
                .insert(version.to_string());
        }
    }
    seen.retain(|_, versions| versions.len() > 1);
    seen
}

/// Whether `name` matches a pattern of `watched` (exact, or prefix with a trailing `*`).
fn matches(name: &str, watched: &[&str]) -> bool {
    watched
        .iter()
        .any(|pattern| match pattern.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => name == *pattern,
        })
}

/// The `e2e` step: [`crate::e2e::run`], which installs its parties when missing.
fn e2e_step() -> Result {
    crate::e2e::run(&crate::cli::E2eArgs {
        skip_install: false,
        serve: false,
        engine: crate::cli::Engine::Chromium,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_names_are_unique() {
        let names: BTreeSet<_> = STEPS.iter().map(|s| s.name).collect();
        assert_eq!(names.len(), STEPS.len());
    }

    #[test]
    fn finds_watched_duplicates_only() {
        let tree = "\
gloo-utils v0.1.7
└── gloo-net v0.5.0
    └── yew v0.21.0

gloo-utils v0.2.0
└── gloo v0.11.0

hashbrown v0.14.5
└── indexmap v2.2.6

hashbrown v0.15.0
";
        let dups = duplicated(tree, SINGLE_VERSION);
        assert_eq!(dups.len(), 1);
        assert_eq!(dups["gloo-utils"].len(), 2);
        assert!(duplicated("", SINGLE_VERSION).is_empty());
        assert!(!matches("wasm-bindgen-futures", SINGLE_VERSION));
        assert!(matches("gloo-timers", SINGLE_VERSION));
    }
}
