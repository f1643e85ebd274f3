//! Merge fields: dotted paths into one B2 `serviceTasks` element
//! (`claim.claimNumber`, `serviceLines.0.item.model`). The catalogue is read
//! from the published schema itself (seed 002, B2), so it cannot drift from
//! it; B3's `claim.language` (described, not in the schema) and three fields
//! of ours are added.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::json::Value;

use super::error::MappingError;
use super::options::TemplateName;
use crate::kind::DocumentKind;

/// The rendered `scalepointUrl` template.
pub const SCALEPOINT_URL: &str = "scalepointUrl";
/// The matched insurer's settings.
pub const INSURER_ALIAS: &str = "insurer.alias";
pub const INSURER_SUB_ALIAS: &str = "insurer.subAlias";

/// What the schema says is at a path.
#[derive(Debug)]
enum Shape {
    Value,
    Object(BTreeMap<String, Shape>),
    List(Box<Shape>),
}

/// Checks that `field` names a value a template can print.
pub fn check(field: &str, template: TemplateName) -> Result<(), MappingError> {
    if field == SCALEPOINT_URL && template == TemplateName::ScalepointUrl {
        return Err(MappingError::unknown_field(
            template,
            field,
            format!(
                "the {} template cannot use {{{field}}}: it is the URL that template builds",
                template.name()
            ),
        ));
    }
    if field.split('.').any(str::is_empty) {
        return Err(MappingError::template(
            template,
            Some(field),
            format!(
                "the {} template has the merge field {{{field}}} with an empty name or path step",
                template.name()
            ),
        ));
    }
    let mut shape = task_shape();
    let mut walked = String::new();
    for step in field.split('.') {
        shape = match shape {
            Shape::Object(fields) => match fields.get(step) {
                Some(next) => next,
                None => return Err(unknown(template, field)),
            },
            Shape::List(item) if step.parse::<usize>().is_ok() => item,
            Shape::List(_) => {
                return Err(MappingError::unknown_field(
                    template,
                    field,
                    format!(
                    "the {} template names the merge field {{{field}}}, but {walked} is a list: \
                         write an index, e.g. {{{walked}.0}}",
                    template.name()
                ),
                ))
            }
            Shape::Value => return Err(unknown(template, field)),
        };
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(step);
    }
    match shape {
        Shape::Value => Ok(()),
        Shape::Object(_) | Shape::List(_) => {
            Err(MappingError::template(
                template,
                Some(field),
                format!(
                "the {} template names the merge field {{{field}}}, which is {} in a task, not a \
                 value: name one of its fields",
                template.name(),
                if matches!(shape, Shape::List(_)) { "a list" } else { "an object" }
            ),
            ))
        }
    }
}

fn unknown(template: TemplateName, field: &str) -> MappingError {
    let all = value_paths();
    let suggestion = crate::schema::nearest(field, all.iter().map(String::as_str))
        .map(|s| format!("; did you mean {{{s}}}?"))
        .unwrap_or_default();
    MappingError::unknown_field(
        template,
        field,
        format!(
            "the {} template names the merge field {{{field}}}, which a Scalepoint task (B2) \
             does not have{suggestion}",
            template.name()
        ),
    )
}

/// The value at `field` in one task, if present (fields of ours excepted).
pub fn lookup<'a>(task: &'a Value<'a>, field: &str) -> Option<&'a Value<'a>> {
    field.split('.').try_fold(task, |value, step| match value {
        Value::Array(items) => items.get(step.parse::<usize>().ok()?),
        _ => value.get(step),
    })
}

/// A value as a template prints it: strings as written, numbers as exact
/// decimal text, booleans `true`/`false`, null and absent as nothing.
pub fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.to_string(),
        Some(Value::Number(n)) => super::values::decimal_text(n).unwrap_or_else(|| n.to_string()),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// Every value path, lists indexed by 0: the candidates for "did you mean".
pub(super) fn value_paths() -> &'static [String] {
    static PATHS: OnceLock<Vec<String>> = OnceLock::new();
    PATHS.get_or_init(|| {
        let mut paths = Vec::new();
        collect_paths(task_shape(), "", &mut paths);
        paths
    })
}

fn collect_paths(shape: &Shape, prefix: &str, out: &mut Vec<String>) {
    let join = |step: &str| {
        if prefix.is_empty() {
            step.to_string()
        } else {
            format!("{prefix}.{step}")
        }
    };
    match shape {
        Shape::Value => out.push(prefix.to_string()),
        Shape::Object(fields) => {
            for (name, inner) in fields {
                collect_paths(inner, &join(name), out);
            }
        }
        Shape::List(item) => collect_paths(item, &join("0"), out),
    }
}

