//! `cargo xtask widget`: the embeddable demo as a static folder, `dist/widget/`.
//!
//! `hf-oauth-demo` is built with its `widget` feature (a `#[wasm_bindgen(start)]` that mounts
//! the demo into `<div id="hf-oauth-demo">`), run through wasm-bindgen (`--target web`) and
//! `wasm-opt -Oz`, and the module gets one line that starts it when imported, so a page needs
//! only `<script type="module" src=".../hf-oauth-demo.js">`. The module loads its wasm relative
//! to `import.meta.url`, so the folder can live at any path.
//!
//! [`step`] is the `widget` test step: it serves the folder with a plain HTML page that sets the
//! `window` globals and checks, in headless Chromium, that the demo mounts and shows the
//! configured model.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::cimd;
use crate::install::{self, Tools};
use crate::serve;
use crate::showcase;
use crate::util::{self, Result, WASM_TARGET};

/// The npm package that provides `wasm-opt` (Debian's binaryen is too old for Rust's wasm).
const BINARYEN: &str = "binaryen@132";

/// The version `wasm-opt --version` must report.
const BINARYEN_VERSION: &str = "version 132";

/// The npm package that minifies wasm-bindgen's JavaScript module (52 KB → 23 KB raw,
/// 9.0 → 6.8 KB gzipped).
const TERSER: &str = "terser@5";

/// What `terser --version` must report.
const TERSER_VERSION: &str = "terser 5.";

/// terser's flags: an ES module (its top-level names may be mangled, its exports are kept).
const TERSER_FLAGS: &[&str] = &["--module", "--compress", "passes=2", "--mangle"];

/// Base name of the widget's files: `hf-oauth-demo.js`, `hf-oauth-demo_bg.wasm`.
pub const OUT_NAME: &str = "hf-oauth-demo";

/// rustc flags of the widget build, which also rebuilds the standard library with them
/// (`-Z build-std`, hence `RUSTC_BOOTSTRAP=1`, set on this one command and nowhere else):
/// a panic aborts at once instead of formatting a message, and panic locations carry no file
/// names. Together 17.7 KB gzip less (225,331 → 207,661 bytes, `cargo xtask size`). The cost: a
/// panic in the widget shows in the console as `RuntimeError: unreachable` without its message.
const STD_RUSTFLAGS: &str = "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none";

/// wasm-opt's flags. `-Oz` twice converges a little further than once; flattening the code
/// and rebuilding its control flow (`--flatten --rereloop`), then `-Oz` twice again, takes 603
/// bytes more off the gzipped wasm (182,922 against 183,525 on 2026-12-06; `--converge` took
/// 82, `--gufa` 94, `-O4` added 3,329).
const WASM_OPT_FLAGS: &[&str] = &[
    "-Oz",
    "-Oz",
    "--flatten",
    "--rereloop",
    "-Oz",
    "-Oz",
    "--strip-debug",
    "--strip-producers",
];

/// Appended to wasm-bindgen's module: importing it starts the widget (the wasm comes from
/// `new URL("hf-oauth-demo_bg.wasm", import.meta.url)`), once the document is parsed.
const AUTOSTART: &str = r#"
// Added by `cargo xtask widget`: importing this module mounts the demo into
// <div id="hf-oauth-demo">, with the wasm loaded from next to this file.
const __hf_start = () => __wbg_init().catch((e) => console.error("hf-oauth-demo: could not start", e));
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", __hf_start, { once: true });
else __hf_start();
"#;

/// The first-paint variant's start: as [`AUTOSTART`], then the loader's handover (a click on
/// the placeholder before the wasm was ready is answered by the real button).
const AUTOSTART_FIRST_PAINT: &str = r#"
// Added by `cargo xtask widget`: importing this module mounts the demo into
// <div id="hf-oauth-demo">, with the wasm loaded from next to this file; the first paint above
// hands a remembered click to the real button.
const __hf_start = () => __wbg_init().then(() => __hf_paint.handover(), (e) => console.error("hf-oauth-demo: could not start", e));
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", __hf_start, { once: true });
else __hf_start();
"#;

/// Folder of the first-paint variant, next to `dist/widget`: the same wasm, and a module that
/// puts the demo's markup on the page before the wasm has arrived.
pub const FIRST_PAINT_DIR: &str = "widget-first-paint";

