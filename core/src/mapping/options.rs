//! What the ERP configures: the templates of the texts it fills from a task,
//! and the settings of each insurance company (seed 000, "Setting up the
//! integration", "Setting up an insurance company").

use serde::{Deserialize, Serialize};

/// Everything `map_task` needs besides the document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct MappingOptions {
    pub templates: Templates,
    /// The first entry matching by id wins, else the first matching by name.
    pub insurers: Vec<InsurerSettings>,
}

/// The ERP's templates; `None` means our default (`None` for the URL: no URL).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Templates {
    pub heading: Option<String>,
    pub requisition: Option<String>,
    pub description: Option<String>,
    pub responsibility: Option<String>,
    pub scalepoint_url: Option<String>,
}

/// As Minuba and E-Komplet title a Scalepoint job: by its claim number.
pub const DEFAULT_HEADING: &str = "Scalepoint – {claim.claimNumber}";
pub const DEFAULT_REQUISITION: &str = "{claim.claimNumber}";
/// Damage cause, note to service partner and the Scalepoint link; a line
/// whose field is absent is left out.
pub const DEFAULT_DESCRIPTION: &str = "Damage cause: {damageCauseDescription}\n\
Note to service partner: {noteToServicePartner}\n\
Scalepoint: {scalepointUrl}";
/// Who pays and what may happen to the self-risk (B3 `invoicePaidBy`,
/// `claim.selfRisk`, `allowedToCollectSelfRisk`, `allowedToUpdateSelfRisk`).
pub const DEFAULT_RESPONSIBILITY: &str = "Invoice paid by: {invoicePaidBy}\n\
Self-risk: {claim.selfRisk}\n\
Allowed to collect self-risk: {allowedToCollectSelfRisk}\n\
Allowed to update self-risk: {allowedToUpdateSelfRisk}";

/// Names a template, in configuration errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TemplateName {
    Heading,
    Requisition,
    Description,
    Responsibility,
    ScalepointUrl,
}

impl TemplateName {
    pub const ALL: [TemplateName; 5] = [
        TemplateName::Heading,
        TemplateName::Requisition,
        TemplateName::Description,
        TemplateName::Responsibility,
        TemplateName::ScalepointUrl,
    ];

    /// The option's name as the ERP configures it.
    pub fn name(self) -> &'static str {
        match self {
            TemplateName::Heading => "heading",
            TemplateName::Requisition => "requisition",
            TemplateName::Description => "description",
            TemplateName::Responsibility => "responsibility",
            TemplateName::ScalepointUrl => "scalepointUrl",
        }
    }
}

impl Templates {
    /// The text in effect for `name`: the ERP's, else our default.
    pub fn text(&self, name: TemplateName) -> Option<&str> {
        let (configured, default) = match name {
            TemplateName::Heading => (&self.heading, Some(DEFAULT_HEADING)),
            TemplateName::Requisition => (&self.requisition, Some(DEFAULT_REQUISITION)),
            TemplateName::Description => (&self.description, Some(DEFAULT_DESCRIPTION)),
            TemplateName::Responsibility => (&self.responsibility, Some(DEFAULT_RESPONSIBILITY)),
            TemplateName::ScalepointUrl => (&self.scalepoint_url, None),
        };
        configured.as_deref().or(default)
    }
}

/// How the ERP set up one insurance company; it stores these and passes
/// them with every task.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct InsurerSettings {
    /// Matches `claim.insuranceCompanyId` by value ("7" matches 7 and 7.0).
    pub insurance_company_id: Option<String>,
    /// Matches `claim.insuranceCompanyName` ignoring case and spacing.
    pub insurance_company_name: Option<String>,
    pub alias: Option<String>,
    pub sub_alias: Option<String>,
    /// The CRM type of a new claimant customer.
    pub customer_type: Option<String>,
    pub default_team: Option<String>,
    pub responsible_user: Option<String>,
    pub task_template: Option<String>,
}
