//! The only place that reads the time: the system clock, or a fixed `PM_NOW`.

use crate::error::{Error, Result};
use chrono::{DateTime, FixedOffset, Local, NaiveDate, SecondsFormat, Utc};

/// "Now" for one run of pm. Every relative date resolves against it.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    now: DateTime<FixedOffset>,
}

impl Clock {
    /// The system clock, or `now` (RFC 3339: `PM_NOW`, which clap reads) when given.
    pub fn new(now: Option<&str>) -> Result<Self> {
        match now {
            Some(s) if !s.trim().is_empty() => {
                let now = DateTime::parse_from_rfc3339(s.trim()).map_err(|_| {
                    Error::user(format!("PM_NOW '{s}' is not an RFC 3339 timestamp"))
                        .hint("e.g. PM_NOW=2026-11-20T09:00:00Z")
                })?;
                Ok(Clock { now })
            }
            _ => Ok(Clock { now: Local::now().fixed_offset() }),
        }
    }

    /// A clock fixed at `now` (tests and the demo).
    pub fn fixed(now: DateTime<FixedOffset>) -> Self {
        Clock { now }
    }

    pub fn now(&self) -> DateTime<FixedOffset> {
        self.now
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// The timestamp stored for `created`/`updated`: UTC, to the second, sortable as text.
    pub fn stamp(&self) -> String {
        stamp(self.now)
    }
}

/// A stored timestamp: UTC RFC 3339 with a `Z`, so text order is time order.
pub fn stamp(t: DateTime<FixedOffset>) -> String {
    t.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Secs, true)
}
