//! The inference panel as the scenario drives it: type a prompt, Generate, follow the stream.

use std::time::{Duration, Instant};

use super::webdriver::Session;
use crate::util::{self, Result};
use serde_json::Value as Json;

const GENERATE_TIMEOUT: Duration = Duration::from_secs(240);

/// The panel's answer text and status line, and whether Stop is shown.
const PANEL: &str = "const p = document.querySelector('.hf-oauth-panel'); if (!p) return null; \
     const a = p.querySelector('.hf-oauth-answer'); const s = p.querySelector('.hf-oauth-status'); \
     const e = p.querySelector('.hf-oauth-error'); \
     const stop = [...p.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Stop'); \
     return { text: a ? a.textContent : '', status: s ? s.textContent : '', error: e ? e.textContent : '', \
       running: stop, panel: p.textContent };";

/// Record every distinct answer text as the DOM changes (beside the polling from here).
const RECORD_ANSWERS: &str = "const el = document.querySelector('.hf-oauth-panel .hf-oauth-answer'); \
     window.__e2eAnswers = []; if (window.__e2eObserver) window.__e2eObserver.disconnect(); \
     const rec = () => { const t = el.textContent, a = window.__e2eAnswers; if (t && a[a.length - 1] !== t) a.push(t); }; \
     window.__e2eObserver = new MutationObserver(rec); \
     window.__e2eObserver.observe(el, { subtree: true, childList: true, characterData: true }); return true;";

/// What the panel shows.
pub struct PanelState {
    /// The answer so far.
    pub text: String,
    /// The status line.
    pub status: String,
    /// Whether the Stop button is shown.
    pub running: bool,
}

/// Read the panel.
pub fn panel(wd: &Session) -> Result<PanelState> {
    let v = wd.js(PANEL)?;
    let s = |k: &str| {
        v.get(k)
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Ok(PanelState {
        text: s("text"),
        status: s("status"),
        running: v.get("running").and_then(Json::as_bool).unwrap_or(false),
    })
}

/// A finished answer.
pub struct Run {
    /// The answer's final text.
    pub final_text: String,
    /// The status line at the end.
    pub status: String,
    /// Distinct texts seen by polling before the final one.
    pub polled_intermediate: usize,
    /// Distinct texts seen by a MutationObserver before the final one.
    pub observed_intermediate: usize,
}

/// Type `prompt` and click Generate (for a request that is meant to fail, or to be followed).
pub fn submit(wd: &Session, prompt: &str) -> Result {
    let area = wd.find(".hf-oauth-panel textarea")?;
    wd.type_into(&area, prompt)?;
    wd.js(RECORD_ANSWERS)?;
    let generate = wd.find(".hf-oauth-panel button[type=submit]")?;
    wd.click(&generate)
}

/// Submit `prompt` and follow the stream while it runs, until `texts` distinct non-empty
/// answer texts were seen; the text then (the answer keeps streaming: the caller stops it).
pub fn generate_until(wd: &Session, prompt: &str, texts: usize) -> Result<String> {
    submit(wd, prompt)?;
    let start = Instant::now();
    let mut seen: Vec<String> = Vec::new();
    let mut started = false;
    loop {
        let state = panel(wd)?;
        if !state.text.is_empty() && seen.last() != Some(&state.text) {
            seen.push(state.text.clone());
        }
        started |= state.running;
        if state.running && seen.len() >= texts {
            return Ok(state.text);
        }
        if !state.running && (started || !state.status.is_empty()) && !waiting(&state.status) {
            return Err(format!(
                "the answer ended before {texts} texts were seen: {:?}",
                state.status
            )
            .into());
        }
        if start.elapsed() > GENERATE_TIMEOUT {
            return Err(format!("no stream after {}", util::secs(GENERATE_TIMEOUT)).into());
        }
        std::thread::sleep(Duration::from_millis(40));
    }
}

fn waiting(status: &str) -> bool {
    status.starts_with("Waiting")
}

/// Submit `prompt` and follow the stream until it ends.
pub fn generate(wd: &Session, prompt: &str) -> Result<Run> {
    submit(wd, prompt)?;
    let start = Instant::now();
    let mut seen: Vec<String> = Vec::new();
    let mut started = false;
    loop {
        let state = panel(wd)?;
        if !state.text.is_empty() && seen.last() != Some(&state.text) {
            seen.push(state.text.clone());
        }
        started |= state.running;
        if !state.running && (started || !state.status.is_empty()) && !waiting(&state.status) {
            let error = wd.js("return document.querySelector('.hf-oauth-panel .hf-oauth-error')?.textContent || null")?;
            if let Some(error) = error.as_str() {
                return Err(format!("inference failed: {error}").into());
            }
            let observed = wd.js("return window.__e2eAnswers")?;
            let observed: Vec<&str> = observed
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Json::as_str)
                .collect();
            let distinct_before =
                |texts: &[&str]| texts.iter().filter(|t| **t != state.text).count();
            let polled: Vec<&str> = seen.iter().map(String::as_str).collect();
            println!(
                "  answer: {} chars in {}; status: {}",
                state.text.len(),
                util::secs(start.elapsed()),
                state.status
            );
            return Ok(Run {
                polled_intermediate: distinct_before(&polled),
                observed_intermediate: distinct_before(&observed),
                final_text: state.text,
                status: state.status,
            });
        }
        if start.elapsed() > GENERATE_TIMEOUT {
            return Err(format!(
                "no complete answer after {}: {:?}",
                util::secs(GENERATE_TIMEOUT),
                state.status
            )
            .into());
        }
        std::thread::sleep(Duration::from_millis(40));
    }
}

/// "First token after 312 ms · ..." → 312.
pub fn first_token_ms(status: &str) -> Option<u64> {
    let rest = status.split("First token after ").nth(1)?;
    rest.split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_time_to_first_token() {
        assert_eq!(
            first_token_ms("First token after 312 ms · 42 tokens · 18.3 tokens/s"),
            Some(312)
        );
        assert_eq!(
            first_token_ms("Stopped. First token after 9 ms · 3 tokens"),
            Some(9)
        );
        assert_eq!(first_token_ms("Generating…"), None);
    }
}
