//! Editor help on the variables of `.http` files (`@host = https://graph.microsoft.com`, used
//! as `{{host}}`): completion inside `{{` of every file variable (its value as detail), every
//! environment variable (its value per environment) and the system variables of
//! [`crate::http_vars`]' catalogue; go to definition (the `@name` line, or the key in an
//! environment file), hover (a value, or one per environment), find references, rename (every `{{name}}` and the `@name`
//! line), and the variables as document symbols. File variables are file-wide, as REST Client,
//! the JetBrains HTTP Client and httpyac read them: a use may come before its definition; with
//! two definitions of one name, a use goes to the last one before it (else the first after).

use std::collections::BTreeMap;

use credsum_syntax::http::{parse_http_range, variable_refs, FileVariable};
use credsum_syntax::TextRange;

use crate::analyzer::{Analyzer, FileKind};
use crate::completion::{Completion, CompletionKind};
use crate::diagnostic::Edit;
use crate::hover::Hover;
use crate::http_vars::{system_variable, Definition, Environments, SYSTEM_VARIABLES};
use crate::outline::{shorten, Symbol, SymbolKind};

/// The file variables and `{{…}}` uses of a request file.
struct Variables {
    /// The `@name = value` lines, in text order.
    defined: Vec<FileVariable>,
    /// Every `{{…}}` use: the braces, and the name inside them (trimmed).
    uses: Vec<Use>,
}

/// A `{{name}}` in the text.
#[derive(Clone, Copy)]
struct Use {
    /// The name between the braces, without surrounding blanks.
    name: TextRange,
}

/// `text[range]`, or empty when the range is not in it.
fn slice(text: &str, range: TextRange) -> &str {
    text.get(range.as_usize()).unwrap_or("")
}

/// The bytes a variable name may hold: letters, digits, `_`, `-`, `.` and `$` (system
/// variables, request variables `login.response.body.$.id`).
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'$')
}

impl Variables {
    /// The variables of every request region of `text`.
    fn of(analyzer: &Analyzer, text: &str, kind: FileKind) -> Variables {
        let mut defined = Vec::new();
        let mut uses = Vec::new();
        for region in analyzer.request_regions(text, kind) {
            defined.extend(parse_http_range(text, region).variables);
            uses.extend(variable_refs(text, region).into_iter().map(|braces| {
                let inner = TextRange::new(braces.start + 2, braces.end - 2);
                let s = slice(text, inner);
                let start = inner.start + (s.len() - s.trim_start().len()) as u32;
                Use {
                    name: TextRange::new(start, start + s.trim().len() as u32),
                }
            }));
        }
        Variables { defined, uses }
    }

    /// The name under `offset`: of a `{{name}}` use or of an `@name` line.
    fn name_at<'t>(&self, text: &'t str, offset: u32) -> Option<&'t str> {
        let at = |r: &TextRange| r.contains_inclusive(offset);
        self.uses
            .iter()
            .map(|u| u.name)
            .chain(self.defined.iter().map(|v| v.name))
            .find(at)
            .map(|r| slice(text, r))
            .filter(|n| !n.is_empty())
    }

    /// The definition a use of `name` at `offset` refers to: the last one before it, else the
    /// first after.
    fn definition(&self, text: &str, name: &str, offset: u32) -> Option<&FileVariable> {
        let mut named = self.defined.iter().filter(|v| slice(text, v.name) == name);
        let first = named.clone().next();
        named.rfind(|v| v.name.start <= offset).or(first)
    }

    /// Every range naming `name`: the `@name` of each definition and each use's name.
    fn mentions(&self, text: &str, name: &str) -> Vec<TextRange> {
        let mut out: Vec<TextRange> = self
            .defined
            .iter()
            .map(|v| v.name)
            .chain(self.uses.iter().map(|u| u.name))
            .filter(|r| slice(text, *r) == name)
            .collect();
        out.sort_by_key(|r| r.start);
        out
    }
}

/// The `{{` the cursor at `offset` is inside (on the same line, not closed before the
/// cursor): the range of the name being typed, from after `{{` and any blanks to the end of
/// the name's bytes after the cursor.
fn typing_in_braces(text: &str, offset: u32) -> Option<TextRange> {
    let line_start = text
        .get(..offset as usize)?
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let before = text.get(line_start..offset as usize)?;
    let open = before.rfind("{{")?;
    let typed = before.get(open + 2..)?;
    if typed.contains("}}") || !typed.trim_start().bytes().all(is_name_byte) {
        return None;
    }
    let start = (line_start + open + 2 + (typed.len() - typed.trim_start().len())) as u32;
    let after = text.get(offset as usize..).unwrap_or("");
    let end = offset as usize + after.bytes().take_while(|&b| is_name_byte(b)).count();
    Some(TextRange::new(start, end as u32))
}

