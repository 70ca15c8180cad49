//! The accessibility panel under a story's canvas: axe-core (the npm package, bundled at build
//! time: `build.rs` copies the file `AXE_CORE_JS` names, which `cargo xtask showcase` and
//! `cargo xtask test stories` set) runs on the canvas when the story, its props or its view
//! change, and lists each violation with its nodes. "Run again" re-checks after an interaction.

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;
use yew::prelude::*;

/// axe-core's `axe.min.js` (empty when AXE_CORE_JS was not set at build time).
const AXE: &str = include_str!(concat!(env!("OUT_DIR"), "/axe.min.js"));

/// One violation: a rule and the nodes that break it.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// The rule's id (`image-alt`).
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    /// What the rule asks for.
    pub help: String,
    /// CSS selectors of the nodes.
    pub nodes: Vec<String>,
}

/// What the panel shows.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    /// axe-core was not bundled.
    Missing,
    /// A check is running.
    Running,
    /// The violations found and the number of rules that passed.
    Done(Vec<Violation>, u32),
    /// axe-core failed.
    Failed(String),
}

/// Loads axe-core into the page once.
fn ensure_axe() -> bool {
    let window: JsValue = gloo::utils::window().into();
    if js_sys::Reflect::get(&window, &"axe".into()).is_ok_and(|a| a.is_object()) {
        return true;
    }
    if AXE.is_empty() {
        return false;
    }
    let document = gloo::utils::document();
    let Ok(script) = document.create_element("script") else {
        return false;
    };
    script.set_text_content(Some(AXE));
    document
        .head()
        .is_some_and(|head| head.append_child(&script).is_ok())
}

/// Reads a string property.
fn text(value: &JsValue, key: &str) -> String {
    js_sys::Reflect::get(value, &key.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Runs axe-core on `element`, after any run in progress (axe allows one at a time; the page
/// keeps one queue, `window.__axeQueue`, for everyone).
pub async fn check(element: &Element) -> Result<(Vec<Violation>, u32), String> {
    let run = js_sys::Function::new_with_args(
        "element",
        r#"const go = () => axe.run(element, { resultTypes: ['violations'] }).then(r => ({
                passes: r.passes.length,
                violations: r.violations.map(v => ({ id: v.id, impact: v.impact || '', help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ')) })) }));
            const next = (window.__axeQueue || Promise.resolve()).then(go, go);
            window.__axeQueue = next.catch(() => {});
            return next;"#,
    );
    let promise = run
        .call1(&JsValue::NULL, element)
        .map_err(|e| format!("{e:?}"))?;
    let result = JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map_err(|e| text(&e, "message"))?;
    let passes = js_sys::Reflect::get(&result, &"passes".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u32;
    let list = js_sys::Reflect::get(&result, &"violations".into()).unwrap_or(JsValue::NULL);
    let violations = js_sys::Array::from(&list)
        .iter()
        .map(|v| Violation {
            id: text(&v, "id"),
            impact: text(&v, "impact"),
            help: text(&v, "help"),
            nodes: js_sys::Reflect::get(&v, &"nodes".into())
                .map(|n| {
                    js_sys::Array::from(&n)
                        .iter()
                        .filter_map(|s| s.as_string())
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    Ok((violations, passes))
}

/// Props of [`A11yPanel`].
#[derive(Properties, PartialEq)]
pub struct A11yPanelProps {
    /// The canvas to check.
    pub canvas: NodeRef,
    /// Changes whenever what the canvas shows changes (props, theme, view): a new check runs.
    pub revision: AttrValue,
}

/// The accessibility panel.
#[function_component]
pub fn A11yPanel(props: &A11yPanelProps) -> Html {
    let outcome = use_state(|| Outcome::Running);
    let runs = use_state(|| 0u32);
    {
        let outcome = outcome.clone();
        let canvas = props.canvas.clone();
        use_effect_with((props.revision.clone(), *runs), move |_| {
            outcome.set(Outcome::Running);
            // A moment for the story to render (and a scripted answer to start).
            let timer = Timeout::new(250, move || {
                if !ensure_axe() {
                    outcome.set(Outcome::Missing);
                    return;
                }
                let Some(element) = canvas.cast::<Element>() else {
                    return;
                };
                wasm_bindgen_futures::spawn_local(async move {
                    outcome.set(match check(&element).await {
                        Ok((violations, passes)) => Outcome::Done(violations, passes),
                        Err(e) => Outcome::Failed(e),
                    });
                });
            });
            move || drop(timer)
        });
    }
    let again = {
        let runs = runs.clone();
        Callback::from(move |_: MouseEvent| runs.set(*runs + 1))
    };
    let summary = match &*outcome {
        Outcome::Missing => {
            "axe-core is not bundled: build with `cargo xtask showcase`.".to_owned()
        }
        Outcome::Running => "Checking…".to_owned(),
        Outcome::Done(v, passes) if v.is_empty() => format!("No violations ({passes} rules pass)."),
        Outcome::Done(v, _) => format!("{} violation(s).", v.len()),
        Outcome::Failed(e) => format!("axe-core failed: {e}"),
    };
    html! {
        <section class="sb-a11y" aria-labelledby="a11y-title" data-state={match &*outcome {
            Outcome::Done(v, _) if v.is_empty() => "pass",
            Outcome::Done(..) => "fail",
            Outcome::Running => "running",
            _ => "unavailable",
        }}>
            <div class="sb-actions-head">
                <h3 id="a11y-title">{ "Accessibility" }</h3>
                <button type="button" class="sb-button" id="sb-a11y-again" onclick={again}>{ "Run again" }</button>
            </div>
            <p class="sb-a11y-summary" role="status">{ summary }</p>
            if let Outcome::Done(violations, _) = &*outcome {
                <ul class="sb-a11y-list">
                    { for violations.iter().map(|v| html! {
                        <li data-rule={v.id.clone()}>
                            <p><code>{ v.id.clone() }</code>{ format!(" ({}): {}", v.impact, v.help) }</p>
                            <ul>{ for v.nodes.iter().map(|n| html! { <li><code class="sb-a11y-node">{ n.clone() }</code></li> }) }</ul>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}
