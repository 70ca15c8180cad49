//! The driver's behaviour, natively: sign-in and profile, restore, refresh across tabs,
//! timers, the tab channel's secrets. Sign-in, popup and callbacks are in `sign_in_tests`.

use super::driver::{RefreshOutcome, SessionDriver};
use super::env::Timer;
use super::fake_env::*;
use super::refresh::{elected, RefreshDecision};
use super::schedule::{plan, refresh_due_at};
use crate::auth::fake::block_on;
use crate::{ProfileStatus, SessionState};
use std::rc::Rc;

/// Several tabs of one origin, each with its driver.
pub(super) struct Tabs {
    pub origin: Rc<Origin>,
    pub drivers: Vec<Rc<SessionDriver<FakeTab>>>,
}

impl Tabs {
    pub fn new() -> Self {
        Tabs {
            origin: Origin::new(),
            drivers: Vec::new(),
        }
    }

    /// Open a tab (its page loads: start-up runs) and let everything settle.
    pub fn open(&mut self, tab: FakeTab) -> usize {
        self.drivers.push(Rc::new(SessionDriver::new(tab)));
        let index = self.drivers.len() - 1;
        block_on(self.drivers[index].start());
        self.settle();
        index
    }

    /// `count` tabs, the first opened by the provider's redirect and signed in (profile
    /// completed), the others opened after it and given the session by tab message.
    pub fn signed_in(count: usize) -> Self {
        let mut tabs = Tabs::new();
        tabs.open(FakeTab::callback(&tabs.origin, 0, START_MS));
        for index in 1..count {
            tabs.open(FakeTab::new(&tabs.origin, index));
        }
        tabs
    }

    /// Run every spawned task and deliver every message, until nothing is left.
    pub fn settle(&self) {
        loop {
            let mut busy = false;
            for driver in &self.drivers {
                let tasks: Vec<_> = driver.env().tasks.borrow_mut().drain(..).collect();
                busy |= !tasks.is_empty();
                for task in tasks {
                    block_on(task);
                }
            }
            let sent: Vec<_> = self.origin.channel.borrow_mut().drain(..).collect();
            busy |= !sent.is_empty();
            for (from, message) in sent {
                for (tab, driver) in self.drivers.iter().enumerate() {
                    if tab != from {
                        driver.on_tab_message(message.clone());
                    }
                }
            }
            if !busy {
                return;
            }
        }
    }

    /// Move the clock by `ms` and fire every timer due by then, in the order they are due.
    pub fn advance_and_fire(&self, ms: u64) {
        self.origin.advance_ms(ms);
        let now = self.origin.now.get();
        loop {
            let due = self
                .drivers
                .iter()
                .enumerate()
                .flat_map(|(tab, driver)| {
                    let timers = driver.env().timers.borrow().clone();
                    timers.into_iter().map(move |(timer, at)| (at, tab, timer))
                })
                .filter(|(at, _, _)| *at <= now)
                .min_by_key(|(at, tab, timer)| (*at, *tab, *timer as u8));
            let Some((_, tab, timer)) = due else { return };
            self.drivers[tab].env().timers.borrow_mut().remove(&timer);
            self.drivers[tab].on_timer(timer);
            self.settle();
        }
    }

    pub fn state(&self, tab: usize) -> SessionState {
        self.drivers[tab].state()
    }

    pub fn provider(&self) -> &Provider {
        &self.origin.provider
    }

    pub fn tokens(&self) -> Vec<String> {
        (0..self.drivers.len())
            .map(|tab| {
                self.state(tab)
                    .result()
                    .map(|r| r.access_token.expose().to_owned())
                    .unwrap_or_default()
            })
            .collect()
    }
}

#[test]
fn the_name_comes_with_the_token_and_the_rest_of_the_profile_with_userinfo() {
    let tabs = Tabs::signed_in(1);
    let env = tabs.drivers[0].env();
    let published = env.published.borrow().clone();
    let [(SessionState::SignedIn(basic), 0), (SessionState::SignedIn(full), 1)] =
        published.as_slice()
    else {
        panic!("{published:?}")
    };
    assert_eq!(basic.user_info.display_name(), "Jane Doe");
    assert_eq!(basic.user_info.is_pro, None, "the id_token has no PRO");
    assert_eq!(basic.profile_status, ProfileStatus::Basic);
    assert_eq!(tabs.provider().code_exchanges.get(), 1);
    assert_eq!(env.returned_to.borrow().as_deref(), Some("/app/?tab=chat"));
    assert!(tabs.origin.pending.borrow().is_empty(), "verifier removed");

    assert_eq!(full.user_info.is_pro, Some(true));
    assert_eq!(full.user_info.orgs[0].name.as_deref(), Some("Acme"));
    assert_eq!(full.user_info.orgs[0].security_restrictions, ["mfa", "sso"]);
    assert_eq!(
        full.user_info.website.as_deref(),
        Some("https://x"),
        "userinfo's website wins over the id_token's"
    );
    assert_eq!(full.profile_status, ProfileStatus::Complete);
    assert_eq!(env.load_session_for_test().as_ref(), Some(&**full));
    assert!(
        full.refresh_token.is_some(),
        "the tab that signed in holds it"
    );
    assert_eq!(
        tabs.origin.wire.borrow().len(),
        2,
        "the other tabs get the name first, then the full profile"
    );
    assert_eq!(block_on(tabs.drivers[0].complete_profile(full)), None);
}

