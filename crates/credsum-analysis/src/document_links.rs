//! Document links: the endpoint URL of a request in an `.http` file or a Markdown ```http
//! block, and the `@odata.type` value of a body, link to the resource's page in the Graph docs
//! (the registry descriptor's `docs_url`); the path of a `< ./body.json` line links to the file
//! (resolved against the document's folder by the shell).

use credsum_model::registry::{ResourceDescriptor, ODATA_TYPE};
use credsum_syntax::http::{parse_http_range, StartLine};
use credsum_syntax::json;
use credsum_syntax::TextRange;

use crate::analyzer::{Analyzer, FileKind};
use crate::http_check::{match_target, Source};

/// A range of the text that links somewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentLink {
    /// The linked text.
    pub range: TextRange,
    /// Where it leads.
    pub target: LinkTarget,
}

/// Where a document link leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// A resource's page in the Graph docs.
    Docs {
        /// The page.
        page: &'static str,
        /// The resource the page documents (its short name), for a tooltip.
        resource: &'static str,
    },
    /// A file a request sends as its body, as written (relative to the document's folder
    /// unless absolute).
    BodyFile(String),
}

impl Analyzer {
    /// The document links of `text`, in text order.
    pub fn document_links(&self, text: &str, kind: FileKind) -> Vec<DocumentLink> {
        let source = match kind {
            FileKind::Markdown => Source::Docs,
            _ => Source::RequestFile,
        };
        let mut out = Vec::new();
        for region in self.request_regions(text, kind) {
            for message in parse_http_range(text, region).messages {
                if let Some(file) = message.body_file {
                    let path = slice(text, file.path);
                    if !path.is_empty() && !path.contains("{{") {
                        out.push(DocumentLink {
                            range: file.path,
                            target: LinkTarget::BodyFile(path.to_owned()),
                        });
                    }
                }
                let StartLine::Request { target, .. } = message.start_line else {
                    continue;
                };
                if let Some(found) =
                    match_target(text, target, self.models(), source, &mut Vec::new())
                {
                    let d = self.models()[found.index].descriptor();
                    out.push(DocumentLink {
                        range: target,
                        target: docs(d),
                    });
                }
            }
        }
        for body in self.bodies(text, kind) {
            let parse = json::parse_range(text, body.range);
            let tree = &parse.tree;
            let Some(root) = tree.root() else { continue };
            for member in tree
                .members(root)
                .iter()
                .filter(|m| tree.name(m) == ODATA_TYPE)
            {
                let Some(value) = member.value() else {
                    continue;
                };
                let Some(named) = tree.string_value(value) else {
                    continue;
                };
                let name = named.strip_prefix('#').unwrap_or(&named);
                if let Some(model) = self
                    .models()
                    .iter()
                    .find(|m| m.descriptor().odata_type == name)
                {
                    let d = model.descriptor();
                    out.push(DocumentLink {
                        range: tree.range(value),
                        target: docs(d),
                    });
                }
            }
        }
        out.sort_by_key(|l| l.range.start);
        out
    }
}

/// The link to the Graph docs page of the resource `d` describes.
fn docs(d: &ResourceDescriptor) -> LinkTarget {
    LinkTarget::Docs {
        page: d.docs_url,
        resource: d.name(),
    }
}

/// `text[range]`, or empty when the range is not in it.
fn slice(text: &str, range: TextRange) -> &str {
    text.get(range.as_usize()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_odata_types_link_to_the_docs() {
        let analyzer = Analyzer::graph();
        let text = "PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/42\n\n{\"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\"}\n";
        let links = analyzer.document_links(text, FileKind::Http);
        let texts: Vec<&str> = links.iter().map(|l| &text[l.range.as_usize()]).collect();
        assert_eq!(texts.len(), 2, "{links:?}");
        assert!(texts[0].starts_with("https://graph.microsoft.com/beta/"));
        assert_eq!(
            texts[1],
            "\"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\""
        );
        assert!(links.iter().all(|l| matches!(l.target,
            LinkTarget::Docs { page, .. } if page.starts_with("https://learn.microsoft.com/"))));
        let other = "GET https://example.com/x\n";
        assert!(analyzer.document_links(other, FileKind::Http).is_empty());
    }

    #[test]
    fn a_body_file_path_links_to_the_file() {
        let analyzer = Analyzer::graph();
        let text =
            "PATCH https://example.com/x\n\n< ./body.json\n###\nPOST /y\n\n<@ {{dir}}/b.json\n";
        let links = analyzer.document_links(text, FileKind::Http);
        assert_eq!(links.len(), 1, "{links:?}");
        assert_eq!(&text[links[0].range.as_usize()], "./body.json");
        assert_eq!(
            links[0].target,
            LinkTarget::BodyFile("./body.json".to_owned())
        );
    }
}
