-- mart_events_county_month: grid events per county and month; weighted sums so any roll-up stays exact.
CREATE OR REPLACE TABLE mart_events_county_month AS
SELECT county_code, month, count(*) AS grid_months,
       sum(reported_public_safety) AS reported_public_safety, sum(reported_environment) AS reported_environment,
       sum(reported_disputes) AS reported_disputes, sum(reported_urban_mgmt) AS reported_urban_mgmt,
       sum(reported_livelihood) AS reported_livelihood, sum(reported_work_safety) AS reported_work_safety,
       sum(reported_public_safety + reported_environment + reported_disputes + reported_urban_mgmt
           + reported_livelihood + reported_work_safety) AS reported,
       sum(resolved) AS resolved, sum(resolved_on_time) AS resolved_on_time,
       -- response time weighted by events reported; days to close and satisfaction by events closed
       sum(mean_response_minutes * (reported_public_safety + reported_environment + reported_disputes
           + reported_urban_mgmt + reported_livelihood + reported_work_safety)) AS response_minutes_x_reported,
       sum(mean_days_to_close * resolved) AS close_days_x_resolved,
       sum(satisfaction_pct * resolved) AS satisfaction_x_resolved
FROM grid_events_monthly GROUP BY county_code, month ORDER BY county_code, month;
