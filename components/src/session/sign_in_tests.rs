//! Signing in, natively: two tabs at once, callbacks this browser did not start, storage that
//! refuses, and the popup on both sides.

use super::env::{PopupStart, Timer};
use super::fake_env::*;
use super::tests::Tabs;
use crate::auth::callback::CallbackParams;
use crate::auth::popup::PopupMessage;
use crate::{OAuthError, SessionState, SignInMode};

const OWN_ORIGIN: &str = "http://127.0.0.1:8080";

/// The provider's callback page for the sign-in `tab` started (its last navigation).
fn approve(tabs: &Tabs, tab: usize) -> CallbackParams {
    let navigated = tabs.drivers[tab].env().navigated.borrow().clone();
    tabs.provider()
        .approve(navigated.last().expect("sent to the provider"))
}

/// A new tab of the origin opened at `callback`.
fn callback_tab(tabs: &Tabs, index: usize, callback: CallbackParams) -> FakeTab {
    let tab = FakeTab::new(&tabs.origin, index);
    *tab.callback.borrow_mut() = callback;
    tab
}

fn signed_out_tabs(count: usize) -> Tabs {
    let mut tabs = Tabs::new();
    for index in 0..count {
        tabs.open(FakeTab::new(&tabs.origin, index));
    }
    tabs
}

#[test]
fn two_tabs_that_both_click_sign_in_each_finish_their_own() {
    let mut tabs = signed_out_tabs(2);
    for tab in 0..2 {
        tabs.drivers[tab].sign_in(SignInMode::Auto);
        tabs.settle();
        assert_eq!(tabs.state(tab), SessionState::Redirecting);
    }
    assert_eq!(tabs.origin.pending.borrow().len(), 2, "two sign-ins wait");
    let first = approve(&tabs, 0);
    let second = approve(&tabs, 1);

    let a = tabs.open(callback_tab(&tabs, 2, first));
    assert!(tabs.state(a).is_signed_in(), "{:?}", tabs.state(a));
    assert_eq!(tabs.origin.pending.borrow().len(), 1, "the other one stays");

    let b = tabs.open(callback_tab(&tabs, 3, second));
    assert!(tabs.state(b).is_signed_in(), "{:?}", tabs.state(b));
    assert!(tabs.origin.pending.borrow().is_empty());
    assert_eq!(tabs.provider().code_exchanges.get(), 2);
}

#[test]
fn a_forged_error_link_shows_none_of_its_words_and_keeps_the_sign_in_in_progress() {
    let mut tabs = signed_out_tabs(1);
    tabs.drivers[0].sign_in(SignInMode::Redirect);
    tabs.settle();
    let forged = CallbackParams::Error {
        error: "access_denied".into(),
        description: Some("Call 555-0100 to unlock your account".into()),
        state: Some("forged".into()),
    };
    let page = tabs.open(callback_tab(&tabs, 1, forged));
    let SessionState::Error(error) = tabs.state(page) else {
        panic!("{:?}", tabs.state(page))
    };
    assert_eq!(error, OAuthError::ForeignCallback);
    assert_eq!(
        error.to_string(),
        "A sign-in response that this browser did not start was ignored."
    );
    assert!(!format!("{error}{}", error.hint()).contains("555"));
    assert_eq!(tabs.origin.pending.borrow().len(), 1, "still in progress");

    // The real answer still finishes that sign-in.
    let real = approve(&tabs, 0);
    let done = tabs.open(callback_tab(&tabs, 2, real));
    assert!(tabs.state(done).is_signed_in());
}

#[test]
fn an_error_answering_a_sign_in_of_this_browser_is_shown_quoted() {
    let mut tabs = signed_out_tabs(1);
    tabs.drivers[0].sign_in(SignInMode::Redirect);
    tabs.settle();
    let CallbackParams::Code { state, .. } = approve(&tabs, 0) else {
        panic!()
    };
    let denied = CallbackParams::Error {
        error: "access_denied".into(),
        description: Some("The user said no\u{202e}".into()),
        state: Some(state),
    };
    let page = tabs.open(callback_tab(&tabs, 1, denied));
    let SessionState::Error(error) = tabs.state(page) else {
        panic!("{:?}", tabs.state(page))
    };
    assert_eq!(
        error.to_string(),
        "Sign-in was cancelled: “The user said no\u{fffd}”"
    );
    assert!(
        tabs.origin.pending.borrow().is_empty(),
        "answered, so taken"
    );
}

