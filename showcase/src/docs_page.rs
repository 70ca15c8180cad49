//! A component's docs page (`#/<group>/docs`, Storybook's "autodocs"): its doc comment, its
//! props table (read from its source by `build.rs`: name, type, default, description), then
//! every story of the component, each on its canvas with its code.

use yew::prelude::*;
use yew_hf_oauth::Theme;

use crate::canvas::canvas;
use crate::markdown::{inline, render};
use crate::props::{self, PropDoc};
use crate::registry;
use crate::route::Route;
use crate::viewport::View;

/// Props of [`DocsPage`].
#[derive(Properties, PartialEq)]
pub struct DocsPageProps {
    /// The docs page's address (`story` is [`registry::DOCS`]).
    pub route: Route,
    /// The page theme, given to the stories.
    pub page_theme: Theme,
}

/// One row of the props table.
fn prop_row(prop: &PropDoc) -> Html {
    html! {
        <tr>
            <th scope="row"><code>{ prop.name }</code></th>
            <td><code>{ prop.ty }</code></td>
            <td>{ match prop.default {
                Some(default) => html! { <code>{ default }</code> },
                None => html! { <span class="sb-required">{ "required" }</span> },
            } }</td>
            <td>{ for props_doc(prop.doc) }</td>
        </tr>
    }
}

/// A prop's description: its paragraphs, inline code kept.
fn props_doc(doc: &str) -> Vec<Html> {
    crate::markdown::blocks(doc)
        .into_iter()
        .map(|block| match block {
            crate::markdown::Block::Paragraph(p) | crate::markdown::Block::Heading(p) => {
                html! { <p>{ inline(&p) }</p> }
            }
            crate::markdown::Block::Code(c) => html! { <pre><code>{ c }</code></pre> },
        })
        .collect()
}

/// The docs page of the group in `route`.
#[function_component]
pub fn DocsPage(props: &DocsPageProps) -> Html {
    let Some(group) = registry::group(&props.route.group) else {
        return html! { <p>{ "No such component." }</p> };
    };
    let doc = props::find(group.component);
    html! {
        <article class="sb-docs" aria-labelledby="docs-title">
            <div class="sb-heading">
                <p class="sb-eyebrow">{ format!("{} · Docs", group.title) }</p>
                <h2 id="docs-title">{ group.component }</h2>
            </div>
            if let Some(doc) = doc {
                <div class="sb-docs-text">{ render(doc.doc, "h3") }</div>
                <h3 id="props-title">{ "Props" }</h3>
                <p class="sb-muted">{ format!("Read from {} by the showcase's build script, so it is the code's own.", doc.file) }</p>
                <div class="sb-table" role="region" aria-labelledby="props-title" tabindex="0">
                    <table class="sb-props">
                        <thead><tr>
                            <th scope="col">{ "Name" }</th>
                            <th scope="col">{ "Type" }</th>
                            <th scope="col">{ "Default" }</th>
                            <th scope="col">{ "Description" }</th>
                        </tr></thead>
                        <tbody>{ for doc.props.iter().map(prop_row) }</tbody>
                    </table>
                </div>
            }
            // Story titles are h3, like "Props": a story may hold headings of its own (the demo
            // page has an h2), and the next title must not jump levels after them.
            <p class="sb-muted">{ format!("{} stories, each with its code:", group.stories.len()) }</p>
            { for group.stories.iter().map(|story| {
                let mut args = story.args.clone();
                args.page_theme = props.page_theme;
                let heading = format!("docs-story-{}", story.id);
                let link = props.route.with_story(group.id, story.id).href();
                html! {
                    <section class="sb-docs-story" aria-labelledby={heading.clone()} data-story={story.id}>
                        <h3 id={heading}><a href={link}>{ story.title }</a></h3>
                        <p class="sb-muted">{ story.description }</p>
                        { canvas(story, &args, View::default()) }
                        <details>
                            <summary>{ "Code" }</summary>
                            <pre class="sb-code" tabindex="0"><code>{ story.source.clone() }</code></pre>
                        </details>
                    </section>
                }
            }) }
        </article>
    }
}
