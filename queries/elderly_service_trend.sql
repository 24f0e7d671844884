-- elderly_service_trend: elderly-care services delivered per month in a region (meals, home visits, people
-- served, satisfaction weighted by people served).
-- Parameters: $region (GB/T code), $start_month, $end_month (DATE, inclusive).
SELECT x.month, sum(x.meals_served) AS meals_served, sum(x.home_visits) AS home_visits,
       sum(x.people_served) AS people_served, sum(x.service_hours) AS service_hours,
       weighted_mean(sum(x.satisfaction_x_people), sum(x.people_served)) AS satisfaction_pct,
       sum(x.facility_months) AS facilities_reporting
FROM mart_elderly_county_month x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
WHERE x.month BETWEEN $start_month AND $end_month
GROUP BY x.month ORDER BY x.month;
