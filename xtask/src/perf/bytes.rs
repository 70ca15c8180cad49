//! The byte rows of `cargo xtask perf`: the js + wasm a visitor downloads, `gzip -9` (as
//! `cargo xtask size` counts it) and brotli quality 11 (Node's zlib, as a CDN would serve it).

use std::path::Path;
use std::process::{Command, Stdio};

use crate::util::Result;

/// Compressed bytes of the js and wasm files in a folder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Compressed {
    /// `gzip -9 -n`, summed over the files.
    pub gzip: u64,
    /// Brotli, quality 11, summed over the files.
    pub brotli: u64,
}

/// The js and wasm files directly in `dir`, sorted.
pub fn payload(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("js" | "wasm")
            )
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no .js or .wasm in {}", dir.display()).into());
    }
    Ok(files)
}

/// Compressed sizes of [`payload`]`(dir)`.
pub fn measure(dir: &Path) -> Result<Compressed> {
    let mut total = Compressed::default();
    for file in payload(dir)? {
        total.gzip += gzip(&file)?;
        total.brotli += brotli(&file)?;
    }
    Ok(total)
}

fn gzip(file: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not run gzip: {e}"))?;
    if !out.status.success() {
        return Err(format!("gzip -9 {} failed", file.display()).into());
    }
    Ok(out.stdout.len() as u64)
}

/// Node's zlib: brotli at quality 11 with the file's size as hint (what `brotli -q 11` does).
const BROTLI_JS: &str = "const z=require('zlib'),b=require('fs').readFileSync(process.argv[1]);\
process.stdout.write(String(z.brotliCompressSync(b,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11,\
[z.constants.BROTLI_PARAM_SIZE_HINT]:b.length}}).length))";

fn brotli(file: &Path) -> Result<u64> {
    let out = Command::new("node")
        .args(["-e", BROTLI_JS])
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not run node for brotli: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.trim()
        .parse()
        .map_err(|_| format!("brotli of {} failed: {text}", file.display()).into())
}
