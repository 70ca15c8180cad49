//! The signed-in visitor's profile, typed for Hugging Face's OpenID claims.

use super::json::WrongTypeIn;
use crate::json::Json;
use serde::{Deserialize, Serialize};

/// The visitor's profile, from the id_token claims or the userinfo endpoint.
///
/// Field names follow Hugging Face's userinfo response (`isPro`, `canPay`, `orgs`); unknown
/// fields are ignored, so a newer Hub or another OpenID provider never breaks parsing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserInfo {
    /// Stable subject identifier of the account.
    pub sub: String,
    /// Display name ("Jane Doe").
    pub name: Option<String>,
    /// Hugging Face username ("janedoe"), shown as `@janedoe`.
    pub preferred_username: Option<String>,
    /// Avatar URL. Only `https:`/`http:` URLs are ever rendered.
    pub picture: Option<String>,
    /// Profile page URL.
    pub profile: Option<String>,
    /// Email address, present with the `email` scope.
    pub email: Option<String>,
    /// Whether the email address has been verified.
    pub email_verified: Option<bool>,
    /// Whether the account has a PRO subscription.
    #[serde(rename = "isPro")]
    pub is_pro: Option<bool>,
    /// Whether the account can pay for usage (billing set up).
    #[serde(rename = "canPay")]
    pub can_pay: Option<bool>,
    /// Organizations the visitor belongs to (with the `read-memberships` scope or by default).
    pub orgs: Vec<OrgInfo>,
}

/// One organization of the visitor, as listed in `UserInfo::orgs`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrgInfo {
    /// Stable identifier of the organization.
    pub sub: String,
    /// Display name of the organization.
    pub name: Option<String>,
    /// Handle of the organization, as in `huggingface.co/<preferred_username>`.
    pub preferred_username: Option<String>,
    /// Avatar URL of the organization.
    pub picture: Option<String>,
    /// Plan of the organization (`"team"`, `"enterprise"`, ...).
    pub plan: Option<String>,
    /// Whether the organization can pay for usage.
    #[serde(rename = "canPay")]
    pub can_pay: Option<bool>,
    /// The visitor's role in the organization (`"admin"`, `"write"`, `"read"`, ...).
    #[serde(rename = "roleInOrg")]
    pub role_in_org: Option<String>,
}

impl OrgInfo {
    /// Read one item of `orgs`; a member of the wrong type (or an item that is not an object)
    /// is an error.
    fn from_json(json: &Json) -> Result<Self, WrongTypeIn> {
        if !json.is_object() {
            return Err(WrongTypeIn("orgs"));
        }
        // A wrong type anywhere in an organization is reported as `orgs`, the member it is in.
        let text = |key: &'static str| json.str_field(key).map_err(|_| WrongTypeIn("orgs"));
        Ok(OrgInfo {
            sub: text("sub")?.unwrap_or_default(),
            name: text("name")?,
            preferred_username: text("preferred_username")?,
            picture: text("picture")?,
            plan: text("plan")?,
            can_pay: json
                .bool_field("canPay")
                .map_err(|_| WrongTypeIn("canPay"))?,
            role_in_org: text("roleInOrg")?,
        })
    }
}

impl UserInfo {
    /// Read the claims of a userinfo answer or an id_token (the names serde uses, `isPro`, ...);
    /// unknown members are ignored, a member of the wrong type is an error.
    pub(crate) fn from_json(json: &Json) -> Result<Self, WrongTypeIn> {
        let text = |key: &'static str| json.str_field(key).map_err(|_| WrongTypeIn(key));
        let flag = |key: &'static str| json.bool_field(key).map_err(|_| WrongTypeIn(key));
        let orgs = json
            .array_field("orgs")
            .map_err(|_| WrongTypeIn("orgs"))?
            .unwrap_or_default();
        Ok(UserInfo {
            sub: text("sub")?.unwrap_or_default(),
            name: text("name")?,
            preferred_username: text("preferred_username")?,
            picture: text("picture")?,
            profile: text("profile")?,
            email: text("email")?,
            email_verified: flag("email_verified")?,
            is_pro: flag("isPro")?,
            can_pay: flag("canPay")?,
            orgs: orgs
                .iter()
                .map(OrgInfo::from_json)
                .collect::<Result<_, _>>()?,
        })
    }

    /// The best name to show: display name, else username, else the subject.
    pub fn display_name(&self) -> &str {
        self.name
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .or(self
                .preferred_username
                .as_deref()
                .filter(|s| !s.trim().is_empty()))
            .unwrap_or(&self.sub)
    }

    /// Up to two initials of the display name, for the avatar fallback.
    pub fn initials(&self) -> String {
        self.display_name()
            .split_whitespace()
            .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
            .take(2)
            .flat_map(char::to_uppercase)
            .collect()
    }

    /// The avatar URL when it is safe to put into an `<img src>`: `https:` or `http:` only.
    pub fn safe_picture(&self) -> Option<&str> {
        self.picture.as_deref().filter(|url| is_safe_image_url(url))
    }
}

/// Whether `url` is an absolute `https:` or `http:` URL (never `javascript:`, `data:`, ...).
pub fn is_safe_image_url(url: &str) -> bool {
    let trimmed = url.trim_start();
    let lower = trimmed.get(..8).unwrap_or(trimmed).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !trimmed.chars().any(|c| c.is_control() || c == ' ')
}
