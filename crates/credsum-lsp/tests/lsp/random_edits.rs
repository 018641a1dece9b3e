//! 300 random incremental edits through `didChange`: after each, the diagnostics the server
//! publishes for that version equal what `Analyzer::analyze` says about the text rebuilt from
//! scratch.

use crate::support;

use credsum_analysis::{Analyzer, Config, FileKind};
use credsum_lsp::convert;
use credsum_syntax::line_index::{LineIndex, PositionEncoding};
use serde_json::{json, Value};
use support::{vscode_like, TestClient};

/// A tiny xorshift generator, seeded, so failures replay.
struct XorShift(u64);

impl XorShift {
    /// The next number.
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number below `n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces inserted by the edits: JSON punctuation, keys, values and wide characters.
const PIECES: &[&str] = &[
    "{",
    "}",
    "\"",
    ":",
    ",",
    " ",
    "\n",
    "1",
    "-5",
    "true",
    "null",
    "é",
    "😀",
    "コ",
    "\r\n",
    "\"totalUserCount\": ",
    "\"tenantDisplayNme\"",
    "\"enabled\"",
    "\"id\": \"x\",",
    "[",
    "]",
];

/// A char boundary of `text` at or below `at`, and not inside a `\r\n` (which no LSP
/// position can name).
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) || text[..at].ends_with('\r') && text[at..].starts_with('\n') {
        at -= 1;
    }
    at
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_incremental_edits_match_a_fresh_analysis() {
    let options = json!({"include": ["*.json"]});
    let config: Config = serde_json::from_value(options.clone()).unwrap();
    let analyzer = Analyzer::graph();
    let mut client = TestClient::start(Value::Null);
    client.initialize(vscode_like(), options).await;
    let uri = "file:///w/random.json";
    let mut text =
        String::from("{\n  \"tenantDisplayName\": \"😀 コントソ\",\n  \"totalUserCount\": 10\n}\n");
    client.open(uri, "json", &text).await;
    client.diagnostics(uri, Some(1)).await;
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for version in 2..302 {
        let index = LineIndex::new(&text);
        let a = boundary(&text, rng.below(text.len() + 1));
        let b = boundary(&text, a + rng.below(6));
        let (start, end) = (a.min(b), a.max(b));
        let insert = if rng.below(4) == 0 {
            ""
        } else {
            PIECES[rng.below(PIECES.len())]
        };
        let range = convert::range(
            &index,
            credsum_analysis::TextRange::new(start as u32, end as u32),
            PositionEncoding::Utf16,
        );
        text.replace_range(start..end, insert);
        client
            .notify(
                "textDocument/didChange",
                json!({
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"range": range, "text": insert}]
                }),
            )
            .await;
        let published = client.diagnostics(uri, Some(version)).await;
        let fresh_index = LineIndex::new(&text);
        let expected: Vec<Value> = analyzer
            .analyze(&text, FileKind::Json, &config)
            .iter()
            .map(|d| {
                serde_json::to_value(convert::diagnostic(
                    &fresh_index,
                    d,
                    PositionEncoding::Utf16,
                ))
                .unwrap()
            })
            .collect();
        assert_eq!(
            published["diagnostics"],
            Value::Array(expected),
            "after edit {version}, text {text:?}"
        );
    }
}
