//! Building profiles outside the crate (stories, tests, a server-side session): the profile
//! types are `#[non_exhaustive]`, so they start from `new` and grow with `with_*`.

use super::profile::{OrgInfo, ResourceGroup, UserInfo};

impl UserInfo {
    /// A profile with only its subject (the account's stable identifier); every other claim is
    /// absent.
    ///
    /// # Usage
    /// ```
    /// use yew_hf_oauth::{OrgInfo, UserInfo};
    /// let jane = UserInfo::new("61234567890abcdef0123456")
    ///     .with_name("Jane Doe")
    ///     .with_preferred_username("janedoe")
    ///     .with_pro(true)
    ///     .with_org(OrgInfo::new("6456a").with_name("Acme").with_role_in_org("admin"));
    /// assert_eq!(jane.display_name(), "Jane Doe");
    /// assert_eq!(jane.orgs.len(), 1);
    /// ```
    pub fn new(sub: impl Into<String>) -> Self {
        UserInfo {
            sub: sub.into(),
            ..UserInfo::default()
        }
    }

    /// Set the display name (`name`).
    ///
    /// # Usage
    /// ```
    /// let user = yew_hf_oauth::UserInfo::new("u").with_name("Jane Doe");
    /// assert_eq!(user.name.as_deref(), Some("Jane Doe"));
    /// ```
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Set the Hugging Face username (`preferred_username`).
    ///
    /// # Usage
    /// ```
    /// let user = yew_hf_oauth::UserInfo::new("u").with_preferred_username("janedoe");
    /// assert_eq!(user.display_name(), "janedoe");
    /// ```
    pub fn with_preferred_username(mut self, username: impl Into<String>) -> Self {
        self.preferred_username = Some(username.into());
        self
    }

    /// Set the avatar URL (`picture`; only `https:`/`http:` URLs are ever rendered).
    ///
    /// # Usage
    /// ```
    /// let user = yew_hf_oauth::UserInfo::new("u").with_picture("https://example.org/a.png");
    /// assert_eq!(user.safe_picture(), Some("https://example.org/a.png"));
    /// ```
    pub fn with_picture(mut self, url: impl Into<String>) -> Self {
        self.picture = Some(url.into());
        self
    }

    /// Set the email address (`email`).
    ///
    /// # Usage
    /// ```
    /// let user = yew_hf_oauth::UserInfo::new("u").with_email("jane@example.org");
    /// assert_eq!(user.email.as_deref(), Some("jane@example.org"));
    /// ```
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Set whether the account has a PRO subscription (`isPro`).
    ///
    /// # Usage
    /// ```
    /// let user = yew_hf_oauth::UserInfo::new("u").with_pro(true);
    /// assert_eq!(user.is_pro, Some(true));
    /// ```
    pub fn with_pro(mut self, is_pro: bool) -> Self {
        self.is_pro = Some(is_pro);
        self
    }

    /// Set whether the account can pay for usage (`canPay`).
    ///
    /// # Usage
    /// ```
    /// let user = yew_hf_oauth::UserInfo::new("u").with_can_pay(false);
    /// assert_eq!(user.can_pay, Some(false));
    /// ```
    pub fn with_can_pay(mut self, can_pay: bool) -> Self {
        self.can_pay = Some(can_pay);
        self
    }

    /// Add an organization to `orgs`, after those already there.
    ///
    /// # Usage
    /// ```
    /// use yew_hf_oauth::{OrgInfo, UserInfo};
    /// let user = UserInfo::new("u").with_org(OrgInfo::new("a")).with_org(OrgInfo::new("b"));
    /// assert_eq!(user.orgs[1].sub, "b");
    /// ```
    pub fn with_org(mut self, org: OrgInfo) -> Self {
        self.orgs.push(org);
        self
    }
}

impl OrgInfo {
    /// An organization with only its subject (its stable identifier, the `orgIds` value).
    ///
    /// # Usage
    /// ```
    /// use yew_hf_oauth::OrgInfo;
    /// let acme = OrgInfo::new("6456a")
    ///     .with_name("Acme")
    ///     .with_preferred_username("acme")
    ///     .with_plan("enterprise")
    ///     .with_can_pay(true)
    ///     .with_role_in_org("admin");
    /// assert_eq!(acme.role_in_org.as_deref(), Some("admin"));
    /// ```
    pub fn new(sub: impl Into<String>) -> Self {
        OrgInfo {
            sub: sub.into(),
            ..OrgInfo::default()
        }
    }

    /// Set the organization's display name (`name`).
    ///
    /// # Usage
    /// ```
    /// let org = yew_hf_oauth::OrgInfo::new("o").with_name("Acme");
    /// assert_eq!(org.name.as_deref(), Some("Acme"));
    /// ```
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Set the organization's handle (`preferred_username`).
    ///
    /// # Usage
    /// ```
    /// let org = yew_hf_oauth::OrgInfo::new("o").with_preferred_username("acme");
    /// assert_eq!(org.preferred_username.as_deref(), Some("acme"));
    /// ```
    pub fn with_preferred_username(mut self, handle: impl Into<String>) -> Self {
        self.preferred_username = Some(handle.into());
        self
    }

    /// Set the organization's avatar URL (`picture`).
    ///
    /// # Usage
    /// ```
    /// let org = yew_hf_oauth::OrgInfo::new("o").with_picture("https://example.org/o.png");
    /// assert_eq!(org.picture.as_deref(), Some("https://example.org/o.png"));
    /// ```
    pub fn with_picture(mut self, url: impl Into<String>) -> Self {
        self.picture = Some(url.into());
        self
    }

