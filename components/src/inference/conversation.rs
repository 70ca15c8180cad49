//! A conversation: the visitor's turns and the model's answers, in order, sent as `messages`.
//! Pure: the chat hook ([`crate::use_chat`]) keeps one, and this tab's sessionStorage keeps a
//! copy ([`Conversation::to_json`]; never a token).

use super::request::ChatMessage;
use crate::json::Json;
use serde::Serialize;
use std::rc::Rc;

/// Who speaks in a [`ChatTurn`].
///
/// # Usage
/// ```
/// use yew_hf_oauth::ChatRole;
/// assert_eq!(ChatRole::Assistant.as_str(), "assistant");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChatRole {
    /// The visitor.
    User,
    /// The model.
    Assistant,
}

impl ChatRole {
    /// The role as the chat API spells it: `user` or `assistant`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatRole::User => "user",
            ChatRole::Assistant => "assistant",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "user" => Some(ChatRole::User),
            "assistant" => Some(ChatRole::Assistant),
            _ => None,
        }
    }
}

/// One turn of a conversation.
///
/// # Usage
/// ```
/// use yew_hf_oauth::{ChatRole, ChatTurn};
/// let turn = ChatTurn::user("What is PKCE?");
/// assert_eq!(turn.role, ChatRole::User);
/// assert_eq!(&*turn.content, "What is PKCE?");
/// assert!(!turn.stopped);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ChatTurn {
    /// Who speaks.
    pub role: ChatRole,
    /// What is said.
    pub content: Rc<str>,
    /// An answer that did not finish (stopped by the visitor, or cut by an error): what
    /// arrived is kept, and sent as it is with the next turn.
    pub stopped: bool,
}

impl ChatTurn {
    /// A turn of the visitor.
    pub fn user(content: impl Into<Rc<str>>) -> Self {
        Self {
            role: ChatRole::User,
            content: content.into(),
            stopped: false,
        }
    }

    /// A complete answer of the model.
    pub fn assistant(content: impl Into<Rc<str>>) -> Self {
        Self {
            role: ChatRole::Assistant,
            content: content.into(),
            stopped: false,
        }
    }

    /// Mark the answer as one that did not finish.
    pub fn with_stopped(mut self, stopped: bool) -> Self {
        self.stopped = stopped;
        self
    }
}

/// The turns of a conversation, oldest first. Every operation keeps the roles alternating
/// (user, assistant, user, ...), as chat templates require; the last turn may be a user turn
/// without its answer (the answer is running, or failed before any text).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Conversation {
    turns: Vec<ChatTurn>,
}

/// The stored form of a turn.
#[derive(Serialize)]
struct StoredTurn<'a> {
    role: &'static str,
    content: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    stopped: bool,
}

/// The stored form of a conversation.
#[derive(Serialize)]
struct Stored<'a> {
    v: u32,
    turns: Vec<StoredTurn<'a>>,
}

/// Version of the stored form.
const STORED_VERSION: u32 = 1;

impl Conversation {
    /// A conversation with these turns (read back as they are; see [`Self::from_json`]).
    pub fn from_turns(turns: Vec<ChatTurn>) -> Self {
        let mut conversation = Self::default();
        for turn in turns {
            match turn.role {
                ChatRole::User => {
                    conversation.drop_unanswered();
                    conversation.turns.push(turn);
                }
                ChatRole::Assistant if conversation.awaits_answer() => {
                    conversation.turns.push(turn)
                }
                ChatRole::Assistant => {}
            }
        }
        conversation
    }

    /// The turns, oldest first.
    pub fn turns(&self) -> &[ChatTurn] {
        &self.turns
    }

    /// Whether the last turn is the visitor's, still without an answer.
    pub fn awaits_answer(&self) -> bool {
        self.turns.last().is_some_and(|t| t.role == ChatRole::User)
    }

    /// The visitor says `prompt`: it becomes the last turn, and the messages to send are
    /// returned. A last user turn that got no answer (it failed before any text) is replaced.
    pub fn ask(&mut self, prompt: &str) -> Vec<ChatMessage> {
        self.drop_unanswered();
        self.turns.push(ChatTurn::user(prompt));
        self.messages()
    }

    /// The answer to the last user turn ended with `text`; `complete` unless it was stopped or
    /// failed. An empty answer adds nothing (the user turn stays unanswered). Ignored when no
    /// user turn awaits an answer (the conversation was cleared meanwhile).
    pub fn settle(&mut self, text: &str, complete: bool) {
        if self.awaits_answer() && !text.is_empty() {
            self.turns
                .push(ChatTurn::assistant(text).with_stopped(!complete));
        }
    }

    /// Answer the last user turn again: its answer, if any, is dropped, and the messages to
    /// send are returned. `None` when there is no user turn.
    pub fn regenerate(&mut self) -> Option<Vec<ChatMessage>> {
        if self.turns.last()?.role == ChatRole::Assistant {
            self.turns.pop();
        }
        self.awaits_answer().then(|| self.messages())
    }

    /// Forget every turn (New chat).
    pub fn clear(&mut self) {
        self.turns.clear();
    }

    /// The turns as the chat API's `messages`, oldest first.
    pub fn messages(&self) -> Vec<ChatMessage> {
        self.turns
            .iter()
            .map(|turn| ChatMessage::new(turn.role.as_str(), &*turn.content))
            .collect()
    }

    /// The stored form: `{"v":1,"turns":[{"role":"user","content":"…"},…]}`.
    pub fn to_json(&self) -> String {
        let stored = Stored {
            v: STORED_VERSION,
            turns: self
                .turns
                .iter()
                .map(|turn| StoredTurn {
                    role: turn.role.as_str(),
                    content: &turn.content,
                    stopped: turn.stopped,
                })
                .collect(),
        };
        // Strings and booleans always serialize.
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// Read the stored form back; `None` when it is not one (another version, a damaged
    /// entry). Turns that break the alternation are left out.
    pub fn from_json(text: &str) -> Option<Self> {
        let json = Json::parse(text)?;
        if json.get("v")?.as_f64()? != f64::from(STORED_VERSION) {
            return None;
        }
        let turns = json
            .get("turns")?
            .items()?
            .iter()
            .map(|turn| {
                let role = ChatRole::parse(&turn.get("role")?.as_str()?)?;
                let content = turn.get("content")?.as_str()?;
                let stopped = turn.get("stopped").and_then(|s| s.as_bool()) == Some(true);
                Some(ChatTurn {
                    role,
                    content: content.into(),
                    stopped,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self::from_turns(turns))
    }

    fn drop_unanswered(&mut self) {
        if self.awaits_answer() {
            self.turns.pop();
        }
    }
}

#[cfg(test)]
#[path = "conversation_tests.rs"]
mod tests;
