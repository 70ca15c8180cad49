//! The JavaScript reference (`../shared/perf-anchor`, or `HF_PERF_ANCHOR`): the same demo on
//! React 18 + `@huggingface/hub` + `@huggingface/inference`, built as its README says (`npm ci`
//! from the npm cache when it can, then `node build.mjs`) in a copy under
//! `target/perf-anchor`, so the shared folder is never written to.

use std::path::PathBuf;
use std::process::Command;

use crate::util::{self, Result};

/// Where the reference's sources are: `HF_PERF_ANCHOR`, else `shared/perf-anchor` in the
/// nearest folder above the workspace that has one (`../shared/perf-anchor`).
pub fn sources() -> Result<PathBuf> {
    let dir = match std::env::var_os("HF_PERF_ANCHOR") {
        Some(dir) => PathBuf::from(dir),
        // `../shared/perf-anchor` from the workspace, or from a folder above it (a worktree).
        None => util::root()
            .ancestors()
            .skip(1)
            .map(|dir| dir.join("shared").join("perf-anchor"))
            .find(|dir| dir.is_dir())
            .unwrap_or_else(|| PathBuf::from("../shared/perf-anchor")),
    };
    if !dir.join("package-lock.json").is_file() || !dir.join("src").is_dir() {
        return Err(format!(
            "the JavaScript reference is not at {} (set HF_PERF_ANCHOR to its folder)",
            dir.display()
        )
        .into());
    }
    Ok(dir)
}

/// Builds the reference; returns the folder holding `hf-oauth-demo.js`.
pub fn build() -> Result<PathBuf> {
    let sources = sources()?;
    let dir = crate::widget::target_dir()?.join("perf-anchor");
    std::fs::create_dir_all(&dir)?;
    let lock = std::fs::read_to_string(sources.join("package-lock.json"))?;
    let stamp = dir.join("node_modules/.installed-lock");
    for file in ["package.json", "package-lock.json", "build.mjs"] {
        std::fs::copy(sources.join(file), dir.join(file))?;
    }
    util::copy_dir(&sources.join("src"), &dir.join("src"))?;
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(lock.as_str()) {
        println!("\n== npm ci (the JavaScript reference: React 18, huggingface.js, esbuild)");
        let npm = util::which("npm").ok_or("npm is not on PATH (Node 20 or later is needed)")?;
        util::run(Command::new(npm).current_dir(&dir).args([
            "ci",
            "--prefer-offline",
            "--no-audit",
            "--no-fund",
        ]))?;
        std::fs::write(&stamp, &lock)?;
    }
    println!(
        "\n== build the JavaScript reference ({})",
        sources.display()
    );
    util::run(Command::new("node").current_dir(&dir).arg("build.mjs"))?;
    let dist = dir.join("dist");
    if !dist.join("hf-oauth-demo.js").is_file() {
        return Err("the reference's build wrote no dist/hf-oauth-demo.js".into());
    }
    Ok(dist)
}
