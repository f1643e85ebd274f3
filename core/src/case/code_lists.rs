//! The code lists of seed 001 that the rules need as data. The schema carries
//! the same lists as `enum`s; a test in this module checks they agree.

/// Appendix B, HUB Motor damage type codes.
pub const HUB_MOTOR_DAMAGE_TYPES: &[&str] = &[
    "ANDET",
    "ANSVARPERS",
    "ANSVARTING",
    "BRAND",
    "GLASSKADE",
    "HÆRVÆRK",
    "KOLLISION",
    "KORTSLUTNING",
    "NEDFALD",
    "RETSHJÆLP",
    "SNETRYK",
    "TOTALFORSVUNDET",
    "TYVERI",
    "TYVERIFORSØG",
    "ULYKKE",
    "VAND",
    "VEJHJÆLP",
];

/// A HUB Property damage type with the sub-types that belong to it.
#[derive(Debug)]
pub struct DamageType {
    pub name: &'static str,
    pub sub_types: &'static [&'static str],
}

/// Appendix B, HUB Property damage types and sub-types. The appendix's table
/// lost its cell borders; each type's last sub-type is "Other<Type>", so the
/// row "OtherOtherOther" reads type `Other` with sub-type `OtherOther`, and
/// `Other` itself is kept as a sub-type because the extra modifier
/// `damageCauseDescription` is the follow-up of `loss.subType = Other`.
pub const HUB_PROPERTY_DAMAGE_TYPES: &[DamageType] = &[
    DamageType {
        name: "None",
        sub_types: &[],
    },
    DamageType {
        name: "FireDamage",
        sub_types: &[
            "BuildingFire",
            "DryBoiling",
            "Explosion",
            "Lightning",
            "ShortCircuit",
            "Soot",
            "Tobacco",
            "ChimneyFire",
            "Fireworks",
            "ScorchDamage",
            "OtherFire",
        ],
    },
    DamageType {
        name: "GlassPorcelainDamage",
        sub_types: &[
            "Bowl",
            "Glass",
            "PureGlassDamage",
            "OtherGlassPorcelain",
            "GlassInDoorsAndWindows",
            "GlassInWhitegoodsAndSimilar",
            "GlassInSolarCellsOrSolarThermal",
            "GlassInGreenhouse",
            "CosmeticGlassDamage",
        ],
    },
    DamageType {
        name: "PipeDamage",
        sub_types: &[
            "HiddenPlaces",
            "ServicePipes",
            "OtherPipe",
            "CosmeticPipeLeakage",
        ],
    },
    DamageType {
        name: "RotInsectDamage",
        sub_types: &["DryRot", "Insect", "Rot", "Mold", "OtherRotInsect"],
    },
    DamageType {
        name: "StormDamage",
        sub_types: &["Storm", "StormRain", "OtherStorm"],
    },
    DamageType {
        name: "SuddenDamage",
        sub_types: &["Collision", "SuddenDamage", "OtherSudden", "CosmeticDamage"],
    },
    DamageType {
        name: "TheftVandalismDamage",
        sub_types: &["Theft", "Vandalism", "Frost", "OtherTheftVandalism"],
    },
    DamageType {
        name: "WaterDamage",
        sub_types: &[
            "InteriorPipes",
            "Leakage",
            "LeakingWater",
            "Rain",
            "Snow",
            "Thaw",
            "WaterDamage",
            "OtherWater",
            "ExtendedWaterDamageCoverage",
        ],
    },
    DamageType {
        name: "Other",
        sub_types: &["Other", "OtherOther"],
    },
    DamageType {
        name: "DamageCausedByAnimals",
        sub_types: &["DamageCausedByAnimals", "OtherDamageCausedByAnimals"],
    },
    DamageType {
        name: "Hail",
        sub_types: &["Hail", "OtherHail"],
    },
    DamageType {
        name: "WeatherCondition",
        sub_types: &["OtherWeatherCondition"],
    },
    DamageType {
        name: "Unknown",
        sub_types: &["OtherUnknown"],
    },
];

