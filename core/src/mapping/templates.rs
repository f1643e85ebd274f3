//! Templates with merge fields, as Minuba and E-Komplet fill a job's texts:
//! `Scalepoint – {claim.claimNumber}`. Every template is parsed and every
//! merge field checked against B2 before any document is looked at, so a
//! misconfigured field fails on the first task, not on the first task that
//! happens to carry it.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::json::Value;

use super::error::MappingError;
use super::fields;
use super::options::{
    InsurerSettings, TemplateName, Templates, DEFAULT_DESCRIPTION, DEFAULT_HEADING,
    DEFAULT_REQUISITION, DEFAULT_RESPONSIBILITY,
};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Text(String),
    Field(String),
}

/// One parsed template: lines of literal text and merge fields.
#[derive(Debug, Clone)]
pub struct Template {
    lines: Vec<Vec<Segment>>,
}

/// Every template in effect, parsed and checked.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub heading: Cow<'static, Template>,
    pub requisition: Cow<'static, Template>,
    pub description: Cow<'static, Template>,
    pub responsibility: Cow<'static, Template>,
    pub scalepoint_url: Option<Template>,
}

/// What merge fields draw from while one task is mapped.
#[derive(Debug, Clone, Copy)]
pub struct MergeSource<'a> {
    /// One element of `serviceTasks`.
    pub task: &'a Value<'a>,
    pub settings: Option<&'a InsurerSettings>,
    pub scalepoint_url: Option<&'a str>,
}

/// Parses and checks the templates in effect (ours where the ERP has none).
pub fn prepare(templates: &Templates) -> Result<Prepared, MappingError> {
    let scalepoint_url = match templates.text(TemplateName::ScalepointUrl) {
        Some(text) => Some(Template::parse_url(text)?),
        None => None,
    };
    let defaults = default_templates();
    Ok(Prepared {
        heading: given_or_default(&templates.heading, TemplateName::Heading, &defaults.heading)?,
        requisition: given_or_default(
            &templates.requisition,
            TemplateName::Requisition,
            &defaults.requisition,
        )?,
        description: given_or_default(
            &templates.description,
            TemplateName::Description,
            &defaults.description,
        )?,
        responsibility: given_or_default(
            &templates.responsibility,
            TemplateName::Responsibility,
            &defaults.responsibility,
        )?,
        scalepoint_url,
    })
}

/// The ERP's template `name`, parsed; else our `default`.
fn given_or_default(
    given: &Option<String>,
    name: TemplateName,
    default: &'static Template,
) -> Result<Cow<'static, Template>, MappingError> {
    match given {
        Some(text) => Template::parse(name, text).map(Cow::Owned),
        None => Ok(Cow::Borrowed(default)),
    }
}

/// Our default templates, parsed.
pub(super) struct Defaults {
    heading: Template,
    requisition: Template,
    description: Template,
    responsibility: Template,
}

/// Our default templates, parsed once per process (in the shipped
/// component, at build time: `crate::warm_up`).
pub(super) fn default_templates() -> &'static Defaults {
    static DEFAULTS: OnceLock<Defaults> = OnceLock::new();
    DEFAULTS.get_or_init(|| {
        let parse = |name, text| {
            Template::parse(name, text)
                .unwrap_or_else(|e| panic!("our default {name:?} template: {e:?}"))
        };
        Defaults {
            heading: parse(TemplateName::Heading, DEFAULT_HEADING),
            requisition: parse(TemplateName::Requisition, DEFAULT_REQUISITION),
            description: parse(TemplateName::Description, DEFAULT_DESCRIPTION),
            responsibility: parse(TemplateName::Responsibility, DEFAULT_RESPONSIBILITY),
        }
    })
}

impl Template {
    /// Reads `{field}`, `{{` and `}}`; checks every field.
    pub fn parse(name: TemplateName, text: &str) -> Result<Self, MappingError> {
        let lines = text
            .split('\n')
            .enumerate()
            .map(|(i, line)| parse_line(name, line, i + 1))
            .collect::<Result<Vec<_>, _>>()?;
        for line in &lines {
            for segment in line {
                if let Segment::Field(field) = segment {
                    fields::check(field, name)?;
                }
            }
        }
        Ok(Self { lines })
    }

