//! The catalogue of the 18 intrinsic functions: each stated once, with its
//! parameters, from which its arity and signature text follow.

/// Catalogue entry for one built-in intrinsic function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntrinsicFunction {
    pub name: &'static str,
    /// The parameters in order, each with what it must be.
    pub params: &'static [Param],
    /// How many of the last `params` may be left out.
    pub optional: usize,
    /// The parameter that may repeat after `params` (`values...`), if any.
    pub rest: Option<Param>,
    pub doc: &'static str,
    /// One of `string`, `integer`, `boolean`, `array`, `object`, `JSON` (any).
    pub returns: &'static str,
}

/// The 18 intrinsic functions of Step Functions.
pub const FUNCTIONS: &[IntrinsicFunction] = &[
    IntrinsicFunction {
        name: "States.Format",
        params: &[("template", Want::String)],
        optional: 0,
        rest: Some(("value", Want::Scalar)),
        doc: "Builds a string from a template: each `{}` in the template is replaced, in order, by the next argument. The template is a string literal or a path to a string; the values may be strings, numbers, booleans or null, but not arrays or objects. Write `\\{` and `\\}` for literal braces.",
        returns: "string",
    },
    IntrinsicFunction {
        name: "States.StringToJson",
        params: &[("jsonText", Want::String)],
        optional: 0,
        rest: None,
        doc: "Parses a string that holds JSON text and returns the resulting value.",
        returns: "JSON",
    },
    IntrinsicFunction {
        name: "States.JsonToString",
        params: &[("path", Want::Path)],
        optional: 0,
        rest: None,
        doc: "Serializes the data a path selects into a string of JSON text. The argument must be a path.",
        returns: "string",
    },
    IntrinsicFunction {
        name: "States.Array",
        params: &[],
        optional: 0,
        rest: Some(("value", Want::Any)),
        doc: "Returns an array of its arguments, in order; with no arguments, an empty array.",
        returns: "array",
    },
    IntrinsicFunction {
        name: "States.ArrayPartition",
        params: &[("array", Want::Array), ("chunkSize", Want::Integer)],
        optional: 0,
        rest: None,
        doc: "Cuts an array into consecutive chunks of `chunkSize` elements (an integer greater than 0) and returns the array of chunks; the last chunk may be shorter.",
        returns: "array",
    },
    IntrinsicFunction {
        name: "States.ArrayContains",
        params: &[("array", Want::Array), ("value", Want::Any)],
        optional: 0,
        rest: None,
        doc: "Tells whether the array has an element equal to `value`.",
        returns: "boolean",
    },
    IntrinsicFunction {
        name: "States.ArrayRange",
        params: &[("start", Want::Integer), ("end", Want::Integer), ("step", Want::Integer)],
        optional: 0,
        rest: None,
        doc: "Returns the integers from `start` to `end`, both included, counting by `step`. The step must not be 0, and the array may hold at most 1000 items.",
        returns: "array",
    },
    IntrinsicFunction {
        name: "States.ArrayGetItem",
        params: &[("array", Want::Array), ("index", Want::Integer)],
        optional: 0,
        rest: None,
        doc: "Returns the element of the array at the given zero-based index.",
        returns: "JSON",
    },
    IntrinsicFunction {
        name: "States.ArrayLength",
        params: &[("array", Want::Array)],
        optional: 0,
        rest: None,
        doc: "Returns how many elements the array has.",
        returns: "integer",
    },
    IntrinsicFunction {
        name: "States.ArrayUnique",
        params: &[("array", Want::Array)],
        optional: 0,
        rest: None,
        doc: "Returns the array with duplicate values removed.",
        returns: "array",
    },
    IntrinsicFunction {
        name: "States.Base64Encode",
        params: &[("data", Want::String)],
        optional: 0,
        rest: None,
        doc: "Encodes a string of at most 10,000 characters as Base64.",
        returns: "string",
    },
    IntrinsicFunction {
        name: "States.Base64Decode",
        params: &[("base64", Want::String)],
        optional: 0,
        rest: None,
        doc: "Decodes Base64 text of at most 10,000 characters back into a string.",
        returns: "string",
    },
    IntrinsicFunction {
        name: "States.Hash",
        params: &[("data", Want::Any), ("algorithm", Want::String)],
        optional: 0,
        rest: None,
        doc: "Hashes the data (at most 10,000 characters once turned into a string) and returns the digest as hexadecimal text. The algorithm is one of `MD5`, `SHA-1`, `SHA-256`, `SHA-384` and `SHA-512`.",
        returns: "string",
    },
    IntrinsicFunction {
        name: "States.JsonMerge",
        params: &[("object1", Want::Object), ("object2", Want::Object), ("deepMerge", Want::Bool)],
        optional: 0,
        rest: None,
        doc: "Merges two objects into one; where both have a key, the second object's value wins. The third argument asks for a deep merge, which Step Functions does not support: it must be `false` (shallow merge).",
        returns: "object",
    },
    IntrinsicFunction {
        name: "States.MathRandom",
        params: &[("start", Want::Integer), ("end", Want::Integer), ("seed", Want::Integer)],
        optional: 1,
        rest: None,
        doc: "Returns a random integer that is at least `start` and less than `end`. An optional integer `seed` makes the result repeatable.",
        returns: "integer",
    },
    IntrinsicFunction {
        name: "States.MathAdd",
        params: &[("a", Want::Integer), ("b", Want::Integer)],
        optional: 0,
        rest: None,
        doc: "Returns the sum of two integers, each within the signed 32-bit range (-2147483648 to 2147483647).",
        returns: "integer",
    },
    IntrinsicFunction {
        name: "States.StringSplit",
        params: &[("text", Want::String), ("delimiters", Want::String)],
        optional: 0,
        rest: None,
        doc: "Splits a string into an array of strings; every character of `delimiters` separates items.",
        returns: "array",
    },
    IntrinsicFunction {
        name: "States.UUID",
        params: &[],
        optional: 0,
        rest: None,
        doc: "Returns a new random version 4 UUID.",
        returns: "string",
    },
];

