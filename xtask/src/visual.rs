//! `cargo xtask visual [--update]` and the `visual` test step: visual regression of every
//! showcase story, light and dark.
//!
//! The showcase is built without trunk ([`crate::visual_build`]) and served on loopback; each
//! story alone on the page (`#/<group>/<story>?isolated&theme=<light|dark>`) is shot by headless
//! Chromium at a fixed window size, under virtual time (`--virtual-time-budget`: timers, the
//! scripted answers and the clock move by the same steps on every run, so the streaming answer,
//! its timings and the badge's time left come out the same), on a page without animation,
//! transition or caret. The picture is trimmed to what differs from the canvas background and
//! compared pixel by pixel ([`crate::visual_image`]) with the baseline committed in
//! `showcase/visual/`. Every failure writes expected | actual | differences into
//! `<target>/visual/diff/`; `--update` accepts the new pictures as baselines (and drops the
//! baselines of stories that are gone). Story paths or their beginnings on the command line
//! (`cargo xtask visual badge panel/done`) check only those stories.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use crate::install::{self, Tools};
use crate::util::{self, Result};
use crate::visual_image::{self as image, Image};

/// The window of every picture (the trimmed story is smaller).
const WINDOW: &str = "1024,1600";

/// Where the baselines are, relative to the workspace.
const BASELINES: &str = "showcase/visual";

/// Entry point of `cargo xtask visual [--update] [--skip-install] [--jobs N] [STORY..]`.
pub fn run(args: &crate::cli::VisualArgs) -> Result {
    if !args.skip_install {
        install::ensure(Tools::Browser)?;
    }
    check(args.update, args.jobs, &args.stories)
}

/// The `visual` step of `cargo xtask test`: every story, compare, never update.
pub fn step() -> Result {
    check(false, 2, &[])
}

/// Whether the story `path` is one of those asked for (all when `only` is empty).
fn selected(path: &str, only: &[String]) -> bool {
    only.is_empty() || only.iter().any(|prefix| path.starts_with(prefix.as_str()))
}

/// One story in one theme.
struct Shot {
    /// File name without `.png`: `button-sizes-dark`.
    name: String,
    /// The address of the story alone.
    url: String,
}

/// What became of one picture.
enum Verdict {
    /// Same as the baseline.
    Same,
    /// No baseline yet (written with `--update`).
    New,
    /// Differs from the baseline: why.
    Changed(String),
}

/// Builds, shoots every story (of `only`, when given), compares (or updates) and reports.
fn check(update: bool, jobs: usize, only: &[String]) -> Result {
    let started = Instant::now();
    let site = crate::visual_build::build()?;
    let built = started.elapsed();
    let browser = install::find_browser().ok_or("Chromium is missing (cargo xtask install)")?;
    let port = crate::serve::serve_in_background(&site, 0)?.port();
    crate::screenshots::wait_for_server(port)?;
    let base = format!("http://127.0.0.1:{port}/");
    // The docs pages are pages, not stories (alone on the page they would show the first story).
    let stories: Vec<String> = crate::screenshots::list_stories(&browser, &base)?
        .into_iter()
        .filter(|path| !path.ends_with("/docs") && selected(path, only))
        .collect();
    if stories.is_empty() {
        return Err(
            format!("the showcase's sidebar lists no stories (asked for: {only:?})").into(),
        );
    }
    let shots: Vec<Shot> = stories
        .iter()
        .flat_map(|path| {
            ["light", "dark"].map(|theme| Shot {
                name: format!("{}-{theme}", path.replace('/', "-")),
                url: format!("{base}#/{path}?isolated&theme={theme}"),
            })
        })
        .collect();

    let work = crate::showcase::target_dir()?.join("visual");
    let (actual_dir, diff_dir) = (work.join("actual"), work.join("diff"));
    for dir in [&actual_dir, &diff_dir] {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::create_dir_all(dir)?;
    }
    let baselines = util::root().join(BASELINES);
    std::fs::create_dir_all(&baselines)?;

    println!(
        "\n== {} pictures ({} stories, light and dark), window {WINDOW}",
        shots.len(),
        stories.len()
    );
    let shooting = Instant::now();
    let next = AtomicUsize::new(0);
    let verdicts: Mutex<Vec<(String, std::result::Result<Verdict, String>)>> =
        Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..jobs.max(1) {
            let (shots, next, verdicts) = (&shots, &next, &verdicts);
            let (browser, actual_dir, diff_dir, baselines) =
                (&browser, &actual_dir, &diff_dir, &baselines);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(shot) = shots.get(i) else { break };
                let verdict =
                    shoot_and_compare(shot, browser, worker, actual_dir, diff_dir, baselines)
                        .map_err(|e| e.to_string());
                verdicts.lock().unwrap().push((shot.name.clone(), verdict));
            });
        }
    });
    let mut verdicts = verdicts.into_inner().unwrap();
    verdicts.sort_by(|a, b| a.0.cmp(&b.0));
    let shot_time = shooting.elapsed();

    let mut problems = Vec::new();
    let (mut same, mut new, mut changed) = (0, 0, 0);
    for (name, verdict) in &verdicts {
        match verdict {
            Ok(Verdict::Same) => same += 1,
            Ok(Verdict::New) => {
                new += 1;
                println!("  new      {name}");
                if !update {
                    problems.push(format!("{name}: no baseline in {BASELINES}/"));
                }
            }
            Ok(Verdict::Changed(why)) => {
                changed += 1;
                println!("  changed  {name}: {why}");
                if !update {
                    problems.push(format!(
                        "{name}: {why} (diff: {})",
                        diff_dir.join(format!("{name}.png")).display()
                    ));
                }
            }
            Err(e) => problems.push(format!("{name}: {e}")),
        }
    }
    if update {
        for (name, verdict) in &verdicts {
            if matches!(verdict, Ok(Verdict::New | Verdict::Changed(_))) {
                std::fs::copy(
                    actual_dir.join(format!("{name}.png")),
                    baselines.join(format!("{name}.png")),
                )?;
            }
        }
    }
    let wanted: Vec<String> = shots.iter().map(|s| format!("{}.png", s.name)).collect();
    // Which baselines belong to no story can only be told when every story was shot.
    let stale = if only.is_empty() {
        stale_baselines(&baselines, &wanted)?
    } else {
        Vec::new()
    };
    for stale in stale {
        if update {
            std::fs::remove_file(baselines.join(&stale))?;
            println!("  removed  {stale} (no such story any more)");
        } else {
            problems.push(format!(
                "{BASELINES}/{stale}: no story has this picture (cargo xtask visual --update removes it)"
            ));
        }
    }
    let (count, bytes) = folder_size(&baselines)?;
    println!(
        "\n{} pictures: {same} same, {changed} changed, {new} new; build {}, pictures {}; \
         baselines: {count} files, {bytes} bytes in {BASELINES}/",
        verdicts.len(),
        util::secs(built),
        util::secs(shot_time),
    );
    if update {
        println!("baselines updated: review them with `git diff --stat {BASELINES}` and commit");
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} picture(s) differ from their baselines:\n  {}\n  (look at the diffs; accept the new pictures with `cargo xtask visual --update`)",
            problems.len(),
            problems.join("\n  ")
        )
        .into())
    }
}

