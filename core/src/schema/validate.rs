//! Walks a document against a compiled schema and collects every problem.

use crate::json::Value;
use rust_decimal::Decimal;

use super::codes;
use super::compile::{Node, NodeId, Property, Schema, TypeSet};
use super::suggest::nearest;
use crate::decimal;
use crate::names::Name;
use crate::report::{escape_pointer_token, Issue};

/// Where the walk is (the reference tokens from the document's root) and
/// what it has found so far.
///
/// A valid document needs no JSON Pointer, so one is rendered only when an
/// issue is raised; building it at every key had cost an escape scan, a copy
/// and a truncation per key, and a formatted index per array item. The two
/// travel together so that `Schema::check`, called for every value, takes
/// few enough arguments to pass them all in registers: in the guest a
/// seventh argument of a compiled function goes on the stack, and reading
/// it back stalled every call (about a tenth of the walk's time).
struct Walk<'a, 'i> {
    tokens: Vec<Token<'a>>,
    issues: &'i mut Vec<Issue>,
}

enum Token<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a, 'i> Walk<'a, 'i> {
    fn new(issues: &'i mut Vec<Issue>) -> Self {
        Walk {
            tokens: Vec::new(),
            issues,
        }
    }

    /// The JSON Pointer (RFC 6901) of where the walk is.
    fn pointer(&self) -> String {
        let mut out = String::new();
        for token in &self.tokens {
            out.push('/');
            match token {
                Token::Key(name) => out.push_str(&escape_pointer_token(name)),
                Token::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }

    /// Records an error at where the walk is.
    fn error(&mut self, code: &'static str, message: String) {
        let issue = Issue::error(self.pointer(), code, message);
        self.issues.push(issue);
    }

    /// Runs `f` one token deeper.
    fn within<R>(&mut self, token: Token<'a>, f: impl FnOnce(&mut Self) -> R) -> R {
        self.tokens.push(token);
        let result = f(self);
        self.tokens.pop();
        result
    }
}

impl Schema {
    /// Validates `doc`, appending every problem to `issues`.
    pub fn validate(&self, doc: &Value, issues: &mut Vec<Issue>) {
        self.check(self.root, doc, &mut Walk::new(issues));
    }

    /// Whether `doc` passes, without building messages (for `anyOf`/`oneOf`).
    fn passes(&self, id: NodeId, doc: &Value) -> bool {
        let mut scratch = Vec::new();
        self.check(id, doc, &mut Walk::new(&mut scratch));
        scratch.is_empty()
    }

    /// Whether `doc` passes `id` on its type alone, which settles most
    /// strings of a document (their schema names only a type). Tested
    /// inline, before the walk steps into the value: in the guest the call
    /// to `check`, and even the step (a token pushed and popped), cost more
    /// than such a check itself.
    #[inline(always)]
    fn settled_by_type(&self, id: NodeId, doc: &Value) -> bool {
        let node = &self.nodes[id];
        node.type_only && node.types.is_none_or(|types| type_matches(types, doc))
    }

    fn check<'a>(&self, id: NodeId, doc: &'a Value<'a>, walk: &mut Walk<'a, '_>) {
        let node = &self.nodes[id];
        if let Some(target) = node.reference {
            return self.check(target, doc, walk);
        }
        if let Some(types) = node.types {
            if !type_matches(types, doc) {
                walk.error(
                    codes::WRONG_TYPE,
                    format!(
                        "expected {}, found {}",
                        types.names().join(" or "),
                        describe(doc)
                    ),
                );
                return;
            }
        }
        check_value_set(node, doc, walk);
        match doc {
            Value::Object(map) => self.check_object(node, map, walk),
            Value::Array(items) => self.check_array(node, items, walk),
            Value::String(s) => check_string(node, s, walk),
            Value::Number(n) => check_number(node, n, walk),
            _ => {}
        }
        self.check_alternatives(node, doc, walk);
    }

    fn check_object<'a>(
        &self,
        node: &Node,
        map: &'a crate::json::Map<'a>,
        walk: &mut Walk<'a, '_>,
    ) {
        let start = walk.issues.len();
        let mut required_met = 0;
        let mut properties = node.properties.iter().peekable();
        for (key, value) in map.named() {
            // Both sides are sorted (a `json::Map` iterates in key order):
            // one forward walk finds every property, where a search per key
            // compared each name several times.
            let found = forward_find(&mut properties, key);
            let name = key.text();
            required_met += usize::from(found.is_some_and(|p| p.required));
            match found {
                Some(property) if self.settled_by_type(property.id, value) => {}
                Some(property) => walk.within(Token::Key(name), |walk| {
                    self.check(property.id, value, walk)
                }),
                None if !node.additional_properties => walk.within(Token::Key(name), |walk| {
                    walk.error(
                        codes::UNKNOWN_FIELD,
                        format!("field `{name}` is not allowed here"),
                    )
                }),
                None => {}
            }
        }
        if !(node.required_are_properties && required_met == node.required_properties) {
            // Something required is missing: say what, ahead of what the
            // walk found inside the object.
            let missing = missing_required(node, map, walk);
            walk.issues.splice(start..start, missing);
        }
    }

    fn check_array<'a>(&self, node: &Node, items: &'a [Value<'a>], walk: &mut Walk<'a, '_>) {
        if let Some(min) = node.min_items.filter(|&m| items.len() < m) {
            walk.error(
                codes::TOO_FEW_ITEMS,
                format!("expected at least {min} item(s), found {}", items.len()),
            );
        }
        if let Some(max) = node.max_items.filter(|&m| items.len() > m) {
            walk.error(
                codes::TOO_MANY_ITEMS,
                format!("expected at most {max} item(s), found {}", items.len()),
            );
        }
        if let Some(sub) = node.items {
            for (i, item) in items.iter().enumerate() {
                if !self.settled_by_type(sub, item) {
                    walk.within(Token::Index(i), |walk| self.check(sub, item, walk));
                }
            }
        }
    }

    fn check_alternatives(&self, node: &Node, doc: &Value, walk: &mut Walk) {
        if !node.any_of.is_empty() && !node.any_of.iter().any(|&alt| self.passes(alt, doc)) {
            walk.error(
                codes::NO_ALTERNATIVE_MATCHED,
                format!("{} matches none of the allowed forms", describe(doc)),
            );
        }
        if !node.one_of.is_empty() {
            let passing = node
                .one_of
                .iter()
                .filter(|&&alt| self.passes(alt, doc))
                .count();
            if passing != 1 {
                walk.error(
                    codes::NO_ALTERNATIVE_MATCHED,
                    format!(
                        "{} must match exactly one allowed form; it matches {passing}",
                        describe(doc)
                    ),
                );
            }
        }
    }
}

