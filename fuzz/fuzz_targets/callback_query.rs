//! The callback page's query and the return path, on arbitrary text.
//!
//! The input (decoded lossily) is the `location.search`, and the return path candidate; split at
//! its first two newlines it is also `(pathname, search, hash)` for `return_path_of`. Checked:
//! - `parse_callback_query` never yields an empty code or error, nor a `Some("")` field;
//! - `strip_callback_params` keeps the other parameters verbatim and in order, leaves no
//!   callback parameter (parsing its output gives `CallbackParams::None`), and is idempotent;
//! - `safe_return_path` and `return_path_of` always give a same-origin path: it starts with `/`
//!   and not with `//` or `/\`, and holds no backslash or control character; `safe_return_path`
//!   gives its input back or `/`, and is idempotent.

#![no_main]

use libfuzzer_sys::fuzz_target;
use yew_hf_oauth::fuzzing::{
    parse_callback_query, return_path_of, safe_return_path, strip_callback_params, CallbackParams,
    CALLBACK_PARAMS,
};

fn check_safe_path(path: &str, input: &str) {
    assert!(path.starts_with('/'), "{input:?} -> {path:?}");
    assert!(!path.starts_with("//"), "{input:?} -> {path:?}");
    assert!(!path.starts_with("/\\"), "{input:?} -> {path:?}");
    assert!(
        !path.chars().any(|c| c == '\\' || c.is_control()),
        "{input:?} -> {path:?}"
    );
}

fn check_parsed(params: &CallbackParams, search: &str) {
    match params {
        CallbackParams::None => assert!(!params.is_callback()),
        CallbackParams::Code { code, .. } => {
            assert!(params.is_callback());
            assert!(!code.is_empty(), "{search:?}");
        }
        CallbackParams::Error {
            error,
            description,
            state,
        } => {
            assert!(params.is_callback());
            assert!(!error.is_empty(), "{search:?}");
            assert_ne!(description.as_deref(), Some(""), "{search:?}");
            assert_ne!(state.as_deref(), Some(""), "{search:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let input = input.as_ref();

    let parsed = parse_callback_query(input);
    check_parsed(&parsed, input);

    let stripped = strip_callback_params(input);
    assert!(
        stripped.is_empty() || (stripped.starts_with('?') && stripped.len() > 1),
        "{input:?} -> {stripped:?}"
    );
    let kept = stripped.strip_prefix('?').unwrap_or_default();
    for (key, _) in form_urlencoded::parse(kept.as_bytes()) {
        assert!(
            !CALLBACK_PARAMS.contains(&key.as_ref()),
            "{input:?} -> {stripped:?} keeps `{key}`"
        );
    }
    assert_eq!(
        parse_callback_query(&stripped),
        CallbackParams::None,
        "{input:?} -> {stripped:?}"
    );
    assert_eq!(strip_callback_params(&stripped), stripped, "{input:?}");
    // Kept segments are the input's own segments, verbatim and in the same order.
    let query = input.strip_prefix('?').unwrap_or(input);
    if !kept.is_empty() {
        let mut original = query.split('&');
        for segment in kept.split('&') {
            assert!(
                original.any(|o| o == segment),
                "{input:?} -> {stripped:?}: `{segment}` is not an input segment in order"
            );
        }
    }
    // And no other parameter is lost.
    let others = |q: &str| -> Vec<(String, String)> {
        form_urlencoded::parse(q.as_bytes())
            .into_owned()
            .filter(|(k, _)| !CALLBACK_PARAMS.contains(&k.as_str()))
            .collect()
    };
    assert_eq!(others(kept), others(query), "{input:?} -> {stripped:?}");

    let safe = safe_return_path(input);
    check_safe_path(&safe, input);
    assert!(safe == input || safe == "/", "{input:?} -> {safe:?}");
    assert_eq!(safe_return_path(&safe), safe);

    let mut parts = input.splitn(3, '\n');
    let (pathname, search, hash) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let back = return_path_of(pathname, search, hash);
    check_safe_path(&back, input);
    // Coming back never lands on a page that looks like a callback again.
    if !pathname.contains(['?', '#']) {
        let before_hash = back.split('#').next().unwrap_or_default();
        // What `location.search` would be on that page: from the first `?`, included.
        if let Some(start) = before_hash.find('?') {
            assert_eq!(
                parse_callback_query(&before_hash[start..]),
                CallbackParams::None,
                "{input:?} -> {back:?}"
            );
        }
    }
});
