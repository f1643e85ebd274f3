//! "Did you mean": the allowed value nearest to what was written.

/// Returns the candidate nearest to `input`: an exact match ignoring case and
/// surrounding spaces first, else the smallest edit distance if it is at most
/// a third of the input's length (so unrelated words are not suggested).
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = input.trim().to_lowercase();
    let mut best: Option<(&str, usize)> = None;
    for candidate in candidates {
        let folded = candidate.trim().to_lowercase();
        if folded == wanted {
            return Some(candidate);
        }
        let distance = edit_distance(&wanted, &folded);
        if best.is_none_or(|(_, d)| distance < d) {
            best = Some((candidate, distance));
        }
    }
    let limit = (wanted.chars().count() / 3).max(1);
    best.filter(|&(_, d)| d <= limit).map(|(c, _)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_spaces_are_ignored_first() {
        // shared/README.md §9: "MotorClaim" names motorClaim, " buildingRiskAssessment" too.
        let allowed = ["motorClaim", "buildingRiskAssessment", "insuranceClaim"];
        assert_eq!(nearest("MotorClaim", allowed), Some("motorClaim"));
        assert_eq!(
            nearest(" buildingRiskAssessment", allowed),
            Some("buildingRiskAssessment")
        );
    }

    #[test]
    fn typos_are_suggested_and_unrelated_words_are_not() {
        assert_eq!(nearest("REPIAR", ["REPAIR", "VALUATION"]), Some("REPAIR"));
        assert_eq!(nearest("banana", ["REPAIR", "VALUATION"]), None);
    }
}
