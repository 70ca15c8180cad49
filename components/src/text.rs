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
