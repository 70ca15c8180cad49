//! The story registry: one entry per component state, rendered with an injected session.

use std::rc::Rc;
use yew::prelude::*;
use yew_hf_oauth::{
    ButtonSize, HfLoginButton, HfOAuthProvider, OAuthError, OAuthResult, OrgInfo, SessionState,
    Theme, UserBadge, UserInfo,
};

/// One story: a component in one state.
pub struct Story {
    /// Anchor of the story (deep link).
    pub id: &'static str,
    /// Title in the sidebar.
    pub title: &'static str,
    /// What the story shows.
    pub description: &'static str,
    /// Renders the story in a theme.
    pub render: fn(Theme) -> Html,
}

fn now_ms() -> u64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| (p.time_origin() + p.now()) as u64)
        .unwrap_or(0)
}

fn org(name: &str, role: &str) -> OrgInfo {
    OrgInfo {
        sub: format!("org-{name}"),
        name: Some(name.into()),
        preferred_username: Some(name.to_lowercase()),
        role_in_org: Some(role.into()),
        ..Default::default()
    }
}

fn user(name: &str, username: &str, pro: bool, orgs: Vec<OrgInfo>) -> UserInfo {
    UserInfo {
        sub: format!("sub-{username}"),
        name: Some(name.into()),
        preferred_username: Some(username.into()),
        is_pro: Some(pro),
        orgs,
        ..Default::default()
    }
}

fn session(user: UserInfo, in_ms: u64) -> Rc<OAuthResult> {
    Rc::new(OAuthResult::new(
        "hf_oauth_story_token",
        now_ms() + in_ms,
        user,
        "openid profile inference-api",
    ))
}

const HOURS_8: u64 = 8 * 3600 * 1000;

fn with_state(state: SessionState, content: Html) -> Html {
    html! { <HfOAuthProvider state={Some(state)}>{ content }</HfOAuthProvider> }
}

fn button(state: SessionState, theme: Theme) -> Html {
    with_state(state, html! { <HfLoginButton {theme} /> })
}

fn badge(state: SessionState, theme: Theme) -> Html {
    with_state(
        state,
        html! { <><HfLoginButton {theme} /><UserBadge {theme} /></> },
    )
}

/// Every story, in sidebar order.
pub const STORIES: &[Story] = &[
    Story {
        id: "button-signed-out",
        title: "HfLoginButton · signed out",
        description: "The official badge look, in all four sizes.",
        render: |theme| {
            html! {
                <div class="row">{ for ButtonSize::ALL.into_iter().map(|size| with_state(SessionState::SignedOut, html! { <HfLoginButton {size} {theme} /> })) }</div>
            }
        },
    },
    Story {
        id: "button-loading",
        title: "HfLoginButton · loading",
        description: "While the provider reads storage or finishes a redirect.",
        render: |theme| button(SessionState::Loading, theme),
    },
    Story {
        id: "button-redirecting",
        title: "HfLoginButton · redirecting",
        description: "After the click, on the way to Hugging Face.",
        render: |theme| button(SessionState::Redirecting, theme),
    },
    Story {
        id: "button-not-configured",
        title: "HfLoginButton · not configured",
        description: "No client ID on the page: disabled, and says why.",
        render: |theme| button(SessionState::NotConfigured, theme),
    },
    Story {
        id: "error-access-denied",
        title: "Sign-in error · access denied",
        description: "The visitor declined on Hugging Face.",
        render: |theme| {
            button(
                SessionState::Error(OAuthError::Provider {
                    error: "access_denied".into(),
                    description: Some("The user denied the request".into()),
                }),
                theme,
            )
        },
    },
    Story {
        id: "error-state-mismatch",
        title: "Sign-in error · state mismatch",
        description: "A tampered or reused callback.",
        render: |theme| button(SessionState::Error(OAuthError::StateMismatch), theme),
    },
    Story {
        id: "error-missing-verifier",
        title: "Sign-in error · storage cleared",
        description: "The PKCE verifier vanished between redirect and callback.",
        render: |theme| button(SessionState::Error(OAuthError::MissingVerifier), theme),
    },
    Story {
        id: "error-token-exchange",
        title: "Sign-in error · token exchange",
        description: "The token endpoint refused the code.",
        render: |theme| {
            button(
                SessionState::Error(OAuthError::TokenExchange {
                    status: 400,
                    body: r#"{"error":"invalid_grant"}"#.into(),
                }),
                theme,
            )
        },
    },
    Story {
        id: "error-network",
        title: "Sign-in error · network",
        description: "The provider could not be reached.",
        render: |theme| {
            button(
                SessionState::Error(OAuthError::Network("Failed to fetch".into())),
                theme,
            )
        },
    },
    Story {
        id: "badge-signed-in",
        title: "UserBadge · signed in",
        description: "Avatar initials, name, username, time left.",
        render: |theme| {
            badge(
                SessionState::SignedIn(session(
                    user("Jane Doe", "janedoe", false, vec![]),
                    HOURS_8,
                )),
                theme,
            )
        },
    },
    Story {
        id: "badge-pro-orgs",
        title: "UserBadge · PRO with organizations",
        description: "The PRO mark and the organizations behind a toggle.",
        render: |theme| {
            badge(
                SessionState::SignedIn(session(
                    user(
                        "Ada Lovelace",
                        "ada",
                        true,
                        vec![org("Acme", "admin"), org("Analytical Engines", "write")],
                    ),
                    HOURS_8,
                )),
                theme,
            )
        },
    },
    Story {
        id: "badge-long-name",
        title: "UserBadge · long names",
        description: "Long names wrap instead of overflowing.",
        render: |theme| {
            badge(
                SessionState::SignedIn(session(
                    user(
                        "Maximilian Alexander Konstantin von Hohenzollern-Sigmaringen",
                        "maximilian-alexander-konstantin-hohenzollern",
                        true,
                        vec![],
                    ),
                    HOURS_8,
                )),
                theme,
            )
        },
    },
    Story {
        id: "badge-broken-avatar",
        title: "UserBadge · unsafe avatar",
        description: "A javascript: avatar URL is never rendered; initials instead.",
        render: |theme| {
            let mut u = user("Mallory", "mallory", false, vec![]);
            u.picture = Some("javascript:alert(1)".into());
            badge(SessionState::SignedIn(session(u, HOURS_8)), theme)
        },
    },
    Story {
        id: "badge-expiring",
        title: "UserBadge · expiring in a minute",
        description: "The time left turns into a warning.",
        render: |theme| {
            badge(
                SessionState::SignedIn(session(user("Jane Doe", "janedoe", false, vec![]), 60_000)),
                theme,
            )
        },
    },
    Story {
        id: "badge-expired",
        title: "UserBadge · expired",
        description: "The token ran out while the page was open.",
        render: |theme| {
            badge(
                SessionState::Expired(session(user("Jane Doe", "janedoe", false, vec![]), 0)),
                theme,
            )
        },
    },
];
