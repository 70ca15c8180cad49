//! The driver's behaviour, natively: sign-in and profile, restore, refresh across tabs.

use super::driver::{RefreshOutcome, SessionDriver};
use super::fake_env::*;
use super::refresh::{elected, RefreshDecision};
use super::schedule::{plan, refresh_due_at};
use crate::auth::fake::block_on;
use crate::browser::broadcast::TabMessage;
use crate::{OAuthError, ProfileStatus, SessionEvent, SessionState};
use std::rc::Rc;

/// Several tabs of one origin, each with its driver and its state.
struct Tabs {
    origin: Rc<Origin>,
    drivers: Vec<SessionDriver<FakeTab>>,
    states: Vec<SessionState>,
}

impl Tabs {
    /// `count` tabs, the first opened by the provider's redirect and signed in (profile
    /// completed), the others started after it and given the session by tab message.
    fn signed_in(count: usize) -> Self {
        let origin = Origin::new();
        let mut tabs = Tabs {
            drivers: vec![SessionDriver::new(FakeTab::callback(&origin, 0, START_MS))],
            states: vec![SessionState::Loading],
            origin,
        };
        tabs.apply(0, block_on(tabs.drivers[0].start()));
        let result = tabs.states[0].result().unwrap().clone();
        block_on(tabs.drivers[0].complete_profile(&result)).unwrap();
        for index in 1..count {
            tabs.drivers
                .push(SessionDriver::new(FakeTab::new(&tabs.origin, index)));
            tabs.states.push(SessionState::Loading);
            let event = block_on(tabs.drivers[index].start());
            tabs.apply(index, event);
        }
        tabs.deliver();
        tabs
    }

    fn apply(&mut self, tab: usize, event: SessionEvent) {
        self.states[tab] = self.states[tab].reduce(event);
    }

    /// Deliver every message sent so far to every other tab, until none is left.
    fn deliver(&mut self) {
        loop {
            let sent: Vec<_> = self.origin.channel.borrow_mut().drain(..).collect();
            if sent.is_empty() {
                return;
            }
            for (from, message) in sent {
                for tab in (0..self.drivers.len()).filter(|&t| t != from) {
                    if let Some(event) = self.drivers[tab].on_tab_message(message.clone()) {
                        self.apply(tab, event);
                    }
                }
            }
        }
    }

    /// Every tab's refresh turn, in order, each after the messages sent before it.
    fn refresh_turns(&mut self) -> Vec<RefreshOutcome> {
        (0..self.drivers.len())
            .map(|tab| {
                let outcome = block_on(self.drivers[tab].refresh_turn());
                if let RefreshOutcome::Refreshed(r) | RefreshOutcome::Refused(r) = &outcome {
                    self.apply(tab, SessionEvent::SignedIn(Rc::new(r.clone())));
                }
                self.deliver();
                outcome
            })
            .collect()
    }

    fn provider(&self) -> &Provider {
        &self.origin.provider
    }

    fn tokens(&self) -> Vec<String> {
        self.states
            .iter()
            .map(|s| {
                s.result()
                    .map(|r| r.access_token.clone())
                    .unwrap_or_default()
            })
            .collect()
    }
}

