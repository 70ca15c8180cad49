#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod auth;
pub mod browser;
pub mod components;
pub mod hooks;
pub mod inference;

pub use auth::config::{OAuthConfig, DEFAULT_HUB_URL, DEFAULT_SCOPES};
pub use auth::error::OAuthError;
pub use auth::result::{OAuthResult, SESSION_STORAGE_KEY};
pub use auth::session::{SessionEvent, SessionState};
pub use auth::user_info::{OrgInfo, UserInfo};
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
