//! The lockout rule, as a pure function of the recorded failure times, so
//! that backends store only timestamps and every backend locks alike.
//! Failures are recorded per username, known or not, so a lock never tells
//! whether an account exists.

use chrono::{DateTime, Duration, Utc};

use super::config::LockoutPolicy;

impl LockoutPolicy {
    /// How far back failures can matter at any moment: `window + lock_for`.
    pub fn lookback(&self) -> Duration {
        self.window + self.lock_for
    }

    /// Until when the failures (in any order) lock the account at `now`, or
    /// `None` when it is not locked. A lock starts at the failure that
    /// completes `max_failures` within `window` and lasts `lock_for`.
    pub fn locked_until(
        &self,
        failures: &[DateTime<Utc>],
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let needed = usize::try_from(self.max_failures).ok()?.max(1);
        if failures.len() < needed {
            return None;
        }
        let mut times = failures.to_vec();
        times.sort_unstable();
        times
            .windows(needed)
            .filter(|run| run[needed - 1] - run[0] <= self.window)
            .map(|run| run[needed - 1] + self.lock_for)
            .filter(|until| *until > now)
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(seconds)
    }

    #[test]
    fn locks_after_max_failures_within_the_window() {
        let policy = LockoutPolicy::default();
        let four: Vec<_> = (0..4).map(|i| at(i * 60)).collect();
        assert_eq!(policy.locked_until(&four, at(300)), None);
        let mut five = four.clone();
        five.push(at(600));
        assert_eq!(policy.locked_until(&five, at(601)), Some(at(600 + 900)));
        assert_eq!(policy.locked_until(&five, at(1500)), None, "the lock ends");
    }

    #[test]
    fn failures_spread_wider_than_the_window_do_not_lock() {
        let policy = LockoutPolicy::default();
        let spread: Vec<_> = (0..5).map(|i| at(i * 300)).collect();
        assert_eq!(policy.locked_until(&spread, at(1201)), None);
    }
}
