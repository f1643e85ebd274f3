//! A small, strict JSON Schema (draft-07 subset) engine.
//!
//! Why our own: the published schemas (A2, B2, C2, D2) and our case schema use
//! a handful of keywords; a compiled tree of those validates without the
//! generic machinery (and binary size) of a full implementation, reports every
//! problem with a stable code and a JSON Pointer, and refuses at compile time
//! any keyword it does not understand, so nothing is silently unchecked.

mod compile;
mod formats;
mod suggest;
mod validate;

pub use compile::is_guid;
pub use compile::{compile, CompileError, Schema};
pub use formats::Format;
pub use suggest::nearest;
pub use validate::describe;

/// Issue codes produced by schema validation (stable API).
pub mod codes {
    pub const REQUIRED_FIELD_MISSING: &str = "required-field-missing";
    pub const WRONG_TYPE: &str = "wrong-type";
    pub const VALUE_NOT_ALLOWED: &str = "value-not-allowed";
    pub const PATTERN_MISMATCH: &str = "pattern-mismatch";
    pub const INVALID_FORMAT: &str = "invalid-format";
    pub const TOO_SHORT: &str = "too-short";
    pub const TOO_LONG: &str = "too-long";
    pub const OUT_OF_RANGE: &str = "out-of-range";
    pub const TOO_FEW_ITEMS: &str = "too-few-items";
    pub const TOO_MANY_ITEMS: &str = "too-many-items";
    pub const UNKNOWN_FIELD: &str = "unknown-field";
    pub const NO_ALTERNATIVE_MATCHED: &str = "no-alternative-matched";
}
