//! Background work, shared safely by every replica: the job table (`queue`: messages and
//! webhook deliveries, claimed once each), the periodic tasks each domain registers
//! (`periodic`), and the runner that does both (`runner`). Domains only enqueue jobs and
//! expose their tasks; notifications only render and send messages.

pub mod periodic;
pub mod queue;
pub mod runner;

pub use queue::*;
pub use runner::Worker;
