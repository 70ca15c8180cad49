//! Reads a component's documentation from its source with `syn`: the component's doc comment and
//! its `#[derive(Properties)]` struct (each field's name, type, `#[prop_or…]` default and doc
//! comment). Used by `build.rs`, which writes the props tables of the docs pages into OUT_DIR,
//! and compiled into the showcase's unit tests (`#[path]`), which check it on a sample.

use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, FnArg, ImplItem, Item, Meta, Path, Token, Type};

/// One component: its name, doc comment and props, in source order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentDoc {
    /// The component's name (`HfLoginButton`).
    pub name: String,
    /// The file it was read from, relative to the workspace.
    pub file: String,
    /// Its doc comment (markdown, lines joined with `\n`).
    pub doc: String,
    /// Its props.
    pub props: Vec<PropDoc>,
}

/// One prop of a component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropDoc {
    /// The field's name.
    pub name: String,
    /// Its type, as written.
    pub ty: String,
    /// The default, as Rust (`true`, `None`, `Theme::default()`); `None` when the prop is required.
    pub default: Option<String>,
    /// Its doc comment (markdown, lines joined with `\n`).
    pub doc: String,
}

/// The doc comment of `attrs` (`///` lines, which are `#[doc = "..."]`), one leading space off
/// each line, intra-doc link brackets removed (`` [`X`] `` reads `` `X` ``).
pub fn doc_of(attrs: &[Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|line| {
            line.strip_prefix(' ')
                .unwrap_or(&line)
                .trim_end()
                .to_owned()
        })
        .collect();
    lines
        .join("\n")
        .trim_matches('\n')
        .replace("[`", "`")
        .replace("`]", "`")
}

/// Rust tokens printed the way people write them (`Option<AttrValue>`, `Some(512)`).
pub fn tidy(tokens: &str) -> String {
    let mut out = tokens.to_owned();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        (" ,", ","),
        ("& ", "&"),
        (" (", "("),
        ("( ", "("),
        (" )", ")"),
        (" [", "["),
        ("[ ", "["),
        (" ]", "]"),
        (" .", "."),
        (". ", "."),
        ("! (", "!("),
    ] {
        while out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out
}

/// Whether an attribute's path ends with `name` (`yew::function_component` or `function_component`).
fn is(attr_path: &Path, name: &str) -> bool {
    attr_path.segments.last().is_some_and(|s| s.ident == name)
}

/// Whether `attrs` derive `Properties`.
fn derives_properties(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            a.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)
                .is_ok_and(|paths| paths.iter().any(|p| is(p, "Properties")))
        })
}

/// What `#[prop_or_default]` gives a field of type `ty`, as Rust.
fn default_of(ty: &Type) -> String {
    let ty = tidy(&ty.to_token_stream().to_string());
    match ty.as_str() {
        "bool" => "false".into(),
        "String" | "AttrValue" => "\"\"".into(),
        "Html" => "html! {}".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => {
            "0".into()
        }
        "f32" | "f64" => "0.0".into(),
        _ if ty.starts_with("Option<") => "None".into(),
        _ => format!("{}::default()", ty.split('<').next().unwrap_or(&ty)),
    }
}

/// The default of a field from its `#[prop_or…]` attribute; `None` when it has none (required).
fn prop_default(attrs: &[Attribute], ty: &Type) -> syn::Result<Option<String>> {
    for attr in attrs {
        if attr.path().is_ident("prop_or_default") {
            return Ok(Some(default_of(ty)));
        }
        if attr.path().is_ident("prop_or") {
            let value: Expr = attr.parse_args()?;
            return Ok(Some(tidy(&value.to_token_stream().to_string())));
        }
        if attr.path().is_ident("prop_or_else") {
            let function: Expr = attr.parse_args()?;
            return Ok(Some(format!(
                "{}()",
                tidy(&function.to_token_stream().to_string())
            )));
        }
    }
    Ok(None)
}