#[test]
fn the_name_comes_with_the_token_and_the_rest_of_the_profile_with_userinfo() {
    let origin = Origin::new();
    let driver = SessionDriver::new(FakeTab::callback(&origin, 0, START_MS));
    let SessionEvent::SignedIn(basic) = block_on(driver.start()) else {
        panic!("not signed in")
    };
    let provider = &origin.provider;
    assert_eq!(
        (
            provider.code_exchanges.get(),
            provider.userinfo_requests.get()
        ),
        (1, 0),
        "one request before the name is shown"
    );
    assert_eq!(basic.user_info.display_name(), "Jane Doe");
    assert_eq!(basic.user_info.is_pro, None);
    assert_eq!(basic.profile_status, ProfileStatus::Basic);
    assert_eq!(
        driver.env().returned_to.borrow().as_deref(),
        Some("/app/?tab=chat")
    );
    assert!(driver.env().pending.borrow().is_none(), "verifier removed");

    let full = block_on(driver.complete_profile(&basic)).unwrap();
    assert_eq!(provider.userinfo_requests.get(), 1);
    assert_eq!(full.user_info.is_pro, Some(true));
    assert_eq!(full.user_info.orgs[0].name.as_deref(), Some("Acme"));
    assert_eq!(full.user_info.orgs[0].security_restrictions, ["mfa", "sso"]);
    assert_eq!(
        full.user_info.website.as_deref(),
        Some("https://x"),
        "userinfo's website wins over the id_token's"
    );
    assert_eq!(full.profile_status, ProfileStatus::Complete);
    assert_eq!(driver.env().load_session_for_test(), Some(full.clone()));
    let announced: Vec<_> = origin
        .channel
        .borrow()
        .iter()
        .map(|(_, m)| m.clone())
        .collect();
    assert_eq!(
        announced,
        [
            TabMessage::SignedIn {
                result: Box::new((*basic).clone())
            },
            TabMessage::SignedIn {
                result: Box::new(full.clone())
            }
        ],
        "the other tabs get the name first, then the full profile"
    );
    assert_eq!(block_on(driver.complete_profile(&full)), None, "complete");
}

#[test]
fn a_failed_userinfo_keeps_the_visitor_signed_in_and_is_retried_on_the_next_load() {
    let origin = Origin::new();
    *origin.provider.userinfo.borrow_mut() = (503, "unavailable".into());
    let driver = SessionDriver::new(FakeTab::callback(&origin, 0, START_MS));
    let SessionEvent::SignedIn(basic) = block_on(driver.start()) else {
        panic!()
    };
    let kept = block_on(driver.complete_profile(&basic)).unwrap();
    assert_eq!(kept.profile_status, ProfileStatus::Unavailable);
    assert_eq!(kept.user_info.display_name(), "Jane Doe");
    assert_eq!(driver.env().load_session_for_test(), Some(kept.clone()));

    // The next load restores it and asks userinfo again.
    *origin.provider.userinfo.borrow_mut() =
        (200, crate::auth::userinfo_response::HF_USERINFO.into());
    let SessionEvent::Restored(Some(restored)) = block_on(driver.start()) else {
        panic!()
    };
    assert!(restored.needs_profile());
    let full = block_on(driver.complete_profile(&restored)).unwrap();
    assert_eq!(full.user_info.is_pro, Some(true));
    assert_eq!(origin.provider.userinfo_requests.get(), 2);
}

#[test]
fn a_reload_with_the_full_profile_makes_no_request() {
    let tabs = Tabs::signed_in(1);
    let before = (
        tabs.provider().code_exchanges.get(),
        tabs.provider().userinfo_requests.get(),
    );
    let SessionEvent::Restored(Some(restored)) = block_on(tabs.drivers[0].start()) else {
        panic!()
    };
    assert!(!restored.needs_profile());
    assert_eq!(block_on(tabs.drivers[0].complete_profile(&restored)), None);
    assert_eq!(
        (
            tabs.provider().code_exchanges.get(),
            tabs.provider().userinfo_requests.get()
        ),
        before
    );
}

#[test]
fn a_callback_for_a_stale_or_tampered_sign_in_sends_no_request() {
    let origin = Origin::new();
    origin.advance_ms(31 * 60 * 1000);
    let stale = SessionDriver::new(FakeTab::callback(&origin, 0, START_MS));
    assert_eq!(
        block_on(stale.start()),
        SessionEvent::Failed(OAuthError::StaleSignIn)
    );
    let tampered = SessionDriver::new(FakeTab::callback(&origin, 1, origin.now.get()));
    *tampered.env().callback.borrow_mut() = crate::auth::callback::CallbackParams::Code {
        code: "code-1".into(),
        state: "state-2".into(),
    };
    assert_eq!(
        block_on(tampered.start()),
        SessionEvent::Failed(OAuthError::StateMismatch)
    );
    assert_eq!(origin.provider.code_exchanges.get(), 0);
    assert!(
        tampered.env().pending.borrow().is_none(),
        "verifier discarded"
    );
}

