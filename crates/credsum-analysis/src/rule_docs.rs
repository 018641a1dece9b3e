//! The long documentation of each rule: the Markdown file `rules/<code>.md` of this crate,
//! compiled into [`Rule::doc`] by the `rules!` macro. This module reads it into blocks (what
//! `credsum explain` and `docs/rules.md` render), lints its examples, and judges from them
//! whether the rule has a fix.
//!
//! The format: one or two paragraphs of what the rule checks, then `## Why Graph cares`,
//! `## Example` and `## Fix`. An example is a fenced block whose info string names the file kind
//! (`json`, `http`, `markdown`) and the verdict: `wrong` (linting it reports the rule) or `right`
//! (it does not). A rule without a runnable example says `<!-- no example: reason -->` instead.
//! The configuration part is not written in the file: [`configuration`] builds it from the rule.

use crate::analyzer::{Analyzer, FileKind};
use crate::config::{Config, RuleLevel};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::rules::{catalogue, Rule, SYNTAX};

/// One piece of a rule's documentation, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block<'d> {
    /// A heading: its level (`##` is 2) and its title.
    Heading(usize, &'d str),
    /// One line of prose, without its line break (empty between paragraphs).
    Text(&'d str),
    /// A fenced block.
    Fence(Fence<'d>),
    /// `<!-- no example: reason -->`: why the rule has no runnable example.
    NoExample(&'d str),
}

/// A fenced block of a rule's documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fence<'d> {
    /// How many backticks open and close it (four around a Markdown example that holds fences).
    pub ticks: usize,
    /// Its info string, e.g. `json wrong`.
    pub info: &'d str,
    /// Its content, each line with its line break.
    pub text: &'d str,
}

/// Whether an example must report its rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Linting it reports the rule.
    Wrong,
    /// Linting it does not report the rule.
    Right,
}

/// A fenced example: a file of some kind and what linting it must say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example<'d> {
    /// How the text is linted.
    pub kind: FileKind,
    /// Whether it must report the rule.
    pub verdict: Verdict,
    /// The file's text.
    pub text: &'d str,
}

impl<'d> Fence<'d> {
    /// The example this fence is, when its info string is `<kind> <verdict>`.
    pub fn example(&self) -> Option<Example<'d>> {
        let mut words = self.info.split_whitespace();
        let kind = FileKind::from_name(words.next()?)?;
        let verdict = match words.next()? {
            "wrong" => Verdict::Wrong,
            "right" => Verdict::Right,
            _ => return None,
        };
        words.next().is_none().then_some(Example {
            kind,
            verdict,
            text: self.text,
        })
    }
}

impl Example<'_> {
    /// The label shown above the example, e.g. `Wrong (a PATCH body)`.
    pub fn caption(&self) -> String {
        let verdict = match self.verdict {
            Verdict::Wrong => "Wrong",
            Verdict::Right => "Right",
        };
        let kind = match self.kind {
            FileKind::Json => "a PATCH body",
            FileKind::Http => "an .http request file",
            FileKind::Markdown => "a Markdown page",
        };
        format!("{verdict} ({kind})")
    }

    /// The Markdown info string that highlights the example: its kind's language.
    pub fn language(&self) -> &'static str {
        match self.kind {
            FileKind::Json => "json",
            FileKind::Http => "http",
            FileKind::Markdown => "markdown",
        }
    }
}

/// The blocks of a rule's documentation, laid out for reading: one empty line between
/// paragraphs and around every heading, fence and marker, none at the start or the end. A fence
/// is closed by a line of at least as many backticks as opened it; an unclosed fence runs to the
/// end of the text.
pub fn blocks(doc: &str) -> Vec<Block<'_>> {
    let mut out: Vec<Block<'_>> = Vec::new();
    for block in parse(doc) {
        let blank = Block::Text("");
        let separate = match (out.last(), block) {
            (None | Some(Block::Text("")), _) => false,
            (Some(Block::Text(_)), Block::Text(_)) => false,
            (Some(_), _) => block != blank,
        };
        if separate {
            out.push(blank);
        }
        if block != blank || out.last().is_some_and(|last| *last != blank) {
            out.push(block);
        }
    }
    if out.last() == Some(&Block::Text("")) {
        out.pop();
    }
    out
}

/// The blocks of `doc` as written, line by line.
fn parse(doc: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut lines = doc.split_inclusive('\n').peekable();
    let mut offset = 0;
    while let Some(raw) = lines.next() {
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let ticks = line.len() - line.trim_start_matches('`').len();
        if ticks >= 3 {
            let start = offset;
            let mut end = doc.len();
            for inner in lines.by_ref() {
                let closing = inner.trim_end();
                if closing.len() >= ticks && closing.bytes().all(|b| b == b'`') {
                    end = offset;
                    offset += inner.len();
                    break;
                }
                offset += inner.len();
            }
            out.push(Block::Fence(Fence {
                ticks,
                info: line[ticks..].trim(),
                text: &doc[start..end],
            }));
        } else if let Some(reason) = line
            .strip_prefix("<!-- no example:")
            .and_then(|rest| rest.strip_suffix("-->"))
        {
            out.push(Block::NoExample(reason.trim()));
        } else if let Some((hashes, title)) = line
            .split_once(' ')
            .filter(|(h, _)| !h.is_empty() && h.bytes().all(|b| b == b'#') && h.len() <= 6)
        {
            out.push(Block::Heading(hashes.len(), title.trim()));
        } else {
            out.push(Block::Text(line));
        }
    }
    out
}

