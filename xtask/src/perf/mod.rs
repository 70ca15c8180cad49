//! `cargo xtask perf`: the widget against the JavaScript reference, side by side, in the five
//! rows of issue 21: bytes gzip -9 and brotli q11 (js + wasm), page load → enabled Sign in
//! button, callback landing → name on screen, and 20,000 streamed tokens (Generate → last
//! token on screen).
//!
//! Four sides: the widget as `dist/widget` embeds it, the same with the embed snippet's preload
//! hints (docs/embedding.md), the first-paint variant (`dist/widget-first-paint`) with those
//! hints, and the reference (`../shared/perf-anchor`: React 18 + huggingface.js, same demo, same
//! window globals). Each side has its own loopback site (the page is the OAuth redirect URI),
//! its own loopback OpenID provider (tests/e2e/provider.mjs, as the e2e uses) and shares one
//! token server (`cargo xtask bench`'s). Each run is a fresh headless Chromium: load, click Sign
//! in, the provider grants at once, back on the callback the name appears, then Generate. The
//! sides alternate, run after run; the medians are printed as a table with the ratios to the
//! reference. A measurement for the notes, never a gate (times on a shared 2-core machine are
//! noisy); CI checks the first paint's structure instead (`crate::first_paint_check`).

mod anchor;
mod bytes;
mod provider;
mod site;
mod table;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::bench::{TokenServer, TOKENS};
use crate::install::{self, Tools};
use crate::util::Result;
use site::{Page, Site};
use table::{Run, Side};

/// How long one step of a run may take before the run counts as failed.
const STEP_LIMIT: Duration = Duration::from_secs(120);

/// The preload hints of the documented embed snippet (docs/embedding.md, "Load it sooner"):
/// the wasm's download starts with the page's, not after the module has run.
pub const PRELOAD_HINTS: &str = r#"<link rel="modulepreload" href="/static/hf-oauth-demo.js">
  <link rel="preload" href="/static/hf-oauth-demo_bg.wasm" as="fetch" type="application/wasm" crossorigin>"#;

/// `cargo xtask perf [--runs N] [--skip-install]`.
pub fn run(args: &crate::cli::PerfArgs) -> Result {
    if !args.skip_install {
        install::ensure(Tools::Wasm)?;
        install::ensure(Tools::Browser)?;
    }
    let browser = install::find_browser().ok_or("Chromium is missing (cargo xtask install)")?;
    let e2e = crate::util::root().join("tests").join("e2e");
    crate::e2e::ensure_npm(&e2e)?;
    let widget = crate::widget::build()?;
    let first_paint = crate::widget::build_first_paint()?;
    let reference = anchor::build()?;

    let tokens = TokenServer::start()?;
    let answer_chars = TOKENS * crate::bench::token(0).len();
    let sides = [
        ("widget", widget.clone(), "hf-oauth-demo.js", ""),
        (
            "widget + preload",
            widget,
            "hf-oauth-demo.js",
            PRELOAD_HINTS,
        ),
        (
            "widget + first paint + preload",
            first_paint,
            "hf-oauth-demo.js",
            PRELOAD_HINTS,
        ),
        ("JavaScript reference", reference, "hf-oauth-demo.js", ""),
    ];
    // HF_PERF_ONLY=<words>: only the sides whose name contains them (to look into one).
    let only = std::env::var("HF_PERF_ONLY").unwrap_or_default();
    let mut running = Vec::new();
    for (name, dir, module, head) in sides {
        if !name.contains(only.as_str()) && !name.starts_with("JavaScript") {
            continue;
        }
        let (mut site, listener) = Site::bind()?;
        let provider = provider::Provider::start(&e2e, &site.origin)?;
        let page = site::page(&Page {
            module,
            head,
            provider: &provider.issuer,
            tokens_url: &tokens.url,
            answer_chars,
        });
        site.serve(listener, page, &dir, Duration::from_millis(args.latency_ms));
        let bytes = bytes::measure(&dir)?;
        running.push((Side::new(name, bytes), site, provider));
    }

    let work = crate::widget::target_dir()?.join("perf");
    std::fs::create_dir_all(&work)?;
    for i in 0..args.runs {
        println!("\n== run {}/{}", i + 1, args.runs);
        // Alternate: each round starts with the next side.
        for k in 0..running.len() {
            let index = (i + k) % running.len();
            let (side, site, _) = &mut running[index];
            let profile = work.join(format!("profile-{index}"));
            // A run that fails is said, counted and run once more; a second failure ends it.
            let run = match one_run(&browser, site, &profile) {
                Ok(run) => run,
                Err(e) => {
                    println!("  {:<32} failed, run again: {e}", side.name);
                    side.failures += 1;
                    one_run(&browser, site, &profile)?
                }
            };
            println!("  {:<32} {}", side.name, run.describe());
            side.runs.push(run);
        }
    }
    let sides: Vec<Side> = running.into_iter().map(|(side, _, _)| side).collect();
    println!(
        "\n== medians of {} fresh headless Chromium runs per side, alternating ({TOKENS} tokens, {} ms before each answer of the sites)\n",
        args.runs, args.latency_ms
    );
    println!("{}", table::markdown(&sides));
    for side in sides.iter().filter(|side| side.failures > 0) {
        println!("{}: {} failed run(s), run again", side.name, side.failures);
    }
    println!(
        "command: cargo xtask perf --runs {}{}{}",
        args.runs,
        if args.latency_ms > 0 {
            format!(" --latency-ms {}", args.latency_ms)
        } else {
            String::new()
        },
        if args.skip_install {
            " --skip-install"
        } else {
            ""
        }
    );
    Ok(())
}

/// One fresh headless Chromium on a side's page: load, sign in, stream; then it is ended.
fn one_run(browser: &Path, site: &Site, profile: &PathBuf) -> Result<Run> {
    if profile.exists() {
        std::fs::remove_dir_all(profile)?;
    }
    site.drain();
    let mut child = install::headless_chromium(browser, profile)
        .arg(format!("{}/", site.origin))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", browser.display()))?;
    let mut run = Run::default();
    let outcome = (|| -> Result {
        while run.stream_ms.is_none() {
            let line = site.report(STEP_LIMIT).ok_or_else(|| {
                format!(
                    "the page reported nothing more within {}s (so far {run:?})",
                    STEP_LIMIT.as_secs()
                )
            })?;
            run.read(&line)?;
        }
        Ok(())
    })();
    // The browser and its helper processes share the group led by `child`.
    let _ = Command::new("kill")
        .args(["-TERM", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(profile);
    outcome.map(|()| run)
}