#[test]
fn a_forged_link_leaves_a_signed_in_visitor_signed_in() {
    let mut tabs = Tabs::signed_in(1);
    let page = FakeTab::new(&tabs.origin, 0);
    *page.session.borrow_mut() = tabs.drivers[0].env().load_session_for_test();
    *page.callback.borrow_mut() = CallbackParams::Code {
        code: "stolen".into(),
        state: "forged".into(),
    };
    let reloaded = tabs.open(page);
    assert!(tabs.state(reloaded).is_signed_in());
    assert_eq!(tabs.provider().code_exchanges.get(), 1, "no request for it");
}

#[test]
fn a_callback_for_a_stale_sign_in_sends_no_request() {
    let mut tabs = Tabs::new();
    tabs.origin.advance_ms(31 * 60 * 1000);
    let stale = tabs.open(FakeTab::callback(&tabs.origin, 0, START_MS));
    assert_eq!(
        tabs.state(stale),
        SessionState::Error(OAuthError::StaleSignIn)
    );
    assert_eq!(tabs.provider().code_exchanges.get(), 0);
}

#[test]
fn a_browser_that_refuses_storage_says_so_at_sign_in() {
    let tabs = signed_out_tabs(1);
    tabs.origin.storage_refused.set(true);
    tabs.drivers[0].sign_in(SignInMode::Redirect);
    tabs.settle();
    assert_eq!(
        tabs.state(0),
        SessionState::Error(OAuthError::StorageBlocked)
    );
    assert!(tabs.drivers[0].env().navigated.borrow().is_empty());
}

#[test]
fn a_session_that_cannot_be_saved_lives_in_memory_and_says_so() {
    let mut tabs = signed_out_tabs(1);
    tabs.drivers[0].sign_in(SignInMode::Redirect);
    tabs.settle();
    let callback = approve(&tabs, 0);
    tabs.origin.storage_refused.set(true); // full, or blocked since
    let page = tabs.open(callback_tab(&tabs, 1, callback));
    let state = tabs.state(page);
    let result = state.result().expect("signed in");
    assert!(!result.survives_reload());
    assert_eq!(result.user_info.is_pro, Some(true), "profile completed too");
    assert_eq!(tabs.drivers[page].env().load_session_for_test(), None);
}

/// In the browser a page hears its own announcements too (a `BroadcastChannel` reaches every
/// other channel object of the origin, the page's own listener included). That echo carries no
/// refresh token: a session kept in memory only must keep its own.
#[test]
fn a_session_kept_in_memory_keeps_its_refresh_token_when_its_own_announcement_comes_back() {
    let mut tabs = signed_out_tabs(1);
    tabs.drivers[0].sign_in(SignInMode::Redirect);
    tabs.settle();
    let callback = approve(&tabs, 0);
    tabs.origin.storage_refused.set(true);
    let page = tabs.open(callback_tab(&tabs, 1, callback));
    let held = (**tabs.state(page).result().expect("signed in")).clone();
    assert!(held.refresh_token.is_some());
    let echo = super::tab_message::TabMessage::signed_in(&held).to_json();
    tabs.drivers[page].on_tab_message(super::tab_message::TabMessage::from_json(&echo).unwrap());
    let state = tabs.state(page);
    let after = state.result().expect("still signed in");
    assert_eq!(after.refresh_token, held.refresh_token);
    assert_eq!(after.id_token, held.id_token);
    assert!(!after.survives_reload());
}

/// An opener inside a frame that clicked Sign in: its popup is open for one attempt.
fn opener_waiting() -> (Tabs, String) {
    let tabs = signed_out_tabs(1);
    tabs.drivers[0].env().windows.in_frame.set(true);
    tabs.drivers[0].sign_in(SignInMode::Auto);
    tabs.settle();
    let attempt = tabs.drivers[0].env().windows.opened.borrow()[0].clone();
    (tabs, attempt)
}

/// The popup's two pages: it starts for `attempt`, goes to the provider, comes back.
/// The index of the callback page.
fn run_popup(tabs: &mut Tabs, attempt: &str, opener_reachable: bool) -> usize {
    let start = FakeTab::new(&tabs.origin, 10);
    *start.windows.start.borrow_mut() =
        Some(PopupStart::ForOpener(attempt.into(), Default::default()));
    let start = tabs.open(start);
    assert_eq!(tabs.state(start), SessionState::Redirecting);
    let back = callback_tab(tabs, 11, approve(tabs, start));
    back.windows.opener_reachable.set(opener_reachable);
    tabs.open(back)
}

