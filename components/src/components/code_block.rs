//! A code block of a Markdown answer: its language, a Copy button, the code.

use yew::prelude::*;

/// Properties of [`CodeBlock`].
#[derive(Properties, PartialEq)]
pub(crate) struct CodeBlockProps {
    /// The code, as text.
    pub code: AttrValue,
    /// The language its fence names (`rust`, `python`, ...).
    #[prop_or_default]
    pub language: Option<AttrValue>,
}

/// The code in a `<pre><code class="language-…">`, under a bar with its language and a Copy
/// button (which says "Copied" once the clipboard took it).
#[function_component]
pub(crate) fn CodeBlock(props: &CodeBlockProps) -> Html {
    let copied = use_state(|| false);
    let copy = super::clipboard::copy_on_click(props.code.to_string(), copied.clone());
    let language = props.language.clone();
    let label = match &language {
        Some(language) => format!("Copy the {language} code"),
        None => "Copy the code".to_owned(),
    };
    let class = language.as_ref().map(|l| format!("language-{l}"));
    html! {
        <div class="hf-oauth-code">
            <div class="hf-oauth-code-bar">
                <span class="hf-oauth-code-language">{ language.clone().unwrap_or_default() }</span>
                <button type="button" class="hf-oauth-code-copy" aria-label={label} onclick={copy}>
                    { if *copied { "Copied" } else { "Copy" } }
                </button>
            </div>
            <pre tabindex="0"><code {class}>{ props.code.clone() }</code></pre>
        </div>
    }
}
