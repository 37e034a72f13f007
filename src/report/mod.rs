//! `pm report`: built from the store (model and a file per section), then
//! rendered (render, brief).

pub mod brief;
pub mod changes;
pub mod charts;
pub mod evidence;
pub mod exec;
pub mod matrix;
pub mod model;
pub mod quotes;
pub mod ranked;
pub mod render;
pub mod roadmap;
pub mod shares;
pub mod vision;
pub mod vision_render;