impl Analyzer {
    /// Completions inside `{{` at `offset` of a file without environments (see
    /// [`Analyzer::variable_completions_in`]); `None` when the cursor is not inside `{{`.
    pub(crate) fn variable_completions(
        &self,
        text: &str,
        kind: FileKind,
        offset: u32,
    ) -> Option<Vec<Completion>> {
        self.variable_completions_in(text, kind, offset, &Environments::default())
    }

    /// Completions inside `{{` at `offset`: every file variable (each name once, the value of
    /// its last definition as detail), then every variable of `environments` the file does not
    /// define (its value in each environment as detail), then the system variables (what each
    /// produces as detail, its arguments and clients as documentation); `None` when the cursor
    /// is not inside `{{`.
    pub fn variable_completions_in(
        &self,
        text: &str,
        kind: FileKind,
        offset: u32,
        environments: &Environments,
    ) -> Option<Vec<Completion>> {
        let replace = typing_in_braces(text, offset)?;
        let vars = Variables::of(self, text, kind);
        let mut file: Vec<(&str, String)> = Vec::new();
        for v in vars.defined.iter().rev() {
            let name = slice(text, v.name);
            if !name.is_empty() && !file.iter().any(|(n, _)| *n == name) {
                file.push((name, slice(text, v.value).to_owned()));
            }
        }
        file.sort_unstable();
        let mut env: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (env_name, environment) in &environments.environments {
            for (name, variable) in &environment.variables {
                if !file.iter().any(|(n, _)| n == name) {
                    let value = shorten(&variable.value);
                    env.entry(name)
                        .or_default()
                        .push(format!("{env_name}: {value}"));
                }
            }
        }
        let system = SYSTEM_VARIABLES.iter().map(|v| {
            let gap = if v.arguments.starts_with('(') {
                ""
            } else {
                " "
            };
            let call = format!("{}{gap}{}", v.name, v.arguments);
            let doc = format!("`{{{{{}}}}}` in {}", call.trim_end(), v.clients);
            (v.name, v.produces.to_owned(), Some(doc))
        });
        let all = file
            .into_iter()
            .map(|(name, value)| (name, value, None))
            .chain(
                env.into_iter()
                    .map(|(name, values)| (name, values.join(" · "), None)),
            )
            .chain(system);
        let out = all
            .enumerate()
            .map(|(i, (name, detail, documentation))| {
                let mut c = Completion::new(name, CompletionKind::Variable, name, replace, i);
                c.detail = Some(detail);
                c.documentation = documentation;
                c
            })
            .collect();
        Some(out)
    }

