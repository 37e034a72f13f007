//! pm: a terminal-first notebook for product managers.
//!
//! The binary is a thin shell over this library: `cli` parses, dispatches and
//! renders, `app` builds the per-run context and holds the use cases,
//! `domain` holds pure logic, `store` holds every SQL statement (no module
//! outside it names rusqlite), and `ui` owns the printing helpers. See
//! docs/ARCHITECTURE.md.

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod error;
pub mod exchange;
pub mod report;
pub mod store;
pub mod test_stop;
pub mod ui;
