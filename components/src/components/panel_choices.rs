//! What `InferencePanel` shows for an editable model with the crate's feature `models`: the
//! [`ModelPicker`], then the [`BillToChoice`] (when an organization can pay and the app set no
//! `bill_to`). Without the feature the panel keeps its plain text field (the widget's build,
//! where every byte counts).

use super::bill_to::BillToChoice;
use super::model_picker::ModelPicker;
use super::theme::Theme;
use yew::prelude::*;

/// What the editable model field needs from the panel.
pub(crate) struct ModelField {
    /// The model id shown.
    pub value: String,
    /// Grey it out (a generation runs).
    pub disabled: bool,
    /// The panel's router (its model list is listed).
    pub router_url: Option<AttrValue>,
    /// Colour scheme.
    pub theme: Theme,
    /// Called with the new model id.
    pub on_change: Callback<String>,
    /// The app's `bill_to`: when set, the visitor is not asked.
    pub bill_to: Option<AttrValue>,
    /// The visitor's "Bill to" choice.
    pub chosen_org: UseStateHandle<Option<String>>,
}

/// The model picker, then the "Bill to" choice unless the app fixed `bill_to`.
pub(crate) fn editable_model(field: ModelField) -> Html {
    let chosen = field.chosen_org;
    let on_bill_to = {
        let chosen = chosen.clone();
        Callback::from(move |org| chosen.set(org))
    };
    html! {
        <>
            <ModelPicker value={field.value} on_change={field.on_change} router_url={field.router_url}
                disabled={field.disabled} theme={field.theme} />
            if field.bill_to.is_none() {
                <BillToChoice value={(*chosen).clone().map(AttrValue::from)} on_change={on_bill_to}
                    disabled={field.disabled} theme={field.theme} />
            }
        </>
    }
}

/// The organization the visitor chose to bill, as a state the panel holds.
#[hook]
pub(crate) fn use_bill_to_choice() -> UseStateHandle<Option<String>> {
    use_state(|| None)
}

/// The organization billed: the app's `bill_to`, else the visitor's choice.
pub(crate) fn bill_to(
    app: Option<&AttrValue>,
    chosen: &UseStateHandle<Option<String>>,
) -> Option<String> {
    app.map(|org| org.to_string())
        .or_else(|| (**chosen).clone())
}
