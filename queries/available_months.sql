-- available_months: the months of monthly history in the warehouse (for the period filter).
-- Parameters: none.
SELECT DISTINCT month FROM mart_events_county_month ORDER BY month;
