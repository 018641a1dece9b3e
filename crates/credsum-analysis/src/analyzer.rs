//! The entry point: [`Analyzer`] holds the registry with its compiled schemas and analyses files.

use std::path::Path;

use memchr::memmem;

use credsum_model::registry::ODATA_TYPE;
use credsum_model::Registry;

use credsum_syntax::json::{self, JsonParse, JsonTree};
use credsum_syntax::TextRange;

use crate::body::{check_parsed, check_payload};
use crate::config::Config;
use crate::diagnostic::{diagnostic, Diagnostic};
use crate::http_vars::{across_environments, Environments, Selection};
use crate::json_patch::check_patch_document;
use crate::json_patch::PATCH_DOCUMENT_EXTENSION;
use crate::json_patch::{self, PatchScope};
use crate::payload::{Body, Payload};
use crate::payload::{BodyContext, BodyRole};
use crate::resource_model::ResourceModel;
use crate::rules::Code;

/// The kind of a request file, which decides how bodies are found in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// A PATCH body on its own.
    Json,
    /// A VS Code REST Client / JetBrains HTTP Client file (`.http`, `.rest`).
    Http,
    /// Markdown with fenced ```http blocks, like the Graph API docs.
    Markdown,
}

impl FileKind {
    /// The kind a file name implies: `.json` (and `.json-patch`, a JSON Patch document),
    /// `.http`/`.rest`, `.md`/`.markdown`; `None` otherwise.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?;
        let is = |name: &str| ext.eq_ignore_ascii_case(name);
        if is("json") || is(PATCH_DOCUMENT_EXTENSION) {
            Some(FileKind::Json)
        } else if is("http") || is("rest") {
            Some(FileKind::Http)
        } else if is("md") || is("markdown") {
            Some(FileKind::Markdown)
        } else {
            None
        }
    }

    /// The kind named `name` (`json`, `json-patch`, `http`, `markdown`), as `--kind` takes it.
    pub fn from_name(name: &str) -> Option<FileKind> {
        match name {
            "json" | PATCH_DOCUMENT_EXTENSION => Some(FileKind::Json),
            "http" | "rest" => Some(FileKind::Http),
            "markdown" | "md" => Some(FileKind::Markdown),
            _ => None,
        }
    }
}

/// Analyses request files against the resources of a registry. Build it once and share it:
/// it is `Sync`, and building compiles the schemas.
pub struct Analyzer {
    registry: Registry,
    models: Vec<ResourceModel>,
    /// Searchers for every registered OData type and entity set name (see
    /// [`Analyzer::mentions_a_type`]), built once: the pre-check runs on every walked file.
    names: Vec<memmem::Finder<'static>>,
}

impl Analyzer {
    /// An analyzer for the resources of `registry`.
    pub fn new(registry: Registry) -> Analyzer {
        let models: Vec<ResourceModel> = registry
            .resources()
            .iter()
            .map(ResourceModel::new)
            .collect();
        let names = models
            .iter()
            .flat_map(|m| {
                let d = m.descriptor();
                let entity_set = d.entity_set_path.rsplit('/').next().unwrap_or(d.odata_type);
                [d.odata_type, entity_set]
            })
            .map(|name| memmem::Finder::new(name).into_owned())
            .collect();
        Analyzer {
            registry,
            models,
            names,
        }
    }

    /// An analyzer for the resources credsum ships.
    pub fn graph() -> Analyzer {
        Analyzer::new(Registry::graph())
    }

    /// The registry.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The resource models, in registration order.
    pub fn models(&self) -> &[ResourceModel] {
        &self.models
    }

    /// The resource a JSON body is checked against: the one its `@odata.type` names, else the
    /// first registered.
    pub fn model_for_body(&self, text: &str) -> Option<&ResourceModel> {
        let named = if self.mentions_a_type(text) {
            self.named_model(&json::parse(text).tree)
        } else {
            None
        };
        named.or_else(|| self.models.first())
    }

    /// The resource of a body at `index` of [`Analyzer::models`].
    pub fn model(&self, index: usize) -> Option<&ResourceModel> {
        self.models.get(index)
    }

    /// Whether a file found while walking folders is a request file: a JSON body whose
    /// `@odata.type` names a registered resource, or an `.http`/Markdown file with a request to a
    /// registered endpoint. Files given explicitly are analysed regardless.
    pub fn is_request_file(&self, text: &str, kind: FileKind) -> bool {
        match kind {
            FileKind::Json => {
                self.mentions_a_type(text) && self.named_model(&json::parse(text).tree).is_some()
            }
            _ => self.lower(text, kind, &mut Vec::new()).targets_a_resource,
        }
    }

