//! Stories of `ModelPicker` (the router's list loaded, a provider chosen, loading, empty,
//! failed) and `BillToChoice` (a visitor with organizations that can pay). The lists are
//! injected: no network, no token. The Code tab shows the functions below, cut from this file.

use crate::fixtures::{org, signed_in, user};
use crate::registry::{Args, Control, Stories, Story};
use yew::prelude::*;
use yew_hf_oauth::{
    parse_model_list, BillToChoice, HfOAuthProvider, ModelList, ModelListError, ModelPicker,
};

const CONTROLS: &[Control] = &[Control::Theme];

/// The `ModelPicker` group's stories.
pub fn picker_stories() -> Vec<Story> {
    let args = Args::default;
    Stories::new(include_str!("model_picker.rs"))
        .add("loaded", "List loaded", "The router's models: search by typing, each with its marks and cheapest input price.", CONTROLS, args(), &["loaded", "picker", "router-list"], loaded)
        .add("provider-chosen", "Provider chosen", "A model chosen with `:novita`: its providers with status, price per million tokens, context length and tools.", CONTROLS, args(), &["provider-chosen", "picker", "router-list"], provider_chosen)
        .add("loading", "Loading", "The list is on its way; the field already takes any id.", CONTROLS, args(), &["loading", "picker"], loading)
        .add("empty", "Empty list", "The router lists no models: says so; a typed id still works.", CONTROLS, args(), &["empty", "picker"], empty)
        .add("failed", "Could not load", "Offline or a failed request: says so; a typed id still works, with the provider choice.", CONTROLS, args(), &["failed", "picker"], failed)
        .build()
}

/// The `BillToChoice` group's stories.
pub fn bill_to_stories() -> Vec<Story> {
    Stories::new(include_str!("model_picker.rs"))
        .add("with-orgs", "Organizations that can pay", "Ada's account by default, or one of her organizations whose userinfo says canPay (one that cannot pay is left out).", CONTROLS, Args::default(), &["with-orgs"], with_orgs)
        .build()
}

// [snippet:router-list]
/// The router's answer to `GET /v1/models`, in its shape.
const ROUTER_LIST: &str = r#"{"object":"list","data":[
  {"id":"deepseek-ai/DeepSeek-V3.2","owned_by":"deepseek-ai",
   "architecture":{"input_modalities":["text"],"output_modalities":["text"]},
   "providers":[
     {"provider":"novita","status":"live","context_length":163840,"pricing":{"input":0.27,"output":0.4},"supports_tools":true},
     {"provider":"fireworks-ai","status":"live","context_length":163840,"pricing":{"input":0.56,"output":1.68},"supports_tools":true},
     {"provider":"together","status":"staging","context_length":131072,"supports_tools":false}]},
  {"id":"Qwen/Qwen2.5-VL-7B-Instruct","architecture":{"input_modalities":["text","image"]},
   "providers":[{"provider":"hyperbolic","status":"live","context_length":32768,"pricing":{"input":0.2,"output":0.2}}]},
  {"id":"meta-llama/Llama-3.1-8B-Instruct",
   "providers":[{"provider":"groq","status":"live","context_length":131072,"pricing":{"input":0.05,"output":0.08},"supports_tools":true},
                {"provider":"cerebras","status":"live","context_length":32768,"pricing":{"input":0.1,"output":0.1}}]},
  {"id":"google/gemma-3-27b-it","architecture":{"input_modalities":["text","image"]},
   "providers":[{"provider":"nebius","status":"live","context_length":131072,"pricing":{"input":0.1,"output":0.3}}]}
]}"#;

pub fn router_list() -> ModelList {
    ModelList::Loaded(parse_model_list(ROUTER_LIST).unwrap_or_default().into())
}
// [end]

// [snippet:picker]
#[derive(Properties, PartialEq)]
pub struct PickerProps {
    pub initial: AttrValue,
    pub models: ModelList,
    pub theme: yew_hf_oauth::Theme,
}

/// The picker holding its value, as an app does.
#[function_component]
pub fn Picker(props: &PickerProps) -> Html {
    let model = use_state(|| props.initial.to_string());
    let on_change = {
        let model = model.clone();
        Callback::from(move |id: String| model.set(id))
    };
    html! {
        <div style="max-width: 640px">
            <ModelPicker value={(*model).clone()} {on_change} models={props.models.clone()} theme={props.theme} />
            <p>{ "Sent as: " }<code>{ (*model).clone() }</code></p>
        </div>
    }
}
// [end]

// [snippet:loaded]
fn loaded(args: &Args) -> Html {
    html! { <Picker initial="" models={router_list()} theme={args.theme()} /> }
}
// [end]

// [snippet:provider-chosen]
fn provider_chosen(args: &Args) -> Html {
    html! { <Picker initial="deepseek-ai/DeepSeek-V3.2:novita" models={router_list()} theme={args.theme()} /> }
}
// [end]

// [snippet:loading]
fn loading(args: &Args) -> Html {
    html! { <Picker initial="meta-llama/Llama-3.1-8B-Instruct" models={ModelList::Loading} theme={args.theme()} /> }
}
// [end]

// [snippet:empty]
fn empty(args: &Args) -> Html {
    html! { <Picker initial="my-org/my-model" models={ModelList::Loaded(Vec::new().into())} theme={args.theme()} /> }
}
// [end]

// [snippet:failed]
fn failed(args: &Args) -> Html {
    let offline = ModelListError::Network("Failed to fetch".into());
    html! { <Picker initial="google/gemma-3-27b-it:cheapest" models={ModelList::Failed(offline)} theme={args.theme()} /> }
}
// [end]

// [snippet:with-orgs]
#[function_component]
fn Billing(props: &BillingProps) -> Html {
    let org = use_state(|| None::<String>);
    let on_change = {
        let org = org.clone();
        Callback::from(move |chosen| org.set(chosen))
    };
    html! {
        <>
            <BillToChoice value={(*org).clone().map(AttrValue::from)} {on_change} theme={props.theme} />
            <p>{ "X-HF-Bill-To: " }<code>{ (*org).clone().unwrap_or_else(|| "(not sent)".into()) }</code></p>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct BillingProps {
    theme: yew_hf_oauth::Theme,
}

fn with_orgs(args: &Args) -> Html {
    let paying = |name: &str, plan: &str, can_pay: bool| {
        let mut org = org(name, "admin");
        org.plan = Some(plan.into());
        org.can_pay = Some(can_pay);
        org
    };
    let ada = user(
        "Ada Lovelace",
        "ada",
        true,
        vec![
            paying("Acme", "enterprise", true),
            paying("Analytical Engines", "team", true),
            paying("Chess Club", "team", false),
        ],
    );
    html! {
        <HfOAuthProvider state={Some(signed_in(ada))}>
            <Billing theme={args.theme()} />
        </HfOAuthProvider>
    }
}
// [end]
