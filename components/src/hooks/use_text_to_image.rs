//! [`use_text_to_image`]: make an image from a prompt with the visitor's token (feature
//! `images`). The decisions (which provider, which route, what the answer means) are the pure
//! functions of `inference::text_to_image`; this hook sends, receives and holds the image.

use crate::auth::flow::OAuthTransport;
use crate::browser::fetch::{post_json_for_bytes, FetchOAuthTransport};
use crate::inference::error::classify_http_error;
use crate::inference::{
    check_bearer_destination, decode_image_answer, image_file_name, image_request,
    provider_mapping_url, resolve_image_provider, GeneratedImage, ImageProvider, InferenceError,
    DEFAULT_IMAGE_MODEL,
};
use crate::{use_hf_oauth, OAuthError};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// Where a text-to-image run stands.
///
/// # Usage
/// ```
/// use yew_hf_oauth::ImageStatus;
/// assert!(ImageStatus::ResolvingProvider.is_running());
/// assert!(!ImageStatus::Done.is_running());
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ImageStatus {
    /// Nothing asked yet.
    Idle,
    /// Asking the Hub which provider serves the model.
    ResolvingProvider,
    /// The provider is making the image.
    Generating {
        /// The provider asked.
        provider: ImageProvider,
    },
    /// The image is there.
    Done,
    /// It failed; nothing was shown.
    Failed(InferenceError),
}

impl ImageStatus {
    /// Whether a request is on its way.
    pub fn is_running(&self) -> bool {
        matches!(self, Self::ResolvingProvider | Self::Generating { .. })
    }
}

/// An image made from a prompt, ready for an `<img>` and a Download link.
///
/// # Usage
/// ```
/// use yew_hf_oauth::ImageOutput;
/// let image = ImageOutput::new("data:image/png;base64,iVBORw0KGgo=", "A red fox", "image/png");
/// assert_eq!(image.file_name, "a-red-fox.png");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ImageOutput {
    /// Where the image is: an object URL the hook owns (revoked when replaced or unmounted),
    /// the provider's `https` URL, or any URL given to [`ImageOutput::new`].
    pub src: AttrValue,
    /// The prompt it was made from (the image's alternative text).
    pub prompt: AttrValue,
    /// A file name for saving it, from the prompt and its media type.
    pub file_name: AttrValue,
}

impl ImageOutput {
    /// An image at `src`, made from `prompt`, of media type `content_type`.
    pub fn new(src: &str, prompt: &str, content_type: &str) -> Self {
        Self {
            src: AttrValue::from(src.to_owned()),
            prompt: AttrValue::from(prompt.to_owned()),
            file_name: AttrValue::from(image_file_name(prompt, content_type)),
        }
    }
}

/// What [`use_text_to_image`] asks and where.
///
/// # Usage
/// ```
/// use yew_hf_oauth::UseTextToImageOptions;
/// let options = UseTextToImageOptions::default()
///     .with_model("stabilityai/stable-diffusion-xl-base-1.0")
///     .with_provider("hf-inference");
/// assert_eq!(options.resolved_model(), "stabilityai/stable-diffusion-xl-base-1.0");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct UseTextToImageOptions {
    /// The model (a Hub id); [`crate::DEFAULT_IMAGE_MODEL`] when `None` or blank.
    pub model: Option<String>,
    /// The provider (`hf-inference`, `nebius`); `None`: the first of them that serves the
    /// model.
    pub provider: Option<String>,
    /// The Hub whose API gives the provider mapping; [`crate::DEFAULT_HUB_URL`] when `None`.
    pub hub_url: Option<String>,
    /// The router; [`crate::DEFAULT_ROUTER_URL`] when `None`.
    pub router_url: Option<String>,
    /// Hosts besides Hugging Face's and loopback that may receive the token (see
    /// [`crate::check_bearer_destination`]).
    pub trusted_hosts: String,
}

impl UseTextToImageOptions {
    /// Ask `model`.
    pub fn with_model(mut self, model: &str) -> Self {
        self.model = Some(model.to_owned());
        self
    }

    /// Ask this provider only.
    pub fn with_provider(mut self, provider: &str) -> Self {
        self.provider = Some(provider.to_owned());
        self
    }

    /// Read the provider mapping from this Hub.
    pub fn with_hub_url(mut self, url: &str) -> Self {
        self.hub_url = Some(url.to_owned());
        self
    }

