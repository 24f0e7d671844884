-- event_trend: grid events per month in a region, by category, with closure and on-time rates.
-- Parameters: $region (GB/T code), $start_month, $end_month (DATE, inclusive).
SELECT x.month,
       sum(reported_public_safety) AS public_safety, sum(reported_environment) AS environment,
       sum(reported_disputes) AS disputes, sum(reported_urban_mgmt) AS urban_mgmt,
       sum(reported_livelihood) AS livelihood, sum(reported_work_safety) AS work_safety,
       sum(reported) AS reported, sum(resolved) AS resolved,
       100.0 * sum(resolved) / nullif(sum(reported), 0) AS closure_pct,
       100.0 * sum(resolved_on_time) / nullif(sum(resolved), 0) AS on_time_pct,
       sum(response_minutes_x_reported) / nullif(sum(reported), 0) AS response_minutes,
       sum(close_days_x_resolved) / nullif(sum(resolved), 0) AS close_days
FROM mart_events_county_month x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
WHERE x.month BETWEEN $start_month AND $end_month
GROUP BY x.month ORDER BY x.month;
