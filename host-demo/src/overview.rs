//! `GET /`: the tasks and messages exchanged with Scalepoint, as one
//! server-rendered HTML page without scripts. Every value from a document is
//! escaped: the documents come from outside.

use std::fmt::Write;

use serde_json::Value;

use crate::outbox::commands::last_outcome;
use crate::store::{OutboxView, RejectedView, TaskView, Unlinked};

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;width:100%;margin-bottom:2em}\
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}\
th{background:#f3f3f3}code{font-size:12px}.flag{color:#a40}ul{margin:0;padding-left:1.2em}";

pub fn render(
    tasks: &[TaskView],
    unlinked: &[Unlinked],
    rejected: &[RejectedView],
    dead_letters: &[OutboxView],
) -> String {
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Scalepoint tasks</title><style>{STYLE}</style></head><body>\n\
         <h1>Scalepoint tasks</h1>\n<p id=\"summary\">{} task(s), {} flagged status(es) or message(s), \
         {} rejected document(s) shown.</p>\n",
        tasks.len(),
        unlinked.len(),
        rejected.len()
    );
    dead_letters_table(&mut page, dead_letters);
    tasks_table(&mut page, tasks);
    unlinked_table(&mut page, unlinked);
    rejected_table(&mut page, rejected);
    page.push_str("</body></html>\n");
    page
}

fn tasks_table(page: &mut String, tasks: &[TaskView]) {
    page.push_str("<h2>Tasks</h2>\n");
    if tasks.is_empty() {
        page.push_str("<p>No tasks yet.</p>\n");
        return;
    }
    page.push_str(
        "<table id=\"tasks\"><thead><tr><th>Task</th><th>Insurer</th><th>Claim</th>\
         <th>Claimant</th><th>Received</th><th>Deliveries</th><th>Work orders</th>\
         <th>Statuses and messages</th></tr></thead><tbody>\n",
    );
    for task in tasks {
        let opt = |v: &Option<String>| escape(v.as_deref().unwrap_or(""));
        let _ = write!(
            page,
            "<tr class=\"task\" id=\"task-{id}\"><td><code>{id}</code></td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>",
            escape(&task.insurer),
            opt(&task.claim_number),
            opt(&task.claimant_name),
            escape(&task.received_at),
            task.deliveries,
            work_orders(&task.work_orders),
            id = escape(&task.unique_id),
        );
        history(page, task);
        page.push_str("</td></tr>\n");
    }
    page.push_str("</tbody></table>\n");
}

fn work_orders(orders: &[Value]) -> String {
    if orders.is_empty() {
        return "none".into();
    }
    let items: Vec<String> = orders
        .iter()
        .map(|o| {
            let field = |name: &str| o.get(name).and_then(Value::as_str);
            let team = field("team").map(|t| format!(" (team {})", escape(t)));
            format!(
                "<li>{}{}</li>",
                escape(field("heading").unwrap_or("work order")),
                team.unwrap_or_default()
            )
        })
        .collect();
    format!("<ul>{}</ul>", items.concat())
}

/// Statuses and messages of a task, in the order they arrived.
fn history(page: &mut String, task: &TaskView) {
    let mut events: Vec<(&str, String)> = task
        .statuses
        .iter()
        .map(|s| {
            let text = s.text.as_deref().map(|t| format!(": {}", escape(t)));
            (
                s.received_at.as_str(),
                format!(
                    "status <strong>{}</strong>{}",
                    escape(&s.kind),
                    text.unwrap_or_default()
                ),
            )
        })
        .chain(task.messages.iter().map(|m| {
            (
                m.received_at.as_str(),
                format!("message: <q>{}</q>", escape(&m.text)),
            )
        }))
        .chain(task.outbox.iter().map(|o| {
            (
                o.created_at.as_str(),
                format!(
                    "sent {} #{}: <strong>{}</strong> after {} attempt(s)",
                    escape(&o.kind),
                    o.id,
                    escape(&o.state),
                    o.attempts
                ),
            )
        }))
        .collect();
    if events.is_empty() {
        return;
    }
    events.sort_by(|a, b| a.0.cmp(b.0));
    page.push_str("<ul>");
    for (at, event) in events {
        let _ = write!(page, "<li>{} {event}</li>", escape(at));
    }
    page.push_str("</ul>");
}

/// What the outbox could not deliver: refused by Scalepoint, or out of
/// attempts. First on the page: a person has to act on these.
fn dead_letters_table(page: &mut String, dead_letters: &[OutboxView]) {
    if dead_letters.is_empty() {
        return;
    }
    page.push_str(
        "<h2 class=\"flag\">Dead letters: not delivered to Scalepoint</h2>\n\
         <p>Refused, or out of attempts; <code>host-demo outbox retry ID</code> queues one again.</p>\n\
         <table id=\"dead-letters\"><thead><tr><th>Outbox</th><th>Kind</th><th>Task</th>\
         <th>State</th><th>Attempts</th><th>Queued</th><th>Last outcome</th></tr></thead><tbody>\n",
    );
    for d in dead_letters {
        let _ = writeln!(
            page,
            "<tr class=\"flag\"><td>#{}</td><td>{}</td><td><code>{}</code></td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td></tr>",
            d.id,
            escape(&d.kind),
            escape(&d.task),
            escape(&d.state),
            d.attempts,
            escape(&d.created_at),
            escape(&last_outcome(d))
        );
    }
    page.push_str("</tbody></table>\n");
}

fn unlinked_table(page: &mut String, unlinked: &[Unlinked]) {
    if unlinked.is_empty() {
        return;
    }
    page.push_str(
        "<h2 class=\"flag\">Statuses and messages for unknown tasks</h2>\n\
         <table id=\"unlinked\"><thead><tr><th>Received</th><th>Kind</th><th>Insurer</th>\
         <th>Task GUID</th><th>Content</th></tr></thead><tbody>\n",
    );
    for u in unlinked {
        let _ = writeln!(
            page,
            "<tr class=\"flag\"><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            escape(&u.received_at),
            u.kind,
            escape(&u.insurer),
            escape(&u.task_guid),
            escape(&u.summary)
        );
    }
    page.push_str("</tbody></table>\n");
}

fn rejected_table(page: &mut String, rejected: &[RejectedView]) {
    if rejected.is_empty() {
        return;
    }
    page.push_str(
        "<h2 class=\"flag\">Rejected documents</h2>\n\
         <table id=\"rejected\"><thead><tr><th>Inbox</th><th>Received</th><th>Endpoint</th>\
         <th>Insurer</th><th>Problems</th></tr></thead><tbody>\n",
    );
    for r in rejected {
        let issues: Vec<String> = r
            .report
            .get("issues")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|i| {
                let field = |name: &str| escape(i.get(name).and_then(Value::as_str).unwrap_or(""));
                let path = field("path");
                let at = if path.is_empty() {
                    "the document".to_string()
                } else {
                    format!("<code>{path}</code>")
                };
                format!(
                    "<li><code>{}</code> at {at}: {}</li>",
                    field("code"),
                    field("message")
                )
            })
            .collect();
        let _ = writeln!(
            page,
            "<tr class=\"flag\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><ul>{}</ul></td></tr>",
            r.inbox_id,
            escape(&r.received_at),
            escape(&r.endpoint),
            escape(&r.insurer),
            issues.concat()
        );
    }
    page.push_str("</tbody></table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_values_is_escaped() {
        assert_eq!(
            escape(r#"<script>alert('x')</script> & "q""#),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
