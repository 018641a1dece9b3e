//! `credsum explain CODE`: a rule's whole documentation in the terminal, like `rustc --explain`:
//! its title line, summary, what it checks, why Graph cares, examples, fix and configuration.
//! Styled (bold headings, red and green example labels) on a terminal; plain text when standard
//! output is not a terminal or `NO_COLOR` is set.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use clap::Args;
use credsum_analysis::rule_docs::{self, Block, Verdict};
use credsum_analysis::rules::{self, Code, Rule, SYNTAX};

/// Options of `credsum explain`.
#[derive(Args)]
#[command(after_help = "Exit status: 0 the rule is explained, 2 the code is unknown.")]
pub struct ExplainArgs {
    /// The rule's code, e.g. `unknown-property` or `syntax-trailing-comma` (`credsum rules`
    /// lists them).
    #[arg(value_name = "CODE")]
    code: String,
}

/// How each part of the text looks: all plain without colour.
struct Styles {
    /// Section headings and the title line.
    heading: Style,
    /// The label of a wrong example.
    wrong: Style,
    /// The label of a right example.
    right: Style,
    /// The link and the reason a rule has no example.
    quiet: Style,
}

impl Styles {
    /// Styles for a terminal that takes colour, or none.
    fn new(color: bool) -> Styles {
        if !color {
            return Styles {
                heading: Style::new(),
                wrong: Style::new(),
                right: Style::new(),
                quiet: Style::new(),
            };
        }
        Styles {
            heading: Style::new().bold(),
            wrong: AnsiColor::Red.on_default().bold(),
            right: AnsiColor::Green.on_default().bold(),
            quiet: Style::new().dimmed(),
        }
    }
}

/// Prints the rule's documentation; an unknown code is a usage error (exit status 2) that names
/// the closest codes.
pub fn run(args: &ExplainArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let rule = known(&args.code).ok_or_else(|| unknown(&args.code))?;
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let text = render(&args.code, rule, &Styles::new(color));
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        // A closed pipe (`credsum explain CODE | head`) is the reader's choice, not a failure.
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// The rule `code` names: a rule, one `syntax-*` code, or `syntax` for the whole family.
fn known(code: &str) -> Option<&'static Rule> {
    if code == SYNTAX.code {
        return Some(&SYNTAX);
    }
    Code::from_name(code).map(Code::rule)
}

/// The error for an unknown code, naming the closest known ones.
fn unknown(code: &str) -> String {
    let closest = rules::closest_codes(code);
    if closest.is_empty() {
        format!("unknown rule code `{code}`; `credsum rules` lists every code")
    } else {
        format!(
            "unknown rule code `{code}`; the closest: {}",
            closest.join(", ")
        )
    }
}

/// The whole explanation of `rule`, asked for as `code`.
fn render(code: &str, rule: &Rule, styles: &Styles) -> String {
    let default = rule.default.map_or("off", |s| s.name());
    let family = if rule.code == code {
        String::new()
    } else {
        format!(" (the `{}` family)", rule.code)
    };
    let schema = if rule.schema_level {
        "schema-level"
    } else {
        "not schema-level"
    };
    let mut out = paint(
        styles.heading,
        &format!("{code}{family}: {default} by default, {schema}"),
    );
    out.push_str(&format!("\n{}\n\n", rule.summary));
    for block in rule_docs::blocks(&rule_docs::full_text(rule)) {
        push_block(&mut out, block, styles);
    }
    out.push_str(&format!(
        "\n{}\n",
        paint(styles.quiet, &rules::doc_url(rule.code))
    ));
    out
}

/// One block of the documentation as the terminal shows it: headings without their `#`,
/// examples under their coloured caption and indented.
fn push_block(out: &mut String, block: Block<'_>, styles: &Styles) {
    match block {
        Block::Heading(_, title) => out.push_str(&paint(styles.heading, title)),
        Block::Text(line) => out.push_str(line),
        Block::Fence(fence) => {
            let caption = fence.example().map(|example| {
                let style = match example.verdict {
                    Verdict::Wrong => styles.wrong,
                    Verdict::Right => styles.right,
                };
                paint(style, &format!("{}:", example.caption()))
            });
            let lines = fence.text.lines().map(|line| match line {
                "" => String::new(),
                line => format!("    {line}"),
            });
            let shown: Vec<String> = caption.into_iter().chain(lines).collect();
            out.push_str(&shown.join("\n"));
        }
        Block::NoExample(reason) => {
            out.push_str(&paint(styles.quiet, &format!("No example: {reason}.")));
        }
    }
    out.push('\n');
}

/// `text` in `style` (as it is when the style is plain).
fn paint(style: Style, text: &str) -> String {
    format!("{}{text}{}", style.render(), style.render_reset())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_marks_headings_and_example_labels_only_when_asked() {
        let rule = known("quoted-value").expect("a rule");
        let styled = render("quoted-value", rule, &Styles::new(true));
        assert!(
            styled.contains("\u{1b}[1mWhy Graph cares\u{1b}[0m"),
            "{styled}"
        );
        assert!(
            styled.contains("\u{1b}[1m\u{1b}[31mWrong (a PATCH body):"),
            "{styled}"
        );
        let plain = render("quoted-value", rule, &Styles::new(false));
        assert!(!plain.contains('\u{1b}'), "{plain}");
        assert!(plain.contains("\nWhy Graph cares\n"), "{plain}");
    }

    #[test]
    fn every_syntax_code_explains_the_family() {
        let rule = known("syntax-trailing-comma").expect("a syntax code");
        assert_eq!(rule.code, "syntax");
        assert!(known("syntax-not-a-kind").is_none());
        assert!(unknown("unknwn-property").contains("unknown-property"));
    }
}
