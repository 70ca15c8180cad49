//! The served showcase reloads itself after a rebuild: its page carries the number of the build
//! it belongs to and asks the dev server for the current one ([`ENDPOINT`]) every second; when
//! the server answers another number, the page reloads. Only the page that `cargo xtask
//! showcase` serves has the script; `--no-serve` and the pictures' page do not.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The dev server's path that answers the number of the last successful build.
pub const ENDPOINT: &str = "/__build";

/// The number of the last successful build, shared by the builder and the server (0: none yet).
#[derive(Clone, Debug, Default)]
pub struct BuildNumber(Arc<AtomicU64>);

impl BuildNumber {
    /// The last successful build's number.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }

    /// Records that build `number` succeeded: open pages of other builds reload.
    pub fn set(&self, number: u64) {
        self.0.store(number, Ordering::SeqCst);
    }
}

/// The `<head>` lines of the page of build `number`: poll [`ENDPOINT`], reload on another
/// number. An answer that is not a bare number (another server's 404 page or fallback) is
/// ignored, so the page cannot reload in a loop where no dev server runs.
pub fn script(number: u64) -> String {
    format!(
        r#"<script>
      // Added by `cargo xtask showcase` (xtask/src/live_reload.rs): reload after a rebuild.
      setInterval(function () {{
        fetch("{ENDPOINT}", {{ cache: "no-store" }}).then(function (r) {{ return r.ok ? r.text() : ""; }}).then(function (n) {{
          if (/^\d+$/.test(n) && n !== "{number}") location.reload();
        }}, function () {{}});
      }}, 1000);
    </script>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_served_page_knows_its_build_and_asks_for_the_current_one() {
        let template =
            std::fs::read_to_string(crate::util::root().join("showcase/index.html")).unwrap();
        let page = crate::showcase_build::page(&template, &script(7)).unwrap();
        assert!(page.contains(r#"fetch("/__build""#), "{page}");
        assert!(page.contains(r#"n !== "7""#), "{page}");
        assert!(page.find(ENDPOINT).unwrap() < page.find("</head>").unwrap());
    }

    #[test]
    fn the_build_number_is_shared_between_clones() {
        let number = BuildNumber::default();
        let server_side = number.clone();
        assert_eq!(server_side.get(), 0);
        number.set(3);
        assert_eq!(server_side.get(), 3);
    }
}