#[test]
fn a_popup_hands_its_session_once_to_the_attempt_that_opened_it_and_keeps_nothing() {
    let (mut tabs, attempt) = opener_waiting();
    assert_eq!(tabs.state(0), SessionState::AwaitingPopup);
    assert!(tabs.drivers[0]
        .env()
        .timers
        .borrow()
        .contains_key(&Timer::PopupWatch));
    let wire_before = tabs.origin.wire.borrow().len();

    let popup = run_popup(&mut tabs, &attempt, true);
    let env = tabs.drivers[popup].env();
    assert!(env.windows.closed_self.get());
    assert_eq!(env.load_session_for_test(), None, "the popup saves nothing");
    assert_eq!(
        tabs.origin.wire.borrow().len(),
        wire_before,
        "and announces nothing"
    );
    let handed = env.windows.handed.borrow().clone();
    assert_eq!(handed.len(), 1);

    let opener = &tabs.drivers[0];
    // From another window, or for another attempt: ignored.
    opener.on_popup_message(false, OWN_ORIGIN, OWN_ORIGIN, &handed[0]);
    let result = crate::OAuthResult::new("x", u64::MAX, Default::default(), "");
    let other = PopupMessage::new("another-attempt", &result).to_json();
    opener.on_popup_message(true, OWN_ORIGIN, OWN_ORIGIN, &other);
    opener.on_popup_message(true, "https://evil.example", OWN_ORIGIN, &handed[0]);
    assert_eq!(opener.state(), SessionState::AwaitingPopup);

    opener.on_popup_message(true, OWN_ORIGIN, OWN_ORIGIN, &handed[0]);
    let signed_in = opener.state();
    let session = signed_in.result().expect("signed in");
    assert_eq!(session.user_info.is_pro, Some(true), "the full profile");
    let saved = opener.env().load_session_for_test().unwrap();
    assert!(saved.refresh_token.is_some(), "the opener now holds it");
    assert!(!opener
        .env()
        .timers
        .borrow()
        .contains_key(&Timer::PopupWatch));

    // Once only: the same message again changes nothing after a sign-out.
    opener.sign_out();
    opener.on_popup_message(true, OWN_ORIGIN, OWN_ORIGIN, &handed[0]);
    assert_eq!(opener.state(), SessionState::SignedOut);
}

#[test]
fn a_result_delivered_after_the_popup_reads_as_closed_is_still_taken() {
    // The popup posts its result and closes itself; the opener's watch may run between the
    // close and the message's delivery (seen in WebKit).
    let (mut tabs, attempt) = opener_waiting();
    let popup = run_popup(&mut tabs, &attempt, true);
    let handed = tabs.drivers[popup].env().windows.handed.borrow()[0].clone();
    tabs.drivers[0].env().windows.popup_open.set(false);
    tabs.advance_and_fire(500);
    tabs.drivers[0].on_popup_message(true, OWN_ORIGIN, OWN_ORIGIN, &handed);
    assert!(tabs.state(0).is_signed_in(), "{:?}", tabs.state(0));
}

#[test]
fn a_popup_whose_opener_is_gone_keeps_the_session_and_says_so() {
    let (mut tabs, attempt) = opener_waiting();
    let popup = run_popup(&mut tabs, &attempt, false);
    let driver = &tabs.drivers[popup];
    assert!(driver.popup_orphaned());
    assert!(driver.state().is_signed_in());
    assert!(!driver.env().windows.closed_self.get());
    assert!(driver.env().load_session_for_test().is_some());
}

#[test]
fn a_popup_page_without_a_same_origin_opener_starts_no_sign_in() {
    let mut tabs = Tabs::new();
    let page = FakeTab::new(&tabs.origin, 0);
    *page.windows.start.borrow_mut() = Some(PopupStart::WithoutOpener);
    let page = tabs.open(page);
    assert_eq!(tabs.state(page), SessionState::SignedOut, "shows Sign in");
    assert!(tabs.drivers[page].env().navigated.borrow().is_empty());
    assert!(tabs.origin.pending.borrow().is_empty());
}

#[test]
fn a_blocked_popup_is_an_error_and_a_closed_one_returns_to_sign_in() {
    let tabs = signed_out_tabs(1);
    let env = tabs.drivers[0].env();
    env.windows.in_frame.set(true);
    env.windows.can_open.set(false);
    tabs.drivers[0].sign_in(SignInMode::Auto);
    assert!(matches!(
        tabs.state(0),
        SessionState::Error(OAuthError::PopupBlocked { .. })
    ));

    env.windows.can_open.set(true);
    tabs.drivers[0].sign_in(SignInMode::Auto);
    assert_eq!(tabs.state(0), SessionState::AwaitingPopup);
    tabs.advance_and_fire(500);
    assert_eq!(tabs.state(0), SessionState::AwaitingPopup, "still open");
    env.windows.popup_open.set(false); // the visitor closed it
    tabs.advance_and_fire(500);
    assert_eq!(
        tabs.state(0),
        SessionState::AwaitingPopup,
        "a result may still be on its way"
    );
    tabs.advance_and_fire(500);
    assert_eq!(tabs.state(0), SessionState::SignedOut);
    assert!(env.timers.borrow().is_empty(), "no more watching");
}

