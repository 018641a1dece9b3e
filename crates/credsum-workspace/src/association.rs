//! File association: whether a file is a request file, and the analysis that answers it. The
//! kind (JSON body, `.http`/`.rest`, Markdown) comes from the file name
//! ([`FileKind::from_path`]); globs and the [name patterns](NamePattern) decide the [`Origin`];
//! for a file that is neither named nor included, the analysis core decides from the text
//! ([`Analyzer::analyze_if_request`]).
//!
//! The name patterns are the one list of file names credsum associates: the walk and the
//! language server read it through [`Workspace::walked_origin`](crate::Workspace::walked_origin),
//! and `catalog.json`'s `fileMatch` is generated from it ([`crate::catalog`]).

use std::path::PathBuf;
use std::sync::OnceLock;

use credsum_analysis::http_vars::Selection;
use credsum_analysis::rules::Code;
use credsum_analysis::{diagnostic, Analyzer, Config, Diagnostic, FileKind, TextRange};
use credsum_model::Registry;

use crate::http_env::HttpEnvironments;

/// What a file's name says it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NamedAs {
    /// A PATCH request body: checked even without `@odata.type`.
    Body,
    /// An RFC 6902 JSON Patch document: checked if its text is one (or a request file).
    PatchDocument,
}

/// One file-name pattern: any name of at least one character before `suffix`, compared
/// without regard to ASCII case (the glob `*{suffix}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamePattern {
    /// The end of the file name, e.g. `.credsum.json`.
    pub suffix: String,
    /// What such a file holds.
    pub named_as: NamedAs,
    /// The short name of the resource the pattern names, or `None` for a pattern of every
    /// resource (`*.credsum.json`, `*.patch.json`).
    pub resource: Option<&'static str>,
}

impl NamePattern {
    /// The pattern as a glob, as `catalog.json`'s `fileMatch` writes it.
    pub fn glob(&self) -> String {
        format!("*{}", self.suffix)
    }

    /// Whether the file name `name` matches.
    pub fn matches(&self, name: &str) -> bool {
        name.len() > self.suffix.len()
            && name
                .get(name.len() - self.suffix.len()..)
                .is_some_and(|end| end.eq_ignore_ascii_case(&self.suffix))
    }
}

/// The extension of a file that holds a JSON Patch document (`ops.json-patch`).
const PATCH_EXTENSION: &str = ".json-patch";

/// Every name pattern of `registry`'s resources: PATCH bodies (`*.credsum.json`,
/// `*.<resource>.json`) and JSON Patch documents (`*.patch.json`, `*.json-patch`, and the
/// `.json-patch.json` twins of the body patterns), the patch patterns first (a name that ends
/// in `.credsum.json-patch.json` is a patch document).
pub fn name_patterns(registry: &Registry) -> Vec<NamePattern> {
    let names: Vec<Option<&'static str>> = std::iter::once(None)
        .chain(
            registry
                .resources()
                .iter()
                .map(|r| Some(r.descriptor().name())),
        )
        .collect();
    let stem = |resource: Option<&str>| resource.unwrap_or("credsum").to_owned();
    let pattern = |suffix: String, named_as, resource| NamePattern {
        suffix,
        named_as,
        resource,
    };
    let mut out = vec![
        pattern(".patch.json".into(), NamedAs::PatchDocument, None),
        pattern(PATCH_EXTENSION.into(), NamedAs::PatchDocument, None),
    ];
    for &resource in &names {
        out.push(pattern(
            format!(".{}{PATCH_EXTENSION}.json", stem(resource)),
            NamedAs::PatchDocument,
            resource,
        ));
    }
    for &resource in &names {
        out.push(pattern(
            format!(".{}.json", stem(resource)),
            NamedAs::Body,
            resource,
        ));
    }
    out
}

