//! User configuration shared by `credsum.toml`, the CLI and the language server's settings:
//! which files are request files, rule severities, how far each rule's fixes are trusted, and
//! size limits. [`Config::apply`] is the one place a finding gets its configured severity and
//! fix kind.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

use crate::diagnostic::Diagnostic;
use crate::rules::{Applicability, Code, Severity};

/// A rule's configured level: a severity, or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as information.
    #[serde(alias = "info")]
    Information,
    /// Report as a hint.
    Hint,
    /// Do not report.
    Off,
}

impl RuleLevel {
    /// The severity, or `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Error => Some(Severity::Error),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Information => Some(Severity::Information),
            RuleLevel::Hint => Some(Severity::Hint),
            RuleLevel::Off => None,
        }
    }
}

/// Default largest file analysed in full: 20 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 20 * 1024 * 1024;

/// Default most diagnostics an editor is sent per document: VS Code shows no more than 1,000
/// per file itself.
pub const DEFAULT_MAX_DIAGNOSTICS: usize = 1000;

/// Configuration. The same keys work in `credsum.toml`, in the language server's
/// `initializationOptions` and in `workspace/configuration` (section `credsum`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    /// Globs of files that are request files beyond the built-in association rules.
    pub include: Vec<String>,
    /// Globs of files never checked when walking folders.
    pub exclude: Vec<String>,
    /// Rule code → level (`error`, `warning`, `information`, `hint`, `off`).
    pub rules: BTreeMap<String, RuleLevel>,
    /// The `[fix]` table: rules whose fixes are promoted or demoted to another applicability.
    pub fix: FixConfig,
    /// Files larger than this many bytes get one `file-too-large` error instead of analysis.
    pub max_file_size: u64,
    /// Language server only: the most diagnostics sent per document, the most severe first,
    /// plus one `too-many-diagnostics` note (0: no limit). `credsum lint` reports them all.
    pub max_diagnostics: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            include: Vec::new(),
            exclude: Vec::new(),
            rules: BTreeMap::new(),
            fix: FixConfig::default(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            max_diagnostics: DEFAULT_MAX_DIAGNOSTICS,
        }
    }
}

impl Config {
    /// The configured level for `code`, if the user set one.
    pub fn level(&self, code: &str) -> Option<RuleLevel> {
        self.rules.get(code).copied()
    }

    /// The level the user set for `code` or, for a `syntax-*` code, for the `syntax` family.
    pub fn configured(&self, code: Code) -> Option<RuleLevel> {
        self.level(code.as_str())
            .or_else(|| self.level(code.config_key()))
    }

    /// Whether findings of `code` are reported: its configured level, else its default.
    pub fn is_on(&self, code: Code) -> bool {
        match self.configured(code) {
            Some(level) => level.severity().is_some(),
            None => code.rule().default.is_some(),
        }
    }

    /// The applicability `fix` of a finding of `code` has after configuration: the kind the
    /// `[fix]` table gives the rule, else the fix's own.
    pub fn applicability(&self, code: Code, fix: Applicability) -> Applicability {
        self.fix.configured(code).unwrap_or(fix)
    }

    /// Applies the configuration to findings, once: configured severities and fix kinds, and
    /// drops the findings of rules that are off (by configuration or by default).
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain_mut(|d| {
            if let Some(severity) = self.configured(d.code).and_then(RuleLevel::severity) {
                d.severity = severity;
            }
            if let Some(fix) = d.fix.as_deref_mut() {
                fix.applicability = self.applicability(d.code, fix.applicability);
            }
            self.is_on(d.code)
        });
    }

    /// Codes in `rules` that name no known rule (to warn the user about typos).
    pub fn unknown_rule_codes(&self) -> Vec<&str> {
        self.rules
            .keys()
            .map(String::as_str)
            .filter(|c| *c != "syntax" && crate::rules::find(c).is_none())
            .collect()
    }
}

/// The `[fix]` table of `credsum.toml`: lists of rule codes (a `syntax-*` code or `syntax`
/// names the whole family) whose fixes take another applicability than their rule declares,
/// e.g. `unsafe = ["docs-placeholder"]`. An unknown code is an error naming its line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct FixConfig {
    /// Rules whose fixes `--fix` and the editor's "Fix all" apply.
    #[serde(deserialize_with = "rule_codes")]
    pub safe: Vec<String>,
    /// Rules whose fixes are applied only with `--unsafe-fixes`.
    #[serde(rename = "unsafe", deserialize_with = "rule_codes")]
    pub unsafe_: Vec<String>,
    /// Rules whose fixes are only offered in the editor, never applied by a command.
    #[serde(deserialize_with = "rule_codes")]
    pub display_only: Vec<String>,
}

impl FixConfig {
    /// The applicability configured for `code`'s fixes (its own code or its family's), if any;
    /// a code in several lists takes the most cautious.
    pub fn configured(&self, code: Code) -> Option<Applicability> {
        let names = |list: &[String]| {
            list.iter()
                .any(|c| c == code.as_str() || c == code.config_key())
        };
        [
            (Applicability::DisplayOnly, &self.display_only),
            (Applicability::Unsafe, &self.unsafe_),
            (Applicability::Safe, &self.safe),
        ]
        .into_iter()
        .find(|(_, list)| names(list))
        .map(|(kind, _)| kind)
    }
}

/// A list of rule codes, each a known one (the error names the closest, and the TOML reader
/// adds its line).
fn rule_codes<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let codes = Vec::<String>::deserialize(deserializer)?;
    if let Some(unknown) = codes
        .iter()
        .find(|c| *c != "syntax" && crate::rules::find(c).is_none())
    {
        let hint = crate::rules::closest_codes(unknown)
            .first()
            .map(|best| format!(" (did you mean `{best}`?)"))
            .unwrap_or_default();
        return Err(serde::de::Error::custom(format!(
            "unknown rule code `{unknown}` in [fix]{hint}"
        )));
    }
    Ok(codes)
}
