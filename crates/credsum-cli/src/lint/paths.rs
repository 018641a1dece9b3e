//! Path spelling of the reports: `/` as separator, and relative URI references for SARIF.

use std::path::Path;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// `path` as shown in reports: cleaned, `/`-separated, lossy for non-UTF-8 names.
pub fn display(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Bytes a URI path segment may hold as they are (RFC 3986 unreserved), plus `/`.
const URI_PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A `/`-separated path as a relative URI reference (`my docs/a.md` → `my%20docs/a.md`).
pub fn uri_reference(display: &str) -> String {
    utf8_percent_encode(display, URI_PATH).to_string()
}

/// The `file://` URI of an absolute path, encoded as LSP clients expect
/// (`/a b/c.json` → `file:///a%20b/c.json`).
pub fn file_uri(abs: &Path) -> String {
    let path = display(abs);
    // A Windows path (`C:/x`) gets the empty authority's slash that a Unix path brings.
    let slash = if path.starts_with('/') { "" } else { "/" };
    format!("file://{slash}{}", uri_reference(&path))
}

/// The `file://` URIs of paths relative to one folder, the folder's part encoded once.
pub struct FileUris {
    /// The folder's URI with a trailing `/`.
    base: String,
}

impl FileUris {
    /// URIs of paths relative to the absolute folder `cwd`.
    pub fn new(cwd: &Path) -> FileUris {
        let mut base = file_uri(cwd);
        if !base.ends_with('/') {
            base.push('/');
        }
        FileUris { base }
    }

    /// The URI of `path` (shown as `display`), absolute or relative to the folder:
    /// `file_uri(cwd.join(path))`, written where it is needed rather than built as a string.
    pub fn of<'a>(&'a self, path: &Path, display: &'a str) -> FileUri<'a> {
        if path.has_root() {
            FileUri::Whole(file_uri(path))
        } else {
            FileUri::Relative {
                base: &self.base,
                display,
            }
        }
    }
}

/// The `file://` URI of one file, from [`FileUris::of`]; `Display` writes it.
pub enum FileUri<'a> {
    /// An absolute path's URI, built whole.
    Whole(String),
    /// A relative path's URI: the folder's, then the path encoded as it is written out.
    Relative {
        /// The folder's URI with a trailing `/`.
        base: &'a str,
        /// The path as shown in reports.
        display: &'a str,
    },
}

impl std::fmt::Display for FileUri<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileUri::Whole(uri) => f.write_str(uri),
            FileUri::Relative { base, display } => {
                f.write_str(base)?;
                utf8_percent_encode(display, URI_PATH).fmt(f)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_reference_encodes_what_a_uri_cannot_hold() {
        assert_eq!(uri_reference("my docs/ä#1.md"), "my%20docs/%C3%A4%231.md");
        assert_eq!(uri_reference("a/b-c_d.json"), "a/b-c_d.json");
    }

    #[test]
    fn file_uris_match_the_lsp_types() {
        use credsum_lsp::convert::ls_types::Uri;
        for path in ["/w/a b/ä#1.json", "/w/x.json", "/w/[1]/~a.md"] {
            let ours = file_uri(Path::new(path));
            let theirs = Uri::from_file_path(path).unwrap();
            assert_eq!(ours, theirs.as_str());
        }
    }

    #[test]
    fn relative_uris_are_the_joined_paths_uris() {
        for cwd in ["/w/a b", "/", "/w/ä/"] {
            let uris = FileUris::new(Path::new(cwd));
            for path in ["c/ä#1.json", "x.json", "../y z.md", "/abs/q.json"] {
                let joined = file_uri(&Path::new(cwd).join(path));
                let shown = display(Path::new(path));
                let uri = uris.of(Path::new(path), &shown).to_string();
                assert_eq!(uri, joined, "{cwd} + {path}");
            }
        }
    }
}
