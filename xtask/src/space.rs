//! `cargo xtask space`: a static Hugging Face Space, ready to push, in `dist/space/`.
//!
//! The Space's `README.md` metadata turns on Hugging Face's OAuth for it (`hf_oauth: true`):
//! the page then gets `window.huggingface.variables.OAUTH_CLIENT_ID` and the Space's URL is a
//! registered redirect URL. Spaces show the app inside an iframe of huggingface.co, where the
//! widget signs in through a popup (`SignInMode::Auto`); docs/embedding.md explains why.
//!
//! With `--site https://OWNER-NAME.static.hf.space` the Space signs in with a client ID
//! metadata document it serves itself (`.well-known/oauth-cimd`, see [`crate::cimd`]) instead:
//! no `hf_oauth` metadata, `window.HF_OAUTH_CLIENT_ID` set to the document's URL. Whether a
//! static Space serves a dot-folder and Hugging Face accepts its own Space as such a client is
//! untested here (no network).

use std::path::{Path, PathBuf};

use crate::cimd;
use crate::install::{self, Tools};
use crate::util::{self, Result};
use crate::widget;

/// The model the Space's page asks for.
pub const DEFAULT_MODEL: &str = "google/gemma-2-2b-it";

/// How long the visitor's token lives, in minutes (Hugging Face's default is 480).
const EXPIRATION_MINUTES: u32 = 480;

/// Entry point of `cargo xtask space [--skip-install] [--model M] [--site URL]`.
pub fn run(args: &crate::cli::SpaceArgs) -> Result {
    let cimd = match &args.site {
        Some(site) => Some(cimd::document(site, &[], None, None)?),
        None => None,
    };
    if !args.skip_install {
        install::ensure(Tools::Wasm)?;
    }
    let built = widget::build()?;
    let space = write_space(
        &built,
        &util::root().join("dist").join("space"),
        &args.model,
        cimd.as_ref(),
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
    let space = write_space(&built, &dir, DEFAULT_MODEL, None)?;
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

/// The Space's `README.md`: its metadata, then a few words. `hf_oauth` (Hugging Face's
/// OAuth app for the Space) unless the Space signs in with a client ID metadata document
/// (`cimd`).
pub fn readme(cimd: bool) -> String {
    let oauth = if cimd {
        String::new()
    } else {
        format!(
            "hf_oauth: true\n\
             hf_oauth_scopes:\n  - inference-api\n\
             hf_oauth_expiration_minutes: {EXPIRATION_MINUTES}\n"
        )
    };
    format!(
        "---\n\
         title: Sign in with Hugging Face\n\
         emoji: 🤗\n\
         colorFrom: yellow\n\
         colorTo: gray\n\
         sdk: static\n\
         app_file: index.html\n\
         pinned: false\n\
         {oauth}\
         ---\n\n\
         Sign in with Hugging Face and run a model with your own token, in the browser.\n\
         Built with yew-hf-oauth (`cargo xtask space`).\n"
    )
}

/// The Space's page: the model to use, and the widget module; `client_id` (a client ID
/// metadata document's URL) replaces the Space's own OAuth app when given.
pub fn index_html(model: &str, client_id: Option<&str>) -> String {
    let model = model.replace(['"', '<', '>', '\\'], "");
    let client = match client_id {
        Some(id) => format!(
            "<!-- The client ID is the Space's client ID metadata document. -->\n  \
             <script>window.HF_OAUTH_CLIENT_ID = \"{}\";</script>",
            id.replace(['"', '<', '>', '\\'], "")
        ),
        None => "<!-- The client ID comes from window.huggingface.variables (hf_oauth: true). -->"
            .to_owned(),
    };
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign in with Hugging Face</title>
  {client}
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

/// Write the Space into `dir` (emptied first) from the built widget folder, with `cimd` (a
/// client ID metadata document) at `.well-known/oauth-cimd` when given.
fn write_space(
    widget_dir: &Path,
    dir: &Path,
    model: &str,
    cimd: Option<&serde_json::Value>,
) -> Result<PathBuf> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let client_id = cimd.and_then(|doc| doc["client_id"].as_str());
    std::fs::write(dir.join("README.md"), readme(cimd.is_some()))?;
    std::fs::write(dir.join("index.html"), index_html(model, client_id))?;
    if let Some(doc) = cimd {
        cimd::write_document(dir, doc)?;
    }
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
        let readme = readme(false);
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
        let page = index_html("org/model:cheapest\"<script>", None);
        assert!(page.contains(r#"window.HF_INFERENCE_MODEL = "org/model:cheapestscript";"#));
        assert!(page.contains(r#"src="widget/hf-oauth-demo.js""#));
        assert!(page.contains(r#"<div id="hf-oauth-demo"></div>"#));
    }

    #[test]
    fn with_a_site_the_space_serves_its_client_metadata_document_instead_of_hf_oauth() {
        let front = readme(true);
        assert!(!front.contains("hf_oauth"), "{front}");
        assert!(front.contains("sdk: static"));
        let tmp = std::env::temp_dir().join(format!("xtask-space-{}", std::process::id()));
        let widget = tmp.join("widget-build");
        std::fs::create_dir_all(&widget).unwrap();
        let doc = cimd::document("https://me-demo.static.hf.space", &[], None, None).unwrap();
        let space = write_space(&widget, &tmp.join("space"), DEFAULT_MODEL, Some(&doc)).unwrap();
        let served = std::fs::read_to_string(space.join(".well-known/oauth-cimd")).unwrap();
        assert!(served
            .contains(r#""client_id": "https://me-demo.static.hf.space/.well-known/oauth-cimd""#));
        let page = std::fs::read_to_string(space.join("index.html")).unwrap();
        assert!(page.contains(
            r#"window.HF_OAUTH_CLIENT_ID = "https://me-demo.static.hf.space/.well-known/oauth-cimd";"#
        ));
        let plain = write_space(&widget, &tmp.join("plain"), DEFAULT_MODEL, None).unwrap();
        assert!(!plain.join(".well-known").exists());
        assert!(!std::fs::read_to_string(plain.join("index.html"))
            .unwrap()
            .contains("HF_OAUTH_CLIENT_ID ="));
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
