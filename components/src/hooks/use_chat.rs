//! `use_chat`: a conversation with a model, kept in order, in this tab, until sign-out.

use super::inference_options::UseInferenceOptions;
use super::use_inference::{use_generation, Settled};
use crate::browser::chat_storage::{load_conversation, save_conversation};
use crate::inference::conversation::Conversation;
use crate::inference::{ChatTurn, InferenceMetrics, InferenceStatus};
use crate::{use_hf_oauth, SessionState};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// What [`use_chat`] returns.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct UseChatReturn {
    /// The finished turns, oldest first: the visitor's, and the model's answers (stopped ones
    /// included). While an answer is written, the last turn is the visitor's.
    pub turns: Rc<[ChatTurn]>,
    /// The answer being written, while [`status`](Self::status) is running. Updated at most
    /// once per animation frame.
    pub answer: Rc<str>,
    /// Where the latest answer stands.
    pub status: InferenceStatus,
    /// Timings of the latest answer, once it ended.
    pub metrics: Option<InferenceMetrics>,
    /// The model in use.
    pub model: String,
    /// Say something: it is added to the conversation and the whole conversation is sent
    /// (a running answer is stopped first and kept).
    pub send: Callback<String>,
    /// Stop the running answer; what arrived stays in the conversation.
    pub stop: Callback<()>,
    /// Answer the last question again: its answer is replaced, the turns before it stay.
    pub regenerate: Callback<()>,
    /// Forget the conversation and start a new one.
    pub new_chat: Callback<()>,
}

/// A conversation with a model, with the signed-in visitor's token: each turn is kept in
/// order and the whole conversation is sent as `messages`. Stop keeps the partial answer (it
/// is sent with the next turn); `regenerate` replaces only the last answer; `new_chat` starts
/// over. Must be used under [`crate::HfOAuthProvider`].
///
/// The conversation survives a reload of the tab (it is kept in this tab's sessionStorage,
/// turns only, never a token) and is forgotten when the session turns signed out, in this tab
/// or in another one. One conversation per tab: two `use_chat` on a page share its storage.
/// Requests, errors and timings are those of [`crate::use_inference`], with the same
/// [`UseInferenceOptions`].
///
/// # Usage
/// ```
/// use yew::prelude::*;
/// use yew_hf_oauth::{use_chat, ChatRole, UseInferenceOptions};
///
/// #[function_component]
/// fn Chat() -> Html {
///     let chat = use_chat(UseInferenceOptions::default().with_model("google/gemma-2-2b-it"));
///     let ask = chat.send.reform(|_| "Tell me a joke".to_owned());
///     let again = chat.regenerate.reform(|_| ());
///     html! {
///         <>
///             { for chat.turns.iter().map(|turn| html! {
///                 <p>{ if turn.role == ChatRole::User { "You: " } else { "Model: " } }{ turn.content.to_string() }</p>
///             }) }
///             if chat.status.is_running() { <p>{ chat.answer.to_string() }</p> }
///             <button onclick={ask}>{ "Ask" }</button>
///             <button onclick={again}>{ "Regenerate" }</button>
///         </>
///     }
/// }
/// ```
#[hook]
pub fn use_chat(options: UseInferenceOptions) -> UseChatReturn {
    let oauth = use_hf_oauth();
    let conversation: Rc<RefCell<Conversation>> = use_mut_ref(load_conversation);
    let turns = {
        let conversation = conversation.clone();
        use_state(move || Rc::<[ChatTurn]>::from(conversation.borrow().turns()))
    };
    // After each change: keep it in the tab and show it.
    let publish: Rc<dyn Fn()> = {
        let conversation = conversation.clone();
        let turns = turns.setter();
        Rc::new(move || {
            let conversation = conversation.borrow();
            save_conversation(&conversation);
            turns.set(Rc::from(conversation.turns()));
        })
    };
    let settled = {
        let conversation = conversation.clone();
        let publish = publish.clone();
        Callback::from(move |end: Settled| {
            conversation.borrow_mut().settle(&end.text, end.complete);
            publish();
        })
    };
    let generator = use_generation(options, settled);

    let new_chat = {
        let (conversation, publish, stop) = (
            conversation.clone(),
            publish.clone(),
            generator.stop.clone(),
        );
        Callback::from(move |()| {
            stop.emit(());
            conversation.borrow_mut().clear();
            publish();
        })
    };
    {
        // Signing out (here or in another tab) forgets the conversation.
        let new_chat = new_chat.clone();
        let signed_out = matches!(oauth.state, SessionState::SignedOut);
        use_effect_with(signed_out, move |signed_out| {
            if *signed_out {
                new_chat.emit(());
            }
        });
    }
    let send = {
        let (conversation, publish) = (conversation.clone(), publish.clone());
        let (stop, start) = (generator.stop.clone(), generator.start.clone());
        Callback::from(move |prompt: String| {
            stop.emit(());
            let messages = conversation.borrow_mut().ask(&prompt);
            publish();
            start.emit(messages);
        })
    };
    let regenerate = {
        let (stop, start) = (generator.stop.clone(), generator.start.clone());
        Callback::from(move |()| {
            stop.emit(());
            let messages = conversation.borrow_mut().regenerate();
            if let Some(messages) = messages {
                publish();
                start.emit(messages);
            }
        })
    };

    UseChatReturn {
        turns: (*turns).clone(),
        answer: generator.text,
        status: generator.status,
        metrics: generator.metrics,
        model: generator.model,
        send,
        stop: generator.stop,
        regenerate,
        new_chat,
    }
}
