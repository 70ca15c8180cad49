//! The canvas a story renders into, in the story view and alone on the page (`?isolated`):
//! it wears the theme the components get, at the viewport, zoom and background chosen.

use yew::prelude::*;
use yew_hf_oauth::Theme;

use crate::registry::{Args, Story};
use crate::viewport::View;

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

/// `story` rendered with `args` in a canvas viewed as `view`.
pub fn canvas(story: &Story, args: &Args, view: View) -> Html {
    let style = view.width().map(|w| format!("width: {w}px"));
    html! {
        <div class="sb-canvas" data-theme={canvas_theme(args).name()}
            data-viewport={view.viewport.name()} data-rotated={view.rotated.then_some("true")}
            data-background={if view.checkered { "checkered" } else { "plain" }} {style}>
            <div class="sb-zoom" style={format!("zoom: {}", f64::from(view.zoom) / 100.0)}>
                { (story.render)(args) }
            </div>
        </div>
    }
}