impl IntrinsicFunction {
    /// The fewest arguments a call may pass.
    pub fn min_args(&self) -> usize {
        self.params.len() - self.optional
    }

    /// The most arguments a call may pass; `None`: any number.
    pub fn max_args(&self) -> Option<usize> {
        match self.rest {
            Some(_) => None,
            None => Some(self.params.len()),
        }
    }

    /// `States.MathRandom(start, end, seed?)`, as documentation writes it.
    pub fn signature(&self) -> String {
        let required = self.min_args();
        let mut parts: Vec<String> = self
            .params
            .iter()
            .enumerate()
            .map(|(index, (name, _))| {
                if index < required {
                    name.to_string()
                } else {
                    format!("{name}?")
                }
            })
            .collect();
        if let Some((name, _)) = self.rest {
            parts.push(format!("{name}s..."));
        }
        format!("{}({})", self.name, parts.join(", "))
    }
}

/// The catalogue entry for a function name.
pub fn function(name: &str) -> Option<&'static IntrinsicFunction> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// Algorithms `States.Hash` accepts.
pub const HASH_ALGORITHMS: &[&str] = &["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// What an argument must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    Any,
    String,
    Integer,
    Array,
    Object,
    Bool,
    /// Written as a path, whatever it selects.
    Path,
    /// Not an array or object.
    Scalar,
}

impl Want {
    pub fn describe(self) -> &'static str {
        match self {
            Want::Any => "any value",
            Want::String => "a string",
            Want::Integer => "an integer",
            Want::Array => "an array",
            Want::Object => "an object",
            Want::Bool => "a boolean",
            Want::Path => "a path (`$…`)",
            Want::Scalar => "a string, number, boolean or null",
        }
    }
}

/// A parameter: its name and what it must be.
pub type Param = (&'static str, Want);
