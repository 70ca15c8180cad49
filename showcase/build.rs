//! Puts axe-core into OUT_DIR for the `stories` test: the file named by `AXE_CORE_JS` (set by
//! `cargo xtask test stories`, which installs the npm package `axe-core` into target/node), or an
//! empty file when unset, in which case the test explains how to run it.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=AXE_CORE_JS");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
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
