//! When a session's timers fire: expiry at the token's end, refresh a while before it.

use crate::{OAuthResult, SessionState};

/// The refresh happens at most this long before expiry (Hugging Face's 8-hour tokens refresh
/// one minute before they end).
pub const MAX_REFRESH_MARGIN_MS: u64 = 60_000;

/// A short-lived token refreshes when a fifth of its lifetime is left (a 75 s token about 60 s
/// after it was issued), so that the next token is not asked for in a loop.
pub const REFRESH_MARGIN_DIVISOR: u64 = 5;

/// Longest timer browsers keep (2^31 - 1 ms, about 24.8 days); tokens living longer are only
/// checked at that point.
pub const MAX_TIMER_MS: u64 = i32::MAX as u64;

/// Slack after the expiry instant, so the expiry timer never fires a hair before it.
pub const EXPIRY_SLACK_MS: u64 = 50;

/// How long before expiry `result` is refreshed: a fifth of its lifetime, at most
/// [`MAX_REFRESH_MARGIN_MS`]. A session saved without its issue time gets the maximum.
pub fn refresh_margin_ms(result: &OAuthResult) -> u64 {
    match result.issued_at_ms {
        Some(issued) => (result.access_token_expires_at.saturating_sub(issued)
            / REFRESH_MARGIN_DIVISOR)
            .min(MAX_REFRESH_MARGIN_MS),
        None => MAX_REFRESH_MARGIN_MS,
    }
}

/// When `result` is due for a refresh (milliseconds since the Unix epoch); `None` without a
/// refresh token.
pub fn refresh_due_at(result: &OAuthResult) -> Option<u64> {
    result.refresh_token.as_ref()?;
    Some(
        result
            .access_token_expires_at
            .saturating_sub(refresh_margin_ms(result)),
    )
}

/// The timers a state needs, as delays from now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timers {
    /// Until the session turns expired (with [`EXPIRY_SLACK_MS`]).
    pub expiry_in_ms: u32,
    /// Until the refresh, when the session can be refreshed.
    pub refresh_in_ms: Option<u32>,
}

/// The timers of `state` at `now_ms`: only a signed-in session has any.
pub fn plan(state: &SessionState, now_ms: u64) -> Option<Timers> {
    let result = state.result()?;
    let clamp = |ms: u64| ms.min(MAX_TIMER_MS) as u32;
    Some(Timers {
        expiry_in_ms: clamp(result.remaining_ms(now_ms) + EXPIRY_SLACK_MS),
        refresh_in_ms: refresh_due_at(result).map(|due| clamp(due.saturating_sub(now_ms))),
    })
}