    /// Where the environment variable used at `offset` is defined (an environment file's key),
    /// when the file does not define the name itself: in environment `selected`, else in the
    /// first environment (by name) that defines it.
    pub fn environment_definition<'e>(
        &self,
        text: &str,
        kind: FileKind,
        offset: u32,
        environments: &'e Environments,
        selected: Option<&str>,
    ) -> Option<&'e Definition> {
        let vars = Variables::of(self, text, kind);
        let name = vars.name_at(text, offset)?;
        if vars.definition(text, name, offset).is_some() {
            return None;
        }
        let mut defining = environments
            .environments
            .iter()
            .filter(|(env, _)| selected.is_none_or(|s| s == env.as_str()))
            .filter_map(|(_, e)| e.get(name));
        defining.next()?.definition.as_ref()
    }

    /// The hover on a `{{name}}` at `offset`: a file variable's value (its last definition
    /// before the use), an environment variable's value in each of `environments`, or what a
    /// system variable produces; `None` elsewhere and for a name defined nowhere (its
    /// `undefined-variable` warning says so).
    pub fn variable_hover(
        &self,
        text: &str,
        kind: FileKind,
        offset: u32,
        environments: &Environments,
    ) -> Option<Hover> {
        let vars = Variables::of(self, text, kind);
        let used = vars
            .uses
            .iter()
            .find(|u| u.name.contains_inclusive(offset))?;
        let name = slice(text, used.name);
        let markdown = if let Some(v) = vars.definition(text, name, offset) {
            format!(
                "**`{{{{{name}}}}}`**: file variable\n\n`{}`",
                slice(text, v.value)
            )
        } else if environments.defines(name) {
            let values: Vec<String> = environments
                .environments
                .iter()
                .map(|(env, e)| match e.get(name) {
                    Some(v) => format!("- `{env}`: `{}`", shorten(&v.value)),
                    None => format!("- `{env}`: not defined"),
                })
                .collect();
            format!(
                "**`{{{{{name}}}}}`**: environment variable\n\n{}",
                values.join("\n")
            )
        } else {
            let (system, _) = system_variable(name)?;
            format!(
                "**`{{{{{}}}}}`**: system variable, {} ({})",
                system.name, system.produces, system.clients
            )
        };
        Some(Hover {
            markdown,
            range: used.name,
        })
    }

    /// The `@name` of the file variable a `{{name}}` at `offset` uses (or of the `@name` line
    /// under the cursor).
    pub fn variable_definition(
        &self,
        text: &str,
        kind: FileKind,
        offset: u32,
    ) -> Option<TextRange> {
        let (vars, name) = self.file_variable_at(text, kind, offset)?;
        vars.definition(text, name, offset).map(|v| v.name)
    }

    /// The variables of `text` and the name of the file variable under `offset`: a use or an
    /// `@name` of a name some `@name` line defines.
    fn file_variable_at<'t>(
        &self,
        text: &'t str,
        kind: FileKind,
        offset: u32,
    ) -> Option<(Variables, &'t str)> {
        let vars = Variables::of(self, text, kind);
        let name = vars.name_at(text, offset)?;
        vars.definition(text, name, offset)?;
        Some((vars, name))
    }

    /// Every mention of the file variable under `offset` (uses, and its `@name` lines when
    /// `with_definitions`), in text order; empty when no file variable of that name exists.
    pub fn variable_references(
        &self,
        text: &str,
        kind: FileKind,
        offset: u32,
        with_definitions: bool,
    ) -> Vec<TextRange> {
        let Some((vars, name)) = self.file_variable_at(text, kind, offset) else {
            return Vec::new();
        };
        let defined: Vec<TextRange> = vars.defined.iter().map(|v| v.name).collect();
        vars.mentions(text, name)
            .into_iter()
            .filter(|r| with_definitions || !defined.contains(r))
            .collect()
    }

    /// The name range a rename at `offset` starts from: a file variable's `@name` or use.
    pub fn prepare_variable_rename(
        &self,
        text: &str,
        kind: FileKind,
        offset: u32,
    ) -> Option<TextRange> {
        let (vars, name) = self.file_variable_at(text, kind, offset)?;
        vars.mentions(text, name)
            .into_iter()
            .find(|r| r.contains_inclusive(offset))
    }

    /// The edits renaming the file variable under `offset` to `new_name` (its `@name` lines and
    /// every use); `Err` with the reason when `new_name` is not a variable name or is taken,
    /// `Ok(None)` when no file variable is under the cursor.
    pub fn rename_variable(
        &self,
        text: &str,
        kind: FileKind,
        offset: u32,
        new_name: &str,
    ) -> Result<Option<Vec<Edit>>, String> {
        let Some((vars, name)) = self.file_variable_at(text, kind, offset) else {
            return Ok(None);
        };
        let valid = !new_name.is_empty()
            && !new_name.starts_with('$')
            && new_name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !valid {
            return Err(format!(
                "`{new_name}` is not a file variable name: use letters, digits, `_` and `-`"
            ));
        }
        if new_name != name && vars.defined.iter().any(|v| slice(text, v.name) == new_name) {
            return Err(format!("a file variable `{new_name}` exists already"));
        }
        let edits = vars
            .mentions(text, name)
            .into_iter()
            .map(|range| Edit {
                range,
                new_text: new_name.to_owned(),
            })
            .collect();
        Ok(Some(edits))
    }

    /// The file variables of `text` as document symbols (`@name`, the value as detail).
    pub(crate) fn variable_symbols(&self, text: &str, kind: FileKind) -> Vec<Symbol> {
        Variables::of(self, text, kind)
            .defined
            .iter()
            .map(|v| Symbol {
                name: format!("@{}", slice(text, v.name)),
                detail: Some(shorten(slice(text, v.value))),
                kind: SymbolKind::Variable,
                range: v.range,
                selection_range: v.name,
                children: Vec::new(),
            })
            .collect()
    }
}
