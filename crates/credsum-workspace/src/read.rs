//! Reading a file whole, within a size limit, with as few system calls as a small file allows:
//! each checking thread reads into one reused buffer, and only a file that fills it is asked
//! for its size and given a buffer of its own.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fs::File;
use std::io::{self, ErrorKind, Read};

/// Bytes of the reused buffer: a request file almost always fits, and an oversized walked file
/// is judged by this much of its start.
pub const HEAD_BYTES: usize = 64 * 1024;

thread_local! {
    /// The reused read buffer of this thread, allocated at its first file.
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// What reading a file gave.
pub enum Contents<'b> {
    /// The whole file: borrowed from the reused buffer when it fit there.
    Whole(Cow<'b, [u8]>),
    /// More than the limit: the file's size when known, and its first bytes (at most
    /// [`HEAD_BYTES`]).
    TooLarge {
        /// The size, when the file has a real one; `None` for a file that grew while being
        /// read, or a device such as `/dev/zero`.
        size: Option<u64>,
        /// The start of the file.
        head: &'b [u8],
    },
}

/// Reads `file` (at most `limit` bytes plus one to notice more) and hands the contents to `f`.
/// A file that fits the reused buffer costs two `read` calls and no `stat`.
pub fn with_contents<R>(
    file: &mut File,
    limit: u64,
    f: impl FnOnce(io::Result<Contents<'_>>) -> R,
) -> R {
    BUFFER.with_borrow_mut(|buffer| {
        if buffer.is_empty() {
            buffer.resize(HEAD_BYTES, 0);
        }
        f(read_limited(file, buffer, limit))
    })
}

/// Fills `buffer` from the start of `file`, then reads the rest into a buffer of the file's
/// size when it did not fit.
fn read_limited<'b>(file: &mut File, buffer: &'b mut [u8], limit: u64) -> io::Result<Contents<'b>> {
    let filled = fill(file, buffer)?;
    let head = &buffer[..filled];
    let over = |n: usize| u64::try_from(n).unwrap_or(u64::MAX) > limit;
    if filled < buffer.len() {
        // The end of the file came first.
        return Ok(if over(filled) {
            Contents::TooLarge {
                size: u64::try_from(filled).ok(),
                head,
            }
        } else {
            Contents::Whole(Cow::Borrowed(head))
        });
    }
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(Contents::TooLarge {
            size: Some(size),
            head,
        });
    }
    if over(filled) {
        return Ok(Contents::TooLarge { size: None, head });
    }
    // Never more than the limit allows, whatever the size said: a file that grew since, or a
    // device named on the command line (`/dev/zero`), has no useful size.
    let capacity = usize::try_from(size)
        .unwrap_or(0)
        .max(filled)
        .saturating_add(1);
    let mut bytes = Vec::with_capacity(capacity);
    bytes.extend_from_slice(head);
    let rest = limit.saturating_add(1) - u64::try_from(filled).unwrap_or(0);
    file.take(rest).read_to_end(&mut bytes)?;
    if over(bytes.len()) {
        return Ok(Contents::TooLarge { size: None, head });
    }
    Ok(Contents::Whole(Cow::Owned(bytes)))
}

/// Reads into `buffer` until it is full or the file ends; the number of bytes read.
fn fill(file: &mut File, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// Reads a file of `len` bytes with `limit`: the whole length read, or the size reported.
    fn read(len: usize, limit: u64) -> Result<usize, (Option<u64>, usize)> {
        let mut tmp = tempfile::NamedTempFile::new().unwrap();
        let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        tmp.write_all(&data).unwrap();
        let mut file = File::open(tmp.path()).unwrap();
        with_contents(&mut file, limit, |contents| match contents.unwrap() {
            Contents::Whole(bytes) => {
                assert_eq!(&bytes[..], &data[..]);
                Ok(bytes.len())
            }
            Contents::TooLarge { size, head } => {
                assert_eq!(head, &data[..head.len()]);
                Err((size, head.len()))
            }
        })
    }

    #[test]
    fn small_and_large_files_are_read_whole() {
        assert_eq!(read(0, 100), Ok(0));
        assert_eq!(read(470, 1000), Ok(470));
        assert_eq!(read(HEAD_BYTES, 1 << 20), Ok(HEAD_BYTES));
        assert_eq!(read(3 * HEAD_BYTES + 7, 1 << 20), Ok(3 * HEAD_BYTES + 7));
    }

    #[test]
    fn files_over_the_limit_give_their_size_and_head() {
        assert_eq!(read(101, 100), Err((Some(101), 101)));
        assert_eq!(
            read(2 * HEAD_BYTES, 1000),
            Err((Some(2 * HEAD_BYTES as u64), HEAD_BYTES))
        );
        assert_eq!(read(100, 100), Ok(100));
    }

    #[test]
    #[cfg(unix)]
    fn a_device_without_a_size_stops_at_the_limit() {
        let mut zero = File::open("/dev/zero").unwrap();
        let limit = 3 * HEAD_BYTES as u64;
        let got = with_contents(&mut zero, limit, |contents| match contents.unwrap() {
            Contents::Whole(_) => panic!("/dev/zero read whole"),
            Contents::TooLarge { size, head } => (size, head.len()),
        });
        assert_eq!(got, (None, HEAD_BYTES));
    }
}