#[test]
fn the_refresh_moment_scales_with_the_lifetime() {
    let tabs = Tabs::signed_in(1);
    let result = tabs.states[0].result().unwrap().clone();
    assert_eq!(
        refresh_due_at(&result),
        Some(START_MS + 60_000),
        "a 75 s token refreshes when 15 s are left"
    );
    let timers = plan(&tabs.states[0], START_MS).unwrap();
    assert_eq!(timers.refresh_in_ms, Some(60_000));
    assert_eq!(timers.expiry_in_ms, 75_050);
    let long = crate::OAuthResult::new("t", START_MS + 28_799_000, Default::default(), "")
        .with_issued_at(START_MS)
        .with_refresh_token(Some("r".into()));
    assert_eq!(refresh_due_at(&long), Some(START_MS + 28_739_000));
    assert_eq!(
        refresh_due_at(&long.clone().with_refresh_token(None)),
        None,
        "no refresh token, no refresh timer"
    );
}

#[test]
fn three_tabs_refresh_once_per_cycle_for_several_lifetimes() {
    let mut tabs = Tabs::signed_in(3);
    assert_eq!(tabs.tokens(), vec!["hf_oauth_access_1".to_owned(); 3]);
    for cycle in 1..=4u32 {
        tabs.origin.advance_ms(60_000);
        let outcomes = tabs.refresh_turns();
        assert!(
            matches!(outcomes[0], RefreshOutcome::Refreshed(_)),
            "{outcomes:?}"
        );
        assert_eq!(
            outcomes[1..],
            [
                RefreshOutcome::Skipped(RefreshDecision::NotDue),
                RefreshOutcome::Skipped(RefreshDecision::NotDue)
            ]
        );
        let newest = format!("hf_oauth_access_{}", cycle + 1);
        assert_eq!(tabs.tokens(), vec![newest; 3], "cycle {cycle}");
        assert!(tabs.states.iter().all(SessionState::is_signed_in));
        assert_eq!(tabs.provider().refreshes.get(), cycle);
        assert_eq!(tabs.provider().refused.get(), 0);
        let profile = &tabs.states[2].result().unwrap().user_info;
        assert_eq!(profile.is_pro, Some(true), "the profile survives refreshes");
    }
}

#[test]
fn a_tab_whose_turn_comes_before_the_new_session_arrives_does_not_spend_the_token_again() {
    let mut tabs = Tabs::signed_in(2);
    tabs.origin.advance_ms(60_000);
    let first = block_on(tabs.drivers[0].refresh_turn());
    let RefreshOutcome::Refreshed(fresh) = first else {
        panic!("{first:?}")
    };
    tabs.apply(0, SessionEvent::SignedIn(Rc::new(fresh)));
    // Tab 1's turn before tab 0's message reached it.
    assert_eq!(
        block_on(tabs.drivers[1].refresh_turn()),
        RefreshOutcome::Skipped(RefreshDecision::SpentElsewhere)
    );
    tabs.deliver();
    assert_eq!(tabs.tokens(), vec!["hf_oauth_access_2".to_owned(); 2]);
    assert_eq!(tabs.provider().refreshes.get(), 1);
    assert_eq!(tabs.provider().refused.get(), 0);
}

#[test]
fn the_lock_lost_mid_refresh_lets_no_second_tab_spend_the_token() {
    let mut tabs = Tabs::signed_in(2);
    tabs.origin.advance_ms(60_000);
    // While tab 0's request is in flight, its lock is lost (the holder hung, or another tab
    // stole it) and tab 1 takes its turn.
    let second = Rc::new(std::cell::RefCell::new(None));
    {
        let second = second.clone();
        let origin = tabs.origin.clone();
        let session = tabs.drivers[1].env().load_session_for_test();
        *tabs.provider().during_refresh.borrow_mut() = Some(Box::new(move || {
            let tab = FakeTab::new(&origin, 1);
            *tab.session.borrow_mut() = session;
            *second.borrow_mut() = Some(block_on(SessionDriver::new(tab).refresh_turn()));
        }));
    }
    let first = block_on(tabs.drivers[0].refresh_turn());
    let RefreshOutcome::Refreshed(fresh) = first else {
        panic!("{first:?}")
    };
    tabs.apply(0, SessionEvent::SignedIn(Rc::new(fresh)));
    assert_eq!(
        second.borrow_mut().take(),
        Some(RefreshOutcome::Skipped(RefreshDecision::SpentElsewhere))
    );
    tabs.deliver();
    assert_eq!(tabs.tokens(), vec!["hf_oauth_access_2".to_owned(); 2]);
    assert_eq!(
        (
            tabs.provider().refreshes.get(),
            tabs.provider().refused.get()
        ),
        (1, 0)
    );
}

