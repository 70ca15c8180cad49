//! [`ModelPicker`]: the model id as free text, with the router's models to search and choose
//! from, and the provider choice (`:fastest`, `:cheapest`, `:preferred`, `:<provider>`).

use super::login_button::next_id;
use super::model_facts::{context_length, price_per_million};
use super::theme::Theme;
use crate::hooks::{use_model_list, ModelList};
use crate::inference::{search_models, ModelProvider, ProviderChoice, ProviderStatus, RouterModel};
use stylist::yew::use_style;
use stylist::{css, StyleSource};
use yew::prelude::*;

/// Properties of [`ModelPicker`].
#[derive(Properties, PartialEq)]
pub struct ModelPickerProps {
    /// The model id, with its provider suffix if any.
    pub value: AttrValue,
    /// Called with the new model id (typed, or chosen from the list, with its suffix).
    pub on_change: Callback<String>,
    /// Base URL of the router whose `/v1/models` is listed. Else `window.HF_INFERENCE_URL`,
    /// else the Hugging Face router.
    #[prop_or_default]
    pub router_url: Option<AttrValue>,
    /// The list to show instead of fetching it (stories, tests, an app that has it already).
    /// When `None`, the `ModelList` of a `ContextProvider<ModelList>` above is shown, if any;
    /// else the list is fetched.
    #[prop_or_default]
    pub models: Option<ModelList>,
    /// At most this many matching models are listed.
    #[prop_or(8)]
    pub max_shown: usize,
    /// Grey it out (while a generation runs).
    #[prop_or_default]
    pub disabled: bool,
    /// Colour scheme; `Auto` follows the system.
    #[prop_or_default]
    pub theme: Theme,
}

/// Pick a model: a text field taking any model id, which also searches the router's model list
/// (fetched once per page, without the visitor's token: [`crate::use_models`]). Each match shows
/// its marks (vision, tools) and cheapest price; the chosen model's providers are listed with
/// status, price per million input and output tokens, context length and tool support, and
/// radio buttons choose the provider: fastest (the router's default), cheapest, the visitor's
/// preferred, or one by name (`<id>:<provider>`). Offline or on a failed request it says the
/// list could not be loaded, and the typed id still works.
///
/// Native controls only (a labelled text field, buttons, radio buttons in a fieldset, a table
/// with a caption), and a `role="status"` line saying how many models match.
///
/// # Usage
/// ```
/// use yew::prelude::*;
/// use yew_hf_oauth::ModelPicker;
///
/// #[function_component]
/// fn Choose() -> Html {
///     let model = use_state(|| "meta-llama/Llama-3.1-8B-Instruct".to_owned());
///     let on_change = { let model = model.clone(); Callback::from(move |id| model.set(id)) };
///     html! { <ModelPicker value={(*model).clone()} {on_change} /> }
/// }
/// ```
#[function_component]
pub fn ModelPicker(props: &ModelPickerProps) -> Html {
    let ids = use_memo((), |_| next_id());
    let given = props.models.clone().or(use_context::<ModelList>());
    let fetched = use_model_list(
        given
            .is_none()
            .then(|| props.router_url.as_ref().map(|u| u.to_string())),
    );
    super::style::use_theme();
    let scoped = use_style(style());
    let list = given.unwrap_or(fetched);
    let value = props.value.to_string();
    let (base, choice) = ProviderChoice::split(&value);
    let (base, choice) = (base.to_owned(), choice);
    let found = search_models(list.models(), &base);
    let chosen = list.models().iter().find(|m| m.id == base);

    let input_id = format!("hf-oauth-model-input-{ids}");
    let status_id = format!("hf-oauth-model-status-{ids}");
    let oninput = props.on_change.reform(|event: InputEvent| {
        event
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .value()
    });
    let choose_model = |id: &str| {
        let (on_change, next) = (props.on_change.clone(), choice.join(id));
        Callback::from(move |_: MouseEvent| on_change.emit(next.clone()))
    };

    html! {
        <div class={classes!("hf-oauth-models", scoped)} data-theme={props.theme.name()}>
            <label for={input_id.clone()}>{ "Model" }</label>
            <input id={input_id} type="text" value={value.clone()} {oninput} disabled={props.disabled}
                spellcheck="false" autocomplete="off" aria-describedby={status_id.clone()}
                placeholder="owner/model, or search" />
            <p id={status_id} class="hf-oauth-models-status" role="status">
                { status_line(&list, found.len(), props.max_shown) }
            </p>
            if !found.is_empty() {
                <ul class="hf-oauth-models-list" aria-label="Models the router serves">
                    { for found.iter().take(props.max_shown).map(|model| html! {
                        <li key={model.id.clone()}>
                            <button type="button" class="hf-oauth-model" aria-pressed={(model.id == base).to_string()}
                                onclick={choose_model(&model.id)} disabled={props.disabled}>{ model.id.clone() }</button>
                            <span class="hf-oauth-model-facts">{ model_facts(model) }</span>
                        </li>
                    }) }
                </ul>
            }
            if !base.is_empty() {
                <ProviderChoiceView model={base.clone()} {choice} providers={chosen.map(|m| m.providers.clone()).unwrap_or_default()}
                    on_change={props.on_change.clone()} disabled={props.disabled} group={format!("hf-oauth-provider-{ids}")} />
            }
        </div>
    }
}

