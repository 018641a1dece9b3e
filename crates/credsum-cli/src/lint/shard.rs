//! `--shard K/N`: a stable share of the files, chosen by an FNV-1a hash of each relative path,
//! so that N CI jobs each check a disjoint part and together check everything.

use std::fmt;
use std::str::FromStr;

/// The K-th (1-based) of N shards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// 1-based index of this shard.
    index: u64,
    /// Number of shards.
    count: u64,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let bad = || format!("expected K/N with 1 <= K <= N (e.g. 2/4), got `{text}`");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// Whether the file at `path` (relative, `/`-separated) belongs to this shard.
    pub fn contains(&self, path: &str) -> bool {
        fnv1a(path.as_bytes()) % self.count == self.index - 1
    }
}

/// The 64-bit FNV-1a hash: tiny, stable across platforms and releases (unlike `std`'s hasher).
fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_k_of_n() {
        assert_eq!("2/4".parse::<Shard>().unwrap().to_string(), "2/4");
        for bad in ["0/4", "5/4", "1/0", "1", "a/b", "1/2/3", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn shards_partition_the_paths() {
        let paths: Vec<String> = (0..500)
            .map(|i| format!("dir{}/file{i}.json", i % 7))
            .collect();
        let shards: Vec<Shard> = (1..=3).map(|k| format!("{k}/3").parse().unwrap()).collect();
        for path in &paths {
            let owners = shards.iter().filter(|s| s.contains(path)).count();
            assert_eq!(owners, 1, "{path}");
        }
        for shard in &shards {
            let share = paths.iter().filter(|p| shard.contains(p)).count();
            assert!((120..=215).contains(&share), "{shard}: {share}");
        }
    }
}