fn type_matches(types: TypeSet, doc: &Value) -> bool {
    match doc {
        Value::Null => types.contains(TypeSet::NULL),
        Value::Bool(_) => types.contains(TypeSet::BOOLEAN),
        Value::Object(_) => types.contains(TypeSet::OBJECT),
        Value::Array(_) => types.contains(TypeSet::ARRAY),
        Value::String(_) => types.contains(TypeSet::STRING),
        Value::Number(n) => {
            types.contains(TypeSet::NUMBER)
                || (types.contains(TypeSet::INTEGER) && decimal::is_integer(n))
        }
    }
}

/// A short description of a value for messages: its type, and the value
/// itself when it is short.
pub fn describe(doc: &Value) -> String {
    match doc {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Object(_) => "an object".into(),
        Value::Array(_) => "an array".into(),
        Value::Number(n) if decimal::is_integer(n) => format!("integer {n}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.chars().count() <= 40 => format!("string {s:?}"),
        Value::String(_) => "a string".into(),
    }
}

fn missing_required(node: &Node, map: &crate::json::Map<'_>, walk: &Walk) -> Vec<Issue> {
    let pointer = walk.pointer();
    let parent = if pointer.is_empty() {
        "the document"
    } else {
        pointer.as_str()
    };
    node.required
        .iter()
        .filter(|name| !map.contains_key(name))
        .map(|name| {
            Issue::error(
                crate::report::pointer_child(&pointer, name),
                codes::REQUIRED_FIELD_MISSING,
                format!("required field `{name}` is missing from {parent}"),
            )
        })
        .collect()
}

/// Advances `properties` (sorted by name) to `name`; its id if present.
fn forward_find<'p>(
    properties: &mut std::iter::Peekable<std::slice::Iter<'p, Property>>,
    name: Name<'_>,
) -> Option<&'p Property> {
    while let Some(property) = properties.peek() {
        if property.name().same(name) {
            return Some(property);
        }
        if !property.name().before(name) {
            return None;
        }
        properties.next();
    }
    None
}