/// The examples of a rule's documentation, in file order.
pub fn examples(doc: &str) -> Vec<Example<'_>> {
    blocks(doc)
        .into_iter()
        .filter_map(|block| match block {
            Block::Fence(fence) => fence.example(),
            _ => None,
        })
        .collect()
}

/// The configuration an example of `rule` is linted with: the default, with the rule turned on
/// (as a warning) when it is off by default.
pub fn example_config(rule: &Rule) -> Config {
    let mut config = Config::default();
    if rule.default.is_none() {
        config
            .rules
            .insert(rule.code.to_owned(), RuleLevel::Warning);
    }
    config
}

/// The findings of `rule` (for the `syntax` family, any `syntax-*` code) when `example` is
/// linted with [`example_config`].
pub fn findings(analyzer: &Analyzer, rule: &Rule, example: &Example<'_>) -> Vec<Diagnostic> {
    let mut found = analyzer.analyze(example.text, example.kind, &example_config(rule));
    found.retain(|d| d.code.config_key() == rule.code);
    found
}

/// Whether `rule` has a fix: some finding of it in one of its wrong examples carries one. Judged
/// by linting, so it cannot drift from what `credsum lint --fix` and the editor's quick fixes do;
/// a rule whose fix applies only sometimes shows such a case among its wrong examples.
pub fn fixable(analyzer: &Analyzer, rule: &Rule) -> bool {
    examples(rule.doc)
        .iter()
        .filter(|e| e.verdict == Verdict::Wrong)
        .any(|e| findings(analyzer, rule, e).iter().any(|d| d.fix.is_some()))
}

/// Everything `credsum explain` and `docs/rules.md` show of a rule after its summary: its
/// documentation, then its [`configuration`].
pub fn full_text(rule: &Rule) -> String {
    format!("{}\n{}", rule.doc, configuration(rule))
}

/// The kinds of fix `rule` declares, e.g. `safe, unsafe`, or `no`.
pub fn fix_kinds(rule: &Rule) -> String {
    if rule.fixes.is_empty() {
        return "no".to_owned();
    }
    let names: Vec<&str> = rule.fixes.iter().map(|k| k.name()).collect();
    names.join(", ")
}

/// The `## Configuration` part of a rule's documentation, in the same Markdown as the file: the
/// key that sets its level in `credsum.toml` and in the editor settings, its default (and
/// second) severity, and the applicability of its fixes with the `[fix]` keys that change it.
pub fn configuration(rule: &Rule) -> String {
    let default = rule.default.map_or("off", |s| s.name());
    let default = match rule.secondary {
        Some(second) => format!("{default} ({} {})", second.severity.name(), second.when),
        None => default.to_owned(),
    };
    let other = match rule.default {
        None => "warning",
        Some(Severity::Error) => "warning",
        Some(_) => "error",
    };
    let family = if rule.code == crate::rules::SYNTAX.code {
        " (it sets every `syntax-*` code; a single code such as `syntax-trailing-comma` works too)"
    } else {
        ""
    };
    format!(
        "## Configuration\n\
         \n\
         Default severity: {default}. The key `{code}`{family} takes `error`, `warning`, \
         `information`, `hint` or `off`:\n\
         \n\
         - in `credsum.toml`, under `[rules]`: `{code} = \"{other}\"`\n\
         - in the editor settings: `\"credsum.rules\": {{ \"{code}\": \"{other}\" }}`\n",
        code = rule.code,
    ) + &fix_configuration(rule)
}

/// The fix part of [`configuration`]: what `--fix` does with the rule's fixes and how
/// `credsum.toml`'s `[fix]` table changes it (nothing for a rule without fixes).
fn fix_configuration(rule: &Rule) -> String {
    let Some(usual) = rule.fixes.first() else {
        return String::new();
    };
    let (applied, other) = match usual {
        Applicability::Safe => ("`credsum lint --fix` applies them", "unsafe"),
        Applicability::Unsafe => (
            "`credsum lint --fix` applies them only with `--unsafe-fixes`, and the editor never prefers them",
            "safe",
        ),
        Applicability::DisplayOnly => ("they are only offered in the editor", "safe"),
    };
    format!(
        "\nFixes: {kinds} ({applied}). To change that, in `credsum.toml`: \
         `[fix]` `{other} = [\"{code}\"]` (the keys are `safe`, `unsafe` and `display-only`).\n",
        kinds = fix_kinds(rule),
        code = rule.code,
    )
}

