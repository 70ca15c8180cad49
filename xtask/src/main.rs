//! `cargo xtask <command>`: the developer commands of the yew-hf-oauth workspace.
//!
//! A task runner, so a newcomer needs nothing but cargo and it builds in seconds: its
//! dependencies are serde_json, `png` (the visual regression step's pictures) and `notify`
//! (the showcase's rebuild on change); the
//! end-to-end harness, which drives browsers with a WebDriver client, is its own crate
//! (tests/e2e, `hf-oauth-e2e`) that `cargo xtask e2e` runs.
//! Every command installs what it needs and skips what is already there.

#![warn(missing_docs)]

mod bench;
mod e2e;
mod firefox;
mod fuzz;
mod install;
mod live_reload;
mod pinned_fonts;
mod screenshots;
mod serve;
mod showcase;
mod showcase_build;
mod size;
mod space;
mod stories;
mod test;
mod util;
mod visual;
mod visual_build;
mod visual_image;
mod watch;
mod webkit;
mod widget;

use std::process::ExitCode;

/// Help text printed by `cargo xtask help`.
const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  install                       install the wasm32 target, wasm-bindgen-cli (version from
                                Cargo.lock), rustfmt/clippy, Chromium and chromedriver
  test [--skip-install] [STEP..] run every CI step in order (or only the named ones)
  test --list                   list the test steps
  showcase [--port N] [--no-serve] [--skip-install]
                                build the showcase (cargo + wasm-bindgen) into dist/showcase
                                and serve it on http://127.0.0.1:N (default 8080, next free
                                port if busy); rebuilds when showcase/, components/, demo/ or
                                assets/ change and the open page reloads; --no-serve only
                                builds; installs the wasm32 target and wasm-bindgen-cli
  bench [--compare [--runs N]]  rendering benchmark: 20,000 streamed tokens into the
                                InferencePanel in headless Chromium (structure asserted,
                                timings printed); --compare runs it against React 18 +
                                @huggingface/inference (npm, tests/bench/react) N times each
                                (default 5), alternating, and prints medians and the ratio
  fuzz [--seconds N] [--fresh] [--skip-install] [TARGET..]
                                run the cargo-fuzz targets of fuzz/ (sse, callback_query,
                                provider_json) N seconds each (default 60) from fuzz/seeds;
                                --fresh forgets the working corpus; installs cargo-fuzz
  widget [--skip-install]       build the embeddable demo into dist/widget (hf-oauth-demo.js
                                + wasm, wasm-opt -Oz; installs npm binaryen) and print it
  space [--skip-install] [--model M]
                                a static Hugging Face Space ready to push, in dist/space
                                (README.md with hf_oauth metadata, index.html, widget/)
  size [--skip-install]         build the widget and print its wasm/js/css bytes, raw and
                                gzip -9, against the budget in widget-size-budget.txt
  e2e [--skip-install] [--serve] [--engine chromium|webkit]
                                end to end against local parties on loopback: an OpenID
                                provider (npm oidc-provider), Gemma 3 270M on llama-cpp-python
                                behind a token-checking gate, the widget; drives headless
                                Chromium through chromedriver, or WebKit's MiniBrowser through
                                WebKitWebDriver (tests/e2e; venv + model cached
                                in ~/.cache/hf-oauth-e2e, built once); --serve starts the
                                parties and the demo for a person instead, until Ctrl-C
  screenshots [--skip-install] [--skip-build] [--jobs N]
                                build the showcase (cargo + wasm-bindgen) and save a
                                PNG of every story, light and dark, into dist/screenshots
                                (headless Chromium); README pictures into assets/screenshots
  visual [--update] [--skip-install] [--jobs N] [STORY..]
                                visual regression: every story alone (or those whose path
                                starts with a STORY given), light and dark, shot in headless
                                Chromium and compared with showcase/visual/*.png (diffs in
                                target/visual/diff); --update accepts the new ones
  help                          this text";

fn main() -> ExitCode {
    util::prepend_cargo_bin_to_path();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("install") => install::run(rest),
        Some("test") => test::run(rest),
        Some("showcase") => showcase::run(rest),
        Some("screenshots") => screenshots::run(rest),
        Some("visual") => visual::run(rest),
        Some("bench") => bench::run(rest),
        Some("fuzz") => fuzz::run(rest),
        Some("widget") => widget::run(rest),
        Some("size") => size::run(rest),
        Some("space") => space::run(rest),
        Some("e2e") => e2e::run(rest),
        None | Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}").into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
