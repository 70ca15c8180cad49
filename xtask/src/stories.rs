//! The `stories` test step: every showcase story in headless Chromium, light and dark, with
//! no panic, no console error and no axe-core violation (`showcase/tests/stories.rs`).
//!
//! axe-core comes from the npm registry (`npm install axe-core@<AXE_VERSION>` into
//! `target/node`, skipped when present); its path reaches the test through `AXE_CORE_JS`,
//! which `showcase/build.rs` reads.

use std::path::PathBuf;
use std::process::Command;

use crate::util::{self, Result, WASM_TARGET};

/// The axe-core release the stories are checked with.
pub const AXE_VERSION: &str = "4.10.3";

/// Where npm packages of the xtask commands go (ignored by git, like all of target/).
pub fn node_dir() -> Result<PathBuf> {
    Ok(crate::showcase::target_dir()?.join("node"))
}

/// Installs axe-core `AXE_VERSION` if missing; returns the path of `axe.min.js`.
pub fn ensure_axe() -> Result<PathBuf> {
    let dir = node_dir()?;
    let package = dir.join("node_modules").join("axe-core");
    let script = package.join("axe.min.js");
    let installed = std::fs::read_to_string(package.join("package.json"))
        .ok()
        .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok())
        .is_some_and(|package| package["version"] == AXE_VERSION);
    if installed && script.is_file() {
        println!("  skip     axe-core {AXE_VERSION} (in {})", dir.display());
        return Ok(script);
    }
    if util::which("npm").is_none() {
        return Err("npm is needed to install axe-core (apt-get install npm)".into());
    }
    println!(
        "  install  axe-core {AXE_VERSION} (npm, into {})",
        dir.display()
    );
    std::fs::create_dir_all(&dir)?;
    util::run(
        Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(&dir)
            .arg(format!("axe-core@{AXE_VERSION}")),
    )?;
    if script.is_file() {
        Ok(script)
    } else {
        Err(format!("npm finished but {} is missing", script.display()).into())
    }
}

/// The `stories` step of `cargo xtask test`.
pub fn step() -> Result {
    let axe = ensure_axe()?;
    let mut cmd = util::cargo();
    cmd.args([
        "test",
        "--target",
        WASM_TARGET,
        "-p",
        "showcase",
        "--test",
        "stories",
    ])
    .env("AXE_CORE_JS", &axe);
    crate::install::use_headless_chromium(&mut cmd, 600);
    util::run(&mut cmd)
}