fn check_value_set(node: &Node, doc: &Value, walk: &mut Walk) {
    if let Some(allowed) = &node.enumeration {
        if !allowed.contains(doc) {
            walk.error(codes::VALUE_NOT_ALLOWED, enum_message(allowed, doc));
        }
    }
    if let Some(expected) = &node.constant {
        if expected != doc {
            walk.error(
                codes::VALUE_NOT_ALLOWED,
                format!("expected {expected}, found {}", describe(doc)),
            );
        }
    }
}

/// Lists short value sets in full; for long ones names the nearest value.
fn enum_message(allowed: &[Value], doc: &Value) -> String {
    let strings = allowed.iter().filter_map(Value::as_str);
    let suggestion = doc.as_str().and_then(|s| nearest(s, strings));
    let mut message = format!("{} is not an allowed value", describe(doc));
    if let Some(s) = suggestion {
        message.push_str(&format!("; did you mean {s:?}?"));
    }
    if allowed.len() <= 16 {
        let list: Vec<String> = allowed.iter().map(Value::to_string).collect();
        message.push_str(&format!(" Allowed: {}", list.join(", ")));
    } else if suggestion.is_none() {
        message.push_str(&format!(
            " ({} values are allowed; see the schema)",
            allowed.len()
        ));
    }
    message
}

fn check_string(node: &Node, s: &str, walk: &mut Walk) {
    if node.min_length.is_some() || node.max_length.is_some() {
        let length = s.chars().count();
        if let Some(min) = node.min_length.filter(|&m| length < m) {
            walk.error(
                codes::TOO_SHORT,
                format!("must be at least {min} character(s) long, is {length}"),
            );
        }
        if let Some(max) = node.max_length.filter(|&m| length > m) {
            walk.error(
                codes::TOO_LONG,
                format!("must be at most {max} characters long, is {length}"),
            );
        }
    }
    if let Some(pattern) = node.pattern.as_ref().filter(|p| !p.is_match(s)) {
        walk.error(
            codes::PATTERN_MISMATCH,
            format!(
                "{} does not match the pattern {}",
                describe(&Value::String(s.into())),
                pattern.source()
            ),
        );
    }
    if let Some(format) = node.format.filter(|f| !f.matches(s)) {
        walk.error(
            codes::INVALID_FORMAT,
            format!("{s:?} is not {}", format.describe()),
        );
    }
}

fn check_number(node: &Node, n: &crate::json::Number, walk: &mut Walk) {
    if node.minimum.is_none() && node.maximum.is_none() && node.exclusive_minimum.is_none() {
        return;
    }
    let Some(value) = decimal::from_number(n) else {
        walk.error(codes::OUT_OF_RANGE, format!("{n} is too large to compare"));
        return;
    };
    let mut out_of_range = |bound: &str, limit: Decimal| {
        walk.error(
            codes::OUT_OF_RANGE,
            format!("{value} must be {bound} {limit}"),
        );
    };
    if let Some(min) = node.minimum.filter(|&m| value < m) {
        out_of_range("at least", min);
    }
    if let Some(max) = node.maximum.filter(|&m| value > m) {
        out_of_range("at most", max);
    }
    if let Some(min) = node.exclusive_minimum.filter(|&m| value <= m) {
        out_of_range("greater than", min);
    }
}

#[cfg(test)]
mod tests {
    use super::super::compile;
    use super::*;
    use serde_json::{json, Value};

    fn run(schema: Value, doc: Value) -> Vec<Issue> {
        let schema = compile(&schema, &[]).unwrap();
        let mut issues = Vec::new();
        schema.validate(&doc.into(), &mut issues);
        issues
    }

