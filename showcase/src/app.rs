//! The showcase shell: header with the light/dark toggle, a sidebar of components and their
//! stories, the canvas (or the story's code), and the controls that edit the story's props.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_hf_oauth::{ButtonSize, HfLogo, Theme};
use yew_hooks::{use_hash, use_media_query};

use crate::a11y_panel::A11yPanel;
use crate::actions::ActionSink;
use crate::actions_panel::{actions_panel, use_action_log, LogChange};
use crate::canvas::canvas;
use crate::code_view::PasteableCode;
use crate::docs_page::DocsPage;
use crate::fixtures::StateChoice;
use crate::interactions_panel::InteractionsPanel;
use crate::isolated::Isolated;
use crate::registry::{self, Args, Control, Group, Story};
use crate::route::{Route, Tab};
use crate::sidebar::Sidebar;
use crate::viewport::{View, Viewport, ZOOMS};

/// The story a route shows (the first story when the route names none that exists).
pub fn resolve(route: &Route) -> (&'static Group, &'static Story) {
    registry::find(&route.group, &route.story)
        .or_else(|| registry::all().next())
        .expect("the registry has stories")
}

/// The showcase app.
#[function_component]
pub fn App() -> Html {
    // The address's hash is the route (a sign-in coming back, with no hash, shows the Live
    // demo: the query the page loaded with is kept, as the sign-in removes it from the address);
    // the system's colour scheme is followed live.
    let hash = use_hash();
    let landing = use_state(|| {
        gloo::utils::window()
            .location()
            .search()
            .unwrap_or_default()
    });
    let route = Route::on_load(&hash, &landing);
    let system_dark = use_media_query("(prefers-color-scheme: dark)");
    let dark = route.theme.map_or(system_dark, |t| t == Theme::Dark);
    let page_theme = if dark { Theme::Dark } else { Theme::Light };
    use_effect_with(page_theme, |theme| {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute("data-theme", theme.name());
        }
    });

    let navigate = {
        let hash = hash.clone();
        Callback::from(move |next: Route| hash.set(next.href()))
    };
    let (group, story) = resolve(&route);
    let toggle_theme = {
        let navigate = navigate.clone();
        let route = route.clone();
        Callback::from(move |_: MouseEvent| {
            navigate.emit(Route {
                theme: Some(if dark { Theme::Light } else { Theme::Dark }),
                ..route.clone()
            })
        })
    };
    let main_ref = use_node_ref();
    let skip = {
        let main_ref = main_ref.clone();
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            if let Some(main) = main_ref.cast::<HtmlElement>() {
                let _ = main.focus();
            }
        })
    };
    let docs = route.story == registry::DOCS && registry::group(&route.group).is_some();
    let here = Route {
        group: group.id.into(),
        story: story.id.into(),
        ..route.clone()
    };
    let here = if docs {
        Route {
            group: route.group.clone(),
            story: registry::DOCS.into(),
            ..here
        }
    } else {
        here
    };
    if here.isolated {
        return html! {
            <Isolated key={here.href()} route={here.clone()} {page_theme} />
        };
    }

    html! {
        <div class="sb" data-theme={page_theme.name()}>
            <style>{ include_str!("showcase.css") }</style>
            <a class="sb-skip" href={here.href()} onclick={skip}>{ "Skip to the story" }</a>
            <header class="sb-top">
                <h1><HfLogo size={28} />{ "yew-hf-oauth showcase" }</h1>
                <p class="sb-tagline">{ "Every component in every state, with an injected session: no network, no account." }</p>
                <button type="button" class="sb-button" aria-pressed={dark.to_string()} onclick={toggle_theme}>
                    { "Dark theme" }
                </button>
            </header>
            <div class="sb-body">
                <Sidebar here={here.clone()} />
                <main id="story" class="sb-main" tabindex="-1" ref={main_ref}>
                    if docs {
                        <DocsPage key={here.href()} route={here.clone()} {page_theme} />
                    } else {
                        <StoryView key={format!("{}/{}", group.id, story.id)}
                            route={here.clone()} {page_theme} {navigate} />
                    }
                </main>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct StoryViewProps {
    route: Route,
    page_theme: Theme,
    navigate: Callback<Route>,
}

/// One story: title, view switch, canvas or code, controls. Keyed by story, so its props reset
/// when another story is chosen.
#[function_component]
fn StoryView(props: &StoryViewProps) -> Html {
    let (group, story) = resolve(&props.route);
    let args = use_state(|| story.args.clone());
    let (log, sink) = use_action_log();
    let canvas_ref = use_node_ref();
    let canvas_tab = use_node_ref();
    let code_tab = use_node_ref();
    // Which mount of the story this is: "Run again" in the Interactions panel remounts it.
    let run = use_state(|| 0u32);
    let route = &props.route;

    let mut shown = (*args).clone();
    shown.page_theme = props.page_theme;

    let select_tab = |tab: Tab| {
        let navigate = props.navigate.clone();
        let next = Route {
            tab,
            ..route.clone()
        };
        Callback::from(move |_: MouseEvent| navigate.emit(next.clone()))
    };
    let tab_keys = {
        let navigate = props.navigate.clone();
        let route = route.clone();
        let (canvas_tab, code_tab) = (canvas_tab.clone(), code_tab.clone());
        Callback::from(move |event: KeyboardEvent| {
            let tab = match (event.key().as_str(), route.tab) {
                ("ArrowLeft" | "ArrowRight", Tab::Canvas) | ("End", _) => Tab::Code,
                ("ArrowLeft" | "ArrowRight", Tab::Code) | ("Home", _) => Tab::Canvas,
                _ => return,
            };
            event.prevent_default();
            let target = if tab == Tab::Code {
                &code_tab
            } else {
                &canvas_tab
            };
            if let Some(button) = target.cast::<HtmlElement>() {
                let _ = button.focus();
            }
            navigate.emit(Route {
                tab,
                ..route.clone()
            });
        })
    };
    let tab_button = |tab: Tab,
                      id: &'static str,
                      panel: &'static str,
                      words: &'static str,
                      node: NodeRef| {
        let selected = route.tab == tab;
        html! {
            <button type="button" role="tab" id={id} ref={node} aria-selected={selected.to_string()}
                aria-controls={panel} tabindex={if selected { "0" } else { "-1" }}
                onclick={select_tab(tab)}>{ words }</button>
        }
    };
    let set_view = |change: fn(&mut View, String)| {
        let navigate = props.navigate.clone();
        let route = route.clone();
        move |value: String| {
            let mut next = route.clone();
            change(&mut next.view, value);
            navigate.emit(next);
        }
    };
    let select_view = |change: fn(&mut View, String)| {
        let set = set_view(change);
        Callback::from(move |e: Event| {
            if let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            {
                set(el.value());
            }
        })
    };
    let toggle_view = |change: fn(&mut View, String)| {
        let set = set_view(change);
        Callback::from(move |_: MouseEvent| set(String::new()))
    };
    let view = route.view;
    let rerun = {
        let (run, log) = (run.clone(), log.clone());
        Callback::from(move |()| {
            log.dispatch(LogChange::Clear);
            run.set(*run + 1);
        })
    };
    let reset = {
        let args = args.clone();
        let initial = story.args.clone();
        Callback::from(move |_: MouseEvent| args.set(initial.clone()))
    };

    html! {
        <>
            <div class="sb-heading">
                <p class="sb-eyebrow">{ group.title }</p>
                <h2>{ story.title }</h2>
                <p class="sb-description">{ story.description }</p>
            </div>
            <div class="sb-toolbar">
                <div role="tablist" aria-label="View" class="sb-tabs" onkeydown={tab_keys}>
                    { tab_button(Tab::Canvas, "tab-canvas", "panel-canvas", "Canvas", canvas_tab) }
                    { tab_button(Tab::Code, "tab-code", "panel-code", "Code", code_tab) }
                </div>
                <div class="sb-view" role="group" aria-label="Canvas view">
                    <label for="sb-viewport">{ "Viewport" }</label>
                    <select id="sb-viewport" onchange={select_view(|v, s| {
                        v.viewport = Viewport::ALL.into_iter().find(|p| p.name() == s).unwrap_or_default()
                    })}>
                        { for Viewport::ALL.into_iter().map(|p| html! {
                            <option value={p.name()} selected={p == view.viewport}>{ p.label() }</option>
                        }) }
                    </select>
                    <button type="button" class="sb-button" id="sb-rotate" aria-pressed={view.rotated.to_string()}
                        disabled={view.viewport == Viewport::Desktop}
                        onclick={toggle_view(|v, _| v.rotated = !v.rotated)}>{ "Rotate" }</button>
                    <label for="sb-zoom">{ "Zoom" }</label>
                    <select id="sb-zoom" onchange={select_view(|v, s| v.zoom = s.parse().unwrap_or(100))}>
                        { for ZOOMS.into_iter().map(|z| html! {
                            <option value={z.to_string()} selected={z == view.zoom}>{ format!("{z}%") }</option>
                        }) }
                    </select>
                    <button type="button" class="sb-button" id="sb-background" aria-pressed={view.checkered.to_string()}
                        onclick={toggle_view(|v, _| v.checkered = !v.checkered)}>{ "Checkered background" }</button>
                </div>
                <a class="sb-alone" href={route.isolated().href()} target="_blank"
                    title="The story alone, with its initial props: for an iframe, a screenshot or a test">
                    { "Open the canvas alone" }
                </a>
            </div>
            if route.tab == Tab::Canvas {
                <div role="tabpanel" id="panel-canvas" aria-labelledby="tab-canvas" class="sb-panel" ref={canvas_ref.clone()}>
                    <ContextProvider<ActionSink> key={*run} context={sink}>
                        { canvas(story, &shown, route.view) }
                    </ContextProvider<ActionSink>>
                </div>
                if !story.play.is_empty() {
                    <InteractionsPanel play={story.play} canvas={canvas_ref.clone()} run={*run} on_rerun={rerun} />
                }
                { actions_panel(&log) }
                <A11yPanel canvas={canvas_ref.clone()}
                    revision={format!("{:?} {:?} {:?}", shown, route.view, props.page_theme)} />
            } else {
                <div role="tabpanel" id="panel-code" aria-labelledby="tab-code" class="sb-panel">
                    <PasteableCode code={crate::snippet::for_story(group, story, &shown)} />
                    <h3>{ "The story's source" }</h3>
                    <p class="sb-muted">{ format!("From showcase/src/stories/{}.rs, shown with include_str!, so it is the code that renders the canvas.", file_of(group.id)) }</p>
                    <pre class="sb-code sb-story-source" tabindex="0"><code>{ story.source.clone() }</code></pre>
                </div>
            }
            <section class="sb-controls" aria-labelledby="controls-title">
                <h3 id="controls-title">{ "Controls" }</h3>
                if story.controls.is_empty() {
                    <p class="sb-muted">{ "This story has no props to edit." }</p>
                } else {
                    <div class="sb-fields">
                        { for story.controls.iter().map(|control| field(*control, &args)) }
                    </div>
                    <button type="button" class="sb-button" onclick={reset}>{ "Reset props" }</button>
                }
            </section>
        </>
    }
}

/// The stories file of a group.
fn file_of(group: &str) -> &'static str {
    match group {
        "button" => "login_button",
        "badge" => "user_badge",
        "panel" => "inference_panel",
        "provider" => "provider",
        _ => "live",
    }
}

