-- funds_social_capital: share of social (private) capital in the funds arranged, per year, for the region itself or
-- each of its cities / counties — "who diversifies financing, and is the share growing?"
-- Parameters:
--   $region       GB/T 2260 code of the region in scope
--   $group_level  'self' (one row per year for the region), 'city' or 'county'
--   $first_year, $last_year  INTEGER, inclusive
--   $programs     list (VARCHAR[]) of programs to include. All sources count in the denominator (it is a share).
--   $social_capital_source  the source counted as social capital (governance/core/vocabulary.py, supplied by the
--                 query runner)
WITH scope AS (
    SELECT g.county_code,
           CASE $group_level WHEN 'county' THEN g.county_code WHEN 'city' THEN g.city_code ELSE $region END
               AS group_code
    FROM region_groups g JOIN region_membership m ON m.county_code = g.county_code AND m.region_code = $region
)
SELECT s.group_code, r.name AS group_name, x.year, sum(x.budget) AS budget,
       coalesce(sum(x.budget) FILTER (x.source = $social_capital_source), 0) AS social_capital_budget,
       social_capital_pct(coalesce(sum(x.budget) FILTER (x.source = $social_capital_source), 0), sum(x.budget))
           AS social_capital_pct
FROM mart_funds_county_year x JOIN scope s USING (county_code)
JOIN regions r ON r.code = s.group_code
WHERE x.year BETWEEN $first_year AND $last_year AND list_contains($programs, x.program)
GROUP BY ALL
ORDER BY x.year, s.group_code;
