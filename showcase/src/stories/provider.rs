//! Provider-level states: what every component inside `HfOAuthProvider` shows while the session
//! loads, while the browser leaves for Hugging Face, and after each way a sign-in can fail.
//! The Code tab shows the function below, cut from this very file.

use crate::fixtures::StateChoice;
use crate::registry::{Args, Control, Stories, Story};
use yew::prelude::*;
use yew_hf_oauth::{HfLoginButton, HfOAuthProvider, UserBadge};

const CONTROLS: &[Control] = &[Control::State, Control::Theme, Control::Size];

/// The group's stories.
pub fn stories() -> Vec<Story> {
    let with = |state| Args {
        state,
        ..Args::default()
    };
    let code = &["session"][..];
    Stories::new(include_str!("provider.rs"))
        .add(
            "loading",
            "Loading",
            "Reading storage or finishing the redirect.",
            CONTROLS,
            with(StateChoice::Loading),
            code,
            session,
        )
        .add(
            "redirecting",
            "Redirecting",
            "On the way to Hugging Face.",
            CONTROLS,
            with(StateChoice::Redirecting),
            code,
            session,
        )
        .add(
            "signed-in",
            "Signed in",
            "Every component sees the same session.",
            CONTROLS,
            with(StateChoice::SignedIn),
            code,
            session,
        )
        .add(
            "access-denied",
            "Error: access denied",
            "The visitor declined on Hugging Face.",
            CONTROLS,
            with(StateChoice::AccessDenied),
            code,
            session,
        )
        .add(
            "invalid-scope",
            "Error: invalid scope",
            "The app does not allow a requested scope.",
            CONTROLS,
            with(StateChoice::InvalidScope),
            code,
            session,
        )
        .add(
            "foreign-callback",
            "Error: foreign callback",
            "A sign-in response (a link with code or error) that this browser did not start: ignored, its words not shown.",
            CONTROLS,
            with(StateChoice::ForeignCallback),
            code,
            session,
        )
        .add(
            "storage-blocked",
            "Error: storage blocked",
            "The browser refuses this site any storage (blocked site data, some private windows).",
            CONTROLS,
            with(StateChoice::StorageBlocked),
            code,
            session,
        )
        .add(
            "insecure-hub",
            "Error: insecure hub",
            "A non-default hub over plain http off loopback is refused before any request.",
            CONTROLS,
            with(StateChoice::InsecureHub),
            code,
            session,
        )
        .add(
            "state-mismatch",
            "Error: state mismatch",
            "A tampered, reused or foreign callback.",
            CONTROLS,
            with(StateChoice::StateMismatch),
            code,
            session,
        )
        .add(
            "missing-verifier",
            "Error: missing verifier",
            "Storage was cleared between leaving and coming back.",
            CONTROLS,
            with(StateChoice::MissingVerifier),
            code,
            session,
        )
        .add(
            "token-exchange",
            "Error: token exchange 400",
            "The token endpoint refused the code.",
            CONTROLS,
            with(StateChoice::TokenExchange),
            code,
            session,
        )
        .add(
            "profile-fetch",
            "Error: userinfo 401",
            "The profile could not be read.",
            CONTROLS,
            with(StateChoice::ProfileFetch),
            code,
            session,
        )
        .add(
            "network",
            "Error: network",
            "Hugging Face could not be reached.",
            CONTROLS,
            with(StateChoice::Network),
            code,
            session,
        )
        .add(
            "invalid-id-token",
            "Error: invalid id_token",
            "The id_token does not belong to this sign-in (nonce, audience or issuer).",
            CONTROLS,
            with(StateChoice::InvalidIdToken),
            code,
            session,
        )
        .add(
            "malformed",
            "Error: malformed response",
            "The provider answered something the spec does not describe.",
            CONTROLS,
            with(StateChoice::Malformed),
            code,
            session,
        )
        .build()
}

// [snippet:session]
/// The login button and the badge sharing one injected session state.
fn session(args: &Args) -> Html {
    html! {
        <HfOAuthProvider state={Some(args.state.state())}>
            <div class="stack">
                <HfLoginButton size={args.size} theme={args.theme()} />
                <UserBadge theme={args.theme()} />
            </div>
        </HfOAuthProvider>
    }
}
// [end]
