//! Bodies sent from files: a request in an `.http` file whose body is `< ./body.json` (or
//! httpyac's `<@ ./body.json`) sends that file. The core never reads it: [`Analyzer::body_files`]
//! says which files the requests of a text send and what each is checked as, and
//! [`Analyzer::analyze_body_file`] checks a file's text as that body once a shell has read it
//! (`credsum-workspace`'s `body_files`).

use std::sync::Arc;

use credsum_syntax::http::{BodyFile, HttpMessage, StartLine};
use credsum_syntax::json;
use credsum_syntax::line_index::{LineIndex, PositionEncoding};
use credsum_syntax::TextRange;

use crate::analyzer::{finish, too_large, Analyzer, FileKind};
use crate::body::check_sent;
use crate::config::Config;
use crate::diagnostic::{diagnostic, Diagnostic};
use crate::json_patch::{self, check_patch_document, PatchScope};
use crate::payload::{Body, Payload};
use crate::rules::Code;

/// A file that a request to a registered resource sends as its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentFile {
    /// The path as written after `<` (relative to the request file's folder unless absolute).
    pub path: String,
    /// The `<` line, in the request file.
    pub file: BodyFile,
    /// The request's start line, in the request file.
    pub start_line: TextRange,
    /// The request's method (`GET` when the line has none).
    pub method: String,
    /// Index of the resource among [`Analyzer::models`].
    resource: usize,
    /// What the body carries.
    payload: Payload,
    /// The literal key of the request URL, when it has one.
    url_key: Option<String>,
}

impl SentFile {
    /// The file `message` sends, if it sends one, as a body of `resource` carrying `payload`, to
    /// a URL whose key (as sent) is `url_key`.
    pub(crate) fn of(
        text: &str,
        message: &HttpMessage,
        resource: usize,
        payload: Payload,
        url_key: Option<&str>,
    ) -> Option<SentFile> {
        let file = message.body_file?;
        let StartLine::Request { method, range, .. } = message.start_line else {
            return None;
        };
        let method = match text.get(method.as_usize()).unwrap_or("") {
            "" => "GET",
            m => m,
        };
        let url_key = url_key.filter(|k| !k.starts_with('{'));
        Some(SentFile {
            path: text.get(file.path.as_usize()).unwrap_or("").to_owned(),
            file,
            start_line: range,
            method: method.to_owned(),
            resource,
            payload,
            url_key: url_key.map(str::to_owned),
        })
    }

    /// The `body-file` finding on the `<` line, for a file that cannot be read for `reason`.
    pub fn unreadable(&self, reason: &str) -> Diagnostic {
        let message = format!("Cannot read the body file `{}`: {reason}", self.path);
        diagnostic(Code::BodyFile, self.file.range, message, None)
    }

    /// Names the request in a finding of the body file: `sent by PATCH at requests.http:3`,
    /// where `request_file` is the request file's name as reports show it and `text` its text.
    pub fn sent_by(&self, request_file: &str, text: &str) -> String {
        let at = LineIndex::new(text).line_col(self.start_line.start, PositionEncoding::Utf8);
        format!("{SENT_BY}{} at {request_file}:{}", self.method, at.line + 1)
    }
}

/// How the line naming a request that sends a body file starts.
const SENT_BY: &str = "sent by ";

/// Adds `more` to `into`, the findings of one body file checked for several requests (each
/// finding's message ending in its `sent by …` lines): a finding both have (same rule, range
/// and words) is kept once, naming every request that sends it. `into` ends sorted.
pub fn merge_sent_findings(into: &mut Vec<Diagnostic>, more: impl IntoIterator<Item = Diagnostic>) {
    for finding in more {
        let (words, senders) = split_senders(&finding.message);
        let same = into.iter_mut().find(|known| {
            known.code == finding.code
                && known.range == finding.range
                && split_senders(&known.message).0 == words
        });
        let Some(known) = same else {
            into.push(finding);
            continue;
        };
        let mut message = known.message.as_str().to_owned();
        for sender in senders.lines() {
            if !split_senders(&message).1.lines().any(|line| line == sender) {
                message.push('\n');
                message.push_str(sender);
            }
        }
        known.message = Arc::new(message);
    }
    into.sort_by_key(|d| (d.range.start, d.range.end));
}

/// A body file finding's words, and its `sent by …` lines (empty when it has none).
fn split_senders(message: &str) -> (&str, &str) {
    match message.find(&format!("\n{SENT_BY}")) {
        Some(at) => (&message[..at], &message[at + 1..]),
        None => (message, ""),
    }
}

impl Analyzer {
    /// The files the requests of `text` send as bodies, in text order: only requests to a
    /// registered resource whose operation takes a body (the others are not checked).
    pub fn body_files(&self, text: &str, kind: FileKind) -> Vec<SentFile> {
        self.lower(text, kind, &mut Vec::new()).body_files
    }

    /// The findings of `body`, the text of the file `sent` names, checked as the body its
    /// request sends (a JSON Patch document where a PATCH body belongs is checked as one),
    /// sorted, with `config` applied. Fixes are left out: the file may be sent by other
    /// requests too, so `--fix` does not rewrite it. A file sent with `<@` that holds a
    /// `{{variable}}` is not checked: the client sends it with the variables substituted.
    pub fn analyze_body_file(
        &self,
        body: &str,
        sent: &SentFile,
        config: &Config,
    ) -> Vec<Diagnostic> {
        if let Some(too_large) = too_large(body, config) {
            return finish(vec![too_large], config);
        }
        // `<@`: the client substitutes `{{variables}}` in the file, whose values are not known
        // here; the raw text (not JSON with a `{{count}}` value) is not what is sent.
        if sent.file.substitutes_variables && body.contains("{{") {
            return Vec::new();
        }
        let Some(model) = self.model(sent.resource) else {
            return Vec::new();
        };
        let range = TextRange::new(0, body.len() as u32);
        let mut out = Vec::new();
        let patch = (sent.payload == Payload::Update && json_patch::may_be_patch_document(body))
            .then(|| json::parse(body))
            .filter(|parse| json_patch::is_patch_document(&parse.tree, PatchScope::Request));
        if let Some(parse) = patch {
            let lowered = Body {
                range,
                // A request's document: the scope of a request body, not of a `.json` file.
                request: Some(range),
                start_line: None,
                resource: Some(sent.resource),
                payload: Payload::PatchDocument,
                url_key: None,
            };
            check_patch_document(body, &parse, &lowered, model, config, &mut out);
        } else {
            let key = sent.url_key.as_deref();
            check_sent(body, range, sent.payload, key, model, config, &mut out);
        }
        for d in &mut out {
            d.fix = None;
        }
        finish(out, config)
    }
}