/// One `serviceTasks` element as B2 describes it, plus our fields.
fn task_shape() -> &'static Shape {
    static SHAPE: OnceLock<Shape> = OnceLock::new();
    SHAPE.get_or_init(|| {
        let definitions = &DocumentKind::Task.schema_document()["definitions"];
        let mut shape = shape_of(&definitions["serviceTask"], definitions, 0);
        let Shape::Object(fields) = &mut shape else {
            panic!("B2 serviceTask is not an object");
        };
        // B3 describes claim.language ("only for multi-language countries");
        // B2 does not list it.
        if let Some(Shape::Object(claim)) = fields.get_mut("claim") {
            claim.insert("language".into(), Shape::Value);
        }
        fields.insert(SCALEPOINT_URL.into(), Shape::Value);
        let insurer = [("alias", Shape::Value), ("subAlias", Shape::Value)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        fields.insert("insurer".into(), Shape::Object(insurer));
        shape
    })
}

fn shape_of(schema: &serde_json::Value, definitions: &serde_json::Value, depth: usize) -> Shape {
    assert!(depth < 16, "B2 nests deeper than expected");
    if let Some(reference) = schema.get("$ref").and_then(serde_json::Value::as_str) {
        let name = reference.trim_start_matches("#/definitions/");
        return shape_of(&definitions[name], definitions, depth + 1);
    }
    match schema.get("type").and_then(serde_json::Value::as_str) {
        Some("object") => Shape::Object(
            schema
                .get("properties")
                .and_then(serde_json::Value::as_object)
                .into_iter()
                .flatten()
                .map(|(name, inner)| (name.clone(), shape_of(inner, definitions, depth + 1)))
                .collect(),
        ),
        Some("array") => Shape::List(Box::new(shape_of(&schema["items"], definitions, depth + 1))),
        _ => Shape::Value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(field: &str) -> MappingError {
        check(field, TemplateName::Heading).unwrap_err()
    }

    #[test]
    fn every_b2_value_is_a_merge_field() {
        // seed 002 B2: fields of serviceTask, claim, claimant, servicePartner
        // (with bank and location), and of service lines by index.
        for field in [
            "uniqueId",
            "claim.claimNumber",
            "claim.insuranceCompanyName",
            "claimant.name",
            "damageCauseDescription",
            "servicePartner.location.city",
            "servicePartner.bank.iban",
            "serviceLines.0.item.productMatchDescription",
            "serviceLines.12.valuations.newPrice",
            "attachments.0.link",
            "claim.language",
            INSURER_ALIAS,
            SCALEPOINT_URL,
        ] {
            assert_eq!(check(field, TemplateName::Heading), Ok(()), "{field}");
        }
    }

    #[test]
    fn an_unknown_field_is_named_with_a_suggestion() {
        let MappingError::UnknownMergeField(p) = problem("claim.claimNumbr") else {
            panic!("expected unknown-merge-field");
        };
        assert_eq!(p.field, "claim.claimNumbr");
        assert!(p.message.contains("heading"), "{}", p.message);
        assert!(p.message.contains("{claim.claimNumber}"), "{}", p.message);
        assert!(matches!(
            problem("claim.claimNumber.x"),
            MappingError::UnknownMergeField(_)
        ));
        assert!(matches!(
            problem("serviceLines.first.uniqueId"),
            MappingError::UnknownMergeField(_)
        ));
    }

    #[test]
    fn objects_and_lists_are_not_values() {
        assert!(matches!(problem("claim"), MappingError::InvalidTemplate(_)));
        assert!(matches!(
            problem("serviceLines"),
            MappingError::InvalidTemplate(_)
        ));
        assert!(matches!(
            problem("claim..x"),
            MappingError::InvalidTemplate(_)
        ));
    }

    #[test]
    fn the_url_template_cannot_merge_itself() {
        assert!(matches!(
            check(SCALEPOINT_URL, TemplateName::ScalepointUrl),
            Err(MappingError::UnknownMergeField(_))
        ));
    }

    #[test]
    fn values_print_exactly() {
        let task = crate::json::from_serde_text(
            r#"{"claim": {"selfRisk": 200.0, "x": 1.5e2}, "b": false, "l": [{"a": "z"}]}"#,
        );
        assert_eq!(text(lookup(&task, "claim.selfRisk")), "200.0");
        assert_eq!(text(lookup(&task, "claim.x")), "150");
        assert_eq!(text(lookup(&task, "b")), "false");
        assert_eq!(text(lookup(&task, "l.0.a")), "z");
        assert_eq!(text(lookup(&task, "l.1.a")), "");
        assert_eq!(text(lookup(&task, "claim.missing")), "");
    }
}
