//! Stories of `UserBadge`: who is signed in, PRO, organizations, long names, unsafe and broken
//! avatars, the last minute of a session, and an expired one.
//! The Code tab shows the functions below, cut from this very file.

use crate::actions::SessionSpy;
use crate::fixtures::{jane, org, session, signed_in, user, HOURS_8};
use crate::play::Step;
use crate::registry::{Args, Control, Stories, Story};
use yew::prelude::*;
use yew_hf_oauth::{HfOAuthProvider, SessionState, UserBadge};

const CONTROLS: &[Control] = &[Control::Theme, Control::ShowOrgs, Control::ShowExpiry];

/// The group's stories.
pub fn stories() -> Vec<Story> {
    let args = Args::default;
    Stories::new(include_str!("user_badge.rs"))
        .add(
            "signed-in",
            "Signed in",
            "Avatar initials, name, @username, time left and Sign out.",
            CONTROLS,
            args(),
            &[],
            signed_in_story,
        )
        .add(
            "pro",
            "PRO",
            "The PRO mark of a subscriber.",
            CONTROLS,
            args(),
            &["pro", "badge"],
            pro,
        )
        .add(
            "orgs",
            "With organizations",
            "Organizations behind a disclosure button (aria-expanded).",
            CONTROLS,
            args(),
            &["orgs", "badge"],
            orgs,
        )
        .add(
            "grant-access",
            "Organization access to grant",
            "An organization the app cannot use yet (no role) offers Grant access, which signs in again with orgIds.",
            CONTROLS,
            args(),
            &["grant-access", "badge"],
            grant_access,
        )
        .add(
            "memory-only",
            "Kept in memory only",
            "The browser refused to store the session: it lasts until the page is reloaded, and the badge says so.",
            CONTROLS,
            args(),
            &["memory-only", "badge"],
            memory_only,
        )
        .add(
            "long-names",
            "Long names",
            "Very long names and usernames wrap instead of overflowing (try the narrow canvas).",
            CONTROLS,
            args(),
            &["long-names", "badge"],
            long_names,
        )
        .add(
            "javascript-avatar",
            "Unsafe avatar URL",
            "A javascript: picture URL is never put in the page; initials instead.",
            CONTROLS,
            args(),
            &["javascript-avatar", "badge"],
            javascript_avatar,
        )
        .add(
            "broken-avatar",
            "Unreachable avatar",
            "An https picture that fails to load falls back to initials.",
            CONTROLS,
            args(),
            &["broken-avatar", "badge"],
            broken_avatar,
        )
        .add(
            "expiring",
            "Expiring in a minute",
            "Under five minutes left, the time left turns into a warning.",
            CONTROLS,
            args(),
            &["expiring", "badge"],
            expiring,
        )
        .add(
            "expired",
            "Expired",
            "The token ran out while the page was open: says so, offers Sign in again.",
            CONTROLS,
            args(),
            &["expired", "badge"],
            expired,
        )
        .add(
            "play-orgs",
            "Play: open the organizations",
            "An interaction test: it opens the organizations, checks each name and role and that \
             the button says it is expanded, then closes them (see the Interactions panel).",
            CONTROLS,
            args(),
            &["orgs", "badge", "play-orgs"],
            orgs,
        )
        .play(PLAY_ORGS)
        .build()
}

// [snippet:play-orgs]
/// Open the organizations, read them, close them.
const PLAY_ORGS: &[Step] = &[
    Step::SeeText("Ada Lovelace"),
    Step::ButtonState {
        button: "3 organizations",
        attribute: "aria-expanded",
        value: "false",
    },
    Step::NoText("Analytical Engines"),
    Step::Click("3 organizations"),
    Step::ButtonState {
        button: "3 organizations",
        attribute: "aria-expanded",
        value: "true",
    },
    Step::SeeText("Acme · admin"),
    Step::SeeText("Analytical Engines · write"),
    Step::SeeText("Open Science · read"),
    Step::Click("3 organizations"),
    Step::NoText("Analytical Engines"),
];
// [end]

// [snippet:badge]
/// The badge in `state`, with the props from the controls.
fn badge(state: SessionState, args: &Args) -> Html {
    html! {
        <HfOAuthProvider state={Some(state)}>
            <UserBadge theme={args.theme()} show_orgs={args.show_orgs} show_expiry={args.show_expiry} />
            <SessionSpy />
        </HfOAuthProvider>
    }
}
// [end]

// [snippet:signed-in]
fn signed_in_story(args: &Args) -> Html {
    let state = SessionState::SignedIn(session(jane(), HOURS_8));
    html! {
        <HfOAuthProvider state={Some(state)}>
            <UserBadge theme={args.theme()} show_orgs={args.show_orgs} show_expiry={args.show_expiry} />
            <SessionSpy />
        </HfOAuthProvider>
    }
}
// [end]

// [snippet:pro]
fn pro(args: &Args) -> Html {
    badge(signed_in(user("Ada Lovelace", "ada", true, vec![])), args)
}
// [end]

// [snippet:orgs]
fn orgs(args: &Args) -> Html {
    let orgs = vec![
        org("Acme", "admin"),
        org("Analytical Engines", "write"),
        org("Open Science", "read"),
    ];
    badge(signed_in(user("Ada Lovelace", "ada", true, orgs)), args)
}
// [end]

// [snippet:grant-access]
fn grant_access(args: &Args) -> Html {
    let mut not_yet = org("Open Science", "read");
    not_yet.role_in_org = None;
    let orgs = vec![org("Acme", "admin"), not_yet];
    badge(signed_in(user("Ada Lovelace", "ada", true, orgs)), args)
}
// [end]

// [snippet:memory-only]
fn memory_only(args: &Args) -> Html {
    let kept = (*session(jane(), HOURS_8)).clone().kept_in_memory();
    badge(SessionState::SignedIn(std::rc::Rc::new(kept)), args)
}
// [end]

// [snippet:long-names]
fn long_names(args: &Args) -> Html {
    let visitor = user(
        "Maximilian Alexander Konstantin von Hohenzollern-Sigmaringen der Jüngere",
        "maximilian-alexander-konstantin-hohenzollern-sigmaringen",
        true,
        vec![org(
            "The Extraordinarily Long Organization Name Research Collective",
            "contributor",
        )],
    );
    badge(signed_in(visitor), args)
}
// [end]

// [snippet:javascript-avatar]
fn javascript_avatar(args: &Args) -> Html {
    let mut visitor = user("Mallory", "mallory", false, vec![]);
    visitor.picture = Some("javascript:alert(document.cookie)".into());
    badge(signed_in(visitor), args)
}
// [end]

// [snippet:broken-avatar]
fn broken_avatar(args: &Args) -> Html {
    let mut visitor = user("Bob Builder", "bob", false, vec![]);
    // `.invalid` never resolves: the image fails and the badge shows initials.
    visitor.picture = Some("https://avatar.invalid/bob.png".into());
    badge(signed_in(visitor), args)
}
// [end]

// [snippet:expiring]
fn expiring(args: &Args) -> Html {
    badge(SessionState::SignedIn(session(jane(), 60_000)), args)
}
// [end]

// [snippet:expired]
fn expired(args: &Args) -> Html {
    badge(SessionState::Expired(session(jane(), 0)), args)
}
// [end]
