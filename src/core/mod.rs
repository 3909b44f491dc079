//! The pure-Rust client: no raw pointers, no C types.

pub mod admin;
pub mod auth;
pub mod autorefresh;
pub mod claims;
pub mod client;
pub mod config;
pub mod error;
pub mod events;
pub mod http;
pub mod identities;
pub mod jwks;
pub mod jwt;
pub mod log;
pub mod mfa;
pub mod oauth;
pub mod otp;
mod params;
pub mod pkce;
mod refresh_gate;
pub mod secret;
pub mod session;
pub mod settings;
mod sigpipe;
pub mod status;
pub mod storage;
pub mod totp;
pub mod types;
mod wire;

pub use auth::{Identifier, SignInOptions, SignUpOptions, UpdateUserOptions};
pub use client::Client;
pub use config::ClientOptions;
pub use error::{Error, ErrorCode, Result};
pub use events::AuthEvent;
pub use session::SignOutScope;
pub use status::SessionStatus;
pub use types::{Session, SignUpOutcome, User};
