use super::login_button::HfLoginButton;
use super::theme::{ButtonSize, Theme};
use crate::auth::result::format_remaining;
use crate::{use_hf_oauth, OAuthResult, ProfileStatus, SessionState, UserInfo};
use stylist::yew::use_style;
use stylist::{css, StyleSource};
use yew::prelude::*;

/// Properties of [`UserBadge`].
#[derive(Properties, PartialEq)]
pub struct UserBadgeProps {
    /// Colour scheme; `Auto` follows the system.
    #[prop_or_default]
    pub theme: Theme,
    /// Offer the list of organizations (behind a toggle).
    #[prop_or(true)]
    pub show_orgs: bool,
    /// Show the time left before the session expires.
    #[prop_or(true)]
    pub show_expiry: bool,
}

/// Below this many milliseconds left, the time left is shown as a warning.
pub const EXPIRING_SOON_MS: u64 = 5 * 60 * 1000;

/// The signed-in visitor: avatar, name, @username, PRO mark, organizations on demand, time left,
/// and sign-out. When the session expired it says so and offers to sign in again. Renders
/// nothing in the other states.
///
/// Theme it with CSS variables: `--hf-oauth-surface`, `--hf-oauth-text`, `--hf-oauth-muted`,
/// `--hf-oauth-border`, `--hf-oauth-focus`, `--hf-oauth-radius`, `--hf-oauth-font`.
///
/// # Usage
///
/// Inside an [`HfOAuthProvider`](crate::HfOAuthProvider), beside the sign-in button (each shows
/// itself in the states it is for):
///
/// ```
/// use yew::prelude::*;
/// use yew_hf_oauth::{HfLoginButton, HfOAuthProvider, Theme, UserBadge};
///
/// #[function_component]
/// fn Header() -> Html {
///     // No config: the client ID comes from `window.HF_OAUTH_CLIENT_ID` or the Space.
///     html! {
///         <HfOAuthProvider>
///             <HfLoginButton />
///             <UserBadge theme={Theme::Light} show_orgs={false} />
///         </HfOAuthProvider>
///     }
/// }
/// ```
#[function_component]
pub fn UserBadge(props: &UserBadgeProps) -> Html {
    let oauth = use_hf_oauth();
    super::style::use_theme();
    let scoped = use_style(style());
    let now = use_state(crate::browser::page::now_ms);
    {
        // Tick once a second while mounted (cleared on unmount).
        let now = now.clone();
        yew_hooks::use_interval(move || now.set(crate::browser::page::now_ms()), 1000);
    }
    let (result, expired) = match &oauth.state {
        SessionState::SignedIn(result) => (result.clone(), false),
        SessionState::Expired(result) => (result.clone(), true),
        _ => return Html::default(),
    };
    let user = &result.user_info;
    let sign_out = oauth.sign_out.reform(|_: MouseEvent| ());
    html! {
        <section class={classes!("hf-oauth-badge", scoped)} data-theme={props.theme.name()}
            aria-label="Hugging Face account">
            <Avatar user={user.clone()} />
            <div class="hf-oauth-who">
                <p class="hf-oauth-name">
                    <span class="hf-oauth-display-name">{ user.display_name().to_owned() }</span>
                    if user.is_pro == Some(true) { <span class="hf-oauth-pro" title="PRO subscriber">{ "PRO" }</span> }
                </p>
                if let Some(username) = user.preferred_username.as_deref() {
                    <p class="hf-oauth-username">{ format!("@{username}") }</p>
                }
                if expired {
                    <p class="hf-oauth-expired" role="status">{ "Your session has expired. Sign in again to continue." }</p>
                } else if props.show_expiry {
                    <TimeLeft result={result.clone()} now={*now} />
                }
                if props.show_orgs && !user.orgs.is_empty() {
                    <Orgs user={user.clone()} />
                }
                if let Some(error) = oauth.request_error.as_ref().filter(|_| !expired) {
                    <p class="hf-oauth-request-error" role="alert">{ error.message() }</p>
                }
                if !expired && !result.survives_reload() {
                    <p class="hf-oauth-memory-only" role="status">
                        { "This browser does not let the site store your sign-in: it lasts until you reload or leave this page." }
                    </p>
                }
                if !expired && result.profile_status == ProfileStatus::Unavailable {
                    <p class="hf-oauth-profile-partial" role="status">
                        { "Some profile details (PRO, organizations) could not be loaded. They will be retried next time." }
                    </p>
                }
            </div>
            <div class="hf-oauth-actions">
                if expired {
                    <HfLoginButton size={ButtonSize::Sm} theme={props.theme} label="Sign in again" />
                } else {
                    <button type="button" class="hf-oauth-signout" onclick={sign_out}>{ "Sign out" }</button>
                }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AvatarProps {
    user: UserInfo,
}

/// The avatar image, or initials when there is no safe URL or the image fails to load.
#[function_component]
fn Avatar(props: &AvatarProps) -> Html {
    let broken = use_state(|| false);
    let initials = html! { <span class="hf-oauth-avatar hf-oauth-initials" aria-hidden="true">{ props.user.initials() }</span> };
    match props.user.safe_picture() {
        Some(url) if !*broken => {
            let onerror = {
                let broken = broken.clone();
                Callback::from(move |_: Event| broken.set(true))
            };
            html! { <img class="hf-oauth-avatar" src={url.to_owned()} alt="" width="40" height="40"
            referrerpolicy="no-referrer" {onerror} /> }
        }
        _ => initials,
    }
}

#[derive(Properties, PartialEq)]
struct TimeLeftProps {
    result: std::rc::Rc<OAuthResult>,
    now: u64,
}

#[function_component]
fn TimeLeft(props: &TimeLeftProps) -> Html {
    let remaining = props.result.remaining_ms(props.now);
    let soon = remaining < EXPIRING_SOON_MS;
    html! {
        <p class={classes!("hf-oauth-expiry", soon.then_some("hf-oauth-expiring"))}>
            { format!("Session expires in {}", format_remaining(remaining)) }
        </p>
    }
}

#[derive(Properties, PartialEq)]
struct OrgsProps {
    user: UserInfo,
}

/// A disclosure listing the visitor's organizations; those the app cannot use yet (no
/// `roleInOrg`) offer "Grant access", which signs in again asking for that organization.
#[function_component]
fn Orgs(props: &OrgsProps) -> Html {
    let oauth = use_hf_oauth();
    let open = use_state(|| false);
    let list_id = use_memo((), |_| {
        format!("hf-oauth-orgs-{}", super::login_button::next_id())
    });
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let count = props.user.orgs.len();
    html! {
        <div class="hf-oauth-orgs">
            <button type="button" class="hf-oauth-link" aria-expanded={open.to_string()}
                aria-controls={(*list_id).clone()} onclick={toggle}>
                { format!("{count} organization{}", if count == 1 { "" } else { "s" }) }
            </button>
            if *open {
                <ul id={(*list_id).clone()}>
                    { for props.user.orgs.iter().map(|org| html! {
                        <li key={org.sub.clone()}>
                            { org.name.clone().or_else(|| org.preferred_username.clone()).unwrap_or_else(|| org.sub.clone()) }
                            if let Some(role) = org.role_in_org.as_deref() {
                                <span class="hf-oauth-role">{ format!(" · {role}") }</span>
                            } else {
                                { " " }
                                <button type="button" class="hf-oauth-link hf-oauth-grant" onclick={
                                    let (oauth, sub) = (oauth.clone(), org.sub.clone());
                                    Callback::from(move |_: MouseEvent| oauth.request_org_access(&sub))
                                }>{ "Grant access" }</button>
                            }
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}

/// The component's scoped style (its generated class stands beside `hf-oauth-badge`); colours
/// come from the shared palette ([`super::style::use_theme`]).
fn style() -> StyleSource {
    css!(
        r#"
      display: inline-flex; align-items: flex-start; gap: 12px; padding: 12px 14px;
      max-width: 100%; box-sizing: border-box;
      font-family: var(--hf-oauth-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
      font-size: 14px;
      color: var(--text); background: var(--surface); border: 1px solid var(--line);
      border-radius: var(--hf-oauth-radius, 12px);
    p { margin: 0; }
    .hf-oauth-avatar { flex: none; width: 40px; height: 40px; border-radius: 50%; object-fit: cover; }
    .hf-oauth-initials {
      display: inline-flex; align-items: center; justify-content: center;
      font-weight: 700; color: #3a3b45; background: #ffd21e;
    }
    .hf-oauth-who { min-width: 0; display: flex; flex-direction: column; gap: 2px; }
    .hf-oauth-name { font-weight: 600; overflow-wrap: anywhere; }
    .hf-oauth-username { color: var(--muted); overflow-wrap: anywhere; }
    .hf-oauth-pro {
      margin-left: 6px; padding: 1px 6px; font-size: 11px; font-weight: 700; border-radius: 6px;
      color: #3a3b45; background: linear-gradient(90deg, #fde68a, #f9a8d4, #a5b4fc);
    }
    .hf-oauth-expiry { color: var(--muted); font-size: 13px; }
    .hf-oauth-expiring { color: var(--warn); font-weight: 600; }
    .hf-oauth-expired { color: var(--warn); font-weight: 600; }
    .hf-oauth-profile-partial, .hf-oauth-memory-only { color: var(--muted); font-size: 13px; }
    .hf-oauth-request-error { color: var(--warn); font-size: 13px; }
    .hf-oauth-orgs ul { margin: 4px 0 0; padding-left: 18px; }
    .hf-oauth-role { color: var(--muted); }
    .hf-oauth-actions { margin-left: auto; }
    button.hf-oauth-signout, button.hf-oauth-link {
      font: inherit; color: var(--text); background: transparent; border: 1px solid var(--line);
      border-radius: 6px; padding: 4px 10px; cursor: pointer;
    }
    button.hf-oauth-link { border: none; padding: 0; text-decoration: underline; color: var(--muted); }
    button:focus-visible { outline: 3px solid var(--hf-oauth-focus, #f59e0b); outline-offset: 2px; }
"#
    )
}
