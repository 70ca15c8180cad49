//! Entry point of the showcase app that trunk builds: mounts [`showcase::App`] into `<body>`.

fn main() {
    yew::Renderer::<showcase::App>::new().render();
}
