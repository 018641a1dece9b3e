//! The entry point: [`Analyzer`] holds the registry with its compiled schemas and analyses files.

use std::path::Path;

use credsum_model::Registry;

use credsum_syntax::http::parse_http;
use credsum_syntax::{json, TextRange};

use crate::body::{check_body, diagnostic, BodyContext, BodyRole};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::http_check::{check_message, Source};
use crate::markdown_check;
use crate::resource_model::ResourceModel;
use crate::rules;

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
    /// The kind a file name implies: `.json`, `.http`/`.rest`, `.md`/`.markdown`; `None` otherwise.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(FileKind::Json),
            "http" | "rest" => Some(FileKind::Http),
            "md" | "markdown" => Some(FileKind::Markdown),
            _ => None,
        }
    }

    /// The kind named `name` (`json`, `http`, `markdown`), as `--kind` takes it.
    pub fn from_name(name: &str) -> Option<FileKind> {
        match name {
            "json" => Some(FileKind::Json),
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
}

impl Analyzer {
    /// An analyzer for the resources of `registry`.
    pub fn new(registry: Registry) -> Analyzer {
        let models = registry
            .resources()
            .iter()
            .map(ResourceModel::new)
            .collect();
        Analyzer { registry, models }
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
        self.models
            .iter()
            .find(|m| text.contains(m.descriptor().odata_type) && names_odata_type(text, m))
            .or_else(|| self.models.first())
    }

    /// Whether a file found while walking folders is a request file: a JSON body whose
    /// `@odata.type` names a registered resource, or an `.http`/Markdown file with a request to a
    /// registered endpoint. Files given explicitly are analysed regardless.
    pub fn is_request_file(&self, text: &str, kind: FileKind) -> bool {
        match kind {
            FileKind::Json => self
                .models
                .iter()
                .any(|m| text.contains(m.descriptor().odata_type) && names_odata_type(text, m)),
            FileKind::Http => {
                self.models.iter().any(|m| {
                    text.contains(
                        m.descriptor()
                            .entity_set_path
                            .rsplit('/')
                            .next()
                            .unwrap_or(""),
                    )
                }) && self.http_diagnostics(text).1
            }
            FileKind::Markdown => {
                markdown_check::check_markdown(text, &self.models, &mut Vec::new())
            }
        }
    }

    /// All diagnostics of a file, sorted by position, with `config`'s severities applied.
    pub fn analyze(&self, text: &str, kind: FileKind, config: &Config) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if text.len() as u64 > config.max_file_size || text.len() >= u32::MAX as usize {
            let message = format!(
                "Not analysed: the file is {} bytes, larger than max-file-size ({} bytes)",
                text.len(),
                config.max_file_size
            );
            out.push(diagnostic(
                "file-too-large",
                TextRange::empty(0),
                message,
                None,
            ));
        } else {
            match kind {
                FileKind::Json => {
                    if let Some(model) = self.model_for_body(text) {
                        let ctx = BodyContext {
                            model,
                            role: BodyRole::Request,
                            url_key: None,
                        };
                        check_body(text, TextRange::new(0, text.len() as u32), &ctx, &mut out);
                    }
                }
                FileKind::Http => out = self.http_diagnostics(text).0,
                FileKind::Markdown => {
                    markdown_check::check_markdown(text, &self.models, &mut out);
                }
            }
        }
        apply_config(&mut out, config);
        out.sort_by(|a, b| {
            (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
        });
        out
    }

    /// Diagnostics of an `.http` file, and whether any request targets a registered resource.
    fn http_diagnostics(&self, text: &str) -> (Vec<Diagnostic>, bool) {
        let mut out = Vec::new();
        let mut previous = None;
        let mut any = false;
        for message in parse_http(text).messages {
            previous = check_message(
                text,
                &message,
                &self.models,
                previous,
                Source::RequestFile,
                &mut out,
            );
            any |= previous.is_some();
        }
        (out, any)
    }
}

/// Whether the top-level `@odata.type` of a JSON text names `model`'s type.
fn names_odata_type(text: &str, model: &ResourceModel) -> bool {
    let parse = json::parse(text);
    let tree = &parse.tree;
    let Some(root) = tree.root() else {
        return false;
    };
    let wanted = model.descriptor().odata_type;
    tree.members(root).iter().any(|m| {
        m.name == "@odata.type"
            && m.value
                .and_then(|v| tree.string_value(v))
                .is_some_and(|v| v.strip_prefix('#').unwrap_or(&v) == wanted)
    })
}

/// Applies configured severities; drops rules that are off (by configuration or by default).
fn apply_config(diagnostics: &mut Vec<Diagnostic>, config: &Config) {
    diagnostics.retain_mut(|d| {
        let configured = config.level(d.code).or_else(|| {
            d.code
                .starts_with("syntax-")
                .then(|| config.level("syntax"))
                .flatten()
        });
        match configured {
            Some(level) => level.severity().map(|s| d.severity = s).is_some(),
            None => rules::find(d.code).is_some_and(|r| r.default.is_some()),
        }
    });
}
