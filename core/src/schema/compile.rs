//! Turns a schema document into a tree of checks, once.

use std::collections::HashMap;
use std::fmt;

use regex_lite::Regex;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::formats::Format;
use crate::names::Name;
use crate::swar::{ascii_in_range, splat, word_at, HIGH_BITS};

pub(super) type NodeId = usize;

/// JSON types as a bit set; `integer` is a subset of `number`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TypeSet(u8);

impl TypeSet {
    pub const NULL: u8 = 1;
    pub const BOOLEAN: u8 = 2;
    pub const OBJECT: u8 = 4;
    pub const ARRAY: u8 = 8;
    pub const NUMBER: u8 = 16;
    pub const STRING: u8 = 32;
    pub const INTEGER: u8 = 64;

    fn bit(name: &str) -> Option<u8> {
        Some(match name {
            "null" => Self::NULL,
            "boolean" => Self::BOOLEAN,
            "object" => Self::OBJECT,
            "array" => Self::ARRAY,
            "number" => Self::NUMBER,
            "string" => Self::STRING,
            "integer" => Self::INTEGER,
            _ => return None,
        })
    }

    pub fn contains(self, bit: u8) -> bool {
        self.0 & bit != 0
    }

    pub fn names(self) -> Vec<&'static str> {
        [
            (Self::OBJECT, "object"),
            (Self::ARRAY, "array"),
            (Self::STRING, "string"),
            (Self::NUMBER, "number"),
            (Self::INTEGER, "integer"),
            (Self::BOOLEAN, "boolean"),
            (Self::NULL, "null"),
        ]
        .into_iter()
        .filter(|(bit, _)| self.contains(*bit))
        .map(|(_, name)| name)
        .collect()
    }
}

/// A compiled `pattern`, with a fast path for the GUID pattern every
/// published schema uses (it is checked on every uniqueId).
#[derive(Debug)]
pub(super) enum Pattern {
    Guid,
    Regex(Regex),
}

pub(super) const GUID_PATTERN: &str =
    "^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$";

impl Pattern {
    pub fn is_match(&self, s: &str) -> bool {
        match self {
            Pattern::Guid => is_guid(s),
            Pattern::Regex(re) => re.is_match(s),
        }
    }

    pub fn source(&self) -> &str {
        match self {
            Pattern::Guid => GUID_PATTERN,
            Pattern::Regex(re) => re.as_str(),
        }
    }
}

/// 8-4-4-4-12 hex digits, exactly what `GUID_PATTERN` accepts.
///
/// Tested eight bytes at a time: five overlapping words cover the 36, the
/// four hyphens are compared under a mask and then stand in as `0` for the
/// hex test. A byte loop with a `match` per position was two jump tables
/// and, in the guest, a deadline check per byte, for every GUID a document
/// holds.
pub fn is_guid(s: &str) -> bool {
    let Ok(bytes) = <&[u8; 36]>::try_from(s.as_bytes()) else {
        return false;
    };
    // Every offset below leaves eight of the 36 bytes: never `None`.
    let word = |at: usize| word_at(bytes, at).unwrap_or_default();
    // Bytes 8..16 hold hyphens at 8 and 13, bytes 16..24 at 18 and 23.
    const HYPHENS_8: u64 = 0x0000_FF00_0000_00FF;
    const HYPHENS_16: u64 = 0xFF00_0000_00FF_0000;
    let hyphens_at = |word: u64, mask: u64| word & mask == splat(b'-') & mask;
    let as_zeros = |word: u64, mask: u64| (word & !mask) | (splat(b'0') & mask);
    let (middle_8, middle_16) = (word(8), word(16));
    hyphens_at(middle_8, HYPHENS_8)
        && hyphens_at(middle_16, HYPHENS_16)
        && all_hex_digits(word(0))
            & all_hex_digits(as_zeros(middle_8, HYPHENS_8))
            & all_hex_digits(as_zeros(middle_16, HYPHENS_16))
            & all_hex_digits(word(24))
            & all_hex_digits(word(28))
}

