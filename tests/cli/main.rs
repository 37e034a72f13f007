//! Integration tests: the real `pm` binary against temporary notebooks.

mod common;
mod config;
mod doctor;
mod history;
mod note;
mod plans;
mod prompt;
mod search;
mod story;