    /// Send the image request through this router.
    pub fn with_router_url(mut self, url: &str) -> Self {
        self.router_url = Some(url.to_owned());
        self
    }

    /// Also trust these hosts (white-space separated) with the token.
    pub fn with_trusted_hosts(mut self, hosts: &str) -> Self {
        self.trusted_hosts.push(' ');
        self.trusted_hosts.push_str(hosts);
        self
    }

    /// The model asked.
    pub fn resolved_model(&self) -> String {
        self.model
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .unwrap_or(DEFAULT_IMAGE_MODEL)
            .to_owned()
    }
}

/// What [`use_text_to_image`] returns.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct UseTextToImageReturn {
    /// Where the run stands.
    pub status: ImageStatus,
    /// The last image made (kept while the next one is made; cleared when that one fails).
    pub image: Option<ImageOutput>,
    /// The model asked.
    pub model: AttrValue,
    /// Make an image from this prompt (a blank prompt is ignored); a run on its way is
    /// forgotten.
    pub generate: Callback<String>,
}

/// The object URL the hook made last, revoked when replaced or when the hook goes.
#[derive(Default)]
struct OwnedObjectUrl(Option<String>);

impl OwnedObjectUrl {
    fn replace(&mut self, url: Option<String>) {
        if let Some(old) = std::mem::replace(&mut self.0, url) {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
    }
}

/// Makes images from prompts with the signed-in visitor's token, through Hugging Face's
/// router. Must be used under [`crate::HfOAuthProvider`].
///
/// A run asks the Hub which provider serves the model
/// (`GET {hub}/api/models/<id>?expand[]=inferenceProviderMapping`), then posts the prompt to
/// that provider's route on the router (`hf-inference`, `nebius`). The token goes only to URLs
/// [`crate::check_bearer_destination`] accepts (Hugging Face's hub and router, loopback, the
/// trusted hosts), in the `Authorization` header, never in a URL. Errors are the chat's
/// ([`InferenceError`]); a 401 turns the session to expired. Signing out or unmounting
/// forgets a run on its way.
///
/// # Usage
/// ```no_run
/// use yew::prelude::*;
/// use yew_hf_oauth::{use_text_to_image, UseTextToImageOptions};
///
/// #[function_component]
/// fn Fox() -> Html {
///     let images = use_text_to_image(UseTextToImageOptions::default());
///     let onclick = images.generate.reform(|_| "A red fox in the snow".to_owned());
///     html! {
///         <>
///             <button {onclick}>{ "Draw" }</button>
///             if let Some(image) = &images.image {
///                 <img src={image.src.clone()} alt={image.prompt.clone()} />
///             }
///         </>
///     }
/// }
/// ```
#[hook]
pub fn use_text_to_image(options: UseTextToImageOptions) -> UseTextToImageReturn {
    let oauth = use_hf_oauth();
    let status = use_state(|| ImageStatus::Idle);
    let image = use_state(|| None::<ImageOutput>);
    let object_url = use_mut_ref(OwnedObjectUrl::default);
    // Each run gets a number; only the latest run may change the state.
    let latest = use_memo((), |()| Rc::new(Cell::new(0u64)));
    let model = options.resolved_model();
    let token = oauth.state.result().map(|r| r.access_token.clone());

    {
        // Signing in or out forgets the run on its way and the image (revoked); so does
        // unmounting.
        let (latest, object_url) = ((*latest).clone(), object_url.clone());
        let forget_image = image.setter();
        use_effect_with(token.is_some(), move |_| {
            latest.set(latest.get() + 1);
            move || {
                latest.set(latest.get() + 1);
                object_url.borrow_mut().replace(None);
                forget_image.set(None);
            }
        });
    }

    let generate = {
        let (status, image, latest) = (status.clone(), image.clone(), (*latest).clone());
        let token_rejected = oauth.token_rejected.clone();
        let model = model.clone();
        Callback::from(move |prompt: String| {
            if prompt.trim().is_empty() {
                return;
            }
            latest.set(latest.get() + 1);
            let run = latest.get();
            let Some(bearer) = token.clone() else {
                status.set(ImageStatus::Failed(InferenceError::Unauthorized {
                    detail: "Not signed in.".into(),
                }));
                return;
            };
            let mapping_url =
                provider_mapping_url(options.hub_url.as_deref().unwrap_or_default(), &model);
            if let Err(refused) = check_bearer_destination(&mapping_url, &options.trusted_hosts) {
                status.set(ImageStatus::Failed(InferenceError::UntrustedDestination(
                    refused,
                )));
                return;
            }
            status.set(ImageStatus::ResolvingProvider);
            let job = Job {
                options: options.clone(),
                model: model.clone(),
                prompt,
                mapping_url,
                on_status: {
                    let (status, latest) = (status.clone(), latest.clone());
                    Callback::from(move |next| {
                        if latest.get() == run {
                            status.set(next)
                        }
                    })
                },
            };
            let (status, image, latest) = (status.clone(), image.clone(), latest.clone());
            let (object_url, token_rejected) = (object_url.clone(), token_rejected.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let made = job.run(bearer.expose()).await;
                if latest.get() != run {
                    return;
                }
                match made.and_then(|made| show(made, &job.prompt, &object_url)) {
                    Ok(output) => {
                        image.set(Some(output));
                        status.set(ImageStatus::Done);
                    }
                    Err(error) => {
                        if error.is_auth_expired() {
                            token_rejected.emit(());
                        }
                        object_url.borrow_mut().replace(None);
                        image.set(None);
                        status.set(ImageStatus::Failed(error));
                    }
                }
            });
        })
    };

