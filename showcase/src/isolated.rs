//! A story alone on the page (`#/<group>/<story>?isolated`): no header, sidebar, toolbar or
//! panels, only the canvas with the story's initial props, in the theme and view of the
//! address. For embedding in an iframe, for screenshots and for tests.

use yew::prelude::*;
use yew_hf_oauth::Theme;

use crate::app::resolve;
use crate::canvas::canvas;
use crate::route::Route;

/// Props of [`Isolated`].
#[derive(Properties, PartialEq)]
pub struct IsolatedProps {
    /// The story's address (with `isolated` set).
    pub route: Route,
    /// The page theme, from the address or the system.
    pub page_theme: Theme,
}

/// The story of `route`, alone.
#[function_component]
pub fn Isolated(props: &IsolatedProps) -> Html {
    let (group, story) = resolve(&props.route);
    let mut args = story.args.clone();
    args.page_theme = props.page_theme;
    html! {
        <div class="sb sb-isolated" data-theme={props.page_theme.name()}
            data-story={format!("{}/{}", group.id, story.id)}>
            <style>{ include_str!("showcase.css") }</style>
            <main class="sb-isolated-main">
                <h1 class="sb-vh">{ format!("{}: {}", group.title, story.title) }</h1>
                { canvas(story, &args, props.route.view) }
            </main>
        </div>
    }
}
