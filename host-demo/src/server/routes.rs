//! Which request goes where, and the checks every POST passes before its
//! document is looked at. Nothing here knows the HTTP library.

use anyhow::Result;
use hyper::Method;

use super::form::Form;
use super::inbound::{self, Handled, Note};
use super::insurers::Insurers;
use super::reply::Reply;
use crate::runtime::ComponentHost;
use crate::store::{Backend, Endpoint, OutboxFilter};

/// The largest body accepted. Tasks carry links to their files, not the
/// files, so real documents are far smaller.
pub const MAX_BODY: usize = 16 * 1024 * 1024;

/// How many tasks and rejected documents the overview page shows.
const OVERVIEW_TASKS: u32 = 500;
const OVERVIEW_REJECTED: u32 = 100;

pub enum Route {
    /// `GET /`.
    Overview,
    /// A POST to SP1, SP2 or SP3: read the form, then [`inbound`].
    Inbound(Endpoint),
    /// Answered without reading the body (404, 405).
    Refused(Reply),
}

pub fn route(method: &Method, path: &str) -> Route {
    let endpoint = match path {
        "/" if method == Method::GET => return Route::Overview,
        "/" => return Route::Refused(Reply::method_not_allowed("GET")),
        "/scalepoint/tasks" => Endpoint::Tasks,
        "/scalepoint/statuses" => Endpoint::Statuses,
        "/scalepoint/messages" => Endpoint::Messages,
        _ => return Route::Refused(Reply::failure(404, "no such endpoint")),
    };
    if method == Method::POST {
        Route::Inbound(endpoint)
    } else {
        Route::Refused(Reply::method_not_allowed("POST"))
    }
}

/// Seed 002: SP1, SP2 and SP3 are `application/x-www-form-urlencoded`
/// (parameters such as `charset` allowed).
pub fn is_form(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|t| t.split(';').next())
        .is_some_and(|t| {
            t.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

pub fn not_a_form() -> Reply {
    Reply::failure(
        400,
        "expected Content-Type: application/x-www-form-urlencoded",
    )
}

pub fn too_large() -> Reply {
    Reply::failure(413, &format!("the body is over {MAX_BODY} bytes"))
}

pub fn overview(store: &mut dyn Backend) -> Result<(Reply, Note)> {
    let page = crate::overview::render(
        &store.tasks(Some(OVERVIEW_TASKS))?,
        &store.unlinked()?,
        &store.rejected(OVERVIEW_REJECTED)?,
        &store.outbox(OutboxFilter::DeadLetters)?,
    );
    Ok((Reply::html(page), String::new()))
}

/// A POST's body, read in full (at most [`MAX_BODY`] bytes).
pub fn inbound(
    host: &ComponentHost,
    store: &mut dyn Backend,
    insurers: &Insurers,
    endpoint: Endpoint,
    body: &[u8],
) -> Result<Handled> {
    match Form::parse(body) {
        Ok(form) => inbound::receive(host, store, insurers, endpoint, &form),
        Err(e) => Ok(Handled::Now(
            Reply::failure(400, &format!("malformed form: {e}")),
            "malformed form".into(),
        )),
    }
}
