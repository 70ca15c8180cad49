//! A growing answer rendered as Markdown, block by block: finished blocks are components whose
//! text no longer changes, so Yew skips them; only the last, open block is parsed again.

use super::markdown::markdown_to_html;
use crate::inference::markdown_blocks::BlockSplitter;
use std::rc::Rc;
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
    let splitter = use_mut_ref(BlockSplitter::default);
    let mut splitter = splitter.borrow_mut();
    let (done, open) = splitter.update(&props.text);
    let last = done.len();
    let open: Rc<str> = Rc::from(open);
    html! {
        <div class="hf-oauth-answer-md">
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
