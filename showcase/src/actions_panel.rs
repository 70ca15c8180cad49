//! The actions panel under a story's canvas: every action its components reported (see
//! [`crate::actions`]), newest last, with its time and payload; Clear empties it.

use std::rc::Rc;

use yew::prelude::*;

use crate::actions::{Action, ActionSink};

/// The log of one story view.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActionLog(pub Vec<Action>);

/// A change of the log.
pub enum LogChange {
    /// Append an action.
    Push(Action),
    /// Empty the log.
    Clear,
}

impl Reducible for ActionLog {
    type Action = LogChange;

    fn reduce(self: Rc<Self>, change: LogChange) -> Rc<Self> {
        match change {
            LogChange::Push(action) => {
                let mut next = (*self).clone();
                next.0.push(action);
                Rc::new(next)
            }
            LogChange::Clear => Rc::new(Self::default()),
        }
    }
}

/// Milliseconds since the page started.
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The log of a story view and the sink its stories report to (stable across renders).
#[hook]
pub fn use_action_log() -> (UseReducerHandle<ActionLog>, ActionSink) {
    let log = use_reducer(ActionLog::default);
    let sink = {
        let dispatch = log.dispatcher();
        use_memo((), move |_| {
            let started = now_ms();
            ActionSink(Callback::from(move |(name, payload): (String, String)| {
                dispatch.dispatch(LogChange::Push(Action {
                    at_ms: now_ms() - started,
                    name,
                    payload,
                }))
            }))
        })
    };
    (log, (*sink).clone())
}

/// The panel showing `log`.
pub fn actions_panel(log: &UseReducerHandle<ActionLog>) -> Html {
    let clear = {
        let log = log.clone();
        Callback::from(move |_: MouseEvent| log.dispatch(LogChange::Clear))
    };
    let count = log.0.len();
    html! {
        <section class="sb-actions" aria-labelledby="actions-title">
            <div class="sb-actions-head">
                <h3 id="actions-title">{ format!("Actions ({count})") }</h3>
                <button type="button" class="sb-button" onclick={clear} disabled={count == 0}>{ "Clear" }</button>
            </div>
            if count == 0 {
                <p class="sb-muted">{ "Nothing yet: press the story's buttons (sign in, sign out, Generate, Stop)." }</p>
            } else {
                <ol class="sb-actions-log" aria-live="polite" tabindex="0">
                    { for log.0.iter().map(|a| html! {
                        <li>
                            <span class="sb-action-time">{ format!("+{:.2} s", a.at_ms / 1000.0) }</span>
                            <code class="sb-action-name">{ a.name.clone() }</code>
                            <code class="sb-action-payload">{ a.payload.clone() }</code>
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}
