//! `pm report`: built from the store (model), then rendered (render).

pub mod brief;
pub mod charts;
pub mod exec;
pub mod model;
pub mod render;
pub mod roadmap;
pub mod vision;
pub mod vision_render;
