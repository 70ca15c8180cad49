//! The `readme` step of `cargo xtask test`: the READMEs say what the code does.
//!
//! - The table "What is stored where" of `README.md` and of the crate's `components/README.md`
//!   lists exactly the storage keys of `components/src/auth/storage_keys.rs` (each constant it
//!   names is read where it is defined), each with its storage (`sessionStorage` /
//!   `localStorage`) and who sees it (`this tab` / `every tab of the origin`); and every
//!   `*_KEY` / `*_KEY_PREFIX` string constant of the library is in that list.
//! - The widget's size budget that `README.md` states ("at most N bytes gzipped") is the one
//!   in `widget-size-budget.txt`: a fixed figure, not a measurement that moves with each build.

use std::path::Path;

use crate::size;
use crate::util::{self, Result};

/// The file holding the list of storage keys, relative to the workspace root.
const KEYS_FILE: &str = "components/src/auth/storage_keys.rs";

/// The READMEs whose storage table is checked.
const READMES: &[&str] = &["README.md", "components/README.md"];

/// The heading of the storage table.
const TABLE_HEADING: &str = "## What is stored where";

/// A storage key: (`sessionStorage` or `localStorage`, key or prefix).
type Key = (&'static str, String);

/// Entry point of the step.
pub fn step() -> Result {
    let root = util::root();
    let constants = string_constants(&root.join("components/src"))?;
    let keys = code_keys(&read(&root.join(KEYS_FILE))?, &constants)?;
    let unlisted: Vec<&String> = constants
        .iter()
        .filter(|(name, _)| name.ends_with("_KEY") || name.ends_with("_KEY_PREFIX"))
        .filter(|(_, value)| !keys.iter().any(|(_, key)| key == value))
        .map(|(name, _)| name)
        .collect();
    if !unlisted.is_empty() {
        return Err(format!("storage key constants missing from {KEYS_FILE}: {unlisted:?}").into());
    }
    let mut problems = Vec::new();
    for readme in READMES {
        let text = read(&root.join(readme))?;
        match table_keys(&text) {
            Ok(listed) => problems.extend(compare(readme, &keys, &listed)),
            Err(e) => problems.push(format!("{readme}: {e}")),
        }
    }
    let budget = size::read_budget()?;
    match stated_budget(&read(&root.join("README.md"))?) {
        Some(stated) if stated == budget => {}
        Some(stated) => problems.push(format!(
            "README.md states a size budget of {stated} bytes; {} holds {budget}",
            size::BUDGET_FILE
        )),
        None => problems.push(format!(
            "README.md states no size budget (\"at most N bytes gzipped\"; {} holds {budget})",
            size::BUDGET_FILE
        )),
    }
    if problems.is_empty() {
        println!(
            "storage keys {:?} and the size budget {budget} match the READMEs",
            keys.iter().map(|(_, key)| key).collect::<Vec<_>>()
        );
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()).into())
}

/// Every `const NAME: &str = "value";` of the `.rs` files under `dir`.
fn string_constants(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut found = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            found.extend(string_constants(&path)?);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.extend(read(&path)?.lines().filter_map(string_constant));
        }
    }
    Ok(found)
}

/// `(NAME, value)` of a line `[pub..] const NAME: &str = "value";`.
fn string_constant(line: &str) -> Option<(String, String)> {
    let rest = line.trim().split_once("const ")?.1;
    let (name, value) = rest.split_once(": &str = \"")?;
    let value = value.strip_suffix("\";")?;
    Some((name.to_owned(), value.to_owned()))
}

/// The entries `(StorageArea::Session|Local, NAME)` of the keys file, with their values.
fn code_keys(source: &str, constants: &[(String, String)]) -> Result<Vec<Key>> {
    let mut keys = Vec::new();
    for line in source.lines() {
        let Some(entry) = line.trim().strip_prefix("(StorageArea::") else {
            continue;
        };
        let (area, name) = entry
            .strip_suffix("),")
            .and_then(|entry| entry.split_once(", "))
            .ok_or_else(|| format!("{KEYS_FILE}: cannot read the entry `{}`", line.trim()))?;
        let storage = match area {
            "Session" => "sessionStorage",
            "Local" => "localStorage",
            other => return Err(format!("{KEYS_FILE}: unknown area {other}").into()),
        };
        let values: Vec<&String> = constants
            .iter()
            .filter(|(constant, _)| constant == name)
            .map(|(_, value)| value)
            .collect();
        match values.as_slice() {
            [value] => keys.push((storage, value.to_string())),
            _ => {
                return Err(
                    format!("{KEYS_FILE}: `{name}` is defined {} times", values.len()).into(),
                )
            }
        }
    }
    if keys.is_empty() {
        return Err(format!("{KEYS_FILE} lists no key").into());
    }
    Ok(keys)
}

/// Who sees what a storage holds, in the README's words.
fn seen_by(storage: &str) -> &'static str {
    if storage == "sessionStorage" {
        "this tab"
    } else {
        "every tab of the origin"
    }
}

