//! The conversation of [`super::InferencePanel`]: each turn labelled for screen readers, the
//! answer being written in an `aria-live` region.

use super::panel_run::answer_view;
use crate::inference::{ChatRole, ChatTurn};
use std::rc::Rc;
use stylist::yew::use_style;
use stylist::{css, StyleSource};
use yew::prelude::*;

/// Properties of [`ChatLog`].
#[derive(Properties, PartialEq)]
pub(crate) struct ChatLogProps {
    /// The finished turns, oldest first.
    pub turns: Rc<[ChatTurn]>,
    /// The answer being written, shown after the turns while `running`.
    pub answer: Rc<str>,
    /// An answer is being written.
    pub running: bool,
    /// Format answers as Markdown (when compiled in).
    pub markdown: bool,
}

/// The turns, then the answer being written. The latest answer (being written, or the last
/// turn) is the `hf-oauth-answer` region, `aria-live="polite"`, busy while it is written; it
/// keeps its nodes when it is finished (same place in the list, same elements), so the text is
/// not written twice.
#[function_component]
pub(crate) fn ChatLog(props: &ChatLogProps) -> Html {
    let scoped = use_style(style());
    let node = use_node_ref();
    // Follow the conversation as it grows, unless the visitor scrolled up to read.
    let follow = use_mut_ref(|| true);
    {
        let (node, follow) = (node.clone(), follow.clone());
        use_effect_with((props.turns.len(), props.answer.clone()), move |_| {
            if let Some(log) = node.cast::<web_sys::Element>().filter(|_| *follow.borrow()) {
                log.set_scroll_top(log.scroll_height());
            }
        });
    }
    let onscroll = {
        let node = node.clone();
        Callback::from(move |_: Event| {
            if let Some(log) = node.cast::<web_sys::Element>() {
                let below = log.scroll_height() - log.scroll_top() - log.client_height();
                *follow.borrow_mut() = below < 24;
            }
        })
    };
    let pending = props
        .running
        .then(|| ChatTurn::assistant(props.answer.clone()));
    let shown: Vec<&ChatTurn> = props.turns.iter().chain(pending.as_ref()).collect();
    if shown.is_empty() {
        return Html::default();
    }
    let last = shown.len() - 1;
    html! {
        // It scrolls: focusable, so a keyboard can scroll it too.
        <div class={classes!("hf-oauth-chat", scoped)} role="group" aria-label="Conversation" tabindex="0"
            ref={node} {onscroll}>
            { for shown.into_iter().enumerate().map(|(index, turn)| {
                let current = index == last && turn.role == ChatRole::Assistant;
                let busy = current && props.running;
                turn_view(turn, current, busy, props.markdown)
            }) }
        </div>
    }
}

/// One turn: who speaks (shown, and the turn's accessible name), then what is said.
fn turn_view(turn: &ChatTurn, current: bool, busy: bool, markdown: bool) -> Html {
    let (class, who, label) = match turn.role {
        ChatRole::User => ("hf-oauth-turn-user", "You", "You said"),
        _ if busy => ("hf-oauth-turn-model", "Model", "The model is answering"),
        _ if turn.stopped => (
            "hf-oauth-turn-model",
            "Model · stopped",
            "The model's answer, stopped before its end",
        ),
        _ => ("hf-oauth-turn-model", "Model", "The model answered"),
    };
    let body = match turn.role {
        ChatRole::User => {
            html! { <div class="hf-oauth-turn-text">{ turn.content.to_string() }</div> }
        }
        _ if current => html! {
            <div class={classes!("hf-oauth-answer", (!turn.content.is_empty()).then_some("has-text"))}
                role="region" aria-live="polite" aria-busy={busy.to_string()} aria-label="Answer">
                { answer_view(turn.content.clone(), markdown) }
            </div>
        },
        _ => {
            html! { <div class="hf-oauth-turn-text">{ answer_view(turn.content.clone(), markdown) }</div> }
        }
    };
    html! {
        <div class={classes!("hf-oauth-turn", class)} role="group" aria-label={label}>
            <p class="hf-oauth-turn-who" aria-hidden="true">{ who }</p>
            { body }
        </div>
    }
}

/// The conversation's scoped style; colours come from the panel's palette.
fn style() -> StyleSource {
    css!(
        r#"
    display: flex; flex-direction: column; gap: 10px; max-height: 28em; overflow-y: auto;
    .hf-oauth-turn { display: flex; flex-direction: column; gap: 4px; }
    .hf-oauth-turn-who { color: var(--muted); font-size: 12px; font-weight: 600; }
    .hf-oauth-turn-text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.5; }
    .hf-oauth-turn-text, .hf-oauth-turn .hf-oauth-answer.has-text {
      padding: 8px 10px; border: 1px solid var(--line); border-radius: 8px;
    }
    .hf-oauth-turn .hf-oauth-answer { max-height: none; overflow: visible; }
    .hf-oauth-turn-user .hf-oauth-turn-text { background: rgba(127, 127, 127, 0.12); border-color: transparent; }
"#
    )
}
