#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod auth;
pub mod browser;
pub mod components;
pub mod hooks;
pub mod inference;
mod json;
pub mod session;

// The JSON-reading unit tests also run in the browser (`cargo xtask test browser`), where
// `crate::json` reads through `JSON.parse`: their modules import `wasm_bindgen_test as test`.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

pub use auth::config::{
    AuthorizeOptions, OAuthConfig, SignInMode, DEFAULT_HUB_URL, DEFAULT_SCOPES,
};
pub use auth::error::OAuthError;
pub use auth::result::{OAuthResult, ProfileStatus, SESSION_STORAGE_KEY};
pub use auth::session::{SessionEvent, SessionState};
pub use auth::user_info::{OrgInfo, ResourceGroup, UserInfo};
pub use browser::chat_transport::{
    AbortHandle, ChatTransport, FetchChatTransport, Script, ScriptedTransport, Transport,
    TransportEvent, TransportRequest,
};
pub use browser::redirect::{
    generate_oauth_login_url, handle_oauth_redirect, load_saved_oauth_result, sign_out,
};
pub use components::{
    AnswerText, ButtonSize, HfLoginButton, HfLoginButtonProps, HfLogo, HfOAuthProvider,
    HfOAuthProviderProps, InferencePanel, InferencePanelProps, Theme, UserBadge, UserBadgeProps,
};
pub use hooks::{
    use_hf_oauth, use_inference, HfOAuth, InferenceMetrics, InferenceOptions, InferenceStatus,
    UseInference,
};