#[test]
fn a_failed_userinfo_keeps_the_visitor_signed_in_and_is_retried_on_the_next_load() {
    let mut tabs = Tabs::new();
    *tabs.origin.provider.userinfo.borrow_mut() = (503, "unavailable".into());
    tabs.open(FakeTab::callback(&tabs.origin, 0, START_MS));
    let kept = tabs.state(0).result().unwrap().clone();
    assert_eq!(kept.profile_status, ProfileStatus::Unavailable);
    assert_eq!(kept.user_info.display_name(), "Jane Doe");

    // The next load of the same tab restores it and asks userinfo again.
    *tabs.origin.provider.userinfo.borrow_mut() =
        (200, crate::auth::userinfo_response::HF_USERINFO.into());
    let reloaded = FakeTab::new(&tabs.origin, 0);
    *reloaded.session.borrow_mut() = tabs.drivers[0].env().load_session_for_test();
    let again = tabs.open(reloaded);
    assert_eq!(
        tabs.state(again).result().unwrap().user_info.is_pro,
        Some(true)
    );
    assert_eq!(tabs.provider().userinfo_requests.get(), 2);
}

#[test]
fn a_reload_with_the_full_profile_makes_no_request() {
    let mut tabs = Tabs::signed_in(1);
    let before = (
        tabs.provider().code_exchanges.get(),
        tabs.provider().userinfo_requests.get(),
    );
    let reloaded = FakeTab::new(&tabs.origin, 0);
    *reloaded.session.borrow_mut() = tabs.drivers[0].env().load_session_for_test();
    let again = tabs.open(reloaded);
    assert!(tabs.state(again).is_signed_in());
    assert_eq!(
        (
            tabs.provider().code_exchanges.get(),
            tabs.provider().userinfo_requests.get()
        ),
        before
    );
}

