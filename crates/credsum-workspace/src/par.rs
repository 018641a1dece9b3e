//! A minimal parallel map on scoped threads over items handed over one at a time by a producer
//! (the walk): [`map_stream`].

use std::sync::{mpsc, Mutex};

/// Items handed to a worker at a time: taking one from the shared queue costs a lock and a
/// cache line passed between cores, so workers take a few, and the last batch still leaves
/// no core idle for long.
const BATCH: usize = 16;

/// Maps `f` over the items that `produce` hands to its callback, on `available_parallelism`
/// workers that start at once, and returns the results that are `Some`, in no set order.
pub fn map_stream<T, R, F>(produce: impl FnOnce(&mut dyn FnMut(T)), f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> Option<R> + Sync,
{
    map_stream_on(cores(), produce, f)
}

/// [`map_stream`] on `workers` threads (at least one).
pub fn map_stream_on<T, R, F>(
    workers: usize,
    produce: impl FnOnce(&mut dyn FnMut(T)),
    f: F,
) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> Option<R> + Sync,
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
        let workers: Vec<_> = (0..workers.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut share = Vec::new();
                    while let Some(batch) = next() {
                        share.extend(batch.into_iter().filter_map(&f));
                    }
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
    shares.into_iter().flatten().collect()
}

/// The number of threads to work on.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

#[cfg(test)]
mod tests {
    #[test]
    fn stream_maps_every_item_once() {
        let mut doubled = super::map_stream(
            |each| {
                for part in 0..4u32 {
                    (part..1000).step_by(4).rev().for_each(&mut *each);
                }
            },
            |x| (x % 3 != 0).then_some(x * 2),
        );
        doubled.sort_unstable();
        let expected: Vec<u32> = (0..1000).filter(|x| x % 3 != 0).map(|x| x * 2).collect();
        assert_eq!(doubled, expected);
        assert!(super::map_stream(|_| {}, |x: u32| Some(x)).is_empty());
    }
}
