//! `cargo xtask bench --compare`: the widget's InferencePanel against React 18 +
//! `@huggingface/inference` doing the same streaming (`tests/bench/react`), against one token
//! server, in alternating fresh headless Chromium sessions; prints each run, the medians and
//! the ratio. A benchmark for the notes, not a CI step.
//!
//! The React page is built offline from the npm registry (`npm ci` of
//! `tests/bench/react/package-lock.json` into `target/bench-react`, bundled by esbuild) and
//! served from its own loopback port, so it is cross-origin to the token server like the widget
//! (both pay the CORS preflight). It reports its `BENCH` line by POSTing it to the server.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::measurement::{median, Measurement};
use super::server::{TokenServer, RESULT_PATH, TOKENS};
use crate::install::{self, Tools};
use crate::util::{self, Result};

/// Runs of each side by default.
pub const DEFAULT_RUNS: usize = 5;

/// The React page's sources: `package.json`, `package-lock.json`, `index.html`, `main.jsx`.
const REACT_SOURCES: &str = "tests/bench/react";

/// How long a React run may take before it counts as failed.
const REACT_RUN_LIMIT: Duration = Duration::from_secs(120);

/// `cargo xtask bench --compare` with `runs` runs of each side.
pub fn run(runs: usize) -> Result {
    install::ensure(Tools::Browser)?;
    let browser = install::find_browser().ok_or("Chromium is missing (cargo xtask install)")?;
    let site = build_react_page()?;
    let server = TokenServer::start()?;
    let site_addr = crate::serve::serve_in_background(&site, 0)?;
    let page = format!(
        "http://{site_addr}/index.html?server={url}&tokens={TOKENS}&report={url}{RESULT_PATH}",
        url = server.url
    );
    println!(
        "token server on {} ({TOKENS} tokens per answer)",
        server.url
    );
    println!("React page at {page}");

    println!("\n== build the widget's bench (release)");
    util::run(&mut super::widget_command(&server, true))?;

    let mut widget = Vec::new();
    let mut react = Vec::new();
    for i in 1..=runs {
        println!("\n== run {i}/{runs}");
        let w = Measurement::parse(&util::output(&mut super::widget_command(&server, false))?)?;
        println!("  widget  {}", describe(&w));
        let r = react_run(&browser, &page, &server, &site, i)?;
        println!("  react   {}", describe(&r));
        widget.push(w);
        react.push(r);
    }

    let summary = |runs: &[Measurement]| {
        let of = |f: fn(&Measurement) -> f64| median(&runs.iter().map(f).collect::<Vec<_>>());
        Measurement {
            last_token_ms: of(|m| m.last_token_ms),
            dom_updates: of(|m| m.dom_updates),
            long_tasks: of(|m| m.long_tasks),
            longest_task_ms: of(|m| m.longest_task_ms),
        }
    };
    let (w, r) = (summary(&widget), summary(&react));
    let range = |runs: &[Measurement]| {
        let times = runs.iter().map(|m| m.last_token_ms);
        let low = times.clone().fold(f64::INFINITY, f64::min);
        let high = times.fold(0.0, f64::max);
        format!("{low:.0}–{high:.0}")
    };
    println!("\n== medians of {runs} runs each ({TOKENS} tokens, fresh headless Chromium per run)");
    println!(
        "  widget  {}  (last token {} ms)",
        describe(&w),
        range(&widget)
    );
    println!(
        "  react   {}  (last token {} ms)",
        describe(&r),
        range(&react)
    );
    println!(
        "  ratio   widget / react last-token time = {:.2}x",
        w.last_token_ms / r.last_token_ms
    );
    Ok(())
}

fn describe(m: &Measurement) -> String {
    format!(
        "last token {:>6.0} ms   long tasks {:>3}   longest task {:>4.0} ms   DOM updates {:>6}",
        m.last_token_ms, m.long_tasks, m.longest_task_ms, m.dom_updates
    )
}

/// Installs the React page's packages (when `package-lock.json` changed) and bundles it into
/// `target/bench-react/site`; returns that folder.
fn build_react_page() -> Result<PathBuf> {
    let npm = ensure_npm()?;
    let sources = util::root().join(REACT_SOURCES);
    let dir = crate::widget::target_dir()?.join("bench-react");
    std::fs::create_dir_all(&dir)?;
    let lock = std::fs::read_to_string(sources.join("package-lock.json"))?;
    let installed = std::fs::read_to_string(dir.join("node_modules/.package-lock.json.src"));
    if installed.ok().as_deref() != Some(lock.as_str()) {
        println!("\n== npm ci (React 18, react-dom, @huggingface/inference, esbuild)");
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(sources.join(file), dir.join(file))?;
        }
        util::run(
            Command::new(&npm)
                .current_dir(&dir)
                .args(["ci", "--no-audit", "--no-fund"]),
        )?;
        std::fs::write(dir.join("node_modules/.package-lock.json.src"), &lock)?;
    }
    let site = dir.join("site");
    std::fs::create_dir_all(&site)?;
    std::fs::copy(sources.join("index.html"), site.join("index.html"))?;
    // Bundled from next to node_modules, where esbuild resolves the imports.
    std::fs::copy(sources.join("main.jsx"), dir.join("main.jsx"))?;
    util::run(
        Command::new(dir.join("node_modules/.bin/esbuild"))
            .current_dir(&dir)
            .arg("main.jsx")
            .args([
                "--bundle",
                "--minify",
                "--format=iife",
                "--jsx=automatic",
                "--define:process.env.NODE_ENV=\"production\"",
                "--log-level=warning",
            ])
            .arg(format!("--outfile={}", site.join("bundle.js").display())),
    )?;
    Ok(site)
}

/// npm, installed with apt-get when missing.
fn ensure_npm() -> Result<PathBuf> {
    if let Some(npm) = util::which("npm") {
        return Ok(npm);
    }
    println!("  install  nodejs npm (apt-get)");
    install::apt_install(&["nodejs", "npm"])?;
    util::which("npm").ok_or_else(|| "apt-get finished but npm is still not on PATH".into())
}

/// One run of the React page in a fresh headless Chromium (own profile, own process group,
/// ended once the page has reported).
fn react_run(
    browser: &Path,
    page: &str,
    server: &TokenServer,
    site: &Path,
    run: usize,
) -> Result<Measurement> {
    let profile = site.parent().unwrap_or(site).join(format!("profile-{run}"));
    if profile.exists() {
        std::fs::remove_dir_all(&profile)?;
    }
    let mut child = install::headless_chromium(browser, &profile)
        .arg(page)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", browser.display()))?;
    let line = server.result(REACT_RUN_LIMIT);
    // The browser and its helper processes share the group led by `child`.
    let _ = Command::new("kill")
        .args(["-TERM", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&profile);
    let line = line.ok_or("the React page reported nothing within 120 s")?;
    if !line.contains("text_ok=true") || !line.contains(&format!("\"{TOKENS} tokens\"")) {
        return Err(format!("the React page did not show every token: {line}").into());
    }
    Measurement::parse(&line)
}
