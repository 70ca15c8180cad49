//! Watches the showcase's sources (with the `notify` crate) and says when a rebuild is due: a
//! file under [`WATCHED`] was created, changed or removed, and then nothing for [`QUIET`] (an
//! editor's save or a `git checkout` is one rebuild, not many).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use notify::{Event, EventKind, RecursiveMode, Watcher as _};

use crate::util::Result;

/// The workspace folders the showcase is built from.
pub const WATCHED: &[&str] = &["showcase", "components", "demo", "assets"];

/// How long the sources must stay unchanged before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(300);

/// A running watch of [`WATCHED`] under the workspace root.
pub struct Watch {
    /// Keeps the operating system's watches alive.
    _watcher: notify::RecommendedWatcher,
    /// What the watcher reports.
    events: Receiver<notify::Result<Event>>,
    /// The workspace root, to make reported paths relative.
    root: PathBuf,
}

impl Watch {
    /// Starts watching [`WATCHED`] under `root` (recursively).
    pub fn start(root: &Path) -> Result<Self> {
        let (send, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(send)?;
        for folder in WATCHED {
            watcher.watch(&root.join(folder), RecursiveMode::Recursive)?;
        }
        Ok(Self {
            _watcher: watcher,
            events,
            root: root.to_path_buf(),
        })
    }

    /// Blocks until a source changed and then [`QUIET`] passed without another event; returns
    /// the changed sources (relative to the root). Events from before the call count, so a
    /// change made during a build starts the next one.
    pub fn next_change(&self) -> Result<Vec<PathBuf>> {
        let mut changed = Vec::new();
        loop {
            let event = if changed.is_empty() {
                self.events.recv().map_err(|_| "the file watcher stopped")?
            } else {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => event,
                    Err(mpsc::RecvTimeoutError::Timeout) => return Ok(changed),
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        return Err("the file watcher stopped".into())
                    }
                }
            };
            let event = event?;
            if !is_change(&event.kind) {
                continue;
            }
            for path in event.paths {
                let relative = path.strip_prefix(&self.root).unwrap_or(&path);
                if is_source(relative) && !changed.iter().any(|p| p == relative) {
                    changed.push(relative.to_path_buf());
                }
            }
        }
    }
}

/// Whether an event changes a file: created, modified (contents, name or metadata, as `touch`
/// does) or removed. Reading a file (which every build does) is not a change.
pub fn is_change(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    )
}

/// Whether a path (relative to the workspace root) is a source of the showcase: not under a
/// build output (`target`, `dist`, `node_modules`), not hidden (`.git`, editor locks), not an
/// editor's backup or swap file, and not a picture of the visual regression
/// (`showcase/visual`), which the build does not read.
pub fn is_source(relative: &Path) -> bool {
    let names: Vec<&str> = relative
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    let generated = names
        .iter()
        .any(|name| matches!(*name, "target" | "dist" | "node_modules") || name.starts_with('.'));
    let scratch = names.last().is_some_and(|file| {
        file.ends_with('~') || file.ends_with(".swp") || file.ends_with(".swx")
    });
    let pictures = names.starts_with(&["showcase", "visual"]);
    !names.is_empty() && !generated && !scratch && !pictures
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, MetadataKind, ModifyKind, RemoveKind};

    #[test]
    fn sources_are_watched_and_build_outputs_are_not() {
        for source in [
            "showcase/src/lib.rs",
            "showcase/index.html",
            "components/src/components/login_button.rs",
            "demo/src/lib.rs",
            "assets/hf-logo.svg",
        ] {
            assert!(is_source(Path::new(source)), "{source}");
        }
        for output in [
            "target/wasm32-unknown-unknown/debug/showcase.wasm",
            "showcase/target/debug/build.log",
            "components/target/x",
            "dist/showcase/index.html",
            "showcase/node_modules/axe-core/axe.js",
            "showcase/src/.lib.rs.swp",
            "showcase/src/lib.rs~",
            "components/.git/index",
            "showcase/visual/button-sizes-light.png",
            "",
        ] {
            assert!(!is_source(Path::new(output)), "{output}");
        }
    }

    #[test]
    fn writes_count_and_reads_do_not() {
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::Any
        ))));
        assert!(is_change(&EventKind::Remove(RemoveKind::File)));
        assert!(!is_change(&EventKind::Access(AccessKind::Any)));
        assert!(!is_change(&EventKind::Other));
    }
}
