//! Reading JSON answers (token, userinfo, discovery, stream chunks, error bodies, saved
//! sessions) through one small reader, [`Json`], with two backends:
//!
//! - in wasm, the browser's own `JSON.parse`: no JSON parser and no serde visitors are linked
//!   into the wasm (the widget went from 207,661 to 174,207 bytes gzipped, `cargo xtask size`);
//! - elsewhere (native unit tests, fuzzing), `serde_json::Value`.
//!
//! The parsing rules are written once against [`Json`], so the native tests check the same code
//! that runs in the browser; the browser tests check the wasm backend.
//!
//! Typed field getters follow serde's derive rules: a missing or `null` field is `None`, a field
//! of another type is an error ([`WrongType`]).
//!
//! The backends differ at the edges: serde_json refuses nesting deeper than 128 and numbers out
//! of the f64 range anywhere in the text, members the crate ignores included, where `JSON.parse`
//! reads them. Code walking a value recursively must bound its depth itself.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::JsValue;

/// A parsed JSON value (or a part of one).
#[derive(Clone, Debug)]
pub(crate) struct Json(
    #[cfg(target_arch = "wasm32")] JsValue,
    #[cfg(not(target_arch = "wasm32"))] serde_json::Value,
);

/// A field holds a value of another type than the one asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WrongType;

#[cfg(target_arch = "wasm32")]
impl Json {
    /// Parse `text`; `None` when it is not JSON.
    pub fn parse(text: &str) -> Option<Json> {
        js_sys::JSON::parse(text).ok().map(Json)
    }

    /// Whether this is a JSON object (not an array, not null).
    pub fn is_object(&self) -> bool {
        self.0.is_object() && !js_sys::Array::is_array(&self.0)
    }

    /// The member `key` of an object, `null` included; `None` when absent or not an object.
    /// Only the object's own members count (never `constructor`, `__proto__` from the prototype).
    /// `Object.getOwnPropertyDescriptor` (ES5) rather than `Object.hasOwn` (2021) or the
    /// object's own `hasOwnProperty`, which a JSON member of that name would replace.
    pub fn get(&self, key: &str) -> Option<Json> {
        if !self.is_object() {
            return None;
        }
        let object: &js_sys::Object = wasm_bindgen::JsCast::unchecked_ref(&self.0);
        let descriptor = js_sys::Object::get_own_property_descriptor(object, &key.into());
        if descriptor.is_undefined() {
            return None;
        }
        js_sys::Reflect::get(&descriptor, &"value".into())
            .ok()
            .map(Json)
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        self.0.is_null()
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<String> {
        self.0.as_string()
    }

    /// The number, when this is one.
    pub fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }

    /// The boolean, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }

    /// The items, when this is an array.
    pub fn items(&self) -> Option<Vec<Json>> {
        js_sys::Array::is_array(&self.0)
            .then(|| js_sys::Array::from(&self.0).iter().map(Json).collect())
    }

