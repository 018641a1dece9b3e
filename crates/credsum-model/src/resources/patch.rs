//! PATCH field semantics: a property left out keeps its value, `null` clears it, a value replaces it.

use serde::{Deserialize, Deserializer};

/// A property of a PATCH body: `None` when left out, `Some(None)` for `null`, `Some(Some(v))` for a value.
pub type Patch<T> = Option<Option<T>>;

/// `deserialize_with` helper that keeps `null` apart from a missing property (serde alone folds
/// both into `None`). Use with `#[serde(default)]`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Patch<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
