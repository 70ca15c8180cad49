//! `cargo xtask space`: a static Hugging Face Space, ready to push, in `dist/space/`.
//!
//! The Space's `README.md` metadata turns on Hugging Face's OAuth for it (`hf_oauth: true`):
//! the page then gets `window.huggingface.variables.OAUTH_CLIENT_ID` and the Space's URL is a
//! registered redirect URL. Spaces show the app inside an iframe of huggingface.co, where the
//! widget signs in through a popup (`SignInMode::Auto`); docs/embedding.md explains why.

use std::path::{Path, PathBuf};

use crate::install::{self, Tools};
use crate::util::{self, Result};
use crate::widget;

/// The model the Space's page asks for.
pub const DEFAULT_MODEL: &str = "google/gemma-2-2b-it";

/// How long the visitor's token lives, in minutes (Hugging Face's default is 480).
const EXPIRATION_MINUTES: u32 = 480;

/// Entry point of `cargo xtask space [--skip-install] [--model M]`.
pub fn run(args: &crate::cli::SpaceArgs) -> Result {
    if !args.skip_install {
        install::ensure(Tools::Wasm)?;
    }
    let built = widget::build()?;
    let space = write_space(
        &built,
        &util::root().join("dist").join("space"),
        &args.model,
    )?;
    println!("\nSpace written to {}:", space.display());
    for file in list(&space)? {
        println!("  {}", file.strip_prefix(&space).unwrap_or(&file).display());
    }
    println!(
        "\nPush it: create a static Space, then\n  git clone https://huggingface.co/spaces/<owner>/<name> && cp -r {}/* <name>/\n  cd <name> && git add . && git commit -m widget && git push",
        space.display()
    );
    Ok(())
}

/// The `space` test step: build the Space folder and check its files and metadata.
pub fn step() -> Result {
    let built = widget::build()?;
    let dir = util::root().join("target").join("space-check");
    let space = write_space(&built, &dir, DEFAULT_MODEL)?;
    let files = list(&space)?;
    let names: Vec<String> = files
        .iter()
        .map(|f| f.strip_prefix(&space).unwrap_or(f).display().to_string())
        .collect();
    for needed in [
        "README.md",
        "index.html",
        &format!("widget/{}.js", widget::OUT_NAME),
        &format!("widget/{}_bg.wasm", widget::OUT_NAME),
    ] {
        if !names.iter().any(|n| n == needed) {
            return Err(format!("dist/space lacks {needed}: {names:?}").into());
        }
    }
    println!("  ok: dist/space holds {}", names.join(", "));
    Ok(())
}

/// The Space's `README.md`: its metadata, then a few words.
pub fn readme() -> String {
    format!(
        "---\n\
         title: Sign in with Hugging Face\n\
         emoji: 🤗\n\
         colorFrom: yellow\n\
         colorTo: gray\n\
         sdk: static\n\
         app_file: index.html\n\
         pinned: false\n\
         hf_oauth: true\n\
         hf_oauth_scopes:\n  - inference-api\n\
         hf_oauth_expiration_minutes: {EXPIRATION_MINUTES}\n\
         ---\n\n\
         Sign in with Hugging Face and run a model with your own token, in the browser.\n\
         Built with yew-hf-oauth (`cargo xtask space`).\n"
    )
}

/// The Space's page: the model to use, and the widget module.
pub fn index_html(model: &str) -> String {
    let model = model.replace(['"', '<', '>', '\\'], "");
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign in with Hugging Face</title>
  <!-- The client ID comes from window.huggingface.variables (hf_oauth: true). -->
  <script>window.HF_INFERENCE_MODEL = "{model}";</script>
  <script type="module" src="widget/{name}.js"></script>
  <style>body {{ margin: 0; padding: 24px 12px; }}</style>
</head>
<body><div id="hf-oauth-demo"></div></body>
</html>
"#,
        name = widget::OUT_NAME
    )
}

/// Write the Space into `dir` (emptied first) from the built widget folder.
fn write_space(widget_dir: &Path, dir: &Path, model: &str) -> Result<PathBuf> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("README.md"), readme())?;
    std::fs::write(dir.join("index.html"), index_html(model))?;
    util::copy_dir(widget_dir, &dir.join("widget"))?;
    Ok(dir.to_path_buf())
}

/// Every file below `dir`, sorted.
fn list(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_metadata_turns_on_oauth_with_the_inference_scope() {
        let readme = readme();
        let front = readme.split("---\n").nth(1).unwrap();
        for line in [
            "sdk: static",
            "hf_oauth: true",
            "hf_oauth_scopes:\n  - inference-api",
            "hf_oauth_expiration_minutes: 480",
        ] {
            assert!(front.contains(line), "{line} in {front}");
        }
    }

    #[test]
    fn the_page_names_the_model_and_loads_the_widget() {
        let page = index_html("org/model:cheapest\"<script>");
        assert!(page.contains(r#"window.HF_INFERENCE_MODEL = "org/model:cheapestscript";"#));
        assert!(page.contains(r#"src="widget/hf-oauth-demo.js""#));
        assert!(page.contains(r#"<div id="hf-oauth-demo"></div>"#));
    }
}
