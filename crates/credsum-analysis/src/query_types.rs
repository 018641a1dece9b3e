//! The types of OData expressions over a resource's model: a property's type read from its
//! schema (`x-graph-edm-type`, else the JSON type and format), a literal's from its shape, and
//! the canonical functions' signatures (OData 4.01 URL Conventions §5.1.1.5–§5.1.1.11). Shared
//! by the query checker, completion and hover.

use credsum_syntax::odata_query::LitShape;

use crate::resource_model::PropertyModel;

/// The type of an expression, as far as the checker tells types apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    /// Not known (a lambda variable, an alias, a function of no known signature).
    Unknown,
    /// `Edm.Boolean`
    Boolean,
    /// `Edm.Int32` / `Edm.Int64` and the other integers.
    Integer,
    /// `Edm.Decimal`, `Edm.Double`.
    Number,
    /// `Edm.String`
    String,
    /// `Edm.DateTimeOffset`
    DateTimeOffset,
    /// `Edm.Date`
    Date,
    /// `Edm.TimeOfDay`
    TimeOfDay,
    /// `Edm.Duration`
    Duration,
    /// `Edm.Guid`
    Guid,
    /// An enumeration member.
    Enum,
    /// `null`
    Null,
}

impl Ty {
    /// The type's name with its article, as a message says it (`an integer`, `a String`).
    pub fn label(self) -> &'static str {
        match self {
            Ty::Unknown => "an unknown type",
            Ty::Boolean => "a Boolean",
            Ty::Integer => "an integer",
            Ty::Number => "a number",
            Ty::String => "a String",
            Ty::DateTimeOffset => "a DateTimeOffset",
            Ty::Date => "a Date",
            Ty::TimeOfDay => "a TimeOfDay",
            Ty::Duration => "a Duration",
            Ty::Guid => "a Guid",
            Ty::Enum => "an enumeration member",
            Ty::Null => "null",
        }
    }

    /// Whether the type is a number.
    pub fn is_numeric(self) -> bool {
        matches!(self, Ty::Integer | Ty::Number)
    }

    /// Whether values of the two types can be compared (numbers with numbers, a date with a
    /// DateTimeOffset, `null` and unknown with anything).
    pub fn comparable(self, other: Ty) -> bool {
        let date_like = |t: Ty| matches!(t, Ty::DateTimeOffset | Ty::Date);
        self == other
            || matches!(self, Ty::Unknown | Ty::Null)
            || matches!(other, Ty::Unknown | Ty::Null)
            || (self.is_numeric() && other.is_numeric())
            || (date_like(self) && date_like(other))
    }

    /// How to write a literal of this type in a `$filter`.
    pub fn literal_shape(self) -> &'static str {
        match self {
            Ty::Boolean => "true or false",
            Ty::Integer => "a number such as 42",
            Ty::Number => "a number such as 4.2",
            Ty::String => "a single-quoted string such as 'text'",
            Ty::DateTimeOffset => "an unquoted timestamp such as 2024-05-01T00:00:00Z",
            Ty::Date => "an unquoted date such as 2024-05-01",
            Ty::TimeOfDay => "an unquoted time such as 10:30:00",
            Ty::Duration => "duration'P1D'",
            Ty::Guid => "an unquoted GUID",
            Ty::Enum => "a quoted member name",
            Ty::Unknown | Ty::Null => "a literal",
        }
    }
}

