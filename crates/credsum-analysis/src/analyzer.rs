//! The entry point: [`Analyzer`] holds the registry with its compiled schemas and analyses files.

use std::path::Path;

use credsum_model::registry::ODATA_TYPE;
use credsum_model::Registry;

use credsum_syntax::http::parse_http;
use credsum_syntax::json::{self, JsonParse, JsonTree};
use credsum_syntax::TextRange;

use crate::body::{check_parsed, diagnostic, BodyContext, BodyRole};
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
        let named = if self.mentions_a_type(text) {
            self.named_model(&json::parse(text).tree)
        } else {
            None
        };
        named.or_else(|| self.models.first())
    }

    /// Whether a file found while walking folders is a request file: a JSON body whose
    /// `@odata.type` names a registered resource, or an `.http`/Markdown file with a request to a
    /// registered endpoint. Files given explicitly are analysed regardless.
    pub fn is_request_file(&self, text: &str, kind: FileKind) -> bool {
        match kind {
            FileKind::Json => {
                self.mentions_a_type(text) && self.named_model(&json::parse(text).tree).is_some()
            }
            FileKind::Http => self.http_diagnostics(text).1,
            FileKind::Markdown => {
                markdown_check::check_markdown(text, &self.models, &mut Vec::new())
            }
        }
    }

    /// All diagnostics of a file, sorted by position, with `config`'s severities applied.
    pub fn analyze(&self, text: &str, kind: FileKind, config: &Config) -> Vec<Diagnostic> {
        if let Some(too_large) = too_large(text, config) {
            return finish(vec![too_large], config);
        }
        let out = match kind {
            FileKind::Json => {
                let parse = json::parse(text);
                match self
                    .named_model(&parse.tree)
                    .or_else(|| self.models.first())
                {
                    Some(model) => json_diagnostics(text, &parse, model),
                    None => Vec::new(),
                }
            }
            FileKind::Http => self.http_diagnostics(text).0,
            FileKind::Markdown => {
                let mut out = Vec::new();
                markdown_check::check_markdown(text, &self.models, &mut out);
                out
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
                json_diagnostics(text, &parse, self.named_model(&parse.tree)?)
            }
            FileKind::Http => {
                let (out, any) = self.http_diagnostics(text);
                any.then_some(out)?
            }
            FileKind::Markdown => {
                let mut out = Vec::new();
                markdown_check::check_markdown(text, &self.models, &mut out).then_some(out)?
            }
        };
        Some(finish(out, config))
    }

    /// A cheap pre-check: whether the text names any registered OData type or entity set at all.
    fn mentions_a_type(&self, text: &str) -> bool {
        self.models.iter().any(|m| {
            let d = m.descriptor();
            text.contains(d.odata_type)
                || text.contains(d.entity_set_path.rsplit('/').next().unwrap_or(d.odata_type))
        })
    }

    /// The model the top-level `@odata.type` of a parsed body names.
    fn named_model(&self, tree: &JsonTree<'_>) -> Option<&ResourceModel> {
        let root = tree.root()?;
        let member = tree
            .members(root)
            .iter()
            .rev()
            .find(|m| m.name == ODATA_TYPE)?;
        let value = tree.string_value(member.value?)?;
        let name = value.strip_prefix('#').unwrap_or(&value);
        self.models
            .iter()
            .find(|m| m.descriptor().odata_type == name)
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

/// How much of an oversized file is searched for a resource's type or endpoint.
const SNIFF_BYTES: usize = 64 * 1024;

/// The diagnostics of a parsed `.json` body checked against `model`.
fn json_diagnostics(text: &str, parse: &JsonParse<'_>, model: &ResourceModel) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ctx = BodyContext {
        model,
        role: BodyRole::Request,
        url_key: None,
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
        diagnostic("file-too-large", TextRange::empty(0), message, None)
    })
}

/// Applies the configuration and sorts by position.
fn finish(mut out: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    apply_config(&mut out, config);
    // Unstable (no scratch copy of the diagnostics) yet deterministic: ties compare messages.
    out.sort_unstable_by(|a, b| {
        (a.range.start, a.range.end, a.code, &a.message).cmp(&(
            b.range.start,
            b.range.end,
            b.code,
            &b.message,
        ))
    });
    out
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
