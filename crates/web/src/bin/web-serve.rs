//! Serves the web app on its own, for the browser tests and benchmarks:
//! `web-serve --db FILE [--addr 127.0.0.1:8080] [--token TOKEN]`
//! (the same as `triangulate serve`).

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};

fn main() -> Result<()> {
    let mut db: Option<PathBuf> = None;
    let mut addr: SocketAddr = "127.0.0.1:8080".parse()?;
    let mut token: Option<String> = std::env::var("TRIANGULATE_TOKEN").ok();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--db" => db = Some(PathBuf::from(value()?)),
            "--addr" => addr = value()?.parse().context("--addr takes HOST:PORT")?,
            "--token" => token = Some(value()?),
            other => bail!("unknown argument {other}; usage: web-serve --db FILE [--addr HOST:PORT] [--token TOKEN]"),
        }
    }
    let db = db.context("usage: web-serve --db FILE [--addr HOST:PORT] [--token TOKEN]")?;
    web::serve(&db, addr, token)
}
