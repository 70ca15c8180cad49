//! The components. Each reads the session from [`crate::use_hf_oauth`], so any state can be
//! injected through [`HfOAuthProvider`]'s `state` prop.

mod allow_models;
mod answer_text;
mod guards;
mod inference_panel;
mod login_button;
mod logo;
mod provider;
mod style;
mod theme;
mod user_badge;

pub use answer_text::{AnswerText, AnswerTextProps};
pub use guards::{GuardProps, SignedIn, SignedOut};
pub use inference_panel::{InferencePanel, InferencePanelProps};
pub use login_button::{HfLoginButton, HfLoginButtonProps};
pub use logo::{HfLogo, HfLogoProps};
pub use provider::{HfOAuthProvider, HfOAuthProviderProps};
pub use theme::{ButtonSize, Theme};
pub use user_badge::{UserBadge, UserBadgeProps};