/// Entry point of `cargo xtask widget [--skip-install] [--site URL [--redirect URL].. [--name N]]`.
pub fn run(args: &crate::cli::WidgetArgs) -> Result {
    // A wrong --site is refused before the build, not after it.
    let cimd = match &args.site {
        Some(site) => Some(cimd::document(
            site,
            &args.redirect,
            args.name.as_deref(),
            None,
        )?),
        None => None,
    };
    if !args.skip_install {
        install::ensure(Tools::Wasm)?;
    }
    let dist = build()?;
    if args.first_paint {
        let paint = build_first_paint()?;
        println!("\nfirst-paint variant written to {}", paint.display());
    }
    println!("\nwidget written to {}", dist.display());
    for file in files(&dist)? {
        let len = std::fs::metadata(&file)?.len();
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        println!("  {name:<28} {len:>9} bytes");
    }
    println!(
        "{}\n(see docs/embedding.md; `cargo xtask size` for the gzipped sizes)",
        dist.display()
    );
    if let Some(doc) = cimd {
        let site = util::root().join("dist").join("site");
        write_site(&dist, &site, &doc)?;
        let client_id = doc["client_id"].as_str().unwrap_or_default();
        println!(
            "\nsite written to {dir}: index.html, widget/, {path}, .nojekyll\n\
             Publish its contents at the root of {site_url}: the page signs in with the client ID\n  {client_id}\n\
             (the document at that URL; no OAuth app to register, see docs/embedding.md)",
            dir = site.display(),
            path = cimd::DOCUMENT_PATH,
            site_url = args.site.as_deref().unwrap_or_default().trim(),
        );
    }
    Ok(())
}

/// Write into `dir` (emptied first) a site root that signs in with a client ID metadata
/// document: `index.html` (the widget, `window.HF_OAUTH_CLIENT_ID` set to the document's URL),
/// `widget/` (a copy of `widget_dir`), `.well-known/oauth-cimd` and `.nojekyll`.
pub fn write_site(widget_dir: &Path, dir: &Path, doc: &serde_json::Value) -> Result {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    util::copy_dir(widget_dir, &dir.join("widget"))?;
    cimd::write_site_files(dir, doc)?;
    let client_id = doc["client_id"].as_str().unwrap_or_default();
    std::fs::write(dir.join("index.html"), site_page(client_id))?;
    Ok(())
}

/// The page of `dist/site`: the client ID (the document's URL), then the widget.
pub fn site_page(client_id: &str) -> String {
    let client_id = client_id.replace(['"', '<', '>', '\\'], "");
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign in with Hugging Face</title>
  <!-- The client ID is this site's client ID metadata document (.well-known/oauth-cimd). -->
  <script>window.HF_OAUTH_CLIENT_ID = "{client_id}";</script>
  <script type="module" src="widget/{OUT_NAME}.js"></script>
  <style>body {{ margin: 0; padding: 24px 12px; }}</style>
</head>
<body><div id="hf-oauth-demo"></div></body>
</html>
"#
    )
}

/// The files of a built widget folder, sorted.
pub fn files(dist: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Builds the widget into `dist/widget/` and returns that folder.
pub fn build() -> Result<PathBuf> {
    let root = util::root();
    let NpmTools { wasm_opt, terser } = ensure_npm_tools()?;
    println!("\n== build widget");
    let target = target_dir()?;
    // Its own target directory: the standard library is rebuilt here (see STD_RUSTFLAGS), which
    // would otherwise invalidate the ordinary release build of the same crates.
    let build_dir = target.join("widget-build");
    util::run(
        util::cargo()
            .env("RUSTC_BOOTSTRAP", "1")
            .env("RUSTFLAGS", STD_RUSTFLAGS)
            .args([
                "build",
                "-p",
                "hf-oauth-demo",
                "--features",
                "widget",
                "--release",
                "--target",
                WASM_TARGET,
                "-Z",
                "build-std=std,panic_abort",
                "--target-dir",
            ])
            .arg(&build_dir),
    )?;
    let wasm = build_dir
        .join(WASM_TARGET)
        .join("release")
        .join("hf_oauth_demo.wasm");
    if !wasm.is_file() {
        return Err(format!("{} was not produced", wasm.display()).into());
    }

    let staging = target.join("widget");
    let bindgen = staging.join("bindgen");
    if bindgen.exists() {
        std::fs::remove_dir_all(&bindgen)?;
    }
    std::fs::create_dir_all(&bindgen)?;
    util::run(
        Command::new("wasm-bindgen")
            .current_dir(&root)
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                OUT_NAME,
                "--out-dir",
            ])
            .arg(&bindgen)
            .arg(&wasm),
    )?;

    let dist = root.join("dist").join("widget");
    if dist.exists() {
        std::fs::remove_dir_all(&dist)?;
    }
    std::fs::create_dir_all(&dist)?;

    let wasm_name = format!("{OUT_NAME}_bg.wasm");
    let optimized = optimize(&wasm_opt, &bindgen.join(&wasm_name), &staging)?;
    std::fs::copy(&optimized, dist.join(&wasm_name))?;

    let js_name = format!("{OUT_NAME}.js");
    let js = std::fs::read_to_string(bindgen.join(&js_name))?;
    if !js.contains("async function __wbg_init(") || !js.contains("import.meta.url") {
        return Err(
            "wasm-bindgen's module has no `__wbg_init` loading from `import.meta.url`; \
             the autostart line in xtask/src/widget.rs needs updating"
                .into(),
        );
    }
    let full = staging.join(&js_name);
    std::fs::write(&full, format!("{}\n{AUTOSTART}", js.trim_end()))?;
    util::run(
        Command::new(&terser)
            .arg(&full)
            .args(TERSER_FLAGS)
            .arg("-o")
            .arg(dist.join(&js_name)),
    )?;
    Ok(dist)
}

