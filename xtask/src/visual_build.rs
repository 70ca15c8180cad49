//! The showcase built without trunk, for pictures (`cargo xtask test visual`,
//! `cargo xtask screenshots`): `cargo build` of the `showcase` binary for wasm32 (the dev
//! profile, whose dependencies the `stories` step has compiled already), the `wasm-bindgen` CLI
//! (`--target web`), and an `index.html` made from `showcase/index.html`: trunk's lines
//! replaced by one module script that starts the app.
//!
//! The page is made still for pictures: no animation, no transition, no blinking caret, a
//! wall clock (`Date.now`) stopped at [`FROZEN_NOW`], so the badge's time left is the same on
//! every run (the stories' sessions are made from the same clock), and on the stories alone the
//! panel's timings masked (see [`still_script`]). The isolated canvas fills
//! the window (no page margin), so a screenshot trimmed to what differs from the background is
//! the story and nothing else.

use std::path::PathBuf;
use std::process::Command;

use crate::util::{self, Result, WASM_TARGET};

/// Appended to `<head>`: a still page, and the isolated canvas from edge to edge.
const STILL_CSS: &str = "<style>
      /* Added by xtask/src/visual_build.rs: pictures must not depend on the moment. */
      *, *::before, *::after { animation: none !important; transition: none !important; caret-color: transparent !important; }
      .sb-isolated-main { padding: 0 !important; }
      .sb-isolated .sb-canvas { min-height: 100vh; }
    </style>";

/// The instant `Date.now()` returns on the pictures' page: 2026-01-01 12:00 UTC.
pub const FROZEN_NOW: u64 = 1_767_268_800_000;

/// Before the app: the stopped clock, one text node per streamed answer, and on the stories
/// alone (`?isolated`, the pictures that are compared) the panel's timings masked.
///
/// The answer grows by one text node per animation frame, and where a run of text is cut
/// changes how its glyphs are placed; how many frames a stream takes depends on the machine, so
/// the nodes are merged. The time to first token and the tokens per second come from
/// `performance.now()`, which moves by a few milliseconds more or less from run to run even under
/// virtual time (8.8 or 8.7 tokens/s), so they read `‹ms›` and `‹rate›` there; the count of
/// tokens stays.
fn still_script() -> String {
    format!(
        r#"<script>
      // Added by xtask/src/visual_build.rs: pictures must not depend on the moment.
      Date.now = () => {FROZEN_NOW};
      const maskTimings = /[?&]isolated/.test(location.hash);
      const mask = (status) => {{
        for (const node of status.childNodes) {{
          if (node.nodeType !== Node.TEXT_NODE) continue;
          const text = node.data.replace(/after \d+ ms/g, "after ‹ms› ms").replace(/\d+(\.\d+)? tokens\/s/g, "‹rate› tokens/s");
          if (text !== node.data) node.data = text;
        }}
      }};
      new MutationObserver((changes) => {{
        for (const change of changes) {{
          const target = change.target;
          if (change.addedNodes.length && target.classList && target.classList.contains("hf-oauth-answer-text")) target.normalize();
        }}
        if (maskTimings) document.querySelectorAll(".hf-oauth-status").forEach(mask);
      }}).observe(document, {{ childList: true, subtree: true, characterData: true }});
    </script>"#
    )
}

/// Starts the app (wasm-bindgen's module runs the binary's `main`).
const START: &str = r#"<script type="module">
      import init from "./showcase.js";
      init({ module_or_path: "./showcase_bg.wasm" });
    </script>"#;

/// Builds the showcase into `<target>/visual/site` and returns that folder.
pub fn build() -> Result<PathBuf> {
    let root = util::root();
    let target = crate::showcase::target_dir()?;
    println!("\n== build showcase (cargo + wasm-bindgen, no trunk)");
    let mut cargo = util::cargo();
    cargo.args([
        "build",
        "-p",
        "showcase",
        "--bin",
        "showcase",
        "--target",
        WASM_TARGET,
    ]);
    match crate::stories::ensure_axe() {
        Ok(axe) => {
            cargo.env("AXE_CORE_JS", axe);
        }
        Err(e) => println!("  warning  no axe-core, the accessibility panel will say so: {e}"),
    }
    util::run(&mut cargo)?;
    let wasm = target.join(WASM_TARGET).join("debug").join("showcase.wasm");
    if !wasm.is_file() {
        return Err(format!("{} was not produced", wasm.display()).into());
    }

    let site = target.join("visual").join("site");
    if site.exists() {
        std::fs::remove_dir_all(&site)?;
    }
    std::fs::create_dir_all(site.join("assets"))?;
    util::run(
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "showcase",
                "--out-dir",
            ])
            .arg(&site)
            .arg(&wasm),
    )
    .map_err(|e| format!("{e}\n  (is wasm-bindgen installed? `cargo xtask install`)"))?;
    std::fs::copy(
        root.join("assets").join("hf-logo.svg"),
        site.join("assets").join("hf-logo.svg"),
    )?;
    let template = std::fs::read_to_string(root.join("showcase").join("index.html"))?;
    std::fs::write(site.join("index.html"), page(&template)?)?;
    Ok(site)
}

/// The page: `showcase/index.html` without trunk's `data-trunk` lines, with [`STILL_CSS`] and
/// [`START`] at the end of `<head>`.
pub fn page(template: &str) -> Result<String> {
    let kept: Vec<&str> = template
        .lines()
        .filter(|line| !line.contains("data-trunk"))
        .collect();
    let html = kept.join("\n");
    let end = html
        .find("</head>")
        .ok_or("showcase/index.html has no </head>")?;
    Ok(format!(
        "{}  {STILL_CSS}\n    {}\n    {START}\n  {}\n",
        &html[..end],
        still_script(),
        &html[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_starts_the_app_without_trunk() {
        let template = std::fs::read_to_string(util::root().join("showcase/index.html")).unwrap();
        assert!(template.contains("data-trunk"));
        let page = page(&template).unwrap();
        assert!(!page.contains("data-trunk"), "{page}");
        assert!(page.contains("import init from \"./showcase.js\""));
        assert!(page.contains("animation: none !important"));
        assert!(page.contains(&format!("Date.now = () => {FROZEN_NOW};")));
        assert!(page.find("Date.now").unwrap() < page.find("import init").unwrap());
        assert!(page.contains(r"/after \d+ ms/g"), "{page}");
        // The theme script of the template stays, before the app starts.
        let theme = page.find("data-theme").unwrap();
        assert!(theme < page.find("import init").unwrap());
        assert!(page.find("</head>").unwrap() > page.find("import init").unwrap());
    }
}
