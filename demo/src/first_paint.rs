//! The widget's first paint, rendered natively at build time from the same components
//! (Yew's server renderer, stylist's static style writer), so it cannot drift from what the wasm
//! draws: the demo page in each state it can start in, with its styles, and the loader
//! JavaScript (`first_paint.js`) that `cargo xtask widget` puts in front of the widget's module.
//!
//! The loader puts the right state's markup into `<div id="hf-oauth-demo">` as soon as the
//! module runs, long before the wasm has arrived; Yew empties the element when it mounts, so
//! the real page replaces it in the same task, in the same box. A click on the placeholder's
//! Sign in button is remembered and handed to the real button once it is enabled.

use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use stylist::manager::{render_static, StyleManager};
use stylist::yew::ManagerProvider;
use yew::prelude::*;
use yew::LocalServerRenderer;
use yew_hf_oauth::{
    palette_css, SessionState, DEFAULT_HUB_URL, DEFAULT_MODEL, DEFAULT_SCOPES, SESSION_STORAGE_KEY,
};

use crate::{slots, DemoPage};

/// The hand-written half of the loader; `__HF_PAINT__` is replaced by [`loader_data`].
const LOADER: &str = include_str!("first_paint.js");

/// The states the demo can be in before the wasm has decided anything, by the name the loader
/// picks them with.
///
/// # Usage
/// ```
/// # #[cfg(feature = "first-paint")] {
/// let names: Vec<&str> = hf_oauth_demo::first_paint::FirstState::ALL.iter().map(|s| s.name()).collect();
/// assert_eq!(names, ["signed_out", "loading", "not_configured"]);
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FirstState {
    /// A client ID and nothing to finish or restore: the enabled Sign in button.
    SignedOut,
    /// A callback to finish or a saved session to restore: the busy button.
    Loading,
    /// No client ID on the page: the configuration snippet and the disabled button.
    NotConfigured,
}

impl FirstState {
    /// Every state, in the order of the loader's table.
    pub const ALL: [FirstState; 3] = [
        FirstState::SignedOut,
        FirstState::Loading,
        FirstState::NotConfigured,
    ];

    /// The loader's name of the state.
    pub fn name(self) -> &'static str {
        match self {
            FirstState::SignedOut => "signed_out",
            FirstState::Loading => "loading",
            FirstState::NotConfigured => "not_configured",
        }
    }

    fn session_state(self) -> SessionState {
        match self {
            FirstState::SignedOut => SessionState::SignedOut,
            FirstState::Loading => SessionState::Loading,
            FirstState::NotConfigured => SessionState::NotConfigured,
        }
    }
}

#[derive(Properties, PartialEq)]
struct PaintProps {
    manager: stylist::manager::StyleManager,
    state: SessionState,
}

/// The demo under a style manager that writes its styles to a string, not to a document.
#[function_component]
fn Paint(props: &PaintProps) -> Html {
    html! {
        <ManagerProvider manager={props.manager.clone()}>
            <DemoPage state={Some(props.state.clone())} model={Some(AttrValue::from(slots::MODEL))} />
        </ManagerProvider>
    }
}

/// The demo in each of `states`: the styles they use (the palette, then the components' scoped
/// styles, as `<style>` elements, one copy for all) and the markup of each, a
/// `<div data-hf-first-paint="NAME">`, with the page's values as [`slots`] markers.
///
/// # Usage
/// ```
/// # #[cfg(feature = "first-paint")] {
/// use hf_oauth_demo::first_paint::{render, FirstState};
/// let (styles, html) = render(&[FirstState::SignedOut]);
/// assert!(html[0].contains("hf-oauth-login-button") && styles.contains("<style"));
/// # }
/// ```
pub fn render(states: &[FirstState]) -> (String, Vec<String>) {
    let (writer, reader) = render_static();
    // One manager for every state, so that each style has one class name and is written once.
    let manager = StyleManager::builder()
        // Its own class names: never the ones the wasm generates for the real page.
        .prefix("hf-paint".into())
        .writer(writer)
        .build()
        .expect("a style manager without a document");
    let html = states
        .iter()
        .map(|state| {
            let body = block_on(
                LocalServerRenderer::<Paint>::with_props(PaintProps {
                    manager: manager.clone(),
                    state: state.session_state(),
                })
                .hydratable(false)
                .render(),
            );
            let html = format!(
                "<div data-hf-first-paint=\"{name}\">{body}</div>",
                name = state.name()
            );
            minify_css(&html)
        })
        .collect();
    let mut scoped = String::new();
    reader
        .read_style_data()
        .write_static_markup(&mut scoped)
        .expect("writing to a String");
    let styles = format!("<style>{}</style>{}", palette_css(), scoped);
    (minify_css(&styles), html)
}

