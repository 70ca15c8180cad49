//! What [`super::InferencePanel`] runs, behind one shape: a conversation ([`crate::use_chat`],
//! the crate's feature `chat`) or one prompt at a time ([`crate::use_inference`], the smaller
//! build the embeddable widget uses).

use super::answer_text::AnswerText;
use crate::hooks::{InferenceMetrics, InferenceStatus, UseInferenceOptions};
use std::rc::Rc;
use yew::prelude::*;

/// What the panel shows and does.
pub(crate) struct PanelRun {
    /// Where the latest answer stands.
    pub status: InferenceStatus,
    /// Its timings, once it ended.
    pub metrics: Option<InferenceMetrics>,
    /// The model in use.
    pub model: String,
    /// Send a prompt.
    pub send: Callback<String>,
    /// Stop the running answer.
    pub stop: Callback<()>,
    #[cfg(feature = "chat")]
    chat: crate::UseChatReturn,
    #[cfg(not(feature = "chat"))]
    text: Rc<str>,
}

/// The panel's run: a conversation.
#[cfg(feature = "chat")]
#[hook]
pub(crate) fn use_panel_run(options: UseInferenceOptions) -> PanelRun {
    let chat = crate::use_chat(options);
    PanelRun {
        status: chat.status.clone(),
        metrics: chat.metrics.clone(),
        model: chat.model.clone(),
        send: chat.send.clone(),
        stop: chat.stop.clone(),
        chat,
    }
}

/// The panel's run: one prompt at a time.
#[cfg(not(feature = "chat"))]
#[hook]
pub(crate) fn use_panel_run(options: UseInferenceOptions) -> PanelRun {
    let run = crate::use_inference(options);
    PanelRun {
        status: run.status,
        metrics: run.metrics,
        model: run.model,
        send: run.run,
        stop: run.stop,
        text: run.text,
    }
}

#[cfg(feature = "chat")]
impl PanelRun {
    /// The prompt box empties when its prompt is sent (it is in the conversation).
    pub const CLEARS_PROMPT: bool = true;

    /// The latest finished answer (for Copy).
    pub fn last_answer(&self) -> Option<Rc<str>> {
        use crate::inference::ChatRole;
        let last = self.chat.turns.last()?;
        (last.role == ChatRole::Assistant && !self.status.is_running())
            .then(|| last.content.clone())
    }

    /// Whether the conversation has any turn.
    pub fn has_history(&self) -> bool {
        !self.chat.turns.is_empty()
    }

    /// The conversation.
    pub fn view(&self, markdown: bool) -> Html {
        html! {
            <super::chat_log::ChatLog turns={self.chat.turns.clone()} answer={self.chat.answer.clone()}
                running={self.status.is_running()} {markdown} />
        }
    }

    /// Regenerate and New chat, once there is a conversation and no answer is running; each
    /// also runs `also`.
    pub fn buttons(&self, also: Callback<()>) -> Html {
        if self.status.is_running() || !self.has_history() {
            return Html::default();
        }
        let regenerate = {
            let (again, also) = (self.chat.regenerate.clone(), also.clone());
            Callback::from(move |_: MouseEvent| {
                also.emit(());
                again.emit(());
            })
        };
        let new_chat = {
            let clear = self.chat.new_chat.clone();
            Callback::from(move |_: MouseEvent| {
                also.emit(());
                clear.emit(());
            })
        };
        html! {
            <>
                <button type="button" class="hf-oauth-secondary hf-oauth-regenerate" onclick={regenerate}>{ "Regenerate" }</button>
                <button type="button" class="hf-oauth-secondary hf-oauth-new-chat" onclick={new_chat}>{ "New chat" }</button>
            </>
        }
    }
}

#[cfg(not(feature = "chat"))]
impl PanelRun {
    /// The prompt stays in its box (to ask again, or change a word).
    pub const CLEARS_PROMPT: bool = false;

    /// The answer, once it is done or stopped (for Copy).
    pub fn last_answer(&self) -> Option<Rc<str>> {
        let ended = matches!(
            self.status,
            InferenceStatus::Done | InferenceStatus::Stopped
        );
        (ended && !self.text.is_empty()).then(|| self.text.clone())
    }

    /// One prompt at a time: no history.
    pub fn has_history(&self) -> bool {
        false
    }

    /// The answer, in an `aria-live` region, busy while it is written.
    pub fn view(&self, markdown: bool) -> Html {
        let has_text = !self.text.is_empty();
        html! {
            <div class={classes!("hf-oauth-answer", has_text.then_some("has-text"))} role="region" aria-live="polite"
                aria-busy={self.status.is_running().to_string()} aria-label="Answer">
                { answer_view(self.text.clone(), markdown) }
            </div>
        }
    }

    /// No conversation, no buttons for it.
    pub fn buttons(&self, _also: Callback<()>) -> Html {
        Html::default()
    }
}

/// An answer: formatted when asked for and compiled in, else plain text.
#[cfg(feature = "markdown")]
pub(crate) fn answer_view(text: Rc<str>, markdown: bool) -> Html {
    if markdown {
        html! { <super::markdown_answer::MarkdownAnswer {text} /> }
    } else {
        html! { <AnswerText {text} /> }
    }
}

/// An answer as plain text (the crate's feature `markdown` is off).
#[cfg(not(feature = "markdown"))]
pub(crate) fn answer_view(text: Rc<str>, _markdown: bool) -> Html {
    html! { <AnswerText {text} /> }
}
