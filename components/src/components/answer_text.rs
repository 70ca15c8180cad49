use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`AnswerText`].
#[derive(Properties, PartialEq)]
pub struct AnswerTextProps {
    /// The answer so far.
    pub text: Rc<str>,
}

/// Shows a growing answer by appending only the new text as a DOM text node, so a long stream
/// costs the page one small append per animation frame instead of rewriting the whole answer.
#[function_component]
pub fn AnswerText(props: &AnswerTextProps) -> Html {
    let node = use_node_ref();
    let shown = use_mut_ref(String::new);
    {
        let node = node.clone();
        let text = props.text.clone();
        use_effect_with(text, move |text| {
            let Some(element) = node.cast::<web_sys::Element>() else {
                return;
            };
            let mut shown = shown.borrow_mut();
            let head = shown.len().min(16);
            let continues = text.len() >= shown.len()
                && text.is_char_boundary(shown.len())
                && text.as_bytes()[..head] == shown.as_bytes()[..head];
            if continues {
                let fresh = &text[shown.len()..];
                if !fresh.is_empty() {
                    let document = gloo::utils::document();
                    let _ = element.append_child(&document.create_text_node(fresh));
                    shown.push_str(fresh);
                }
            } else {
                element.set_text_content(Some(text));
                shown.clear();
                shown.push_str(text);
            }
        });
    }
    html! { <div class="hf-oauth-answer-text" ref={node}></div> }
}
