//! "Did you mean" suggestions by edit distance.

/// Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), case-insensitive
/// letters counting as a half-step so `tenantid` prefers `tenantId`.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let cost = |x: char, y: char| -> usize {
        if x == y {
            0
        } else if x.to_lowercase().eq(y.to_lowercase()) {
            1
        } else {
            2
        }
    };
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i * 2;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j * 2;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let mut best = (d[(i - 1) * width + j] + 2)
                .min(d[i * width + j - 1] + 2)
                .min(d[(i - 1) * width + j - 1] + cost(a[i - 1], b[j - 1]));
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 2);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// A cheap lower bound of [`distance`] for ASCII words: letters (case-folded) one word has more
/// of than the other each need an edit costing 2. Non-ASCII words get 0 (no bound).
fn bag_bound(a: &str, b: &str) -> usize {
    if !a.is_ascii() || !b.is_ascii() {
        return 0;
    }
    let mut counts = [0i32; 128];
    for c in a.bytes() {
        counts[usize::from(c.to_ascii_lowercase())] += 1;
    }
    for c in b.bytes() {
        counts[usize::from(c.to_ascii_lowercase())] -= 1;
    }
    let (more, fewer) = counts.iter().fold(
        (0, 0),
        |(m, f), &c| if c > 0 { (m + c, f) } else { (m, f - c) },
    );
    more.max(fewer) as usize * 2
}

/// The most edits a candidate may be from `word` to count as a likely typo: about a third of
/// the word's length (each edit costs 2).
fn typo_limit(word: &str) -> usize {
    (word.chars().count().max(3) * 2) / 3
}

/// The distance of `candidate` from `word` when it is at most `limit`; cheap bounds rule most
/// candidates out before the distance is computed.
fn within(word: &str, candidate: &str, limit: usize) -> Option<usize> {
    // Each inserted or deleted char costs 2, so a length gap alone can rule a candidate out.
    if word.chars().count().abs_diff(candidate.chars().count()) * 2 > limit
        || bag_bound(word, candidate) > limit
    {
        return None;
    }
    Some(distance(word, candidate)).filter(|d| *d <= limit)
}

/// The candidate closest to `word`, if it is close enough to be a likely typo (at most about a
/// third of the word's length in edits) and no other candidate is equally close.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    if word.len() > 200 {
        return None;
    }
    let limit = typo_limit(word);
    let mut best: Option<(usize, &str)> = None;
    let mut tie = false;
    for candidate in candidates {
        let Some(d) = within(word, candidate, limit) else {
            continue;
        };
        match best {
            Some((bd, _)) if d > bd => {}
            Some((bd, _)) if d == bd => tie = true,
            _ => {
                best = Some((d, candidate));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, c)| c)
}

/// Up to `most` candidates close enough to `word` to be likely typos, the closest first (equally
/// close ones in their given order).
pub fn nearest<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    most: usize,
) -> Vec<&'c str> {
    if word.len() > 200 {
        return Vec::new();
    }
    let limit = typo_limit(word);
    let mut found: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| within(word, c, limit).map(|d| (d, c)))
        .collect();
    found.sort_by_key(|(d, _)| *d);
    found.into_iter().take(most).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::{closest, nearest};

    const NAMES: [&str; 4] = [
        "tenantId",
        "tenantDisplayName",
        "totalUserCount",
        "ssprEnabledUserCount",
    ];

    #[test]
    fn suggests_typos_and_case_slips() {
        assert_eq!(
            closest("tenantDisplayNme", NAMES),
            Some("tenantDisplayName")
        );
        assert_eq!(closest("tenantid", NAMES), Some("tenantId"));
        assert_eq!(closest("totalUsercount", NAMES), Some("totalUserCount"));
        assert_eq!(
            closest("ssprEnabeldUserCount", NAMES),
            Some("ssprEnabledUserCount")
        );
    }

    #[test]
    fn nearest_ranks_every_close_candidate() {
        assert_eq!(
            nearest("tenantDisplayNme", NAMES, 3),
            vec!["tenantDisplayName"]
        );
        assert_eq!(
            nearest("ab-c", ["ab-d", "xyz", "ab-c"], 3),
            vec!["ab-c", "ab-d"]
        );
        assert_eq!(nearest("ab-c", ["ab-d", "ab-c"], 1), vec!["ab-c"]);
        assert!(nearest("color", NAMES, 3).is_empty());
    }

    #[test]
    fn stays_quiet_for_unrelated_words() {
        assert_eq!(closest("color", NAMES), None);
        assert_eq!(closest("x", NAMES), None);
        assert_eq!(closest(&"a".repeat(300), NAMES), None);
    }
}
