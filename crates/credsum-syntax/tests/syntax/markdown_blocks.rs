//! Tests of `markdown`: fenced code blocks and their Graph-docs metadata comments.

use credsum_syntax::markdown::{code_blocks, is_language, FencedBlock};
use insta::assert_snapshot;
use proptest::prelude::*;

use crate::hang_guard::within_hang_guard;
use crate::support;

use support::{show, show_opt};

/// Finds the blocks of `text` and renders each on a few lines.
fn check(text: &str) -> String {
    let mut out = String::new();
    for b in code_blocks(text) {
        out += &format!(
            "block {} -> {}\n",
            show(text, b.open_fence),
            show_opt(text, b.close_fence)
        );
        out += &format!(
            "  info {} lang {}\n",
            show(text, b.info),
            show_opt(text, b.language)
        );
        out += &format!("  content {}\n", show(text, b.content));
        if b.metadata.is_some() {
            out += &format!("  metadata {}\n", show_opt(text, b.metadata));
        }
    }
    out
}

#[test]
fn graph_docs_request_and_response() {
    let text = r#"# Update credentialUserRegistrationsSummary

### Request

<!-- {
  "blockType": "request",
  "name": "update_credentialuserregistrationssummary"
}
-->

``` http
PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{id}
Content-Type: application/json

{
  "mfaRegisteredUserCount": 10
}
```

### Response
<!-- { "blockType": "response", "truncated": true } -->
```http
HTTP/1.1 204 No Content
```
"#;
    assert_snapshot!(check(text), @r#"
    block "```"@152..155 -> "```"@344..347
      info "http"@156..160 lang "http"@156..160
      content "PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{id}\nContent-Type: application/json\n\n{\n  \"mfaRegisteredUserCount\": 10\n}\n"@161..344
      metadata "{\n  \"blockType\": \"request\",\n  \"name\": \"update_credentialuserregistrationssummary\"\n}"@63..146
    block "```"@418..421 -> "```"@450..453
      info "http"@421..425 lang "http"@421..425
      content "HTTP/1.1 204 No Content\n"@426..450
      metadata "{ \"blockType\": \"response\", \"truncated\": true }"@367..413
    "#);
}

#[test]
fn crlf_tildes_and_longer_fences() {
    let text = "~~~~json  title=\"x\"\r\n{}\r\n~~~\r\n~~~~~  \r\nafter\r\n````\r\n```\r\n````\r\n";
    assert_snapshot!(check(text), @r#"
    block "~~~~"@0..4 -> "~~~~~"@30..35
      info "json  title=\"x\""@4..19 lang "json"@4..8
      content "{}\r\n~~~\r\n"@21..30
    block "````"@46..50 -> "````"@57..61
      info ""@50..50 lang -
      content "```\r\n"@52..57
    "#);
}

#[test]
fn indentation_up_to_three_spaces() {
    let text = "   ```http\n   GET /\n   ```\n    ```http\n    not a fence\n    ```\n";
    assert_snapshot!(check(text), @r#"
    block "```"@3..6 -> "```"@23..26
      info "http"@6..10 lang "http"@6..10
      content "   GET /\n"@11..20
    "#);
}

#[test]
fn backtick_info_cannot_hold_a_backtick() {
    let text = "``` a`b\nnot a block\n~~~ a`b\ntilde block\n~~~\n";
    assert_snapshot!(check(text), @r#"
    block "~~~"@20..23 -> "~~~"@40..43
      info "a`b"@24..27 lang "a`b"@24..27
      content "tilde block\n"@28..40
    "#);
}

#[test]
fn closing_fence_must_match() {
    let text = "```\n~~~\n``\n```x\n ```` \n";
    assert_snapshot!(check(text), @r#"
    block "```"@0..3 -> "````"@17..21
      info ""@3..3 lang -
      content "~~~\n``\n```x\n"@4..16
    "#);
}

#[test]
fn unterminated_blocks_run_to_the_end() {
    assert_snapshot!(check("text\n```json\n{\"a\": 1}\n"), @r#"
    block "```"@5..8 -> -
      info "json"@8..12 lang "json"@8..12
      content "{\"a\": 1}\n"@13..22
    "#);
    assert_snapshot!(check("```"), @r#"
    block "```"@0..3 -> -
      info ""@3..3 lang -
      content ""@3..3
    "#);
    assert_snapshot!(check("```http\r\n"), @r#"
    block "```"@0..3 -> -
      info "http"@3..7 lang "http"@3..7
      content ""@9..9
    "#);
}

#[test]
fn metadata_only_when_nothing_but_blank_lines_between() {
    let text = "<!-- a -->\nprose\n```\n```\n<!-- b --> tail\n```\n```\n  <!-- c -->\n\n\n```\n```\n<!-- d -->\n\n# Heading\n```\n```\n";
    assert_snapshot!(check(text), @r#"
    block "```"@17..20 -> "```"@21..24
      info ""@20..20 lang -
      content ""@21..21
    block "```"@41..44 -> "```"@45..48
      info ""@44..44 lang -
      content ""@45..45
    block "```"@64..67 -> "```"@68..71
      info ""@67..67 lang -
      content ""@68..68
      metadata "c"@56..57
    block "```"@94..97 -> "```"@98..101
      info ""@97..97 lang -
      content ""@98..98
    "#);
}

#[test]
fn fences_inside_comments_are_not_blocks() {
    let text = "<!--\n```http\nGET /\n```\n-->\n```json\n{}\n```\n<!-- never closed\n```\n```\n";
    assert_snapshot!(check(text), @r#"
    block "```"@27..30 -> "```"@38..41
      info "json"@30..34 lang "json"@30..34
      content "{}\n"@35..38
      metadata "```http\nGET /\n```"@5..22
    "#);
}

#[test]
fn empty_and_odd_inputs() {
    assert_snapshot!(check(""), @"");
    assert_snapshot!(check("``\n` ` `\n~~\n"), @"");
    assert_snapshot!(check("```\u{301}é 😀\n中\n```"), @r#"
    block "```"@0..3 -> "```"@17..20
      info "\u{301}é 😀"@3..12 lang "\u{301}é"@3..7
      content "中\n"@13..17
    "#);
}

#[test]
fn language_matching_ignores_ascii_case() {
    let text = "``` HTTP extra\n```\n```\n```\n";
    let blocks = code_blocks(text);
    let verdicts: Vec<bool> = blocks
        .iter()
        .flat_map(|b: &FencedBlock| [is_language(text, b, "http"), is_language(text, b, "json")])
        .collect();
    assert_eq!(verdicts, [true, false, false, false]);
}

#[test]
fn large_inputs_stay_linear() {
    let mut text = "<!-- {\"blockType\": \"request\"} -->\n``` http\n".to_string();
    while text.len() < 1_000_000 {
        text.push_str("``` not a closing fence\n<!-- -- ->\n");
    }
    let comments = "<!--".repeat(250_000);
    within_hang_guard(move || {
        let blocks = code_blocks(&text);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].content.end as usize, text.len());
        assert!(code_blocks(&comments).is_empty());
    });
}

fn markdown_like_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "(```|~~~|`|~| |http|json|<!--|-->|\r\n|\n|\r|[a-z]|é|😀)*",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn any_input_gives_ordered_ranges_on_char_boundaries(text in markdown_like_text()) {
        let blocks = code_blocks(&text);
        let mut last_end = 0;
        for b in &blocks {
            let ranges = [b.info, b.open_fence, b.content].into_iter().chain(b.close_fence).chain(b.language).chain(b.metadata);
            for r in ranges {
                prop_assert!(text.get(r.as_usize()).is_some(), "{r:?}");
            }
            prop_assert!(b.open_fence.start >= last_end);
            prop_assert!(b.open_fence.end <= b.info.start && b.info.end <= b.content.start);
            if let Some(lang) = b.language {
                prop_assert!(b.info.contains_range(lang) && lang.start == b.info.start);
            }
            let end = b.close_fence.map_or(b.content.end, |c| c.end);
            prop_assert!(b.content.end <= end);
            last_end = end;
        }
    }

    #[test]
    fn written_blocks_are_found_again(
        blocks in proptest::collection::vec((
            "[ ]{0,3}",
            prop_oneof![Just('`'), Just('~')],
            3usize..6,
            "[a-z]{0,6}( [a-z=\"]{0,8})?",
            "([a-z{}\": ]{0,12}\n){0,3}",
            proptest::option::of("[a-z{}\": ]{1,20}"),
        ), 0..4),
        newline in prop_oneof![Just("\n"), Just("\r\n")],
    ) {
        let mut text = String::new();
        for (indent, fence_char, len, info, content, metadata) in &blocks {
            if let Some(m) = metadata {
                text += &format!("<!-- {m} -->{newline}{newline}");
            }
            let fence: String = std::iter::repeat_n(*fence_char, *len).collect();
            text += &format!("{indent}{fence}{info}{newline}{}{fence}{newline}para{newline}", content.replace('\n', newline));
        }
        let found = code_blocks(&text);
        prop_assert_eq!(found.len(), blocks.len());
        for (b, (_, _, _, info, content, metadata)) in found.iter().zip(&blocks) {
            prop_assert_eq!(&text[b.info.as_usize()], info.trim());
            prop_assert_eq!(&text[b.content.as_usize()], content.replace('\n', newline));
            prop_assert_eq!(b.metadata.map(|m| text[m.as_usize()].to_string()), metadata.as_ref().map(|m| m.trim().to_string()));
            let lang = info.trim().split(' ').next().filter(|l| !l.is_empty());
            prop_assert_eq!(b.language.map(|l| &text[l.as_usize()]), lang);
        }
    }
}
