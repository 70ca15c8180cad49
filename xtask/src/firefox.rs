//! The browser tests again in headless Firefox: Debian's `firefox-esr` and `geckodriver` built
//! from crates.io (npm's geckodriver downloads a binary, which cannot work offline).

use crate::util::{self, Result};

/// Install firefox-esr (apt-get) and geckodriver (cargo install) when missing.
pub fn ensure() -> Result {
    if util::which("firefox-esr")
        .or_else(|| util::which("firefox"))
        .is_some()
    {
        println!("skip     firefox-esr (installed)");
    } else {
        println!("install  firefox-esr (apt-get)");
        crate::install::apt_install(&["firefox-esr"])?;
    }
    if geckodriver().is_some() {
        println!("skip     geckodriver (installed)");
    } else {
        println!("install  geckodriver (cargo install)");
        crate::install::cargo_install(&["geckodriver"])?;
    }
    Ok(())
}

fn geckodriver() -> Option<std::path::PathBuf> {
    std::env::var_os("GECKODRIVER")
        .map(std::path::PathBuf::from)
        .filter(|p| util::is_executable(p))
        .or_else(|| util::which("geckodriver"))
}

/// The `cargo xtask test` step: the browser tests in headless Firefox.
pub fn step() -> Result {
    ensure()?;
    let driver = geckodriver().ok_or("geckodriver is not on PATH after installing it")?;
    util::run(
        util::cargo()
            .args(crate::test::BROWSER_TEST_ARGS)
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            )
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
            .env("GECKODRIVER", driver)
            .env_remove("CHROMEDRIVER")
            .env_remove("SAFARIDRIVER"),
    )
}