    /// Set the organization's plan (`plan`: `"team"`, `"enterprise"`, ...).
    ///
    /// # Usage
    /// ```
    /// let org = yew_hf_oauth::OrgInfo::new("o").with_plan("team");
    /// assert_eq!(org.plan.as_deref(), Some("team"));
    /// ```
    pub fn with_plan(mut self, plan: impl Into<String>) -> Self {
        self.plan = Some(plan.into());
        self
    }

    /// Set whether the organization can pay for usage (`canPay`).
    ///
    /// # Usage
    /// ```
    /// let org = yew_hf_oauth::OrgInfo::new("o").with_can_pay(true);
    /// assert_eq!(org.can_pay, Some(true));
    /// ```
    pub fn with_can_pay(mut self, can_pay: bool) -> Self {
        self.can_pay = Some(can_pay);
        self
    }

    /// Set the visitor's role in the organization (`roleInOrg`: `"admin"`, `"write"`, ...).
    ///
    /// # Usage
    /// ```
    /// let org = yew_hf_oauth::OrgInfo::new("o").with_role_in_org("read");
    /// assert_eq!(org.role_in_org.as_deref(), Some("read"));
    /// ```
    pub fn with_role_in_org(mut self, role: impl Into<String>) -> Self {
        self.role_in_org = Some(role.into());
        self
    }

    /// Add a security restriction (`securityRestrictions`: `"mfa"`, `"sso"`, ...).
    ///
    /// # Usage
    /// ```
    /// let org = yew_hf_oauth::OrgInfo::new("o").with_security_restriction("mfa");
    /// assert_eq!(org.security_restrictions, ["mfa"]);
    /// ```
    pub fn with_security_restriction(mut self, restriction: impl Into<String>) -> Self {
        self.security_restrictions.push(restriction.into());
        self
    }

    /// Add a resource group the visitor belongs to (`resourceGroups`).
    ///
    /// # Usage
    /// ```
    /// use yew_hf_oauth::{OrgInfo, ResourceGroup};
    /// let org = OrgInfo::new("o").with_resource_group(ResourceGroup::new("rg").with_role("write"));
    /// assert_eq!(org.resource_groups[0].role.as_deref(), Some("write"));
    /// ```
    pub fn with_resource_group(mut self, group: ResourceGroup) -> Self {
        self.resource_groups.push(group);
        self
    }
}

impl ResourceGroup {
    /// A resource group with only its subject (its stable identifier).
    ///
    /// # Usage
    /// ```
    /// use yew_hf_oauth::ResourceGroup;
    /// let group = ResourceGroup::new("rg1").with_name("Research").with_role("admin");
    /// assert_eq!(group.name.as_deref(), Some("Research"));
    /// ```
    pub fn new(sub: impl Into<String>) -> Self {
        ResourceGroup {
            sub: sub.into(),
            ..ResourceGroup::default()
        }
    }

    /// Set the resource group's name (`name`).
    ///
    /// # Usage
    /// ```
    /// let group = yew_hf_oauth::ResourceGroup::new("rg").with_name("Research");
    /// assert_eq!(group.name.as_deref(), Some("Research"));
    /// ```
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Set the visitor's role in the resource group (`role`).
    ///
    /// # Usage
    /// ```
    /// let group = yew_hf_oauth::ResourceGroup::new("rg").with_role("read");
    /// assert_eq!(group.role.as_deref(), Some("read"));
    /// ```
    pub fn with_role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::{OrgInfo, ResourceGroup, UserInfo};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn each_builder_sets_its_own_member_and_nothing_else() {
        let user = UserInfo::new("u")
            .with_name("N")
            .with_preferred_username("p")
            .with_picture("https://x/p.png")
            .with_email("e@x")
            .with_pro(true)
            .with_can_pay(false)
            .with_org(OrgInfo::new("o1"))
            .with_org(OrgInfo::new("o2"));
        let expected = UserInfo {
            sub: "u".into(),
            name: Some("N".into()),
            preferred_username: Some("p".into()),
            picture: Some("https://x/p.png".into()),
            email: Some("e@x".into()),
            is_pro: Some(true),
            can_pay: Some(false),
            orgs: vec![OrgInfo::new("o1"), OrgInfo::new("o2")],
            ..UserInfo::default()
        };
        assert_eq!(user, expected);

        let org = OrgInfo::new("o")
            .with_name("N")
            .with_preferred_username("h")
            .with_picture("https://x/o.png")
            .with_plan("team")
            .with_can_pay(true)
            .with_role_in_org("admin")
            .with_security_restriction("mfa")
            .with_resource_group(ResourceGroup::new("rg").with_name("R").with_role("read"));
        let group = ResourceGroup {
            sub: "rg".into(),
            name: Some("R".into()),
            role: Some("read".into()),
        };
        let expected = OrgInfo {
            sub: "o".into(),
            name: Some("N".into()),
            preferred_username: Some("h".into()),
            picture: Some("https://x/o.png".into()),
            plan: Some("team".into()),
            can_pay: Some(true),
            role_in_org: Some("admin".into()),
            security_restrictions: vec!["mfa".into()],
            resource_groups: vec![group],
        };
        assert_eq!(org, expected);
    }
}