/// What the status line says about the list.
fn status_line(list: &ModelList, matching: usize, max_shown: usize) -> String {
    match list {
        ModelList::Loading => "Loading the router's models…".to_owned(),
        ModelList::Failed(error) => format!(
            "Could not load the model list: {}. Type any model id.",
            error.message()
        ),
        ModelList::Loaded(models) if models.is_empty() => {
            "The router lists no models. Type any model id.".to_owned()
        }
        ModelList::Loaded(_) if matching == 0 => {
            "No listed model matches; the id is used as typed.".to_owned()
        }
        ModelList::Loaded(models) if matching > max_shown => format!(
            "{matching} of {} models match; the first {max_shown} are shown.",
            models.len()
        ),
        ModelList::Loaded(models) => format!("{matching} of {} models match.", models.len()),
    }
}

/// "vision · tools · 3 providers · from $0.27/M in".
fn model_facts(model: &RouterModel) -> String {
    let mut facts = Vec::new();
    if model.accepts_images() {
        facts.push("vision".to_owned());
    }
    if model.supports_tools() {
        facts.push("tools".to_owned());
    }
    let count = model.providers.len();
    facts.push(format!(
        "{count} provider{}",
        if count == 1 { "" } else { "s" }
    ));
    let cheapest = model
        .providers
        .iter()
        .filter_map(|p| p.input_price)
        .min_by(f64::total_cmp);
    if let Some(price) = cheapest {
        facts.push(format!("from {}/M in", price_per_million(Some(price))));
    }
    facts.join(" · ")
}

#[derive(Properties, PartialEq)]
struct ProviderChoiceProps {
    model: String,
    choice: ProviderChoice,
    providers: Vec<ModelProvider>,
    on_change: Callback<String>,
    disabled: bool,
    group: String,
}

