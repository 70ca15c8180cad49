//! The session driver: every effect of a session (finishing the redirect, restoring, the
//! profile request, tab messages, expiry and refresh timers, the refresh lock, sign-out) in one
//! place, over an [`env::SessionEnv`] so that the browser, or fakes in native tests, carry it out.
//!
//! The decisions are plain functions: [`schedule`] says when the timers fire, [`refresh`] whether
//! a tab refreshes, and [`driver::SessionDriver`] runs each step against the environment.

pub(crate) mod driver;
pub(crate) mod env;
pub(crate) mod refresh;
pub(crate) mod refreshing;
pub(crate) mod schedule;
pub(crate) mod sign_in;
pub(crate) mod tab_message;

#[cfg(test)]
mod fake_env;
#[cfg(test)]
mod sign_in_tests;
#[cfg(test)]
mod tests;
