//! The live demo: `DemoPage` from the `hf-oauth-demo` crate, the seed's "OAuth demo" page built
//! from the three components and the hook. The Code tab shows the functions below.

use crate::fixtures::StateChoice;
use crate::registry::{Args, Control, Stories, Story};
use hf_oauth_demo::DemoPage;
use yew::prelude::*;
use yew_hf_oauth::testing::ScriptedChatTransport;
use yew_hf_oauth::{ModelList, SharedChatTransport};

/// The group's stories.
pub fn stories() -> Vec<Story> {
    Stories::new(include_str!("live.rs"))
        .add("live", "Live demo", "The real flow, configured by the page's globals (window.HF_OAUTH_CLIENT_ID, HF_HUB_URL, HF_INFERENCE_URL). Served by `cargo xtask demo`, they point at a local Hugging Face twin: sign in as Ada Lovelace with no account and run a local model. With your OAuth app's client ID in index.html you sign in with Hugging Face; with neither, the page shows how to configure it.", &[Control::Theme, Control::Model], Args::default(), &[], live)
        .add("signed-in", "Demo page, signed in", "The same page with an injected session and a scripted model: no network.", &[Control::Theme, Control::Model, Control::State], Args { state: StateChoice::SignedInPro, ..Args::default() }, &[], signed_in)
        .build()
}

// [snippet:live]
fn live(args: &Args) -> Html {
    html! { <DemoPage model={AttrValue::from(args.model.clone())} theme={args.theme()} /> }
}
// [end]

// [snippet:signed-in]
fn signed_in(args: &Args) -> Html {
    let transport = SharedChatTransport::new(ScriptedChatTransport::tokens(
        &["Hello", " from", " a", " scripted", " model."],
        60,
    ));
    // The model picker (feature `models`) shows this list instead of fetching the router's.
    let models = crate::stories::model_picker::router_list();
    html! {
        <ContextProvider<ModelList> context={models}>
            <DemoPage
                model={AttrValue::from(args.model.clone())}
                state={Some(args.state.state())}
                transport={Some(transport)}
                theme={args.theme()}
            />
        </ContextProvider<ModelList>>
    }
}
// [end]
