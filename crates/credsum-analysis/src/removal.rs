//! The edits that take an item out of a JSON object or array with its separating comma, shared
//! by the fixes that remove a member (`id-in-body`, a misspelt duplicate of a set property) and
//! JSON Patch conversions.

use credsum_syntax::json::Member;
use credsum_syntax::TextRange;

use crate::diagnostic::Edit;

/// An edit that removes member `index` with its separating comma, or `None` when the member is
/// incomplete.
pub(crate) fn remove_member(members: &[Member], index: usize) -> Option<Edit> {
    let member = members.get(index)?;
    member.value()?;
    let prev = index.checked_sub(1).and_then(|i| members.get(i));
    Some(remove_item(
        prev.map(Member::range),
        member.range(),
        members.get(index + 1).map(Member::range),
    ))
}

/// An edit that removes the item (member or element) in `this` with its separating comma:
/// up to the next item, else from the end of the previous one.
pub(crate) fn remove_item(
    prev: Option<TextRange>,
    this: TextRange,
    next: Option<TextRange>,
) -> Edit {
    let range = match (prev, next) {
        (_, Some(next)) => TextRange::new(this.start, next.start),
        (Some(prev), None) => TextRange::new(prev.end, this.end),
        (None, None) => this,
    };
    Edit {
        range,
        new_text: String::new(),
    }
}
