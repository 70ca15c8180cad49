//! The offer to grant the `inference-api` scope when it is first needed: a site can sign in
//! with `openid profile` and ask for inference only when the visitor first generates.

use super::theme::Theme;
use crate::use_hf_oauth;
use yew::prelude::*;

/// The scope that lets a token run models through Inference Providers.
pub(crate) const INFERENCE_SCOPE: &str = "inference-api";

/// Properties of [`AllowModels`].
#[derive(Properties, PartialEq)]
pub(crate) struct AllowModelsProps {
    /// Colour scheme.
    #[prop_or_default]
    pub theme: Theme,
}

/// "Running models needs your permission" with an "Allow running models" button that signs
/// in again for the scopes granted plus `inference-api`; the visitor stays signed in meanwhile.
#[function_component]
pub(crate) fn AllowModels(props: &AllowModelsProps) -> Html {
    let oauth = use_hf_oauth();
    let failed = oauth.request_error.clone();
    let onclick = Callback::from(move |_: MouseEvent| oauth.request_scopes(&[INFERENCE_SCOPE]));
    html! {
        <div class="hf-oauth-allow" role="note" data-theme={props.theme.name()}>
            <p>{ "Running models uses your Hugging Face account: this site has not been allowed to yet." }</p>
            <button type="button" class="hf-oauth-primary" {onclick}>{ "Allow running models" }</button>
            if let Some(error) = failed {
                <p class="hf-oauth-request-error" role="alert">{ error.message() }</p>
            }
        </div>
    }
}
