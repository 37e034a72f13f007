//! `pm report`: built from the store (model), then rendered (render).

pub mod model;
pub mod render;
