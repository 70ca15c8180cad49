//! `cargo xtask size`: what the embeddable widget costs a visitor, and its budget.
//!
//! Builds `dist/widget/` (see [`crate::widget`]) and prints the wasm, js and css bytes, raw and
//! gzipped (`gzip -9`), and their sum. The `size` test step fails when the gzipped total grows
//! past the limit in [`BUDGET_FILE`]; that limit goes up only with a measured reason written in
//! the file.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::install::{self, Tools};
use crate::util::{self, Result};
use crate::widget;

/// The budget file at the workspace root: the gzipped total limit in bytes.
pub const BUDGET_FILE: &str = "widget-size-budget.txt";

/// The file kinds reported, in order.
const KINDS: &[&str] = &["wasm", "js", "css"];

/// Raw and gzipped bytes of one kind of file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bytes {
    /// On disk.
    pub raw: u64,
    /// After `gzip -9`.
    pub gzip: u64,
}

/// Entry point of `cargo xtask size [--skip-install]`.
pub fn run(args: &crate::cli::Install) -> Result {
    if !args.skip_install {
        install::ensure(Tools::Wasm)?;
    }
    let dist = widget::build()?;
    let total = report(&dist)?;
    match read_budget() {
        Ok(limit) => println!(
            "\nbudget: {limit} bytes gzipped ({BUDGET_FILE}); {}",
            verdict(total.gzip, limit)
        ),
        Err(e) => println!("\n{e}"),
    }
    Ok(())
}

/// The `size` step of `cargo xtask test`: fails when the gzipped total exceeds the budget.
pub fn step() -> Result {
    let dist = widget::build()?;
    let total = report(&dist)?;
    let limit = read_budget()?;
    println!("\nbudget: {limit} bytes gzipped ({BUDGET_FILE})");
    if total.gzip > limit {
        return Err(format!(
            "the widget grew past its budget: {} bytes gzipped > {limit} ({} over). Make it \
             smaller; the limit in {BUDGET_FILE} goes up only with a measured reason written there",
            total.gzip,
            total.gzip - limit
        )
        .into());
    }
    println!("  ok: {}", verdict(total.gzip, limit));
    Ok(())
}

/// "N bytes under" plus a nudge to lower the limit when there is much slack.
fn verdict(gzip: u64, limit: u64) -> String {
    if gzip > limit {
        return format!("OVER by {} bytes", gzip - limit);
    }
    let slack = limit - gzip;
    if slack > 1024 {
        format!(
            "{slack} bytes under: lower the limit to about {}",
            round_up(gzip)
        )
    } else {
        format!("{slack} bytes under")
    }
}

/// A new limit for a measured size: a few hundred bytes of slack, rounded to 100.
pub fn round_up(gzip: u64) -> u64 {
    (gzip + 300).div_ceil(100) * 100
}

/// Reads the limit: the first line of [`BUDGET_FILE`] that is not blank or a `#` comment.
pub fn read_budget() -> Result<u64> {
    let path = util::root().join(BUDGET_FILE);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read the size budget {}: {e}", path.display()))?;
    parse_budget(&text).ok_or_else(|| {
        format!(
            "{} holds no limit (a line with the gzipped total in bytes)",
            path.display()
        )
        .into()
    })
}

/// The limit in a budget file's text.
fn parse_budget(text: &str) -> Option<u64> {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .and_then(|line| line.split_whitespace().next()?.parse().ok())
}

/// Prints the table for a built widget folder; returns the total.
pub fn report(dist: &Path) -> Result<Bytes> {
    let mut rows = Vec::new();
    for kind in KINDS {
        let mut bytes = Bytes::default();
        for file in widget::files(dist)? {
            if file.extension().and_then(|e| e.to_str()) == Some(kind) {
                bytes.raw += std::fs::metadata(&file)?.len();
                bytes.gzip += gzip_len(&file)?;
            }
        }
        rows.push((*kind, bytes));
    }
    let total = Bytes {
        raw: rows.iter().map(|(_, b)| b.raw).sum(),
        gzip: rows.iter().map(|(_, b)| b.gzip).sum(),
    };
    println!("\n== size of {}", dist.display());
    println!("  {:<6} {:>10} {:>10}", "", "raw", "gzip -9");
    for (kind, bytes) in rows.iter().chain(std::iter::once(&("total", total))) {
        println!(
            "  {kind:<6} {:>10} {:>10}   ({})",
            bytes.raw,
            bytes.gzip,
            kib(bytes.gzip)
        );
    }
    Ok(total)
}

/// `12.3 KiB`.
fn kib(bytes: u64) -> String {
    format!("{:.1} KiB gzipped", bytes as f64 / 1024.0)
}

/// Bytes of `gzip -9 -n -c file`.
fn gzip_len(file: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not run gzip (is it installed?): {e}"))?;
    if !out.status.success() {
        return Err(format!("gzip -9 {} failed ({})", file.display(), out.status).into());
    }
    Ok(out.stdout.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_budget_file() {
        assert_eq!(
            parse_budget("# comment\n\n  123456  # gzipped\n"),
            Some(123456)
        );
        assert_eq!(parse_budget("# only comments\n"), None);
        assert_eq!(parse_budget("lots\n"), None);
    }

    #[test]
    fn the_repository_has_a_budget() {
        assert!(read_budget().unwrap() > 0);
    }

    #[test]
    fn rounds_up_with_slack() {
        assert_eq!(round_up(80_000), 80_300);
        assert_eq!(round_up(80_001), 80_400);
        assert!(verdict(81_000, 80_000).starts_with("OVER"));
        assert!(verdict(70_000, 80_000).contains("lower the limit"));
    }
}
