//! The shape of the catalogue: what a field is, which values it takes, which
//! query language it belongs to, and the rules between fields of one object.
//!
//! Validation walks a definition against these tables; hover and completion
//! read the same tables for their documentation and candidates.

/// The query language a field belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Both,
    JsonPath,
    Jsonata,
}

/// What a field's value must be.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// Any JSON value.
    Any,
    String,
    Bool,
    Integer {
        min: i64,
        max: i64,
    },
    Number {
        min: f64,
        max: f64,
    },
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// An RFC 3339 timestamp such as `2026-03-14T01:59:00Z`.
    Timestamp,
    /// The name of a state in the same scope (checked by the graph rules).
    StateName,
    /// A JSONPath Path (`$.x`, `$$.x`, `$var.x`).
    Path,
    /// A Reference Path: a Path that names exactly one node.
    ReferencePath,
    /// `ResultPath`: a Reference Path into the state input (no `$$`, no variable).
    ResultPath,
    /// A Reference Path or an intrinsic function call (Fail `ErrorPath`/`CausePath`).
    PathOrIntrinsic,
    /// A JSONPath payload template: an object whose `key.$` values are evaluated.
    Template,
    /// `Assign`: variable names to values.
    Assign,
    /// JSON in which JSONata strings (`{% … %}`) are evaluated: `Output`, `Arguments`, `Items`.
    Json,
    /// A nested object with its own fields.
    Object(&'static Schema),
    /// An array of objects of one schema (`Retry`, `Catch`).
    Array(&'static Schema),
    /// `ErrorEquals`: a non-empty array of error names.
    ErrorNames,
    /// An array of strings.
    StringArray,
    /// `States` of a (nested) state machine: checked by the model's own rules.
    States,
    /// Parallel `Branches`: checked by the model's own rules.
    Branches,
    /// Choice `Choices`: checked by the Choice rules.
    Choices,
}

#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub lang: Lang,
    pub kind: Kind,
    /// `null` is a meaningful value (`InputPath`, `OutputPath`, `ResultPath`).
    pub nullable: bool,
    /// Under JSONata the value may instead be a `{% … %}` expression.
    pub expr: bool,
    pub doc: &'static str,
}

/// The fields of one kind of object and the rules between them.
#[derive(Debug)]
pub struct Schema {
    /// How messages name an object of this kind: "a Task state", "a retrier".
    pub label: &'static str,
    pub fields: &'static [Field],
    /// At most one field of each group may be present.
    pub exclusive: &'static [&'static [&'static str]],
    /// At least one field of each group must be present.
    pub required: &'static [&'static [&'static str]],
    /// The service's rules for this object are not confirmed: unknown and
    /// missing fields are warnings, not errors.
    pub lenient: bool,
}

impl Schema {
    /// The same kind of object. Schemas are constants, copied where they are
    /// used, so they are told apart by their (unique) label, not their address.
    pub fn is(&self, other: &Schema) -> bool {
        self.label == other.label
    }

    pub fn field(&self, name: &str) -> Option<&'static Field> {
        // Length and first byte first: most names differ there, and a call
        // to compare memory costs more than the whole test.
        let (length, first) = (name.len(), name.as_bytes().first());
        self.fields.iter().find(|field| {
            field.name.len() == length && field.name.as_bytes().first() == first && same(field.name, name)
        })
    }
}

/// Two names of the same length are equal: a byte loop, which for names
/// this short beats a call to compare memory.
fn same(a: &str, b: &str) -> bool {
    a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// Builds a [`Field`] in the tables without repeating every attribute.
pub(crate) const fn field(name: &'static str, lang: Lang, kind: Kind, doc: &'static str) -> Field {
    Field {
        name,
        lang,
        kind,
        nullable: false,
        expr: false,
        doc,
    }
}

impl Field {
    /// The value may also be a JSONata expression in a JSONata state.
    pub(crate) const fn expr(mut self) -> Field {
        self.expr = true;
        self
    }

    /// `null` is allowed.
    pub(crate) const fn nullable(mut self) -> Field {
        self.nullable = true;
        self
    }
}
