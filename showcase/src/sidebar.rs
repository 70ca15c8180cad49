//! The sidebar: each component's docs page and stories, a filter box over component and story names (`/` focuses it, Escape clears it),
//! the components as collapsible groups with their story counts, and arrow-key navigation
//! through everything visible (Up/Down, Home/End; from the filter box Down enters the list).

use std::collections::BTreeSet;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;
use yew_hooks::use_event_with_window;

use crate::registry::{self, Group, Story};
use crate::route::Route;

/// Whether a story is shown for `query`: every word of the query (case-insensitive) appears in
/// the component's name or the story's title. An empty query matches everything.
pub fn matches(query: &str, group: &str, story: &str) -> bool {
    let haystack = format!("{group} {story}").to_lowercase();
    query
        .split_whitespace()
        .all(|word| haystack.contains(&word.to_lowercase()))
}

/// The stories of `group` that `query` keeps, in sidebar order.
pub fn visible<'a>(group: &'a Group, query: &str) -> Vec<&'a Story> {
    group
        .stories
        .iter()
        .filter(|s| matches(query, group.title, s.title))
        .collect()
}

/// Props of [`Sidebar`].
#[derive(Properties, PartialEq)]
pub struct SidebarProps {
    /// The address shown: its story is marked current, its view options go into every link.
    pub here: Route,
}

/// The id of the filter box (the `/` shortcut focuses it).
pub const SEARCH_ID: &str = "sb-search";

/// Whether a key press comes from a place that takes text (then `/` is a character).
fn typing_into(event: &KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.has_attribute("contenteditable")
        })
}

