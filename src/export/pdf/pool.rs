//! The bounded pool the PDF editions are typeset in: at most one edition per core, and only as
//! many at once as their estimated layout memory fits the budget.
//!
//! The workers are threads of their own, not rayon's: typst and the PDF writer run parallel work
//! on rayon, and a rayon worker waiting for it picks up whatever else is queued, the next edition
//! included. The pool then held every edition it had started at once (issue 13: five "one at a
//! time" editions of a 600-page book peaked at 3.1 GB, each started inside the last's PDF writer).

use std::sync::{Condvar, Mutex};

/// Runs `work` on every item, largest `cost` first, on up to `threads` threads, starting an item
/// only while the costs of the items in flight fit `budget` (one item always runs, however
/// large). A smaller item may start beside a larger one that does not fit. Returns the results
/// in the order of `items`.
pub(super) fn run<T: Send, R: Send>(
    items: Vec<T>,
    cost: impl Fn(&T) -> u64,
    budget: u64,
    threads: usize,
    work: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let n = items.len();
    let mut queue: Vec<(usize, u64, T)> = items
        .into_iter()
        .enumerate()
        .map(|(i, t)| (i, cost(&t), t))
        .collect();
    queue.sort_by_key(|(i, c, _)| (std::cmp::Reverse(*c), *i));
    let state = Mutex::new(State {
        queue: queue.into_iter().map(Some).collect(),
        in_flight: 0,
        running: 0,
    });
    let wake = Condvar::new();
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..n).map(|_| None).collect());
    crate::memory::give_back();
    let worker = || loop {
        let Some((i, c, item)) = next(&state, &wake, budget) else {
            return;
        };
        let r = work(item);
        crate::memory::give_back();
        lock(&results)[i] = Some(r);
        let mut s = lock(&state);
        s.in_flight -= c;
        s.running -= 1;
        wake.notify_all();
    };
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, n.max(1)) {
            scope.spawn(worker);
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.into_iter().flatten().collect()
}

struct State<T> {
    /// Largest first; `None` once taken.
    queue: Vec<Option<(usize, u64, T)>>,
    in_flight: u64,
    running: usize,
}

/// The next item that fits, waiting while none does; `None` when the queue is empty.
fn next<T>(state: &Mutex<State<T>>, wake: &Condvar, budget: u64) -> Option<(usize, u64, T)> {
    let mut s = lock(state);
    loop {
        if s.queue.iter().all(Option::is_none) {
            return None;
        }
        let (in_flight, running) = (s.in_flight, s.running);
        let fits = |c: u64| running == 0 || in_flight.saturating_add(c) <= budget;
        if let Some(slot) = s
            .queue
            .iter_mut()
            .find(|q| q.as_ref().is_some_and(|(_, c, _)| fits(*c)))
        {
            let taken = slot.take();
            if let Some((_, c, _)) = &taken {
                s.in_flight += c;
                s.running += 1;
            }
            return taken;
        }
        s = wake.wait(s).unwrap_or_else(|e| e.into_inner());
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn results_come_back_in_the_order_of_the_items() {
        let out = run(vec![3u64, 9, 1, 5], |c| *c, u64::MAX, 3, |c| c * 10);
        assert_eq!(out, vec![30, 90, 10, 50]);
    }

    // Issue 13: the items in flight never exceed the budget, except one item alone.
    #[test]
    fn the_items_in_flight_fit_the_budget_issue_13() {
        let in_flight = AtomicU64::new(0);
        let peak = AtomicU64::new(0);
        let items = vec![60u64, 50, 30, 20, 10, 10];
        run(
            items,
            |c| *c,
            70,
            4,
            |c| {
                let now = in_flight.fetch_add(c, Ordering::SeqCst) + c;
                peak.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(20));
                in_flight.fetch_sub(c, Ordering::SeqCst);
            },
        );
        let peak = peak.load(Ordering::SeqCst);
        assert!(peak <= 70, "peak {peak}");
        // the 60 ran beside the 10s: the pool did not fall back to one at a time
        assert!(peak > 60, "peak {peak}");
    }

    #[test]
    fn an_item_larger_than_the_budget_still_runs_alone() {
        let running = AtomicU64::new(0);
        let out = run(
            vec![500u64, 400, 1],
            |c| *c,
            100,
            3,
            |c| {
                let r = running.fetch_add(1, Ordering::SeqCst);
                if c >= 400 {
                    assert_eq!(r, 0, "{c} started beside another item");
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
                running.fetch_sub(1, Ordering::SeqCst);
                c
            },
        );
        assert_eq!(out, vec![500, 400, 1]);
    }

    // A rayon worker that waits for another pool (typst's and the PDF writer's parallel work)
    // steals queued work meanwhile: run on a rayon pool, one thread started every item at once.
    fn most_at_once(run_items: impl Fn(&(dyn Fn() + Sync))) -> u64 {
        let other = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let running = AtomicU64::new(0);
        let most = AtomicU64::new(0);
        let item = || {
            let r = running.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(r, Ordering::SeqCst);
            other.install(|| std::thread::sleep(std::time::Duration::from_millis(20)));
            running.fetch_sub(1, Ordering::SeqCst);
        };
        run_items(&item);
        most.load(Ordering::SeqCst)
    }

    #[test]
    fn an_item_waiting_for_another_pool_does_not_start_the_next_issue_13() {
        let pooled = most_at_once(|item: &(dyn Fn() + Sync)| {
            run(vec![1u64; 4], |_| 1, u64::MAX, 1, |_| item());
        });
        assert_eq!(pooled, 1);
        // the way it was: a rayon pool of one thread
        let rayon_pool = most_at_once(|item: &(dyn Fn() + Sync)| {
            use rayon::prelude::*;
            let p = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .unwrap();
            p.install(|| vec![1u64; 4].par_iter().for_each(|_| item()));
        });
        assert!(rayon_pool > 1, "the rayon pool ran {rayon_pool} at most");
    }
}