#[test]
fn the_refresh_moment_scales_with_the_lifetime() {
    let tabs = Tabs::signed_in(1);
    let result = tabs.state(0).result().unwrap().clone();
    assert_eq!(
        refresh_due_at(&result),
        Some(START_MS + 60_000),
        "a 75 s token refreshes when 15 s are left"
    );
    let timers = plan(&tabs.state(0), START_MS).unwrap();
    assert_eq!(timers.refresh_in_ms, Some(60_000));
    assert_eq!(timers.expiry_in_ms, 75_050);
    let env = tabs.drivers[0].env();
    assert_eq!(env.timers.borrow()[&Timer::Refresh], START_MS + 60_000);
    assert_eq!(env.timers.borrow()[&Timer::Expiry], START_MS + 75_050);
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
fn only_the_tab_that_signed_in_refreshes_and_the_others_follow_for_several_lifetimes() {
    let tabs = Tabs::signed_in(3);
    assert_eq!(tabs.tokens(), vec!["hf_oauth_access_1".to_owned(); 3]);
    for tab in 1..3 {
        let env = tabs.drivers[tab].env();
        assert_eq!(env.load_session_for_test().unwrap().refresh_token, None);
        assert!(!env.timers.borrow().contains_key(&Timer::Refresh));
    }
    for cycle in 1..=4u32 {
        tabs.advance_and_fire(60_000);
        let newest = format!("hf_oauth_access_{}", cycle + 1);
        assert_eq!(tabs.tokens(), vec![newest; 3], "cycle {cycle}");
        assert!((0..3).all(|tab| tabs.state(tab).is_signed_in()));
        assert_eq!(tabs.provider().refreshes.get(), cycle);
        assert_eq!(tabs.provider().refused.get(), 0);
        let state = tabs.state(2);
        let profile = &state.result().unwrap().user_info;
        assert_eq!(profile.is_pro, Some(true), "the profile survives refreshes");
    }
}

#[test]
fn no_refresh_token_or_id_token_crosses_the_tab_channel() {
    let tabs = Tabs::signed_in(3);
    tabs.advance_and_fire(60_000);
    let holder = tabs.drivers[0].env().load_session_for_test().unwrap();
    let refresh = holder.refresh_token.clone().unwrap();
    let id_token = holder.id_token.clone().unwrap();
    let wire = tabs.origin.wire.borrow();
    assert!(wire.len() >= 4, "{wire:?}");
    for message in wire.iter() {
        assert!(!message.contains("hf_oauth_refresh_"), "{message}");
        assert!(!message.contains("id_token"), "{message}");
    }
    assert!(!wire
        .iter()
        .any(|m| m.contains(refresh.expose()) || m.contains(id_token.expose())));
}

#[test]
fn when_the_holder_closes_the_others_run_to_expiry_then_show_expired() {
    let mut tabs = Tabs::signed_in(2);
    // Tab 0 closes: its driver and timers are gone.
    tabs.drivers[0].retire();
    tabs.drivers.remove(0);
    tabs.advance_and_fire(60_000);
    assert!(tabs.state(0).is_signed_in(), "the access token still works");
    assert_eq!(tabs.provider().refreshes.get(), 0);
    tabs.advance_and_fire(15_050);
    assert!(
        matches!(tabs.state(0), SessionState::Expired(_)),
        "{:?}",
        tabs.state(0)
    );
}

#[test]
fn a_duplicated_tab_whose_turn_comes_before_the_new_session_does_not_spend_the_token_again() {
    let mut tabs = Tabs::signed_in(1);
    // "Duplicate tab" copies sessionStorage, refresh token included.
    let duplicate = FakeTab::new(&tabs.origin, 1);
    *duplicate.session.borrow_mut() = tabs.drivers[0].env().load_session_for_test();
    tabs.open(duplicate);
    tabs.origin.advance_ms(60_000);
    let first = block_on(tabs.drivers[0].refresh_turn());
    assert!(matches!(first, RefreshOutcome::Refreshed(_)), "{first:?}");
    // Tab 1's turn before tab 0's message reached it.
    assert_eq!(
        block_on(tabs.drivers[1].refresh_turn()),
        RefreshOutcome::Skipped(RefreshDecision::SpentElsewhere)
    );
    tabs.settle();
    assert_eq!(
        tabs.tokens()[1],
        "hf_oauth_access_2",
        "the duplicate follows"
    );
    assert_eq!(tabs.provider().refreshes.get(), 1);
    assert_eq!(tabs.provider().refused.get(), 0);
}

#[test]
fn the_lock_lost_mid_refresh_lets_no_second_tab_spend_the_token() {
    let tabs = Tabs::signed_in(1);
    tabs.origin.advance_ms(60_000);
    // While tab 0's request is in flight, its lock is lost (the holder hung, or another tab
    // stole it) and a duplicate of the tab takes its turn.
    let second = Rc::new(std::cell::RefCell::new(None));
    {
        let second = second.clone();
        let origin = tabs.origin.clone();
        let session = tabs.drivers[0].env().load_session_for_test();
        *tabs.provider().during_refresh.borrow_mut() = Some(Box::new(move || {
            let tab = FakeTab::new(&origin, 1);
            *tab.session.borrow_mut() = session;
            *second.borrow_mut() = Some(block_on(SessionDriver::new(tab).refresh_turn()));
        }));
    }
    let first = block_on(tabs.drivers[0].refresh_turn());
    assert!(matches!(first, RefreshOutcome::Refreshed(_)), "{first:?}");
    assert_eq!(
        second.borrow_mut().take(),
        Some(RefreshOutcome::Skipped(RefreshDecision::SpentElsewhere))
    );
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
    let tabs = Tabs::signed_in(2);
    *tabs.provider().valid_refresh.borrow_mut() = None; // revoked at the provider
    tabs.advance_and_fire(60_000);
    assert_eq!(tabs.provider().refused.get(), 1, "one refusal");
    let kept = tabs.drivers[0].env().load_session_for_test().unwrap();
    assert_eq!(kept.refresh_token, None);
    assert!(tabs.state(0).is_signed_in() && tabs.state(1).is_signed_in());
    assert!(
        !tabs.drivers[0]
            .env()
            .timers
            .borrow()
            .contains_key(&Timer::Refresh),
        "no second try"
    );
    tabs.advance_and_fire(15_050);
    for tab in 0..2 {
        assert!(
            matches!(tabs.state(tab), SessionState::Expired(_)),
            "{:?}",
            tabs.state(tab)
        );
    }
    assert_eq!(tabs.provider().refused.get(), 1);
}

#[test]
fn a_timer_that_fires_late_refreshes_instead_of_expiring() {
    // A laptop asleep for two hours: both timers are long past when the page wakes.
    let tabs = Tabs::signed_in(2);
    tabs.advance_and_fire(2 * 60 * 60 * 1000);
    assert_eq!(
        tabs.provider().refreshes.get(),
        1,
        "one refresh, not one per timer"
    );
    assert_eq!(tabs.tokens(), vec!["hf_oauth_access_2".to_owned(); 2]);
    assert!(tabs.state(0).is_signed_in() && tabs.state(1).is_signed_in());
    let published = tabs.drivers[0].env().published.borrow().clone();
    assert!(
        !published
            .iter()
            .any(|(s, _)| matches!(s, SessionState::Expired(_))),
        "the holder never showed Expired: {published:?}"
    );
}

#[test]
fn a_refresh_that_got_no_answer_is_tried_again_at_the_expiry() {
    let tabs = Tabs::signed_in(2);
    tabs.provider().unreachable_once.set(true);
    tabs.advance_and_fire(60_000);
    assert_eq!(tabs.provider().refreshes.get(), 0, "no answer");
    tabs.advance_and_fire(15_050);
    assert_eq!(tabs.provider().refreshes.get(), 1, "tried again at the end");
    assert_eq!(tabs.tokens(), vec!["hf_oauth_access_2".to_owned(); 2]);
    assert!(tabs.state(0).is_signed_in() && tabs.state(1).is_signed_in());
}

#[test]
fn a_late_timer_with_a_refused_refresh_shows_expired() {
    let tabs = Tabs::signed_in(1);
    *tabs.provider().valid_refresh.borrow_mut() = None;
    tabs.advance_and_fire(2 * 60 * 60 * 1000);
    tabs.advance_and_fire(100);
    assert!(
        matches!(tabs.state(0), SessionState::Expired(_)),
        "{:?}",
        tabs.state(0)
    );
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
    let tabs = Tabs::signed_in(3);
    tabs.drivers[1].sign_out();
    tabs.settle();
    for tab in 0..3 {
        assert_eq!(tabs.state(tab), SessionState::SignedOut);
        assert_eq!(tabs.drivers[tab].env().load_session_for_test(), None);
        assert!(tabs.drivers[tab].env().timers.borrow().is_empty());
    }
}

#[test]
fn a_session_older_than_this_tabs_own_is_ignored() {
    let tabs = Tabs::signed_in(2);
    let old = tabs.drivers[0].env().load_session_for_test().unwrap();
    tabs.advance_and_fire(60_000);
    let newest = tabs.tokens();
    // A tab that slept answers `hello` with the session of an hour ago.
    tabs.drivers[1].on_tab_message(super::tab_message::TabMessage::signed_in(&old));
    tabs.drivers[0].on_tab_message(super::tab_message::TabMessage::signed_in(&old));
    assert_eq!(tabs.tokens(), newest);
    let holder = tabs.drivers[0].env().load_session_for_test().unwrap();
    assert!(
        holder.refresh_token.is_some(),
        "the holder keeps its refresh token"
    );
}

#[test]
fn without_web_locks_the_smallest_claim_refreshes() {
    let claims = ["7f".to_owned(), "0a".to_owned(), "c3".to_owned()];
    assert!(elected("0a", &claims));
    assert!(!elected("7f", &claims));
    assert!(elected("55", &[]), "alone, a tab refreshes");

    let tabs = Tabs::signed_in(1);
    tabs.drivers[0].env().no_web_locks.set(true);
    tabs.drivers[0]
        .env()
        .claims
        .borrow_mut()
        .push("tab-9".into());
    tabs.advance_and_fire(60_000);
    assert_eq!(tabs.provider().refreshes.get(), 1, "won the election");
    tabs.drivers[0]
        .env()
        .claims
        .borrow_mut()
        .push("tab-".into());
    tabs.advance_and_fire(60_000);
    assert_eq!(
        tabs.provider().refreshes.get(),
        1,
        "lost it to a smaller claim"
    );
}

#[test]
fn a_retired_driver_still_saves_its_code_exchange_but_completes_no_profile() {
    let origin = Origin::new();
    let driver = Rc::new(SessionDriver::new(FakeTab::callback(&origin, 0, START_MS)));
    let finished = block_on(driver.finish_redirect());
    let Ok(super::driver::Finished::SignedIn { result, .. }) = finished else {
        panic!("not signed in")
    };
    driver.retire();
    assert_eq!(block_on(driver.complete_profile(&result)), None);
    assert_eq!(origin.provider.userinfo_requests.get(), 0, "no request");
    let saved = driver.env().load_session_for_test().unwrap();
    assert_eq!(
        saved.access_token, result.access_token,
        "the session stays saved"
    );
    assert_eq!(
        origin.channel.borrow().len(),
        1,
        "only the sign-in announced"
    );
    assert!(driver.env().timers.borrow().is_empty(), "no timer left");
}
