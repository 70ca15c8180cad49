//! Small helpers: the error type, durations, commands and PATH lookup.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Result type of the harness; errors are human-readable messages.
pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// A duration as seconds with one decimal, e.g. `12.3s`.
pub fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

/// Shell-like rendering of a command (explicit env changes first), for logs and errors.
pub fn display(cmd: &Command) -> String {
    let mut parts: Vec<String> = cmd
        .get_envs()
        .map(|(key, value)| match value {
            Some(v) => format!("{}={}", key.to_string_lossy(), v.to_string_lossy()),
            None => format!("-u {}", key.to_string_lossy()),
        })
        .collect();
    let program = Path::new(cmd.get_program());
    let name = program.file_name().unwrap_or(program.as_os_str());
    parts.push(name.to_string_lossy().into_owned());
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

/// An executable on PATH, like `which`.
pub fn which(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| {
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}