/// The whole of `docs/rules.md`, generated from [`RULES`](crate::rules::RULES) and [`SYNTAX`] with each rule's long
/// documentation and the kinds of fix it declares (the examples test proves, with [`fixable`],
/// that a rule declaring fixes has them).
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Rules reference\n\n\
         <!-- Generated from crates/credsum-analysis/src/rules.rs and crates/credsum-analysis/rules/*.md; \
         edit there. `UPDATE_RULES_DOC=1 cargo test -p credsum-analysis --test analysis rules_doc` rewrites this file. -->\n\n\
         Every diagnostic credsum reports has a stable code. Severities can be changed or rules turned \
         off in `credsum.toml` (`[rules]` table) or in the editor settings (`credsum.rules`). \
         `credsum explain CODE` prints a rule's entry below in the terminal.\n\n\
         *Schema-level* rules are JSON Schema violations of the exported schema \
         (`schema/credentialUserRegistrationsSummary.schema.json`): a body has one of them exactly when an \
         independent JSON Schema validator rejects it (checked in CI by `tests/agreement/agreement.py`). \
         The other rules are Graph knowledge JSON Schema cannot express. *Fix* gives the kinds of \
         fix a rule offers (in the cases its section describes): *safe* fixes keep what the request \
         means and `credsum lint --fix` and the editor's \"Fix all\" apply them; *unsafe* ones change \
         what is sent and are applied only with `--fix --unsafe-fixes` (the editor offers them, \
         never as preferred). `[fix]` in `credsum.toml` changes a rule's kind.\n\n\
         | code | default | schema-level | fix | what it checks |\n|---|---|---|---|---|\n",
    );
    let yes_no = |flag: bool| if flag { "yes" } else { "no" };
    let shown = |rule: &Rule| {
        if rule.code == SYNTAX.code {
            "syntax-*"
        } else {
            rule.code
        }
    };
    for rule in catalogue() {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} | {} |\n",
            shown(rule),
            rule.code,
            rule.default.map_or("off", |s| s.name()),
            yes_no(rule.schema_level),
            fix_kinds(rule),
            rule.summary
        ));
    }
    for rule in catalogue() {
        out.push_str(&format!(
            "\n## <a id=\"{}\"></a>`{}`\n\n{}\n\n",
            rule.code,
            shown(rule),
            rule.summary
        ));
        for block in blocks(&full_text(rule)) {
            push_markdown(&mut out, block);
        }
    }
    out
}

/// One block of a rule's documentation as it reads in `docs/rules.md`: headings one level down
/// (under the rule's own), examples under their caption and highlighted by their kind.
fn push_markdown(out: &mut String, block: Block<'_>) {
    match block {
        Block::Heading(level, title) => {
            out.push_str(&format!("{} {title}\n", "#".repeat(level + 1)));
        }
        Block::Text(line) => {
            out.push_str(line);
            out.push('\n');
        }
        Block::Fence(fence) => {
            let ticks = "`".repeat(fence.ticks);
            let (caption, info) = match fence.example() {
                Some(example) => (format!("*{}:*\n", example.caption()), example.language()),
                None => (String::new(), fence.info),
            };
            out.push_str(&format!("{caption}{ticks}{info}\n{}", fence.text));
            if !fence.text.is_empty() && !fence.text.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&ticks);
            out.push('\n');
        }
        Block::NoExample(reason) => out.push_str(&format!("*No example: {reason}*\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text splits into blocks without panicking, each fence's text a slice of it.
        #[test]
        fn any_text_splits_into_blocks(doc in "(```|````|## |<!-- no example:|-->|\n| |[a-z`#])*") {
            for block in blocks(&doc) {
                if let Block::Fence(fence) = block {
                    prop_assert!(doc.contains(fence.text));
                    prop_assert!(fence.ticks >= 3);
                }
            }
        }
    }

    #[test]
    fn blocks_split_headings_prose_fences_and_markers() {
        let doc = "What it checks.\n\n\n## Example\n````markdown wrong\n```http\nGET /x\n```\n````\n<!-- no example: none -->\n```json right\n{}";
        let found = blocks(doc);
        assert_eq!(
            found,
            vec![
                Block::Text("What it checks."),
                Block::Text(""),
                Block::Heading(2, "Example"),
                Block::Text(""),
                Block::Fence(Fence {
                    ticks: 4,
                    info: "markdown wrong",
                    text: "```http\nGET /x\n```\n",
                }),
                Block::Text(""),
                Block::NoExample("none"),
                Block::Text(""),
                Block::Fence(Fence {
                    ticks: 3,
                    info: "json right",
                    text: "{}",
                }),
            ]
        );
        assert_eq!(examples(doc).len(), 2);
        assert_eq!(examples(doc)[0].kind, FileKind::Markdown);
    }

    #[test]
    fn only_kind_and_verdict_make_an_example() {
        let fence = |info| Fence {
            ticks: 3,
            info,
            text: "",
        };
        assert!(fence("json wrong").example().is_some());
        assert!(fence("http right").example().is_some());
        assert!(fence("json").example().is_none());
        assert!(fence("toml wrong").example().is_none());
        assert!(fence("json wrong extra").example().is_none());
    }
}