/// The rows of the storage table as (storage, key, who sees it): the "where" column names the
/// storage and the key in backticks (`<...>` after a prefix stands for the rest of the key).
fn table_keys(readme: &str) -> std::result::Result<Vec<(String, String, String)>, String> {
    let table = readme
        .split_once(TABLE_HEADING)
        .ok_or(format!("no section \"{TABLE_HEADING}\""))?
        .1;
    let mut rows = Vec::new();
    for line in table.lines().skip_while(|l| !l.starts_with('|')) {
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        if cells.len() < 3 || cells[0] == "what" || cells[0].starts_with("---") {
            continue;
        }
        let storage = ["sessionStorage", "localStorage"]
            .into_iter()
            .find(|s| cells[1].starts_with(s))
            .ok_or(format!("the row `{}` names no storage first", cells[0]))?;
        let key = cells[1]
            .split('`')
            .nth(1)
            .ok_or(format!("the row `{}` names no key in backticks", cells[0]))?;
        let key = key.split_once('<').map_or(key, |(prefix, _)| prefix);
        rows.push((storage.to_owned(), key.to_owned(), cells[2].to_owned()));
    }
    if rows.is_empty() {
        return Err("the storage table has no rows".into());
    }
    Ok(rows)
}

/// What differs between the code's keys and a README's rows.
fn compare(readme: &str, keys: &[Key], rows: &[(String, String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (storage, key) in keys {
        if !rows.iter().any(|(s, k, _)| s == storage && k == key) {
            problems.push(format!("{readme}: no row for {storage} `{key}`"));
        }
    }
    for (storage, key, seen) in rows {
        match keys.iter().find(|(_, k)| k == key) {
            None => problems.push(format!(
                "{readme}: `{key}` is not a storage key of the code"
            )),
            Some((code, _)) if code != storage => {
                problems.push(format!("{readme}: `{key}` is in {code}, not {storage}"))
            }
            Some(_) if seen != seen_by(storage) => problems.push(format!(
                "{readme}: `{key}` ({storage}) is seen by \"{}\", not \"{seen}\"",
                seen_by(storage)
            )),
            Some(_) => {}
        }
    }
    problems
}

/// The budget the README states: the number in "at most N bytes gzipped".
fn stated_budget(readme: &str) -> Option<u64> {
    readme.split("at most ").skip(1).find_map(|after| {
        let (number, rest) = after.split_once(' ')?;
        rest.starts_with("bytes gzipped")
            .then(|| number.replace(',', "").parse().ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_row_gives_its_storage_key_prefix_and_reader() {
        let readme = "x\n## What is stored where\n\n| what | where | seen by | when |\n| --- | --- | --- | --- |\n| a | localStorage `hf_oauth:p:<state>`, one each | every tab of the origin | soon |\n\nafter\n";
        assert_eq!(
            table_keys(readme).unwrap(),
            [(
                "localStorage".to_owned(),
                "hf_oauth:p:".to_owned(),
                "every tab of the origin".to_owned()
            )]
        );
    }

    #[test]
    fn a_wrong_storage_or_reader_or_a_missing_row_is_reported() {
        let keys = vec![
            ("sessionStorage", "hf_oauth:result".to_owned()),
            ("localStorage", "hf_oauth:p:".to_owned()),
        ];
        let row = |s: &str, k: &str, seen: &str| (s.to_owned(), k.to_owned(), seen.to_owned());
        let right = [
            row("sessionStorage", "hf_oauth:result", "this tab"),
            row("localStorage", "hf_oauth:p:", "every tab of the origin"),
        ];
        assert!(compare("R", &keys, &right).is_empty());
        assert_eq!(compare("R", &keys, &right[..1]).len(), 1, "missing row");
        let wrong_reader = [
            row(
                "sessionStorage",
                "hf_oauth:result",
                "every tab of the origin",
            ),
            right[1].clone(),
        ];
        assert_eq!(compare("R", &keys, &wrong_reader).len(), 1);
        let wrong_storage = [
            row("localStorage", "hf_oauth:result", "every tab of the origin"),
            right[1].clone(),
        ];
        assert_eq!(
            compare("R", &keys, &wrong_storage).len(),
            2,
            "no row + wrong storage"
        );
    }

    #[test]
    fn the_stated_budget_is_read_with_its_thousands_separators() {
        assert_eq!(
            stated_budget("it costs at most 189,700 bytes gzipped."),
            Some(189_700)
        );
        assert_eq!(stated_budget("at most 12 kilobytes"), None);
        assert_eq!(
            stated_budget("at most two; at most 5 bytes gzipped"),
            Some(5)
        );
    }

    #[test]
    fn the_keys_file_entries_resolve_to_their_constants() {
        let constants = vec![("K".to_owned(), "hf_oauth:k".to_owned())];
        let keys = code_keys("    (StorageArea::Local, K),\n", &constants).unwrap();
        assert_eq!(keys, [("localStorage", "hf_oauth:k".to_owned())]);
        assert!(code_keys("    (StorageArea::Local, MISSING),\n", &constants).is_err());
        assert_eq!(
            string_constant(r#"pub const SESSION_STORAGE_KEY: &str = "hf_oauth:result";"#),
            Some(("SESSION_STORAGE_KEY".into(), "hf_oauth:result".into()))
        );
    }
}
