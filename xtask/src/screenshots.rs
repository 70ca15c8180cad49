//! `cargo xtask screenshots`: a PNG of every showcase story, light and dark, into
//! `dist/screenshots/`, taken by headless Chromium from the served showcase (each story has its
//! own address, `#/<component>/<story>?theme=<light|dark>`). A few go to `assets/screenshots/`
//! for the README, with [`README_PAGES`]: the docs page, the actions, accessibility and
//! interactions panels. The showcase is built without trunk ([`crate::visual_build`]), as for
//! the visual regression step, which reuses the helpers here.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use crate::install::{self, Tools};
use crate::util::{self, Result};

/// Browser window size of every screenshot.
const WINDOW: &str = "1280,900";

/// Pages shot for the README only: file name, address, window (tall enough for the panels
/// under the canvas).
pub const README_PAGES: &[(&str, &str, &str)] = &[
    ("docs-page-light", "#/badge/docs?theme=light", "1280,1100"),
    ("actions-panel-dark", "#/panel/done?theme=dark", "1280,1150"),
    ("a11y-panel-light", "#/badge/orgs?theme=light", "1280,1000"),
    (
        "interactions-panel-light",
        "#/panel/play-stop?theme=light",
        "1280,1450",
    ),
];

/// Virtual time (ms) the page gets before the picture: loads the wasm, runs the scripted answers.
/// Not a multiple of the scripted answers' token intervals (400, 150 ms), so no token of the
/// streaming story lands on the very moment of the picture.
const SETTLE_MS: &str = "6200";

/// Flags that make pictures the same on every run: one device pixel per CSS pixel, sRGB, no
/// sub-pixel text, the light system theme (stories choose theirs in the address).
const STILL_FLAGS: &[&str] = &[
    "--force-device-scale-factor=1",
    "--force-color-profile=srgb",
    "--disable-lcd-text",
    "--font-render-hinting=none",
    "--blink-settings=preferredColorScheme=1",
];

/// The screenshots copied to `assets/screenshots/` for the README.
const README_SHOTS: &[&str] = &[
    "button-sizes-light",
    "badge-orgs-dark",
    "panel-done-light",
    "panel-error-429-dark",
];