    /// A URL template: one line, starting with `http://` or `https://`.
    fn parse_url(text: &str) -> Result<Self, MappingError> {
        let name = TemplateName::ScalepointUrl;
        let template = Self::parse(name, text)?;
        if template.lines.len() > 1 {
            return Err(MappingError::template(
                name,
                None,
                "the scalepointUrl template must be one line",
            ));
        }
        let starts_well = match template.lines[0].first() {
            Some(Segment::Text(t)) => {
                let t = t.to_ascii_lowercase();
                t.starts_with("https://") || t.starts_with("http://")
            }
            _ => false,
        };
        if !starts_well {
            return Err(MappingError::template(
                name,
                None,
                format!(
                    "the scalepointUrl template {text:?} must start with http:// or https://, \
                     e.g. https://SERVER/claimshop/task/{{uniqueId}}"
                ),
            ));
        }
        Ok(template)
    }

    /// The text for one task. A field the task lacks renders empty, and a
    /// line whose merge fields all rendered empty is left out: an optional
    /// field leaves neither a blank line nor a dangling label.
    pub fn render(&self, source: &MergeSource) -> String {
        let mut out: Vec<String> = Vec::with_capacity(self.lines.len());
        for line in &self.lines {
            let mut text = String::new();
            let (mut fields, mut empty) = (0, 0);
            for segment in line {
                match segment {
                    Segment::Text(t) => text.push_str(t),
                    Segment::Field(f) => {
                        let value = merge_value(source, f);
                        fields += 1;
                        empty += usize::from(value.is_empty());
                        text.push_str(&value);
                    }
                }
            }
            if fields == 0 || empty < fields {
                out.push(text);
            }
        }
        out.join("\n")
    }

    /// The URL for one task, merged values percent-encoded. A field the task
    /// lacks would leave a broken link: `Err` names those fields instead.
    pub fn render_url(&self, source: &MergeSource) -> Result<String, Vec<String>> {
        let mut url = String::new();
        let mut missing = Vec::new();
        for segment in self.lines.iter().flatten() {
            match segment {
                Segment::Text(t) => url.push_str(t),
                Segment::Field(f) => {
                    let value = merge_value(source, f);
                    if value.is_empty() {
                        missing.push(f.clone());
                    }
                    url.push_str(&percent_encode(&value));
                }
            }
        }
        if missing.is_empty() {
            Ok(url)
        } else {
            Err(missing)
        }
    }
}

fn merge_value(source: &MergeSource, field: &str) -> String {
    let setting = |pick: fn(&InsurerSettings) -> &Option<String>| {
        source
            .settings
            .and_then(|s| pick(s).clone())
            .unwrap_or_default()
    };
    match field {
        fields::SCALEPOINT_URL => source.scalepoint_url.unwrap_or_default().to_string(),
        fields::INSURER_ALIAS => setting(|s| &s.alias),
        fields::INSURER_SUB_ALIAS => setting(|s| &s.sub_alias),
        _ => fields::text(fields::lookup(source.task, field)),
    }
}

fn parse_line(name: TemplateName, line: &str, number: usize) -> Result<Vec<Segment>, MappingError> {
    let chars: Vec<char> = line.chars().collect();
    let mut segments = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < chars.len() {
        let at = |message: String| {
            MappingError::template(
                name,
                None,
                format!(
                    "the {} template, line {number}, column {}: {message}",
                    name.name(),
                    i + 1
                ),
            )
        };
        match (chars[i], chars.get(i + 1)) {
            ('{', Some('{')) | ('}', Some('}')) => {
                text.push(chars[i]);
                i += 2;
            }
            ('{', _) => {
                let close = chars[i + 1..].iter().position(|&c| c == '}' || c == '{');
                let Some(len) = close.filter(|&len| chars[i + 1 + len] == '}') else {
                    return Err(at(
                        "a '{' is not closed by '}' (write '{{' for a literal brace)".into(),
                    ));
                };
                let field: String = chars[i + 1..i + 1 + len].iter().collect();
                let field = field.trim();
                if field.is_empty() {
                    return Err(at("'{}' names no merge field".into()));
                }
                if !text.is_empty() {
                    segments.push(Segment::Text(std::mem::take(&mut text)));
                }
                segments.push(Segment::Field(field.to_string()));
                i += len + 2;
            }
            ('}', _) => {
                return Err(at(
                    "a '}' closes nothing (write '}}' for a literal brace)".into()
                ))
            }
            (c, _) => {
                text.push(c);
                i += 1;
            }
        }
    }
    if !text.is_empty() {
        segments.push(Segment::Text(text));
    }
    Ok(segments)
}