/// The type of a property, read from its schema.
pub(crate) fn property_type(p: &PropertyModel) -> Ty {
    let by_edm = match p.edm_type.as_deref() {
        Some("Edm.Boolean") => Some(Ty::Boolean),
        Some("Edm.Byte" | "Edm.SByte" | "Edm.Int16" | "Edm.Int32" | "Edm.Int64") => {
            Some(Ty::Integer)
        }
        Some("Edm.Decimal" | "Edm.Double" | "Edm.Single") => Some(Ty::Number),
        Some("Edm.String") => Some(Ty::String),
        Some("Edm.DateTimeOffset") => Some(Ty::DateTimeOffset),
        Some("Edm.Date") => Some(Ty::Date),
        Some("Edm.TimeOfDay") => Some(Ty::TimeOfDay),
        Some("Edm.Duration") => Some(Ty::Duration),
        Some("Edm.Guid") => Some(Ty::Guid),
        _ => None,
    };
    by_edm.unwrap_or_else(|| {
        if p.allows("boolean") && p.types.len() == 1 {
            Ty::Boolean
        } else if p.types.iter().any(|t| t == "integer") {
            Ty::Integer
        } else if p.types.iter().any(|t| t == "number") {
            Ty::Number
        } else if p.format.as_deref() == Some("date-time") {
            Ty::DateTimeOffset
        } else if p.types.iter().any(|t| t == "string") {
            Ty::String
        } else {
            Ty::Unknown
        }
    })
}

/// The type of a literal of `shape`.
pub(crate) fn literal_type(shape: LitShape) -> Ty {
    match shape {
        LitShape::String | LitShape::DoubleQuoted => Ty::String,
        LitShape::Integer => Ty::Integer,
        LitShape::Decimal | LitShape::Double => Ty::Number,
        LitShape::Guid => Ty::Guid,
        LitShape::Date => Ty::Date,
        LitShape::DateTimeOffset => Ty::DateTimeOffset,
        LitShape::TimeOfDay => Ty::TimeOfDay,
        LitShape::Duration => Ty::Duration,
        LitShape::Enum => Ty::Enum,
        LitShape::Boolean => Ty::Boolean,
        LitShape::Null => Ty::Null,
        LitShape::Binary | LitShape::Spatial | LitShape::Malformed => Ty::Unknown,
    }
}

/// A canonical function: its name, its parameters (each a set of accepted types), its result
/// and what it does.
pub(crate) struct Function {
    /// The name, as OData spells it.
    pub name: &'static str,
    /// The accepted types of each parameter.
    pub params: &'static [&'static [Ty]],
    /// How many trailing parameters may be left out.
    pub optional: usize,
    /// The result type.
    pub result: Ty,
    /// What it does, in one line.
    pub doc: &'static str,
}

const S: &[Ty] = &[Ty::String];
const I: &[Ty] = &[Ty::Integer];
const N: &[Ty] = &[Ty::Integer, Ty::Number];
const DT: &[Ty] = &[Ty::DateTimeOffset, Ty::Date];
const DTT: &[Ty] = &[Ty::DateTimeOffset, Ty::TimeOfDay];
const DTO: &[Ty] = &[Ty::DateTimeOffset];

