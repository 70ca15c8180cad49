//! The Code tab's "Code to paste": the snippet of [`crate::snippet::for_story`], highlighted,
//! with a Copy button (the clipboard API, else a selected text area and `copy`).

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::snippet::{highlight, Kind};

/// Props of [`PasteableCode`].
#[derive(Properties, PartialEq)]
pub struct PasteableCodeProps {
    /// The code.
    pub code: AttrValue,
}

/// Copies `text`; resolves to whether it worked.
async fn copy(text: &str) -> bool {
    let run = js_sys::Function::new_with_args(
        "text",
        r#"const fallback = () => {
            const area = document.createElement('textarea');
            area.value = text; area.setAttribute('readonly', ''); area.style.position = 'fixed'; area.style.opacity = '0';
            document.body.appendChild(area); area.select();
            let done = false; try { done = document.execCommand('copy'); } catch (e) {}
            area.remove(); return done;
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
            return navigator.clipboard.writeText(text).then(() => true, fallback);
        }
        return Promise.resolve(fallback());"#,
    );
    let Ok(promise) = run.call1(&JsValue::NULL, &text.into()) else {
        return false;
    };
    JsFuture::from(js_sys::Promise::from(promise))
        .await
        .is_ok_and(|v| v.is_truthy())
}

/// The class of a highlighted piece.
fn class(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Plain => None,
        Kind::Tag => Some("hl-tag"),
        Kind::Attr => Some("hl-attr"),
        Kind::Str => Some("hl-str"),
        Kind::Comment => Some("hl-comment"),
        Kind::Value => Some("hl-value"),
    }
}

/// The snippet with its Copy button.
#[function_component]
pub fn PasteableCode(props: &PasteableCodeProps) -> Html {
    let status = use_state(String::new);
    let onclick = {
        let status = status.clone();
        let code = props.code.clone();
        Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            let code = code.clone();
            wasm_bindgen_futures::spawn_local(async move {
                status.set(if copy(&code).await {
                    "Copied".into()
                } else {
                    "The browser refused: select the code and copy it".into()
                });
            });
        })
    };
    html! {
        <section class="sb-paste" aria-labelledby="paste-title">
            <div class="sb-paste-head">
                <h3 id="paste-title">{ "Code to paste" }</h3>
                <button type="button" class="sb-button" id="sb-copy" {onclick}>{ "Copy" }</button>
                <span role="status" class="sb-copy-status">{ (*status).clone() }</span>
            </div>
            <p class="sb-muted">{ "What you would write for the canvas as it is now: the controls' values as props." }</p>
            <pre class="sb-code sb-hl" tabindex="0"><code id="paste-code">
                { for highlight(&props.code).into_iter().map(|(kind, text)| match class(kind) {
                    Some(class) => html! { <span {class}>{ text }</span> },
                    None => html! { { text } },
                }) }
            </code></pre>
        </section>
    }
}
