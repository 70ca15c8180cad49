//! Sizes and colour schemes shared by the components.

/// Size of [`crate::HfLoginButton`], matching the official badge sizes.
///
/// `#[non_exhaustive]`: a `match` on it needs a `_` arm.
///
/// # Usage
/// ```
/// use yew::prelude::*;
/// use yew_hf_oauth::{ButtonSize, HfLoginButton};
/// assert_eq!(ButtonSize::Lg.metrics().0, 44, "44 px high");
/// let button = html! { <HfLoginButton size={ButtonSize::Lg} /> };
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ButtonSize {
    /// 28 px high.
    Sm,
    /// 36 px high (default).
    #[default]
    Md,
    /// 44 px high.
    Lg,
    /// 52 px high.
    Xl,
}

impl ButtonSize {
    /// Every size, smallest first.
    pub const ALL: [ButtonSize; 4] = [Self::Sm, Self::Md, Self::Lg, Self::Xl];

    /// `(height, font size, logo size, horizontal padding)` in CSS pixels.
    pub fn metrics(self) -> (u32, u32, u32, u32) {
        match self {
            Self::Sm => (28, 13, 18, 10),
            Self::Md => (36, 15, 22, 14),
            Self::Lg => (44, 17, 26, 18),
            Self::Xl => (52, 19, 30, 22),
        }
    }

    /// Short name: `sm`, `md`, `lg`, `xl`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sm => "sm",
            Self::Md => "md",
            Self::Lg => "lg",
            Self::Xl => "xl",
        }
    }
}

/// Colour scheme of the components.
///
/// `#[non_exhaustive]`: a `match` on it needs a `_` arm.
///
/// # Usage
/// ```
/// use yew::prelude::*;
/// use yew_hf_oauth::{Theme, UserBadge};
/// assert_eq!(Theme::Dark.name(), "dark");
/// let badge = html! { <UserBadge theme={Theme::Dark} /> };
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Theme {
    /// Follow the visitor's system preference (`prefers-color-scheme`).
    #[default]
    Auto,
    /// For light pages.
    Light,
    /// For dark pages.
    Dark,
}

impl Theme {
    /// Short name: `auto`, `light`, `dark` (also the value of the `data-theme` attribute).
    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}