    UseTextToImageReturn {
        status: (*status).clone(),
        image: (*image).clone(),
        model: AttrValue::from(model),
        generate,
    }
}

/// One run's inputs.
struct Job {
    options: UseTextToImageOptions,
    model: String,
    prompt: String,
    mapping_url: String,
    on_status: Callback<ImageStatus>,
}

impl Job {
    /// The mapping, then the provider's route: the image, or why not.
    async fn run(&self, bearer: &str) -> Result<GeneratedImage, InferenceError> {
        let mapping = match FetchOAuthTransport
            .get(&self.mapping_url, Some(bearer))
            .await
        {
            Ok(answer) => answer,
            Err(OAuthError::Network(detail)) => return Err(InferenceError::Network(detail)),
            Err(other) => return Err(InferenceError::Network(other.to_string())),
        };
        if !(200..300).contains(&mapping.status) {
            return Err(classify_http_error(
                mapping.status,
                &mapping.body,
                None,
                &self.model,
            ));
        }
        let route =
            resolve_image_provider(&mapping.body, &self.model, self.options.provider.as_deref())?;
        let request = image_request(
            self.options.router_url.as_deref().unwrap_or_default(),
            &route,
            &self.prompt,
        );
        check_bearer_destination(&request.url, &self.options.trusted_hosts)
            .map_err(InferenceError::UntrustedDestination)?;
        self.on_status.emit(ImageStatus::Generating {
            provider: route.provider,
        });
        let answer = post_json_for_bytes(&request.url, bearer, &request.body)
            .await
            .map_err(InferenceError::Network)?;
        decode_image_answer(
            route.provider,
            answer.status,
            &answer.content_type,
            answer.body,
            &self.model,
        )
    }
}

/// The image as something an `<img>` shows: bytes become an object URL the hook owns (the
/// previous one revoked).
fn show(
    made: GeneratedImage,
    prompt: &str,
    object_url: &Rc<RefCell<OwnedObjectUrl>>,
) -> Result<ImageOutput, InferenceError> {
    match made {
        GeneratedImage::Url(url) => {
            object_url.borrow_mut().replace(None);
            Ok(ImageOutput::new(&url, prompt, "image/png"))
        }
        GeneratedImage::Bytes {
            bytes,
            content_type,
        } => {
            let url = object_url_of(&bytes, &content_type).map_err(|error| {
                InferenceError::MalformedResponse(format!("the image cannot be shown: {error}"))
            })?;
            object_url.borrow_mut().replace(Some(url.clone()));
            Ok(ImageOutput::new(&url, prompt, &content_type))
        }
    }
}

/// A `blob:` URL for `bytes` of media type `content_type`.
fn object_url_of(bytes: &[u8], content_type: &str) -> Result<String, String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let kind = web_sys::BlobPropertyBag::new();
    kind.set_type(content_type);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &kind)
        .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob))
        .map_err(|error| crate::browser::chat_transport::describe_js_error(&error))
}
