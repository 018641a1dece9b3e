//! User configuration shared by `credsum.toml`, the CLI and the language server's settings:
//! which files are request files, rule severities, and size limits.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::rules::Code;
use crate::rules::Severity;

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

    /// Codes in `rules` that name no known rule (to warn the user about typos).
    pub fn unknown_rule_codes(&self) -> Vec<&str> {
        self.rules
            .keys()
            .map(String::as_str)
            .filter(|c| *c != "syntax" && crate::rules::find(c).is_none())
            .collect()
    }
}