/// What the name `file_name` says a file holds, by the patterns of the resources credsum ships.
pub fn named_as(file_name: &str) -> Option<NamedAs> {
    static PATTERNS: OnceLock<Vec<NamePattern>> = OnceLock::new();
    PATTERNS
        .get_or_init(|| name_patterns(&Registry::graph()))
        .iter()
        .find(|p| p.matches(file_name))
        .map(|p| p.named_as)
}

/// Why a file is considered, which decides whether it must look like a request file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Named on the command line: always checked (a glob argument selects among request files
    /// like a walk).
    Named,
    /// Found in a folder (or opened in an editor) and covered by an `include` glob or named
    /// like a request body ([`NamedAs::Body`]): always checked.
    Included,
    /// Found in a folder (or opened in an editor): checked only if the analyzer says it is a
    /// request file.
    Walked,
    /// Found in a folder (or opened in an editor) and named like a JSON Patch document
    /// ([`NamedAs::PatchDocument`]): checked if its text is one, or a request file.
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
    analyze_in(
        analyzer,
        config,
        origin,
        kind,
        text,
        &HttpEnvironments::default(),
        Selection::Every,
    )
}

/// [`analyze`] with the `{{variables}}` of an `.http` file resolved under `environments` (as
/// [`crate::http_env::environments_for`] reads them), every one or the one selected. The
/// problems of the environment files themselves are [`environment_findings`].
pub fn analyze_in(
    analyzer: &Analyzer,
    config: &Config,
    origin: Origin,
    kind: FileKind,
    text: &str,
    environments: &HttpEnvironments,
    selection: Selection<'_>,
) -> Option<Vec<Diagnostic>> {
    let envs = &environments.environments;
    Some(
        if origin == Origin::PatchNamed && analyzer.is_patch_document(text) {
            analyzer.analyze_with(text, kind, config, envs, selection)
        } else if origin.must_sniff() {
            analyzer.analyze_if_request_with(text, kind, config, envs, selection)?
        } else {
            analyzer.analyze_with(text, kind, config, envs, selection)
        },
    )
}

/// The `environment-file` findings of the files `environments` were read from: each with the
/// environment file's path and its range in that file, `config` applied. Lint reports them in
/// the environment file.
pub fn environment_findings(
    environments: &HttpEnvironments,
    config: &Config,
) -> Vec<(PathBuf, Diagnostic)> {
    environments
        .problems
        .iter()
        .filter_map(|p| {
            let mut one = vec![diagnostic(
                Code::EnvironmentFile,
                p.range,
                p.message.clone(),
                None,
            )];
            config.apply(&mut one);
            Some((p.path.clone(), one.pop()?))
        })
        .collect()
}

/// [`environment_findings`] at the start of the request file that reads them, each naming its
/// environment file: what an editor shows on the open request file.
pub fn environment_findings_at_start(
    environments: &HttpEnvironments,
    config: &Config,
) -> Vec<Diagnostic> {
    environment_findings(environments, config)
        .into_iter()
        .map(|(path, mut d)| {
            d.message = format!("{}\nin {}", d.message, path.display()).into();
            d.range = TextRange::empty(0);
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_by_suffix_without_case_and_patch_twins_win() {
        assert_eq!(named_as("ops.patch.json"), Some(NamedAs::PatchDocument));
        assert_eq!(named_as("OPS.Patch.JSON"), Some(NamedAs::PatchDocument));
        assert_eq!(named_as("x.json-patch"), Some(NamedAs::PatchDocument));
        assert_eq!(
            named_as("a.credsum.json-patch.json"),
            Some(NamedAs::PatchDocument)
        );
        assert_eq!(named_as("a.credsum.json"), Some(NamedAs::Body));
        assert_eq!(
            named_as("a.credentialUserRegistrationsSummary.json"),
            Some(NamedAs::Body)
        );
        assert_eq!(named_as(".patch.json"), None);
        assert_eq!(named_as("patch.json"), None);
        assert_eq!(named_as("credsum.json"), None);
        assert_eq!(named_as("a.json"), None);
        assert_eq!(named_as("é.credsum.jsoné"), None);
    }
}
