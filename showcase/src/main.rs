//! The showcase: every component in every state (injected, no network), plus a live demo that
//! signs in for real when the page provides `window.HF_OAUTH_CLIENT_ID`.

mod stories;

use stories::{Story, STORIES};
use yew::prelude::*;
use yew_hf_oauth::{HfLoginButton, HfOAuthProvider, UserBadge};

#[function_component]
fn App() -> Html {
    html! {
        <>
            <style>{ include_str!("showcase.css") }</style>
            <header class="top">
                <h1>{ "yew-hf-oauth showcase" }</h1>
                <p>{ "Sign in with Hugging Face, for Yew. Every component in every state, rendered with an injected session: no network, no account." }</p>
            </header>
            <main>
                <nav aria-label="Stories">
                    <ul>
                        { for STORIES.iter().map(|story| html! {
                            <li><a href={format!("#{}", story.id)}>{ story.title }</a></li>
                        }) }
                        <li><a href="#live">{ "Live demo" }</a></li>
                    </ul>
                </nav>
                <div class="stories">
                    { for STORIES.iter().map(story_card) }
                    <section id="live" class="story" aria-labelledby="live-title">
                        <h2 id="live-title">{ "Live demo" }</h2>
                        <p>{ "Runs the real flow. Set window.HF_OAUTH_CLIENT_ID in index.html to sign in with Hugging Face; without it the button explains what is missing." }</p>
                        <div class="canvas">
                            <HfOAuthProvider>
                                <HfLoginButton />
                                <UserBadge />
                            </HfOAuthProvider>
                        </div>
                    </section>
                </div>
            </main>
        </>
    }
}

fn story_card(story: &Story) -> Html {
    let title_id = format!("{}-title", story.id);
    html! {
        <section id={story.id} class="story" aria-labelledby={title_id.clone()}>
            <h2 id={title_id}>{ story.title }</h2>
            <p>{ story.description }</p>
            <div class="canvas light" data-theme="light">{ (story.render)(yew_hf_oauth::Theme::Light) }</div>
            <div class="canvas dark" data-theme="dark">{ (story.render)(yew_hf_oauth::Theme::Dark) }</div>
        </section>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