/// Shoots one story, trims it, saves it in `actual_dir` and compares it with its baseline
/// (writing the diff picture into `diff_dir` when it differs).
fn shoot_and_compare(
    shot: &Shot,
    browser: &Path,
    worker: usize,
    actual_dir: &Path,
    diff_dir: &Path,
    baselines: &Path,
) -> Result<Verdict> {
    let file_name = format!("{}.png", shot.name);
    let raw = actual_dir.join(format!("{}.raw.png", shot.name));
    crate::screenshots::screenshot(browser, &shot.url, &raw, worker, WINDOW)?;
    let picture = image::trim(&image::decode(&std::fs::read(&raw)?)?);
    std::fs::remove_file(&raw)?;
    if picture.width <= 1 && picture.height <= 1 {
        return Err(format!("the story rendered nothing ({})", shot.url).into());
    }
    std::fs::write(actual_dir.join(&file_name), image::encode(&picture)?)?;
    let baseline = baselines.join(&file_name);
    if !baseline.is_file() {
        return Ok(Verdict::New);
    }
    let expected: Image = image::decode(&std::fs::read(&baseline)?)?;
    let difference = image::compare(&expected, &picture);
    if difference.passes() {
        return Ok(Verdict::Same);
    }
    std::fs::write(
        diff_dir.join(&file_name),
        image::encode(&image::diff_image(&expected, &picture))?,
    )?;
    let why = if difference.same_size {
        format!(
            "{} of {} pixels differ",
            difference.different, difference.total
        )
    } else {
        format!(
            "the size changed from {}x{} to {}x{}",
            expected.width, expected.height, picture.width, picture.height
        )
    };
    Ok(Verdict::Changed(why))
}

/// The PNG files of `dir` that are not in `wanted`, sorted.
fn stale_baselines(dir: &Path, wanted: &[String]) -> Result<Vec<String>> {
    let mut stale: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".png") && !wanted.contains(name))
        .collect();
    stale.sort();
    Ok(stale)
}

/// How many files `dir` holds and their bytes.
fn folder_size(dir: &Path) -> Result<(usize, u64)> {
    let mut count = 0;
    let mut bytes = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            count += 1;
            bytes += entry.metadata()?.len();
        }
    }
    Ok((count, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_are_selected_by_their_beginning() {
        assert!(selected("badge/orgs", &[]));
        let only = ["badge".to_owned(), "panel/done".to_owned()];
        assert!(selected("badge/orgs", &only));
        assert!(selected("panel/done", &only));
        assert!(!selected("panel/idle", &only));
        assert!(!selected("button/sizes", &only));
    }

    #[test]
    fn stale_baselines_are_the_unwanted_pictures() {
        let dir = std::env::temp_dir().join(format!("xtask-visual-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["a-light.png", "b-dark.png", "notes.txt"] {
            std::fs::write(dir.join(name), b"x").unwrap();
        }
        let stale = stale_baselines(&dir, &["a-light.png".to_owned()]).unwrap();
        assert_eq!(stale, ["b-dark.png"]);
        assert_eq!(folder_size(&dir).unwrap(), (3, 3));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn every_committed_baseline_is_a_png() {
        let dir = util::root().join(BASELINES);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let picture = image::decode(&bytes)
                .unwrap_or_else(|e| panic!("{} is not a PNG: {e}", path.display()));
            assert!(
                picture.width > 1 && picture.height > 1,
                "{}",
                path.display()
            );
        }
    }
}