    /// Whether `text` is an RFC 6902 JSON Patch document: a top-level array with an operation
    /// object among its elements (what a file named `*.patch.json` must hold to be checked).
    pub fn is_patch_document(&self, text: &str) -> bool {
        json_patch::may_be_patch_document(text)
            && json_patch::is_patch_document(&json::parse(text).tree, PatchScope::File)
    }

    /// All diagnostics of a file, sorted by position, with `config`'s severities applied.
    /// `{{variables}}` of an `.http` file resolve to file and system variables only (see
    /// [`Analyzer::analyze_with`] for environments).
    pub fn analyze(&self, text: &str, kind: FileKind, config: &Config) -> Vec<Diagnostic> {
        self.analyze_with(
            text,
            kind,
            config,
            &Environments::default(),
            Selection::Every,
        )
    }

    /// [`Analyzer::analyze`] under the environments defined for the file: every one (a finding
    /// only some trigger says `in environment "dev": …`), or the one selected.
    pub fn analyze_with(
        &self,
        text: &str,
        kind: FileKind,
        config: &Config,
        environments: &Environments,
        selection: Selection<'_>,
    ) -> Vec<Diagnostic> {
        if let Some(too_large) = too_large(text, config) {
            return finish(vec![too_large], config);
        }
        let out = match kind {
            FileKind::Json => {
                let parse = json::parse(text);
                let body = self.json_body(text, &parse.tree);
                match body.resource.and_then(|i| self.models.get(i)) {
                    Some(model) if body.payload == Payload::PatchDocument => {
                        let mut out = Vec::new();
                        check_patch_document(text, &parse, &body, model, config, &mut out);
                        out
                    }
                    Some(model) => json_diagnostics(text, &parse, model, config),
                    None => Vec::new(),
                }
            }
            _ => {
                self.messages_across(text, kind, config, environments, selection)
                    .0
            }
        };
        finish(out, config)
    }

    /// [`Analyzer::analyze`] for a file found while walking folders: `None` when it is not a
    /// request file (see [`Analyzer::is_request_file`]). Parses the file once for both answers.
    pub fn analyze_if_request(
        &self,
        text: &str,
        kind: FileKind,
        config: &Config,
    ) -> Option<Vec<Diagnostic>> {
        self.analyze_if_request_with(
            text,
            kind,
            config,
            &Environments::default(),
            Selection::Every,
        )
    }

    /// [`Analyzer::analyze_if_request`] under the file's environments (see
    /// [`Analyzer::analyze_with`]).
    pub fn analyze_if_request_with(
        &self,
        text: &str,
        kind: FileKind,
        config: &Config,
        environments: &Environments,
        selection: Selection<'_>,
    ) -> Option<Vec<Diagnostic>> {
        if let Some(too_large) = too_large(text, config) {
            let mut head = SNIFF_BYTES.min(text.len());
            while !text.is_char_boundary(head) {
                head -= 1;
            }
            return self
                .mentions_a_type(&text[..head])
                .then(|| finish(vec![too_large], config));
        }
        let out = match kind {
            FileKind::Json => {
                if !self.mentions_a_type(text) {
                    return None;
                }
                let parse = json::parse(text);
                json_diagnostics(text, &parse, self.named_model(&parse.tree)?, config)
            }
            _ => {
                let (out, any) = self.messages_across(text, kind, config, environments, selection);
                any.then_some(out)?
            }
        };
        Some(finish(out, config))
    }

    /// A cheap pre-check: whether the text names any registered OData type or entity set at all.
    pub(crate) fn mentions_a_type(&self, text: &str) -> bool {
        self.names
            .iter()
            .any(|name| name.find(text.as_bytes()).is_some())
    }

    /// The model the top-level `@odata.type` of a parsed body names.
    fn named_model(&self, tree: &JsonTree<'_>) -> Option<&ResourceModel> {
        self.named_index(tree).map(|i| &self.models[i])
    }

    /// The index of the model the top-level `@odata.type` of a parsed body names.
    pub(crate) fn named_index(&self, tree: &JsonTree<'_>) -> Option<usize> {
        let root = tree.root()?;
        let member = tree
            .members(root)
            .iter()
            .rev()
            .find(|m| tree.name(m) == ODATA_TYPE)?;
        let value = tree.string_value(member.value()?)?;
        let name = value.strip_prefix('#').unwrap_or(&value);
        self.models
            .iter()
            .position(|m| m.descriptor().odata_type == name)
    }

