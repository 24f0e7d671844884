-- slowest_counties: counties of a region ranked by mean days to close grid events (slowest first).
-- Parameters: $region, $start_month, $end_month (DATE, inclusive), $limit (rows).
SELECT g.county_code, g.county_name, g.city_name,
       weighted_mean(sum(close_days_x_resolved), sum(resolved)) AS close_days,
       weighted_mean(sum(response_minutes_x_reported), sum(reported)) AS response_minutes,
       closure_pct(sum(resolved), sum(reported)) AS closure_pct,
       on_time_pct(sum(resolved_on_time), sum(resolved)) AS on_time_pct,
       sum(reported) AS reported
FROM mart_events_county_month x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = x.county_code
WHERE x.month BETWEEN $start_month AND $end_month
GROUP BY ALL ORDER BY close_days DESC, g.county_code LIMIT $limit;