/// One control of the panel.
fn field(control: Control, args: &UseStateHandle<Args>) -> Html {
    let id = format!("control-{control:?}").to_lowercase();
    let update = |apply: fn(&mut Args, String)| {
        let args = args.clone();
        move |value: String| {
            let mut next = (*args).clone();
            apply(&mut next, value);
            args.set(next);
        }
    };
    let select = |label: &str,
                  value: String,
                  options: Vec<(String, String)>,
                  apply: fn(&mut Args, String)| {
        let set = update(apply);
        let onchange = Callback::from(move |e: Event| {
            if let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            {
                set(el.value());
            }
        });
        html! {
            <div class="sb-field">
                <label for={id.clone()}>{ label.to_owned() }</label>
                <select id={id.clone()} {onchange}>
                    { for options.into_iter().map(|(v, text)| html! {
                        <option value={v.clone()} selected={v == value}>{ text }</option>
                    }) }
                </select>
            </div>
        }
    };
    let text = |label: &str,
                value: String,
                placeholder: &'static str,
                apply: fn(&mut Args, String)| {
        let set = update(apply);
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                set(el.value());
            }
        });
        html! {
            <div class="sb-field">
                <label for={id.clone()}>{ label.to_owned() }</label>
                <input id={id.clone()} type="text" {value} {placeholder} {oninput} spellcheck="false" autocomplete="off" />
            </div>
        }
    };
    let check = |label: &str, value: bool, apply: fn(&mut Args, String)| {
        let set = update(apply);
        let onchange = Callback::from(move |e: Event| {
            if let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                set(el.checked().to_string());
            }
        });
        html! {
            <div class="sb-field sb-check">
                <input id={id.clone()} type="checkbox" checked={value} {onchange} />
                <label for={id.clone()}>{ label.to_owned() }</label>
            </div>
        }
    };
    match control {
        Control::Size => select(
            "size",
            args.size.name().into(),
            ButtonSize::ALL
                .iter()
                .map(|s| (s.name().into(), s.name().into()))
                .collect(),
            |a, v| {
                a.size = ButtonSize::ALL
                    .into_iter()
                    .find(|s| s.name() == v)
                    .unwrap_or_default()
            },
        ),
        Control::Theme => select(
            "theme",
            args.theme.map_or("page", Theme::name).into(),
            [
                ("page", "follow the page toggle"),
                ("light", "Light"),
                ("dark", "Dark"),
                ("auto", "Auto (system)"),
            ]
            .iter()
            .map(|(v, t)| ((*v).into(), (*t).into()))
            .collect(),
            |a, v| {
                a.theme = [Theme::Light, Theme::Dark, Theme::Auto]
                    .into_iter()
                    .find(|t| t.name() == v)
            },
        ),
        Control::State => select(
            "state (injected)",
            args.state.index().to_string(),
            StateChoice::ALL
                .iter()
                .map(|c| (c.index().to_string(), c.label().into()))
                .collect(),
            |a, v| {
                a.state = v
                    .parse()
                    .ok()
                    .and_then(StateChoice::from_index)
                    .unwrap_or(a.state)
            },
        ),
        Control::Label => text(
            "label",
            args.label.clone(),
            "Sign in with Hugging Face",
            |a, v| a.label = v,
        ),
        Control::Model => text("model", args.model.clone(), "", |a, v| a.model = v),
        Control::ShowOrgs => check("show_orgs", args.show_orgs, |a, v| {
            a.show_orgs = v == "true"
        }),
        Control::ShowExpiry => check("show_expiry", args.show_expiry, |a, v| {
            a.show_expiry = v == "true"
        }),
        Control::ModelEditable => check("model_editable", args.model_editable, |a, v| {
            a.model_editable = v == "true"
        }),
    }
}
