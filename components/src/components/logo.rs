use yew::prelude::*;

/// Properties of [`HfLogo`].
#[derive(Properties, PartialEq)]
pub struct HfLogoProps {
    /// Width and height in CSS pixels.
    #[prop_or(24)]
    pub size: u32,
}

/// The Hugging Face smiley, drawn inline (no network). Decorative: hidden from screen readers.
#[function_component]
pub fn HfLogo(props: &HfLogoProps) -> Html {
    let size = props.size.to_string();
    html! {
        <svg width={size.clone()} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <ellipse cx="7" cy="25.5" rx="4.2" ry="2.7" fill="#FF9D0B" transform="rotate(-28 7 25.5)" />
            <ellipse cx="25" cy="25.5" rx="4.2" ry="2.7" fill="#FF9D0B" transform="rotate(28 25 25.5)" />
            <circle cx="16" cy="14.5" r="12.5" fill="#FFD21E" stroke="#FF9D0B" stroke-width="1.5" />
            <circle cx="11.3" cy="12" r="1.9" fill="#3A3B45" />
            <circle cx="20.7" cy="12" r="1.9" fill="#3A3B45" />
            <path d="M10.5 17.2c1.4 2.8 3.3 4.1 5.5 4.1s4.1-1.3 5.5-4.1" fill="#3A3B45" stroke="#3A3B45" stroke-width="1.2" stroke-linejoin="round" />
            <path d="M13 20.2c.9.7 1.9 1.1 3 1.1s2.1-.4 3-1.1c-.8-.8-1.8-1.2-3-1.2s-2.2.4-3 1.2z" fill="#FF323D" />
        </svg>
    }
}