/// The provider radio buttons: the router's policies, then each listed provider in a table of
/// its facts.
#[function_component]
fn ProviderChoiceView(props: &ProviderChoiceProps) -> Html {
    let radio = |choice: ProviderChoice, label: Html| {
        let checked = props.choice == choice;
        let onchange = {
            let (on_change, next) = (props.on_change.clone(), choice.join(&props.model));
            Callback::from(move |_: Event| on_change.emit(next.clone()))
        };
        let value = choice.suffix().unwrap_or("fastest").to_owned();
        html! {
            <label class="hf-oauth-radio">
                <input type="radio" name={props.group.clone()} {value} {checked} {onchange} />
                { label }
            </label>
        }
    };
    // A provider typed by hand but not in the list is still shown, chosen.
    let unlisted = match &props.choice {
        ProviderChoice::Provider(name) if !props.providers.iter().any(|p| &p.provider == name) => {
            Some(name.clone())
        }
        _ => None,
    };
    html! {
        <fieldset class="hf-oauth-provider-choice" disabled={props.disabled}>
            <legend>{ "Provider" }</legend>
            <div class="hf-oauth-policies">
                { radio(ProviderChoice::Fastest, html! { "Fastest (default)" }) }
                { radio(ProviderChoice::Cheapest, html! { "Cheapest" }) }
                { radio(ProviderChoice::Preferred, html! { "Your preferred" }) }
                if let Some(name) = unlisted {
                    { radio(ProviderChoice::Provider(name.clone()), html! { name }) }
                }
            </div>
            if !props.providers.is_empty() {
                <div class="hf-oauth-providers">
                    <table>
                        <caption>{ format!("Providers of {}", props.model) }</caption>
                        <thead><tr>
                            <th scope="col">{ "Provider" }</th><th scope="col">{ "Status" }</th>
                            <th scope="col">{ "Input $/M" }</th><th scope="col">{ "Output $/M" }</th>
                            <th scope="col">{ "Context" }</th><th scope="col">{ "Tools" }</th>
                        </tr></thead>
                        <tbody>
                            { for props.providers.iter().map(|p| html! {
                                <tr key={p.provider.clone()} class={classes!((p.status != ProviderStatus::Live).then_some("hf-oauth-not-live"))}>
                                    <th scope="row">{ radio(ProviderChoice::Provider(p.provider.clone()), html! { p.provider.clone() }) }</th>
                                    <td>{ p.status.label().to_owned() }</td>
                                    <td>{ price_per_million(p.input_price) }</td>
                                    <td>{ price_per_million(p.output_price) }</td>
                                    <td>{ context_length(p.context_length) }</td>
                                    <td>{ match p.supports_tools { Some(true) => "yes", Some(false) => "no", None => "—" } }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </fieldset>
    }
}

/// The component's scoped style; colours come from the shared palette.
fn style() -> StyleSource {
    css!(
        r#"
      display: flex; flex-direction: column; gap: 6px; box-sizing: border-box; max-width: 100%;
      font-family: var(--hf-oauth-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
      font-size: 14px; color: var(--text);
    label { font-weight: 600; }
    input[type="text"] {
      font: inherit; color: var(--text); background: transparent; border: 1px solid var(--line);
      border-radius: 8px; padding: 8px; box-sizing: border-box; width: 100%;
    }
    .hf-oauth-models-status { margin: 0; color: var(--muted); font-size: 13px; }
    .hf-oauth-models-list {
      list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 2px;
      max-height: 16em; overflow-y: auto;
    }
    .hf-oauth-models-list li { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 8px; }
    .hf-oauth-model {
      font: inherit; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px;
      color: var(--text); background: transparent; border: 1px solid var(--line); border-radius: 6px;
      padding: 2px 6px; cursor: pointer; text-align: left; overflow-wrap: anywhere;
    }
    .hf-oauth-model:hover { border-color: var(--muted); }
    .hf-oauth-model[aria-pressed="true"] { border-color: var(--text); font-weight: 600; }
    .hf-oauth-model-facts { color: var(--muted); font-size: 12px; }
    fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 0; padding: 6px 10px 10px; min-width: 0; }
    legend { font-weight: 600; padding: 0 4px; }
    .hf-oauth-policies { display: flex; flex-wrap: wrap; gap: 4px 14px; }
    .hf-oauth-radio { font-weight: 400; display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
    input[type="radio"] { width: auto; margin: 0; padding: 0; }
    .hf-oauth-providers { overflow-x: auto; margin-top: 6px; }
    table { border-collapse: collapse; font-size: 13px; width: 100%; }
    caption { text-align: left; color: var(--muted); font-size: 12px; padding-bottom: 4px; overflow-wrap: anywhere; }
    th, td { text-align: left; padding: 3px 8px 3px 0; border-bottom: 1px solid var(--line); white-space: nowrap; }
    thead th { color: var(--muted); font-weight: 600; }
    tbody th { font-weight: 400; }
    .hf-oauth-not-live td:nth-child(2) { color: var(--warn); }
    button:focus-visible, input:focus-visible {
      outline: 3px solid var(--hf-oauth-focus, #f59e0b); outline-offset: 2px;
    }
    button:disabled { cursor: not-allowed; opacity: 0.6; }
"#
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::inference::{parse_model_list, ModelListError};

    #[test]
    fn the_status_line_names_each_state() {
        let models: std::rc::Rc<[RouterModel]> =
            parse_model_list(r#"{"data":[{"id":"a/b"},{"id":"a/c"},{"id":"x/y"}]}"#)
                .unwrap()
                .into();
        let loaded = ModelList::Loaded(models);
        assert_eq!(status_line(&loaded, 2, 8), "2 of 3 models match.");
        assert_eq!(
            status_line(&loaded, 3, 2),
            "3 of 3 models match; the first 2 are shown."
        );
        assert!(status_line(&loaded, 0, 8).starts_with("No listed model matches"));
        assert!(status_line(&ModelList::Loaded(Vec::new().into()), 0, 8)
            .starts_with("The router lists no models"));
        let failed = status_line(&ModelList::Failed(ModelListError::Status(503)), 0, 8);
        assert!(
            failed.contains("Could not load") && failed.contains("503"),
            "{failed}"
        );
        assert!(status_line(&ModelList::Loading, 0, 8).starts_with("Loading"));
    }

    #[test]
    fn a_models_facts_name_its_marks_and_cheapest_input() {
        let list = parse_model_list(
            r#"{"data":[{"id":"a/b","architecture":{"input_modalities":["text","image"]},"providers":[
                {"provider":"p","pricing":{"input":0.5}},
                {"provider":"q","pricing":{"input":0.2},"supports_tools":true}]},
              {"id":"c/d","providers":[{"provider":"r","supports_tools":true}]}]}"#,
        )
        .unwrap();
        assert_eq!(
            model_facts(&list[0]),
            "vision · tools · 2 providers · from $0.20/M in"
        );
        assert_eq!(model_facts(&list[1]), "tools · 1 provider");
    }
}
