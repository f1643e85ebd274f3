//! `mapping-options` for `map-task`: templates built from pieces (text,
//! merge fields the task has or nearly has, braces) and insurer settings.

use arbitrary::{Arbitrary, Result, Unstructured};
use scalepoint_core::mapping::{InsurerSettings, MappingOptions, Templates};

use crate::text::pick_or_any;

/// Merge fields: real ones, ours, near misses, an object, a list, broken paths.
const FIELDS: [&str; 18] = [
    "uniqueId",
    "claim.claimNumber",
    "claim.selfRisk",
    "claim.insuranceCompanyId",
    "claimant.name",
    "damageCauseDescription",
    "serviceLines.0.uniqueId",
    "serviceLines.1.valuations.newPrice",
    "attachments.0.link",
    "scalepointUrl",
    "insurer.alias",
    "insurer.subAlias",
    "claim.claimNumbr",
    "claim",
    "serviceLines",
    "serviceLines.x.uniqueId",
    "claim..claimNumber",
    "",
];

#[derive(Debug, Clone, PartialEq, Eq, Arbitrary)]
enum Piece {
    Text(String),
    Field(u8),
    AnyField(String),
    Open,
    Close,
    Escaped,
}

fn template(u: &mut Unstructured<'_>) -> Result<Option<String>> {
    if !u.arbitrary::<bool>()? {
        return Ok(None);
    }
    let pieces: Vec<Piece> = u.arbitrary()?;
    let mut text = String::new();
    if u.arbitrary()? {
        text.push_str(["https://sp.example/task/", "http://x/", "ftp://x/"][u.choose_index(3)?]);
    }
    for piece in pieces {
        match piece {
            Piece::Text(s) => text.push_str(&s),
            Piece::Field(i) => {
                text.push('{');
                text.push_str(FIELDS[usize::from(i) % FIELDS.len()]);
                text.push('}');
            }
            Piece::AnyField(s) => text.push_str(&format!("{{{s}}}")),
            Piece::Open => text.push('{'),
            Piece::Close => text.push('}'),
            Piece::Escaped => text.push_str("{{}}"),
        }
    }
    Ok(Some(text))
}

fn insurer(u: &mut Unstructured<'_>) -> Result<InsurerSettings> {
    let opt = |u: &mut Unstructured<'_>, known: &[&str]| -> Result<Option<String>> {
        Ok(if u.arbitrary()? {
            Some(pick_or_any(u, known)?)
        } else {
            None
        })
    };
    Ok(InsurerSettings {
        insurance_company_id: opt(u, &["7", "7.0", "7e0", "-7", "seven", " 7 "])?,
        insurance_company_name: opt(u, &["Zurich", " zurich  ", "Codan"])?,
        alias: opt(u, &["zurich"])?,
        sub_alias: opt(u, &["dk"])?,
        customer_type: opt(u, &["Private"])?,
        default_team: opt(u, &["Team A"])?,
        responsible_user: opt(u, &["mbj"])?,
        task_template: opt(u, &["Repair"])?,
    })
}

/// Options for `map-task`, in the core's shape (the WIT record has the same
/// fields, all text).
pub fn options(u: &mut Unstructured<'_>) -> Result<MappingOptions> {
    let templates = Templates {
        heading: template(u)?,
        requisition: template(u)?,
        description: template(u)?,
        responsibility: template(u)?,
        scalepoint_url: template(u)?,
    };
    let mut insurers = Vec::new();
    while insurers.len() < 4 && u.arbitrary::<bool>()? {
        insurers.push(insurer(u)?);
    }
    Ok(MappingOptions {
        templates,
        insurers,
    })
}
