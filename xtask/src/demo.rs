//! `cargo xtask demo`: a Hugging Face twin on this machine, to sign in for real with no account
//! and no network.
//!
//! The parties of the end-to-end test ([`crate::e2e`]): an OpenID provider configured like
//! Hugging Face (npm `oidc-provider`, `tests/e2e/provider.mjs`, one account: Ada Lovelace),
//! Gemma 3 270M on llama-cpp-python behind a gate that checks the visitor's token like Hugging
//! Face's router; and a site with the widget, a page that signs in with a client ID metadata
//! document instead of a registered app, and the showcase, whose Live demo story then signs in
//! at the twin. The harness (`hf-oauth-e2e --serve`) starts them and prints what to click;
//! Ctrl-C stops everything.
//!
//! The first run installs the model server (llama.cpp compiles: minutes on 2 cores) and
//! assembles the model, into the e2e's cache; later runs skip both.

use std::path::PathBuf;
use std::time::Instant;

use crate::install::{self, Tools};
use crate::util::{self, Result};

/// Entry point of `cargo xtask demo [--skip-install]`.
pub fn run(args: &crate::cli::Install) -> Result {
    let start = Instant::now();
    if !args.skip_install {
        install::ensure(Tools::Wasm)?;
    }
    let e2e_dir = util::root().join("tests").join("e2e");
    crate::e2e::ensure_npm(&e2e_dir)?;
    let cache = crate::e2e::cache_dir()?;
    let python = crate::e2e::ensure_venv(&cache, &e2e_dir)?;
    let model = crate::e2e::ensure_model(&cache, &python)?;
    let widget = crate::widget::build()?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| util::root().join("target"));
    let showcase = target.join("demo-showcase");
    crate::showcase_build::build(&showcase, "")?;
    println!(
        "\n  installed and built in {} (the parties start next)",
        util::secs(start.elapsed())
    );
    let mut cmd = util::cargo();
    cmd.args(["run", "--quiet", "-p", "hf-oauth-e2e", "--", "--serve"])
        .arg("--widget")
        .arg(widget)
        .arg("--showcase")
        .arg(showcase)
        .arg("--python")
        .arg(python)
        .arg("--model")
        .arg(model)
        .arg("--work")
        .arg(target.join("demo"));
    util::run(&mut cmd)
}