/// Entry point of `cargo xtask screenshots [--skip-install] [--skip-build] [--jobs N]`.
pub fn run(args: &crate::cli::ScreenshotsArgs) -> Result {
    let (skip_build, jobs) = (args.skip_build, args.jobs);
    if !args.skip_install {
        install::ensure(Tools::Browser)?;
    }
    let root = util::root();
    let dist = if skip_build {
        crate::showcase::target_dir()?.join("visual").join("site")
    } else {
        crate::visual_build::build()?
    };
    if !dist.join("index.html").is_file() {
        return Err(format!("{} is missing: build the showcase first", dist.display()).into());
    }
    let browser =
        crate::install::find_browser().ok_or("Chromium is missing (cargo xtask install)")?;

    // Serve dist/showcase on a free loopback port, in the background, for the browser.
    let port = crate::serve::serve_in_background(&dist, 0)?.port();
    let base = format!("http://127.0.0.1:{port}/");
    wait_for_server(port)?;

    println!("\n== list stories");
    let stories = list_stories(&browser, &base)?;
    if stories.is_empty() {
        return Err("the showcase's sidebar lists no stories".into());
    }
    println!("{} stories", stories.len());

    let out = root.join("dist").join("screenshots");
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    std::fs::create_dir_all(&out)?;
    let shots: Vec<(String, String)> = stories
        .iter()
        .flat_map(|path| {
            ["light", "dark"].map(|theme| {
                (
                    format!("{}-{theme}", path.replace('/', "-")),
                    format!("{base}#/{path}?theme={theme}"),
                )
            })
        })
        .collect();
    println!("\n== {} screenshots into {}", shots.len(), out.display());
    let start = Instant::now();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..jobs.max(1) {
            let (shots, next, failures, out, browser) = (&shots, &next, &failures, &out, &browser);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some((name, url)) = shots.get(i) else {
                    break;
                };
                let file = out.join(format!("{name}.png"));
                match screenshot(browser, url, &file, worker, WINDOW) {
                    Ok(()) => println!("  {name}.png"),
                    Err(e) => failures.lock().unwrap().push(format!("{name}: {e}")),
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    if !failures.is_empty() {
        return Err(format!(
            "{} screenshot(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        )
        .into());
    }
    println!(
        "{} screenshots in {}",
        shots.len(),
        util::secs(start.elapsed())
    );

    let assets = root.join("assets").join("screenshots");
    std::fs::create_dir_all(&assets)?;
    for (name, address, window) in README_PAGES {
        let file = assets.join(format!("{name}.png"));
        screenshot(&browser, &format!("{base}{address}"), &file, 0, window)?;
        println!("  {name}.png ({address}) into {}", assets.display());
    }
    for name in README_SHOTS {
        let from = out.join(format!("{name}.png"));
        if from.is_file() {
            std::fs::copy(&from, assets.join(format!("{name}.png")))?;
            println!("  copied {name}.png to {}", assets.display());
        } else {
            println!("  warning: no {name}.png to copy to assets/screenshots");
        }
    }
    println!("\nscreenshots: {}", out.display());
    Ok(())
}

/// Waits (up to 5 s) until the server accepts connections.
pub fn wait_for_server(port: u16) -> Result {
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Err(format!("the showcase server did not start on port {port}").into())
}

/// A throwaway browser profile per worker.
fn profile_dir(worker: usize) -> PathBuf {
    std::env::temp_dir().join(format!("xtask-screenshots-{}-{worker}", std::process::id()))
}

/// The story paths (`button/sizes`) the sidebar links to, in order.
pub fn list_stories(browser: &Path, base: &str) -> Result<Vec<String>> {
    let profile = profile_dir(99);
    let mut cmd = crate::install::headless_chromium(browser, &profile);
    cmd.env("FONTCONFIG_FILE", crate::pinned_fonts::fontconfig_file()?)
        .arg(format!("--virtual-time-budget={SETTLE_MS}"))
        .arg("--dump-dom")
        .arg(base);
    let dom = util::output(&mut cmd);
    let _ = std::fs::remove_dir_all(&profile);
    Ok(story_paths(&dom?))
}

/// The `#/<group>/<story>` targets of the links in `html`, without query, deduplicated.
pub fn story_paths(html: &str) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    for part in html.split("href=\"#/").skip(1) {
        let target = part.split('"').next().unwrap_or_default();
        let path = target.split('?').next().unwrap_or_default();
        let valid = path.split('/').count() == 2
            && path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/');
        if valid && !paths.iter().any(|p| p == path) {
            paths.push(path.to_owned());
        }
    }
    paths
}

/// One PNG of `url` into `file`, in a window of `window` (`W,H`) pixels, after
/// [`SETTLE_MS`] of virtual time, with the pinned fonts ([`crate::pinned_fonts`]).
pub fn screenshot(browser: &Path, url: &str, file: &Path, worker: usize, window: &str) -> Result {
    let profile = profile_dir(worker);
    let mut cmd = crate::install::headless_chromium(browser, &profile);
    cmd.env("FONTCONFIG_FILE", crate::pinned_fonts::fontconfig_file()?)
        .arg(format!("--window-size={window}"))
        .args(STILL_FLAGS)
        .arg(format!("--virtual-time-budget={SETTLE_MS}"))
        .arg(format!("--screenshot={}", file.display()))
        .arg(url);
    let result = util::output(&mut cmd);
    let _ = std::fs::remove_dir_all(&profile);
    result?;
    match std::fs::metadata(file) {
        Ok(meta) if meta.len() > 1000 => Ok(()),
        _ => Err(format!("Chromium wrote no picture for {url}").into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_story_links_once() {
        let html = r##"<nav><a href="#/button/sizes?theme=dark">Sizes</a>
            <a href="#/badge/pro" aria-current="page">PRO</a><a href="#/badge/pro">again</a>
            <a href="#/button/sizes?tab=code">code</a><a href="#/x">bad</a>
            <a href="https://example.org/">out</a></nav>"##;
        assert_eq!(story_paths(html), ["button/sizes", "badge/pro"]);
    }
}