/// The name of the type behind `&Props` (a function component's argument).
fn props_type_of(arg: &FnArg) -> Option<String> {
    let FnArg::Typed(arg) = arg else { return None };
    let Type::Reference(reference) = &*arg.ty else {
        return None;
    };
    let Type::Path(path) = &*reference.elem else {
        return None;
    };
    path.path.segments.last().map(|s| s.ident.to_string())
}

/// Every public component of one source file whose props are a `#[derive(Properties)]` struct
/// of that file: function components (`#[function_component]`) and struct components
/// (`impl Component for X { type Properties = P; }`). `file` is recorded as their origin.
pub fn components(file: &str, source: &str) -> syn::Result<Vec<ComponentDoc>> {
    let parsed = syn::parse_file(source)?;
    let mut props = Vec::new();
    let mut docs = std::collections::BTreeMap::new();
    // (component, the name of its props struct)
    let mut found: Vec<(String, String)> = Vec::new();
    for item in &parsed.items {
        match item {
            Item::Struct(s) if derives_properties(&s.attrs) => {
                let syn::Fields::Named(fields) = &s.fields else {
                    continue;
                };
                let mut list = Vec::new();
                for field in &fields.named {
                    if !matches!(field.vis, syn::Visibility::Public(_)) {
                        continue;
                    }
                    list.push(PropDoc {
                        name: field
                            .ident
                            .as_ref()
                            .map(|i| i.to_string())
                            .unwrap_or_default(),
                        ty: tidy(&field.ty.to_token_stream().to_string()),
                        default: prop_default(&field.attrs, &field.ty)?,
                        doc: doc_of(&field.attrs),
                    });
                }
                props.push((s.ident.to_string(), list));
            }
            Item::Struct(s) => {
                docs.insert(s.ident.to_string(), doc_of(&s.attrs));
            }
            Item::Fn(f)
                if matches!(f.vis, syn::Visibility::Public(_))
                    && f.attrs.iter().any(|a| is(a.path(), "function_component")) =>
            {
                if let Some(p) = f.sig.inputs.first().and_then(props_type_of) {
                    let name = f.sig.ident.to_string();
                    docs.insert(name.clone(), doc_of(&f.attrs));
                    found.push((name, p));
                }
            }
            Item::Impl(i)
                if i.trait_
                    .as_ref()
                    .is_some_and(|(_, path, _)| is(path, "Component")) =>
            {
                let Type::Path(self_ty) = &*i.self_ty else {
                    continue;
                };
                let Some(name) = self_ty.path.segments.last().map(|s| s.ident.to_string()) else {
                    continue;
                };
                for item in &i.items {
                    if let ImplItem::Type(t) = item {
                        if t.ident == "Properties" {
                            let p = tidy(&t.ty.to_token_stream().to_string());
                            found.push((name.clone(), p));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(found
        .into_iter()
        .filter_map(|(name, p)| {
            let (_, list) = props.iter().find(|(n, _)| *n == p)?;
            Some(ComponentDoc {
                doc: docs.get(&name).cloned().unwrap_or_default(),
                name,
                file: file.to_owned(),
                props: list.clone(),
            })
        })
        .collect())
}

/// Rust source of a `COMPONENTS` table (`&[ComponentDoc]` of the showcase's `props` module)
/// holding `components`.
pub fn to_rust(components: &[ComponentDoc]) -> String {
    let mut out = String::from("/// Every documented component, read from its source by build.rs.\npub const COMPONENTS: &[ComponentDoc] = &[\n");
    for c in components {
        out.push_str(&format!(
            "    ComponentDoc {{ name: {:?}, file: {:?}, doc: {:?}, props: &[\n",
            c.name, c.file, c.doc
        ));
        for p in &c.props {
            out.push_str(&format!(
                "        PropDoc {{ name: {:?}, ty: {:?}, default: {:?}, doc: {:?} }},\n",
                p.name, p.ty, p.default, p.doc
            ));
        }
        out.push_str("    ] },\n");
    }
    out.push_str("];\n");
    out
}
