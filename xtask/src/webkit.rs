//! The browser tests again in WebKit, the engine of Safari and of every iOS browser: Debian's
//! `webkit2gtk-driver` (`WebKitWebDriver`, a W3C WebDriver server) drives the `MiniBrowser` that
//! WebKitGTK installs, headless, on a virtual display (`xvfb-run -a`).
//!
//! wasm-bindgen-test-runner knows no WebKit driver by name (it looks for geckodriver,
//! safaridriver, chromedriver and msedgedriver), but its geckodriver path is plain W3C
//! WebDriver: `GECKODRIVER` points it at `WebKitWebDriver` (which it starts with `--port=N`, as
//! it would geckodriver), and the `webdriver.json` it reads (`WASM_BINDGEN_TEST_WEBDRIVER_JSON`)
//! carries the MiniBrowser capabilities. The `moz:firefoxOptions` the runner adds is an
//! extension capability WebKitWebDriver ignores. (Its safaridriver path would not do: it sends
//! empty capabilities, without the `webdriver.json` ones.)

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{self, Result};

/// The WebDriver server of WebKitGTK.
const DRIVER: &str = "WebKitWebDriver";

/// The Debian packages: the driver (with WebKitGTK and its MiniBrowser), the X server, and
/// `xauth`, which `xvfb-run` needs but `xvfb` only recommends.
const PACKAGES: &[&str] = &["webkit2gtk-driver", "xvfb", "xauth"];

/// The WebKitGTK packages whose files may hold the MiniBrowser, newest API first.
const WEBKIT_PACKAGES: &[&str] = &[
    "libwebkitgtk-6.0-4",
    "libwebkit2gtk-4.1-0",
    "libwebkit2gtk-4.0-37",
];

/// Install [`PACKAGES`] (apt-get) when `WebKitWebDriver`, the MiniBrowser, `xvfb-run` or
/// `xauth` is missing.
pub fn ensure() -> Result {
    let display_tools = || util::which("xvfb-run").and(util::which("xauth"));
    if let (Some(driver), Some(browser), Some(_)) = (driver(), minibrowser(), display_tools()) {
        println!(
            "skip     webkit2gtk-driver + xvfb + xauth ({} and {})",
            driver.display(),
            browser.display()
        );
        return Ok(());
    }
    println!("install  {} (apt-get)", PACKAGES.join(" "));
    crate::install::apt_install(PACKAGES)?;
    match (driver(), minibrowser(), display_tools()) {
        (Some(_), Some(_), Some(_)) => Ok(()),
        (None, _, _) => Err(format!("{DRIVER} is not on PATH after installing it").into()),
        (_, None, _) => Err(format!(
            "no MiniBrowser in the files of {} after installing webkit2gtk-driver",
            WEBKIT_PACKAGES.join(", ")
        )
        .into()),
        (_, _, None) => Err("xvfb-run or xauth is not on PATH after installing them".into()),
    }
}

/// `$WEBKIT_WEBDRIVER` if it is an executable, else `WebKitWebDriver` on PATH.
pub fn driver() -> Option<PathBuf> {
    std::env::var_os("WEBKIT_WEBDRIVER")
        .map(PathBuf::from)
        .filter(|p| util::is_executable(p))
        .or_else(|| util::which(DRIVER))
}

/// The MiniBrowser WebKitGTK installs (it is not on PATH): `$WEBKIT_MINIBROWSER` if it is an
/// executable, else the first `MiniBrowser` that `dpkg -L` lists for [`WEBKIT_PACKAGES`].
pub fn minibrowser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("WEBKIT_MINIBROWSER").map(PathBuf::from) {
        if util::is_executable(&path) {
            return Some(path);
        }
    }
    WEBKIT_PACKAGES.iter().find_map(|package| {
        let files = util::output(Command::new("dpkg").args(["-L", package])).ok()?;
        find_minibrowser(&files)
            .map(PathBuf::from)
            .filter(|p| util::is_executable(p))
    })
}

