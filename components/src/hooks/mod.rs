//! Hooks: [`use_hf_oauth`] reads the session shared by [`crate::HfOAuthProvider`].

mod use_hf_oauth;

pub use use_hf_oauth::{use_hf_oauth, HfOAuth};
