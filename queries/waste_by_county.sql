-- waste_by_county: waste sorting per county of a region over a period (map and ranking): household-weighted
-- participation and accuracy, tonnage, recyclable share, share of community-months with smart equipment.
-- Parameters: $region (GB/T code), $start_month, $end_month (DATE, inclusive).
SELECT x.county_code, g.county_name, g.city_name,
       sum(x.participation_x_households) / nullif(sum(x.households), 0) AS participation_pct,
       sum(x.accuracy_x_households) / nullif(sum(x.households), 0) AS accuracy_pct,
       sum(x.kitchen_t + x.recyclable_t + x.hazardous_t + x.other_t) AS tonnes,
       100.0 * sum(x.recyclable_t) / nullif(sum(x.kitchen_t + x.recyclable_t + x.hazardous_t + x.other_t), 0)
           AS recyclable_share_pct,
       100.0 * sum(x.communities) FILTER (x.smart_equipment) / nullif(sum(x.communities), 0) AS smart_share_pct,
       sum(x.communities) / nullif(count(DISTINCT x.month), 0) AS communities
FROM mart_waste_county_month x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = x.county_code
WHERE x.month BETWEEN $start_month AND $end_month
GROUP BY x.county_code, g.county_name, g.city_name ORDER BY x.county_code;