/// The canonical functions of OData 4.01 that take and return primitive values.
pub(crate) const FUNCTIONS: &[Function] = &[
    Function {
        name: "contains",
        params: &[S, S],
        optional: 0,
        result: Ty::Boolean,
        doc: "Whether the first string contains the second.",
    },
    Function {
        name: "startswith",
        params: &[S, S],
        optional: 0,
        result: Ty::Boolean,
        doc: "Whether the first string starts with the second.",
    },
    Function {
        name: "endswith",
        params: &[S, S],
        optional: 0,
        result: Ty::Boolean,
        doc: "Whether the first string ends with the second.",
    },
    Function {
        name: "indexof",
        params: &[S, S],
        optional: 0,
        result: Ty::Integer,
        doc: "The zero-based index of the second string in the first, or -1.",
    },
    Function {
        name: "length",
        params: &[S],
        optional: 0,
        result: Ty::Integer,
        doc: "The number of characters of a string.",
    },
    Function {
        name: "substring",
        params: &[S, I, I],
        optional: 1,
        result: Ty::String,
        doc: "The part of a string from a zero-based index, of an optional length.",
    },
    Function {
        name: "matchesPattern",
        params: &[S, S],
        optional: 0,
        result: Ty::Boolean,
        doc: "Whether a string matches an ECMAScript regular expression.",
    },
    Function {
        name: "tolower",
        params: &[S],
        optional: 0,
        result: Ty::String,
        doc: "The string in lower case.",
    },
    Function {
        name: "toupper",
        params: &[S],
        optional: 0,
        result: Ty::String,
        doc: "The string in upper case.",
    },
    Function {
        name: "trim",
        params: &[S],
        optional: 0,
        result: Ty::String,
        doc: "The string without leading and trailing whitespace.",
    },
    Function {
        name: "concat",
        params: &[S, S],
        optional: 0,
        result: Ty::String,
        doc: "The two strings joined.",
    },
    Function {
        name: "year",
        params: &[DT],
        optional: 0,
        result: Ty::Integer,
        doc: "The year of a date or timestamp.",
    },
    Function {
        name: "month",
        params: &[DT],
        optional: 0,
        result: Ty::Integer,
        doc: "The month (1–12) of a date or timestamp.",
    },
    Function {
        name: "day",
        params: &[DT],
        optional: 0,
        result: Ty::Integer,
        doc: "The day of the month of a date or timestamp.",
    },
    Function {
        name: "hour",
        params: &[DTT],
        optional: 0,
        result: Ty::Integer,
        doc: "The hour of a timestamp or time.",
    },
    Function {
        name: "minute",
        params: &[DTT],
        optional: 0,
        result: Ty::Integer,
        doc: "The minute of a timestamp or time.",
    },
    Function {
        name: "second",
        params: &[DTT],
        optional: 0,
        result: Ty::Integer,
        doc: "The second of a timestamp or time.",
    },
    Function {
        name: "fractionalseconds",
        params: &[DTT],
        optional: 0,
        result: Ty::Number,
        doc: "The fraction of the second of a timestamp or time.",
    },
    Function {
        name: "totaloffsetminutes",
        params: &[DTO],
        optional: 0,
        result: Ty::Integer,
        doc: "The offset of a timestamp from UTC, in minutes.",
    },
    Function {
        name: "date",
        params: &[DTO],
        optional: 0,
        result: Ty::Date,
        doc: "The date part of a timestamp.",
    },
    Function {
        name: "time",
        params: &[DTO],
        optional: 0,
        result: Ty::TimeOfDay,
        doc: "The time part of a timestamp.",
    },
    Function {
        name: "now",
        params: &[],
        optional: 0,
        result: Ty::DateTimeOffset,
        doc: "The current point in time.",
    },
    Function {
        name: "mindatetime",
        params: &[],
        optional: 0,
        result: Ty::DateTimeOffset,
        doc: "The earliest DateTimeOffset.",
    },
    Function {
        name: "maxdatetime",
        params: &[],
        optional: 0,
        result: Ty::DateTimeOffset,
        doc: "The latest DateTimeOffset.",
    },
    Function {
        name: "totalseconds",
        params: &[&[Ty::Duration]],
        optional: 0,
        result: Ty::Number,
        doc: "The length of a duration in seconds.",
    },
    Function {
        name: "round",
        params: &[N],
        optional: 0,
        result: Ty::Number,
        doc: "The number rounded to the nearest integer.",
    },
    Function {
        name: "floor",
        params: &[N],
        optional: 0,
        result: Ty::Number,
        doc: "The largest integer not above the number.",
    },
    Function {
        name: "ceiling",
        params: &[N],
        optional: 0,
        result: Ty::Number,
        doc: "The smallest integer not below the number.",
    },
];

/// The canonical function called `name`.
pub(crate) fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// Functions whose signatures the checker does not model (type and geo functions): accepted,
/// with an unknown result.
pub(crate) const UNTYPED_FUNCTIONS: &[&str] = &[
    "cast",
    "isof",
    "geo.distance",
    "geo.intersects",
    "geo.length",
    "case",
    "hassubset",
    "hassubsequence",
];
