-- elderly_by_county: elderly-care stock (current register) and services delivered over a period, per county of a
-- region — the counts behind beds per 1,000 elderly, nursing-bed share, occupancy, street-centre coverage, meal
-- points per community and satisfaction (governance/app/elderly.py turns them into rates and target gaps; the
-- formulas match queries/kpis_by_region.sql).
-- Parameters: $region (GB/T code: province, city or county), $start_month, $end_month (DATE, inclusive).
WITH svc AS (
    SELECT x.county_code, sum(meals_served) AS meals_served,
           sum(meals_served) FILTER (facility_type = '助餐点') AS meals_at_points, sum(home_visits) AS home_visits,
           sum(people_served) AS people_served, sum(satisfaction_x_people) AS satisfaction_x_people,
           sum(operating_cost) AS operating_cost, count(DISTINCT x.month) AS service_months
    FROM mart_elderly_county_month x
    JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
    WHERE x.month BETWEEN $start_month AND $end_month
    GROUP BY x.county_code
)
SELECT e.county_code, g.county_name, g.city_code, g.city_name, g.city_name_en,
       e.residents_60plus, e.communities, e.streets, e.streets_with_centre, e.facilities, e.institutions,
       e.street_centres, e.community_stations, e.meal_points, e.beds, e.nursing_beds, e.occupied_beds,
       e.annual_operating_cost,
       coalesce(svc.meals_served, 0) AS meals_served, coalesce(svc.meals_at_points, 0) AS meals_at_points,
       coalesce(svc.home_visits, 0) AS home_visits,
       coalesce(svc.people_served, 0) AS people_served, coalesce(svc.satisfaction_x_people, 0) AS satisfaction_x_people,
       coalesce(svc.operating_cost, 0) AS operating_cost, coalesce(svc.service_months, 0) AS service_months
FROM mart_elderly_county e
JOIN region_membership m ON m.county_code = e.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = e.county_code
LEFT JOIN svc ON svc.county_code = e.county_code
ORDER BY e.county_code;
