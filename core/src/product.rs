//! The Scalepoint products a case can target. Seed 001 writes, per field,
//! which products use it; rules written for one product apply only when the
//! caller names that product (shared/README.md §9).

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Product {
    HubProperty,
    HubMotor,
    HubHealth,
    ClaimShop,
    Ecx,
    /// Subrogation cases: `policy.number` optional, `accidentDate` and
    /// `case.accidentPlace` required (seed 001, Appendix A).
    Subrogation,
}

impl Product {
    pub const ALL: [Product; 6] = [
        Product::HubProperty,
        Product::HubMotor,
        Product::HubHealth,
        Product::ClaimShop,
        Product::Ecx,
        Product::Subrogation,
    ];

    /// The kebab-case name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Product::HubProperty => "hub-property",
            Product::HubMotor => "hub-motor",
            Product::HubHealth => "hub-health",
            Product::ClaimShop => "claimshop",
            Product::Ecx => "ecx",
            Product::Subrogation => "subrogation",
        }
    }

    /// The name the specification uses.
    pub fn display_name(self) -> &'static str {
        match self {
            Product::HubProperty => "HUB Property",
            Product::HubMotor => "HUB Motor",
            Product::HubHealth => "HUB Health",
            Product::ClaimShop => "ClaimShop",
            Product::Ecx => "ECX",
            Product::Subrogation => "Subrogation",
        }
    }
}

impl fmt::Display for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

/// The error for a product name that names none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownProduct(pub String);

impl fmt::Display for UnknownProduct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<_> = Product::ALL.iter().map(|p| p.name()).collect();
        write!(
            f,
            "unknown product {:?}; expected one of {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownProduct {}

impl FromStr for Product {
    type Err = UnknownProduct;

    /// Accepts `hub-property`, `HUB Property`, `hubproperty`, `ClaimShop`, ...:
    /// case, spaces, dashes and underscores do not matter.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let folded: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .flat_map(char::to_lowercase)
            .collect();
        Product::ALL
            .into_iter()
            .find(|p| p.name().replace('-', "") == folded)
            .ok_or_else(|| UnknownProduct(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_spellings_parse() {
        assert_eq!("HUB Property".parse(), Ok(Product::HubProperty));
        assert_eq!("hub-motor".parse(), Ok(Product::HubMotor));
        assert_eq!("ClaimShop".parse(), Ok(Product::ClaimShop));
        assert_eq!("ECX".parse(), Ok(Product::Ecx));
        assert!("hub".parse::<Product>().is_err());
    }
}
