-- elderly_indicators: elderly-care stock (current register), services over a period and every rate of the 养老服务
-- page, for a region as a whole ('self') or per county of it ('county'). The rates use the formulas of
-- queries/kpis_by_region.sql (macros of governance/core/warehouse/marts/01_metrics.sql); the target gaps are governance/core/indicators/elderly_gaps.py.
-- county_code, county_name, city_* describe a county row (NULL on a city's or the province's own row).
-- Parameters: $region (GB/T code: province, city or county), $group_level ('self' | 'county'),
--             $start_month, $end_month (DATE, inclusive).
--             $meal_point_type (助餐点, governance/core/vocabulary.py, supplied by the query runner).
-- Rates (NULL without a denominator): beds_per_1000_elderly (beds per 1,000 residents aged 60+), nursing_bed_pct
-- (护理型床位占比: nursing beds of 养老机构 ÷ beds of 养老机构 — institutions only, docs/domain.md §4), occupancy_pct, street_centre_pct (街道 with a comprehensive centre), meal_points_per_community, meals_per_month /
-- home_visits_per_month (per month of service data), meals_per_day_at_points and
-- meals_per_point_day (30.4 days a month), elderly_satisfaction_pct (weighted by people served).
WITH scope AS (
    SELECT g.county_code, CASE $group_level WHEN 'county' THEN g.county_code ELSE $region END AS group_code
    FROM region_groups g JOIN region_membership m ON m.county_code = g.county_code AND m.region_code = $region
), stock AS (
    SELECT s.group_code, count(*) AS counties, sum(e.residents_60plus) AS residents_60plus,
           sum(e.communities) AS communities, sum(e.streets) AS streets,
           sum(e.streets_with_centre) AS streets_with_centre, sum(e.facilities) AS facilities,
           sum(e.institutions) AS institutions, sum(e.street_centres) AS street_centres,
           sum(e.community_stations) AS community_stations, sum(e.meal_points) AS meal_points, sum(e.beds) AS beds,
           sum(e.nursing_beds) AS nursing_beds, sum(e.occupied_beds) AS occupied_beds,
           sum(e.institution_beds) AS institution_beds, sum(e.institution_nursing_beds) AS institution_nursing_beds,
           sum(e.annual_operating_cost) AS annual_operating_cost
    FROM mart_elderly_county e JOIN scope s USING (county_code) GROUP BY s.group_code
), svc AS (
    SELECT s.group_code, sum(x.meals_served) AS meals_served,
           coalesce(sum(x.meals_served) FILTER (x.facility_type = $meal_point_type), 0) AS meals_at_points,
           sum(x.home_visits) AS home_visits, sum(x.people_served) AS people_served,
           sum(x.satisfaction_x_people) AS satisfaction_x_people, sum(x.operating_cost) AS operating_cost,
           count(DISTINCT x.month) AS service_months
    FROM mart_elderly_county_month x JOIN scope s USING (county_code)
    WHERE x.month BETWEEN $start_month AND $end_month GROUP BY s.group_code
), counts AS (
    SELECT stock.*, coalesce(svc.meals_served, 0) AS meals_served, coalesce(svc.meals_at_points, 0) AS meals_at_points,
           coalesce(svc.home_visits, 0) AS home_visits, coalesce(svc.people_served, 0) AS people_served,
           coalesce(svc.satisfaction_x_people, 0) AS satisfaction_x_people,
           coalesce(svc.operating_cost, 0) AS operating_cost, coalesce(svc.service_months, 0) AS service_months
    FROM stock LEFT JOIN svc USING (group_code)
)
SELECT c.group_code, r.name AS group_name, g.county_code, g.county_name, g.city_code, g.city_name, g.city_name_en,
       c.counties, c.residents_60plus, c.communities, c.streets, c.streets_with_centre,
       c.streets - c.streets_with_centre AS streets_without_centre, c.facilities, c.institutions, c.street_centres,
       c.community_stations, c.meal_points, c.beds, c.nursing_beds, c.occupied_beds, c.institution_beds,
       c.institution_nursing_beds, c.annual_operating_cost,
       c.meals_served, c.meals_at_points, c.home_visits, c.people_served, c.satisfaction_x_people, c.operating_cost,
       c.service_months,
       beds_per_1000_elderly(c.beds, c.residents_60plus) AS beds_per_1000_elderly,
       nursing_bed_pct(c.institution_nursing_beds, c.institution_beds) AS nursing_bed_pct,
       occupancy_pct(c.occupied_beds, c.beds) AS occupancy_pct,
       street_centre_pct(c.streets_with_centre, c.streets) AS street_centre_pct,
       meal_points_per_community(c.meal_points, c.communities) AS meal_points_per_community,
       per_month(c.meals_served, c.service_months) AS meals_per_month,
       per_month(c.home_visits, c.service_months) AS home_visits_per_month,
       per_day(c.meals_at_points, c.service_months) AS meals_per_day_at_points,
       per_day(c.meals_at_points, c.service_months) / nullif(c.meal_points, 0) AS meals_per_point_day,
       weighted_mean(c.satisfaction_x_people, c.people_served) AS elderly_satisfaction_pct
FROM counts c
JOIN regions r ON r.code = c.group_code
LEFT JOIN region_groups g ON g.county_code = c.group_code
ORDER BY c.group_code;
