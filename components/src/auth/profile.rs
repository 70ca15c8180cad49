//! The signed-in visitor's profile, typed for Hugging Face's OpenID claims.

use super::json::WrongTypeIn;
use crate::json::Json;
use serde::{Deserialize, Serialize};

/// The visitor's profile, from the id_token claims or the userinfo endpoint.
///
/// Field names follow Hugging Face's userinfo response (`isPro`, `canPay`, `orgs`); unknown
/// fields are ignored, so a newer Hub or another OpenID provider never breaks parsing.
/// `#[non_exhaustive]`: build one with [`UserInfo::new`] and the `with_*` methods.
///
/// # Usage
/// ```
/// use yew_hf_oauth::UserInfo;
/// let jane = UserInfo::new("u1").with_name("Jane Doe");
/// assert_eq!(jane.initials(), "JD");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
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
    /// The visitor's website, as set on their Hugging Face profile.
    pub website: Option<String>,
    /// Email address, present with the `email` scope.
    pub email: Option<String>,
    /// Whether the email address has been verified.
    pub email_verified: Option<bool>,
    /// Whether the account has a PRO subscription (userinfo only: Hugging Face's id_token does
    /// not carry it).
    #[serde(rename = "isPro")]
    pub is_pro: Option<bool>,
    /// Whether the account can pay for usage (billing set up; userinfo only, with the
    /// `read-billing` scope).
    #[serde(rename = "canPay")]
    pub can_pay: Option<bool>,
    /// Organizations the visitor belongs to (userinfo only; roles and resource groups need the
    /// `read-memberships` scope).
    pub orgs: Vec<OrgInfo>,
}

/// One organization of the visitor, as listed in `UserInfo::orgs`.
///
/// `#[non_exhaustive]`: build one with [`OrgInfo::new`] and the `with_*` methods.
///
/// # Usage
/// ```
/// use yew_hf_oauth::{OrgInfo, UserInfo};
/// let user = UserInfo::new("u").with_org(OrgInfo::new("o").with_name("Acme"));
/// let names: Vec<_> = user.orgs.iter().filter_map(|org| org.name.as_deref()).collect();
/// assert_eq!(names, ["Acme"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
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
    /// The visitor's role in the organization (`"admin"`, `"write"`, `"contributor"`,
    /// `"read"`; needs `read-memberships`).
    #[serde(rename = "roleInOrg")]
    pub role_in_org: Option<String>,
    /// What the organization enforces for its members' access (`"mfa"`, `"token-policy"`,
    /// `"sso"`, `"ip"`).
    #[serde(rename = "securityRestrictions")]
    pub security_restrictions: Vec<String>,
    /// The organization's resource groups the visitor belongs to (Enterprise Hub).
    #[serde(rename = "resourceGroups")]
    pub resource_groups: Vec<ResourceGroup>,
}

/// A resource group of an organization, with the visitor's role in it.
///
/// `#[non_exhaustive]`: build one with [`ResourceGroup::new`] and the `with_*` methods.
///
/// # Usage
/// ```
/// use yew_hf_oauth::{OrgInfo, ResourceGroup};
/// let org = OrgInfo::new("o").with_resource_group(ResourceGroup::new("rg").with_role("read"));
/// assert_eq!(org.resource_groups[0].role.as_deref(), Some("read"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ResourceGroup {
    /// Stable identifier of the resource group.
    pub sub: String,
    /// Name of the resource group.
    pub name: Option<String>,
    /// The visitor's role in it (`"admin"`, `"write"`, `"contributor"`, `"read"`).
    pub role: Option<String>,
}

impl ResourceGroup {
    /// Read one item of an organization's `resourceGroups`.
    fn from_json(json: &Json) -> Result<Self, WrongTypeIn> {
        if !json.is_object() {
            return Err(WrongTypeIn("orgs"));
        }
        let text = |key: &'static str| json.str_field(key).map_err(|_| WrongTypeIn("orgs"));
        Ok(ResourceGroup {
            sub: text("sub")?.unwrap_or_default(),
            name: text("name")?,
            role: text("role")?,
        })
    }
}

/// Read an array member of an organization with `item`; absent is empty.
fn org_list<T>(
    json: &Json,
    key: &str,
    item: impl Fn(&Json) -> Result<T, WrongTypeIn>,
) -> Result<Vec<T>, WrongTypeIn> {
    json.array_field(key)
        .map_err(|_| WrongTypeIn("orgs"))?
        .unwrap_or_default()
        .iter()
        .map(item)
        .collect()
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
            security_restrictions: org_list(json, "securityRestrictions", |item| {
                item.as_str().ok_or(WrongTypeIn("orgs"))
            })?,
            resource_groups: org_list(json, "resourceGroups", ResourceGroup::from_json)?,
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
            website: text("website")?,
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

    /// This profile completed by a userinfo answer for the same account: every member the
    /// userinfo answer has replaces this one's; what it lacks is kept (the id_token's standard
    /// claims). `None` when the userinfo answer names another account (`sub`).
    pub fn merged_with(&self, userinfo: UserInfo) -> Option<UserInfo> {
        if !self.sub.is_empty() && userinfo.sub != self.sub {
            return None;
        }
        let keep = |new: Option<String>, old: &Option<String>| new.or_else(|| old.clone());
        Some(UserInfo {
            name: keep(userinfo.name, &self.name),
            preferred_username: keep(userinfo.preferred_username, &self.preferred_username),
            picture: keep(userinfo.picture, &self.picture),
            profile: keep(userinfo.profile, &self.profile),
            website: keep(userinfo.website, &self.website),
            email: keep(userinfo.email, &self.email),
            email_verified: userinfo.email_verified.or(self.email_verified),
            is_pro: userinfo.is_pro.or(self.is_pro),
            can_pay: userinfo.can_pay.or(self.can_pay),
            orgs: userinfo.orgs,
            sub: userinfo.sub,
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

    /// Up to two initials of the display name, for the avatar fallback: the first letter or
    /// digit of each of its first two words, in upper case.
    pub fn initials(&self) -> String {
        let firsts: String = self
            .display_name()
            .split_whitespace()
            .filter_map(|word| word.chars().find(|c| crate::text::is_letter_or_digit(*c)))
            .take(2)
            .collect();
        crate::text::to_upper(&firsts)
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

#[cfg(test)]
mod initials {
    use super::UserInfo;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn named(name: &str) -> UserInfo {
        UserInfo {
            sub: "u".into(),
            name: Some(name.into()),
            ..Default::default()
        }
    }

    #[test]
    fn the_first_letter_of_the_first_two_words_in_upper_case_in_any_script() {
        assert_eq!(named("jane doe").initials(), "JD");
        assert_eq!(named("élodie ßtraße").initials(), "ÉSS");
        assert_eq!(named("Жанна Петрова Иванова").initials(), "ЖП");
        assert_eq!(named("李 小龙").initials(), "李小");
        assert_eq!(named("(bob) 2pac").initials(), "B2");
        assert_eq!(named("🙂 -").initials(), "", "no letter or digit");
    }
}