/// Drops the white space that only lays out CSS (around `{`, `}`, `;`, `,` and after `:` at
/// the start of a value): stylist writes its styles indented. The markup passes through
/// unchanged except for the demo's own `<style>`, which it also shortens.
fn minify_css(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_style = false;
    let mut rest = text;
    while !rest.is_empty() {
        let marker = if in_style { "</style>" } else { "<style" };
        let (chunk, next) = match rest.find(marker) {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        if in_style {
            out.push_str(&squeeze(chunk));
        } else {
            out.push_str(chunk);
        }
        if next.is_empty() {
            break;
        }
        // Copy the tag itself (`<style ...>` or `</style>`) untouched.
        let end = next.find('>').map_or(next.len(), |i| i + 1);
        out.push_str(&next[..end]);
        rest = &next[end..];
        in_style = !in_style;
    }
    out
}

/// CSS with its layout white space removed (see [`minify_css`]).
fn squeeze(css: &str) -> String {
    let collapsed = css.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let chars: Vec<char> = collapsed.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let tight = |c: Option<char>| matches!(c, Some('{' | '}' | ';' | ','));
            if tight(before) || tight(after) || before == Some(':') {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// The loader's data: the markup of every [`FirstState`] and the defaults of the slots, as a
/// JavaScript object literal.
pub fn loader_data() -> String {
    let (styles, html) = render(&FirstState::ALL);
    let templates: Vec<String> = FirstState::ALL
        .iter()
        .zip(&html)
        .map(|(state, html)| format!("{}:{}", state.name(), js_string(html)))
        .collect();
    let fields = [
        ("client_id", slots::CLIENT_ID),
        ("scopes", slots::SCOPES),
        ("hub_url", slots::HUB_URL),
        ("redirect_uri", slots::REDIRECT_URI),
        ("model", slots::MODEL),
    ];
    let markers: Vec<String> = fields
        .iter()
        .map(|(name, marker)| format!("{name}:{}", js_string(marker)))
        .collect();
    format!(
        "{{styles:{styles},templates:{{{templates}}},markers:{{{markers}}},scopes:{scopes},hub_url:{hub},model:{model},session_key:{key}}}",
        styles = js_string(&styles),
        templates = templates.join(","),
        markers = markers.join(","),
        scopes = js_string(DEFAULT_SCOPES),
        hub = js_string(DEFAULT_HUB_URL),
        model = js_string(DEFAULT_MODEL),
        key = js_string(SESSION_STORAGE_KEY),
    )
}

/// The whole loader: [`LOADER`] with its data. `cargo xtask widget` puts it in front of the
/// wasm-bindgen module.
///
/// # Usage
/// ```
/// # #[cfg(feature = "first-paint")] {
/// let js = hf_oauth_demo::first_paint::loader();
/// assert!(js.contains("data-hf-first-paint"));
/// # }
/// ```
pub fn loader() -> String {
    LOADER.replace("__HF_PAINT__", &loader_data())
}

/// `text` as a JavaScript string literal (double quotes; safe inside a `<script>` too).
fn js_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '<' => out.push_str("\\x3c"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Runs a future to its end on this thread (the server renderer needs no runtime).
fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::park();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_draws_its_button() {
        let (_, html) = render(&FirstState::ALL);
        let [signed_out, loading, off] = &html[..] else {
            panic!("three states")
        };
        let button = signed_out.split("<button").nth(1).unwrap();
        assert!(
            !button.split('>').next().unwrap().contains("disabled"),
            "{button}"
        );
        assert!(signed_out.contains("Sign in with Hugging Face"));
        assert!(signed_out.contains(slots::CLIENT_ID) && signed_out.contains(slots::MODEL));
        assert!(loading.contains("aria-busy=\"true\""), "{loading}");
        assert!(off.contains("has no Hugging Face OAuth client ID"), "{off}");
    }

    #[test]
    fn carries_the_styles_of_the_components() {
        let (styles, html) = render(&[FirstState::SignedOut]);
        let html = &html[0];
        assert!(
            styles.contains("--bg:var(--hf-oauth-button-bg,#0b0f19)"),
            "no palette: {styles}"
        );
        assert!(
            styles.contains("<style data-style=\"hf-paint-"),
            "no scoped style"
        );
        assert!(
            styles.contains(".hf-oauth-login-button:hover:not(:disabled){"),
            "{styles}"
        );
        assert!(html.contains(".hf-demo-card{"), "no page style");
    }

    #[test]
    fn minifies_only_the_css() {
        let html = "<p>a ,  b</p><style data-style=\"x\">.a  .b:hover {\n  color: red;\n  font: 1px/1 a, b;\n}\n.c :is(.d) { x: y }</style><i> , </i>";
        assert_eq!(
            minify_css(html),
            "<p>a ,  b</p><style data-style=\"x\">.a .b:hover{color:red;font:1px/1 a,b;}.c :is(.d){x:y}</style><i> , </i>"
        );
    }

    #[test]
    fn strings_are_safe_javascript() {
        assert_eq!(
            js_string("a\"b\\c\n</script>"),
            "\"a\\\"b\\\\c\\n\\x3c/script>\""
        );
        let data = loader_data();
        assert!(data.starts_with("{styles:\""));
        assert!(data.contains(",templates:{signed_out:\""));
        assert!(!data.contains("</"));
        assert!(!loader().contains("__HF_PAINT__"));
    }
}
