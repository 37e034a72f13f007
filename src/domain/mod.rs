//! Plain types and pure logic: no I/O, no SQL, unit-tested in place.

pub mod attachment;
pub mod dates;
pub mod horizon;
pub mod ids;
pub mod jobstory;
pub mod money;
pub mod names;
pub mod note;
pub mod privacy;
pub mod score;
pub mod story;
pub mod text;
pub mod title;
mod word_enum;
