//! The report's queries (`pm report`, its brief): one file per section, each
//! returning typed rows read by column name, every value bound. What a report
//! over a period holding the whole notebook reads goes through an index or a
//! kept total, and is capped where it lists (see migration 0012).

pub mod changes;
pub mod evidence;
pub mod pillars;
pub mod quotes;
