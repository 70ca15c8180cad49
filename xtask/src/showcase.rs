//! `cargo xtask showcase`: builds the showcase app into `dist/showcase` and serves it.

use std::path::PathBuf;
use std::process::Command;

use crate::install::{self, Tools};
use crate::serve;
use crate::util::{self, Result, WASM_TARGET};

/// Port tried first by the dev server.
const DEFAULT_PORT: u16 = 8080;

/// Entry point of `cargo xtask showcase [--port N] [--no-serve] [--skip-install]`.
pub fn run(args: &[String]) -> Result {
    let mut port = DEFAULT_PORT;
    let mut serve_it = true;
    let mut skip_install = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--no-serve" => serve_it = false,
            "--skip-install" => skip_install = true,
            "--port" => {
                let value = args.next().ok_or("`--port` needs a number")?;
                port = value.parse().map_err(|_| format!("bad port `{value}`"))?;
            }
            other => match other.strip_prefix("--port=") {
                Some(value) => port = value.parse().map_err(|_| format!("bad port `{value}`"))?,
                None => return Err(format!("unknown showcase option `{other}`").into()),
            },
        }
    }
    if !skip_install {
        install::ensure(Tools::Wasm)?;
    }
    let dist = build()?;
    if serve_it {
        serve::serve(&dist, port)
    } else {
        println!(
            "built {} (serve it with `cargo xtask showcase`)",
            dist.display()
        );
        Ok(())
    }
}

/// Builds the release wasm, runs wasm-bindgen and copies the static files; returns the dist dir.
pub fn build() -> Result<PathBuf> {
    let root = util::root();
    println!("\n== build showcase");
    util::run(util::cargo().args([
        "build",
        "-p",
        "showcase",
        "--release",
        "--target",
        WASM_TARGET,
    ]))?;
    let wasm = target_dir()?
        .join(WASM_TARGET)
        .join("release")
        .join("showcase.wasm");
    if !wasm.is_file() {
        return Err(format!("{} was not produced", wasm.display()).into());
    }

    let dist = root.join("dist").join("showcase");
    if dist.exists() {
        std::fs::remove_dir_all(&dist)?;
    }
    std::fs::create_dir_all(&dist)?;
    util::run(
        Command::new("wasm-bindgen")
            .current_dir(&root)
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "showcase",
                "--out-dir",
            ])
            .arg(&dist)
            .arg(&wasm),
    )?;

    let index = root.join("showcase").join("index.html");
    std::fs::copy(&index, dist.join("index.html"))
        .map_err(|e| format!("cannot copy {}: {e}", index.display()))?;
    for assets in [root.join("assets"), root.join("showcase").join("assets")] {
        if assets.is_dir() {
            util::copy_dir(&assets, &dist.join("assets"))?;
        }
    }
    Ok(dist)
}

/// Cargo's target directory (honours CARGO_TARGET_DIR and config), via `cargo metadata`.
fn target_dir() -> Result<PathBuf> {
    let json =
        util::output(util::cargo().args(["metadata", "--format-version", "1", "--no-deps"]))?;
    let key = "\"target_directory\":\"";
    let start = json
        .find(key)
        .ok_or("`cargo metadata` has no target_directory")?
        + key.len();
    let end = json[start..]
        .find('"')
        .ok_or("malformed `cargo metadata` output")?
        + start;
    Ok(PathBuf::from(json[start..end].replace("\\\\", "\\")))
}
