//! `cargo xtask showcase`: builds the showcase with cargo and `wasm-bindgen` (no trunk, see
//! [`crate::showcase_build`]) into `dist/showcase`, serves it on loopback, rebuilds when its
//! sources change ([`crate::watch`]) and makes open pages reload ([`crate::live_reload`]).
//! `--no-serve` only builds, a static folder without the reload script.
//! It installs only the wasm32 target and wasm-bindgen-cli at the Cargo.lock version; axe-core
//! (npm, into target/node) is fetched for the accessibility panel when npm is there.

use std::path::{Path, PathBuf};

use crate::install;
use crate::live_reload::{self, BuildNumber};
use crate::serve;
use crate::util::{self, Result};
use crate::watch::{self, Watch};

/// Port tried first by the dev server.
pub const DEFAULT_PORT: u16 = 8080;

/// Entry point of `cargo xtask showcase` ([`crate::cli::ShowcaseArgs`]).
pub fn run(args: &crate::cli::ShowcaseArgs) -> Result {
    if !args.skip_install {
        install::ensure_showcase()?;
    }
    let root = util::root();
    let dist = root.join("dist").join("showcase");
    if args.no_serve {
        crate::showcase_build::build(&dist, &head(None))?;
        println!(
            "built {} (serve it with `cargo xtask showcase`)",
            dist.display()
        );
        return Ok(());
    }
    // Watching starts before the first build, so a change made while it runs is not lost.
    let watch = Watch::start(&root)?;
    let build = BuildNumber::default();
    rebuild(&dist, &build)?;
    let addr = serve::serve_dev(&dist, args.port, build.clone())?;
    println!(
        "\nshowcase: open http://{addr}/ (rebuilds and reloads when {}/ change)",
        watch::WATCHED.join("/, ")
    );
    loop {
        let changed = watch.next_change()?;
        let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
        println!("\n== changed: {}", names.join(", "));
        match rebuild(&dist, &build) {
            Ok(()) => println!("showcase: build {} served at http://{addr}/", build.get()),
            Err(e) => eprintln!(
                "\nshowcase: the build failed, still serving build {}: {e}",
                build.get()
            ),
        }
    }
}

/// Builds the next build's page (with its reload script) and, when it succeeds, makes it the
/// served build, so open pages reload.
fn rebuild(dist: &Path, build: &BuildNumber) -> Result {
    let next = build.get() + 1;
    crate::showcase_build::build(dist, &head(Some(next)))?;
    build.set(next);
    Ok(())
}

/// The page's extra `<head>`: the reload script of build `served` when the dev server serves
/// it; nothing for `--no-serve` (a static folder any host can serve), and never the pictures'
/// still page.
fn head(served: Option<u64>) -> String {
    served.map(live_reload::script).unwrap_or_default()
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
    use super::*;

    #[test]
    fn only_the_served_page_reloads_and_it_is_not_made_still() {
        let served = head(Some(2));
        assert!(served.contains(live_reload::ENDPOINT), "{served}");
        assert!(served.contains(r#"n !== "2""#), "{served}");
        assert!(!served.contains("animation: none"), "{served}");
        assert!(!served.contains("Date.now ="), "{served}");
        assert_eq!(head(None), "");
    }

    #[test]
    fn the_target_directory_comes_from_cargo_metadata() {
        let dir = target_dir().unwrap();
        match std::env::var_os("CARGO_TARGET_DIR") {
            Some(custom) => assert!(dir.ends_with(&custom), "{}", dir.display()),
            None => assert!(dir.ends_with("target"), "{}", dir.display()),
        }
        assert!(dir.is_absolute());
    }
}
