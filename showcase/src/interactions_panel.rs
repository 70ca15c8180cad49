//! The Interactions panel under the canvas of a story that has a play ([`crate::play`]): it
//! plays the steps on the canvas once the story is shown, marks each step as it runs, passes or
//! fails (with what was wrong), and sums up. "Run again" remounts the story and replays it.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use crate::play::{self, Outcome, Pace, Step, StepState};

/// Props of [`InteractionsPanel`].
#[derive(Properties, PartialEq)]
pub struct InteractionsPanelProps {
    /// The steps to play.
    pub play: &'static [Step],
    /// The element the story renders into.
    pub canvas: NodeRef,
    /// Which mount of the story this is: a new value plays again.
    pub run: u32,
    /// "Run again": the story view remounts the canvas and bumps `run`.
    pub on_rerun: Callback<()>,
}

/// What the panel shows: each step's state and the outcome so far.
#[derive(Clone, Debug, PartialEq)]
struct Progress {
    steps: Vec<StepState>,
    outcome: Option<Outcome>,
}

impl Progress {
    fn new(count: usize) -> Self {
        Self {
            steps: vec![StepState::Pending; count],
            outcome: None,
        }
    }
}

/// A change of the progress.
enum Change {
    /// Start over (a new run).
    Reset(usize),
    /// A step moved.
    Step(usize, StepState),
    /// The play ended.
    End(Outcome),
}

impl Reducible for Progress {
    type Action = Change;

    fn reduce(self: Rc<Self>, change: Change) -> Rc<Self> {
        let mut next = (*self).clone();
        match change {
            Change::Reset(count) => next = Progress::new(count),
            Change::Step(index, state) => {
                if let Some(slot) = next.steps.get_mut(index) {
                    *slot = state;
                }
            }
            Change::End(outcome) => next.outcome = Some(outcome),
        }
        Rc::new(next)
    }
}

/// The panel.
#[function_component]
pub fn InteractionsPanel(props: &InteractionsPanelProps) -> Html {
    let progress = use_reducer(|| Progress::new(props.play.len()));
    {
        let progress = progress.clone();
        let canvas = props.canvas.clone();
        let steps = props.play;
        use_effect_with(props.run, move |_| {
            let alive = Rc::new(Cell::new(true));
            progress.dispatch(Change::Reset(steps.len()));
            {
                let alive = alive.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    // The story renders first (its effects and timers start with this tick).
                    gloo::timers::future::TimeoutFuture::new(0).await;
                    let Some(root) = canvas.cast::<web_sys::Element>() else {
                        return;
                    };
                    let report = |index: usize, state: StepState| {
                        if alive.get() {
                            progress.dispatch(Change::Step(index, state));
                        }
                    };
                    let outcome =
                        play::run(&root, steps, Pace::PANEL, &report, &|| alive.get()).await;
                    if alive.get() {
                        progress.dispatch(Change::End(outcome));
                    }
                });
            }
            move || alive.set(false)
        });
    }

    let total = props.play.len();
    let passed = progress
        .steps
        .iter()
        .filter(|s| **s == StepState::Passed)
        .count();
    let (status, summary) = match &progress.outcome {
        None => (
            "running",
            format!("Running: {passed} of {total} steps passed"),
        ),
        Some(Outcome::Passed) => ("passed", format!("Passed: {total} of {total} steps")),
        Some(Outcome::Failed { step, .. }) => {
            ("failed", format!("Failed at step {} of {total}", step + 1))
        }
        Some(Outcome::Cancelled) => ("cancelled", "Stopped: the story was left".to_owned()),
    };
    let rerun = props.on_rerun.reform(|_: MouseEvent| ());
    html! {
        <section class="sb-interactions" aria-labelledby="interactions-title">
            <div class="sb-actions-head">
                <h3 id="interactions-title">{ "Interactions" }</h3>
                <p class="sb-play-status" role="status" data-status={status}>{ summary }</p>
                <button type="button" class="sb-button" onclick={rerun}
                    disabled={progress.outcome.is_none()}>{ "Run again" }</button>
            </div>
            <ol class="sb-play-steps">
                { for props.play.iter().zip(&progress.steps).map(|(step, state)| step_item(step, state)) }
            </ol>
        </section>
    }
}

/// One line of the step log.
fn step_item(step: &Step, state: &StepState) -> Html {
    let (name, mark, word) = match state {
        StepState::Pending => ("pending", "○", "not run"),
        StepState::Running => ("running", "…", "running"),
        StepState::Passed => ("passed", "✓", "passed"),
        StepState::Failed(_) => ("failed", "✗", "failed"),
    };
    html! {
        <li data-status={name}>
            <span class="sb-step-mark" aria-hidden="true">{ mark }</span>
            <span class="sb-step-words">{ step.describe() }</span>
            <span class="sb-step-state">{ word }</span>
            if let StepState::Failed(message) = state {
                <p class="sb-step-error">{ message.clone() }</p>
            }
        </li>
    }
}