/// The line of a `dpkg -L` listing that is the MiniBrowser executable.
fn find_minibrowser(listing: &str) -> Option<&str> {
    listing
        .lines()
        .map(str::trim)
        .find(|line| line.ends_with("/MiniBrowser"))
}

/// The W3C capabilities (the `alwaysMatch` set) that make WebKitWebDriver start `browser`, as
/// JSON text. Only `--automation`: the GTK 3 MiniBrowser of `libwebkit2gtk-4.1-0` has no
/// `--headless` (it exits with "Unknown option --headless"), so it runs on a virtual display.
pub fn capabilities(browser: &Path) -> String {
    serde_json::json!({
        "browserName": "MiniBrowser",
        "webkitgtk:browserOptions": {
            "binary": browser.to_string_lossy(),
            "args": ["--automation"],
        },
    })
    .to_string()
}

/// The `cargo xtask test` step: the browser tests in WebKit (MiniBrowser through
/// WebKitWebDriver, on a virtual X display).
pub fn step() -> Result {
    ensure()?;
    let driver = driver().ok_or("WebKitWebDriver is not on PATH after installing it")?;
    let browser = minibrowser().ok_or("no MiniBrowser after installing webkit2gtk-driver")?;
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| util::root().join("target"))
        .join("webkit");
    std::fs::create_dir_all(&dir)?;
    // Absolute: the runner reads it from the test's working directory.
    let config = std::path::absolute(dir.join("webdriver.json"))?;
    let caps = capabilities(&browser);
    std::fs::write(&config, &caps)?;
    println!("webdriver.json ({}): {caps}", config.display());
    let run = || {
        // `xvfb-run -a`: a free display for this run, gone (with any browser left on it) after it.
        let mut cmd = Command::new("xvfb-run");
        cmd.arg("-a")
            .arg(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .current_dir(util::root());
        util::run(
            cmd.args(crate::test::BROWSER_TEST_ARGS)
                .env(
                    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                    "wasm-bindgen-test-runner",
                )
                .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
                .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &config)
                .env("GECKODRIVER", &driver)
                .env_remove("CHROMEDRIVER")
                .env_remove("SAFARIDRIVER"),
        )
    };
    run().or_else(|first| {
        println!("{}", second_run_notice(&first.to_string()));
        run().map_err(|second| format!("failed twice in WebKit: {second}").into())
    })
}

/// What the step prints before running the tests a second time, after `first` failed.
///
/// WebKitGTK is the one engine with a failure no run reproduces: once, in CI on 2026-12-06, a
/// component's state was left borrowed ("RefCell already borrowed" in Yew's `DestroyRunner`,
/// in a test that only mounts, clicks and unmounts); some 50 runs of the same build passed
/// afterwards. The browser tests now print any uncaught exception, so the next one names its
/// cause (`tests/browser/support.rs`, `report_uncaught_errors`). The
/// same tests run without a second chance in Chromium and Firefox (`browser`, `firefox`), so a
/// failure of the library's own making still fails CI there; here it fails only if it happens
/// twice. The first failure's output stays in the log above this notice.
fn second_run_notice(first: &str) -> String {
    format!(
        "webkit: the browser tests failed in WebKit ({first}); its output is above. \
         Running them once more: the step passes only if that run passes."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minibrowser_in_a_dpkg_listing() {
        let listing = "/.\n/usr\n/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1\n\
                       /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser\n\
                       /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/WebKitWebProcess\n";
        assert_eq!(
            find_minibrowser(listing),
            Some("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
        );
        assert_eq!(find_minibrowser("/usr/bin/WebKitWebDriver\n"), None);
    }

    #[test]
    fn capabilities_name_the_minibrowser_in_automation_mode() {
        let caps = capabilities(Path::new("/opt/web kit/\"Mini\"Browser"));
        let caps: serde_json::Value = serde_json::from_str(&caps).unwrap();
        assert_eq!(
            caps,
            serde_json::json!({
                "browserName": "MiniBrowser",
                "webkitgtk:browserOptions": {
                    "binary": "/opt/web kit/\"Mini\"Browser",
                    "args": ["--automation"],
                },
            })
        );
    }
}
