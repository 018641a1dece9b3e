//! The one decider per file: a request file is lowered once into its JSON bodies, each with the
//! resource it belongs to and what it carries (a PATCH body, a created entity, a response
//! entity, a collection page). Lint, hover, completion, symbols and definitions all read this
//! one answer, so they cannot disagree on which bodies exist or which resource each is.

use credsum_syntax::http::{parse_http_range, HttpMessage};
use credsum_syntax::json::{self, JsonTree};
use credsum_syntax::markdown::{code_blocks, is_language};
use credsum_syntax::TextRange;

use crate::analyzer::{Analyzer, FileKind};
use crate::diagnostic::Diagnostic;
use crate::http_check::{plan_message, MessagePlan, Source};
use crate::http_vars::{Environments, Scope, Sent, SentBody};
use crate::json_patch::{self, PatchScope};
use crate::payload::{Body, Payload};

/// A request file, lowered: its messages (none for a `.json` body) and its bodies.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lowered {
    /// The HTTP messages, in text order.
    pub messages: Vec<HttpMessage>,
    /// The JSON bodies, in text order.
    pub bodies: Vec<Body>,
    /// For each body, the body as sent when its message holds `{{variables}}`.
    pub sent: Vec<Option<SentBody>>,
    /// Whether any message is a request to a registered resource (a `.json` file: whether its
    /// `@odata.type` names one).
    pub targets_a_resource: bool,
}

impl Analyzer {
    /// The regions of `text` that hold HTTP messages: the whole of an `.http` file, the content
    /// of each ```http block of Markdown that the docs tooling reads (not `"blockType":
    /// "ignored"`), none in a `.json` body.
    pub fn request_regions(&self, text: &str, kind: FileKind) -> Vec<TextRange> {
        match kind {
            FileKind::Json => Vec::new(),
            FileKind::Http => vec![TextRange::new(0, text.len() as u32)],
            FileKind::Markdown => code_blocks(text)
                .iter()
                .filter(|b| is_language(text, b, "http") && !is_ignored(text, b.metadata))
                .map(|b| b.content)
                .collect(),
        }
    }

    /// Lowers `text` once: its messages with their plans and its bodies. URL, method and header
    /// findings go to `out` (editor features pass a scratch list).
    pub(crate) fn lower(&self, text: &str, kind: FileKind, out: &mut Vec<Diagnostic>) -> Lowered {
        self.lower_in(text, kind, &Environments::default(), None, out)
    }

    /// [`Analyzer::lower`] with `{{variables}}` resolved under environment `env` of
    /// `environments` (none: file and system variables only). Each message is checked as sent.
    pub(crate) fn lower_in(
        &self,
        text: &str,
        kind: FileKind,
        environments: &Environments,
        env: Option<&str>,
        out: &mut Vec<Diagnostic>,
    ) -> Lowered {
        let mut lowered = Lowered::default();
        if kind == FileKind::Json {
            if self.mentions_a_type(text) || json_patch::may_be_patch_document(text) {
                let tree = json::parse(text).tree;
                lowered.targets_a_resource = self.named_index(&tree).is_some();
                lowered.bodies.push(self.json_body(text, &tree));
            } else {
                lowered.bodies.push(self.update_body(text, None));
            }
            lowered.sent.push(None);
            return lowered;
        }
        let source = if kind == FileKind::Markdown {
            Source::Docs
        } else {
            Source::RequestFile
        };
        let environment = env.and_then(|name| environments.get(name));
        let mut previous: Option<MessagePlan> = None;
        for region in self.request_regions(text, kind) {
            let file = parse_http_range(text, region);
            let scope = Scope::new(text, &file, region, environments, environment);
            scope.check_variables(&file, out);
            for message in file.messages {
                let sent = Sent::of(&scope, text, &message);
                let (sent_text, sent_message) = sent
                    .as_ref()
                    .map_or((text, &message), |s| (s.expanded.text.as_str(), &s.message));
                let patch_document = sent_message.body.is_some_and(|range| {
                    json_patch::may_be_patch_document(&sent_text[range.as_usize()])
                        && json_patch::is_patch_document(
                            &json::parse_range(sent_text, range).tree,
                            PatchScope::Request,
                        )
                });
                let mut found = Vec::new();
                let plan = plan_message(
                    sent_text,
                    sent_message,
                    patch_document,
                    self.models(),
                    previous.as_ref(),
                    source,
                    if sent.is_some() {
                        &mut found
                    } else {
                        &mut *out
                    },
                );
                lowered.targets_a_resource |= plan.is_request_to_a_resource();
                if let Some(range) = message.body {
                    let body = Body {
                        range,
                        request: Some(message.range),
                        start_line: Some(message.start_line.range()),
                        resource: plan.resource,
                        payload: plan.payload,
                        url_key: plan.url_key.filter(|_| plan.is_request()),
                    };
                    let sent_body = sent.as_ref().and_then(|s| s.body(&body));
                    lowered.bodies.push(Body {
                        url_key: sent
                            .as_ref()
                            .map_or(body.url_key, |s| s.key_in_file(body.url_key)),
                        ..body
                    });
                    lowered.sent.push(sent_body);
                }
                if let Some(sent) = &sent {
                    sent.map_findings(found, None, Some(&scope), out);
                }
                previous = plan.is_request().then_some(plan);
                lowered.messages.push(message);
            }
        }
        lowered
    }
}

impl Analyzer {
    /// The body of a `.json` file from its parsed tree: a JSON Patch document checked against
    /// the resource its paths name, or a PATCH body checked against the resource its
    /// `@odata.type` names (else the first registered).
    pub(crate) fn json_body(&self, text: &str, tree: &JsonTree<'_>) -> Body {
        if json_patch::is_patch_document(tree, PatchScope::File) {
            let mut body = self.update_body(text, json_patch::best_resource(tree, self.models()));
            body.payload = Payload::PatchDocument;
            return body;
        }
        self.update_body(text, self.named_index(tree))
    }

    /// The whole of a `.json` file as a PATCH body of resource `named`, else the first registered.
    fn update_body(&self, text: &str, named: Option<usize>) -> Body {
        Body {
            range: TextRange::new(0, text.len() as u32),
            request: None,
            start_line: None,
            resource: named.or((!self.models().is_empty()).then_some(0)),
            payload: Payload::Update,
            url_key: None,
        }
    }
}

/// Whether a Markdown block's metadata comment marks it `"blockType": "ignored"`, as the Graph
/// docs tooling skips such blocks.
fn is_ignored(text: &str, metadata: Option<TextRange>) -> bool {
    let Some(range) = metadata else { return false };
    let parse = json::parse_range(text, range);
    let tree = &parse.tree;
    tree.root().is_some_and(|root| {
        tree.members(root).iter().any(|m| {
            tree.name(m) == "blockType"
                && m.value()
                    .and_then(|v| tree.string_value(v))
                    .is_some_and(|v| v == "ignored")
        })
    })
}
