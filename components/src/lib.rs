#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

// The modules are the crate's own layout; the public surface is the re-exports below and
// [`prelude`]. Fuzz targets reach the parsers through `fuzzing` (only with `--cfg fuzzing`).
pub(crate) mod auth;
pub(crate) mod browser;
pub(crate) mod components;
pub(crate) mod hooks;
pub(crate) mod inference;
mod json;
pub(crate) mod session;
mod text;

#[cfg(fuzzing)]
pub mod fuzzing;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

// The JSON-reading unit tests also run in the browser (`cargo xtask test browser`), where
// `crate::json` reads through `JSON.parse`: their modules import `wasm_bindgen_test as test`.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

// Components and their props.
pub use components::{
    AnswerText, AnswerTextProps, BillToChoice, BillToChoiceProps, ButtonSize, GuardProps,
    HfLoginButton, HfLoginButtonProps, HfLogo, HfLogoProps, HfOAuthProvider, HfOAuthProviderProps,
    InferencePanel, InferencePanelProps, ModelPicker, ModelPickerProps, SignedIn, SignedOut, Theme,
    UserBadge, UserBadgeProps,
};
// The palette's CSS, for markup rendered before the wasm runs.
pub use components::palette_css;
#[cfg(feature = "images")]
pub use components::{ImagePanel, ImagePanelProps};
#[cfg(feature = "markdown")]
pub use components::{MarkdownAnswer, MarkdownAnswerProps};

// Hooks, with what they take and return.
pub use hooks::{
    use_chat, use_hf_oauth, use_inference, InferenceMetrics, InferenceStatus, UseChatReturn,
    UseHfOAuthReturn, UseInferenceOptions, UseInferenceReturn,
};
pub use hooks::{use_models, ModelList};
#[cfg(feature = "images")]
pub use hooks::{
    use_text_to_image, ImageOutput, ImageStatus, UseTextToImageOptions, UseTextToImageReturn,
};

// The plain functions, for pages without the components.
pub use browser::redirect::{
    generate_oauth_login_url, handle_oauth_redirect, load_saved_oauth_result, resolve_config,
    sign_out,
};

// Configuration.
pub use auth::config::{
    AuthorizeOptions, OAuthConfig, ResolvedConfig, SignInMode, DEFAULT_HUB_URL, DEFAULT_SCOPES,
};

// The session and the visitor's profile.
pub use auth::profile::{OrgInfo, ResourceGroup, UserInfo};
pub use auth::result::{OAuthResult, ProfileStatus, SESSION_STORAGE_KEY};
pub use auth::secret::Secret;
pub use auth::session::{SessionEvent, SessionState};
pub use auth::sign_in_request::SignInRequest;

// Errors.
pub use auth::error::OAuthError;
pub use inference::{ForbiddenReason, InferenceError};

// Inference requests and how they travel.
pub use browser::chat_transport::{
    AbortHandle, ChatTransport, ChatTransportEvent, ChatTransportRequest, FetchChatTransport,
    SharedChatTransport,
};
pub use inference::{ChatMessage, ChatRole, ChatTurn, Usage, DEFAULT_MODEL, DEFAULT_ROUTER_URL};

// The router's model list and the provider choice.
pub use inference::{
    models_url, parse_model_list, search_models, ModelListError, ModelProvider, ProviderChoice,
    ProviderStatus, RouterModel,
};

// Text to image (feature `images`).
#[cfg(feature = "images")]
pub use inference::{
    decode_image_answer, image_file_name, image_request, provider_mapping_url,
    resolve_image_provider, GeneratedImage, ImageProvider, ImageRequest, ImageRoute,
    DEFAULT_IMAGE_MODEL,
};

// Where the visitor's token may go.
pub use inference::{check_bearer_destination, RefusalReason, RefusedDestination};

/// Everything an app usually needs: `use yew_hf_oauth::prelude::*;`.
pub mod prelude {
    pub use crate::{
        use_hf_oauth, use_inference, ButtonSize, HfLoginButton, HfOAuthProvider, InferencePanel,
        OAuthConfig, OAuthError, OAuthResult, SessionState, Theme, UseInferenceOptions, UserBadge,
        UserInfo,
    };
}