/// RFC 3986 §2.3: everything but unreserved characters is percent-encoded.
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    fn render(text: &str, task: &Value) -> String {
        let template = Template::parse(TemplateName::Description, text).unwrap();
        template.render(&MergeSource {
            task,
            settings: None,
            scalepoint_url: Some("https://sp/x"),
        })
    }

    #[test]
    fn merge_fields_are_json_paths_into_the_task() {
        let task = json!({"claim": {"claimNumber": "C-1"}, "claimant": {"name": "Ann"}});
        assert_eq!(
            render("Scalepoint – {claim.claimNumber} ({claimant.name})", &task),
            "Scalepoint – C-1 (Ann)"
        );
        assert_eq!(
            render("{{literal}} {scalepointUrl}", &task),
            "{literal} https://sp/x"
        );
        assert_eq!(render("{ claim.claimNumber }", &task), "C-1");
    }

    #[test]
    fn an_absent_field_renders_empty_and_its_line_is_left_out() {
        let task = json!({"claim": {"claimNumber": "C-1"}});
        assert_eq!(
            render(
                "A\nCause: {damageCauseDescription}\n\nClaim {claim.claimNumber}",
                &task
            ),
            "A\n\nClaim C-1"
        );
        assert_eq!(
            render("{claim.policyNumber}{claim.claimNumber}", &task),
            "C-1"
        );
    }

    #[test]
    fn unknown_fields_are_refused_even_when_absent_from_the_document() {
        let err = Template::parse(TemplateName::Heading, "{claim.claimNumber} {claimant.nme}")
            .unwrap_err();
        let MappingError::UnknownMergeField(p) = err else {
            panic!("{err:?}");
        };
        assert_eq!(
            (p.template, p.field.as_str()),
            (TemplateName::Heading, "claimant.nme")
        );
    }

    #[test]
    fn braces_must_pair() {
        for bad in ["{claim.claimNumber", "x } y", "{}", "{a{b}"] {
            let err = Template::parse(TemplateName::Requisition, bad).unwrap_err();
            assert!(
                matches!(err, MappingError::InvalidTemplate(_)),
                "{bad}: {err:?}"
            );
        }
        let MappingError::InvalidTemplate(p) =
            Template::parse(TemplateName::Requisition, "ok\nab {x").unwrap_err()
        else {
            panic!()
        };
        assert!(p.message.contains("line 2, column 4"), "{}", p.message);
    }

    #[test]
    fn url_templates_encode_values_and_refuse_broken_links() {
        let template =
            Template::parse_url("https://sp.example/t/{uniqueId}?c={claim.claimNumber}").unwrap();
        let task = json!({"uniqueId": "ab-1", "claim": {"claimNumber": "A/B 7"}});
        let source = MergeSource {
            task: &task,
            settings: None,
            scalepoint_url: None,
        };
        assert_eq!(
            template.render_url(&source).unwrap(),
            "https://sp.example/t/ab-1?c=A%2FB%207"
        );
        let task = json!({"claim": {"claimNumber": "x"}});
        let source = MergeSource {
            task: &task,
            ..source
        };
        assert_eq!(
            template.render_url(&source),
            Err(vec!["uniqueId".to_string()])
        );
        for bad in ["sp.example/{uniqueId}", "{uniqueId}", "https://a\nb"] {
            assert!(
                matches!(
                    Template::parse_url(bad),
                    Err(MappingError::InvalidTemplate(_))
                ),
                "{bad}"
            );
        }
    }
}