/// The HUB Property damage type named `name`.
pub fn hub_property_type(name: &str) -> Option<&'static DamageType> {
    HUB_PROPERTY_DAMAGE_TYPES.iter().find(|t| t.name == name)
}

/// The HUB Property damage types a sub-type belongs to.
pub fn types_of_sub_type(sub_type: &str) -> impl Iterator<Item = &'static DamageType> + '_ {
    HUB_PROPERTY_DAMAGE_TYPES
        .iter()
        .filter(move |t| t.sub_types.contains(&sub_type))
}

/// Whether `code` is an Appendix B HUB Motor damage type.
pub fn is_hub_motor_type(code: &str) -> bool {
    HUB_MOTOR_DAMAGE_TYPES.contains(&code)
}

// Appendix A, Extra modifiers: the allowed values of each modifier type.
pub const INSPECTION_TYPES: &[&str] = &["any", "field", "desk", "content"];
pub const HIDDEN_PLACES_PIPES: &[&str] = &[
    "HeatingPipes",
    "FloorHeating",
    "FloorHeatingElectrical",
    "Water",
    "Sewer",
    "DownPipe",
    "WhiteGoodPipes",
    "Unknown",
    "HiddenWaterOrHeatingPipes",
    "HiddenDrainPipes",
    "VisiblePipes",
    "Other",
];
pub const SERVICE_PIPES: &[&str] = &[
    "Sewer",
    "Electrical",
    "Water",
    "ExteriorHeating",
    "Unknown",
    "PhoneAntennaCable",
    "Other",
];
pub const LEAK_TYPES: &[&str] = &["Leak", "OilLeak", "SlowRunningWater", "Other"];
pub const YES_NO: &[&str] = &["Yes", "No"];
pub const STORM_DAMAGE_ROOF_TYPES: &[&str] = &["RoofingTile", "RoofingFelt", "Other"];
pub const SOURCES_OF_FNOL: &[&str] = &["claimant", "claimhandler"];
pub const POLICY_TYPE_MODIFIERS: &[&str] = &["reference"];

/// Appendix A, Root: thirdPartyPolicies[].companyCode (CVR) of "Member of
/// Sygesikring Danmark".
pub const SYGESIKRING_DANMARK_CVR: &str = "22656511";
/// Appendix A, Root: thirdPartyPolicies[].policyType values for Sygesikring
/// Danmark on a privateMedicalInsuranceClaim.
pub const SYGESIKRING_POLICY_TYPES: &[&str] = &["1", "2", "5", "5Surgery", "Basic", "DontKnow"];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn schema_enum(pointer: &str) -> Vec<String> {
        let schema: Value =
            serde_json::from_str(include_str!("../../../schemas/case.schema.json")).unwrap();
        let list = schema.pointer(pointer).and_then(Value::as_array).unwrap();
        list.iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn schema_damage_types_are_appendix_b_hub_motor_then_hub_property() {
        // seed 001 Appendix B: loss.type takes either list.
        let expected: Vec<&str> = HUB_MOTOR_DAMAGE_TYPES
            .iter()
            .copied()
            .chain(HUB_PROPERTY_DAMAGE_TYPES.iter().map(|t| t.name))
            .collect();
        assert_eq!(schema_enum("/definitions/damageType/enum"), expected);
    }

    #[test]
    fn schema_sub_types_are_every_appendix_b_sub_type() {
        // seed 001 Appendix B: loss.subType takes any HUB Property sub-type.
        let mut expected: Vec<&str> = Vec::new();
        for t in HUB_PROPERTY_DAMAGE_TYPES {
            for s in t.sub_types {
                if !expected.contains(s) {
                    expected.push(s);
                }
            }
        }
        assert_eq!(schema_enum("/definitions/damageSubType/enum"), expected);
    }

    #[test]
    fn sub_types_resolve_to_their_type() {
        // seed 001 Appendix B: HiddenPlaces is a PipeDamage sub-type.
        let types: Vec<_> = types_of_sub_type("HiddenPlaces").map(|t| t.name).collect();
        assert_eq!(types, ["PipeDamage"]);
        assert!(hub_property_type("StormDamage").is_some());
        assert!(is_hub_motor_type("HÆRVÆRK"));
    }
}
