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

/// The candidate closest to `word`, if it is close enough to be a likely typo (at most about a
/// third of the word's length in edits) and no other candidate is equally close.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    if word.len() > 200 {
        return None;
    }
    let limit = (word.chars().count().max(3) * 2) / 3;
    let mut best: Option<(usize, &str)> = None;
    let mut tie = false;
    let word_len = word.chars().count();
    for candidate in candidates {
        // Each inserted or deleted char costs 2, so a length gap alone can rule a candidate out.
        if word_len.abs_diff(candidate.chars().count()) * 2 > limit {
            continue;
        }
        if bag_bound(word, candidate) > limit {
            continue;
        }
        let d = distance(word, candidate);
        match best {
            Some((bd, _)) if d > bd => {}
            Some((bd, _)) if d == bd => tie = true,
            _ => {
                best = Some((d, candidate));
                tie = false;
            }
        }
    }
    match best {
        Some((d, c)) if d <= limit && !tie => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::closest;

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
    fn stays_quiet_for_unrelated_words() {
        assert_eq!(closest("color", NAMES), None);
        assert_eq!(closest("x", NAMES), None);
        assert_eq!(closest(&"a".repeat(300), NAMES), None);
    }
}