/// The focusable entries of the sidebar that are visible, in order (group toggles and links).
fn items(nav: &Element) -> Vec<HtmlElement> {
    let list = nav
        .query_selector_all(".sb-nav-item")
        .expect("a valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .filter(|el| el.closest("[hidden]").ok().flatten().is_none())
        .collect()
}

/// The sidebar of components and stories.
#[function_component]
pub fn Sidebar(props: &SidebarProps) -> Html {
    let query = use_state(String::new);
    let collapsed = use_state(BTreeSet::<&'static str>::new);
    let nav_ref = use_node_ref();
    let search_ref = use_node_ref();

    {
        let search_ref = search_ref.clone();
        use_event_with_window("keydown", move |event: KeyboardEvent| {
            if event.key() == "/"
                && !event.ctrl_key()
                && !event.meta_key()
                && !event.alt_key()
                && !typing_into(&event)
            {
                if let Some(input) = search_ref.cast::<HtmlInputElement>() {
                    event.prevent_default();
                    let _ = input.focus();
                    input.select();
                }
            }
        });
    }

    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                query.set(input.value());
            }
        })
    };
    let onkeydown = {
        let nav_ref = nav_ref.clone();
        let query = query.clone();
        Callback::from(move |event: KeyboardEvent| {
            let Some(nav) = nav_ref.cast::<Element>() else {
                return;
            };
            let in_search = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_some_and(|el| el.id() == SEARCH_ID);
            if in_search && event.key() == "Escape" {
                query.set(String::new());
                return;
            }
            let items = items(&nav);
            if items.is_empty() {
                return;
            }
            let active = gloo::utils::document().active_element();
            let at = items
                .iter()
                .position(|el| active.as_ref() == Some(el.as_ref()));
            let last = items.len() - 1;
            let next = match (event.key().as_str(), at) {
                ("ArrowDown", None) if in_search => 0,
                ("ArrowDown", Some(i)) => (i + 1).min(last),
                ("ArrowUp", Some(0)) => {
                    if let Some(search) = nav
                        .query_selector(&format!("#{SEARCH_ID}"))
                        .ok()
                        .flatten()
                        .and_then(|s| s.dyn_into::<HtmlElement>().ok())
                    {
                        event.prevent_default();
                        let _ = search.focus();
                    }
                    return;
                }
                ("ArrowUp", Some(i)) => i - 1,
                ("Home", Some(_)) => 0,
                ("End", Some(_)) => last,
                _ => return,
            };
            event.prevent_default();
            let _ = items[next].focus();
        })
    };

    let here = &props.here;
    let total = registry::all().count();
    let shown: Vec<(&Group, bool, Vec<&Story>)> = registry::groups()
        .iter()
        .map(|g| (g, matches(&query, g.title, "Docs"), visible(g, &query)))
        .filter(|(_, docs, stories)| *docs || !stories.is_empty())
        .collect();
    let found: usize = shown.iter().map(|(_, _, s)| s.len()).sum();
    let filtering = !query.trim().is_empty();

    html! {
        <nav class="sb-nav" aria-label="Components and stories" ref={nav_ref} {onkeydown}>
            <div class="sb-search">
                <label for={SEARCH_ID}>{ "Find a story" }</label>
                <input id={SEARCH_ID} ref={search_ref} type="search" value={(*query).clone()}
                    placeholder="Press / to search" aria-keyshortcuts="/" autocomplete="off"
                    spellcheck="false" aria-describedby="sb-search-count" {oninput} />
                <p id="sb-search-count" class="sb-search-count" aria-live="polite">
                    { if filtering { format!("{found} of {total} stories") } else { format!("{total} stories") } }
                </p>
            </div>
            if shown.is_empty() {
                <p class="sb-muted sb-none">{ format!("No story matches “{}”.", query.trim()) }</p>
            }
            { for shown.into_iter().map(|(g, docs, stories)| {
                // A filter shows its matches even in a collapsed group.
                let open = filtering || !collapsed.contains(g.id);
                let toggle = {
                    let collapsed = collapsed.clone();
                    let id = g.id;
                    Callback::from(move |_: MouseEvent| {
                        let mut next = (*collapsed).clone();
                        if !next.remove(id) {
                            next.insert(id);
                        }
                        collapsed.set(next);
                    })
                };
                let heading = format!("nav-{}", g.id);
                let list = format!("nav-list-{}", g.id);
                let count = stories.len();
                html! {
                    <div class="sb-group" data-group={g.id}>
                        <h2>
                            <button type="button" id={heading.clone()} class="sb-group-toggle sb-nav-item"
                                aria-expanded={open.to_string()} aria-controls={list.clone()} onclick={toggle}>
                                <span class="sb-chevron" aria-hidden="true">{ if open { "▾" } else { "▸" } }</span>
                                { g.title }
                                <span class="sb-count">{ count }<span class="sb-vh">{ if count == 1 { " story" } else { " stories" } }</span></span>
                            </button>
                        </h2>
                        <ul id={list} aria-labelledby={heading} hidden={!open}>
                            if docs {
                                <li>
                                    <a class="sb-nav-item sb-docs-link" href={here.with_story(g.id, registry::DOCS).href()}
                                        aria-current={(g.id == here.group && here.story == registry::DOCS).then_some("page")}>{ "Docs" }</a>
                                </li>
                            }
                            { for stories.into_iter().map(|s| {
                                let current = g.id == here.group && s.id == here.story;
                                html! {
                                    <li>
                                        <a class="sb-nav-item" href={here.with_story(g.id, s.id).href()}
                                            aria-current={current.then_some("page")}>{ s.title }</a>
                                    </li>
                                }
                            }) }
                        </ul>
                    </div>
                }
            }) }
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_must_match_group_or_story() {
        assert!(matches("", "HfLoginButton", "Dark"));
        assert!(matches("dark", "HfLoginButton", "Dark"));
        assert!(matches("LOGIN dark", "HfLoginButton", "Dark"));
        assert!(matches("  button   size ", "HfLoginButton", "Size xl"));
        assert!(!matches("badge dark", "HfLoginButton", "Dark"));
        assert!(!matches("xyz", "HfLoginButton", "Dark"));
    }

    #[test]
    fn a_group_name_keeps_all_its_stories() {
        let group = registry::groups().iter().find(|g| g.id == "badge").unwrap();
        assert_eq!(visible(group, "userbadge").len(), group.stories.len());
        let errors = registry::groups().iter().find(|g| g.id == "panel").unwrap();
        let found = visible(errors, "error 40");
        assert!(found.len() >= 4, "{}", found.len());
        assert!(found.iter().all(|s| s.title.contains("Error 40")));
    }
}
