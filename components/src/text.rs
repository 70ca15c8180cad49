//! Text from another party, made fit for an error message: shortened, and stripped of what
//! could break or reorder the sentence around it. Shared by the sign-in and the inference errors.

/// Bodies kept in errors are cut to this many characters.
pub const MAX_ERROR_BODY_CHARS: usize = 300;

/// Shorten an HTTP body for an error message, on a character boundary.
pub fn shorten_body(body: &str) -> String {
    let trimmed = body.trim();
    match trimmed.char_indices().nth(MAX_ERROR_BODY_CHARS) {
        Some((cut, _)) => format!("{}…", &trimmed[..cut]),
        None => trimmed.to_owned(),
    }
}

/// A value from a provider, made safe to quote inside a message: shortened like
/// [`shorten_body`], with control characters (newlines included) and bidirectional-text controls
/// replaced by U+FFFD, so a hostile value cannot break or reorder the sentence around it.
pub fn quote_value(value: &str) -> String {
    shorten_body(value)
        .chars()
        .map(|c| {
            let bidi = matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// Whether `c` is a letter or a digit in any script (Unicode `L` or `N`).
///
/// In the browser the answer comes from the JavaScript engine (`/[\p{L}\p{N}]/u`), so the wasm
/// carries no Unicode tables: Rust's `char::is_alphanumeric` and `to_uppercase` tables weigh
/// about 8 KB gzip in the widget. Natively, Rust's own tables answer (the same Unicode data).
pub fn is_letter_or_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::RegExp::new(r"[\p{L}\p{N}]", "u").test(&c.to_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        c.is_alphanumeric()
    }
}

/// `text` in upper case, by the full Unicode rules (`ß` becomes `SS`); in the browser by the
/// JavaScript engine's `toUpperCase` (see [`is_letter_or_digit`]).
pub fn to_upper(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_uppercase();
    }
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(text).to_upper_case())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.to_uppercase()
    }
}

#[cfg(test)]
mod letters {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn letters_and_digits_of_every_script() {
        for c in ['a', 'Z', '7', 'é', 'Ж', '李', 'ع', '٣'] {
            assert!(is_letter_or_digit(c), "{c}");
        }
        for c in [' ', '-', '.', '🙂', '\u{200f}', '・'] {
            assert!(!is_letter_or_digit(c), "{c:?}");
        }
    }

    #[test]
    fn upper_case_by_the_full_rules() {
        assert_eq!(to_upper("jd"), "JD");
        assert_eq!(to_upper("éж"), "ÉЖ");
        assert_eq!(to_upper("ß"), "SS");
        assert_eq!(to_upper("李"), "李");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_cannot_break_the_sentence() {
        assert_eq!(quote_value("mac"), "mac");
        assert_eq!(
            quote_value("a\nb\u{202e}c\td"),
            "a\u{fffd}b\u{fffd}c\u{fffd}d"
        );
        let long = "é".repeat(MAX_ERROR_BODY_CHARS + 50);
        assert_eq!(quote_value(&long).chars().count(), MAX_ERROR_BODY_CHARS + 1);
    }
}
