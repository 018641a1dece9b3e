//! What `credsum lint` owes the files it is handed: an `--output-file` that is one of them is
//! refused before anything is read, the shard of a file does not depend on how its path was
//! written, JSON files a walk skipped are counted aloud, and a bad `credsum.toml` is named
//! with its line.

use std::path::Path;

use credsum_analysis::{Analyzer, FileKind};
use credsum_workspace::paths::FileId;
use credsum_workspace::walk::{self, is_glob, Candidate, Delivery};
use credsum_workspace::Workspace;

/// The files to check, listed ahead (when the output file exists, to compare them with it).
pub struct Listed {
    /// The files, in walk order.
    pub candidates: Vec<Candidate>,
    /// The entries the walk could not read.
    pub warnings: Vec<String>,
}

/// Refuses an `output` that is one of the files `paths` name (by any name: a hard or symbolic
/// link, `./`), before any is read. When the output exists and the arguments walk folders, the
/// walk's list is returned for the run to check: a walked file that is the output is refused
/// if it would be checked, else left out (an earlier report, which the new one replaces).
pub fn refuse_output_among_inputs(
    output: &Path,
    paths: &[String],
    kind: Option<FileKind>,
    workspace: &Workspace,
    only_requests: bool,
) -> Result<Option<Listed>, String> {
    let Some(id) = FileId::of(output) else {
        return Ok(None);
    };
    let refuse = |input: &Path| {
        format!(
            "--output-file {} is the input {} (the same file): the report would replace it; write the report elsewhere",
            output.display(),
            input.display()
        )
    };
    for arg in paths.iter().filter(|arg| !is_glob(arg)) {
        if FileId::of(Path::new(arg)).as_ref() == Some(&id) {
            return Err(refuse(Path::new(arg)));
        }
    }
    let walks = paths
        .iter()
        .any(|arg| is_glob(arg) || Path::new(arg).is_dir());
    if !walks {
        return Ok(None);
    }
    let mut candidates = Vec::new();
    let warnings = walk::discover(
        paths,
        kind,
        workspace,
        only_requests,
        Delivery::AfterWalk,
        &mut |candidate| candidates.push(candidate),
    )?;
    let mut refused = None;
    candidates.retain(|candidate| {
        if FileId::of(&candidate.path).as_ref() != Some(&id) {
            return true;
        }
        if would_check(candidate) {
            refused = Some(candidate.path.clone());
        }
        false
    });
    match refused {
        Some(path) => Err(refuse(&path)),
        None => Ok(Some(Listed {
            candidates,
            warnings,
        })),
    }
}

/// Whether the walk's `candidate` (the existing output file) would be checked: named and
/// included files always are, a walked one if its text is a request file (an earlier report
/// is not, and is simply replaced).
fn would_check(candidate: &Candidate) -> bool {
    if !candidate.origin.must_sniff() {
        return true;
    }
    let text = std::fs::read(&candidate.path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    candidate
        .origin
        .is_request(&Analyzer::graph(), &text, candidate.kind)
}

/// The key `--shard` hashes: the path relative to the workspace root, `/`-separated, the
/// same however the path was written (`./a.json`, `a.json`, `/abs/root/a.json`).
pub fn shard_key(workspace: &Workspace, path: &Path) -> String {
    let relative = workspace
        .relative(path)
        .unwrap_or_else(|| path.to_path_buf());
    crate::lint::paths::display(&relative)
}

/// The note on walked JSON files that were not request files.
pub fn skipped_message(count: usize) -> String {
    let files = if count == 1 { "file" } else { "files" };
    format!(
        "skipped {count} JSON {files} without `@odata.type`; name them, or add them to `include`"
    )
}

/// The usage error for the unknown rule `code` in the `[rules]` table of `file`, with the line
/// it is on (and the closest known code).
pub fn unknown_rule_error(file: &Path, code: &str) -> String {
    let closest = credsum_analysis::rules::closest_codes(code);
    let hint = match closest.first() {
        Some(best) => format!("did you mean `{best}`? "),
        None => String::new(),
    };
    let at = std::fs::read_to_string(file)
        .ok()
        .and_then(|text| rule_line(&text, code))
        .map_or_else(String::new, |line| format!(":{line}"));
    format!(
        "invalid {}{at}: unknown rule code `{code}` in [rules] ({hint}the codes are listed in {})",
        file.display(),
        credsum_analysis::rules::DOCS_URL
    )
}

/// The 1-based line of the key `code` in the `[rules]` table of the TOML `text` (bare,
/// quoted or dotted as `rules.code`).
fn rule_line(text: &str, code: &str) -> Option<usize> {
    let mut table = String::new();
    for (at, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[') {
            table = header.trim_end_matches(']').trim().to_owned();
            continue;
        }
        let Some((key, _)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        let key = match table.as_str() {
            "rules" => key,
            "" => match key.strip_prefix("rules.") {
                Some(rest) => rest,
                None => continue,
            },
            _ => continue,
        };
        if key.trim_matches(['"', '\'']) == code {
            return Some(at + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_of_a_rule_key() {
        let text = "include = []\n[rules]\nfoo = \"off\"\n\"bar\" = \"warn\"\n[other]\nbaz = 1\n";
        assert_eq!(rule_line(text, "foo"), Some(3));
        assert_eq!(rule_line(text, "bar"), Some(4));
        assert_eq!(rule_line(text, "baz"), None);
        assert_eq!(rule_line("rules.qux = \"off\"\n", "qux"), Some(1));
    }
}