/// Whether all eight bytes of `word` are ASCII hex digits (either case).
fn all_hex_digits(word: u64) -> bool {
    // Setting bit 5 lowers `A`-`F` to `a`-`f` and maps nothing else there.
    let lowered = word | splat(0x20);
    ascii_in_range(word, b'0', b'9') | ascii_in_range(lowered, b'a', b'f') == HIGH_BITS
}

/// One schema position. `$ref` replaces all siblings (draft-07).
#[derive(Debug, Default)]
pub(super) struct Node {
    pub reference: Option<NodeId>,
    pub types: Option<TypeSet>,
    /// Sorted by name, as a map iterates its keys (`check_object`).
    pub properties: Vec<Property>,
    pub required: Vec<String>,
    /// Whether every name in `required` has a property of its own, and how
    /// many distinct ones there are: then an object that met that many
    /// required properties on its walk lacks none, without a lookup per
    /// required name.
    pub required_are_properties: bool,
    pub required_properties: usize,
    pub additional_properties: bool,
    pub items: Option<NodeId>,
    pub enumeration: Option<Vec<crate::json::Value<'static>>>,
    pub constant: Option<crate::json::Value<'static>>,
    pub pattern: Option<Pattern>,
    pub format: Option<Format>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub minimum: Option<Decimal>,
    pub maximum: Option<Decimal>,
    pub exclusive_minimum: Option<Decimal>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub any_of: Vec<NodeId>,
    pub one_of: Vec<NodeId>,
    /// Nothing but `types` (if that) constrains a value here: a value of
    /// the right type passes with no more to look at (`Schema::settled_by_type`).
    pub type_only: bool,
}

/// One entry of `properties`.
#[derive(Debug)]
pub(super) struct Property {
    pub name: String,
    /// `name`'s first eight bytes as a number (`names::Name`).
    pub prefix: u64,
    pub id: NodeId,
    /// Named in the node's `required`.
    pub required: bool,
}

impl Property {
    pub fn name(&self) -> Name<'_> {
        Name::known(&self.name, self.prefix)
    }
}

impl Node {
    /// Where property `name` is in `properties`, if it is one.
    pub fn property_index(&self, name: &str) -> Option<usize> {
        self.properties
            .binary_search_by(|p| p.name.as_str().cmp(name))
            .ok()
    }
}

/// Whether `node` constrains nothing but the type (`Node::type_only`). An
/// object or array of that type passes too: no properties, no required
/// names and no item schema to look into, and other members allowed.
/// Every field is named, so a field added for a new keyword does not compile
/// until it is decided here.
fn is_type_only(node: &Node) -> bool {
    let Node {
        reference,
        types: _,
        properties,
        required,
        required_are_properties: _,
        required_properties: _,
        additional_properties,
        items,
        enumeration,
        constant,
        pattern,
        format,
        min_length,
        max_length,
        minimum,
        maximum,
        exclusive_minimum,
        min_items,
        max_items,
        any_of,
        one_of,
        type_only: _,
    } = node;
    reference.is_none()
        && properties.is_empty()
        && required.is_empty()
        && *additional_properties
        && items.is_none()
        && enumeration.is_none()
        && constant.is_none()
        && pattern.is_none()
        && format.is_none()
        && min_length.is_none()
        && max_length.is_none()
        && minimum.is_none()
        && maximum.is_none()
        && exclusive_minimum.is_none()
        && min_items.is_none()
        && max_items.is_none()
        && any_of.is_empty()
        && one_of.is_empty()
}

/// Flags the required properties (`Node::required_properties`).
fn mark_required(node: &mut Node) {
    node.required_are_properties = true;
    for i in 0..node.required.len() {
        match node.property_index(&node.required[i]) {
            Some(p) if !node.properties[p].required => {
                node.properties[p].required = true;
                node.required_properties += 1;
            }
            Some(_) => {}
            None => node.required_are_properties = false,
        }
    }
}

