-- innovation_cases: the (fictional) micro-innovation cases of a region with their county and city, for the case
-- library cards (indicator before / after, direction, replicability). Cases are not filtered by period.
-- change = after − before; change_pct = change ÷ |before| (NULL when before is 0; 0 when unchanged);
-- improved = the change goes the way higher_is_better says (NULL when unchanged, |change| < 1e-9).
-- Parameters: $region (GB/T code).
SELECT c.case_id, c.county_code, g.county_name, g.city_code, g.city_name, g.city_name_en, c.title, c.category,
       c.year, c.summary, c.indicator, c.unit, c.value_before, c.value_after, c.higher_is_better, c.replicability,
       c.value_after - c.value_before AS change,
       CASE WHEN c.value_before = 0 THEN NULL
            WHEN abs(c.value_after - c.value_before) < 1e-9 THEN 0.0
            ELSE 100.0 * (c.value_after - c.value_before) / abs(c.value_before) END AS change_pct,
       CASE WHEN abs(c.value_after - c.value_before) >= 1e-9
            THEN (c.value_after > c.value_before) = c.higher_is_better END AS improved
FROM innovation_cases c
JOIN region_membership m ON m.county_code = c.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = c.county_code
ORDER BY c.replicability DESC, c.case_id;