    /// The value written back as compact JSON text.
    pub fn to_text(&self) -> String {
        js_sys::JSON::stringify(&self.0)
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default()
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Json {
    /// Parse `text`; `None` when it is not JSON.
    pub fn parse(text: &str) -> Option<Json> {
        serde_json::from_str(text).ok().map(Json)
    }

    /// Whether this is a JSON object (not an array, not null).
    pub fn is_object(&self) -> bool {
        self.0.is_object()
    }

    /// The member `key` of an object, `null` included; `None` when absent or not an object.
    pub fn get(&self, key: &str) -> Option<Json> {
        self.0.as_object()?.get(key).cloned().map(Json)
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        self.0.is_null()
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<String> {
        self.0.as_str().map(str::to_owned)
    }

    /// The number, when this is one.
    pub fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }

    /// The boolean, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }

    /// The items, when this is an array.
    pub fn items(&self) -> Option<Vec<Json>> {
        Some(self.0.as_array()?.iter().cloned().map(Json).collect())
    }

    /// The value written back as compact JSON text.
    pub fn to_text(&self) -> String {
        self.0.to_string()
    }
}

impl Json {
    /// Parse `text` as a JSON object; `None` when it is not JSON or not an object.
    pub fn parse_object(text: &str) -> Option<Json> {
        Json::parse(text).filter(Json::is_object)
    }

    /// The member `key` unless it is absent or `null`.
    pub fn field(&self, key: &str) -> Option<Json> {
        self.get(key).filter(|v| !v.is_null())
    }

    /// A string member: `None` when absent or `null`.
    pub fn str_field(&self, key: &str) -> Result<Option<String>, WrongType> {
        self.field(key)
            .map(|v| v.as_str().ok_or(WrongType))
            .transpose()
    }

    /// A boolean member: `None` when absent or `null`.
    pub fn bool_field(&self, key: &str) -> Result<Option<bool>, WrongType> {
        self.field(key)
            .map(|v| v.as_bool().ok_or(WrongType))
            .transpose()
    }

    /// A number member: `None` when absent or `null`.
    pub fn f64_field(&self, key: &str) -> Result<Option<f64>, WrongType> {
        self.field(key)
            .map(|v| v.as_f64().ok_or(WrongType))
            .transpose()
    }

    /// A whole non-negative number member (`12` or `12.0`): `None` when absent or `null`;
    /// a fraction, a negative number or another type is [`WrongType`].
    pub fn u64_field(&self, key: &str) -> Result<Option<u64>, WrongType> {
        self.f64_field(key)?
            .map(|n| whole(n).ok_or(WrongType))
            .transpose()
    }

    /// An array member: `None` when absent or `null`.
    pub fn array_field(&self, key: &str) -> Result<Option<Vec<Json>>, WrongType> {
        self.field(key)
            .map(|v| v.items().ok_or(WrongType))
            .transpose()
    }

    /// An object member: `None` when absent or `null`.
    pub fn object_field(&self, key: &str) -> Result<Option<Json>, WrongType> {
        self.field(key)
            .map(|v| if v.is_object() { Ok(v) } else { Err(WrongType) })
            .transpose()
    }
}

/// `n` as a u64 when it is a whole, non-negative, finite number within range.
pub(crate) fn whole(n: f64) -> Option<u64> {
    (n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= u64::MAX as f64).then_some(n as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn objects_only_when_they_are_objects() {
        assert!(Json::parse_object(r#" {"a": 1}"#).is_some());
        for text in ["[1]", "null", "1", "\"x\"", "{", ""] {
            assert!(Json::parse_object(text).is_none(), "{text}");
        }
    }

    #[test]
    fn typed_fields_follow_serde_rules() {
        let json = Json::parse_object(
            r#"{"s": "x", "n": 12, "f": 1.5, "neg": -1, "b": true, "z": null, "a": [1, "y"], "o": {"k": 1}}"#,
        )
        .unwrap();
        assert_eq!(json.str_field("s"), Ok(Some("x".into())));
        assert_eq!(json.str_field("z"), Ok(None));
        assert_eq!(json.str_field("missing"), Ok(None));
        assert_eq!(json.str_field("n"), Err(WrongType));
        assert_eq!(json.u64_field("n"), Ok(Some(12)));
        assert_eq!(json.u64_field("f"), Err(WrongType));
        assert_eq!(json.u64_field("neg"), Err(WrongType));
        assert_eq!(json.f64_field("f"), Ok(Some(1.5)));
        assert_eq!(json.bool_field("b"), Ok(Some(true)));
        assert_eq!(json.bool_field("s"), Err(WrongType));
        let items = json.array_field("a").unwrap().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].as_str().as_deref(), Some("y"));
        assert_eq!(json.array_field("o").unwrap_err(), WrongType);
        assert!(json.object_field("o").unwrap().is_some());
        assert_eq!(json.object_field("a").unwrap_err(), WrongType);
        assert!(json.get("z").is_some_and(|v| v.is_null()));
        assert_eq!(
            json.object_field("o").unwrap().unwrap().to_text(),
            r#"{"k":1}"#
        );
    }

    #[test]
    fn only_own_members_count() {
        let json = Json::parse_object(r#"{"a": 1}"#).unwrap();
        for inherited in ["constructor", "toString", "hasOwnProperty", "__proto__"] {
            assert!(json.get(inherited).is_none(), "{inherited}");
        }
        let json = Json::parse_object(
            r#"{"__proto__": "x", "constructor": "y", "hasOwnProperty": "z", "a": "w"}"#,
        )
        .unwrap();
        assert_eq!(json.str_field("__proto__"), Ok(Some("x".into())));
        assert_eq!(json.str_field("constructor"), Ok(Some("y".into())));
        assert_eq!(json.str_field("hasOwnProperty"), Ok(Some("z".into())));
        assert_eq!(json.str_field("a"), Ok(Some("w".into())));
        assert!(Json::parse("[1]").unwrap().get("length").is_none());
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(whole(3600.0), Some(3600));
        assert_eq!(whole(0.5), None);
        assert_eq!(whole(-1.0), None);
        assert_eq!(whole(f64::NAN), None);
        assert_eq!(whole(f64::INFINITY), None);
    }
}
