//! RFC 6902 JSON Patch, the document users bring when they read "JSON PATCH" the way Kubernetes
//! or ASP.NET do: the six operations and the members each needs. Graph does not read such
//! documents (its PATCH body is the merge-style object); the analysis core checks them op by op
//! and converts them, and the exporter describes them, both from this one list.

/// The media type of a JSON Patch document (RFC 6902 §6).
pub const MEDIA_TYPE: &str = "application/json-patch+json";

/// An operation of RFC 6902 §4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PatchOp {
    /// Adds a value at `path` (for an object member: sets it).
    Add,
    /// Removes the value at `path`.
    Remove,
    /// Replaces the value at `path`, which must exist.
    Replace,
    /// Moves the value at `from` to `path`.
    Move,
    /// Copies the value at `from` to `path`.
    Copy,
    /// Fails the whole patch unless the value at `path` equals `value`.
    Test,
}

impl PatchOp {
    /// Every operation, in the order of RFC 6902 §4.
    pub const ALL: [PatchOp; 6] = [
        PatchOp::Add,
        PatchOp::Remove,
        PatchOp::Replace,
        PatchOp::Move,
        PatchOp::Copy,
        PatchOp::Test,
    ];

    /// The value of the `op` member naming this operation.
    pub fn name(self) -> &'static str {
        match self {
            PatchOp::Add => "add",
            PatchOp::Remove => "remove",
            PatchOp::Replace => "replace",
            PatchOp::Move => "move",
            PatchOp::Copy => "copy",
            PatchOp::Test => "test",
        }
    }

    /// The operation whose `op` value is `name` (exact, case-sensitive, as RFC 6902 reads it).
    pub fn from_name(name: &str) -> Option<PatchOp> {
        PatchOp::ALL.into_iter().find(|op| op.name() == name)
    }

    /// The members an operation object of this kind must have besides `op` and `path`.
    pub fn required_members(self) -> &'static [&'static str] {
        match self {
            PatchOp::Add | PatchOp::Replace | PatchOp::Test => &["value"],
            PatchOp::Move | PatchOp::Copy => &["from"],
            PatchOp::Remove => &[],
        }
    }

    /// Every member RFC 6902 defines for an operation object of this kind.
    pub fn members(self) -> &'static [&'static str] {
        match self {
            PatchOp::Add | PatchOp::Replace | PatchOp::Test => &["op", "path", "value"],
            PatchOp::Move | PatchOp::Copy => &["op", "path", "from"],
            PatchOp::Remove => &["op", "path"],
        }
    }
}

/// The RFC 6901 pointer to the member `name` of the root object: `/`, then the name with `~`
/// written `~0` and `/` written `~1`.
pub fn member_pointer(name: &str) -> String {
    format!("/{}", name.replace('~', "~0").replace('/', "~1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_members_follow_rfc_6902() {
        for op in PatchOp::ALL {
            assert_eq!(PatchOp::from_name(op.name()), Some(op));
            assert_eq!(&op.members()[2..], op.required_members());
        }
        assert_eq!(PatchOp::from_name("Replace"), None);
        assert_eq!(PatchOp::Move.required_members(), ["from"]);
    }

    #[test]
    fn member_pointers_escape_tilde_before_slash() {
        assert_eq!(member_pointer("tenantId"), "/tenantId");
        assert_eq!(member_pointer("a/b~c"), "/a~1b~0c");
        assert_eq!(member_pointer("~1"), "/~01");
        assert_eq!(member_pointer(""), "/");
    }
}
