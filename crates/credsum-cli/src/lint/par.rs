//! A minimal parallel map on scoped threads over items handed over one at a time by a producer
//! (the walk): [`map_stream_sorted`], whose results come back sorted as asked.

use std::cmp::Ordering;
use std::sync::{mpsc, Mutex};

/// Items handed to a worker at a time: taking one from the shared queue costs a lock and a
/// cache line passed between cores, so workers take a few, and the last batch still leaves
/// no core idle for long.
const BATCH: usize = 16;

/// Maps `f` over the items that `produce` hands to its callback, on `available_parallelism`
/// workers that start at once, and returns the results that are `Some`, sorted by `order`:
/// each worker sorts its own share, and the shares are merged.
pub fn map_stream_sorted<T, R, F, O>(
    produce: impl FnOnce(&mut dyn FnMut(T)),
    f: F,
    order: O,
) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> Option<R> + Sync,
    O: Fn(&R, &R) -> Ordering + Sync,
{
    let (sender, receiver) = mpsc::channel::<Vec<T>>();
    // One worker waits in `recv` at a time; the others wait for the lock, held only while
    // taking a batch.
    let receiver = Mutex::new(receiver);
    let next = || {
        receiver
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .recv()
            .ok()
    };
    let shares: Vec<Vec<R>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..cores())
            .map(|_| {
                scope.spawn(|| {
                    let mut share = Vec::new();
                    while let Some(batch) = next() {
                        share.extend(batch.into_iter().filter_map(&f));
                    }
                    share.sort_unstable_by(&order);
                    share
                })
            })
            .collect();
        // A send fails only when every worker is gone, which only a panic does; the panic
        // is resumed below.
        let mut batch = Vec::with_capacity(BATCH);
        produce(&mut |item| {
            batch.push(item);
            if batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                drop(sender.send(full));
            }
        });
        if !batch.is_empty() {
            drop(sender.send(batch));
        }
        drop(sender);
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    merge(shares, order)
}

/// Merges sorted `shares` into one sorted list.
fn merge<R>(shares: Vec<Vec<R>>, order: impl Fn(&R, &R) -> Ordering) -> Vec<R> {
    let mut merged = Vec::with_capacity(shares.iter().map(Vec::len).sum());
    let mut heads: Vec<std::vec::IntoIter<R>> = shares.into_iter().map(Vec::into_iter).collect();
    loop {
        // The first of equal heads wins, so that equal items keep the order of the shares.
        let least = (0..heads.len())
            .filter_map(|i| heads[i].as_slice().first().map(|head| (i, head)))
            .min_by(|(_, a), (_, b)| order(a, b))
            .map(|(i, _)| i);
        match least.and_then(|i| heads[i].next()) {
            Some(item) => merged.push(item),
            None => return merged,
        }
    }
}

/// The number of threads to work on.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

#[cfg(test)]
mod tests {
    #[test]
    fn stream_maps_every_item_once_in_order() {
        let doubled = super::map_stream_sorted(
            |each| {
                for part in 0..4u32 {
                    (part..1000).step_by(4).rev().for_each(&mut *each);
                }
            },
            |x| (x % 3 != 0).then_some(x * 2),
            u32::cmp,
        );
        let expected: Vec<u32> = (0..1000).filter(|x| x % 3 != 0).map(|x| x * 2).collect();
        assert_eq!(doubled, expected);
        assert!(super::map_stream_sorted(|_| {}, |x: u32| Some(x), u32::cmp).is_empty());
    }

    #[test]
    fn merge_keeps_every_item() {
        let merged = super::merge(vec![vec![1, 4, 9], vec![], vec![2, 3, 10, 11]], u32::cmp);
        assert_eq!(merged, [1, 2, 3, 4, 9, 10, 11]);
    }
}
