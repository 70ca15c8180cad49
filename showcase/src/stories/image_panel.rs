//! Stories of `ImagePanel`: signed out, idle, generating, done (a small inline image) and an
//! error. The states are injected through the panel's `status` and `image` props: no network,
//! no token. The Code tab shows the functions below, cut from this file.

use crate::fixtures::StateChoice;
use crate::registry::{Args, Control, Stories, Story};
use yew::prelude::*;
use yew_hf_oauth::{
    HfOAuthProvider, ImageOutput, ImagePanel, ImageProvider, ImageStatus, InferenceError,
};

const CONTROLS: &[Control] = &[Control::Theme, Control::State];

/// The group's stories.
pub fn stories() -> Vec<Story> {
    let signed_in = || Args {
        state: StateChoice::SignedIn,
        ..Args::default()
    };
    let signed_out = Args {
        state: StateChoice::SignedOut,
        ..Args::default()
    };
    Stories::new(include_str!("image_panel.rs"))
        .add("signed-out", "Signed out", "Offers the login button instead of a dead form.", CONTROLS, signed_out, &["signed-out"], signed_out_story)
        .add("idle", "Idle", "Signed in, ready: the model, a prompt, Generate.", CONTROLS, signed_in(), &[], idle)
        .add("generating", "Generating", "The provider is making the image: the region is busy and the status names the provider.", CONTROLS, signed_in(), &[], generating)
        .add("done", "Done", "The image, its alternative text the prompt, and a Download link with a file name.", CONTROLS, signed_in(), &["done", "fox"], done)
        .add("error-402", "Error 402: credits", "The visitor's inference credits are used up: the same words as the chat's.", CONTROLS, signed_in(), &[], error_402)
        .build()
}

// [snippet:signed-out]
fn signed_out_story(args: &Args) -> Html {
    html! {
        <HfOAuthProvider state={Some(args.state.state())}>
            <ImagePanel theme={args.theme()} />
        </HfOAuthProvider>
    }
}
// [end]

// [snippet:idle]
fn idle(args: &Args) -> Html {
    html! {
        <HfOAuthProvider state={Some(args.state.state())}>
            <ImagePanel model="black-forest-labs/FLUX.1-schnell" theme={args.theme()} />
        </HfOAuthProvider>
    }
}
// [end]

// [snippet:generating]
fn generating(args: &Args) -> Html {
    let status = ImageStatus::Generating {
        provider: ImageProvider::HfInference,
    };
    html! {
        <HfOAuthProvider state={Some(args.state.state())}>
            <ImagePanel prompt="A red fox in the snow, watercolour" {status} theme={args.theme()} />
        </HfOAuthProvider>
    }
}
// [end]

// [snippet:fox]
/// A small drawing, inline: the story needs no network.
const FOX: &str = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='160' height='120' viewBox='0 0 160 120'%3E%3Crect width='160' height='120' fill='%23e0f2fe'/%3E%3Crect y='86' width='160' height='34' fill='%23f8fafc'/%3E%3Cpath d='M52 86 L80 46 L108 86 Z' fill='%23ea580c'/%3E%3Cpath d='M66 54 L72 34 L80 46 Z M94 54 L88 34 L80 46 Z' fill='%23c2410c'/%3E%3Ccircle cx='74' cy='62' r='3' fill='%23111827'/%3E%3Ccircle cx='86' cy='62' r='3' fill='%23111827'/%3E%3C/svg%3E";
// [end]

// [snippet:done]
fn done(args: &Args) -> Html {
    let prompt = "A red fox in the snow, watercolour";
    let image = ImageOutput::new(FOX, prompt, "image/svg+xml");
    html! {
        <HfOAuthProvider state={Some(args.state.state())}>
            <ImagePanel {prompt} status={ImageStatus::Done} {image} theme={args.theme()} />
        </HfOAuthProvider>
    }
}
// [end]

// [snippet:error-402]
fn error_402(args: &Args) -> Html {
    let status = ImageStatus::Failed(InferenceError::PaymentRequired {
        detail: "You have exceeded your monthly included credits for Inference Providers.".into(),
    });
    html! {
        <HfOAuthProvider state={Some(args.state.state())}>
            <ImagePanel prompt="A red fox in the snow, watercolour" {status} theme={args.theme()} />
        </HfOAuthProvider>
    }
}
// [end]
