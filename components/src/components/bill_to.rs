//! "Bill to": the visitor's own account, or one of their organizations that can pay (the
//! router's `X-HF-Bill-To` header).

use super::login_button::next_id;
use super::theme::Theme;
use crate::{use_hf_oauth, UserInfo};
use stylist::yew::use_style;
use stylist::{css, StyleSource};
use yew::prelude::*;

/// Properties of [`BillToChoice`].
#[derive(Properties, PartialEq)]
pub struct BillToChoiceProps {
    /// The organization billed (its name, as `X-HF-Bill-To` takes it); `None` for the visitor's
    /// own account.
    #[prop_or_default]
    pub value: Option<AttrValue>,
    /// Called with the chosen organization's name, or `None` for the visitor's own account.
    pub on_change: Callback<Option<String>>,
    /// Grey it out (while a generation runs).
    #[prop_or_default]
    pub disabled: bool,
    /// Colour scheme; `Auto` follows the system.
    #[prop_or_default]
    pub theme: Theme,
}

/// A "Bill to" choice among the visitor's own account (the default) and the organizations
/// their profile marks as able to pay (`orgs[].canPay` in userinfo, which needs the
/// `read-billing` scope). Renders nothing when no organization can pay, or signed out.
///
/// Give its value to [`crate::UseInferenceOptions::bill_to`] (or `InferencePanel`'s `bill_to`):
/// the requests then carry `X-HF-Bill-To`.
///
/// # Usage
/// ```
/// use yew::prelude::*;
/// use yew_hf_oauth::BillToChoice;
///
/// #[function_component]
/// fn Billing() -> Html {
///     let org = use_state(|| None::<String>);
///     let on_change = { let org = org.clone(); Callback::from(move |v| org.set(v)) };
///     html! { <BillToChoice value={(*org).clone().map(AttrValue::from)} {on_change} /> }
/// }
/// ```
#[function_component]
pub fn BillToChoice(props: &BillToChoiceProps) -> Html {
    let oauth = use_hf_oauth();
    let id = use_memo((), |_| format!("hf-oauth-bill-to-{}", next_id()));
    super::style::use_theme();
    let scoped = use_style(style());
    let orgs = oauth
        .state
        .result()
        .map(|session| billable_orgs(&session.user_info))
        .unwrap_or_default();
    if orgs.is_empty() {
        return html! {};
    }
    let onchange = props.on_change.reform(|event: Event| {
        let value = event
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        (!value.is_empty()).then_some(value)
    });
    let chosen = props.value.as_deref().unwrap_or_default();
    html! {
        <div class={classes!("hf-oauth-bill-to", scoped)} data-theme={props.theme.name()}>
            <label for={(*id).clone()}>{ "Bill to" }</label>
            <select id={(*id).clone()} {onchange} disabled={props.disabled}>
                <option value="" selected={chosen.is_empty()}>{ "Your account" }</option>
                { for orgs.into_iter().map(|org| {
                    let selected = org.handle == chosen;
                    html! { <option {selected} value={org.handle}>{ org.label }</option> }
                }) }
            </select>
        </div>
    }
}

/// An organization that can pay, as the choice shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BillableOrg {
    /// Its name, as `X-HF-Bill-To` takes it.
    pub handle: String,
    /// What the visitor reads: display name, handle and plan.
    pub label: String,
}

/// The organizations of `user` marked `canPay`, in the profile's order; one without a handle
/// (`preferred_username`) cannot be named in the header and is left out.
pub(crate) fn billable_orgs(user: &UserInfo) -> Vec<BillableOrg> {
    user.orgs
        .iter()
        .filter(|org| org.can_pay == Some(true))
        .filter_map(|org| {
            let handle = org.preferred_username.clone()?;
            let mut label = match org.name.as_deref() {
                Some(name) if name != handle => format!("{name} ({handle})"),
                _ => handle.clone(),
            };
            if let Some(plan) = org.plan.as_deref() {
                label = format!("{label} · {plan}");
            }
            Some(BillableOrg { handle, label })
        })
        .collect()
}

/// The component's scoped style; colours come from the shared palette.
fn style() -> StyleSource {
    css!(
        r#"
      display: flex; align-items: center; gap: 8px; flex-wrap: wrap;
      font-family: var(--hf-oauth-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
      font-size: 14px; color: var(--text);
    label { font-weight: 600; }
    select {
      font: inherit; color: var(--text); background: var(--surface); border: 1px solid var(--line);
      border-radius: 8px; padding: 6px 8px;
    }
    select:focus-visible { outline: 3px solid var(--hf-oauth-focus, #f59e0b); outline-offset: 2px; }
"#
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::OrgInfo;

    fn org(
        handle: Option<&str>,
        name: Option<&str>,
        plan: Option<&str>,
        can_pay: Option<bool>,
    ) -> OrgInfo {
        OrgInfo {
            sub: format!("sub-{}", handle.unwrap_or("none")),
            preferred_username: handle.map(str::to_owned),
            name: name.map(str::to_owned),
            plan: plan.map(str::to_owned),
            can_pay,
            ..OrgInfo::default()
        }
    }

    #[test]
    fn only_organizations_that_can_pay_and_have_a_handle() {
        let user = UserInfo {
            orgs: vec![
                org(
                    Some("acme"),
                    Some("Acme Research"),
                    Some("enterprise"),
                    Some(true),
                ),
                org(Some("free-club"), None, Some("team"), Some(false)),
                org(Some("unsure"), None, None, None),
                org(None, Some("Nameless"), None, Some(true)),
                org(Some("labs"), Some("labs"), None, Some(true)),
            ],
            ..UserInfo::default()
        };
        assert_eq!(
            billable_orgs(&user),
            [
                BillableOrg {
                    handle: "acme".into(),
                    label: "Acme Research (acme) · enterprise".into()
                },
                BillableOrg {
                    handle: "labs".into(),
                    label: "labs".into()
                },
            ]
        );
        assert!(billable_orgs(&UserInfo::default()).is_empty());
    }
}
