-- elderly_operator_models: services, operating cost and satisfaction per facility type and operator model
-- (公办公营 / 公建民营 / 民办) in a region over a period — inputs of the cost-per-person comparison
-- (governance/app/elderly.py operator_comparison).
-- Parameters: $region (GB/T code), $start_month, $end_month (DATE, inclusive).
SELECT x.facility_type, x.operator_model, sum(x.facility_months) AS facility_months,
       count(DISTINCT x.month) AS months, sum(x.people_served) AS people_served,
       sum(x.satisfaction_x_people) AS satisfaction_x_people, sum(x.operating_cost) AS operating_cost,
       sum(x.meals_served) AS meals_served, sum(x.home_visits) AS home_visits
FROM mart_elderly_county_month x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
WHERE x.month BETWEEN $start_month AND $end_month
GROUP BY x.facility_type, x.operator_model ORDER BY x.facility_type, x.operator_model;