/// A compiled schema, immutable and cheap to share.
#[derive(Debug)]
pub struct Schema {
    pub(super) nodes: Vec<Node>,
    pub(super) root: NodeId,
}

/// Why a schema could not be compiled: always a bug in a schema we ship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// JSON Pointer into the schema document.
    pub at: String,
    pub message: String,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "schema error at {}: {}", self.at, self.message)
    }
}

impl std::error::Error for CompileError {}

/// Keywords that carry no assertion.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "examples",
    "default",
    "definitions",
];

/// Compiles `schema`. `ignored_keywords` lists schema pointers (e.g.
/// `/properties/invoice/selfRisk`) of unknown keywords that a published schema
/// really contains and that draft-07 tells us to ignore; any other unknown
/// keyword is an error, so a typo in a schema never disables a check.
pub fn compile(schema: &Value, ignored_keywords: &[&str]) -> Result<Schema, CompileError> {
    let mut compiler = Compiler {
        nodes: Vec::new(),
        definitions: HashMap::new(),
        ignored: ignored_keywords,
    };
    compiler.reserve_definitions(schema)?;
    if let Some(Value::Object(defs)) = schema.get("definitions") {
        let at = At::ROOT.name("definitions");
        for (name, def) in defs {
            let id = compiler.definitions[name.as_str()];
            let node = compiler.node(def, &at.name(name))?;
            compiler.nodes[id] = node;
        }
    }
    let root = compiler.compile(schema, &At::ROOT)?;
    Ok(Schema {
        nodes: compiler.nodes,
        root,
    })
}

/// Where in the schema document the compiler is: a chain of segments,
/// turned into a JSON Pointer only when an error (or an ignored keyword)
/// needs one. Building the pointer for every keyword was most of the
/// compile time, and a fresh component instance compiles on its first call.
#[derive(Clone, Copy)]
struct At<'a> {
    parent: Option<&'a At<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Root,
    Name(&'a str),
    Index(usize),
}

impl<'a> At<'a> {
    const ROOT: At<'static> = At {
        parent: None,
        segment: Segment::Root,
    };

    fn name(&'a self, name: &'a str) -> At<'a> {
        At {
            parent: Some(self),
            segment: Segment::Name(name),
        }
    }

    fn index(&'a self, index: usize) -> At<'a> {
        At {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    fn pointer(&self) -> String {
        let mut out = match self.parent {
            Some(parent) => parent.pointer(),
            None => String::new(),
        };
        match self.segment {
            Segment::Root => {}
            Segment::Name(name) => {
                out.push('/');
                out.push_str(name);
            }
            Segment::Index(i) => {
                out.push('/');
                out.push_str(&i.to_string());
            }
        }
        out
    }
}

struct Compiler<'a> {
    nodes: Vec<Node>,
    definitions: HashMap<String, NodeId>,
    ignored: &'a [&'a str],
}

fn fail(at: &At<'_>, message: impl Into<String>) -> CompileError {
    CompileError {
        at: at.pointer(),
        message: message.into(),
    }
}

