//! One file per component's stories. Each file reads its own text with `include_str!` and the
//! Code tab shows the functions marked in it, so the code shown is the code that runs.

pub mod image_panel;
pub mod inference_panel;
pub mod live;
pub mod login_button;
pub mod model_picker;
pub mod provider;
pub mod user_badge;
