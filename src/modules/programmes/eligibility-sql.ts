/**
 * The eligibility rule of programmes/domain/programme-rules.ts as a SQL condition, for the
 * reports that count who a programme covers: programme `pr` (its `eligibility` jsonb) covers
 * person `p`. A missing list does not restrict; a person holding any listed nationality is in.
 */
export const PROGRAMME_COVERS = (pr: string, p: string) => `(
  (${pr}.eligibility IS NULL OR (
    (${pr}.eligibility->'categories' IS NULL OR ${pr}.eligibility->'categories' ? ${p}.category::text)
    AND (${pr}.eligibility->'outcomes' IS NULL OR ${pr}.eligibility->'outcomes' ? ${p}.outcome::text)
    AND (${pr}.eligibility->'nationalities' IS NULL
         OR ${pr}.eligibility->'nationalities' ?| ${p}.nationalities::text[]))))`;
