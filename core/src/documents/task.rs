//! Tasks (seed 002, SP1, B1/B2/B3): prose rules after the schema.

use crate::json::Value;

use super::{array_field, check_attachment_links, check_date_time, check_unique};
use crate::report::{Issue, LazyPointer};

pub mod codes {
    pub const NO_TASKS: &str = "no-tasks";
    pub const NO_SERVICE_LINES: &str = "no-service-lines";
}

pub fn check_rules(doc: &Value, issues: &mut Vec<Issue>) {
    let tasks = array_field(doc, "serviceTasks");
    if doc.get("serviceTasks").is_some_and(Value::is_array) && tasks.is_empty() {
        issues.push(Issue::warning(
            "/serviceTasks",
            codes::NO_TASKS,
            "the document carries no task",
        ));
    }
    // Redelivery updates a task in place by uniqueId: two tasks with one id
    // in one document would overwrite each other.
    let tasks_path = || "/serviceTasks".to_string();
    check_unique(tasks, "uniqueId", &tasks_path, "task", issues);
    for (i, task) in tasks.iter().enumerate() {
        check_task(task, &|| format!("/serviceTasks/{i}"), issues);
    }
}

fn check_task(task: &Value, path: LazyPointer, issues: &mut Vec<Issue>) {
    check_date_time(task, "createdDate", path, issues);
    if let Some(claim) = task.get("claim") {
        check_date_time(claim, "claimDate", &|| format!("{}/claim", path()), issues);
    }
    check_attachment_links(task, path, issues);
    let lines_path = || format!("{}/serviceLines", path());
    let lines = array_field(task, "serviceLines");
    if task.get("serviceLines").is_some_and(Value::is_array) && lines.is_empty() {
        issues.push(Issue::warning(
            lines_path(),
            codes::NO_SERVICE_LINES,
            "the task has no service lines: there is nothing to repair or value",
        ));
    }
    // Feedback maps lines back by claimLineId (A3): ids must be unique.
    check_unique(lines, "claimLineId", &lines_path, "service line", issues);
    check_unique(lines, "uniqueId", &lines_path, "service line", issues);
    for (i, line) in lines.iter().enumerate() {
        check_attachment_links(line, &|| format!("{}/{i}", lines_path()), issues);
    }
}
