//! `cargo xtask install`: installs the toolchain pieces, skipping what is already present.
//!
//! - rustup components `rustfmt` and `clippy`
//! - the `wasm32-unknown-unknown` target, and the `rust-src` component (the widget rebuilds the
//!   standard library for size)
//! - `wasm-bindgen-cli` at exactly the `wasm-bindgen` version pinned in Cargo.lock
//! - Chromium and chromedriver (apt), for the headless browser tests
//! - `cargo-fuzz`, for `cargo xtask fuzz` (`cargo xtask install`, and the steps that fuzz)

use std::process::Command;

use crate::util::{self, Result, WASM_TARGET};

/// How much tooling a command needs; each level includes the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tools {
    /// rustfmt and clippy (native checks).
    Native,
    /// Plus the wasm32 target and wasm-bindgen-cli (browser builds).
    Wasm,
    /// Plus Chromium and chromedriver (browser tests).
    Browser,
}

/// Entry point of `cargo xtask install`.
pub fn run() -> Result {
    ensure(Tools::Browser)?;
    ensure_cargo_fuzz()
}

/// Installs everything `tools` requires, printing what is installed and what is skipped.
pub fn ensure(tools: Tools) -> Result {
    println!("== install ({tools:?} tools)");
    ensure_components()?;
    if tools >= Tools::Wasm {
        ensure_wasm_target()?;
        ensure_rust_src()?;
        ensure_wasm_bindgen()?;
    }
    if tools >= Tools::Browser {
        ensure_browser()?;
    }
    Ok(())
}

/// Installs what building the showcase needs and nothing else: the wasm32 target and
/// wasm-bindgen-cli at the Cargo.lock version (`cargo xtask showcase`).
pub fn ensure_showcase() -> Result {
    println!("== install (showcase tools)");
    ensure_wasm_target()?;
    ensure_wasm_bindgen()
}

/// Prints a "skip" line.
fn skip(what: &str, why: &str) {
    println!("  skip     {what} ({why})");
}

/// Prints an "install" line.
fn installing(what: &str) {
    println!("  install  {what}");
}

/// Ensures the rustfmt and clippy components.
fn ensure_components() -> Result {
    for (component, probe) in [("rustfmt", "fmt"), ("clippy", "clippy")] {
        let works = util::cargo()
            .args([probe, "--version"])
            .output()
            .is_ok_and(|o| o.status.success());
        if works {
            skip(component, "present");
            continue;
        }
        installing(component);
        util::run(Command::new("rustup").args(["component", "add", component]))?;
    }
    Ok(())
}

/// Ensures the wasm32-unknown-unknown standard library.
fn ensure_wasm_target() -> Result {
    let installed = util::output(Command::new("rustup").args(["target", "list", "--installed"]))
        .map_err(|e| format!("rustup is required to manage targets: {e}"))?;
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        skip(&format!("{WASM_TARGET} target"), "installed");
        return Ok(());
    }
    installing(&format!("{WASM_TARGET} target"));
    util::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// Ensures the `rust-src` component, which `cargo xtask widget` needs to rebuild the standard
/// library with panics that abort at once (see `widget::build`).
fn ensure_rust_src() -> Result {
    let installed = util::output(Command::new("rustup").args(["component", "list", "--installed"]))
        .map_err(|e| format!("rustup is required to manage components: {e}"))?;
    if installed.lines().any(|l| l.trim() == "rust-src") {
        skip("rust-src", "installed");
        return Ok(());
    }
    installing("rust-src");
    util::run(Command::new("rustup").args(["component", "add", "rust-src"]))
}

/// The `wasm-bindgen` version pinned in the workspace's Cargo.lock.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let path = util::root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let versions = locked_versions(&lock, "wasm-bindgen");
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => {
            Err("Cargo.lock has no `wasm-bindgen` package (run `cargo generate-lockfile`)".into())
        }
        many => Err(format!("Cargo.lock has several wasm-bindgen versions: {many:?}").into()),
    }
}

/// All versions of the package `name` recorded in the text of a Cargo.lock.
pub fn locked_versions(lock: &str, name: &str) -> Vec<String> {
    let mut versions = Vec::new();
    for block in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block.lines().find_map(|line| {
                let value = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
                Some(value.trim().trim_matches('"').to_string())
            })
        };
        if field("name").as_deref() == Some(name) {
            versions.extend(field("version"));
        }
    }
    versions
}

/// The version a tool reports as `<name> <version>` on `--version`, if it runs.
pub fn tool_version(program: &str) -> Option<String> {
    let out = Command::new(program).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace().nth(1).map(str::to_string)
}

/// Ensures `wasm-bindgen` and `wasm-bindgen-test-runner` at the Cargo.lock version.
fn ensure_wasm_bindgen() -> Result {
    let wanted = locked_wasm_bindgen_version()?;
    let have = tool_version("wasm-bindgen");
    let runner = tool_version("wasm-bindgen-test-runner");
    let what = format!("wasm-bindgen-cli {wanted}");
    if have.as_deref() == Some(wanted.as_str()) && runner.as_deref() == Some(wanted.as_str()) {
        skip(&what, "installed");
        return Ok(());
    }
    match &have {
        Some(v) => installing(&format!("{what} (found {v}, Cargo.lock wants {wanted})")),
        None => installing(&what),
    }
    cargo_install(&["wasm-bindgen-cli", "--version", &format!("={wanted}")])?;
    match tool_version("wasm-bindgen") {
        Some(v) if v == wanted => Ok(()),
        other => Err(format!(
            "after installing, `wasm-bindgen --version` reports {other:?}, expected {wanted}; \
             is another wasm-bindgen earlier on PATH?"
        )
        .into()),
    }
}

