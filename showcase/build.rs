//! Build-time inputs of the showcase, written into OUT_DIR:
//!
//! - `props.rs`: the docs pages' props tables, read with `syn` from the components' own source
//!   (`components/src/components/*.rs` and `demo/src/*.rs`; see `build/props.rs`), so a table
//!   can never drift from the code.
//! - `axe.min.js` for the `stories` test: the file named by `AXE_CORE_JS` (set by
//!   `cargo xtask test stories`, which installs the npm package `axe-core` into target/node),
//!   or an empty file when unset, in which case the test explains how to run it.

use std::path::{Path, PathBuf};

#[path = "build/props.rs"]
mod props;

/// Folders (relative to the workspace) whose `.rs` files hold documented components.
const COMPONENT_DIRS: &[&str] = &["components/src/components", "demo/src"];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build/props.rs");
    println!("cargo:rerun-if-env-changed=AXE_CORE_JS");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    write_props(&out);
    let axe = match std::env::var_os("AXE_CORE_JS") {
        Some(path) => {
            println!("cargo:rerun-if-changed={}", PathBuf::from(&path).display());
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("AXE_CORE_JS={path:?} cannot be read: {e}"))
        }
        None => String::new(),
    };
    std::fs::write(out.join("axe.min.js"), axe).expect("cannot write OUT_DIR/axe.min.js");
}

/// Parses every component source and writes OUT_DIR/props.rs.
fn write_props(out: &Path) {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let root = manifest.parent().expect("showcase/ is in the workspace");
    let mut found = Vec::new();
    for dir in COMPONENT_DIRS {
        let folder = root.join(dir);
        println!("cargo:rerun-if-changed={}", folder.display());
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", folder.display()))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .collect();
        files.sort();
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let source = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
            let name = format!("{dir}/{}", file.file_name().unwrap().to_string_lossy());
            found.extend(
                props::components(&name, &source)
                    .unwrap_or_else(|e| panic!("cannot parse {name}: {e}")),
            );
        }
    }
    std::fs::write(out.join("props.rs"), props::to_rust(&found))
        .expect("cannot write OUT_DIR/props.rs");
}