impl Compiler<'_> {
    /// Gives every definition an id first, so `$ref`s (even recursive ones)
    /// resolve while compiling.
    fn reserve_definitions(&mut self, schema: &Value) -> Result<(), CompileError> {
        match schema.get("definitions") {
            None => Ok(()),
            Some(Value::Object(defs)) => {
                for name in defs.keys() {
                    self.definitions.insert(name.clone(), self.nodes.len());
                    self.nodes.push(Node::default());
                }
                Ok(())
            }
            Some(_) => Err(fail(&At::ROOT.name("definitions"), "must be an object")),
        }
    }

    fn compile(&mut self, schema: &Value, at: &At<'_>) -> Result<NodeId, CompileError> {
        let node = self.node(schema, at)?;
        self.nodes.push(node);
        Ok(self.nodes.len() - 1)
    }

    fn node(&mut self, schema: &Value, at: &At<'_>) -> Result<Node, CompileError> {
        let Value::Object(map) = schema else {
            return Err(fail(at, "a schema must be an object"));
        };
        let mut node = Node {
            additional_properties: true,
            ..Node::default()
        };
        for (keyword, value) in map {
            self.keyword(&mut node, keyword, value, map, &at.name(keyword))?;
        }
        node.properties.sort_by(|a, b| a.name.cmp(&b.name));
        mark_required(&mut node);
        node.type_only = is_type_only(&node);
        Ok(node)
    }

    fn keyword(
        &mut self,
        node: &mut Node,
        keyword: &str,
        value: &Value,
        siblings: &Map<String, Value>,
        at: &At<'_>,
    ) -> Result<(), CompileError> {
        match keyword {
            k if ANNOTATIONS.contains(&k) => {}
            "$ref" => node.reference = Some(self.reference(value, at)?),
            "type" => node.types = Some(types(value, at)?),
            "properties" => {
                let Value::Object(props) = value else {
                    return Err(fail(at, "must be an object"));
                };
                for (name, sub) in props {
                    let id = self.compile(sub, &at.name(name))?;
                    node.properties.push(Property {
                        prefix: Name::new(name).prefix(),
                        name: name.clone(),
                        id,
                        required: false,
                    });
                }
            }
            "required" => node.required = strings(value, at)?,
            "additionalProperties" => {
                node.additional_properties = value
                    .as_bool()
                    .ok_or_else(|| fail(at, "only a boolean is supported"))?;
            }
            "items" => node.items = Some(self.compile(value, at)?),
            "enum" => {
                let values = value
                    .as_array()
                    .ok_or_else(|| fail(at, "must be an array"))?;
                node.enumeration = Some(values.iter().map(crate::json::Value::from).collect());
            }
            "const" => node.constant = Some(value.into()),
            "pattern" => node.pattern = Some(pattern(value, at)?),
            "format" => {
                let name = value.as_str().ok_or_else(|| fail(at, "must be a string"))?;
                node.format = Some(
                    Format::from_name(name)
                        .ok_or_else(|| fail(at, format!("unknown format {name:?}")))?,
                );
            }
            "minLength" => node.min_length = Some(count(value, at)?),
            "maxLength" => node.max_length = Some(count(value, at)?),
            "minItems" => node.min_items = Some(count(value, at)?),
            "maxItems" => node.max_items = Some(count(value, at)?),
            "minimum" => node.minimum = Some(decimal(value, at)?),
            "maximum" => node.maximum = Some(decimal(value, at)?),
            "exclusiveMinimum" => node.exclusive_minimum = Some(decimal(value, at)?),
            "anyOf" => node.any_of = self.alternatives(value, at)?,
            "oneOf" => node.one_of = self.alternatives(value, at)?,
            other => {
                if !self.ignored.contains(&at.pointer().as_str()) {
                    let hint = if siblings.contains_key("properties") {
                        " (a property schema outside `properties`?)"
                    } else {
                        ""
                    };
                    return Err(fail(at, format!("unsupported keyword {other:?}{hint}")));
                }
            }
        }
        Ok(())
    }

    fn reference(&self, value: &Value, at: &At<'_>) -> Result<NodeId, CompileError> {
        let target = value.as_str().ok_or_else(|| fail(at, "must be a string"))?;
        let name = target
            .strip_prefix("#/definitions/")
            .ok_or_else(|| fail(at, "only local #/definitions/NAME references are supported"))?;
        self.definitions
            .get(name)
            .copied()
            .ok_or_else(|| fail(at, format!("no definition named {name:?}")))
    }

    fn alternatives(&mut self, value: &Value, at: &At<'_>) -> Result<Vec<NodeId>, CompileError> {
        let list = value
            .as_array()
            .ok_or_else(|| fail(at, "must be an array"))?;
        list.iter()
            .enumerate()
            .map(|(i, sub)| self.compile(sub, &at.index(i)))
            .collect()
    }
}