/// Ensures `cargo-fuzz` (for `cargo xtask fuzz` and the `fuzz` test step).
pub fn ensure_cargo_fuzz() -> Result {
    if let Some(version) = tool_version("cargo-fuzz") {
        skip("cargo-fuzz", &format!("{version} installed"));
        return Ok(());
    }
    installing("cargo-fuzz");
    cargo_install(&["cargo-fuzz"])?;
    match tool_version("cargo-fuzz") {
        Some(_) => Ok(()),
        None => Err(
            "after installing, `cargo-fuzz --version` does not run; is $CARGO_HOME/bin on PATH?"
                .into(),
        ),
    }
}

/// Chromium executable names, in order of preference.
const BROWSERS: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// Finds chromedriver: `$CHROMEDRIVER` if it points to an executable, else PATH.
pub fn find_chromedriver() -> Option<std::path::PathBuf> {
    if let Some(path) = std::env::var_os("CHROMEDRIVER").map(std::path::PathBuf::from) {
        if util::is_executable(&path) {
            return Some(path);
        }
    }
    util::which("chromedriver")
}

/// Points `cmd` (a `cargo test --target wasm32-unknown-unknown ...`) at headless Chromium:
/// wasm-bindgen-test-runner as the runner, chromedriver (never gecko/safari drivers), and a
/// per-test timeout of `timeout_secs`.
pub fn use_headless_chromium(cmd: &mut Command, timeout_secs: u32) {
    cmd.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    )
    .env("WASM_BINDGEN_TEST_TIMEOUT", timeout_secs.to_string())
    .env_remove("GECKODRIVER")
    .env_remove("SAFARIDRIVER");
    if std::env::var_os("CHROMEDRIVER").is_none() {
        if let Some(driver) = find_chromedriver() {
            cmd.env("CHROMEDRIVER", driver);
        }
    }
}

/// Finds a Chromium/Chrome executable on PATH.
pub fn find_browser() -> Option<std::path::PathBuf> {
    BROWSERS.iter().find_map(|b| util::which(b))
}

/// Chromium's flags for running headless as root in a container, with everything that would
/// reach the network off (a profile folder comes on top: `--user-data-dir=...`).
pub const HEADLESS_CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
];

/// A headless Chromium command with everything that would reach the network off, using the
/// throwaway profile folder `profile`; add the page and what to do with it (`--dump-dom`,
/// `--screenshot=...`).
pub fn headless_chromium(browser: &std::path::Path, profile: &std::path::Path) -> Command {
    let mut cmd = Command::new(browser);
    cmd.args(HEADLESS_CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .stdin(std::process::Stdio::null());
    cmd
}

/// `cargo install <args> --locked`, and once more without `--locked` when that fails (a locked
/// dependency may be missing from the registry mirror).
pub fn cargo_install(args: &[&str]) -> Result {
    let install = |locked: bool| {
        let mut cmd = util::cargo();
        cmd.arg("install").args(args);
        if locked {
            cmd.arg("--locked");
        }
        util::run(&mut cmd)
    };
    if let Err(e) = install(true) {
        println!("  {e}\n  retrying without --locked (a locked dependency may be unavailable)");
        install(false)?;
    }
    Ok(())
}

/// `apt-get update` then `apt-get install -y <packages>`, through `sudo -n` unless root.
pub fn apt_install(packages: &[&str]) -> Result {
    let root = util::output(Command::new("id").arg("-u")).is_ok_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        let mut cmd = if root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.args(["-n", "apt-get"]);
            sudo
        };
        cmd.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        util::run(&mut cmd)
    };
    apt(&["update", "-q"])?;
    apt(&[&["install", "-y", "-q"], packages].concat())
}

/// Ensures Chromium and chromedriver, via apt-get when missing.
fn ensure_browser() -> Result {
    if let (Some(browser), Some(driver)) = (find_browser(), find_chromedriver()) {
        skip(
            "chromium + chromedriver",
            &format!("{} and {}", browser.display(), driver.display()),
        );
        return Ok(());
    }
    if util::which("apt-get").is_none() {
        return Err(
            "Chromium and chromedriver are missing and apt-get is unavailable: \
                    install them yourself and set CHROMEDRIVER=/path/to/chromedriver"
                .into(),
        );
    }
    installing("chromium chromium-driver (apt-get)");
    apt_install(&["chromium", "chromium-driver"])?;
    match (find_browser(), find_chromedriver()) {
        (Some(_), Some(_)) => Ok(()),
        _ => Err("apt-get finished but chromium/chromedriver are still not on PATH".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_versions_from_lock() {
        let lock = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen-futures"
version = "0.4.50"
"#;
        assert_eq!(locked_versions(lock, "wasm-bindgen"), ["0.2.130"]);
        assert_eq!(locked_versions(lock, "wasm-bindgen-futures"), ["0.4.50"]);
        assert!(locked_versions(lock, "yew").is_empty());
    }

    #[test]
    fn workspace_lock_pins_wasm_bindgen() {
        let version = locked_wasm_bindgen_version().unwrap();
        assert!(version.starts_with("0."), "{version}");
    }
}