#[test]
fn cancel_closes_the_popup_and_refuses_its_late_result() {
    let (mut tabs, attempt) = opener_waiting();
    tabs.drivers[0].cancel_sign_in();
    assert_eq!(tabs.state(0), SessionState::SignedOut);
    assert!(!tabs.drivers[0].env().windows.popup_open.get());
    let popup = run_popup(&mut tabs, &attempt, true);
    let handed = tabs.drivers[popup].env().windows.handed.borrow()[0].clone();
    tabs.drivers[0].on_popup_message(true, OWN_ORIGIN, OWN_ORIGIN, &handed);
    assert_eq!(tabs.state(0), SessionState::SignedOut);
}

/// One tab signed in with `openid profile` only.
fn signed_in_without_inference() -> Tabs {
    let mut tabs = Tabs::new();
    let mut first = FakeTab::new(&tabs.origin, 0);
    first.config.scopes = "openid profile".into();
    let first = tabs.open(first);
    tabs.drivers[first].sign_in(SignInMode::Redirect);
    tabs.settle();
    let callback = approve(&tabs, first);
    let mut page = callback_tab(&tabs, 1, callback);
    page.config.scopes = "openid profile".into();
    tabs.open(page);
    tabs
}

#[test]
fn asking_for_a_scope_later_keeps_the_visitor_signed_in_and_reports_what_was_added() {
    let mut tabs = signed_in_without_inference();
    let page = 1;
    assert_eq!(tabs.state(page).result().unwrap().scope, "openid profile");
    tabs.drivers[page].sign_in_for(
        SignInMode::Redirect,
        crate::SignInRequest::scopes(&["inference-api"]),
    );
    tabs.settle();
    assert!(tabs.state(page).is_signed_in(), "still signed in meanwhile");
    let url = tabs.drivers[page].env().navigated.borrow()[0].clone();
    assert!(url.contains("scope=openid+profile+inference-api"), "{url}");

    let mut back = callback_tab(&tabs, page, approve(&tabs, page));
    back.config.scopes = "openid profile".into();
    *back.session.borrow_mut() = tabs.drivers[page].env().load_session_for_test();
    let back = tabs.open(back);
    let state = tabs.state(back);
    assert!(state.result().unwrap().has_scope("inference-api"));
    assert_eq!(tabs.drivers[back].scopes_added(), ["inference-api"]);
}

#[test]
fn declining_more_scopes_leaves_the_visitor_signed_in_without_an_error() {
    let mut tabs = signed_in_without_inference();
    tabs.drivers[1].sign_in_for(
        SignInMode::Redirect,
        crate::SignInRequest::scopes(&["inference-api"]),
    );
    tabs.settle();
    let CallbackParams::Code { state, .. } = approve(&tabs, 1) else {
        panic!()
    };
    let declined = callback_tab(
        &tabs,
        1,
        CallbackParams::Error {
            error: "access_denied".into(),
            description: None,
            state: Some(state),
        },
    );
    *declined.session.borrow_mut() = tabs.drivers[1].env().load_session_for_test();
    let back = tabs.open(declined);
    assert!(tabs.state(back).is_signed_in(), "{:?}", tabs.state(back));
    assert_eq!(tabs.state(back).result().unwrap().scope, "openid profile");
}

#[test]
fn organization_access_is_asked_with_org_ids_and_a_popup_keeps_the_opener_signed_in() {
    let tabs = signed_in_without_inference();
    tabs.drivers[1].env().windows.in_frame.set(true);
    tabs.drivers[1].sign_in_for(SignInMode::Auto, crate::SignInRequest::org("org-7"));
    assert!(
        tabs.state(1).is_signed_in(),
        "no waiting screen over the badge"
    );
    let requests = tabs.drivers[1].env().windows.requests.borrow().clone();
    assert_eq!(requests[0].org_ids, ["org-7"]);
    assert_eq!(
        requests[0].scopes,
        ["openid", "profile"],
        "granted ones kept"
    );

    tabs.drivers[1].env().windows.in_frame.set(false);
    tabs.drivers[1].sign_in_for(SignInMode::Auto, crate::SignInRequest::org("org-7"));
    tabs.settle();
    let url = tabs.drivers[1].env().navigated.borrow()[0].clone();
    assert!(url.contains("orgIds=org-7"), "{url}");
}
