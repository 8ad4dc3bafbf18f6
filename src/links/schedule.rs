//! Who goes next: per-host queues under a global limit, retries with backoff.
//!
//! The dispatcher keeps one queue per host and starts a check only when the run has
//! a free slot (`max_concurrency`) and the host has one (`per_host`, halved on every
//! 429 and grown back by one per success). A task is one attempt at one URL; a retry
//! goes back to its host's queue after its delay (the server's `Retry-After`, or
//! exponential backoff with jitter), so waiting costs no slot, one slow host never
//! holds the others up, and a 429 only slows the host that sent it. At most
//! `max_concurrency` checks exist at once, whatever the number of URLs.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant;
use url::Url;

use super::check::{host_key, Attempt, Failure, Outcome, Shared};

/// Limits of one run.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_concurrency: usize,
    pub per_host: usize,
    pub retries: u32,
    pub backoff_base: Duration,
}

/// Longest backoff between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Backoff before retry number `retry` (1-based): `base · 2^(retry-1)`, of which a
/// random half is jitter, capped at 30 s.
#[must_use]
pub fn backoff(base: Duration, retry: u32) -> Duration {
    let full = base
        .saturating_mul(1u32 << retry.saturating_sub(1).min(16))
        .min(MAX_BACKOFF);
    let half = full / 2;
    half + half.mul_f64(fastrand::f64())
}

struct Job {
    idx: usize,
    url: Url,
    host: usize,
    retries_done: u32,
    use_get: bool,
}

struct Host {
    queue: VecDeque<Job>,
    active: usize,
    limit: usize,
    in_ready: bool,
}

/// Checks every URL (`(index, url)`), calling `done` once per URL as it finishes.
/// Returns the outcome of each index.
pub async fn run(
    shared: Arc<Shared>,
    urls: Vec<(usize, Url)>,
    limits: Limits,
    done: &(dyn Fn() + Sync),
) -> Vec<(usize, Outcome)> {
    let mut host_ids: HashMap<String, usize> = HashMap::new();
    let mut hosts: Vec<Host> = Vec::new();
    let mut ready: VecDeque<usize> = VecDeque::new();
    for (idx, url) in urls {
        let key = host_key(&url);
        let host = *host_ids.entry(key).or_insert_with(|| {
            hosts.push(Host {
                queue: VecDeque::new(),
                active: 0,
                limit: limits.per_host.max(1),
                in_ready: false,
            });
            hosts.len() - 1
        });
        hosts[host].queue.push_back(Job {
            idx,
            url,
            host,
            retries_done: 0,
            use_get: false,
        });
        if !hosts[host].in_ready {
            hosts[host].in_ready = true;
            ready.push_back(host);
        }
    }

    let mut results = Vec::new();
    let mut delayed: Vec<(Instant, Job)> = Vec::new();
    let mut tasks: JoinSet<(Job, Attempt)> = JoinSet::new();
    let mut running: HashMap<tokio::task::Id, (usize, usize)> = HashMap::new();
    let mut active = 0usize;
    let max = limits.max_concurrency.max(1);

    loop {
        let now = Instant::now();
        let mut i = 0;
        while i < delayed.len() {
            if delayed[i].0 <= now {
                let (_, job) = delayed.swap_remove(i);
                let h = job.host;
                hosts[h].queue.push_front(job);
                mark_ready(&mut hosts[h], h, &mut ready);
            } else {
                i += 1;
            }
        }
        while active < max {
            let Some(h) = ready.pop_front() else { break };
            let host = &mut hosts[h];
            host.in_ready = false;
            if host.active >= host.limit {
                continue;
            }
            let Some(mut job) = host.queue.pop_front() else {
                continue;
            };
            host.active += 1;
            active += 1;
            mark_ready(host, h, &mut ready);
            let shared = shared.clone();
            let (idx, host_idx) = (job.idx, job.host);
            let handle = tasks.spawn(async move {
                let attempt = shared
                    .attempt(&job.url, &mut job.use_get, job.retries_done)
                    .await;
                (job, attempt)
            });
            running.insert(handle.id(), (idx, host_idx));
        }
        if tasks.is_empty() && delayed.is_empty() {
            break;
        }
        let next_due = delayed.iter().map(|(t, _)| *t).min();
        let joined = tokio::select! {
            joined = tasks.join_next_with_id(), if !tasks.is_empty() => joined,
            () = sleep_until(next_due), if next_due.is_some() => continue,
        };
        let Some(joined) = joined else { continue };
        active -= 1;
        let (job, attempt) = match joined {
            Ok((id, (job, attempt))) => {
                running.remove(&id);
                (job, attempt)
            }
            Err(e) => {
                // A panicking check must not lose its URL or its slots.
                if let Some((idx, h)) = running.remove(&e.id()) {
                    hosts[h].active -= 1;
                    mark_ready(&mut hosts[h], h, &mut ready);
                    results.push((
                        idx,
                        Outcome::Failed(Failure::Broken(format!("internal error: {e}"))),
                    ));
                    done();
                }
                continue;
            }
        };
        let h = job.host;
        hosts[h].active -= 1;
        match attempt {
            Attempt::Done(outcome) => {
                if matches!(outcome, Outcome::Status { status, .. } if status < 400) {
                    hosts[h].limit = (hosts[h].limit + 1).min(limits.per_host.max(1));
                }
                results.push((job.idx, outcome));
                done();
            }
            Attempt::Retry {
                outcome,
                retry_after,
                throttled_host,
            } => {
                if let Some(t) = throttled_host.and_then(|k| host_ids.get(&k).copied()) {
                    hosts[t].limit = (hosts[t].limit / 2).max(1);
                }
                if job.retries_done < limits.retries {
                    let wait = retry_after.map_or_else(
                        || backoff(limits.backoff_base, job.retries_done + 1),
                        |(_, d)| d,
                    );
                    let job = Job {
                        retries_done: job.retries_done + 1,
                        ..job
                    };
                    delayed.push((Instant::now() + wait, job));
                } else {
                    results.push((job.idx, outcome));
                    done();
                }
            }
        }
        mark_ready(&mut hosts[h], h, &mut ready);
    }
    results
}

fn mark_ready(host: &mut Host, h: usize, ready: &mut VecDeque<usize>) {
    if !host.in_ready && host.active < host.limit && !host.queue.is_empty() {
        host.in_ready = true;
        ready.push_back(h);
    }
}

async fn sleep_until(t: Option<Instant>) {
    if let Some(t) = t {
        tokio::time::sleep_until(t).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_a_cap() {
        let base = Duration::from_millis(100);
        for _ in 0..50 {
            let first = backoff(base, 1);
            assert!(
                first >= Duration::from_millis(50) && first <= base,
                "{first:?}"
            );
            let third = backoff(base, 3);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            assert!(backoff(Duration::from_secs(10), 20) <= MAX_BACKOFF);
        }
    }
}
