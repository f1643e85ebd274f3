//! The crate's own records (`derive(Serialize)`: work orders, reports) as
//! compact JSON text, byte for byte what `serde_json::to_string` writes for
//! them. It is faster where the guest spends its time: serde_json looks up
//! every byte of every key and string in a table, one loop turn (and, in
//! the guest, one deadline check) per byte; here the plain runs between
//! escapes are found a word at a time (`string::write_string`). A work
//! order's JSON was a tenth of what `serve` spends in the component per
//! SP1 task (BENCHMARKS.md, eighteenth session).
//!
//! Refused with an error rather than written differently from serde_json:
//! map keys that are not strings (serde_json quotes numbers and booleans)
//! and serde_json's own `Number` and `RawValue`, which reach a serializer
//! as private structs.

use std::fmt::{self, Display, Write};

use serde::ser::{self, Serialize};

use super::string::write_string;

/// Room the text starts with: the work orders of the golden mapping cases
/// take 1.3–5.1 kB (B1's 3.3 kB), so most are written without growing it.
const INITIAL_CAPACITY: usize = 4096;

/// `value` as compact JSON.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut writer = Writer(String::with_capacity(INITIAL_CAPACITY));
    value.serialize(&mut writer)?;
    Ok(writer.0)
}

/// Why a value could not be written (see the module's note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error(message.to_string())
    }
}

type Result<T = (), E = Error> = std::result::Result<T, E>;

/// The text written so far.
struct Writer(String);

impl Writer {
    fn raw(&mut self, text: &str) -> Result {
        self.0.push_str(text);
        Ok(())
    }

    fn string(&mut self, text: &str) -> Result {
        write_string(&mut self.0, text).map_err(ser::Error::custom)
    }

    fn display(&mut self, value: impl Display) -> Result {
        write!(self.0, "{value}").map_err(ser::Error::custom)
    }

    /// serde_json's float text (`null` where JSON has no number for it).
    fn float<F: Serialize>(&mut self, value: F) -> Result {
        let text = serde_json::to_string(&value).map_err(ser::Error::custom)?;
        self.raw(&text)
    }

    /// Opens an array or object that `close` ends.
    fn open(&mut self, open: char, close: &'static str) -> Compound<'_> {
        self.0.push(open);
        Compound {
            writer: self,
            first: true,
            close,
        }
    }

    /// `{"variant":`; the caller writes the value and then the closing
    /// brace (with an array's or object's own close, in `open_variant`).
    fn variant(&mut self, variant: &str) -> Result {
        self.0.push('{');
        self.string(variant)?;
        self.0.push(':');
        Ok(())
    }

    /// `{"variant":` and an array or object whose `close` also closes the
    /// braces.
    fn open_variant(
        &mut self,
        variant: &str,
        open: char,
        close: &'static str,
    ) -> Result<Compound<'_>> {
        self.variant(variant)?;
        Ok(self.open(open, close))
    }
}

/// `serialize_tuple_variant` and `serialize_struct_variant`, alike but for
/// the brackets: `{"variant":[...]}` and `{"variant":{...}}`.
macro_rules! variant_compound {
    ($method:ident, $open:literal, $close:literal) => {
        fn $method(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
            _len: usize,
        ) -> Result<Compound<'w>> {
            self.open_variant(variant, $open, $close)
        }
    };
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Compound<'w>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Compound<'w>;

    fn serialize_bool(self, value: bool) -> Result {
        self.raw(if value { "true" } else { "false" })
    }

    fn serialize_i8(self, value: i8) -> Result {
        self.display(value)
    }

    fn serialize_i16(self, value: i16) -> Result {
        self.display(value)
    }

    fn serialize_i32(self, value: i32) -> Result {
        self.display(value)
    }

    fn serialize_i64(self, value: i64) -> Result {
        self.display(value)
    }

    fn serialize_i128(self, value: i128) -> Result {
        self.display(value)
    }

    fn serialize_u8(self, value: u8) -> Result {
        self.display(value)
    }

    fn serialize_u16(self, value: u16) -> Result {
        self.display(value)
    }

    fn serialize_u32(self, value: u32) -> Result {
        self.display(value)
    }

    fn serialize_u64(self, value: u64) -> Result {
        self.display(value)
    }

    fn serialize_u128(self, value: u128) -> Result {
        self.display(value)
    }

    fn serialize_f32(self, value: f32) -> Result {
        self.float(value)
    }

    fn serialize_f64(self, value: f64) -> Result {
        self.float(value)
    }

    fn serialize_char(self, value: char) -> Result {
        self.string(value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, value: &str) -> Result {
        self.string(value)
    }

    /// An array of numbers, as serde_json writes bytes.
    fn serialize_bytes(self, value: &[u8]) -> Result {
        use ser::SerializeSeq;
        let mut array = self.serialize_seq(Some(value.len()))?;
        for byte in value {
            array.serialize_element(byte)?;
        }
        array.end()
    }

    fn serialize_none(self) -> Result {
        self.raw("null")
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result {
        self.raw("null")
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.raw("null")
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.variant(variant)?;
        value.serialize(&mut *self)?;
        self.raw("}")
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w>> {
        Ok(self.open('[', "]"))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Compound<'w>> {
        Ok(self.open('[', "]"))
    }

    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'w>> {
        Ok(self.open('[', "]"))
    }

    variant_compound!(serialize_tuple_variant, '[', "]}");

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w>> {
        Ok(self.open('{', "}"))
    }

    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Compound<'w>> {
        if name.starts_with("$serde_json::private::") {
            return Err(ser::Error::custom(format_args!(
                "serde_json's own values are not written here ({name})"
            )));
        }
        Ok(self.open('{', "}"))
    }

    variant_compound!(serialize_struct_variant, '{', "}}");
}

/// An array or object being written: its members so far, and what closes it.
struct Compound<'w> {
    writer: &'w mut Writer,
    first: bool,
    close: &'static str,
}

impl Compound<'_> {
    /// The comma before every member but the first.
    fn next(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.writer.0.push(',');
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.next();
        value.serialize(&mut *self.writer)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result {
        self.next();
        self.writer.string(key)?;
        self.writer.0.push(':');
        value.serialize(&mut *self.writer)
    }

    fn close(self) -> Result {
        self.writer.raw(self.close)
    }
}

/// The traits of arrays: each value an element.
macro_rules! arrays {
    ($($array:ident :: $add:ident),*) => {$(
        impl ser::$array for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn $add<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                self.element(value)
            }

            fn end(self) -> Result {
                self.close()
            }
        }
    )*};
}

arrays!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.next();
        let start = self.writer.0.len();
        key.serialize(&mut *self.writer)?;
        if !self.writer.0[start..].starts_with('"') {
            return Err(ser::Error::custom("a map key must be a string"));
        }
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.writer.0.push(':');
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result {
        self.close()
    }
}

/// The traits of records: each value a field under its name.
macro_rules! records {
    ($($record:ident),*) => {$(
        impl ser::$record for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result {
                self.field(key, value)
            }

            fn end(self) -> Result {
                self.close()
            }
        }
    )*};
}

records!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests;
