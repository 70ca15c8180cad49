//! Entry point of the showcase app (`cargo xtask showcase` builds it with cargo and
//! wasm-bindgen): mounts [`showcase::App`] into `<body>`.

fn main() {
    yew::Renderer::<showcase::App>::new().render();
}
