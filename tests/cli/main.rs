//! Integration tests: the real `pm` binary against temporary notebooks.

mod common;
mod config;
mod doctor;
mod exchange;
mod forget;
mod history;
mod import;
mod note;
mod nothing_lost;
mod papercuts;
mod plans;
mod prompt;
mod reliability;
mod search;
mod story;
mod sync;
