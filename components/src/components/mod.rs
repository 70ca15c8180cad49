//! The components. Each reads the session from [`crate::use_hf_oauth`], so any state can be
//! injected through [`HfOAuthProvider`]'s `state` prop.

mod allow_models;
mod answer_text;
mod bill_to;
#[cfg(feature = "chat")]
mod chat_log;
mod clipboard;
#[cfg(feature = "markdown")]
mod code_block;
mod guards;
#[cfg(feature = "images")]
mod image_panel;
mod inference_panel;
mod login_button;
mod logo;
#[cfg(feature = "markdown")]
mod markdown;
#[cfg(feature = "markdown")]
mod markdown_answer;
#[cfg(all(test, feature = "markdown", not(target_arch = "wasm32")))]
mod markdown_tests;
mod model_facts;
mod model_picker;
#[cfg(feature = "models")]
mod panel_choices;
mod panel_run;
mod provider;
mod style;
mod theme;
mod user_badge;

pub use answer_text::{AnswerText, AnswerTextProps};
pub use bill_to::{BillToChoice, BillToChoiceProps};
pub use guards::{GuardProps, SignedIn, SignedOut};
#[cfg(feature = "images")]
pub use image_panel::{ImagePanel, ImagePanelProps};
pub use inference_panel::{InferencePanel, InferencePanelProps};
pub use login_button::{HfLoginButton, HfLoginButtonProps};
pub use logo::{HfLogo, HfLogoProps};
#[cfg(feature = "markdown")]
pub use markdown_answer::{MarkdownAnswer, MarkdownAnswerProps};
pub use model_picker::{ModelPicker, ModelPickerProps};
pub use provider::{HfOAuthProvider, HfOAuthProviderProps};
pub use style::palette_css;
pub use theme::{ButtonSize, Theme};
pub use user_badge::{UserBadge, UserBadgeProps};
