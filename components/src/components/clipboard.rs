//! The Copy buttons' action: write a text to the clipboard and say whether it took it.

use yew::prelude::*;

/// A click handler that copies `text` and sets `copied` to whether the clipboard took it.
pub(crate) fn copy_on_click(text: String, copied: UseStateHandle<bool>) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        let promise = gloo::utils::window()
            .navigator()
            .clipboard()
            .write_text(&text);
        let copied = copied.clone();
        wasm_bindgen_futures::spawn_local(async move {
            copied.set(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
        });
    })
}
