//! `hf-oauth-first-paint`: prints the widget's first-paint loader (JavaScript) to stdout.
//! `cargo xtask widget` runs it and puts its output in front of the widget's module.

fn main() {
    print!("{}", hf_oauth_demo::first_paint::loader());
}