/// Builds the widget ([`build`]), then its first-paint variant into `dist/widget-first-paint/`
/// and returns that folder: the same wasm, and the module with the first-paint loader in front
/// (`hf-oauth-first-paint`, a native build of the demo with Yew's server renderer, prints it).
/// Not the default: its markup costs the visitor bytes (`cargo xtask perf` reports both).
pub fn build_first_paint() -> Result<PathBuf> {
    let plain = build()?;
    let NpmTools { terser, .. } = ensure_npm_tools()?;
    println!("\n== first paint (the demo rendered natively by hf-oauth-first-paint)");
    let loader = util::output(util::cargo().args([
        "run",
        "--quiet",
        "-p",
        "hf-oauth-demo",
        "--features",
        "first-paint",
        "--bin",
        "hf-oauth-first-paint",
    ]))?;
    if !loader.contains("const __hf_paint") {
        return Err("hf-oauth-first-paint printed no `__hf_paint` loader".into());
    }
    let staging = target_dir()?.join("widget");
    let js_name = format!("{OUT_NAME}.js");
    let js = std::fs::read_to_string(staging.join("bindgen").join(&js_name))?;
    let full = staging.join("first-paint.js");
    std::fs::write(
        &full,
        format!(
            "{}\n{}\n{AUTOSTART_FIRST_PAINT}",
            loader.trim_end(),
            js.trim_end()
        ),
    )?;
    let dist = util::root().join("dist").join(FIRST_PAINT_DIR);
    if dist.exists() {
        std::fs::remove_dir_all(&dist)?;
    }
    std::fs::create_dir_all(&dist)?;
    let wasm_name = format!("{OUT_NAME}_bg.wasm");
    std::fs::copy(plain.join(&wasm_name), dist.join(&wasm_name))?;
    util::run(
        Command::new(&terser)
            .arg(&full)
            .args(TERSER_FLAGS)
            .arg("-o")
            .arg(dist.join(&js_name)),
    )?;
    Ok(dist)
}

/// Runs wasm-opt on `input`, reusing the last output when input, flags and tool are unchanged
/// (wasm-opt takes tens of seconds; `cargo xtask test` builds the widget twice).
fn optimize(wasm_opt: &Path, input: &Path, staging: &Path) -> Result<PathBuf> {
    let bytes = std::fs::read(input)?;
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    WASM_OPT_FLAGS.hash(&mut hasher);
    BINARYEN.hash(&mut hasher);
    let stamp = format!("{:016x}", hasher.finish());
    let output = staging.join("optimized.wasm");
    let stamp_file = staging.join("optimized.stamp");
    let fresh =
        output.is_file() && std::fs::read_to_string(&stamp_file).is_ok_and(|s| s.trim() == stamp);
    if fresh {
        println!("  skip     wasm-opt (input unchanged since the last run)");
        return Ok(output);
    }
    let _ = std::fs::remove_file(&stamp_file);
    util::run(
        Command::new(wasm_opt)
            .args(WASM_OPT_FLAGS)
            .arg(input)
            .arg("-o")
            .arg(&output),
    )?;
    std::fs::write(&stamp_file, stamp)?;
    Ok(output)
}

/// Where xtask keeps npm-installed tools.
fn tools_dir() -> PathBuf {
    util::root().join("target").join("tools")
}

/// The widget's npm-installed tools.
pub struct NpmTools {
    /// `wasm-opt`, from [`BINARYEN`].
    pub wasm_opt: PathBuf,
    /// `terser`, from [`TERSER`].
    pub terser: PathBuf,
}

