//! `textDocument/definition`: from a property key to its schema in the resource's JSON Schema:
//! the workspace's `schema/` folder when it has one, else the copy the server keeps in the
//! user's cache folder ([`crate::schema_cache`]).

use std::path::{Path, PathBuf};

use credsum_analysis::TextRange;
use credsum_syntax::line_index::LineIndex;
use tower_lsp_server::ls_types::{Location, Position, Uri};

use super::Context;
use crate::convert;
use crate::document::Snapshot;
use crate::schema_cache;

/// The JSON Schema file of resource `name`: in a `schema/` folder under `root` or above the
/// document, else in `cache`.
fn schema_file(
    root: Option<&Path>,
    document: Option<&Path>,
    cache: Option<&Path>,
    name: &str,
) -> Option<PathBuf> {
    let file = schema_cache::file_name(name);
    let relative = Path::new("schema").join(&file);
    root.into_iter()
        .chain(document.into_iter().flat_map(Path::ancestors).skip(1))
        .map(|dir| dir.join(&relative))
        .chain(cache.map(|dir| dir.join(&file)))
        .find(|p| p.is_file())
}

/// The byte range of `"<name>"` where it opens a property schema under `properties`.
pub fn schema_property_range(schema: &str, name: &str) -> Option<TextRange> {
    let properties = schema.find("\"properties\"")?;
    let key = serde_json::Value::String(name.to_owned()).to_string();
    let mut from = properties;
    loop {
        let at = from + schema[from..].find(&key)?;
        let rest = schema[at + key.len()..].trim_start();
        if let Some(after_colon) = rest.strip_prefix(':') {
            if after_colon.trim_start().starts_with('{') {
                return Some(TextRange::new(at as u32, (at + key.len()) as u32));
            }
        }
        from = at + key.len();
    }
}

/// `textDocument/definition`.
pub fn handle(snapshot: &Snapshot, position: Position, cx: Context<'_>) -> Option<Location> {
    let kind = cx.analysed_kind(snapshot)?;
    let offset = snapshot.offset(position, cx.encoding());
    let name = cx.analyzer.property_at(&snapshot.text, kind, offset)?;
    let model = cx.analyzer.model_for_body(&snapshot.text)?;
    let path = schema_file(
        cx.root,
        snapshot.path.as_deref(),
        cx.schema_cache,
        model.descriptor().name(),
    )?;
    let schema = std::fs::read_to_string(&path).ok()?;
    let range = schema_property_range(&schema, &name)?;
    let index = LineIndex::new(&schema);
    Some(Location {
        uri: Uri::from_file_path(&path)?,
        range: convert::range(&index, range, cx.encoding()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_property_is_found_under_properties() {
        let schema =
            "{\"title\": \"x\", \"properties\": {\n  \"a\": {\"b\": 1},\n  \"tenantId\": {\n  }}}";
        let r = schema_property_range(schema, "tenantId").unwrap();
        assert_eq!(&schema[r.as_usize()], "\"tenantId\"");
        assert_eq!(schema_property_range(schema, "title"), None);
        assert_eq!(schema_property_range(schema, "b"), None);
    }
}
