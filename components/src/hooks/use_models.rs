//! [`use_models`]: the router's model list, fetched once per page session.

use crate::auth::flow::OAuthTransport;
use crate::browser::fetch::FetchOAuthTransport;
use crate::browser::page;
use crate::inference::{models_url, parse_model_list, ModelListError, RouterModel};
use crate::OAuthError;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Where the router's model list stands.
///
/// # Usage
/// ```
/// use yew_hf_oauth::ModelList;
/// let empty = ModelList::Loaded(Vec::new().into());
/// assert!(empty.models().is_empty());
/// assert!(ModelList::Loading.models().is_empty());
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum ModelList {
    /// The request is on its way.
    Loading,
    /// The router's models (possibly none).
    Loaded(Rc<[RouterModel]>),
    /// It could not be loaded; typing a model id still works.
    Failed(ModelListError),
}

/// Two loaded lists are equal when they are the same list (one allocation): comparing props
/// then never walks the models, and the panel's `model_list` prop costs the widget no model
/// comparison code.
impl PartialEq for ModelList {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Loading, Self::Loading) => true,
            (Self::Loaded(a), Self::Loaded(b)) => Rc::ptr_eq(a, b),
            (Self::Failed(a), Self::Failed(b)) => a == b,
            _ => false,
        }
    }
}

impl ModelList {
    /// The models, none unless loaded.
    pub fn models(&self) -> &[RouterModel] {
        match self {
            Self::Loaded(models) => models,
            _ => &[],
        }
    }
}

thread_local! {
    /// Lists already loaded, by URL: one request per page session and router. A page talks to
    /// one router or two, so a list of pairs does (a `HashMap` would link a hasher).
    static LOADED: RefCell<Vec<(String, Rc<[RouterModel]>)>> = const { RefCell::new(Vec::new()) };
}

/// The router's model list: `GET {router}/v1/models`, where the router is `router_url`, else
/// `window.HF_INFERENCE_URL`, else [`crate::DEFAULT_ROUTER_URL`] (as [`crate::use_inference`]
/// reads it).
///
/// The list is public, so the request carries no token (and no cookie). A list once loaded is
/// kept in memory for the page's life, per URL: every later caller gets it without a request.
/// A failure is not kept: the next component that mounts asks again.
///
/// # Usage
/// ```no_run
/// use yew::prelude::*;
/// use yew_hf_oauth::{use_models, ModelList};
///
/// #[function_component]
/// fn ModelCount() -> Html {
///     match use_models(None) {
///         ModelList::Loading => html! { "Loading…" },
///         ModelList::Loaded(models) => html! { format!("{} models", models.len()) },
///         ModelList::Failed(error) => html! { error.message() },
///         _ => html! {},
///     }
/// }
/// ```
#[hook]
pub fn use_models(router_url: Option<String>) -> ModelList {
    use_model_list(Some(router_url))
}

/// [`use_models`], or nothing (`None`: no request, [`ModelList::Loading`] forever) for a
/// component whose list is injected.
#[hook]
pub(crate) fn use_model_list(router_url: Option<Option<String>>) -> ModelList {
    let url = router_url.map(|url| {
        models_url(
            &url.filter(|u| !u.trim().is_empty())
                .or_else(|| page::window_string("HF_INFERENCE_URL"))
                .unwrap_or_default(),
        )
    });
    let cached = url.as_ref().and_then(|url| loaded(url));
    let state = use_state(|| cached.clone().map_or(ModelList::Loading, ModelList::Loaded));
    {
        let state = state.clone();
        use_effect_with(url, move |url| {
            // `alive` turns false when the URL changes or the component goes: a late answer is
            // kept for others but not shown here.
            let alive = Rc::new(std::cell::Cell::new(true));
            if let Some(url) = url.clone() {
                match loaded(&url) {
                    Some(models) => state.set(ModelList::Loaded(models)),
                    None => {
                        state.set(ModelList::Loading);
                        let alive = alive.clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            let list = fetch_list(&url).await;
                            if let ModelList::Loaded(models) = &list {
                                LOADED.with(|l| l.borrow_mut().push((url, models.clone())));
                            }
                            if alive.get() {
                                state.set(list);
                            }
                        });
                    }
                }
            }
            move || alive.set(false)
        });
    }
    (*state).clone()
}

/// The list loaded earlier from `url`, if any.
fn loaded(url: &str) -> Option<Rc<[RouterModel]>> {
    LOADED.with(|l| {
        l.borrow()
            .iter()
            .find(|(loaded, _)| loaded == url)
            .map(|(_, models)| models.clone())
    })
}

/// One request for the list, without a token.
async fn fetch_list(url: &str) -> ModelList {
    match FetchOAuthTransport.get(url, None).await {
        Err(OAuthError::Network(detail)) => ModelList::Failed(ModelListError::Network(detail)),
        Err(other) => ModelList::Failed(ModelListError::Network(other.to_string())),
        Ok(answer) if !(200..300).contains(&answer.status) => {
            ModelList::Failed(ModelListError::Status(answer.status))
        }
        Ok(answer) => match parse_model_list(&answer.body) {
            Ok(models) => ModelList::Loaded(models.into()),
            Err(error) => ModelList::Failed(error),
        },
    }
}