/// Ensures `wasm-opt` ([`BINARYEN`]) and `terser` ([`TERSER`]) in [`tools_dir`], installing
/// both in one `npm install` when either is missing (a later `npm install --no-save` of one
/// package would prune the other).
pub fn ensure_npm_tools() -> Result<NpmTools> {
    let dir = tools_dir();
    let bin = dir.join("node_modules").join(".bin");
    let tools = NpmTools {
        wasm_opt: bin.join("wasm-opt"),
        terser: bin.join("terser"),
    };
    let version = |bin: &Path| {
        Command::new(bin)
            .arg("--version")
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    let check = |tools: &NpmTools| -> std::result::Result<(String, String), String> {
        let opt = version(&tools.wasm_opt).unwrap_or_default();
        let ter = version(&tools.terser).unwrap_or_default();
        if opt.contains(BINARYEN_VERSION) && ter.starts_with(TERSER_VERSION) {
            Ok((opt, ter))
        } else {
            Err(format!("wasm-opt reports {opt:?}, terser reports {ter:?}"))
        }
    };
    if let Ok((opt, ter)) = check(&tools) {
        println!("  skip     wasm-opt ({opt}), {ter}");
        return Ok(tools);
    }
    if util::which("npm").is_none() {
        return Err(format!(
            "wasm-opt ({BINARYEN}) or terser ({TERSER}) is missing and npm is not on PATH: \
             install Node.js and npm, or run `npm install --prefix {} {BINARYEN} {TERSER}` \
             yourself",
            dir.display()
        )
        .into());
    }
    println!(
        "  install  wasm-opt and terser (npm {BINARYEN} {TERSER} into {})",
        dir.display()
    );
    std::fs::create_dir_all(&dir)?;
    util::run(Command::new("npm").current_dir(&dir).args([
        "install",
        "--prefix",
        ".",
        "--no-save",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        BINARYEN,
        TERSER,
    ]))?;
    match check(&tools) {
        Ok(_) => Ok(tools),
        Err(why) => Err(format!("after `npm install {BINARYEN} {TERSER}`, {why}").into()),
    }
}

/// Cargo's target directory (honours CARGO_TARGET_DIR and config), via `cargo metadata`.
pub fn target_dir() -> Result<PathBuf> {
    showcase::target_dir()
}

/// The model the test page configures; the inference card must show it.
const TEST_MODEL: &str = "org/configured-model";

/// The plain HTML page of the `widget` test step: globals first, the widget from another folder.
const TEST_PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>widget check</title>
  <script>
    window.HF_OAUTH_CLIENT_ID = "test";
    window.HF_INFERENCE_MODEL = "org/configured-model";
  </script>
  <script type="module" src="/static/widget/hf-oauth-demo.js"></script>
</head>
<body>
  <main><div id="hf-oauth-demo"></div></main>
</body>
</html>
"#;

/// The `widget` step of `cargo xtask test`: build, serve with a plain page, check the DOM.
pub fn step() -> Result {
    let dist = build()?;
    let site = target_dir()?.join("widget").join("site");
    if site.exists() {
        std::fs::remove_dir_all(&site)?;
    }
    util::copy_dir(&dist, &site.join("static").join("widget"))?;
    std::fs::write(site.join("index.html"), TEST_PAGE)?;

    let url = serve_in_background(&site)?;
    let browser = install::find_browser().ok_or("Chromium is not on PATH (cargo xtask install)")?;
    let mut cmd = install::headless_chromium(&browser, &site.join("chromium-profile"));
    cmd.arg("--virtual-time-budget=5000")
        .arg("--dump-dom")
        .arg(&url);
    println!("$ {}", util::display(&cmd));
    let dom = output_with_timeout(&mut cmd, Duration::from_secs(90))?;
    check_dom(&dom).map_err(|e| {
        let dump = site.join("dom.html");
        let _ = std::fs::write(&dump, &dom);
        format!("{e}\n  the dumped DOM is in {}", dump.display())
    })?;
    println!("  ok: the widget mounted from a plain page and shows {TEST_MODEL}");
    let paint = build_first_paint()?;
    crate::first_paint_check::check(&paint, &site)
}

/// What the dumped DOM must (not) contain.
fn check_dom(dom: &str) -> std::result::Result<(), String> {
    if !dom.contains("class=\"hf-demo-header\"")
        || !dom.contains("<h1>Sign in with Hugging Face</h1>")
    {
        return Err("the demo's header is not on the page: the widget did not mount".into());
    }
    let button = dom
        .split("<button")
        .skip(1)
        .find(|b| b.contains("hf-oauth-login-button"))
        .ok_or("no .hf-oauth-login-button on the page")?;
    let (tag, rest) = button.split_once('>').unwrap_or((button, ""));
    let label = rest.split("</button>").next().unwrap_or_default();
    if tag.contains(" disabled") || tag.contains("aria-busy") {
        return Err(format!(
            "the sign-in button is disabled or busy: <button{tag}>"
        ));
    }
    if !label.contains("Sign in with Hugging Face") {
        return Err(format!(
            "the sign-in button does not say \"Sign in with Hugging Face\": {label}"
        ));
    }
    if !dom.contains(TEST_MODEL) {
        return Err(format!("the configured model {TEST_MODEL} is not shown"));
    }
    for unwanted in ["not set up", "no Hugging Face OAuth client ID"] {
        if dom.contains(unwanted) {
            return Err(format!(
                "the page says \"{unwanted}\" although a client ID is set"
            ));
        }
    }
    Ok(())
}

/// Serves `dir` on a free loopback port from a background thread; returns the page URL.
fn serve_in_background(dir: &Path) -> Result<String> {
    Ok(format!("http://{}/", serve::serve_in_background(dir, 0)?))
}

/// Runs a command, killing it after `limit`; returns its stdout (fails on a non-zero exit).
fn output_with_timeout(cmd: &mut Command, limit: Duration) -> Result<String> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not start the browser: {e}"))?;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut text);
        text
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("the browser did not finish within {}", util::secs(limit)).into());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let text = reader.join().unwrap_or_default();
    if !status.success() {
        return Err(format!("the browser failed ({status})").into());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTED: &str = r#"<div class="hf-demo"><header class="hf-demo-header"><h1>Sign in with Hugging Face</h1></header>
        <div class="hf-oauth-login"><button type="button" class="hf-oauth-login-button" data-size="lg"><svg></svg><span>Sign in with Hugging Face</span></button></div>
        <p class="hf-oauth-signin-prompt">Sign in with Hugging Face to run <code>org/configured-model</code> with your own account.</p></div>"#;

    #[test]
    fn accepts_a_mounted_configured_demo() {
        assert_eq!(check_dom(MOUNTED), Ok(()));
    }

    #[test]
    fn refuses_unmounted_disabled_or_unconfigured() {
        assert!(check_dom("<div id=\"hf-oauth-demo\"></div>").is_err());
        let disabled = MOUNTED.replace("data-size=\"lg\"", "data-size=\"lg\" disabled=\"\"");
        assert!(check_dom(&disabled).unwrap_err().contains("disabled"));
        let other = MOUNTED.replace(TEST_MODEL, "openai/gpt-oss-120b");
        assert!(check_dom(&other).unwrap_err().contains(TEST_MODEL));
        let off = MOUNTED.replace("to run", "not set up on this site, so it cannot run");
        assert!(check_dom(&off).unwrap_err().contains("not set up"));
    }

    #[test]
    fn autostart_calls_the_bindgen_init() {
        assert!(AUTOSTART.contains("__wbg_init()"));
        assert!(TEST_PAGE.contains(&format!("{OUT_NAME}.js")));
    }

    #[test]
    fn the_site_signs_in_with_its_client_metadata_document() {
        let tmp = std::env::temp_dir().join(format!("xtask-widget-site-{}", std::process::id()));
        let widget = tmp.join("widget-build");
        std::fs::create_dir_all(&widget).unwrap();
        std::fs::write(widget.join(format!("{OUT_NAME}.js")), "// js").unwrap();
        let doc = cimd::document("https://example.org/blog", &[], None, None).unwrap();
        let site = tmp.join("site");
        write_site(&widget, &site, &doc).unwrap();
        let served: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(site.join(".well-known/oauth-cimd")).unwrap(),
        )
        .unwrap();
        assert_eq!(
            served["client_id"],
            "https://example.org/blog/.well-known/oauth-cimd"
        );
        assert!(site.join(".nojekyll").is_file());
        assert!(site.join("widget").join(format!("{OUT_NAME}.js")).is_file());
        let page = std::fs::read_to_string(site.join("index.html")).unwrap();
        assert!(page.contains(
            r#"window.HF_OAUTH_CLIENT_ID = "https://example.org/blog/.well-known/oauth-cimd";"#
        ));
        assert!(page.contains(&format!(r#"src="widget/{OUT_NAME}.js""#)));
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