fn types(value: &Value, at: &At<'_>) -> Result<TypeSet, CompileError> {
    let names = match value {
        Value::String(name) => vec![name.clone()],
        _ => strings(value, at)?,
    };
    names.iter().try_fold(TypeSet(0), |set, name| {
        TypeSet::bit(name)
            .map(|bit| TypeSet(set.0 | bit))
            .ok_or_else(|| fail(at, format!("unknown type {name:?}")))
    })
}

fn strings(value: &Value, at: &At<'_>) -> Result<Vec<String>, CompileError> {
    value
        .as_array()
        .and_then(|list| {
            list.iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .ok_or_else(|| fail(at, "must be an array of strings"))
}

fn pattern(value: &Value, at: &At<'_>) -> Result<Pattern, CompileError> {
    let source = value.as_str().ok_or_else(|| fail(at, "must be a string"))?;
    if source == GUID_PATTERN {
        return Ok(Pattern::Guid);
    }
    Regex::new(source)
        .map(Pattern::Regex)
        .map_err(|e| fail(at, format!("invalid pattern: {e}")))
}

fn count(value: &Value, at: &At<'_>) -> Result<usize, CompileError> {
    value
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| fail(at, "must be a non-negative integer"))
}

fn decimal(value: &Value, at: &At<'_>) -> Result<Decimal, CompileError> {
    match value {
        Value::Number(n) => {
            crate::decimal::parse(n.as_str()).ok_or_else(|| fail(at, "number out of range"))
        }
        _ => Err(fail(at, "must be a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_keywords_are_refused_unless_listed() {
        let schema = json!({"type": "object", "propertys": {}});
        let err = compile(&schema, &[]).unwrap_err();
        assert_eq!(err.at, "/propertys");
        assert!(compile(&schema, &["/propertys"]).is_ok());
    }

    #[test]
    fn dangling_references_are_refused() {
        let schema = json!({"$ref": "#/definitions/nothing"});
        assert!(compile(&schema, &[]).is_err());
    }

    #[test]
    fn the_guid_fast_path_agrees_with_the_pattern() {
        let re = Regex::new(GUID_PATTERN).unwrap();
        let agrees = |s: &str| assert_eq!(is_guid(s), re.is_match(s), "{s:?}");
        for s in [
            "dc100952-2005-4fbf-bbdf-badd1ec5a912",
            "09F7146D-26B6-4F6D-AE3C-2118F833B4FD",
            "dc100952-2005-4fbf-bbdf-badd1ec5a91",
            "dc100952-2005-4fbf-bbdf-badd1ec5a9122",
            "dc100952x2005-4fbf-bbdf-badd1ec5a912",
            "gc100952-2005-4fbf-bbdf-badd1ec5a912",
            "dc1009522005-4fbf-bbdf-badd1ec5a912-",
            "",
        ] {
            agrees(s);
        }
        // Every character at every position of a GUID, ASCII and not
        // (two- and three-byte characters replace as many bytes), so each
        // word's each byte meets every value at the edges of its ranges.
        let guid = "0aF9b8E7-c6D5-4a3B-2c1D-0e9F8a7B6c5D";
        // `ð` (C3 B0) and U+6C30 (E6 B0 B0) are hex digits but for their
        // high bits.
        let others = ['é', '€', 'ａ', 'ð', '\u{6c30}'];
        for at in 0..36 {
            for c in (0..=0x7F).map(char::from).chain(others) {
                let width = c.len_utf8();
                if at + width <= 36 {
                    agrees(&format!("{}{c}{}", &guid[..at], &guid[at + width..]));
                }
                agrees(&format!("{}{c}{}", &guid[..at], &guid[at..]));
                agrees(&format!("{}{c}", &guid[..at]));
            }
        }
    }
}
