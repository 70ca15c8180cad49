//! The fonts the showcase's pictures are drawn with, the same on every machine.
//!
//! Which font a CSS generic family (`monospace`, `sans-serif`) means is fontconfig's choice
//! among the fonts installed, and the packages installed differ with the steps that ran
//! before: WebKitGTK brings a few dozen font packages (URW, Noto Mono, Croscore...). Pictures
//! taken on a machine without them differed from baselines taken with them in every model id
//! in `<code>` (38 of 110: 821 pixels of a panel, the demo page one pixel shorter). Chromium
//! therefore takes the pictures under a fontconfig file that keeps the machine's rendering
//! rules but only the fonts of [`FONT_PACKAGES`]: DejaVu for `sans-serif`, `serif`,
//! `monospace` and `system-ui`, Liberation for the metric-compatible names.

use crate::util::{self, Result};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// The Debian packages whose fonts the pictures use (`-extra` has the oblique and condensed
/// faces).
const FONT_PACKAGES: &[&str] = &[
    "fonts-dejavu-core",
    "fonts-dejavu-extra",
    "fonts-liberation",
];

/// Where those packages put their fonts.
const FONT_DIRS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/liberation",
];

/// What generic families must resolve to under the file (family, file name).
const EXPECTED: &[(&str, &str)] = &[
    ("sans-serif", "DejaVuSans.ttf"),
    ("sans-serif:italic", "DejaVuSans-Oblique.ttf"),
    ("sans-serif:bold", "DejaVuSans-Bold.ttf"),
    ("monospace", "DejaVuSansMono.ttf"),
];

/// The fontconfig file to run Chromium under (`FONTCONFIG_FILE`), written once per run;
/// installs [`FONT_PACKAGES`] when the generic families do not resolve to their fonts.
pub fn fontconfig_file() -> Result<PathBuf> {
    static FILE: OnceLock<std::result::Result<PathBuf, String>> = OnceLock::new();
    let file = FILE.get_or_init(|| {
        write_and_check().or_else(|first| {
            println!(
                "  {first}\n  install  {} (apt-get)",
                FONT_PACKAGES.join(" ")
            );
            crate::install::apt_install(FONT_PACKAGES).map_err(|e| e.to_string())?;
            write_and_check().map_err(|e| e.to_string())
        })
    });
    file.clone().map_err(Into::into)
}

/// The file's text: the machine's configuration, then every font file rejected but those in
/// [`FONT_DIRS`] (globs on file names only: a rejected directory would not be scanned).
fn config_text() -> String {
    let accept: String = FONT_DIRS
        .iter()
        .map(|dir| format!("<glob>{dir}/*</glob>"))
        .collect();
    let reject: String = [
        "ttf", "otf", "ttc", "pfb", "pfa", "t1", "afm", "pcf*", "woff*", "bdf*",
    ]
    .iter()
    .map(|ext| format!("<glob>*.{ext}</glob>"))
    .collect();
    format!(
        r#"<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont>
    <acceptfont>{accept}</acceptfont>
    <rejectfont>{reject}</rejectfont>
  </selectfont>
</fontconfig>
"#
    )
}

/// Write the file into `target/visual` and check what the generic families resolve to.
fn write_and_check() -> Result<PathBuf> {
    let dir = util::root().join("target/visual");
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("fonts.conf");
    std::fs::write(&file, config_text())?;
    for (family, expected) in EXPECTED {
        let mut probe = Command::new("fc-match");
        probe
            .env("FONTCONFIG_FILE", &file)
            .args(["--format=%{file}", family]);
        let found = util::output(&mut probe)?;
        if !found.ends_with(&format!("/{expected}")) {
            return Err(format!(
                "with the pictures' fonts, `{family}` is {found:?}, not {expected} \
                 (Debian packages {})",
                FONT_PACKAGES.join(" ")
            )
            .into());
        }
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_accepts_only_the_pinned_directories_and_keeps_the_machine_rules() {
        let text = config_text();
        assert!(text.contains("<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>"));
        for dir in FONT_DIRS {
            assert!(text.contains(&format!("<glob>{dir}/*</glob>")));
        }
        assert!(text.contains("<rejectfont><glob>*.ttf</glob>"));
        assert!(!text.contains("<glob>*</glob>"), "no directory is rejected");
    }
}
