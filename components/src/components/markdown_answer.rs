//! A growing answer rendered as Markdown, block by block: finished blocks are components whose
//! text no longer changes, so Yew skips them; only the last, open block is parsed again.

use super::markdown::markdown_to_html;
use crate::inference::markdown_blocks::BlockSplitter;
use std::rc::Rc;
use stylist::yew::use_style;
use stylist::{css, StyleSource};
use yew::prelude::*;

/// Properties of [`MarkdownAnswer`].
#[derive(Properties, PartialEq)]
pub struct MarkdownAnswerProps {
    /// The answer so far.
    pub text: Rc<str>,
}

/// Shows a model's answer as formatted text while it streams (feature `markdown`): paragraphs,
/// emphasis, lists, headings (bold paragraphs: the page's outline stays its own), tables, inline code, fenced code with
/// its language and a Copy button, and links to `http(s)` and `mailto` addresses, which open in
/// a new tab with `rel="noopener noreferrer nofollow"`. Raw HTML shows as text, images as their
/// alt text, other links as plain text. `InferencePanel` uses it.
///
/// Each frame, only the answer's last block is parsed again: the finished blocks before it keep
/// their nodes.
///
/// # Usage
/// ```
/// use std::rc::Rc;
/// use yew::prelude::*;
/// use yew_hf_oauth::MarkdownAnswer;
///
/// #[function_component]
/// fn Answer() -> Html {
///     let text: Rc<str> = Rc::from("**PKCE** binds the code to the app:\n\n- a secret\n- its hash");
///     html! { <MarkdownAnswer {text} /> }
/// }
/// ```
#[function_component]
pub fn MarkdownAnswer(props: &MarkdownAnswerProps) -> Html {
    let scoped = use_style(style());
    let splitter = use_mut_ref(BlockSplitter::default);
    let mut splitter = splitter.borrow_mut();
    let (done, open) = splitter.update(&props.text);
    let last = done.len();
    let open: Rc<str> = Rc::from(open);
    let class = classes!("hf-oauth-answer-md", scoped);
    html! {
        <div {class}>
            { for done.iter().enumerate().map(|(index, text)| html! { <Block key={index} text={text.clone()} /> }) }
            <Block key={last} text={open} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct BlockProps {
    text: Rc<str>,
}

/// One block; rendered again only when its text changes.
#[function_component]
fn Block(props: &BlockProps) -> Html {
    markdown_to_html(&props.text)
}

/// The answer's scoped style; colours come from the shared palette (`--line`, `--muted`), which
/// the panel sets.
fn style() -> StyleSource {
    css!(
        r#"
    white-space: normal;
    &.hf-oauth-answer-md > * + * { margin-top: 0.6em; }
    ul, ol { margin: 0; padding-left: 1.6em; }
    li > * + * { margin-top: 0.3em; }
    .hf-oauth-md-heading { font-weight: 700; line-height: 1.3; }
    .hf-oauth-md-h1 { font-size: 1.25em; }
    .hf-oauth-md-h2 { font-size: 1.12em; }
    blockquote { margin: 0; padding-left: 0.8em; border-left: 3px solid var(--line); color: var(--muted); }
    hr { border: 0; border-top: 1px solid var(--line); }
    a { color: inherit; text-decoration: underline; }
    code { font-size: 0.92em; }
    p code, li code, td code, th code { padding: 0.1em 0.3em; border-radius: 4px; background: rgba(127, 127, 127, 0.15); }
    .hf-oauth-md-html { white-space: pre-wrap; }
    .hf-oauth-md-table { overflow-x: auto; }
    .hf-oauth-md-table table { border-collapse: collapse; }
    .hf-oauth-md-table th, .hf-oauth-md-table td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; }
    .hf-oauth-md-table .hf-oauth-md-center { text-align: center; }
    .hf-oauth-md-table .hf-oauth-md-right { text-align: right; }
    .hf-oauth-code { border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
    .hf-oauth-code-bar {
      display: flex; justify-content: space-between; align-items: center; gap: 8px;
      padding: 2px 4px 2px 10px; border-bottom: 1px solid var(--line); color: var(--muted); font-size: 12px;
    }
    .hf-oauth-code-copy { color: var(--text); background: transparent; border: 1px solid var(--line); padding: 2px 10px; font-size: 12px; }
    .hf-oauth-code pre { margin: 0; padding: 8px 10px; overflow-x: auto; white-space: pre; }
    .hf-oauth-code code { overflow-wrap: normal; padding: 0; background: none; border-radius: 0; }
    .hf-oauth-code pre:focus-visible { outline: 3px solid var(--hf-oauth-focus, #f59e0b); outline-offset: -3px; }
"#
    )
}
