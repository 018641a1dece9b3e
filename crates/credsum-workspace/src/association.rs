//! File association: whether a file is a request file, and the analysis that answers it. The
//! kind (JSON body, `.http`/`.rest`, Markdown) comes from the file name
//! ([`FileKind::from_path`]); globs decide the [`Origin`]; for a file that is neither named nor
//! included, the analysis core decides from the text ([`Analyzer::analyze_if_request`]).

use credsum_analysis::{Analyzer, Config, Diagnostic, FileKind};

/// Why a file is considered, which decides whether it must look like a request file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Named on the command line or matched by a glob argument: always checked.
    Named,
    /// Found in a folder (or opened in an editor) and covered by an `include` glob: always
    /// checked.
    Included,
    /// Found in a folder (or opened in an editor): checked only if the analyzer says it is a
    /// request file.
    Walked,
    /// Found in a folder (or opened in an editor) and named like a JSON Patch document
    /// (`*.patch.json`, `*.json-patch`): checked if its text is one, or a request file.
    PatchNamed,
}

impl Origin {
    /// Whether the file is checked only if its text shows it is a request file.
    pub fn must_sniff(self) -> bool {
        matches!(self, Origin::Walked | Origin::PatchNamed)
    }

    /// Whether `text`, read as `kind`, makes a file of this origin a request file: for a
    /// walked file, what the analyzer says; a patch-named file may also be a patch document.
    pub fn is_request(self, analyzer: &Analyzer, text: &str, kind: FileKind) -> bool {
        analyzer.is_request_file(text, kind)
            || (self == Origin::PatchNamed && analyzer.is_patch_document(text))
    }
}

/// The diagnostics of `text` read as `kind`, or `None` when a file of this `origin` turns out
/// not to be a request file.
pub fn analyze(
    analyzer: &Analyzer,
    config: &Config,
    origin: Origin,
    kind: FileKind,
    text: &str,
) -> Option<Vec<Diagnostic>> {
    if origin == Origin::PatchNamed && analyzer.is_patch_document(text) {
        Some(analyzer.analyze(text, kind, config))
    } else if origin.must_sniff() {
        analyzer.analyze_if_request(text, kind, config)
    } else {
        Some(analyzer.analyze(text, kind, config))
    }
}
