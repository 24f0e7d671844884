-- waste_by_county: waste sorting per county of a region over a period (map and ranking): household-weighted
-- participation and accuracy, tonnage, recyclable share, share of community-months with smart equipment.
-- Parameters: $region (GB/T code), $start_month, $end_month (DATE, inclusive).
SELECT x.county_code, g.county_name, g.city_name,
       weighted_mean(sum(x.participation_x_households), sum(x.households)) AS participation_pct,
       weighted_mean(sum(x.accuracy_x_households), sum(x.households)) AS accuracy_pct,
       sum(x.tonnes) AS tonnes,
       recyclable_share_pct(sum(x.recyclable_t), sum(x.tonnes)) AS recyclable_share_pct,
       pct(sum(x.communities) FILTER (x.smart_equipment), sum(x.communities)) AS smart_share_pct,
       per_month(sum(x.communities), count(DISTINCT x.month)) AS communities
FROM mart_waste_county_month x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = x.county_code
WHERE x.month BETWEEN $start_month AND $end_month
GROUP BY x.county_code, g.county_name, g.city_name ORDER BY x.county_code;
