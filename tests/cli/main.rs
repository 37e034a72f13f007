//! Integration tests: the real `pm` binary against temporary notebooks.

mod common;
mod completions;
mod config;
mod doctor;
mod exchange;
mod forget;
mod history;
mod import;
mod layout;
mod note;
mod nothing_lost;
mod papercuts;
mod people;
mod plans;
mod prompt;
mod readme;
mod reliability;
mod report;
mod search;
mod story;
mod titles;
mod vision;
