//! The showcase for pictures (`cargo xtask test visual`, `cargo xtask screenshots`): the build
//! of [`crate::showcase_build`] with a still page.
//!
//! The page is made still for pictures: no animation, no transition, no blinking caret, a
//! wall clock (`Date.now`) stopped at [`FROZEN_NOW`], so the badge's time left is the same on
//! every run (the stories' sessions are made from the same clock), and on the stories alone the
//! panel's timings masked (see [`still_script`]). The isolated canvas fills
//! the window (no page margin), so a screenshot trimmed to what differs from the background is
//! the story and nothing else.

use std::path::PathBuf;

use crate::util::Result;

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

/// Builds the still showcase into `<target>/visual/site` and returns that folder.
pub fn build() -> Result<PathBuf> {
    let site = crate::showcase::target_dir()?.join("visual").join("site");
    crate::showcase_build::build(&site, &head())?;
    Ok(site)
}

/// What the pictures' page adds to `<head>`: [`STILL_CSS`] and [`still_script`].
pub fn head() -> String {
    format!("{STILL_CSS}\n    {}", still_script())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pictures_page_is_still_and_never_reloads() {
        let template =
            std::fs::read_to_string(crate::util::root().join("showcase/index.html")).unwrap();
        let page = crate::showcase_build::page(&template, &head()).unwrap();
        assert!(page.contains("animation: none !important"));
        assert!(page.contains(&format!("Date.now = () => {FROZEN_NOW};")));
        assert!(page.find("Date.now").unwrap() < page.find("import init").unwrap());
        assert!(page.contains(r"/after \d+ ms/g"), "{page}");
        assert!(!page.contains(crate::live_reload::ENDPOINT), "{page}");
    }
}
