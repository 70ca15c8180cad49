//! Stories of `HfLoginButton`: every size, both themes, and each session state it shows.
//! The Code tab shows the functions below, cut from this very file. `SessionSpy` reports the
//! button's sign-in to the actions panel.

use crate::actions::SessionSpy;
use crate::fixtures::StateChoice;
use crate::play::Step;
use crate::registry::{Args, Control, Stories, Story};
use yew::prelude::*;
use yew_hf_oauth::{ButtonSize, HfLoginButton, HfOAuthProvider, SessionState, Theme};

const CONTROLS: &[Control] = &[
    Control::Size,
    Control::Theme,
    Control::Label,
    Control::State,
];

/// The group's stories.
pub fn stories() -> Vec<Story> {
    let args = |size, state| Args {
        size,
        state,
        ..Args::default()
    };
    Stories::new(include_str!("login_button.rs"))
        .add(
            "signed-out",
            "Signed out",
            "The official badge look: a real <button> that starts the sign-in. Try the controls.",
            CONTROLS,
            args(ButtonSize::Md, StateChoice::SignedOut),
            &["button"],
            button,
        )
        .add(
            "sizes",
            "All sizes",
            "sm, md, lg and xl, the sizes of the official badges (28, 36, 44 and 52 px high).",
            &[Control::Theme, Control::State],
            Args::default(),
            &[],
            sizes,
        )
        .add(
            "small",
            "Size sm",
            "The smallest badge, 28 px high.",
            CONTROLS,
            args(ButtonSize::Sm, StateChoice::SignedOut),
            &["button"],
            button,
        )
        .add(
            "large",
            "Size lg",
            "44 px high.",
            CONTROLS,
            args(ButtonSize::Lg, StateChoice::SignedOut),
            &["button"],
            button,
        )
        .add(
            "extra-large",
            "Size xl",
            "52 px high.",
            CONTROLS,
            args(ButtonSize::Xl, StateChoice::SignedOut),
            &["button"],
            button,
        )
        .add(
            "dark",
            "Dark",
            "For dark pages, whatever the page toggle says.",
            CONTROLS,
            Args {
                theme: Some(Theme::Dark),
                ..Args::default()
            },
            &["button"],
            button,
        )
        .add(
            "custom-label",
            "Custom label",
            "The words can be replaced; the logo stays.",
            CONTROLS,
            Args {
                label: "Continue with Hugging Face".into(),
                ..Args::default()
            },
            &["button"],
            button,
        )
        .add(
            "loading",
            "Loading",
            "Busy while the provider reads storage or finishes the redirect.",
            CONTROLS,
            args(ButtonSize::Md, StateChoice::Loading),
            &["button"],
            button,
        )
        .add(
            "redirecting",
            "Busy: redirecting",
            "After the click, on the way to Hugging Face.",
            CONTROLS,
            args(ButtonSize::Md, StateChoice::Redirecting),
            &["button"],
            button,
        )
        .add(
            "not-configured",
            "Not configured",
            "No client ID on the page: disabled, and says why.",
            CONTROLS,
            args(ButtonSize::Md, StateChoice::NotConfigured),
            &["button"],
            button,
        )
        .add(
            "expired",
            "Session expired",
            "The token ran out: the button is back, enabled.",
            CONTROLS,
            args(ButtonSize::Md, StateChoice::Expired),
            &["button"],
            button,
        )
        .add(
            "signed-in",
            "Signed in (hidden)",
            "Signed in, the button renders nothing; the UserBadge takes over.",
            CONTROLS,
            args(ButtonSize::Md, StateChoice::SignedIn),
            &[],
            signed_in,
        )
        .add(
            "play-sign-in",
            "Play: sign in",
            "An interaction test: it clicks Sign in and checks that the button turns busy and \
             disabled while the page leaves for Hugging Face (see the Interactions panel).",
            CONTROLS,
            args(ButtonSize::Md, StateChoice::SignedOut),
            &["button", "play-sign-in"],
            button,
        )
        .play(PLAY_SIGN_IN)
        .build()
}

// [snippet:play-sign-in]
/// Click Sign in: the button says where it goes, is busy and cannot be pressed twice.
const PLAY_SIGN_IN: &[Step] = &[
    Step::SeeButton("Sign in with Hugging Face"),
    Step::Click("Sign in with Hugging Face"),
    Step::WaitForText("Redirecting to Hugging Face…"),
    Step::NoButton("Sign in with Hugging Face"),
    Step::Disabled("Redirecting to Hugging Face…"),
    Step::ButtonState {
        button: "Redirecting to Hugging Face…",
        attribute: "aria-busy",
        value: "true",
    },
];
// [end]

// [snippet:button]
/// One button in the state chosen in the controls.
fn button(args: &Args) -> Html {
    html! {
        <HfOAuthProvider state={Some(args.state.state())}>
            <HfLoginButton size={args.size} theme={args.theme()} label={args.label()} />
            <SessionSpy />
        </HfOAuthProvider>
    }
}
// [end]

// [snippet:sizes]
/// The four sizes side by side.
fn sizes(args: &Args) -> Html {
    html! {
        <HfOAuthProvider state={Some(args.state.state())}>
            <div class="row">
                { for ButtonSize::ALL.into_iter().map(|size| html! {
                    <HfLoginButton {size} theme={args.theme()} />
                }) }
            </div>
        </HfOAuthProvider>
    }
}
// [end]

// [snippet:signed-in]
/// Signed in: the button hides itself.
fn signed_in(args: &Args) -> Html {
    let hidden = matches!(args.state.state(), SessionState::SignedIn(_));
    html! {
        <HfOAuthProvider state={Some(args.state.state())}>
            <HfLoginButton size={args.size} theme={args.theme()} />
            if hidden { <p class="story-note">{ "(nothing rendered: the visitor is signed in)" }</p> }
        </HfOAuthProvider>
    }
}
// [end]