    /// [`Analyzer::message_diagnostics`] under the selected environments, merged.
    fn messages_across(
        &self,
        text: &str,
        kind: FileKind,
        config: &Config,
        environments: &Environments,
        selection: Selection<'_>,
    ) -> (Vec<Diagnostic>, bool) {
        across_environments(environments, selection, |env| {
            self.message_diagnostics(text, kind, config, environments, env)
        })
    }

    /// Diagnostics of an `.http` or Markdown file, and whether any request targets a registered
    /// resource.
    fn message_diagnostics(
        &self,
        text: &str,
        kind: FileKind,
        config: &Config,
        environments: &Environments,
        env: Option<&str>,
    ) -> (Vec<Diagnostic>, bool) {
        let mut out = Vec::new();
        let lowered = self.lower_in(text, kind, environments, env, &mut out);
        for (body, sent) in lowered.bodies.iter().zip(&lowered.sent) {
            let Some(model) = body.resource.and_then(|i| self.models.get(i)) else {
                continue;
            };
            match sent {
                Some(sent) => {
                    let mut found = Vec::new();
                    check_body(
                        &sent.sent.expanded.text,
                        &sent.body,
                        model,
                        config,
                        &mut found,
                    );
                    let checked = body.payload.is_checked().then_some(body.range);
                    sent.sent.map_findings(found, checked, None, &mut out);
                }
                None => check_body(text, body, model, config, &mut out),
            }
        }
        (out, lowered.targets_a_resource)
    }
}

/// The findings of one body of an `.http` or Markdown file (`text` holds it as sent).
fn check_body(
    text: &str,
    body: &Body,
    model: &ResourceModel,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) {
    if body.payload == Payload::PatchDocument {
        let parse = json::parse_range(text, body.range);
        check_patch_document(text, &parse, body, model, config, out);
    } else {
        check_payload(text, body, model, config, out);
    }
}

/// How much of an oversized file is searched for a resource's type or endpoint.
const SNIFF_BYTES: usize = 64 * 1024;

/// The diagnostics of a parsed `.json` body checked against `model`.
fn json_diagnostics(
    text: &str,
    parse: &JsonParse<'_>,
    model: &ResourceModel,
    config: &Config,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ctx = BodyContext {
        model,
        role: BodyRole::Update,
        url_key: None,
        config,
    };
    check_parsed(parse, TextRange::new(0, text.len() as u32), &ctx, &mut out);
    out
}

/// The `file-too-large` finding, when the text is over the limit.
fn too_large(text: &str, config: &Config) -> Option<Diagnostic> {
    let len = text.len() as u64;
    (len > config.max_file_size || len >= u64::from(u32::MAX)).then(|| {
        let message = format!(
            "Not analysed: the file is {len} bytes, larger than max-file-size ({} bytes)",
            config.max_file_size
        );
        diagnostic(Code::FileTooLarge, TextRange::empty(0), message, None)
    })
}

/// Applies the configuration and sorts by position.
fn finish(mut out: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    config.apply(&mut out);
    // Unstable (no scratch copy of the diagnostics) yet deterministic: ties compare messages.
    out.sort_unstable_by(|a, b| {
        (a.range.start, a.range.end, a.code.as_str(), &a.message).cmp(&(
            b.range.start,
            b.range.end,
            b.code.as_str(),
            &b.message,
        ))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::FileKind;
    use std::path::Path;

    #[test]
    fn kind_from_path_ignores_the_case_of_the_extension() {
        let kind = |name: &str| FileKind::from_path(Path::new(name));
        assert_eq!(kind("a/b.json"), Some(FileKind::Json));
        assert_eq!(kind("B.JSON"), Some(FileKind::Json));
        assert_eq!(kind("r.Http"), Some(FileKind::Http));
        assert_eq!(kind("r.rest"), Some(FileKind::Http));
        assert_eq!(kind("README.MD"), Some(FileKind::Markdown));
        assert_eq!(kind("doc.markdown"), Some(FileKind::Markdown));
        assert_eq!(kind("ops.JSON-PATCH"), Some(FileKind::Json));
        assert_eq!(FileKind::from_name("json-patch"), Some(FileKind::Json));
        assert_eq!(kind("x.jsonc"), None);
        assert_eq!(kind("json"), None);
        assert_eq!(kind("notes.txt"), None);
    }
}