    fn codes_and_paths(issues: &[Issue]) -> Vec<(&str, &str)> {
        issues.iter().map(|i| (i.code, i.path.as_str())).collect()
    }

    #[test]
    fn every_problem_is_collected_with_its_pointer() {
        let schema = json!({
            "definitions": {"line": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}},
            "type": "object",
            "required": ["a", "lines"],
            "properties": {"lines": {"type": "array", "items": {"$ref": "#/definitions/line"}}}
        });
        let issues = run(schema, json!({"lines": [{"n": 1}, {"n": 1.5}, {}]}));
        assert_eq!(
            codes_and_paths(&issues),
            vec![
                ("required-field-missing", "/a"),
                ("wrong-type", "/lines/1/n"),
                ("required-field-missing", "/lines/2/n"),
            ]
        );
    }

    #[test]
    fn schemas_that_name_only_a_type_still_check_it() {
        // Such values skip the full check (`settled_by_type`); the type must
        // still be checked, and an object with closed members is not one.
        let schema = json!({
            "type": "object",
            "properties": {
                "n": {"type": "integer"},
                "anything": {},
                "open": {"type": "object"},
                "closed": {"type": "object", "additionalProperties": false},
                "list": {"type": "array", "items": {"type": ["string", "null"]}}
            }
        });
        let issues = run(
            schema,
            json!({
                "n": 1.5,
                "anything": [1, {"x": null}],
                "open": {"x": 1},
                "closed": {"x": 1},
                "list": ["a", null, 2]
            }),
        );
        assert_eq!(
            codes_and_paths(&issues),
            vec![
                ("unknown-field", "/closed/x"),
                ("wrong-type", "/list/2"),
                ("wrong-type", "/n"),
            ]
        );
    }

    #[test]
    fn a_missing_required_property_is_reported_before_what_the_object_holds() {
        let schema = json!({
            "type": "object",
            "required": ["a", "b"],
            "properties": {
                "a": {"type": "integer"},
                "b": {"type": "object", "required": ["c"], "properties": {"c": {"type": "integer"}}}
            }
        });
        assert!(run(schema.clone(), json!({"a": 1, "b": {"c": 2}})).is_empty());
        assert_eq!(
            codes_and_paths(&run(schema.clone(), json!({"b": {"c": "x"}, "z": 1}))),
            vec![("required-field-missing", "/a"), ("wrong-type", "/b/c")]
        );
        assert_eq!(
            codes_and_paths(&run(schema, json!({"a": 1, "b": {"d": [1]}}))),
            vec![("required-field-missing", "/b/c")]
        );
    }

    #[test]
    fn enum_messages_suggest_the_nearest_value() {
        let issues = run(json!({"enum": ["REPAIR", "VALUATION"]}), json!("REPIAR"));
        assert_eq!(issues[0].code, "value-not-allowed");
        assert!(
            issues[0].message.contains("did you mean \"REPAIR\""),
            "{}",
            issues[0].message
        );
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        let issues = run(json!({"additionalProperties": false}), json!({"a/b": 1}));
        assert_eq!(codes_and_paths(&issues), vec![("unknown-field", "/a~1b")]);
    }

    #[test]
    fn ranges_and_lengths_and_formats() {
        let schema = json!({"type": "object", "properties": {
            "p": {"type": "number", "minimum": 0, "maximum": 100},
            "s": {"type": "string", "maxLength": 3, "pattern": "^[a-z]+$"},
            "d": {"type": "string", "format": "date"}
        }});
        let issues = run(schema, json!({"p": 100.01, "s": "abcD", "d": "2020-13-01"}));
        assert_eq!(
            codes_and_paths(&issues),
            vec![
                ("invalid-format", "/d"),
                ("out-of-range", "/p"),
                ("too-long", "/s"),
                ("pattern-mismatch", "/s"),
            ]
        );
    }

    #[test]
    fn any_of_needs_one_passing_alternative() {
        let schema = json!({"anyOf": [{"type": "string"}, {"type": "boolean"}]});
        assert!(run(schema.clone(), json!(true)).is_empty());
        assert_eq!(run(schema, json!(1))[0].code, "no-alternative-matched");
    }
}
