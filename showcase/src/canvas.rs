//! The canvas a story renders into, in the story view and alone on the page (`?isolated`):
//! it wears the theme the components get, at the width chosen.

use yew::prelude::*;
use yew_hf_oauth::Theme;

use crate::registry::{Args, Story};
use crate::route::Width;

/// Whether the visitor's system prefers a dark colour scheme.
pub fn system_prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The theme the canvas wears: the components' theme, with `Auto` resolved to the system's, so
/// the components' colours meet their background.
pub fn canvas_theme(args: &Args) -> Theme {
    match args.theme() {
        Theme::Auto if system_prefers_dark() => Theme::Dark,
        Theme::Auto => Theme::Light,
        theme => theme,
    }
}

/// `story` rendered with `args` in a canvas `width` wide.
pub fn canvas(story: &Story, args: &Args, width: Width) -> Html {
    html! {
        <div class="sb-canvas" data-theme={canvas_theme(args).name()}
            data-width={if width == Width::Narrow { "narrow" } else { "wide" }}>
            { (story.render)(args) }
        </div>
    }
}
