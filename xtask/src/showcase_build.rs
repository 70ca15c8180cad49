//! The showcase built with cargo and the `wasm-bindgen` CLI alone (no trunk), for both
//! `cargo xtask showcase` (served, with a reload script) and the pictures (`cargo xtask visual`,
//! `cargo xtask screenshots`, with a still page): `cargo build` of the `showcase` binary for
//! wasm32 (the dev profile: quick to compile, and the `stories` step has compiled its
//! dependencies already), `wasm-bindgen --target web`, the logo, and an `index.html` made from
//! `showcase/index.html` with the caller's extra `<head>` lines and one module script that starts
//! the app.

use std::path::Path;
use std::process::Command;

use crate::util::{self, Result, WASM_TARGET};

/// Starts the app (wasm-bindgen's module runs the binary's `main`).
const START: &str = r#"<script type="module">
      import init from "./showcase.js";
      init({ module_or_path: "./showcase_bg.wasm" });
    </script>"#;

/// Builds the showcase into `site` (created if missing; files of an earlier build are
/// overwritten in place, so a server keeps answering during a rebuild) with `head` added to the
/// page's `<head>`. The page is written last: a failed build leaves the previous page.
pub fn build(site: &Path, head: &str) -> Result {
    let root = util::root();
    let target = crate::showcase::target_dir()?;
    println!(
        "\n== build showcase (cargo + wasm-bindgen) into {}",
        site.display()
    );
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
    // The accessibility panel's axe-core (npm, into target/node), bundled by showcase/build.rs.
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
            .arg(site)
            .arg(&wasm),
    )
    .map_err(|e| format!("{e}\n  (is wasm-bindgen installed? `cargo xtask install`)"))?;
    std::fs::copy(
        root.join("assets").join("hf-logo.svg"),
        site.join("assets").join("hf-logo.svg"),
    )?;
    let template = std::fs::read_to_string(root.join("showcase").join("index.html"))?;
    std::fs::write(site.join("index.html"), page(&template, head)?)?;
    Ok(())
}

/// The page: `showcase/index.html` with `head` and [`START`] at the end of `<head>`.
pub fn page(template: &str, head: &str) -> Result<String> {
    let end = template
        .find("</head>")
        .ok_or("showcase/index.html has no </head>")?;
    Ok(format!(
        "{}  {head}\n    {START}\n  {}",
        &template[..end],
        &template[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_starts_the_app_after_the_template_and_the_extra_head() {
        let template = std::fs::read_to_string(util::root().join("showcase/index.html")).unwrap();
        let page = page(&template, "<meta name=\"extra\">").unwrap();
        let start = page.find("import init from \"./showcase.js\"").unwrap();
        // The theme script of the template runs first, then the extra lines, then the app.
        assert!(page.find("data-theme").unwrap() < page.find("name=\"extra\"").unwrap());
        assert!(page.find("name=\"extra\"").unwrap() < start);
        assert!(start < page.find("</head>").unwrap());
        assert!(page.trim_end().ends_with("</html>"), "{page}");
    }

    #[test]
    fn the_template_needs_no_bundler() {
        let template = std::fs::read_to_string(util::root().join("showcase/index.html")).unwrap();
        assert!(!template.contains("data-trunk"), "{template}");
        assert!(page("<html><body></body></html>", "").is_err());
    }
}