#[test]
fn a_refused_refresh_runs_the_session_to_its_expiry_without_an_error() {
    let mut tabs = Tabs::signed_in(2);
    *tabs.provider().valid_refresh.borrow_mut() = None; // revoked at the provider
    tabs.origin.advance_ms(60_000);
    let outcomes = tabs.refresh_turns();
    let RefreshOutcome::Refused(kept) = &outcomes[0] else {
        panic!("{outcomes:?}")
    };
    assert_eq!(kept.refresh_token, None);
    assert_eq!(
        outcomes[1],
        RefreshOutcome::Skipped(RefreshDecision::SpentElsewhere)
    );
    assert_eq!(
        tabs.provider().refused.get(),
        1,
        "one refusal, not one per tab"
    );
    assert!(tabs.states[0].is_signed_in());
    let timers = plan(&tabs.states[0], tabs.origin.now.get()).unwrap();
    assert_eq!(timers.refresh_in_ms, None, "no second try");
    tabs.origin.advance_ms(15_000);
    let now_ms = tabs.origin.now.get();
    for tab in 0..2 {
        tabs.apply(tab, SessionEvent::Tick { now_ms });
        assert!(
            matches!(tabs.states[tab], SessionState::Expired(_)),
            "{:?}",
            tabs.states[tab]
        );
    }
}

#[test]
fn an_answer_that_arrives_after_sign_out_is_dropped() {
    let tabs = Tabs::signed_in(1);
    tabs.origin.advance_ms(60_000);
    let env_session = tabs.drivers[0].env().session.clone();
    *tabs.provider().during_refresh.borrow_mut() = Some(Box::new(move || {
        *env_session.borrow_mut() = None;
    }));
    assert_eq!(
        block_on(tabs.drivers[0].refresh_turn()),
        RefreshOutcome::Skipped(RefreshDecision::Nothing)
    );
    assert_eq!(tabs.drivers[0].env().load_session_for_test(), None);
}

#[test]
fn sign_out_tells_the_other_tabs_and_they_forget_the_token() {
    let mut tabs = Tabs::signed_in(2);
    let signed_out = tabs.drivers[0].sign_out();
    assert!(signed_out.is_some());
    tabs.apply(0, SessionEvent::SignedOut);
    tabs.deliver();
    assert_eq!(
        tabs.states,
        [SessionState::SignedOut, SessionState::SignedOut]
    );
    assert_eq!(tabs.drivers[1].env().load_session_for_test(), None);
}

#[test]
fn without_web_locks_the_smallest_claim_refreshes() {
    let claims = ["7f".to_owned(), "0a".to_owned(), "c3".to_owned()];
    assert!(elected("0a", &claims));
    assert!(!elected("7f", &claims));
    assert!(elected("55", &[]), "alone, a tab refreshes");
}

#[test]
fn a_retired_driver_still_saves_its_code_exchange_but_completes_no_profile() {
    let origin = Origin::new();
    let driver = SessionDriver::new(FakeTab::callback(&origin, 0, START_MS));
    let SessionEvent::SignedIn(basic) = block_on(driver.start()) else {
        panic!()
    };
    driver.retire();
    assert_eq!(block_on(driver.complete_profile(&basic)), None);
    assert_eq!(origin.provider.userinfo_requests.get(), 0, "no request");
    assert_eq!(
        driver.env().load_session_for_test(),
        Some((*basic).clone()),
        "the exchanged session stays saved"
    );
    assert_eq!(
        origin.channel.borrow().len(),
        1,
        "only the sign-in announced"
    );
}
