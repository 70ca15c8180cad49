//! The conversation of [`crate::use_chat`] in this tab's sessionStorage: it survives a reload
//! of the tab, stays out of other tabs, and is removed at sign-out. It holds the turns only,
//! never a token. A browser that refuses storage keeps the conversation in memory only.

use crate::inference::conversation::Conversation;

/// The sessionStorage key of the conversation.
pub(crate) const CHAT_STORAGE_KEY: &str = "hf_oauth:chat";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The conversation kept in this tab, or an empty one (an unreadable entry is removed).
pub(crate) fn load_conversation() -> Conversation {
    let Some(storage) = session_storage() else {
        return Conversation::default();
    };
    let Some(text) = storage.get_item(CHAT_STORAGE_KEY).ok().flatten() else {
        return Conversation::default();
    };
    Conversation::from_json(&text).unwrap_or_else(|| {
        let _ = storage.remove_item(CHAT_STORAGE_KEY);
        Conversation::default()
    })
}

/// Keep `conversation` in this tab; an empty one removes the entry. A refused write (quota)
/// leaves the previous entry out of date rather than failing the chat: it is removed.
pub(crate) fn save_conversation(conversation: &Conversation) {
    let Some(storage) = session_storage() else {
        return;
    };
    if conversation.turns().is_empty()
        || storage
            .set_item(CHAT_STORAGE_KEY, &conversation.to_json())
            .is_err()
    {
        let _ = storage.remove_item(CHAT_STORAGE_KEY);
    }
}
