//! pm: a terminal-first notebook for product managers.
//!
//! The binary is a thin shell over this library: `cli` parses and dispatches,
//! `app` builds the per-run context, `domain` holds pure logic, `store` holds
//! most of the SQL (not yet all: `exchange`, the report's model and a few
//! commands still run queries of their own), and `ui` owns the printing helpers.

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
