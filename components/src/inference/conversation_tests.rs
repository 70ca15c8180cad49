//! The conversation: order, Stop, regenerate, New chat, and its stored form. The stored form
//! is read through `crate::json`, so these also run in the browser (`JSON.parse`).

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn roles_and_contents(messages: &[ChatMessage]) -> Vec<(&str, &str)> {
    messages
        .iter()
        .map(|m| (m.role.as_str(), m.content.as_str()))
        .collect()
}

#[test]
fn turns_are_kept_in_order_and_sent_as_messages() {
    let mut chat = Conversation::default();
    let first = chat.ask("What is PKCE?");
    assert_eq!(roles_and_contents(&first), [("user", "What is PKCE?")]);
    assert!(chat.awaits_answer());
    chat.settle("A proof key.", true);
    assert!(!chat.awaits_answer());
    let second = chat.ask("Why does a public client need it?");
    assert_eq!(
        roles_and_contents(&second),
        [
            ("user", "What is PKCE?"),
            ("assistant", "A proof key."),
            ("user", "Why does a public client need it?"),
        ]
    );
    chat.settle("It has no secret.", true);
    assert_eq!(chat.turns().len(), 4);
    assert_eq!(
        roles_and_contents(&chat.messages())[3],
        ("assistant", "It has no secret.")
    );
}

#[test]
fn stop_keeps_the_partial_answer_which_is_sent_with_the_next_turn() {
    let mut chat = Conversation::default();
    chat.ask("Count to ten");
    chat.settle("one two thr", false);
    assert_eq!(
        chat.turns()[1],
        ChatTurn::assistant("one two thr").with_stopped(true)
    );
    let next = chat.ask("Go on");
    assert_eq!(
        roles_and_contents(&next),
        [
            ("user", "Count to ten"),
            ("assistant", "one two thr"),
            ("user", "Go on")
        ]
    );
}

#[test]
fn an_answer_that_failed_before_any_text_leaves_the_question_unanswered() {
    let mut chat = Conversation::default();
    chat.ask("Hi");
    chat.settle("", false);
    assert!(chat.awaits_answer());
    assert_eq!(chat.turns().len(), 1);
    // Asking again replaces the unanswered question: the roles keep alternating.
    let next = chat.ask("Hello?");
    assert_eq!(roles_and_contents(&next), [("user", "Hello?")]);
}

#[test]
fn a_settle_after_new_chat_is_ignored() {
    let mut chat = Conversation::default();
    chat.ask("Hi");
    chat.clear();
    chat.settle("late answer", false);
    assert!(chat.turns().is_empty());
    // A settle with no question waiting adds nothing either.
    chat.ask("Hi");
    chat.settle("Hello", true);
    chat.settle("again", true);
    assert_eq!(chat.turns().len(), 2);
}

#[test]
fn regenerate_replaces_only_the_last_answer() {
    let mut chat = Conversation::default();
    chat.ask("Q1");
    chat.settle("A1", true);
    chat.ask("Q2");
    chat.settle("A2", true);
    let sent = chat.regenerate().expect("there is a question to answer");
    assert_eq!(
        roles_and_contents(&sent),
        [("user", "Q1"), ("assistant", "A1"), ("user", "Q2")]
    );
    assert_eq!(chat.turns().len(), 3, "only the last answer went");
    chat.settle("A2, again", true);
    assert_eq!(
        roles_and_contents(&chat.messages()),
        [
            ("user", "Q1"),
            ("assistant", "A1"),
            ("user", "Q2"),
            ("assistant", "A2, again")
        ]
    );
    // An unanswered question is answered again as it is.
    chat.ask("Q3");
    let sent = chat.regenerate().unwrap();
    assert_eq!(sent.len(), 5);
    assert_eq!(chat.turns().len(), 5);
    // Nothing to regenerate in an empty conversation.
    assert_eq!(Conversation::default().regenerate(), None);
}

#[test]
fn new_chat_clears_every_turn() {
    let mut chat = Conversation::default();
    chat.ask("Q1");
    chat.settle("A1", true);
    chat.clear();
    assert!(chat.turns().is_empty());
    assert_eq!(roles_and_contents(&chat.ask("Fresh")), [("user", "Fresh")]);
}

#[test]
fn the_stored_form_round_trips() {
    let mut chat = Conversation::default();
    chat.ask("Quote \" backslash \\ newline \n 🤗 </script>");
    chat.settle("Partial **answer**", false);
    chat.ask("Next");
    chat.settle("Done.", true);
    let stored = chat.to_json();
    assert!(
        stored.starts_with(r#"{"v":1,"turns":[{"role":"user","content":"Quote"#),
        "{stored}"
    );
    assert_eq!(Conversation::from_json(&stored), Some(chat.clone()));
    assert!(chat.turns()[1].stopped);
    // A question still waiting (the tab was reloaded mid-answer) comes back waiting.
    chat.ask("Waiting");
    let back = Conversation::from_json(&chat.to_json()).unwrap();
    assert!(back.awaits_answer());
    assert_eq!(back, chat);
    assert_eq!(
        Conversation::from_json(&Conversation::default().to_json()),
        Some(Conversation::default())
    );
}

#[test]
fn damaged_or_foreign_entries_are_not_read() {
    for text in [
        "",
        "not json",
        "[]",
        r#"{"turns":[]}"#,
        r#"{"v":2,"turns":[]}"#,
        r#"{"v":1}"#,
        r#"{"v":1,"turns":[{"role":"system","content":"x"}]}"#,
        r#"{"v":1,"turns":[{"role":"user"}]}"#,
        r#"{"v":1,"turns":[{"role":"user","content":3}]}"#,
    ] {
        assert_eq!(Conversation::from_json(text), None, "{text}");
    }
    // Turns that break the alternation are left out on the way in.
    let odd = r#"{"v":1,"turns":[{"role":"assistant","content":"orphan"},{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"assistant","content":"B"},{"role":"assistant","content":"extra"}]}"#;
    let chat = Conversation::from_json(odd).unwrap();
    assert_eq!(
        roles_and_contents(&chat.messages()),
        [("user", "b"), ("assistant", "B")]
    );
}

#[test]
fn the_stored_form_holds_only_the_turns() {
    let mut chat = Conversation::default();
    chat.ask("Hi");
    chat.settle("Hello", true);
    assert_eq!(
        chat.to_json(),
        r#"{"v":1,"turns":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}"#
    );
}
