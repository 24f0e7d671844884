-- event_trend: grid events per month in a region, by category, with closure and on-time rates.
-- Parameters: $region (GB/T code), $start_month, $end_month (DATE, inclusive).
SELECT x.month,
       sum(reported_public_safety) AS public_safety, sum(reported_environment) AS environment,
       sum(reported_disputes) AS disputes, sum(reported_urban_mgmt) AS urban_mgmt,
       sum(reported_livelihood) AS livelihood, sum(reported_work_safety) AS work_safety,
       sum(reported) AS reported, sum(resolved) AS resolved,
       closure_pct(sum(resolved), sum(reported)) AS closure_pct,
       on_time_pct(sum(resolved_on_time), sum(resolved)) AS on_time_pct,
       weighted_mean(sum(response_minutes_x_reported), sum(reported)) AS response_minutes,
       weighted_mean(sum(close_days_x_resolved), sum(resolved)) AS close_days
FROM mart_events_county_month x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
WHERE x.month BETWEEN $start_month AND $end_month
GROUP BY x.month ORDER BY x.month;
