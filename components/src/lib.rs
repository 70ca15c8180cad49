//! Sign in with Hugging Face for Yew.

pub mod auth;

pub use auth::config::{OAuthConfig, DEFAULT_HUB_URL, DEFAULT_SCOPES};
pub use auth::error::OAuthError;
pub use auth::result::{OAuthResult, SESSION_STORAGE_KEY};
pub use auth::session::{SessionEvent, SessionState};
pub use auth::user_info::{OrgInfo, UserInfo};
pub mod inference;
