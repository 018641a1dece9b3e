//! RFC 6901 JSON Pointers as a JSON Patch `path` or `from` holds them: parsed into decoded
//! reference tokens (`~1` is `/`, `~0` is `~`), and property names escaped back.

/// Why a pointer is not a valid RFC 6901 pointer to a member of the resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PointerError {
    /// `""`: the whole document, which a PATCH cannot replace.
    Whole,
    /// Text that does not start with `/`.
    NoLeadingSlash,
    /// A `~` not followed by `0` or `1`, at this byte of the pointer.
    BadEscape(usize),
}

/// The decoded reference tokens of `pointer`.
pub(crate) fn parse(pointer: &str) -> Result<Vec<String>, PointerError> {
    if pointer.is_empty() {
        return Err(PointerError::Whole);
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(PointerError::NoLeadingSlash);
    };
    let mut tokens = Vec::new();
    let mut offset = 1;
    for raw in rest.split('/') {
        tokens.push(decode(raw).map_err(|at| PointerError::BadEscape(offset + at))?);
        offset += raw.len() + 1;
    }
    Ok(tokens)
}

/// One reference token decoded; `Err` holds the byte of a bad `~`.
fn decode(raw: &str) -> Result<String, usize> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    while let Some((at, c)) = chars.next() {
        if c != '~' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, '0')) => out.push('~'),
            Some((_, '1')) => out.push('/'),
            _ => return Err(at),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use credsum_model::json_patch::member_pointer;

    #[test]
    fn decodes_escapes_in_the_order_rfc_6901_gives() {
        assert_eq!(
            parse("/a~1b/~01"),
            Ok(vec!["a/b".to_owned(), "~1".to_owned()])
        );
        assert_eq!(parse("/"), Ok(vec![String::new()]));
        assert_eq!(parse(""), Err(PointerError::Whole));
        assert_eq!(parse("a"), Err(PointerError::NoLeadingSlash));
        assert_eq!(parse("/ab/c~2"), Err(PointerError::BadEscape(5)));
        assert_eq!(parse("/x~"), Err(PointerError::BadEscape(2)));
    }

    #[test]
    fn escapes_round_trip() {
        for name in ["@odata.type", "a/b~c", "~1", ""] {
            assert_eq!(parse(&member_pointer(name)), Ok(vec![name.to_owned()]));
        }
    }
}
