//! Hooks: [`use_hf_oauth`] reads the session shared by [`crate::HfOAuthProvider`];
//! [`use_inference`] streams chat completions with the visitor's token; [`use_chat`] keeps a
//! conversation.

mod inference_options;
mod session_context;
mod use_chat;
mod use_hf_oauth;
mod use_inference;
mod use_models;
mod use_session;
#[cfg(feature = "images")]
mod use_text_to_image;

pub(crate) use use_session::use_session;

pub use crate::inference::{InferenceMetrics, InferenceStatus};
pub use inference_options::UseInferenceOptions;
pub use use_chat::{use_chat, UseChatReturn};
pub use use_hf_oauth::{use_hf_oauth, UseHfOAuthReturn};
pub use use_inference::{use_inference, UseInferenceReturn};
pub use use_models::{use_models, ModelList};
#[cfg(feature = "images")]
pub use use_text_to_image::{
    use_text_to_image, ImageOutput, ImageStatus, UseTextToImageOptions, UseTextToImageReturn,
};

pub(crate) use use_models::use_model_list;
