-- innovation_cases: the (fictional) micro-innovation cases of a region with their county and city, for the case
-- library cards (indicator before / after, direction, replicability). Cases are not filtered by period.
-- Parameters: $region (GB/T code).
SELECT c.case_id, c.county_code, g.county_name, g.city_code, g.city_name, g.city_name_en, c.title, c.category,
       c.year, c.summary, c.indicator, c.unit, c.value_before, c.value_after, c.higher_is_better, c.replicability
FROM innovation_cases c
JOIN region_membership m ON m.county_code = c.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = c.county_code
ORDER BY c.replicability DESC, c.case_id;
