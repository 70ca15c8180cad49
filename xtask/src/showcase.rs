//! `cargo xtask showcase`: builds the showcase app with trunk into `dist/showcase` and serves it.
//!
//! `trunk build --release --offline` in `showcase/` (see `showcase/Trunk.toml`): offline, trunk
//! downloads nothing and uses the wasm-bindgen on PATH at the Cargo.lock version, which
//! `install::ensure(Tools::Wasm)` provides. trunk itself is installed with cargo when missing.
//! axe-core (npm) is installed into target/node and bundled for the accessibility panel.

use std::path::PathBuf;
use std::process::Command;

use crate::install::{self, Tools};
use crate::serve;
use crate::util::{self, Result};

/// Port tried first by the dev server.
pub const DEFAULT_PORT: u16 = 8080;

/// The trunk release installed when trunk is missing (newer ones need a newer rustc than the
/// workspace's MSRV toolchains may have).
pub const TRUNK_VERSION: &str = "0.21.14";

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
        ensure_trunk()?;
    }
    let dist = build()?;
    if serve_it {
        println!("\nshowcase: open http://127.0.0.1:{port}/ (or the port printed below)");
        serve::serve(&dist, port)
    } else {
        println!(
            "built {} (serve it with `cargo xtask showcase`)",
            dist.display()
        );
        Ok(())
    }
}

/// Installs trunk with cargo (`--locked`, then without if a locked dependency is missing from
/// the registry) unless some trunk is already on PATH.
pub fn ensure_trunk() -> Result {
    if let Some(version) = crate::install::tool_version("trunk") {
        println!("  skip     trunk ({version} installed)");
        return Ok(());
    }
    println!("  install  trunk {TRUNK_VERSION} (cargo install, a few minutes, once)");
    crate::install::cargo_install(&["trunk", "--version", TRUNK_VERSION])?;
    match crate::install::tool_version("trunk") {
        Some(_) => Ok(()),
        None => Err(
            "after installing, `trunk --version` does not run; is $CARGO_HOME/bin on PATH?".into(),
        ),
    }
}

/// Builds the showcase with `trunk build --release --offline`; returns the dist dir.
pub fn build() -> Result<PathBuf> {
    let root = util::root();
    println!("\n== build showcase (trunk)");
    let wasm_bindgen = install::locked_wasm_bindgen_version()?;
    // The accessibility panel's axe-core (npm, into target/node), bundled by showcase/build.rs.
    let mut trunk = Command::new("trunk");
    match crate::stories::ensure_axe() {
        Ok(axe) => {
            trunk.env("AXE_CORE_JS", axe);
        }
        Err(e) => println!("  warning  no axe-core, the accessibility panel will say so: {e}"),
    }
    util::run(
        trunk
            .current_dir(root.join("showcase"))
            .args(["build", "--release", "--offline"])
            // The one on PATH; offline, a mismatch is an error instead of a download.
            .env("TRUNK_TOOLS_WASM_BINDGEN", &wasm_bindgen)
            // Plain logs; trunk reads NO_COLOR as a boolean and rejects the usual `1`.
            .env("NO_COLOR", "true"),
    )
    .map_err(|e| {
        format!("{e}\n  (is trunk installed? `cargo xtask showcase` without --skip-install installs it)")
    })?;
    let dist = root.join("dist").join("showcase");
    if !dist.join("index.html").is_file() {
        return Err(format!("trunk did not write {}", dist.join("index.html").display()).into());
    }
    Ok(dist)
}

/// Cargo's target directory (honours CARGO_TARGET_DIR and config), via `cargo metadata`.
pub fn target_dir() -> Result<PathBuf> {
    let json =
        util::output(util::cargo().args(["metadata", "--format-version", "1", "--no-deps"]))?;
    let metadata: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| format!("`cargo metadata` is not JSON: {e}"))?;
    metadata["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "`cargo metadata` has no target_directory".into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_target_directory_comes_from_cargo_metadata() {
        let dir = super::target_dir().unwrap();
        match std::env::var_os("CARGO_TARGET_DIR") {
            Some(custom) => assert!(dir.ends_with(&custom), "{}", dir.display()),
            None => assert!(dir.ends_with("target"), "{}", dir.display()),
        }
        assert!(dir.is_absolute());
    }
}
